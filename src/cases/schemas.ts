// Payloads of the cases API, one schema each, shared by the server and the console.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { literalUnion, typedUnsafe } from '../http/schema-types.ts';
import { RISK_LEVELS } from './risk.ts';
import { OUTCOMES, SEXES } from './vocabulary.ts';
import { CONTRIBUTION_CATEGORIES, SHARE_FIELDS, SHARE_PURPOSES } from './share-fields.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Text = (maxLength: number) => Type.String({ maxLength });
const Name = Type.String({ minLength: 1, maxLength: 100 });
const Instant = Type.String({ format: 'date-time' });

export { OUTCOMES, SEXES };

export const RiskLevelSchema = literalUnion(RISK_LEVELS);
export const OutcomeSchema = literalUnion(OUTCOMES);
export const SexSchema = literalUnion(SEXES);
// BCP 47 language tags, loosely: "en", "cy", "pl", "pt-BR", "zh-Hant".
const LanguageTag = Type.String({ pattern: '^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$', maxLength: 35 });

const childFields = {
  givenNames: Name,
  familyName: Name,
  knownAs: Type.Optional(Nullable(Text(100))),
  aliases: Type.Optional(Type.Array(Name, { maxItems: 20 })),
  dateOfBirth: Type.Optional(Nullable(Type.String({ format: 'date' }))),
  estimatedAge: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 17 }))),
  sex: SexSchema,
  heightCm: Type.Optional(Nullable(Type.Integer({ minimum: 30, maximum: 250 }))),
  build: Type.Optional(Nullable(Text(100))),
  hairColour: Type.Optional(Nullable(Text(100))),
  eyeColour: Type.Optional(Nullable(Text(100))),
  distinguishingMarks: Type.Optional(Nullable(Text(2000))),
  languages: Type.Optional(Type.Array(LanguageTag, { maxItems: 10 })),
};

export const ChildInput = Type.Object(childFields, { additionalProperties: false });
export type ChildInput = Static<typeof ChildInput>;
export const ChildPatch = Type.Partial(ChildInput, { additionalProperties: false });

