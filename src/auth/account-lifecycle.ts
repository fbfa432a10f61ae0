// A staff account from invitation to leaving: invited (the person sets their own password through a one-time
// link), disabled and enabled again, moved to another role or organisation, and sent a password reset link.
// An administrator never chooses or sees anyone's password. Shared by the API and the command; every change
// is audited in the same transaction.
import type { AppDeps } from '../app-deps.ts';
import type { Database, Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { conflict, forbidden, invalid, notFound, Problem } from '../http/problem.ts';
import { organisationByCode } from '../orgs/store.ts';
import { findUserByEmail, findUserById, insertUser, type NewUser, type UserRow } from './accounts.ts';
import { hashPassword, checkPasswordStrength } from './passwords.ts';
import { ROLE_GRANTS, ROLE_ORGANISATION_KINDS, type Role } from './roles.ts';
import { endSessionsOfUser, hashSecret, newSecret } from './sessions.ts';

export const INVITATION_DAYS = 7;
export const PASSWORD_RESET_HOURS = 24;

export type LinkPurpose = 'invitation' | 'password_reset';

interface By {
  actorId: string | null;
  actor: string;
  ip?: string;
}

/** Limits an administrator to their own organisation's accounts (the national centre's reach all). */
export interface Reach {
  onlyOrganisationId?: string;
}

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>;

export interface IssuedLink {
  userId: string;
  email: string;
  /** The person's name, for greeting them in the email that carries the link. */
  name: string;
  purpose: LinkPurpose;
  /** The address to open; the secret is after "#", so it never reaches a server log or a Referer header. */
  link: string;
  /** The same secret, for typing into the console's "set your password" page. */
  code: string;
  expiresAt: Date;
}

function linkFor(publicUrl: string, secret: string): string {
  return `${publicUrl.replace(/\/$/, '')}/console/set-password#${secret}`;
}

/** The organisation an account is to join, refused when it is unknown or cannot hold the role. */
export async function organisationFor(db: Queryable, code: string, role: Role): Promise<{ id: string; kind: string }> {
  const organisation = await organisationByCode(db, code);
  if (!organisation) throw invalid('/body/organisationCode', `no organisation has the code "${code}"`, { code: 'unknown-organisation' });
  if (!ROLE_ORGANISATION_KINDS[role].includes(organisation.kind)) {
    throw invalid('/body/role', `a ${organisation.kind.replaceAll('_', ' ')} cannot hold the role ${role}`, { code: 'role-not-allowed' });
  }
  return organisation;
}

/**
 * Validates and creates an account with a password: the `forgetmenot user add` command's, for an operator
 * starting a deployment, and the demo's. Audited.
 */
export async function addUser(deps: Pick<AppDeps, 'db' | 'clock'>, user: NewUser, by: By, reach: Reach = {}): Promise<string> {
  const weakness = checkPasswordStrength(user.password);
  if (weakness) throw invalid('/body/password', `password ${weakness}`, { code: 'weak-password' });
  const organisation = await organisationFor(deps.db, user.organisationCode, user.role);
  if (reach.onlyOrganisationId && reach.onlyOrganisationId !== organisation.id) {
    throw forbidden('You manage the accounts of your own organisation only.');
  }
  if (await findUserByEmail(deps.db, user.email)) throw conflict(`An account with the email ${user.email} already exists.`);
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const id = await insertUser(tx, user, organisation.id, now);
    await appendAudit(
      tx,
      {
        ...by,
        action: 'user.created',
        subjectType: 'user',
        subjectId: id,
        details: { role: user.role, organisation: user.organisationCode },
      },
      now,
    );
    return id;
  });
}

/** Issues a one-time link, spending any earlier unused link of the account. */
async function issueLink(
  tx: Queryable,
  config: Deps['config'],
  user: { id: string; email: string; name: string },
  purpose: LinkPurpose,
  now: Date,
): Promise<IssuedLink> {
  const secret = newSecret();
  const expiresAt = new Date(now.getTime() + (purpose === 'invitation' ? INVITATION_DAYS * 86_400_000 : PASSWORD_RESET_HOURS * 3_600_000));
  await tx.query(sql`UPDATE account_links SET used_at = ${now} WHERE user_id = ${user.id} AND used_at IS NULL`);
  await tx.query(
    sql`INSERT INTO account_links (user_id, purpose, secret_hash, created_at, expires_at)
        VALUES (${user.id}, ${purpose}, ${hashSecret(secret)}, ${now}, ${expiresAt})`,
  );
  return { userId: user.id, email: user.email, name: user.name, purpose, link: linkFor(config.publicUrl, secret), code: secret, expiresAt };
}

