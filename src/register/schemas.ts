// The national register's payloads: a name search across every force, and what each result may show.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { RiskLevelSchema, SexSchema } from '../cases/schemas.ts';
import { OrganisationContact } from '../orgs/schemas.ts';
import { literalEnum } from '../http/schema-types.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

export const RegisterSearchQuery = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    sex: Type.Optional(SexSchema),
    ageFrom: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
    ageTo: Type.Optional(Type.Integer({ minimum: 0, maximum: 120 })),
    status: Type.Optional(Type.Union([Type.Literal('open'), Type.Literal('closed')])),
    force: Type.Optional(Type.String({ maxLength: 50 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50, default: 20 })),
  },
  { additionalProperties: false },
);
export type RegisterSearchQuery = Static<typeof RegisterSearchQuery>;

// Why a child matched, as codes with their values, so a console says it in the reader's language: a word of
// the name (the query's and the candidate's words), the date of birth or age, and the sex.
export const REASON_CODES = [
  'name-exact',
  'name-accents',
  'name-script',
  'name-spelling',
  'name-equivalent',
  'name-diminutive-query',
  'name-diminutive-candidate',
  'name-diminutive-both',
  'name-phonetic',
  'name-typo',
  'name-similar',
  'names-swapped',
  'birth-same',
  'birth-days-apart',
  'birth-day-month-swapped',
  'birth-same-birthday',
  'age-same',
  'age-years-apart',
  'sex-same',
  'sex-differs',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

export const Reason = Type.Object({
  code: literalEnum(REASON_CODES),
  params: Type.Object({
    query: Type.Optional(Type.String()),
    candidate: Type.Optional(Type.String()),
    /** The name that equivalents and diminutives are forms of. */
    headword: Type.Optional(Type.String()),
    days: Type.Optional(Type.Integer({ minimum: 0 })),
    years: Type.Optional(Type.Integer({ minimum: 0 })),
    /** For a different sex: what the register has and what was typed. */
    recorded: Type.Optional(SexSchema),
    typed: Type.Optional(SexSchema),
  }),
});
export type Reason = Static<typeof Reason>;

const RegisterResultFields = {
  score: Type.Number({ minimum: 0, maximum: 1 }),
  // Why the name matched, in English words an officer can check ("Konstantin is Константин in Latin letters"),
  // kept for the clients that read them; `reasonCodes` say the same, in order, for a console to translate.
  reasons: Type.Array(Type.String()),
  reasonCodes: Type.Array(Reason),
  matchedName: Type.String(),
  names: Type.Object({
    givenNames: Type.String(),
    familyName: Type.String(),
    knownAs: Nullable(Type.String()),
    aliases: Type.Array(Type.String()),
  }),
  age: Nullable(Type.Integer()),
  sex: SexSchema,
  description: Type.Object({
    heightCm: Nullable(Type.Integer()),
    build: Nullable(Type.String()),
    hairColour: Nullable(Type.String()),
    eyeColour: Nullable(Type.String()),
    distinguishingMarks: Nullable(Type.String()),
  }),
  // The owning force: the one to contact about the child.
  force: Type.Object({ code: Type.String(), name: Type.String(), contact: OrganisationContact }),
  status: Type.String(),
  riskLevel: Nullable(RiskLevelSchema),
  reportedAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  sensitive: Type.Boolean(),
  // Only where the searcher already reaches the case: its reference, link and photo.
  case: Type.Union([Type.Object({ id: Type.String(), reference: Type.String(), url: Type.String() }), Type.Null()]),
  photoUrl: Nullable(Type.String()),
};
const RegisterResult = Type.Object(RegisterResultFields);
export type RegisterResult = Static<typeof RegisterResult>;

export const RegisterSearchAnswer = Type.Object({ items: Type.Array(RegisterResult) });
export type RegisterSearchAnswer = Static<typeof RegisterSearchAnswer>;

/** What an officer has typed of a new child so far: enough to find the same child already recorded. */
export const LikelyDuplicatesRequest = Type.Object(
  {
    givenNames: Type.String({ minLength: 1, maxLength: 100 }),
    familyName: Type.String({ minLength: 1, maxLength: 100 }),
    dateOfBirth: Type.Optional(Nullable(Type.String({ format: 'date' }))),
    estimatedAge: Type.Optional(Nullable(Type.Integer({ minimum: 0, maximum: 17 }))),
    sex: Type.Optional(SexSchema),
  },
  { additionalProperties: false },
);
export type LikelyDuplicatesRequest = Static<typeof LikelyDuplicatesRequest>;

const LikelyDuplicate = Type.Object({
  ...RegisterResultFields,
  // The name, the date of birth and the sex together; `reasons` say what agrees and what does not.
  score: Type.Number({ minimum: 0, maximum: 1 }),
  nameScore: Type.Number({ minimum: 0, maximum: 1 }),
  // The same name and date of birth, and no other sex: recording a new child is refused unless confirmed.
  strong: Type.Boolean(),
  // Only where the officer reaches an episode of the child, so can record a new episode of it.
  childId: Nullable(Type.String()),
});
export type LikelyDuplicate = Static<typeof LikelyDuplicate>;

export const LikelyDuplicatesAnswer = Type.Object({ items: Type.Array(LikelyDuplicate) });
export type LikelyDuplicatesAnswer = Static<typeof LikelyDuplicatesAnswer>;

export const ChildParams = Type.Object({ childId: Type.String({ format: 'uuid' }) });
export const MergeParams = Type.Object({ mergeId: Type.String({ format: 'uuid' }) });

export const MergeRequest = Type.Object(
  { intoChildId: Type.String({ format: 'uuid' }), reason: Type.String({ minLength: 5, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type MergeRequest = Static<typeof MergeRequest>;

export const UndoMergeRequest = Type.Object({ reason: Type.String({ minLength: 5, maxLength: 2000 }) }, { additionalProperties: false });
export type UndoMergeRequest = Static<typeof UndoMergeRequest>;

/** A merge as recorded: who, when, why and exactly what moved (never the children's details). */
export const MergeView = Type.Object({
  id: Type.String(),
  childId: Type.String(),
  intoChildId: Type.String(),
  reason: Type.String(),
  caseIds: Type.Array(Type.String()),
  photoIds: Type.Array(Type.String()),
  mergedBy: Type.String(),
  mergedAt: Type.String({ format: 'date-time' }),
  undoneBy: Nullable(Type.String()),
  undoneAt: Nullable(Type.String({ format: 'date-time' })),
  undoReason: Nullable(Type.String()),
});
export type MergeView = Static<typeof MergeView>;

export const MergeList = Type.Object({ items: Type.Array(MergeView) });
export type MergeList = Static<typeof MergeList>;
