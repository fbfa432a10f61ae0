// Payloads of the enrolment API (recipients, webhooks, screens), shared by the server and the console.
import { Type, type Static } from '@sinclair/typebox';
import {
  MAX_EXTERNAL_REF_LENGTH,
  MAX_JURISDICTION_CODES,
  MAX_LABEL_LENGTH,
  MAX_REPORTED_ERRORS,
  MAX_WEBHOOK_URL_LENGTH,
} from './limits.ts';

const Timestamp = Type.String({ format: 'date-time' });
const Language = Type.String({ minLength: 2, maxLength: 35 });
const Name = Type.String({ minLength: 1, maxLength: MAX_LABEL_LENGTH });

export const AreaRequest = Type.Object(
  {
    jurisdictionCodes: Type.Optional(Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: MAX_JURISDICTION_CODES })),
    // H3 cells of resolution 7 or coarser.
    cells: Type.Optional(Type.Array(Type.String({ pattern: '^[0-9a-fA-F]{15}$' }), { maxItems: 10_000 })),
    national: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type AreaRequest = Static<typeof AreaRequest>;

export const ImportQuery = Type.Object(
  { mode: Type.Union([Type.Literal('all-or-nothing'), Type.Literal('good-rows')], { default: 'all-or-nothing' }) },
  { additionalProperties: false },
);
export type ImportQuery = Static<typeof ImportQuery>;

const RowErrorView = Type.Object({ line: Type.Integer(), column: Type.Union([Type.String(), Type.Null()]), message: Type.String() });
export type RowError = Static<typeof RowErrorView>;

export const ImportResult = Type.Object({
  imported: Type.Integer({ description: 'Recipients added.' }),
  updated: Type.Integer({ description: 'Recipients already enrolled under the same external_ref, changed by their row.' }),
  unchanged: Type.Integer({ description: 'Recipients already enrolled exactly as their row says.' }),
  rejected: Type.Integer({ description: 'Rows refused (good-rows mode).' }),
  errors: Type.Array(RowErrorView, { maxItems: MAX_REPORTED_ERRORS }),
  webhookSecrets: Type.Array(Type.Object({ externalRef: Type.String(), secret: Type.String() }), {
    description: 'The signing secret of each webhook the import created: shown this once only.',
  }),
});
export type ImportResult = Static<typeof ImportResult>;

export const RecipientListQuery = Type.Object(
  {
    after: Type.Optional(Type.String({ maxLength: MAX_EXTERNAL_REF_LENGTH })),
    limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }),
    channel: Type.Optional(Type.Union([Type.Literal('email'), Type.Literal('sms'), Type.Literal('webhook')])),
  },
  { additionalProperties: false },
);
export type RecipientListQuery = Static<typeof RecipientListQuery>;

export const RecipientView = Type.Object({
  externalRef: Type.String(),
  label: Type.Union([Type.String(), Type.Null()]),
  language: Type.String(),
  includeExercises: Type.Boolean(),
  channel: Type.Union([Type.String(), Type.Null()]),
  address: Type.Union([Type.String(), Type.Null()]),
  confirmed: Type.Boolean(),
  cells: Type.Integer({ description: 'H3 cells (resolution 7) the recipient is enrolled in.' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const RecipientList = Type.Object({
  items: Type.Array(RecipientView),
  /** Pass as `after` for the next page; null on the last page. */
  nextAfter: Type.Union([Type.String(), Type.Null()]),
  counts: Type.Object({ total: Type.Integer(), email: Type.Integer(), sms: Type.Integer(), webhook: Type.Integer() }),
});
export type RecipientList = Static<typeof RecipientList>;

export const RecipientParams = Type.Object({ externalRef: Type.String({ minLength: 1, maxLength: MAX_EXTERNAL_REF_LENGTH }) });
export type RecipientParams = Static<typeof RecipientParams>;
export const DeleteAllQuery = Type.Object({ confirm: Type.Literal('yes') }, { additionalProperties: false });
export const DeletedCount = Type.Object({ deleted: Type.Integer() });

export const IdParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
export type IdParams = Static<typeof IdParams>;

export const NewWebhookRequest = Type.Object(
  {
    name: Name,
    url: Type.String({ minLength: 1, maxLength: MAX_WEBHOOK_URL_LENGTH }),
    area: AreaRequest,
    language: Type.Optional(Language),
    exercises: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type NewWebhookRequest = Static<typeof NewWebhookRequest>;

export const WebhookView = Type.Object({
  id: Type.String(),
  externalRef: Type.String(),
  name: Type.Union([Type.String(), Type.Null()]),
  url: Type.String(),
  language: Type.String(),
  exercises: Type.Boolean(),
  cells: Type.Integer(),
  areaNames: Type.Optional(
    Type.Array(Type.String(), { description: 'The police force areas (or countries) its cells fall in, most cells first.' }),
  ),
  previousSecretUntil: Type.Union([Timestamp, Type.Null()], {
    description: 'While a rotation’s overlap lasts, the previous secret also signs every request until then.',
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  lastDelivery: Type.Optional(
    Type.Union([
      Type.Object(
        {
          state: Type.String({ description: 'queued, retrying, sent, delivered, failed, dead or dropped' }),
          at: Timestamp,
          error: Type.Union([Type.String(), Type.Null()]),
        },
        { description: 'The latest delivery to this webhook among the most recent alert messages; null if none.' },
      ),
      Type.Null(),
    ]),
  ),
});
export type WebhookView = Static<typeof WebhookView>;
export const WebhookCreated = Type.Composite([WebhookView, Type.Object({ secret: Type.String({ description: 'Shown this once only.' }) })]);
export const WebhookSecret = Type.Object({
  id: Type.String(),
  secret: Type.String({ description: 'Shown this once only.' }),
  previousSecretUntil: Type.Optional(
    Type.Union([Timestamp, Type.Null()], { description: 'Until when the previous secret also signs (24 hours unless ended sooner).' }),
  ),
});
export const WebhookOverlapEnded = Type.Object({
  id: Type.String(),
  ended: Type.Boolean({ description: 'false when no overlap was running' }),
});

export const NewScreenRequest = Type.Object(
  {
    name: Name,
    area: Type.Optional(AreaRequest),
    language: Type.Optional(Language),
    exercises: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type NewScreenRequest = Static<typeof NewScreenRequest>;

export const ScreenView = Type.Object({
  id: Type.String(),
  name: Type.String(),
  language: Type.String(),
  exercises: Type.Boolean(),
  cells: Type.Integer({ description: 'H3 cells of its area; 0 shows every appeal in the country.' }),
  areaNames: Type.Optional(
    Type.Array(Type.String(), { description: 'The police force areas (or countries) its cells fall in, most cells first.' }),
  ),
  createdAt: Timestamp,
  revokedAt: Type.Union([Timestamp, Type.Null()]),
  lastSeenAt: Type.Union([Timestamp, Type.Null()]),
});
export type ScreenView = Static<typeof ScreenView>;
export const ScreenCreated = Type.Composite([
  ScreenView,
  Type.Object({ url: Type.String({ description: 'The secret address of the screen: shown this once only.' }) }),
]);
