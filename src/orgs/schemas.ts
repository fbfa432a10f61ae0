// What the organisations API answers, one schema per payload: validated and published by src/orgs/routes.ts,
// and read by the staff console through the types below (type-only, so nothing of this is bundled).
import { Type, type Static } from '@sinclair/typebox';
import { literalUnion } from '../http/schema-types.ts';

/** A telephone number as people write them: digits, spaces, brackets and dashes, with "+" for the country. */
export const CONTACT_PHONE_PATTERN = '^\\+?[0-9][0-9 ()-]{4,23}$';

/** How another force or the national centre reaches the organisation about one of its children. */
export const OrganisationContact = Type.Object({
  desk: Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()], {
    description: 'Who answers, e.g. "Missing Persons Unit (24 hours)"',
  }),
  phone: Type.Union([Type.String({ pattern: CONTACT_PHONE_PATTERN }), Type.Null()]),
  email: Type.Union([Type.String({ format: 'email', maxLength: 254 }), Type.Null()]),
});
export type OrganisationContact = Static<typeof OrganisationContact>;
/** A contact given or changed: a field left out stays as it is, null clears it. */
const OrganisationContactChange = Type.Partial(OrganisationContact, { additionalProperties: false });

export const Organisation = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  jurisdictionCodes: Type.Array(Type.String()),
  contact: OrganisationContact,
});
export type Organisation = Static<typeof Organisation>;

export const Jurisdiction = Type.Object({
  id: Type.String(),
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  geometry: Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Any()) }),
});
export type Jurisdiction = Static<typeof Jurisdiction>;

export const ORGANISATION_KIND_VALUES = [
  'police_force',
  'national_centre',
  'local_authority',
  'charity',
  'partner_company',
  'foreign_national_centre',
  'care_provider',
] as const;
const OrganisationKindSchema = literalUnion(ORGANISATION_KIND_VALUES);
const JurisdictionCodes = Type.Array(Type.String({ minLength: 1, maxLength: 50 }), { maxItems: 500 });

export const NewOrganisation = Type.Object(
  {
    code: Type.String({ minLength: 2, maxLength: 50, pattern: '^[a-z0-9][a-z0-9-]*$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: OrganisationKindSchema,
    jurisdictionCodes: Type.Optional(JurisdictionCodes),
    contact: Type.Optional(OrganisationContactChange),
  },
  { additionalProperties: false },
);

export const OrganisationChange = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    jurisdictionCodes: Type.Optional(JurisdictionCodes),
    contact: Type.Optional(OrganisationContactChange),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const JurisdictionSummary = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  parentCode: Type.Union([Type.String(), Type.Null()]),
  organisationCodes: Type.Array(Type.String()),
  source: Type.Union([Type.String(), Type.Null()]),
  importedAt: Type.String({ format: 'date-time' }),
  replacedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type JurisdictionSummary = Static<typeof JurisdictionSummary>;

export const BoundaryImportQuery = Type.Object(
  {
    codeProperty: Type.String({ minLength: 1, maxLength: 100 }),
    nameProperty: Type.String({ minLength: 1, maxLength: 100 }),
    kind: Type.Optional(Type.Union([Type.Literal('force_area'), Type.Literal('country')])),
    parent: Type.Optional(Type.String({ maxLength: 50 })),
    skipInvalid: Type.Optional(Type.Boolean()),
    dryRun: Type.Optional(Type.Boolean()),
    source: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const BoundaryImportResult = Type.Object({
  refused: Type.Optional(Type.String()),
  features: Type.Array(
    Type.Object({
      feature: Type.Integer(),
      code: Type.Union([Type.String(), Type.Null()]),
      name: Type.Union([Type.String(), Type.Null()]),
      problems: Type.Array(Type.String()),
      areaKm2: Type.Optional(Type.Number()),
      outcome: literalUnion(['created', 'replaced', 'skipped', 'checked', 'refused']),
    }),
  ),
  created: Type.Integer(),
  replaced: Type.Integer(),
  skipped: Type.Integer(),
});
export type BoundaryImportResult = Static<typeof BoundaryImportResult>;
