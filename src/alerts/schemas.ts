// Payloads of the Child Rescue Alert API, one schema each, shared by the server and the console.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { literalUnion, typedUnsafe } from '../http/schema-types.ts';
import { LastSeen } from '../cases/schemas.ts';
import { ALERT_TEXT_LIMITS, MAX_ALERT_PHOTOS } from './text-limits.ts';

export { ALERT_TEXT_LIMITS, MAX_ALERT_PHOTOS, MAX_SMS_SEGMENTS } from './text-limits.ts';

const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

export const MAX_ALERT_LANGUAGES = 12;
export const DEFAULT_EXPIRY_HOURS = 24;
export const MAX_EXPIRY_HOURS = 72;

export const CAP_STATUS = Type.Union([Type.Literal('Actual'), Type.Literal('Exercise'), Type.Literal('Test')]);
export const ALERT_STATES = ['draft', 'awaiting_approval', 'active', 'withdrawn', 'expired', 'rejected'] as const;
export const WITHDRAWAL_REASONS = ['found_safe', 'found', 'cancelled'] as const;

const Criterion = Type.Object({ met: Type.Boolean(), reason: Type.String({ maxLength: 2000 }) }, { additionalProperties: false });
export const CriteriaInput = Type.Object(
  {
    // The child is believed to be under 18.
    under18: Criterion,
    // The child is believed to be in imminent danger of serious harm or death.
    imminentDanger: Criterion,
    // There is enough information for the public to help.
    enoughInformation: Criterion,
  },
  { additionalProperties: false },
);
export type CriteriaInput = Static<typeof CriteriaInput>;
export const CRITERIA_LABELS: Record<keyof CriteriaInput, string> = {
  under18: 'The child is believed to be under 18',
  imminentDanger: 'The child is believed to be in imminent danger of serious harm or death',
  enoughInformation: 'There is enough information for the public to help',
};

export const AlertContentInput = Type.Object(
  {
    language: Type.String({ minLength: 2, maxLength: 35 }),
    headline: Type.String({ minLength: 1, maxLength: ALERT_TEXT_LIMITS.headline }),
    description: Type.String({ minLength: 1, maxLength: ALERT_TEXT_LIMITS.description }),
    instruction: Type.String({ minLength: 1, maxLength: ALERT_TEXT_LIMITS.instruction }),
    contact: Type.String({ minLength: 1, maxLength: ALERT_TEXT_LIMITS.contact }),
    smsText: Type.String({ minLength: 1, maxLength: ALERT_TEXT_LIMITS.smsText }),
    broadcastText: Type.String({ minLength: 1, maxLength: ALERT_TEXT_LIMITS.broadcastText }),
  },
  { additionalProperties: false },
);
export type AlertContentInput = Static<typeof AlertContentInput>;

export const AlertAreaInput = Type.Object(
  {
    // Polygons ({ kind: 'polygon', geometry: GeoJSON }) and circles ({ kind: 'circle', center: [lon, lat], radiusKm }),
    // checked in detail by validateAlertArea.
    parts: Type.Optional(Type.Array(Type.Unknown(), { maxItems: 50 })),
    jurisdictionCodes: Type.Optional(Type.Array(Type.String({ maxLength: 50 }), { maxItems: 50 })),
    national: Type.Optional(Type.Boolean()),
    description: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  },
  { additionalProperties: false },
);
export type AlertAreaInput = Static<typeof AlertAreaInput>;

const draftFields = {
  capStatus: Type.Optional(CAP_STATUS),
  criteria: Type.Optional(CriteriaInput),
  contents: Type.Optional(Type.Array(AlertContentInput, { minItems: 1, maxItems: MAX_ALERT_LANGUAGES })),
  area: Type.Optional(AlertAreaInput),
  photoIds: Type.Optional(Type.Array(Type.String({ format: 'uuid' }), { maxItems: MAX_ALERT_PHOTOS })),
  lastSeen: Type.Optional(LastSeen),
  vehicle: Type.Optional(Type.String({ maxLength: 1000 })),
  suspect: Type.Optional(Type.String({ maxLength: 1000 })),
  expiresAt: Type.Optional(Instant),
};

export const NewAlertRequest = Type.Object(
  { caseId: Type.String({ format: 'uuid' }), templateId: Type.Optional(Type.String({ format: 'uuid' })), ...draftFields },
  { additionalProperties: false },
);
export type NewAlertRequest = Static<typeof NewAlertRequest>;

export const AlertDraftPatch = Type.Object({ version: Type.Integer({ minimum: 1 }), ...draftFields }, { additionalProperties: false });
export type AlertDraftPatch = Static<typeof AlertDraftPatch>;

