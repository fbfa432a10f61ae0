// Payloads of the unidentified people and remains API, one schema each. Every feature a matcher compares is
// structured: ranges in years and centimetres, words from src/unidentified/vocabulary.ts, marks by kind and place.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { PhotoView } from '../cases/schemas.ts';
import { literalEnum } from '../http/schema-types.ts';
import {
  BODY_LOCATIONS,
  BUILDS,
  EYE_COLOURS,
  HAIR_COLOURS,
  MARK_KINDS,
  UNIDENTIFIED_KINDS,
  UNIDENTIFIED_SEXES,
  UNIDENTIFIED_STATUSES,
} from './vocabulary.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (maxLength: number) => Type.String({ maxLength });
const Instant = Type.String({ format: 'date-time' });

/** Limits the console shares, so it counts as the server does. */
export const UNIDENTIFIED_LIMITS = {
  age: { minimum: 0, maximum: 120 },
  heightCm: { minimum: 30, maximum: 250 },
  marks: 50,
  markDescription: 500,
  clothing: 2000,
  belongings: 2000,
  reference: 100,
  notes: 5000,
  place: 500,
} as const;

export const KindSchema = literalEnum(UNIDENTIFIED_KINDS);
export const StatusSchema = literalEnum(UNIDENTIFIED_STATUSES);
export const UnidentifiedSexSchema = literalEnum(UNIDENTIFIED_SEXES);
const Age = Type.Integer(UNIDENTIFIED_LIMITS.age);
const Height = Type.Integer(UNIDENTIFIED_LIMITS.heightCm);
// A reference to a dental or DNA record held elsewhere: one line, never the data itself.
const RecordReference = Type.String({ minLength: 1, maxLength: UNIDENTIFIED_LIMITS.reference, pattern: '^[^\\r\\n\\t]+$' });

export const Mark = Type.Object(
  {
    kind: literalEnum(MARK_KINDS),
    bodyLocation: literalEnum(BODY_LOCATIONS),
    description: Type.Optional(Text(UNIDENTIFIED_LIMITS.markDescription)),
  },
  { additionalProperties: false },
);
export type Mark = Static<typeof Mark>;

/** Where and when the person or remains were found. */
export const Found = Type.Object(
  {
    at: Instant,
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    place: Type.String({ minLength: 1, maxLength: UNIDENTIFIED_LIMITS.place }),
  },
  { additionalProperties: false },
);

const descriptionFields = {
  ageMin: Type.Optional(Nullable(Age)),
  ageMax: Type.Optional(Nullable(Age)),
  heightMinCm: Type.Optional(Nullable(Height)),
  heightMaxCm: Type.Optional(Nullable(Height)),
  build: Type.Optional(Nullable(literalEnum(BUILDS))),
  hairColour: Type.Optional(Nullable(literalEnum(HAIR_COLOURS))),
  eyeColour: Type.Optional(Nullable(literalEnum(EYE_COLOURS))),
  marks: Type.Optional(Type.Array(Mark, { maxItems: UNIDENTIFIED_LIMITS.marks })),
  clothing: Type.Optional(Text(UNIDENTIFIED_LIMITS.clothing)),
  belongings: Type.Optional(Text(UNIDENTIFIED_LIMITS.belongings)),
  dentalReference: Type.Optional(Nullable(RecordReference)),
  dnaReference: Type.Optional(Nullable(RecordReference)),
  notes: Type.Optional(Text(UNIDENTIFIED_LIMITS.notes)),
};

export const NewUnidentifiedRequest = Type.Object(
  {
    kind: KindSchema,
    found: Found,
    sex: UnidentifiedSexSchema,
    // The national centre may record for a force; a force records as itself.
    owningOrganisationCode: Type.Optional(Type.String({ maxLength: 50 })),
    ...descriptionFields,
  },
  { additionalProperties: false },
);
export type NewUnidentifiedRequest = Static<typeof NewUnidentifiedRequest>;

export const UnidentifiedPatch = Type.Object(
  {
    // The version the editor saw; a stale one is refused so no one overwrites a colleague's change.
    version: Type.Integer({ minimum: 1 }),
    found: Type.Optional(Found),
    sex: Type.Optional(UnidentifiedSexSchema),
    ...descriptionFields,
  },
  { additionalProperties: false },
);
export type UnidentifiedPatch = Static<typeof UnidentifiedPatch>;

export const IdentifyRequest = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    // The missing episode this person was, when it is one on the register.
    caseId: Type.Optional(Type.String({ format: 'uuid' })),
    notes: Type.Optional(Text(UNIDENTIFIED_LIMITS.notes)),
  },
  { additionalProperties: false },
);
export type IdentifyRequest = Static<typeof IdentifyRequest>;

export const CloseUnidentifiedRequest = Type.Object(
  { version: Type.Integer({ minimum: 1 }), notes: Type.String({ minLength: 3, maxLength: UNIDENTIFIED_LIMITS.notes }) },
  { additionalProperties: false },
);
export type CloseUnidentifiedRequest = Static<typeof CloseUnidentifiedRequest>;

export const UnidentifiedListQuery = Type.Object(
  {
    kind: Type.Optional(KindSchema),
    status: Type.Optional(StatusSchema),
    force: Type.Optional(Type.String({ maxLength: 50 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type UnidentifiedListQuery = Static<typeof UnidentifiedListQuery>;

export const UnidentifiedParams = Type.Object({ unidentifiedId: Type.String({ format: 'uuid' }) });
export const UnidentifiedPhotoParams = Type.Object({
  unidentifiedId: Type.String({ format: 'uuid' }),
  photoId: Type.String({ format: 'uuid' }),
});
export const UnidentifiedPhotoVariantParams = Type.Object({
  unidentifiedId: Type.String({ format: 'uuid' }),
  photoId: Type.String({ format: 'uuid' }),
  variant: Type.Union([Type.Literal('thumb'), Type.Literal('page'), Type.Literal('full')]),
});

const OrganisationRef = Type.Object({ code: Type.String(), name: Type.String() });
const Range = Type.Object({ min: Nullable(Type.Integer()), max: Nullable(Type.Integer()) });

export const UnidentifiedView = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  kind: KindSchema,
  status: StatusSchema,
  owningOrganisation: OrganisationRef,
  found: Type.Object({ at: Type.String(), lon: Type.Number(), lat: Type.Number(), place: Type.String() }),
  sex: UnidentifiedSexSchema,
  age: Range,
  heightCm: Range,
  build: Nullable(Type.String()),
  hairColour: Nullable(Type.String()),
  eyeColour: Nullable(Type.String()),
  marks: Type.Array(Type.Object({ kind: Type.String(), bodyLocation: Type.String(), description: Type.String() })),
  clothing: Type.String(),
  belongings: Type.String(),
  dentalReference: Nullable(Type.String()),
  dnaReference: Nullable(Type.String()),
  notes: Type.String(),
  identifiedCaseId: Nullable(Type.String()),
  resolvedAt: Nullable(Type.String()),
  resolutionNotes: Nullable(Type.String()),
  photos: Type.Array(PhotoView),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
export type UnidentifiedView = Static<typeof UnidentifiedView>;

export const UnidentifiedSummary = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  kind: KindSchema,
  status: StatusSchema,
  owningOrganisationCode: Type.String(),
  foundAt: Type.String(),
  foundPlace: Type.String(),
  sex: UnidentifiedSexSchema,
  age: Range,
});

export const UnidentifiedList = Type.Object({ items: Type.Array(UnidentifiedSummary), nextCursor: Nullable(Type.String()) });
export type UnidentifiedList = Static<typeof UnidentifiedList>;

export { PhotoView };
