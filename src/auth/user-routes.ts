// Staff accounts for administrators: list, create, invite, disable and enable, change role or organisation,
// send a password reset link, end a sign-in back-off, reset a lost second factor; and the public page's
// "set your password" step that invitations and resets lead to.
import { NoContent } from '../http/schema-types.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { forbidden, notFound, Problem } from '../http/problem.ts';
import { actorOf } from './access.ts';
import { findUserById, listUsers, type UserRow } from './accounts.ts';
import { auditActor, requireSecondFactorSession, type Actor } from './actor.ts';
import { accountsWaiting, clearAccountBackoff } from './backoff.ts';
import { resetSecondFactor } from './second-factor-reset.ts';
import { InvitationRequest, IssuedLink, SetPasswordRequest, UserChangeRequest, UserSummary } from './schemas.ts';
import { mailAccountLink } from './account-mail.ts';
import {
  accountActivity,
  changeUser,
  disableUser,
  enableUser,
  inviteUser,
  issuePasswordReset,
  setPasswordWithLink,
  type AccountActivity,
  type IssuedLink as Issued,
} from './account-lifecycle.ts';

const UserParams = Type.Object({ userId: Type.String({ format: 'uuid' }) });

/** The national centre's administrators manage every account; others only their organisation's. */
function managedOrganisation(actor: Actor): string | undefined {
  return actor.organisationKind === 'national_centre' ? undefined : actor.organisationId;
}

function summary(user: UserRow, waiting: Set<string>, activity: AccountActivity | undefined) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationCode: user.organisation_code,
    secondFactorEnabled: user.totp_enabled,
    // Sign-ins to this account are waiting after failed attempts (there is no hard lock).
    locked: waiting.has(user.email),
    disabled: user.disabled_at !== null,
    awaitingPassword: activity?.awaitingPassword ?? false,
    lastSignInAt: activity?.lastSignInAt ? activity.lastSignInAt.toISOString() : null,
  };
}

/** The link as the administrator sees it, after trying to email it to the person (see `account-mail.ts`). */
async function issuedLink(config: AppDeps['config'], issued: Issued): Promise<IssuedLink> {
  const mailing = await mailAccountLink(config, issued);
  return {
    userId: issued.userId,
    email: issued.email,
    link: issued.link,
    code: issued.code,
    expiresAt: issued.expiresAt.toISOString(),
    emailed: mailing === 'sent',
  };
}

async function summaries(deps: Pick<AppDeps, 'db' | 'clock'>, users: UserRow[]) {
  const waiting = await accountsWaiting(
    deps.db,
    users.map((user) => user.email),
    deps.clock(),
  );
  const activity = await accountActivity(
    deps.db,
    users.map((user) => user.id),
  );
  return users.map((user) => summary(user, waiting, activity.get(user.id)));
}

