// Sign-in (password, then TOTP, with back-off instead of a lock), setting up and replacing the second factor,
// sign-out, the current session, and personal API tokens.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { NoContent } from '../http/schema-types.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { notFound, Problem } from '../http/problem.ts';
import { actorOf } from './access.ts';
import { confirmTotpEnrolment, findUserByEmail, findUserById, recordTotpStep, startTotpEnrolment, type UserRow } from './accounts.ts';
import { auditActor } from './actor.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { clearAccountBackoff, recordSignInFailure, refuseIfWaiting, type SignInKeys } from './backoff.ts';
import { prepareStandInHash, verifyPassword } from './passwords.ts';
import { ROLE_GRANTS } from './roles.ts';
import {
  CodeRequest,
  EnrolmentRequest,
  SessionState,
  SignInRequest,
  TokenCreated,
  TokenRequest,
  TokenSummary,
  TotpEnrolment,
} from './schemas.ts';
import { activateSession, createSession, endSession, recordWrongCode, SESSION_COOKIE, type SessionStage } from './sessions.ts';
import { checkTotpCode, newTotpSecret, totpUri } from './totp.ts';

const TokenParams = Type.Object({ tokenId: Type.String({ format: 'uuid' }) });

/** Wrong codes one sign-in may give before the password has to be given again. */
export const MAX_CODES_PER_SIGN_IN = 5;
/** How long a new authenticator app has to be confirmed before the enrolment lapses. */
export const ENROLMENT_MINUTES = 10;

// One answer for a wrong password, an unknown account and a disabled one: the same status and body.
const wrongCredentials = () => new Problem(401, 'wrong-credentials', 'Sign-in failed', 'The email or password is wrong.');

// Changing a second factor is done by its owner, in a browser session, never with an API token.
const sessionOnly = () =>
  new Problem(403, 'session-required', 'Sign in first', 'A second factor is set up in a signed-in session, not with an API token.');

function sessionUser(user: UserRow) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisation: { id: user.organisation_id, code: user.organisation_code, name: user.organisation_name, kind: user.organisation_kind },
    permissions: [...ROLE_GRANTS[user.role].permissions],
  };
}

type SignInSupport = ReturnType<typeof signInSupport>;

/** What every step of signing in shares: the session policy, the cookie, the rate limit, back-off and wrong answers. */
function signInSupport(deps: AppDeps) {
  const { db, clock, config, metrics } = deps;
  const policy = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  const secureCookie = config.publicUrl.startsWith('https:');
  // A coarse limit per address in each process; the back-off kept in the database (backoff.ts) is the real one.
  const signInLimit = { max: 20, timeWindow: '1 minute' };

  const setSessionCookie = (reply: FastifyReply, value: string, expires: Date) =>
    reply.setCookie(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookie, expires });

  /** Waits (429) if the account or address is in back-off; counted as a refusal in the metrics. */
  async function refuseWaiting(keys: SignInKeys, now: Date) {
    try {
      await refuseIfWaiting(db, keys, now);
    } catch (error) {
      metrics.signIns.inc({ outcome: 'waiting' });
      throw error;
    }
  }

  /** Records a failed password: the same work whether or not the account exists, so neither answer nor time tells. */
  async function recordPasswordFailure(request: FastifyRequest, keys: SignInKeys, user: UserRow | undefined) {
    const now = clock();
    await db.transaction(async (tx) => {
      await recordSignInFailure(tx, keys, now);
      await appendAudit(
        tx,
        {
          actorId: user?.id ?? null,
          actor: user?.email ?? 'unknown account',
          ip: request.ip,
          action: 'auth.failed',
          subjectType: 'user',
          subjectId: user?.id ?? null,
          details: { what: 'password' },
        },
        now,
      );
    });
    metrics.signIns.inc({ outcome: 'failed' });
  }

  /** A wrong code: counted for back-off, and after MAX_CODES_PER_SIGN_IN in one session the session ends. */
  async function refuseWrongCode(request: FastifyRequest, user: UserRow, what: string, hint: string): Promise<never> {
    const now = clock();
    const session = request.session;
    const ended = await db.transaction(async (tx) => {
      await recordSignInFailure(tx, { email: user.email, address: request.ip }, now);
      const wrong = session ? await recordWrongCode(tx, session.id) : 0;
      const end = session !== null && wrong >= MAX_CODES_PER_SIGN_IN;
      if (end) await endSession(tx, session.id, now);
      await appendAudit(
        tx,
        {
          actorId: user.id,
          actor: user.email,
          ip: request.ip,
          action: 'auth.failed',
          subjectType: 'user',
          subjectId: user.id,
          details: { what, sessionEnded: end },
        },
        now,
      );
      return end;
    });
    metrics.signIns.inc({ outcome: 'failed' });
    throw new Problem(401, 'wrong-code', 'Wrong code', ended ? 'Too many wrong codes: sign in again with your password.' : hint);
  }

  return { policy, signInLimit, setSessionCookie, refuseWaiting, recordPasswordFailure, refuseWrongCode };
}

