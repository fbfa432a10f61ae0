// Sign-in (password, then TOTP), sign-out, the current session, and personal API tokens.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { notFound, Problem } from '../http/problem.ts';
import { actorOf } from './access.ts';
import { findUserByEmail, findUserById, type UserRow } from './accounts.ts';
import { auditActor } from './actor.ts';
import { createApiToken, listApiTokens, revokeApiToken } from './api-tokens.ts';
import { verifyPassword } from './passwords.ts';
import { ROLE_GRANTS } from './roles.ts';
import { CodeRequest, SessionState, SignInRequest, TokenCreated, TokenRequest, TokenSummary, TotpEnrolment } from './schemas.ts';
import { activateSession, createSession, endSession, SESSION_COOKIE, type SessionStage } from './sessions.ts';
import { checkTotpCode, newTotpSecret, totpUri } from './totp.ts';

export const MAX_FAILED_SIGN_INS = 5;
export const LOCK_MINUTES = 15;

const wrongCredentials = () =>
  new Problem(401, 'wrong-credentials', 'Sign-in failed', 'The email or password is wrong.');

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

function refuseLocked(user: UserRow, now: Date): void {
  if (user.disabled_at) throw wrongCredentials();
  if (user.locked_until && user.locked_until > now) {
    throw new Problem(423, 'account-locked', 'Account locked', `After ${MAX_FAILED_SIGN_INS} failed attempts this account is locked until ${user.locked_until.toISOString()}; an administrator can unlock it sooner.`);
  }
}