// New facts that any officer on the case may publish at once as an Update: a vehicle or suspect seen, a new
// last-seen time and place, and the note saying what is new. The appeal itself (text in any language,
// photos, area) changes only through an AlertChangeRequest that a second person approves.
const { contents, area, photoIds, lastSeen, vehicle, suspect } = draftFields;
// What changed, in a sentence: it becomes the CAP note of the Update message.
const updateNote = Type.String({ minLength: 3, maxLength: 500 });
export const AlertUpdateRequest = Type.Object(
  { version: Type.Integer({ minimum: 1 }), note: updateNote, lastSeen, vehicle, suspect },
  { additionalProperties: false },
);
export type AlertUpdateRequest = Static<typeof AlertUpdateRequest>;

// A request to change a live alert's text, photos or area (at least one), approved by a different approver.
export const AlertChangeRequest = Type.Object(
  { version: Type.Integer({ minimum: 1 }), note: updateNote, contents, area, photoIds },
  { additionalProperties: false },
);
export type AlertChangeRequest = Static<typeof AlertChangeRequest>;
export const ChangeApproveRequest = Type.Object(
  { changeId: Type.String({ format: 'uuid' }), note: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);
export const ChangeReturnRequest = Type.Object(
  { changeId: Type.String({ format: 'uuid' }), reason: Type.String({ minLength: 3, maxLength: 2000 }) },
  { additionalProperties: false },
);

// One field that a pending change alters, as it is and as it would be. `field` is a JSON Pointer into the
// alert: /contents/{language}/{headline|description|…}, /area/description, /area/national,
// /area/jurisdictionCodes, /area/parts (before and after: the number of shapes), /photos (photo ids, space-separated).
export const ChangeDifference = Type.Object({ field: Type.String(), before: Type.String(), after: Type.String() });
export type ChangeDifference = Static<typeof ChangeDifference>;

export const PendingChangeView = Type.Object({
  id: Type.String(),
  note: Type.String(),
  requestedBy: Type.String(),
  requestedAt: Type.String(),
  differences: Type.Array(ChangeDifference),
  contents: Nullable(Type.Array(AlertContentInput)),
  area: Nullable(
    Type.Object({
      parts: Type.Array(Type.Unknown()),
      jurisdictionCodes: Type.Array(Type.String()),
      national: Type.Boolean(),
      description: Type.String(),
    }),
  ),
  photoIds: Nullable(Type.Array(Type.String())),
});
export type PendingChangeView = Static<typeof PendingChangeView>;

// The alert as it would go out, with the officer's unsaved changes (nothing is stored).
export const AlertPreviewRequest = Type.Object(
  {
    // The language to render; the alert's first language when absent or not among its texts.
    language: Type.Optional(Type.String({ minLength: 2, maxLength: 35 })),
    capStatus: draftFields.capStatus,
    contents,
    photoIds,
    lastSeen,
    vehicle,
    suspect,
  },
  { additionalProperties: false },
);
export type AlertPreviewRequest = Static<typeof AlertPreviewRequest>;

export const AlertPreviewView = Type.Object({
  language: Type.String(),
  // The public appeal page, a whole HTML document; photos point at the staff copies until approval.
  appealHtml: Type.String(),
  sms: Type.Object({ text: Type.String(), encoding: Type.String(), segments: Type.Integer(), units: Type.Integer() }),
  email: Type.Object({ subject: Type.String(), text: Type.String(), html: Type.String() }),
  push: Type.Object({ title: Type.String(), body: Type.String() }),
});
export type AlertPreviewView = Static<typeof AlertPreviewView>;

export const DecisionRequest = Type.Object({ reason: Type.String({ minLength: 3, maxLength: 2000 }) }, { additionalProperties: false });
export const ApproveRequest = Type.Object({ note: Type.Optional(Type.String({ maxLength: 2000 })) }, { additionalProperties: false });
export const WithdrawRequest = Type.Object(
  {
    reason: literalUnion(WITHDRAWAL_REASONS),
    note: Type.Optional(Type.String({ maxLength: 2000 })),
  },
  { additionalProperties: false },
);
export const RenewRequest = Type.Object({ expiresAt: Instant }, { additionalProperties: false });

export const AlertParams = Type.Object({ alertId: Type.String({ format: 'uuid' }) });
export const AlertListQuery = Type.Object(
  {
    state: Type.Optional(literalUnion(ALERT_STATES)),
    caseId: Type.Optional(Type.String({ format: 'uuid' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false },
);

const SmsMeasure = Type.Object({ encoding: Type.String(), units: Type.Integer(), segments: Type.Integer(), fits: Type.Boolean() });

export const AlertView = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  publicUrl: Type.String(),
  caseId: Type.String(),
  caseReference: Type.String(),
  owningOrganisationCode: Type.String(),
  state: literalUnion(ALERT_STATES),
  capStatus: CAP_STATUS,
  criteria: Type.Record(Type.String(), Type.Object({ met: Type.Boolean(), reason: Type.String(), label: Type.String() })),
  area: Type.Object({
    parts: Type.Array(Type.Unknown()),
    jurisdictionCodes: Type.Array(Type.String()),
    national: Type.Boolean(),
    description: Type.String(),
    cellRanges: Type.Integer(),
  }),
  lastSeen: Type.Object({ at: Type.String(), lon: Type.Number(), lat: Type.Number(), place: Type.String() }),
  vehicle: Type.String(),
  suspect: Type.String(),
  contents: Type.Array(Type.Intersect([AlertContentInput, Type.Object({ sms: SmsMeasure, broadcastLength: Type.Integer() })])),
  photos: Type.Array(
    Type.Object({ photoId: Type.String(), position: Type.Integer(), staffUrl: Type.String(), publicUrl: Nullable(Type.String()) }),
  ),
  requestedBy: Nullable(Type.String()),
  requestedAt: Nullable(Type.String()),
  approvedBy: Nullable(Type.String()),
  approvedAt: Nullable(Type.String()),
  decisionNote: Nullable(Type.String()),
  withdrawnAt: Nullable(Type.String()),
  withdrawalReason: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
  // A requested change to the text, photos or area, waiting for a second approver.
  pendingChange: Nullable(PendingChangeView),
  messages: Type.Array(
    Type.Object({
      identifier: Type.String(),
      msgType: Type.String(),
      sent: Type.String(),
      note: Nullable(Type.String()),
      capUrl: Type.String(),
    }),
  ),
  identityWithheld: Type.Literal(false),
});
export type AlertView = Static<typeof AlertView>;

/** The alert of a sensitive case answered to someone who gave no reason: where it stands, not who it is about. */
export const WithheldAlertView = Type.Object({
  id: Type.String(),
  caseId: Type.String(),
  caseReference: Type.String(),
  owningOrganisationCode: Type.String(),
  state: literalUnion(ALERT_STATES),
  capStatus: CAP_STATUS,
  requestedBy: Nullable(Type.String()),
  requestedAt: Nullable(Type.String()),
  approvedBy: Nullable(Type.String()),
  approvedAt: Nullable(Type.String()),
  withdrawnAt: Nullable(Type.String()),
  withdrawalReason: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  version: Type.Integer(),
  identityWithheld: Type.Literal(true),
});
export type WithheldAlertView = Static<typeof WithheldAlertView>;

/**
 * What a change to an alert answers: the alert, or without the child (see src/cases/disclosure.ts). Chosen by
 * `identityWithheld` (if/then/else rather than anyOf, so the serialiser tests one flag, not the whole alert).
 */
export const AlertAnswer = typedUnsafe<AlertView | WithheldAlertView>({
  type: 'object',
  if: { type: 'object', properties: { identityWithheld: { const: true } }, required: ['identityWithheld'] },
  then: WithheldAlertView,
  else: AlertView,
});
export type AlertAnswer = AlertView | WithheldAlertView;

export const AlertSummary = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  caseId: Type.String(),
  caseReference: Type.String(),
  state: Type.String(),
  capStatus: Type.String(),
  // Null for the alert of a sensitive case listed without a reason: the headline names the child.
  headline: Nullable(Type.String()),
  owningOrganisationCode: Type.String(),
  requestedBy: Nullable(Type.String()),
  requestedAt: Nullable(Type.String()),
  expiresAt: Nullable(Type.String()),
  updatedAt: Type.String(),
  sensitive: Type.Boolean(),
  identityWithheld: Type.Boolean(),
});

// The approver's inbox of requested changes to live alerts.
export const PendingChangeSummary = Type.Intersect([
  PendingChangeView,
  // A sensitive case shows no text here (headline and values empty): opening the alert asks for the reason.
  Type.Object({
    alertId: Type.String(),
    caseReference: Type.String(),
    capStatus: Type.String(),
    headline: Type.String(),
    sensitive: Type.Boolean(),
  }),
]);

export const TemplateRequest = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    language: Type.String({ minLength: 2, maxLength: 35 }),
    instruction: Type.String({ minLength: 1, maxLength: ALERT_TEXT_LIMITS.instruction }),
    contact: Type.String({ minLength: 1, maxLength: ALERT_TEXT_LIMITS.contact }),
  },
  { additionalProperties: false },
);
export const TemplateView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  language: Type.String(),
  instruction: Type.String(),
  contact: Type.String(),
  organisationCode: Type.String(),
});