export function registerAuthRoutes(app: TypedApp, deps: AppDeps): void {
  // Started now so the first sign-in of an unknown user takes as long as any other; it catches its own failure.
  void prepareStandInHash();
  const support = signInSupport(deps);
  registerPasswordSignInRoute(app, deps, support);
  registerSecondFactorSignInRoute(app, deps, support);
  registerEnrolmentStartRoute(app, deps, support);
  registerEnrolmentConfirmRoute(app, deps, support);
  registerSessionRoutes(app, deps);
  registerApiTokenRoutes(app, deps);
}

/** The first step: email and password, answered the same way for every kind of failure. */
function registerPasswordSignInRoute(app: TypedApp, { db, clock, metrics }: AppDeps, support: SignInSupport): void {
  const { policy, signInLimit, setSessionCookie, refuseWaiting, recordPasswordFailure } = support;
  app.post(
    '/api/v1/auth/sign-in',
    {
      config: { access: 'public', rateLimit: signInLimit },
      schema: { tags: ['auth'], summary: 'Sign in with email and password', body: SignInRequest, response: { 200: SessionState } },
    },
    async (request, reply) => {
      const body = request.body;
      const now = clock();
      const keys = { email: body.email, address: request.ip };
      await refuseWaiting(keys, now);
      const user = await findUserByEmail(db, body.email);
      // An unknown account is checked against a stand-in hash, so it takes as long as a known one.
      const passwordOk = await verifyPassword(user?.password_hash, body.password);
      if (!user || !passwordOk || user.disabled_at) {
        await recordPasswordFailure(request, keys, user);
        throw wrongCredentials();
      }
      const stage: SessionStage = user.totp_enabled
        ? 'totp_required'
        : ROLE_GRANTS[user.role].secondFactorRequired || user.totp_enrolment_required
          ? 'totp_enrolment'
          : 'active';
      const session = await db.transaction(async (tx) => {
        // A password alone clears the account's count only when no second factor is to follow.
        if (stage === 'active') await clearAccountBackoff(tx, user.email);
        await appendAudit(
          tx,
          {
            actorId: user.id,
            actor: user.email,
            ip: request.ip,
            action: 'auth.password_ok',
            subjectType: 'user',
            subjectId: user.id,
            details: { stage },
          },
          now,
        );
        return createSession(tx, user.id, stage, now, policy, request.ip);
      });
      metrics.signIns.inc({ outcome: stage === 'active' ? 'signed_in' : 'second_factor_pending' });
      setSessionCookie(reply, session.cookieValue, session.expiresAt);
      return { stage, csrfToken: session.csrfToken, secondFactor: false, user: sessionUser(user) };
    },
  );
}

/** The second step: a TOTP code from the app set up before. */
function registerSecondFactorSignInRoute(app: TypedApp, { db, clock, metrics }: AppDeps, support: SignInSupport): void {
  const { policy, signInLimit, setSessionCookie, refuseWaiting, refuseWrongCode } = support;
  app.post(
    '/api/v1/auth/second-factor',
    {
      config: { access: 'sign-in-flow', rateLimit: signInLimit },
      schema: { tags: ['auth'], summary: 'Complete sign-in with a TOTP code', body: CodeRequest, response: { 200: SessionState } },
    },
    async (request, reply) => {
      const { code } = request.body;
      const actor = actorOf(request);
      const session = request.session;
      if (!session) throw new Problem(400, 'no-session', 'No sign-in in progress', 'Sign in with your password first.');
      const user = (await findUserById(db, actor.userId))!;
      if (!user.totp_enabled || !user.totp_secret) {
        throw new Problem(409, 'no-second-factor', 'No second factor set up', 'Set up an authenticator app first.');
      }
      const now = clock();
      await refuseWaiting({ email: user.email, address: request.ip }, now);
      const step = checkTotpCode(user.totp_secret, code, now, user.totp_last_step);
      if (step === undefined)
        await refuseWrongCode(request, user, 'totp', 'That code is wrong or was already used; wait for the next one.');
      const renewed = await db.transaction(async (tx) => {
        await recordTotpStep(tx, user.id, step!);
        await clearAccountBackoff(tx, user.email);
        const cookie = await activateSession(tx, session.id, now, policy);
        await appendAudit(
          tx,
          { ...auditActor(actor), action: 'auth.signed_in', subjectType: 'user', subjectId: user.id, details: { secondFactor: true } },
          now,
        );
        return cookie;
      });
      setSessionCookie(reply, renewed.cookieValue, renewed.expiresAt);
      metrics.signIns.inc({ outcome: 'signed_in' });
      return { stage: 'active' as const, csrfToken: session.csrf_token, secondFactor: true, user: sessionUser(user) };
    },
  );
}

