// Staff accounts for administrators: list, create, unlock.
import type { FastifyInstance } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { conflict, forbidden, invalid, notFound } from '../http/problem.ts';
import { actorOf } from './access.ts';
import { findUserByEmail, insertUser, listUsers, type NewUser, type UserRow } from './accounts.ts';
import { auditActor, type Actor } from './actor.ts';
import { checkPasswordStrength } from './passwords.ts';
import { ROLE_ORGANISATION_KINDS } from './roles.ts';
import { NewUserRequest, UserSummary } from './schemas.ts';

/** The national centre's administrators manage every account; others only their organisation's. */
function managedOrganisation(actor: Actor): string | undefined {
  return actor.organisationKind === 'national_centre' ? undefined : actor.organisationId;
}

function summary(user: UserRow, now: Date) {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    organisationCode: user.organisation_code,
    secondFactorEnabled: user.totp_enabled,
    locked: user.locked_until !== null && user.locked_until > now,
    disabled: user.disabled_at !== null,
  };
}

/** Validates and creates an account; shared by the API and the `forgetmenot user add` command. */
export async function addUser(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  user: NewUser,
  by: { actorId: string | null; actor: string; ip?: string },
  options: { onlyOrganisationId?: string } = {},
) {
  const weakness = checkPasswordStrength(user.password);
  if (weakness) throw invalid('/body/password', `password ${weakness}`);
  const { rows } = await deps.db.query<{ id: string; kind: string }>('SELECT id, kind FROM organisations WHERE code = $1', [user.organisationCode]);
  const organisation = rows[0];
  if (!organisation) throw invalid('/body/organisationCode', `no organisation has the code "${user.organisationCode}"`);
  if (!ROLE_ORGANISATION_KINDS[user.role].includes(organisation.kind)) {
    throw invalid('/body/role', `a ${organisation.kind.replace('_', ' ')} cannot hold the role ${user.role}`);
  }
  if (options.onlyOrganisationId && options.onlyOrganisationId !== organisation.id) {
    throw forbidden('You manage the accounts of your own organisation only.');
  }
  const organisationId = organisation.id;
  if (await findUserByEmail(deps.db, user.email)) throw conflict(`An account with the email ${user.email} already exists.`);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const id = await insertUser(tx, user, organisationId, now);
    await appendAudit(tx, { ...by, action: 'user.created', subjectType: 'user', subjectId: id, details: { role: user.role, organisation: user.organisationCode } }, now);
    return id;
  });
}

export function registerUserRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db, clock } = deps;

  app.get(
    '/api/v1/users',
    { config: { access: 'user:manage' }, schema: { tags: ['users'], summary: 'All staff accounts', response: { 200: Type.Object({ items: Type.Array(UserSummary) }) } } },
    async (request) => {
      const only = managedOrganisation(actorOf(request));
      const now = clock();
      return { items: (await listUsers(db)).filter((user) => !only || user.organisation_id === only).map((user) => summary(user, now)) };
    },
  );

  app.post(
    '/api/v1/users',
    { config: { access: 'user:manage' }, schema: { tags: ['users'], summary: 'Create a staff account', body: NewUserRequest, response: { 201: UserSummary } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await addUser(deps, request.body as NewUser, auditActor(actor), { onlyOrganisationId: managedOrganisation(actor) });
      const created = (await listUsers(db)).find((user) => user.id === id)!;
      return reply.status(201).send(summary(created, clock()));
    },
  );

  app.post(
    '/api/v1/users/:userId/unlock',
    { config: { access: 'user:manage' }, schema: { tags: ['users'], summary: 'Unlock an account locked by failed sign-ins', params: Type.Object({ userId: Type.String({ format: 'uuid' }) }), response: { 204: Type.Null() } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const { userId } = request.params as { userId: string };
      const now = clock();
      const only = managedOrganisation(actor);
      const done = await db.transaction(async (tx) => {
        const { rowCount } = await tx.query(
          'UPDATE users SET locked_until = NULL, failed_sign_ins = 0 WHERE id = $1 AND ($2::uuid IS NULL OR organisation_id = $2)',
          [userId, only ?? null],
        );
        if (rowCount > 0) await appendAudit(tx, { ...auditActor(actor), action: 'user.unlocked', subjectType: 'user', subjectId: userId }, now);
        return rowCount > 0;
      });
      if (!done) throw notFound('That account');
      return reply.status(204).send();
    },
  );
}
