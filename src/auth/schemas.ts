// Payloads of the sign-in and account API, shared by the server and the console.
import { Type, type Static } from '@sinclair/typebox';
import { literalUnion } from '../http/schema-types.ts';
import { MAX_PASSWORD_LENGTH } from './passwords.ts';
import { ROLES } from './roles.ts';

export const Email = Type.String({ format: 'email', maxLength: 254 });
export const RoleSchema = literalUnion(ROLES);

export const SignInRequest = Type.Object(
  { email: Email, password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }) },
  { additionalProperties: false },
);

export const CodeRequest = Type.Object({ code: Type.String({ pattern: '^[0-9]{6}$' }) }, { additionalProperties: false });

export const SessionUser = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  organisation: Type.Object({ id: Type.String(), code: Type.String(), name: Type.String(), kind: Type.String() }),
  permissions: Type.Array(Type.String()),
});

export const SessionState = Type.Object({
  stage: Type.Union([Type.Literal('totp_required'), Type.Literal('totp_enrolment'), Type.Literal('active')]),
  csrfToken: Type.String(),
  secondFactor: Type.Boolean(),
  user: SessionUser,
});
export type SessionState = Static<typeof SessionState>;

/** Starting to replace a second factor in use needs a fresh code from it; a first one needs nothing. */
export const EnrolmentRequest = Type.Object(
  { code: Type.Optional(Type.String({ pattern: '^[0-9]{6}$' })) },
  { additionalProperties: false },
);
export const TotpEnrolment = Type.Object({
  secret: Type.String(),
  otpauthUri: Type.String(),
  expiresAt: Type.String({ format: 'date-time', description: 'Confirm a code from the new app before this, or start again' }),
});

export const TokenRequest = Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }, { additionalProperties: false });
export const TokenCreated = Type.Object({ id: Type.String(), name: Type.String(), token: Type.String() });
export const TokenSummary = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const UserSummary = Type.Object({
  id: Type.String(),
  email: Type.String(),
  name: Type.String(),
  role: RoleSchema,
  organisationCode: Type.String(),
  secondFactorEnabled: Type.Boolean(),
  locked: Type.Boolean(),
  disabled: Type.Boolean(),
  /** Invited, and the person has not yet set a password through their link. */
  awaitingPassword: Type.Boolean(),
  lastSignInAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type UserSummary = Static<typeof UserSummary>;

export const InvitationRequest = Type.Object(
  {
    email: Email,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    role: RoleSchema,
    organisationCode: Type.String({ minLength: 1, maxLength: 50 }),
  },
  { additionalProperties: false },
);

/**
 * A one-time link, shown once to the administrator; the secret is after "#". `emailed` says whether it also went
 * to the person's own address through the mail relay (false without one, or when the relay refused it): if not,
 * the administrator passes it on.
 */
export const IssuedLink = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  link: Type.String(),
  code: Type.String(),
  expiresAt: Type.String({ format: 'date-time' }),
  emailed: Type.Boolean(),
});
export type IssuedLink = Static<typeof IssuedLink>;

export const UserChangeRequest = Type.Object(
  { role: Type.Optional(RoleSchema), organisationCode: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })) },
  { additionalProperties: false, minProperties: 1 },
);

export const SetPasswordRequest = Type.Object(
  { code: Type.String({ minLength: 20, maxLength: 200 }), password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }) },
  { additionalProperties: false },
);
