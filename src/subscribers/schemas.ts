// Payloads of the public subscription API, for partners' apps and the console.
import { Type, type Static } from '@sinclair/typebox';
import { literalEnum } from '../http/schema-types.ts';
import { SITE_LANGUAGES } from '../i18n/i18n.ts';
import { MAX_PUSH_ENDPOINT_LENGTH } from './addresses.ts';
import { MAX_PLACES } from './sign-up.ts';

const closed = { additionalProperties: false } as const;

export const SubscriptionPlace = Type.Object(
  {
    name: Type.Optional(
      Type.String({ minLength: 1, maxLength: 100, description: 'A UK town or city, e.g. "Oxford" or "Newport, Wales".' }),
    ),
    lon: Type.Optional(
      Type.Number({
        minimum: -180,
        maximum: 180,
        description: 'With lat: a position, rounded to two decimals and kept only as its coarse cell.',
      }),
    ),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    widen: Type.Optional(Type.Boolean({ description: 'Also the neighbouring cells (about 36 km² in all instead of 5 km²).' })),
  },
  closed,
);

export const SubscriptionRequest = Type.Object(
  {
    email: Type.Optional(Type.String({ maxLength: 320 })),
    phone: Type.Optional(
      Type.String({ maxLength: 40, description: 'A mobile number; without a country code it is taken as a UK number.' }),
    ),
    push: Type.Optional(
      Type.Object(
        {
          endpoint: Type.String({ maxLength: MAX_PUSH_ENDPOINT_LENGTH }),
          keys: Type.Object({ p256dh: Type.String({ maxLength: 200 }), auth: Type.String({ maxLength: 100 }) }, closed),
        },
        { ...closed, description: "A browser's PushSubscription (toJSON()), confirmed at once." },
      ),
    ),
    places: Type.Array(SubscriptionPlace, { minItems: 1, maxItems: MAX_PLACES }),
    language: Type.Optional(literalEnum(SITE_LANGUAGES)),
    includeExercises: Type.Optional(Type.Boolean()),
    consent: Type.Literal(true, { description: 'The person agreed that their addresses and area are kept to send them alerts.' }),
  },
  closed,
);
export type SubscriptionRequest = Static<typeof SubscriptionRequest>;

export const SubscriptionAccepted = Type.Object({
  status: Type.Literal('accepted', {
    description: 'Confirmations are on their way to any email or phone given; nothing says whether an address was known.',
  }),
});

export const CodeConfirmation = Type.Object(
  { phone: Type.String({ minLength: 1, maxLength: 40 }), code: Type.String({ pattern: '^[0-9]{6}$' }) },
  closed,
);
export type CodeConfirmation = Static<typeof CodeConfirmation>;

export const CodeConfirmed = Type.Object({ status: Type.Literal('confirmed') });

export const VapidPublicKey = Type.Object({
  publicKey: Type.String({ description: 'The applicationServerKey for PushManager.subscribe, base64url.' }),
});