/** An account the administrator reaches, or 404 (as if it did not exist). */
export async function reachableAccount(db: Queryable, userId: string, reach: Reach): Promise<UserRow> {
  const user = await findUserById(db, userId);
  if (!user || (reach.onlyOrganisationId && user.organisation_id !== reach.onlyOrganisationId)) throw notFound('That account');
  return user;
}

/**
 * Creates an account without a password and returns the link through which the person sets one. Roles that
 * need a second factor set it up at first sign-in, as always.
 */
export async function inviteUser(
  deps: Deps,
  invitee: { email: string; name: string; role: Role; organisationCode: string },
  by: By,
  reach: Reach = {},
): Promise<IssuedLink> {
  const email = invitee.email.trim();
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw invalid('/body/email', 'the email address is not valid');
  const name = invitee.name.trim();
  if (!name) throw invalid('/body/name', 'the name is empty');
  const organisation = await organisationFor(deps.db, invitee.organisationCode, invitee.role);
  if (reach.onlyOrganisationId && reach.onlyOrganisationId !== organisation.id)
    throw forbidden('You manage the accounts of your own organisation only.');
  if (await findUserByEmail(deps.db, email)) throw conflict(`An account with the email ${email} already exists.`);
  const now = deps.clock();
  // Nobody knows this password: the account cannot be signed in to until its person sets their own.
  const unusable = await hashPassword(newSecret());
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<Row<'users', 'id'>>(
      sql`INSERT INTO users (email, name, role, organisation_id, password_hash, awaiting_password, created_at)
          VALUES (${email}, ${name}, ${invitee.role}, ${organisation.id}, ${unusable}, true, ${now}) RETURNING id`,
    );
    const id = rows[0]!.id;
    const issued = await issueLink(tx, deps.config, { id, email, name }, 'invitation', now);
    await appendAudit(
      tx,
      {
        ...by,
        action: 'user.invited',
        subjectType: 'user',
        subjectId: id,
        details: { role: invitee.role, organisation: invitee.organisationCode, expiresAt: issued.expiresAt.toISOString() },
      },
      now,
    );
    return issued;
  });
}

/**
 * A link through which the person sets a new password (their current one keeps working until then). For an
 * invited account that never set one, a new invitation.
 */
export async function issuePasswordReset(deps: Deps, userId: string, by: By, reach: Reach = {}): Promise<IssuedLink> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const user = await reachableAccount(tx, userId, reach);
    if (user.disabled_at) throw conflict('The account is disabled: enable it first.');
    const purpose: LinkPurpose = (await awaitingPassword(tx, user.id)) ? 'invitation' : 'password_reset';
    const issued = await issueLink(tx, deps.config, user, purpose, now);
    await appendAudit(
      tx,
      {
        ...by,
        action: purpose === 'invitation' ? 'user.invitation_renewed' : 'user.password_reset_issued',
        subjectType: 'user',
        subjectId: user.id,
        details: { expiresAt: issued.expiresAt.toISOString() },
      },
      now,
    );
    return issued;
  });
}

async function awaitingPassword(db: Queryable, userId: string): Promise<boolean> {
  const { rows } = await db.query<Row<'users', 'awaiting_password'>>(sql`SELECT awaiting_password FROM users WHERE id = ${userId}`);
  return rows[0]?.awaiting_password ?? false;
}

export const linkInvalid = () =>
  new Problem(
    410,
    'link-invalid',
    'Link no longer valid',
    'This link has been used, has expired or was replaced by a newer one. Ask an administrator for a new one.',
  );

/**
 * The person behind a link sets their password. The link is spent, every session of the account ends (a reset
 * after a suspected compromise must shut out whoever was signed in), and the change is audited.
 */
export async function setPasswordWithLink(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  secret: string,
  password: string,
  ip: string,
): Promise<{ email: string }> {
  const weakness = checkPasswordStrength(password);
  if (weakness) throw invalid('/body/password', `password ${weakness}`);
  const now = deps.clock();
  const passwordHash = await hashPassword(password);
  return deps.db.transaction(async (tx) => {
    const { rows } = await tx.query<Row<'account_links', 'id' | 'user_id' | 'purpose'> & { purpose: LinkPurpose }>(
      sql`UPDATE account_links l SET used_at = ${now}
            FROM users u
           WHERE l.secret_hash = ${hashSecret(secret)} AND l.used_at IS NULL AND l.expires_at > ${now} AND u.id = l.user_id AND u.disabled_at IS NULL
           RETURNING l.id, l.user_id, l.purpose`,
    );
    const link = rows[0];
    if (!link) throw linkInvalid();
    const { rows: users } = await tx.query<Row<'users', 'email'>>(
      sql`UPDATE users SET password_hash = ${passwordHash}, awaiting_password = false WHERE id = ${link.user_id} RETURNING email`,
    );
    await endSessionsOfUser(tx, link.user_id, now);
    await appendAudit(
      tx,
      {
        actorId: link.user_id,
        actor: users[0]!.email,
        ip,
        action: link.purpose === 'invitation' ? 'user.invitation_accepted' : 'user.password_reset_completed',
        subjectType: 'user',
        subjectId: link.user_id,
      },
      now,
    );
    return { email: users[0]!.email };
  });
}

