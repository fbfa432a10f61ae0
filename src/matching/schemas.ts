// Payloads of the matching API, one schema each: the candidates with both records side by side (as much of
// each as the viewer may see), and the three decisions.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { literalEnum } from '../http/schema-types.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Uuid = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });

export const CANDIDATE_STATUSES = ['open', 'dismissed', 'referred', 'confirmed'] as const;
export const REFERRAL_KINDS = ['dental', 'dna'] as const;
export const FEATURE_NAMES = ['age', 'height', 'build', 'hair', 'eyes', 'marks', 'clothing', 'belongings', 'distance', 'interval'] as const;

export const CandidateParams = Type.Object({ candidateId: Uuid });
export const CaseCandidatesParams = Type.Object({ caseId: Uuid });
export const UnidentifiedCandidatesParams = Type.Object({ unidentifiedId: Uuid });

export const CandidateListQuery = Type.Object(
  {
    status: Type.Optional(literalEnum(CANDIDATE_STATUSES)),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
    offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
  },
  { additionalProperties: false },
);
export type CandidateListQuery = Static<typeof CandidateListQuery>;

const FeatureView = Type.Object({
  feature: literalEnum(FEATURE_NAMES),
  contribution: Type.Number(),
  // The two values compared; null when that side has none, or when the viewer may not see that side.
  case: Nullable(Type.String()),
  unidentified: Nullable(Type.String()),
});

const CaseSide = Type.Object({
  id: Uuid,
  reference: Type.String(),
  status: Type.String(),
  owningOrganisationCode: Type.String(),
  owningOrganisationName: Type.String(),
  sensitive: Type.Boolean(),
  reachable: Type.Boolean(),
  // True when the case is sensitive and no reason was given, or out of the viewer's reach: no child is shown.
  identityWithheld: Type.Boolean(),
  child: Nullable(
    Type.Object({
      name: Type.String(),
      sex: Type.String(),
      dateOfBirth: Nullable(Type.String()),
      ageWhenLastSeen: Nullable(Type.Integer()),
      heightCm: Nullable(Type.Integer()),
      build: Nullable(Type.String()),
      hairColour: Nullable(Type.String()),
      eyeColour: Nullable(Type.String()),
      distinguishingMarks: Nullable(Type.String()),
    }),
  ),
  lastSeen: Nullable(Type.Object({ at: Instant, place: Type.String() })),
  clothing: Nullable(Type.String()),
});

const Mark = Type.Object({ kind: Type.String(), bodyLocation: Type.String(), description: Type.String() });

const UnidentifiedSide = Type.Object({
  id: Uuid,
  reference: Type.String(),
  kind: Type.String(),
  status: Type.String(),
  owningOrganisationCode: Type.String(),
  owningOrganisationName: Type.String(),
  reachable: Type.Boolean(),
  // Null when the record is out of the viewer's reach (another force's).
  description: Nullable(
    Type.Object({
      found: Type.Object({ at: Instant, place: Type.String() }),
      sex: Type.String(),
      age: Type.Object({ min: Nullable(Type.Integer()), max: Nullable(Type.Integer()) }),
      heightCm: Type.Object({ min: Nullable(Type.Integer()), max: Nullable(Type.Integer()) }),
      build: Nullable(Type.String()),
      hairColour: Nullable(Type.String()),
      eyeColour: Nullable(Type.String()),
      marks: Type.Array(Mark),
      clothing: Type.String(),
      belongings: Type.String(),
    }),
  ),
});

export const CandidateView = Type.Object({
  id: Uuid,
  score: Type.Number(),
  status: literalEnum(CANDIDATE_STATUSES),
  decisionReason: Nullable(Type.String()),
  referralKind: Nullable(literalEnum(REFERRAL_KINDS)),
  decidedAt: Nullable(Instant),
  updatedAt: Instant,
  features: Type.Array(FeatureView),
  case: CaseSide,
  unidentified: UnidentifiedSide,
});
export type CandidateView = Static<typeof CandidateView>;

export const CandidateList = Type.Object({
  items: Type.Array(CandidateView),
  nextOffset: Nullable(Type.Integer()),
});
export type CandidateList = Static<typeof CandidateList>;

const Note = Type.String({ minLength: 1, maxLength: 2000 });

export const DismissRequest = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false });
export type DismissRequest = Static<typeof DismissRequest>;

export const ReferRequest = Type.Object({ kind: literalEnum(REFERRAL_KINDS), note: Type.Optional(Note) }, { additionalProperties: false });
export type ReferRequest = Static<typeof ReferRequest>;

export const ConfirmRequest = Type.Object({ note: Type.Optional(Note) }, { additionalProperties: false });
export type ConfirmRequest = Static<typeof ConfirmRequest>;

export const DecisionAnswer = Type.Object({
  id: Uuid,
  status: literalEnum(CANDIDATE_STATUSES),
  referralKind: Nullable(literalEnum(REFERRAL_KINDS)),
  decisionReason: Nullable(Type.String()),
  decidedAt: Instant,
  caseId: Uuid,
  unidentifiedId: Uuid,
  /** When confirmed: how the case was closed, and the other candidates of either side dismissed with it. */
  caseOutcome: Nullable(Type.String()),
  alsoDismissed: Type.Array(Uuid),
});
export type DecisionAnswer = Static<typeof DecisionAnswer>;