/** Where and when the child was last seen: shared by cases and alerts. */
export const LastSeen = Type.Object(
  {
    at: Instant,
    lon: Type.Number({ minimum: -180, maximum: 180 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    place: Type.String({ minLength: 1, maxLength: 500 }),
  },
  { additionalProperties: false },
);

const episodeFields = {
  lastSeen: LastSeen,
  circumstances: Type.Optional(Text(10_000)),
  clothing: Type.Optional(Text(2000)),
  vehicle: Type.Optional(Text(2000)),
  suspect: Type.Optional(Text(2000)),
  sensitive: Type.Optional(Type.Boolean()),
};

const RiskAnswerList = Type.Array(
  Type.Object(
    {
      question: Type.String({ maxLength: 50 }),
      answer: Type.Union([Type.Literal('yes'), Type.Literal('no'), Type.Literal('unknown')]),
      detail: Type.Optional(Text(2000)),
      source: Type.String({ minLength: 1, maxLength: 200 }),
      answeredAt: Type.Optional(Instant),
    },
    { additionalProperties: false },
  ),
  { minItems: 1, maxItems: 50 },
);

export const NewCaseRequest = Type.Object(
  {
    // A new child, or the id of a child already known (a repeat episode): exactly one of the two.
    child: Type.Optional(ChildInput),
    childId: Type.Optional(Type.String({ format: 'uuid' })),
    // The officer has seen the likely duplicates of a new child and says this is a different child.
    confirmedNewChild: Type.Optional(Type.Boolean()),
    reportedAt: Type.Optional(Instant),
    owningOrganisationCode: Type.Optional(Type.String({ maxLength: 50 })),
    // An exercise: a fictional child, for practising alerts. Set when the case is recorded, never changed.
    exercise: Type.Optional(Type.Boolean()),
    // Risk answers recorded with the case: the last episode's, confirmed for a repeat, or a profile's.
    riskAnswers: Type.Optional(RiskAnswerList),
    ...episodeFields,
  },
  { additionalProperties: false },
);
export type NewCaseRequest = Static<typeof NewCaseRequest>;

export const CasePatch = Type.Object(
  {
    // The version the editor saw; a stale one is refused so no one overwrites a colleague's change.
    version: Type.Integer({ minimum: 1 }),
    child: Type.Optional(ChildPatch),
    lastSeen: Type.Optional(LastSeen),
    circumstances: Type.Optional(Text(10_000)),
    clothing: Type.Optional(Text(2000)),
    vehicle: Type.Optional(Text(2000)),
    suspect: Type.Optional(Text(2000)),
    sensitive: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type CasePatch = Static<typeof CasePatch>;

export const RiskAnswersRequest = Type.Object({ answers: RiskAnswerList }, { additionalProperties: false });
export type RiskAnswersRequest = Static<typeof RiskAnswersRequest>;

// Answers given on the form but not yet saved travel with the grading and are saved in the same
// transaction, before the suggestion is worked out: a grading is never recorded over answers still on screen.
export const GradingRequest = Type.Object(
  { level: RiskLevelSchema, rationale: Type.String({ minLength: 3, maxLength: 5000 }), answers: Type.Optional(RiskAnswerList) },
  { additionalProperties: false },
);
export type GradingRequest = Static<typeof GradingRequest>;

export const CloseRequest = Type.Object({ outcome: OutcomeSchema, notes: Type.Optional(Text(5000)) }, { additionalProperties: false });

export const ShareFieldSchema = literalUnion(SHARE_FIELDS);
export const SharePurposeSchema = literalUnion(SHARE_PURPOSES);

export const ShareRequest = Type.Object(
  {
    organisationCode: Type.String({ minLength: 1, maxLength: 50 }),
    reason: Type.String({ minLength: 5, maxLength: 2000 }),
    purpose: SharePurposeSchema,
    /** The groups of fields disclosed; the purpose's template when left out ("other" must name them). */
    fields: Type.Optional(Type.Array(ShareFieldSchema, { minItems: 1, maxItems: SHARE_FIELDS.length, uniqueItems: true })),
    /** When the share ends; the purpose's template length when left out. */
    endsAt: Type.Optional(Instant),
  },
  { additionalProperties: false },
);
export type ShareRequest = Static<typeof ShareRequest>;

export const CaseListQuery = Type.Object(
  {
    q: Type.Optional(Type.String({ maxLength: 100 })),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
    risk: Type.Optional(RiskLevelSchema),
    force: Type.Optional(Type.String({ maxLength: 50 })),
    reportedFrom: Type.Optional(Instant),
    reportedTo: Type.Optional(Instant),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 25 })),
    cursor: Type.Optional(Type.String({ maxLength: 200 })),
  },
  { additionalProperties: false },
);
export type CaseListQuery = Static<typeof CaseListQuery>;

export const CaseParams = Type.Object({ caseId: Type.String({ format: 'uuid' }) });
export const PhotoParams = Type.Object({
  caseId: Type.String({ format: 'uuid' }),
  photoId: Type.String({ format: 'uuid' }),
});
export const PhotoVariantParams = Type.Object({
  caseId: Type.String({ format: 'uuid' }),
  photoId: Type.String({ format: 'uuid' }),
  variant: Type.Union([Type.Literal('thumb'), Type.Literal('page'), Type.Literal('full')]),
});

const ChildView = Type.Object({
  id: Type.String(),
  givenNames: Type.String(),
  familyName: Type.String(),
  knownAs: Nullable(Type.String()),
  aliases: Type.Array(Type.String()),
  dateOfBirth: Nullable(Type.String()),
  estimatedAge: Nullable(Type.Integer()),
  sex: SexSchema,
  heightCm: Nullable(Type.Integer()),
  build: Nullable(Type.String()),
  hairColour: Nullable(Type.String()),
  eyeColour: Nullable(Type.String()),
  distinguishingMarks: Nullable(Type.String()),
  languages: Type.Array(Type.String()),
});

const OrganisationRef = Type.Object({ code: Type.String(), name: Type.String() });

export const PhotoView = Type.Object({
  id: Type.String(),
  caption: Type.String(),
  width: Type.Integer(),
  height: Type.Integer(),
  createdAt: Type.String(),
  urls: Type.Object({ thumb: Type.String(), page: Type.String(), full: Type.String() }),
});
export type PhotoView = Static<typeof PhotoView>;

export const CaseView = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  owningOrganisation: OrganisationRef,
  jurisdiction: OrganisationRef,
  reportedAt: Type.String(),
  lastSeen: Type.Object({ at: Type.String(), lon: Type.Number(), lat: Type.Number(), place: Type.String() }),
  circumstances: Type.String(),
  clothing: Type.String(),
  vehicle: Type.String(),
  suspect: Type.String(),
  sensitive: Type.Boolean(),
  exercise: Type.Boolean(),
  outcome: Nullable(OutcomeSchema),
  outcomeNotes: Nullable(Type.String()),
  closedAt: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  child: ChildView,
  risk: Type.Object({
    level: Nullable(RiskLevelSchema),
    suggestedLevel: RiskLevelSchema,
    // Episodes of the child in the 90 days up to this one's last sighting, this one included: three raise the suggestion.
    recentEpisodes: Type.Integer(),
    answers: Type.Array(
      Type.Object({
        question: Type.String(),
        questionText: Type.String(),
        answer: Type.String(),
        detail: Type.String(),
        source: Type.String(),
        answeredAt: Type.String(),
        recordedBy: Type.String(),
      }),
    ),
    gradings: Type.Array(
      Type.Object({
        level: RiskLevelSchema,
        suggestedLevel: RiskLevelSchema,
        rationale: Type.String(),
        gradedBy: Type.String(),
        gradedAt: Type.String(),
      }),
    ),
  }),
  photos: Type.Array(PhotoView),
  episodes: Type.Object({
    total: Type.Integer(),
    items: Type.Array(
      Type.Object({
        id: Type.String(),
        reference: Type.String(),
        reportedAt: Type.String(),
        status: Type.String(),
        outcome: Nullable(Type.String()),
      }),
    ),
  }),
  shares: Type.Array(
    Type.Object({
      organisationCode: Type.String(),
      organisationName: Type.String(),
      reason: Type.String(),
      purpose: SharePurposeSchema,
      fields: Type.Array(ShareFieldSchema),
      sharedAt: Type.String(),
      endsAt: Type.String(),
      ended: Type.Boolean(),
    }),
  ),
  identityWithheld: Type.Literal(false),
});
export type CaseView = Static<typeof CaseView>;

