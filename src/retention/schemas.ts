// What the retention and subject access API takes and answers: one schema per payload, shared with the console.
import { Type, type Static } from '@sinclair/typebox';
import { literalUnion } from '../http/schema-types.ts';

export const RETENTION_ACTIONS = ['review', 'delete', 'anonymise'] as const;

export const ScheduleEntryView = Type.Object({
  kind: Type.String(),
  action: literalUnion(RETENTION_ACTIONS),
  defaultDays: Type.Integer(),
  periodDays: Type.Integer(),
  changedAt: Type.Union([Type.String(), Type.Null()]),
  from: Type.String(),
  source: Type.String(),
  judgement: Type.Boolean(),
  cutoff: Type.String(),
  due: Type.Integer(),
});
export const ScheduleView = Type.Object({ items: Type.Array(ScheduleEntryView) });
export type ScheduleView = Static<typeof ScheduleView>;

export const MAX_PERIOD_DAYS = 36_500;
export const PeriodChange = Type.Object(
  {
    // null: back to the documented default.
    periodDays: Type.Union([Type.Integer({ minimum: 1, maximum: MAX_PERIOD_DAYS }), Type.Null()]),
  },
  { additionalProperties: false },
);
export type PeriodChange = Static<typeof PeriodChange>;
export const KindParams = Type.Object({ kind: Type.String({ pattern: '^[a-z_]{1,40}$' }) });

export const RunResultView = Type.Object({
  items: Type.Array(
    Type.Object({
      kind: Type.String(),
      action: literalUnion(RETENTION_ACTIONS),
      cutoff: Type.String(),
      done: Type.Integer(),
      more: Type.Boolean(),
    }),
  ),
});
export type RunResultView = Static<typeof RunResultView>;

/** A child due for review: references and dates only; the record itself is opened from the case. */
export const ReviewItem = Type.Object({
  childId: Type.String(),
  references: Type.Array(Type.String()),
  episodes: Type.Integer(),
  lastClosedAt: Type.String(),
});
export const ReviewQueueView = Type.Object({ items: Type.Array(ReviewItem), total: Type.Integer(), cutoff: Type.String() });
export type ReviewQueueView = Static<typeof ReviewQueueView>;

// Why a record due for review is kept longer (College of Policing APP, MoPI review): codes, never free text.
export const KEEP_GROUNDS = ['ongoing_concern', 'linked_investigation', 'public_protection', 'legal_hold'] as const;
export type KeepGround = (typeof KEEP_GROUNDS)[number];

export const ReviewDecision = Type.Union([
  Type.Object(
    { decision: Type.Literal('keep'), ground: literalUnion(KEEP_GROUNDS), keepUntil: Type.String({ format: 'date' }) },
    { additionalProperties: false },
  ),
  Type.Object({ decision: Type.Literal('dispose') }, { additionalProperties: false }),
]);
export type ReviewDecision = Static<typeof ReviewDecision>;
export const ChildParams = Type.Object({ childId: Type.String({ format: 'uuid' }) });

export const PERSON_KINDS = ['child', 'reporter', 'subscriber'] as const;
export type PersonKind = (typeof PERSON_KINDS)[number];

/** Who a request is about: a child by id or by an episode's reference; a reporter or a subscriber by email or phone. */
export const PersonQuery = Type.Object(
  {
    kind: literalUnion(PERSON_KINDS),
    childId: Type.Optional(Type.String({ format: 'uuid' })),
    caseReference: Type.Optional(Type.String({ minLength: 1, maxLength: 40 })),
    email: Type.Optional(Type.String({ minLength: 3, maxLength: 254 })),
    phone: Type.Optional(Type.String({ minLength: 6, maxLength: 20 })),
  },
  { additionalProperties: false },
);
export type PersonQuery = Static<typeof PersonQuery>;

export const SubjectExport = Type.Object({
  /** The structured file: everything held, by kind of record. */
  data: Type.Record(Type.String(), Type.Unknown()),
  /** The same, as text a person can read. */
  summary: Type.String(),
  records: Type.Integer(),
});
export type SubjectExport = Static<typeof SubjectExport>;

// The legal ground of an erasure (UK GDPR Art. 17, Data Protection Act 2018 s.47): codes, never free text.
export const ERASURE_GROUNDS = [
  'no_longer_needed',
  'consent_withdrawn',
  'objection',
  'unlawful_processing',
  'legal_obligation',
  'retention_review',
] as const;
export type ErasureGround = (typeof ERASURE_GROUNDS)[number];

export const ErasureRequest = Type.Object(
  {
    person: PersonQuery,
    ground: literalUnion(ERASURE_GROUNDS),
    /** The data protection office's own reference for the request, to find it again: required, as the record of why. */
    requestReference: Type.String({ pattern: '^[A-Za-z0-9/_-]{1,40}$' }),
  },
  { additionalProperties: false },
);
export type ErasureRequest = Static<typeof ErasureRequest>;

export const ErasureResult = Type.Object({ counts: Type.Record(Type.String(), Type.Integer()) });
export type ErasureResult = Static<typeof ErasureResult>;