export function registerAuthRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db, clock, config, metrics } = deps;
  const policy = { idleMinutes: config.sessionIdleMinutes, absoluteHours: config.sessionAbsoluteHours };
  const secureCookie = config.publicUrl.startsWith('https:');
  // Per client address: slows a password spray across many accounts; the per-account lock stops guessing one.
  const signInLimit = { max: 20, timeWindow: '1 minute' };

  const setSessionCookie = (reply: FastifyReply, value: string, expires: Date) =>
    reply.setCookie(SESSION_COOKIE, value, { path: '/', httpOnly: true, sameSite: 'strict', secure: secureCookie, expires });

  /** Records a failed second-factor or password attempt; locks the account after too many. */
  async function recordFailure(request: FastifyRequest, user: UserRow, what: string) {
    const now = clock();
    await db.transaction(async (tx) => {
      const { rows } = await tx.query<{ failed_sign_ins: number }>(
        'UPDATE users SET failed_sign_ins = failed_sign_ins + 1 WHERE id = $1 RETURNING failed_sign_ins',
        [user.id],
      );
      const failures = rows[0]?.failed_sign_ins ?? 0;
      const locks = failures >= MAX_FAILED_SIGN_INS;
      if (locks) {
        await tx.query('UPDATE users SET locked_until = $2, failed_sign_ins = 0 WHERE id = $1', [user.id, new Date(now.getTime() + LOCK_MINUTES * 60_000)]);
      }
      await appendAudit(
        tx,
        { actorId: user.id, actor: user.email, ip: request.ip, action: locks ? 'auth.locked' : 'auth.failed', subjectType: 'user', subjectId: user.id, details: { what, failures } },
        now,
      );
    });
    metrics.signIns.inc({ outcome: 'failed' });
  }

  app.post(
    '/api/v1/auth/sign-in',
    {
      config: { access: 'public', rateLimit: signInLimit },
      schema: { tags: ['auth'], summary: 'Sign in with email and password', body: SignInRequest, response: { 200: SessionState } },
    },
    async (request, reply) => {
      const body = request.body as { email: string; password: string };
      const now = clock();
      const user = await findUserByEmail(db, body.email);
      if (user?.locked_until && user.locked_until > now) {
        metrics.signIns.inc({ outcome: 'locked' });
        throw new Problem(
          423,
          'account-locked',
          'Account locked',
          `After ${MAX_FAILED_SIGN_INS} failed attempts this account is locked until ${user.locked_until.toISOString()}; an administrator can unlock it sooner.`,
        );
      }
      const passwordOk = await verifyPassword(user?.password_hash, body.password);
      if (!user || !passwordOk || user.disabled_at) {
        if (user && !passwordOk) await recordFailure(request, user, 'password');
        else metrics.signIns.inc({ outcome: 'failed' });
        throw wrongCredentials();
      }
      const stage: SessionStage = user.totp_enabled ? 'totp_required' : ROLE_GRANTS[user.role].secondFactorRequired ? 'totp_enrolment' : 'active';
      const session = await db.transaction(async (tx) => {
        await tx.query('UPDATE users SET failed_sign_ins = 0 WHERE id = $1', [user.id]);
        await appendAudit(tx, { actorId: user.id, actor: user.email, ip: request.ip, action: 'auth.password_ok', subjectType: 'user', subjectId: user.id, details: { stage } }, now);
        return createSession(tx, user.id, stage, now, policy, request.ip);
      });
      metrics.signIns.inc({ outcome: stage === 'active' ? 'signed_in' : 'second_factor_pending' });
      setSessionCookie(reply, session.cookieValue, session.expiresAt);
      return { stage, csrfToken: session.csrfToken, secondFactor: false, user: sessionUser(user) };
    },
  );

  app.post(
    '/api/v1/auth/second-factor',
    {
      config: { access: 'sign-in-flow', rateLimit: signInLimit },
      schema: { tags: ['auth'], summary: 'Complete sign-in with a TOTP code', body: CodeRequest, response: { 200: SessionState } },
    },
    async (request, reply) => {
      const { code } = request.body as { code: string };
      const actor = actorOf(request);
      const session = request.session;
      if (!session) throw new Problem(400, 'no-session', 'No sign-in in progress', 'Sign in with your password first.');
      const user = (await findUserById(db, actor.userId))!;
      if (!user.totp_enabled || !user.totp_secret) {
        throw new Problem(409, 'no-second-factor', 'No second factor set up', 'Set up an authenticator app first.');
      }
      const now = clock();
      refuseLocked(user, now);
      const step = checkTotpCode(user.totp_secret, code, now, user.totp_last_step);
      if (step === undefined) {
        await recordFailure(request, user, 'totp');
        throw new Problem(401, 'wrong-code', 'Wrong code', 'That code is wrong or was already used; wait for the next one.');
      }
      const renewed = await db.transaction(async (tx) => {
        await tx.query('UPDATE users SET totp_last_step = $2, failed_sign_ins = 0 WHERE id = $1', [user.id, step]);
        const cookie = await activateSession(tx, session.id, now, policy);
        await appendAudit(tx, { ...auditActor(actor), action: 'auth.signed_in', subjectType: 'user', subjectId: user.id, details: { secondFactor: true } }, now);
        return cookie;
      });
      setSessionCookie(reply, renewed.cookieValue, renewed.expiresAt);
      metrics.signIns.inc({ outcome: 'signed_in' });
      return { stage: 'active' as const, csrfToken: session.csrf_token, secondFactor: true, user: sessionUser(user) };
    },
  );

  app.post(
    '/api/v1/auth/second-factor/enrolment',
    {
      config: { access: 'sign-in-flow' },
      schema: { tags: ['auth'], summary: 'Start setting up an authenticator app', response: { 200: TotpEnrolment } },
    },
    async (request) => {
      const actor = actorOf(request);
      const user = (await findUserById(db, actor.userId))!;
      // Replacing a working second factor needs a session that already proved it.
      if (user.totp_enabled && !actor.secondFactor) {
        throw new Problem(409, 'second-factor-exists', 'Second factor already set up', 'Sign in with your current code to replace it.');
      }
      const secret = newTotpSecret();
      // The new secret takes effect only once a code from it is confirmed.
      await db.query('UPDATE users SET totp_secret = $2, totp_enabled = false WHERE id = $1', [user.id, secret]);
      return { secret, otpauthUri: totpUri(secret, user.email) };
    },
  );

  app.post(
    '/api/v1/auth/second-factor/enrolment/confirm',
    {
      config: { access: 'sign-in-flow', rateLimit: signInLimit },
      schema: { tags: ['auth'], summary: 'Confirm the authenticator app with its first code', body: CodeRequest, response: { 200: SessionState } },
    },
    async (request, reply) => {
      const { code } = request.body as { code: string };
      const actor = actorOf(request);
      const user = (await findUserById(db, actor.userId))!;
      if (!user.totp_secret || user.totp_enabled) {
        throw new Problem(409, 'no-enrolment', 'No enrolment in progress', 'Start setting up an authenticator app first.');
      }
      const now = clock();
      refuseLocked(user, now);
      const step = checkTotpCode(user.totp_secret, code, now, user.totp_last_step);
      if (step === undefined) {
        await recordFailure(request, user, 'totp-enrolment');
        throw new Problem(401, 'wrong-code', 'Wrong code', 'That code is wrong; check the app shows Forget-me-not and try the next code.');
      }
      const renewed = await db.transaction(async (tx) => {
        await tx.query('UPDATE users SET totp_enabled = true, totp_last_step = $2, failed_sign_ins = 0 WHERE id = $1', [user.id, step]);
        const cookie = request.session ? await activateSession(tx, request.session.id, now, policy) : undefined;
        await appendAudit(tx, { ...auditActor(actor), action: 'auth.second_factor_enrolled', subjectType: 'user', subjectId: user.id }, now);
        return cookie;
      });
      if (renewed) setSessionCookie(reply, renewed.cookieValue, renewed.expiresAt);
      return { stage: 'active' as const, csrfToken: request.session?.csrf_token ?? '', secondFactor: true, user: sessionUser({ ...user, totp_enabled: true }) };
    },
  );

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
    { config: { access: 'sign-in-flow' }, schema: { tags: ['auth'], summary: 'Sign out', response: { 204: Type.Null() } } },
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

  app.get(
    '/api/v1/auth/tokens',
    { config: { access: 'staff' }, schema: { tags: ['auth'], summary: 'Your API tokens', response: { 200: Type.Object({ items: Type.Array(TokenSummary) }) } } },
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
      const { name } = request.body as { name: string };
      const now = clock();
      const created = await db.transaction(async (tx) => {
        const token = await createApiToken(tx, actor.userId, name, now);
        await appendAudit(tx, { ...auditActor(actor), action: 'token.created', subjectType: 'api_token', subjectId: token.id, details: { name } }, now);
        return token;
      });
      return reply.status(201).send({ id: created.id, name, token: created.token });
    },
  );

  app.delete(
    '/api/v1/auth/tokens/:tokenId',
    {
      config: { access: 'staff' },
      schema: { tags: ['auth'], summary: 'Revoke an API token', params: Type.Object({ tokenId: Type.String({ format: 'uuid' }) }), response: { 204: Type.Null() } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { tokenId } = request.params as { tokenId: string };
      const now = clock();
      const revoked = await db.transaction(async (tx) => {
        const done = await revokeApiToken(tx, actor.userId, tokenId, now);
        if (done) await appendAudit(tx, { ...auditActor(actor), action: 'token.revoked', subjectType: 'api_token', subjectId: tokenId }, now);
        return done;
      });
      if (!revoked) throw notFound('That token');
      return reply.status(204).send();
    },
  );
}