/** Setting up an authenticator app, or starting to replace the one in use. */
function registerEnrolmentStartRoute(app: TypedApp, { db, clock }: AppDeps, support: SignInSupport): void {
  const { signInLimit, refuseWaiting, refuseWrongCode } = support;
  app.post(
    '/api/v1/auth/second-factor/enrolment',
    {
      config: { access: 'sign-in-flow', rateLimit: signInLimit },
      schema: {
        tags: ['auth'],
        summary: 'Start setting up an authenticator app (to replace one in use: in a session signed in with it, with a fresh code from it)',
        body: EnrolmentRequest,
        response: { 200: TotpEnrolment },
      },
      // A first enrolment has nothing to send: no body at all is an empty one.
      preValidation: (request, _reply, done) => {
        // Read as sent: before validation the body may be missing, whatever its schema says.
        const sent: unknown = request.body;
        if (sent === undefined || sent === null) request.body = {};
        done();
      },
    },
    async (request) => {
      const actor = actorOf(request);
      if (actor.via !== 'session' || !request.session) throw sessionOnly();
      const user = (await findUserById(db, actor.userId))!;
      const now = clock();
      const replacing = user.totp_enabled && user.totp_secret !== null;
      if (replacing) {
        // The factor in force stays until the new one is confirmed, and only its holder may start replacing it.
        if (!actor.secondFactor) {
          throw new Problem(
            409,
            'second-factor-exists',
            'Second factor already set up',
            'Sign in with your current code first; an administrator can reset a lost one.',
          );
        }
        const code = request.body.code;
        if (!code)
          throw new Problem(
            403,
            'current-code-required',
            'Current code required',
            'To replace your authenticator app, give a fresh code from the one you use now.',
          );
        await refuseWaiting({ email: user.email, address: request.ip }, now);
        const step = checkTotpCode(user.totp_secret!, code, now, user.totp_last_step);
        if (step === undefined)
          await refuseWrongCode(request, user, 'totp-replacement', 'That code is wrong or was already used; wait for the next one.');
        await recordTotpStep(db, user.id, step!);
      }
      const secret = newTotpSecret();
      const expiresAt = new Date(now.getTime() + ENROLMENT_MINUTES * 60_000);
      await db.transaction(async (tx) => {
        await startTotpEnrolment(tx, user.id, secret, expiresAt);
        await appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: 'auth.second_factor_enrolment_started',
            subjectType: 'user',
            subjectId: user.id,
            details: { replacing },
          },
          now,
        );
      });
      return { secret, otpauthUri: totpUri(secret, user.email), expiresAt: expiresAt.toISOString() };
    },
  );
}

/** Confirming the new authenticator app with its first code, which also completes the sign-in. */
function registerEnrolmentConfirmRoute(app: TypedApp, { db, clock }: AppDeps, support: SignInSupport): void {
  const { policy, signInLimit, setSessionCookie, refuseWaiting, refuseWrongCode } = support;
  app.post(
    '/api/v1/auth/second-factor/enrolment/confirm',
    {
      config: { access: 'sign-in-flow', rateLimit: signInLimit },
      schema: {
        tags: ['auth'],
        summary: 'Confirm the authenticator app with its first code',
        body: CodeRequest,
        response: { 200: SessionState },
      },
    },
    async (request, reply) => {
      const { code } = request.body;
      const actor = actorOf(request);
      if (actor.via !== 'session' || !request.session) throw sessionOnly();
      const session = request.session;
      const user = (await findUserById(db, actor.userId))!;
      const now = clock();
      const replacing = user.totp_enabled;
      if (replacing && !actor.secondFactor) {
        throw new Problem(
          409,
          'second-factor-exists',
          'Second factor already set up',
          'Sign in with your current code first; an administrator can reset a lost one.',
        );
      }
      if (!user.totp_pending_secret || !user.totp_pending_until || user.totp_pending_until <= now) {
        throw new Problem(
          409,
          'no-enrolment',
          'No enrolment in progress',
          `Start setting up an authenticator app first; an unconfirmed one lapses after ${ENROLMENT_MINUTES} minutes.`,
        );
      }
      await refuseWaiting({ email: user.email, address: request.ip }, now);
      const step = checkTotpCode(user.totp_pending_secret, code, now, user.totp_last_step);
      if (step === undefined)
        await refuseWrongCode(
          request,
          user,
          'totp-enrolment',
          'That code is wrong; check the app shows Forget-me-not and try the next code.',
        );
      const renewed = await db.transaction(async (tx) => {
        if (!(await confirmTotpEnrolment(tx, user.id, step!, now))) {
          throw new Problem(409, 'no-enrolment', 'No enrolment in progress', 'Start setting up an authenticator app first.');
        }
        await clearAccountBackoff(tx, user.email);
        const cookie = await activateSession(tx, session.id, now, policy);
        await appendAudit(
          tx,
          { ...auditActor(actor), action: 'auth.second_factor_enrolled', subjectType: 'user', subjectId: user.id, details: { replacing } },
          now,
        );
        return cookie;
      });
      setSessionCookie(reply, renewed.cookieValue, renewed.expiresAt);
      return {
        stage: 'active' as const,
        csrfToken: session.csrf_token,
        secondFactor: true,
        user: sessionUser({ ...user, totp_enabled: true }),
      };
    },
  );
}