/** A sensitive case answered to someone who gave no reason: what it is and where it stands, not who it is about. */
export const WithheldCaseView = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  owningOrganisation: OrganisationRef,
  jurisdiction: OrganisationRef,
  reportedAt: Type.String(),
  sensitive: Type.Literal(true),
  riskLevel: Nullable(RiskLevelSchema),
  outcome: Nullable(OutcomeSchema),
  closedAt: Nullable(Type.String()),
  version: Type.Integer(),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  identityWithheld: Type.Literal(true),
});
export type WithheldCaseView = Static<typeof WithheldCaseView>;

/**
 * What a write to a case answers: the case, or without the child's identity (see src/cases/disclosure.ts).
 * Chosen by `identityWithheld` (if/then/else rather than anyOf, so the serialiser tests one flag, not the whole case).
 */
export const CaseAnswer = typedUnsafe<CaseView | WithheldCaseView>({
  type: 'object',
  if: { type: 'object', properties: { identityWithheld: { const: true } }, required: ['identityWithheld'] },
  then: WithheldCaseView,
  else: CaseView,
});
export type CaseAnswer = CaseView | WithheldCaseView;

export const CaseSummary = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  status: Type.String(),
  // Null, with age and place, for a sensitive case listed without a reason.
  childName: Nullable(Type.String()),
  age: Nullable(Type.Integer()),
  sex: Type.String(),
  riskLevel: Nullable(RiskLevelSchema),
  owningOrganisationCode: Type.String(),
  reportedAt: Type.String(),
  lastSeenAt: Type.String(),
  lastSeenPlace: Nullable(Type.String()),
  sensitive: Type.Boolean(),
  exercise: Type.Boolean(),
  repeatEpisodes: Type.Integer(),
  identityWithheld: Type.Boolean(),
});

