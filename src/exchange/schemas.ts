// Payloads of the PFIF exchange API, one schema each.
import { Type, type Static } from '@sinclair/typebox';
import { literalEnum } from '../http/schema-types.ts';
import { GRANTABLE_PERSON_FIELDS, NOTE_STATUSES } from './pfif.ts';

export const NewPartnerRequest = Type.Object(
  {
    code: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,62}$' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    /** Person fields the partner may receive, besides the ids, dates and full name PFIF requires. */
    personFields: Type.Array(literalEnum(GRANTABLE_PERSON_FIELDS), { uniqueItems: true, maxItems: GRANTABLE_PERSON_FIELDS.length }),
    /** The partner's PFIF feeds (…/pfif/1.4), pulled on a schedule; leave out for a partner that only reads ours. */
    feedUrl: Type.Optional(Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 })),
    /** Our key at the partner's site. */
    feedKey: Type.Optional(Type.String({ minLength: 8, maxLength: 200 })),
    /** The partner's record-id domain: records from it must be in it. */
    recordDomain: Type.Optional(Type.String({ pattern: '^[A-Za-z0-9.-]+(:\\d+)?$', maxLength: 200 })),
    /** Child Rescue Alerts (status Actual) are exchanged with it: offered to it, and taken from it as offers. */
    receivesAlerts: Type.Optional(Type.Boolean()),
    /** It takes part in our exercises: exercise and test alerts are exchanged with it; never with any other. */
    inExercise: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type NewPartnerRequest = Static<typeof NewPartnerRequest>;

export const NewPartnerAnswer = Type.Object({
  code: Type.String(),
  key: Type.String({ description: 'Shown once: the partner sends it as X-Partner-Key.' }),
});

export const PartnerView = Type.Object({
  code: Type.String(),
  name: Type.String(),
  personFields: Type.Array(Type.String()),
  feedUrl: Type.Union([Type.String(), Type.Null()]),
  recordDomain: Type.Union([Type.String(), Type.Null()]),
  lastPulledAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  receivesAlerts: Type.Boolean(),
  inExercise: Type.Boolean(),
});
export type PartnerView = Static<typeof PartnerView>;
export const PartnerList = Type.Object({ items: Type.Array(PartnerView) });
export type PartnerList = Static<typeof PartnerList>;
export const PartnerParams = Type.Object({ code: Type.String({ pattern: '^[a-z0-9][a-z0-9.-]{1,62}$' }) });

export const RefusalView = Type.Object({
  recordId: Type.Union([Type.String(), Type.Null()]),
  index: Type.Integer(),
  kind: Type.String(),
  reason: Type.String(),
});
export const ImportReportView = Type.Object({
  accepted: Type.Integer(),
  unchanged: Type.Integer(),
  refused: Type.Integer(),
  withdrawn: Type.Integer(),
  refusals: Type.Array(RefusalView),
});
export const ImportRunList = Type.Object({
  items: Type.Array(
    Type.Intersect([Type.Object({ id: Type.String(), startedAt: Type.String({ format: 'date-time' }) }), ImportReportView]),
  ),
});

export type ImportRunList = Static<typeof ImportRunList>;

export const ImportRequest = Type.Object(
  { document: Type.String({ minLength: 1, maxLength: 900_000, description: 'A PFIF 1.1–1.4 XML document' }) },
  { additionalProperties: false },
);

export const PartnerNoteRequest = Type.Object(
  {
    personRecordId: Type.String({ minLength: 3, maxLength: 500 }),
    text: Type.String({ minLength: 1, maxLength: 2000 }),
    status: Type.Optional(literalEnum(NOTE_STATUSES)),
  },
  { additionalProperties: false },
);
export const PartnerNoteAnswer = Type.Object({ noteRecordId: Type.String() });

export const FeedQuery = Type.Object({
  cursor: Type.Optional(Type.String({ maxLength: 200, pattern: '^[A-Za-z0-9_-]+$' })),
  min_entry_date: Type.Optional(Type.String({ format: 'date-time' })),
  max_results: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
});