/** The current session, and signing out of it. */
function registerSessionRoutes(app: TypedApp, { db, clock }: AppDeps): void {
  app.get(
    '/api/v1/auth/session',
    { config: { access: 'sign-in-flow' }, schema: { tags: ['auth'], summary: 'The current session', response: { 200: SessionState } } },
    async (request) => {
      const actor = actorOf(request);
      const user = (await findUserById(db, actor.userId))!;
      return {
        stage: request.session?.stage ?? 'active',
        csrfToken: request.session?.csrf_token ?? '',
        secondFactor: actor.secondFactor,
        user: sessionUser(user),
      };
    },
  );

  app.post(
    '/api/v1/auth/sign-out',
    { config: { access: 'sign-in-flow' }, schema: { tags: ['auth'], summary: 'Sign out', response: { 204: NoContent } } },
    async (request, reply) => {
      const actor = actorOf(request);
      if (request.session) {
        const now = clock();
        await db.transaction(async (tx) => {
          await endSession(tx, request.session!.id, now);
          await appendAudit(tx, { ...auditActor(actor), action: 'auth.signed_out', subjectType: 'user', subjectId: actor.userId }, now);
        });
      }
      reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    },
  );
}

/** Personal API tokens: listed, created (shown once) and revoked by their owner. */
function registerApiTokenRoutes(app: TypedApp, { db, clock }: AppDeps): void {
  app.get(
    '/api/v1/auth/tokens',
    {
      config: { access: 'staff' },
      schema: { tags: ['auth'], summary: 'Your API tokens', response: { 200: Type.Object({ items: Type.Array(TokenSummary) }) } },
    },
    async (request) => {
      const rows = await listApiTokens(db, actorOf(request).userId);
      return {
        items: rows.map((row) => ({
          id: row.id,
          name: row.name,
          createdAt: row.created_at.toISOString(),
          lastUsedAt: row.last_used_at?.toISOString() ?? null,
          revokedAt: row.revoked_at?.toISOString() ?? null,
        })),
      };
    },
  );

  app.post(
    '/api/v1/auth/tokens',
    {
      config: { access: 'staff' },
      schema: { tags: ['auth'], summary: 'Create an API token (shown once)', body: TokenRequest, response: { 201: TokenCreated } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { name } = request.body;
      const now = clock();
      const created = await db.transaction(async (tx) => {
        const token = await createApiToken(tx, actor.userId, name, now);
        await appendAudit(
          tx,
          { ...auditActor(actor), action: 'token.created', subjectType: 'api_token', subjectId: token.id, details: { name } },
          now,
        );
        return token;
      });
      return reply.status(201).send({ id: created.id, name, token: created.token });
    },
  );

  app.delete(
    '/api/v1/auth/tokens/:tokenId',
    {
      config: { access: 'staff' },
      schema: { tags: ['auth'], summary: 'Revoke an API token', params: TokenParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { tokenId } = request.params;
      const now = clock();
      const revoked = await db.transaction(async (tx) => {
        const done = await revokeApiToken(tx, actor.userId, tokenId, now);
        if (done)
          await appendAudit(tx, { ...auditActor(actor), action: 'token.revoked', subjectType: 'api_token', subjectId: tokenId }, now);
        return done;
      });
      if (!revoked) throw notFound('That token');
      return reply.status(204).send();
    },
  );
}