export const CaseList = Type.Object({ items: Type.Array(CaseSummary), nextCursor: Nullable(Type.String()) });
export type CaseList = Static<typeof CaseList>;

/**
 * A case as an agency it was shared with sees it: what the share is (who shared it, why, which fields, until when)
 * and only the groups of fields it names; a group not shared is absent, not empty.
 */
export const SharedCaseView = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  owningOrganisation: OrganisationRef,
  share: Type.Object({
    purpose: SharePurposeSchema,
    reason: Type.String(),
    fields: Type.Array(ShareFieldSchema),
    sharedAt: Type.String(),
    endsAt: Type.String(),
  }),
  identity: Type.Optional(
    Type.Object({
      givenNames: Type.String(),
      familyName: Type.String(),
      knownAs: Nullable(Type.String()),
      aliases: Type.Array(Type.String()),
      dateOfBirth: Nullable(Type.String()),
      age: Nullable(Type.Integer()),
      sex: SexSchema,
    }),
  ),
  description: Type.Optional(
    Type.Object({
      heightCm: Nullable(Type.Integer()),
      build: Nullable(Type.String()),
      hairColour: Nullable(Type.String()),
      eyeColour: Nullable(Type.String()),
      distinguishingMarks: Nullable(Type.String()),
      languages: Type.Array(Type.String()),
    }),
  ),
  lastSeen: Type.Optional(Type.Object({ at: Type.String(), place: Type.String() })),
  circumstances: Type.Optional(
    Type.Object({ circumstances: Type.String(), clothing: Type.String(), vehicle: Type.String(), suspect: Type.String() }),
  ),
  risk: Type.Optional(
    Type.Object({
      level: Nullable(RiskLevelSchema),
      answers: Type.Array(Type.Object({ question: Type.String(), questionText: Type.String(), answer: Type.String() })),
    }),
  ),
  episodes: Type.Optional(
    Type.Object({
      total: Type.Integer(),
      items: Type.Array(Type.Object({ reportedAt: Type.String(), status: Type.String(), outcome: Nullable(Type.String()) })),
    }),
  ),
  outcome: Type.Optional(Type.Object({ outcome: Nullable(OutcomeSchema), closedAt: Nullable(Type.String()) })),
});
export type SharedCaseView = Static<typeof SharedCaseView>;

export const SharedCaseSummary = Type.Object({
  id: Type.String(),
  reference: Type.String(),
  status: Type.Union([Type.Literal('open'), Type.Literal('closed')]),
  owningOrganisation: OrganisationRef,
  purpose: SharePurposeSchema,
  fields: Type.Array(ShareFieldSchema),
  sharedAt: Type.String(),
  endsAt: Type.String(),
  // Only when the share names the identity and the case is not sensitive.
  childName: Nullable(Type.String()),
});
export const SharedCaseList = Type.Object({ items: Type.Array(SharedCaseSummary) });
export type SharedCaseList = Static<typeof SharedCaseList>;

export const ContributionCategorySchema = literalUnion(CONTRIBUTION_CATEGORIES);