/**
 * Disables an account at once: its sessions end, its API tokens are revoked and its unused links spent. The
 * account and everything it did stay (the audit trail names it). Not one's own account.
 */
export async function disableUser(deps: Pick<AppDeps, 'db' | 'clock'>, userId: string, by: By, reach: Reach = {}): Promise<void> {
  if (by.actorId === userId) throw forbidden('Another administrator must disable your own account.');
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const user = await reachableAccount(tx, userId, reach);
    if (user.disabled_at) return;
    await tx.query(sql`UPDATE users SET disabled_at = ${now} WHERE id = ${userId}`);
    await endSessionsOfUser(tx, userId, now);
    const { rowCount: tokens } = await tx.query(
      sql`UPDATE api_tokens SET revoked_at = ${now} WHERE user_id = ${userId} AND revoked_at IS NULL`,
    );
    await tx.query(sql`UPDATE account_links SET used_at = ${now} WHERE user_id = ${userId} AND used_at IS NULL`);
    await appendAudit(
      tx,
      { ...by, action: 'user.disabled', subjectType: 'user', subjectId: userId, details: { tokensRevoked: tokens } },
      now,
    );
  });
}

/** Enables a disabled account again. Its old sessions and tokens stay ended: the person signs in afresh. */
export async function enableUser(deps: Pick<AppDeps, 'db' | 'clock'>, userId: string, by: By, reach: Reach = {}): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const user = await reachableAccount(tx, userId, reach);
    if (!user.disabled_at) return;
    await tx.query(sql`UPDATE users SET disabled_at = NULL WHERE id = ${userId}`);
    await appendAudit(tx, { ...by, action: 'user.enabled', subjectType: 'user', subjectId: userId }, now);
  });
}

/**
 * Moves an account to another role or organisation (which must be able to hold the role). The account's
 * sessions end, so that it signs in again under its new grants (and sets up a second factor if the new
 * role needs one). An organisation's administrator keeps accounts within their organisation; nobody
 * changes their own role.
 */
export async function changeUser(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  userId: string,
  change: { role?: Role; organisationCode?: string },
  by: By,
  reach: Reach = {},
): Promise<void> {
  if (by.actorId === userId) throw forbidden('Another administrator must change your own role or organisation.');
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const user = await reachableAccount(tx, userId, reach);
    const role = change.role ?? user.role;
    const organisationCode = change.organisationCode ?? user.organisation_code;
    if (role === user.role && organisationCode === user.organisation_code) return;
    const organisation = await organisationFor(tx, organisationCode, role);
    if (reach.onlyOrganisationId && organisation.id !== reach.onlyOrganisationId)
      throw forbidden('You manage the accounts of your own organisation only.');
    const needsEnrolment = ROLE_GRANTS[role].secondFactorRequired && !user.totp_enabled;
    await tx.query(
      sql`UPDATE users SET role = ${role}, organisation_id = ${organisation.id}, totp_enrolment_required = totp_enrolment_required OR ${needsEnrolment}
           WHERE id = ${userId}`,
    );
    await endSessionsOfUser(tx, userId, now);
    await appendAudit(
      tx,
      {
        ...by,
        action: 'user.changed',
        subjectType: 'user',
        subjectId: userId,
        details: { from: { role: user.role, organisation: user.organisation_code }, to: { role, organisation: organisationCode } },
      },
      now,
    );
  });
}

export interface AccountActivity {
  lastSignInAt: Date | null;
  awaitingPassword: boolean;
}

/** When each account last finished signing in, and whether it still waits for its person to set a password. */
export async function accountActivity(db: Database | Queryable, userIds: string[]): Promise<Map<string, AccountActivity>> {
  if (userIds.length === 0) return new Map();
  const { rows } = await db.query<Row<'users', 'id' | 'awaiting_password'> & { last_sign_in_at: Date | null }>(
    sql`SELECT u.id, u.awaiting_password,
               (SELECT max(COALESCE(s.second_factor_at, s.created_at)) FROM sessions s WHERE s.user_id = u.id AND s.stage = 'active') AS last_sign_in_at
          FROM users u WHERE u.id = ANY(${userIds}::uuid[])`,
  );
  return new Map(rows.map((row) => [row.id, { lastSignInAt: row.last_sign_in_at, awaitingPassword: row.awaiting_password }]));
}