/** A change to a partner: any of its name, feed, field permissions, whether it is enabled, and a new key. */
export const ChangePartnerRequest = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    personFields: Type.Optional(
      Type.Array(literalEnum(GRANTABLE_PERSON_FIELDS), { uniqueItems: true, maxItems: GRANTABLE_PERSON_FIELDS.length }),
    ),
    /** The partner's PFIF feeds to pull; null stops pulling (and forgets our key there). */
    feedUrl: Type.Optional(Type.Union([Type.String({ format: 'uri', pattern: '^https?://', maxLength: 500 }), Type.Null()])),
    /** Our key at the partner's site; needed with a feed address when none is held yet. */
    feedKey: Type.Optional(Type.String({ minLength: 8, maxLength: 200 })),
    /** false: its key stops working, its feeds are no longer pulled and its records leave our gallery; true: restored. */
    enabled: Type.Optional(Type.Boolean()),
    /** true: a new key, shown once in the answer; the old one stops working at once. */
    rotateKey: Type.Optional(Type.Literal(true)),
    receivesAlerts: Type.Optional(Type.Boolean()),
    inExercise: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type ChangePartnerRequest = Static<typeof ChangePartnerRequest>;

export const ChangePartnerAnswer = Type.Object({
  partner: PartnerView,
  key: Type.Optional(Type.String({ description: 'The new key, when one was asked for: shown once.' })),
});
export type ChangePartnerAnswer = Static<typeof ChangePartnerAnswer>;

// Child Rescue Alerts offered to us by partners, and the national coordinator's decisions on them.
export const RELAY_STATES = ['offered', 'relayed', 'declined', 'withdrawn', 'ended'] as const;
export const RELAY_END_REASONS = ['found', 'cancelled', 'expired'] as const;
export const MIN_DECLINE_REASON = 10;

export const OfferedInfoView = Type.Object({
  language: Type.String(),
  headline: Type.String(),
  description: Type.Union([Type.String(), Type.Null()]),
  instruction: Type.Union([Type.String(), Type.Null()]),
  areaDesc: Type.Union([Type.String(), Type.Null()]),
  /** On the origin's site, only when the partner granted us photos. */
  photoUri: Type.Union([Type.String(), Type.Null()]),
});

export const RelayContentInput = Type.Object(
  {
    language: Type.String({ minLength: 2, maxLength: 35 }),
    headline: Type.String({ minLength: 1, maxLength: 300 }),
    description: Type.String({ minLength: 1, maxLength: 5000 }),
  },
  { additionalProperties: false },
);

export const AlertOfferView = Type.Object({
  id: Type.String(),
  state: literalEnum(RELAY_STATES),
  capStatus: Type.String(),
  partner: Type.Object({ code: Type.String(), name: Type.String() }),
  senderName: Type.Union([Type.String(), Type.Null()]),
  infos: Type.Array(OfferedInfoView),
  originExpiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  offeredAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  decidedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  decidedBy: Type.Union([Type.String(), Type.Null()]),
  declineReason: Type.Union([Type.String(), Type.Null()]),
  /** When the relay ends here (never after the origin's end); null until relayed. */
  relayEndsAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  relayContents: Type.Array(RelayContentInput),
  /** Our public page of the relayed alert, once relayed. */
  publicPath: Type.Union([Type.String(), Type.Null()]),
  endedReason: Type.Union([literalEnum(RELAY_END_REASONS), Type.Null()]),
});
export type AlertOfferView = Static<typeof AlertOfferView>;
export const AlertOfferList = Type.Object({ items: Type.Array(AlertOfferView) });
export type AlertOfferList = Static<typeof AlertOfferList>;
export const AlertOfferParams = Type.Object({ id: Type.String({ format: 'uuid' }) });

export const RelayRequest = Type.Object(
  {
    /** Our end of the relay; the origin's when left out, and never later than it. */
    expiresAt: Type.Optional(Type.String({ format: 'date-time' })),
    /** Our own texts of the appeal in our languages, shown before the origin's. */
    contents: Type.Optional(Type.Array(RelayContentInput, { maxItems: 12 })),
  },
  { additionalProperties: false },
);
export type RelayRequest = Static<typeof RelayRequest>;

export const DeclineRequest = Type.Object(
  { reason: Type.String({ minLength: MIN_DECLINE_REASON, maxLength: 2000 }) },
  { additionalProperties: false },
);
export type DeclineRequest = Static<typeof DeclineRequest>;

/** A page of the alert feed partners pull: each item an alert's latest CAP 1.2 message, cut to their grants. */
export const AlertFeedAnswer = Type.Object({
  items: Type.Array(
    Type.Object({
      incident: Type.String(),
      msgType: Type.String(),
      ended: Type.Union([literalEnum(RELAY_END_REASONS), Type.Null()]),
      cap: Type.String({ description: 'The CAP 1.2 XML message' }),
    }),
  ),
});
