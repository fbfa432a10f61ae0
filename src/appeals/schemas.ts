// Payloads of the long-term appeals API, one schema each, shared by server and console.
import { Type, type Static } from '@sinclair/typebox';
import { literalEnum } from '../http/schema-types.ts';

export const CONSENT_BASES = ['parent_or_guardian', 'local_authority', 'court_order', 'young_person'] as const;
export const WITHDRAWAL_REASONS = ['found', 'consent_withdrawn', 'review_ended'] as const;
export const APPEAL_PHOTO_KINDS = ['photo', 'age_progressed'] as const;

export const APPEAL_LIMITS = { headline: 200, description: 3000, consentGivenBy: 200, contents: 14, reviewMonths: 12 } as const;

const Language = Type.String({ minLength: 2, maxLength: 35, pattern: '^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$' });
const Day = Type.String({ format: 'date' });

export const AppealContent = Type.Object(
  {
    language: Language,
    headline: Type.String({ minLength: 1, maxLength: APPEAL_LIMITS.headline }),
    description: Type.String({ minLength: 1, maxLength: APPEAL_LIMITS.description }),
  },
  { additionalProperties: false },
);
export type AppealContent = Static<typeof AppealContent>;

export const ConsentSchema = Type.Object(
  {
    basis: literalEnum(CONSENT_BASES),
    /** Who gave it, as a role or relationship ("mother", "Kent County Council"): never their contact details. */
    givenBy: Type.String({ minLength: 1, maxLength: APPEAL_LIMITS.consentGivenBy }),
  },
  { additionalProperties: false },
);

export const PublishAppealRequest = Type.Object(
  {
    caseId: Type.String({ format: 'uuid' }),
    consent: ConsentSchema,
    /** When the appeal is next reviewed: within a year. */
    reviewDueOn: Day,
    /** ISO 3166 alpha-2 country the child went missing in. */
    country: Type.String({ pattern: '^[A-Z]{2}$' }),
    contents: Type.Array(AppealContent, { minItems: 1, maxItems: APPEAL_LIMITS.contents }),
  },
  { additionalProperties: false },
);
export type PublishAppealRequest = Static<typeof PublishAppealRequest>;

export const ChangeAppealRequest = Type.Object(
  {
    version: Type.Integer({ minimum: 1 }),
    reviewDueOn: Type.Optional(Day),
    contents: Type.Optional(Type.Array(AppealContent, { minItems: 1, maxItems: APPEAL_LIMITS.contents })),
  },
  { additionalProperties: false },
);
export type ChangeAppealRequest = Static<typeof ChangeAppealRequest>;

export const WithdrawAppealRequest = Type.Object({ reason: literalEnum(WITHDRAWAL_REASONS) }, { additionalProperties: false });

export const AddAppealPhotoRequest = Type.Object(
  { photoId: Type.String({ format: 'uuid' }), kind: literalEnum(APPEAL_PHOTO_KINDS) },
  { additionalProperties: false },
);

export const AppealParams = Type.Object({ appealId: Type.String({ format: 'uuid' }) });

export const AppealView = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  slug: Type.String(),
  state: literalEnum(['published', 'withdrawn'] as const),
  consent: Type.Object({ basis: Type.String(), givenBy: Type.String(), recordedAt: Type.String({ format: 'date-time' }) }),
  reviewDueOn: Day,
  reviewOverdue: Type.Boolean(),
  publishedAt: Type.String({ format: 'date-time' }),
  withdrawnAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  withdrawnReason: Type.Union([Type.String(), Type.Null()]),
  fullName: Type.String(),
  sex: Type.String(),
  ageWhenMissing: Type.Union([Type.Integer(), Type.Null()]),
  missingSince: Day,
  areaCode: Type.String(),
  country: Type.String(),
  contents: Type.Array(AppealContent),
  photos: Type.Array(Type.Object({ position: Type.Integer(), kind: Type.String(), addedAt: Type.String({ format: 'date-time' }) })),
  pfifRecordId: Type.String(),
  version: Type.Integer(),
});
export type AppealView = Static<typeof AppealView>;

export const AppealList = Type.Object({ items: Type.Array(AppealView) });
export type AppealList = Static<typeof AppealList>;