export function registerUserRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock } = deps;

  app.get(
    '/api/v1/users',
    {
      config: { access: 'user:manage' },
      schema: { tags: ['users'], summary: 'All staff accounts', response: { 200: Type.Object({ items: Type.Array(UserSummary) }) } },
    },
    async (request) => {
      const only = managedOrganisation(actorOf(request));
      return {
        items: await summaries(
          deps,
          (await listUsers(db)).filter((user) => !only || user.organisation_id === only),
        ),
      };
    },
  );

  app.post(
    '/api/v1/users/:userId/unlock',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['users'],
        summary: 'End the wait on an account’s sign-ins after failed attempts',
        params: UserParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { userId } = request.params;
      const user = await reachableUser(actor, userId);
      const now = clock();
      await db.transaction(async (tx) => {
        await clearAccountBackoff(tx, user.email);
        await appendAudit(tx, { ...auditActor(actor), action: 'user.unlocked', subjectType: 'user', subjectId: userId }, now);
      });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/users/:userId/second-factor/reset',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['users'],
        summary:
          'Reset a lost second factor: its sessions end and the next sign-in sets up a new one (administrators signed in with a second factor)',
        params: UserParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { userId } = request.params;
      if (!actor.secondFactor) {
        throw new Problem(
          403,
          'second-factor-required',
          'Second factor required',
          'Resetting a second factor needs a session signed in with your authenticator code; API tokens cannot do it.',
        );
      }
      if (userId === actor.userId) throw forbidden('Another administrator must reset your own second factor.');
      await reachableUser(actor, userId);
      if (!(await resetSecondFactor(deps, userId, auditActor(actor), { onlyOrganisationId: managedOrganisation(actor) })))
        throw notFound('That account');
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/users/invitations',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['users'],
        summary:
          'Invite a member of staff: the account is created without a password, and the one-time link (shown once) lets them set their own',
        body: InvitationRequest,
        response: { 201: IssuedLink },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const issued = await inviteUser(deps, request.body, auditActor(actor), { onlyOrganisationId: managedOrganisation(actor) });
      return reply.status(201).send(await issuedLink(deps.config, issued));
    },
  );

  app.patch(
    '/api/v1/users/:userId',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['users'],
        summary: 'Change an account’s role or organisation (administrators signed in with a second factor); its sessions end',
        params: UserParams,
        body: UserChangeRequest,
        response: { 200: UserSummary },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      requireSecondFactorSession(actor, 'Changing a role or organisation');
      const { userId } = request.params;
      await changeUser(deps, userId, request.body, auditActor(actor), { onlyOrganisationId: managedOrganisation(actor) });
      return (await summaries(deps, [(await findUserById(db, userId))!]))[0];
    },
  );

  app.post(
    '/api/v1/users/:userId/disable',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['users'],
        summary: 'Disable an account: its sessions end and its API tokens are revoked at once',
        params: UserParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { userId } = request.params;
      await disableUser(deps, userId, auditActor(actor), { onlyOrganisationId: managedOrganisation(actor) });
      return reply.status(204).send();
    },
  );

  app.post(
    '/api/v1/users/:userId/enable',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['users'],
        summary: 'Enable a disabled account again (it signs in afresh; revoked tokens stay revoked)',
        params: UserParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { userId } = request.params;
      await enableUser(deps, userId, auditActor(actor), { onlyOrganisationId: managedOrganisation(actor) });
      return reply.status(204).send();
    },
  );

  registerPasswordLinkRoutes(app, deps);

  /** An account the administrator manages, or 404. */
  async function reachableUser(actor: Actor, userId: string): Promise<UserRow> {
    const user = await findUserById(db, userId);
    const only = managedOrganisation(actor);
    if (!user || (only && user.organisation_id !== only)) throw notFound('That account');
    return user;
  }
}

/** One-time links through which a person sets their own password. */
function registerPasswordLinkRoutes(app: TypedApp, deps: AppDeps): void {
  app.post(
    '/api/v1/users/:userId/password-reset',
    {
      config: { access: 'user:manage' },
      schema: {
        tags: ['users'],
        summary:
          'A one-time link (shown once) through which the person sets a new password (administrators signed in with a second factor)',
        params: UserParams,
        response: { 201: IssuedLink },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      requireSecondFactorSession(actor, 'Sending a password reset link');
      const { userId } = request.params;
      if (userId === actor.userId) throw forbidden('Change your own password through another administrator’s link.');
      const issued = await issuePasswordReset(deps, userId, auditActor(actor), { onlyOrganisationId: managedOrganisation(actor) });
      return reply.status(201).send(await issuedLink(deps.config, issued));
    },
  );

  app.post(
    '/api/v1/auth/password',
    {
      config: { access: 'public', rateLimit: { max: 20, timeWindow: '1 minute' } },
      schema: {
        tags: ['auth'],
        summary: 'Set one’s password with the code of an invitation or reset link; the link is spent and every session of the account ends',
        body: SetPasswordRequest,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const { code, password } = request.body;
      await setPasswordWithLink(deps, code, password, request.ip);
      return reply.status(204).send();
    },
  );
}
