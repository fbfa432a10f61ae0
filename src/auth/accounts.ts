// Staff accounts: data access for users and the actor an account signs in as.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { raw, sql } from '../db/sql.ts';
import { jurisdictionsAnsweredFor, organisationNameRows } from '../orgs/store.ts';
import { hashPassword } from './passwords.ts';
import type { Role } from './roles.ts';

export type UserRow = Row<
  'users',
  | 'id'
  | 'email'
  | 'name'
  | 'role'
  | 'organisation_id'
  | 'password_hash'
  | 'totp_secret'
  | 'totp_enabled'
  | 'totp_last_step'
  // A replacement (or first) secret waiting for its first code; the current one stays in force meanwhile.
  | 'totp_pending_secret'
  | 'totp_pending_until'
  // After an administrator's reset: the next sign-in sets up a second factor, whatever the role.
  | 'totp_enrolment_required'
  | 'disabled_at'
  | 'created_at'
> & {
  role: Role;
  organisation_code: string;
  organisation_name: string;
  organisation_kind: string;
  jurisdiction_ids: string[];
};

const USER_SELECT = sql`
  SELECT u.id, u.email, u.name, u.role, u.organisation_id, o.code AS organisation_code, o.name AS organisation_name,
         o.kind AS organisation_kind, u.password_hash, u.totp_secret, u.totp_enabled, u.totp_last_step,
         u.totp_pending_secret, u.totp_pending_until, u.totp_enrolment_required, u.disabled_at, u.created_at,
         -- The organisation's areas and the areas within them (a country's force areas).
         COALESCE((SELECT array_agg(a.id::text ORDER BY a.id) FROM (${jurisdictionsAnsweredFor(raw('u.organisation_id'))}) a), '{}')
           AS jurisdiction_ids
    FROM users u JOIN (${organisationNameRows()}) o ON o.id = u.organisation_id`;

export async function findUserByEmail(db: Queryable, email: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(sql`${USER_SELECT} WHERE lower(u.email) = lower(${email})`);
  return rows[0];
}

export async function findUserById(db: Queryable, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(sql`${USER_SELECT} WHERE u.id = ${id}`);
  return rows[0];
}

export async function listUsers(db: Queryable): Promise<UserRow[]> {
  const { rows } = await db.query<UserRow>(sql`${USER_SELECT} ORDER BY o.code, u.email`);
  return rows;
}

export interface NewUser {
  email: string;
  name: string;
  role: Role;
  organisationCode: string;
  password: string;
  totpSecret?: string;
}

/** Creates an account; the caller has checked the password's strength and that the email is free. */
export async function insertUser(db: Queryable, user: NewUser, organisationId: string, now: Date): Promise<string> {
  const passwordHash = await hashPassword(user.password);
  const { rows } = await db.query<Row<'users', 'id'>>(
    sql`INSERT INTO users (email, name, role, organisation_id, password_hash, totp_secret, totp_enabled, created_at)
        VALUES (${user.email}, ${user.name}, ${user.role}, ${organisationId}, ${passwordHash}, ${user.totpSecret ?? null}, ${user.totpSecret !== undefined}, ${now})
        RETURNING id`,
  );
  return rows[0]!.id;
}

/** Keeps a new secret beside the current factor until a code from it is confirmed or `until` passes. */
export async function startTotpEnrolment(db: Queryable, userId: string, secret: string, until: Date): Promise<void> {
  await db.query(sql`UPDATE users SET totp_pending_secret = ${secret}, totp_pending_until = ${until} WHERE id = ${userId}`);
}

/** Records the time step of an accepted code, so the same code cannot be used again. */
export async function recordTotpStep(db: Queryable, userId: string, step: number): Promise<void> {
  await db.query(sql`UPDATE users SET totp_last_step = greatest(totp_last_step, ${step}) WHERE id = ${userId}`);
}

/** The pending secret becomes the factor in force (its first code confirmed at `step`). */
export async function confirmTotpEnrolment(db: Queryable, userId: string, step: number, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    sql`UPDATE users SET totp_secret = totp_pending_secret, totp_enabled = true, totp_last_step = greatest(totp_last_step, ${step}),
                         totp_pending_secret = NULL, totp_pending_until = NULL, totp_enrolment_required = false
         WHERE id = ${userId} AND totp_pending_secret IS NOT NULL AND totp_pending_until > ${now}`,
  );
  return rowCount > 0;
}

/**
 * An administrator's reset: the factor in force and any pending one are removed and the next sign-in must set
 * up a new one. Only accounts of `onlyOrganisationId` when given. Returns whether an account was reset.
 */
export async function resetTotp(db: Queryable, userId: string, onlyOrganisationId: string | undefined): Promise<boolean> {
  const only = onlyOrganisationId ?? null;
  const { rowCount } = await db.query(
    sql`UPDATE users SET totp_secret = NULL, totp_enabled = false, totp_pending_secret = NULL, totp_pending_until = NULL, totp_enrolment_required = true
         WHERE id = ${userId} AND (${only}::uuid IS NULL OR organisation_id = ${only})`,
  );
  return rowCount > 0;
}
