// Server-side sessions: the cookie holds 32 random bytes; the database holds only their SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';

export const SESSION_COOKIE = 'fmn_session';
export type SessionStage = 'totp_required' | 'totp_enrolment' | 'active';

// A half-finished sign-in (password given, second factor not yet) lasts this long.
const PENDING_MINUTES = 5;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export type SessionRow = Row<
  'sessions',
  'id' | 'user_id' | 'stage' | 'csrf_token' | 'second_factor_at' | 'created_at' | 'last_seen_at' | 'expires_at'
> & {
  stage: SessionStage;
};

export interface SessionPolicy {
  idleMinutes: number;
  absoluteHours: number;
}

export async function createSession(
  db: Queryable,
  userId: string,
  stage: SessionStage,
  now: Date,
  policy: SessionPolicy,
  ip: string,
): Promise<{ cookieValue: string; csrfToken: string; expiresAt: Date }> {
  const cookieValue = newSecret();
  const csrfToken = newSecret();
  const expiresAt =
    stage === 'active' ? new Date(now.getTime() + policy.absoluteHours * 3_600_000) : new Date(now.getTime() + PENDING_MINUTES * 60_000);
  await db.query(
    sql`INSERT INTO sessions (id, user_id, stage, csrf_token, second_factor_at, created_at, last_seen_at, expires_at, ip)
        VALUES (${hashSecret(cookieValue)}, ${userId}, ${stage}, ${csrfToken}, NULL, ${now}, ${now}, ${expiresAt}, ${ip})`,
  );
  return { cookieValue, csrfToken, expiresAt };
}

/** The live session for a cookie value, or undefined if it is unknown, ended, idle too long or past its end. */
export async function findLiveSession(
  db: Queryable,
  cookieValue: string,
  now: Date,
  policy: SessionPolicy,
): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>(
    sql`SELECT id, user_id, stage, csrf_token, second_factor_at, created_at, last_seen_at, expires_at
          FROM sessions WHERE id = ${hashSecret(cookieValue)} AND ended_at IS NULL`,
  );
  const session = rows[0];
  if (!session) return undefined;
  const idleLimit = session.last_seen_at.getTime() + policy.idleMinutes * 60_000;
  if (now.getTime() >= session.expires_at.getTime() || now.getTime() >= idleLimit) return undefined;
  // Writing on every request would make each read a write; a minute's resolution is plenty for idle expiry.
  if (now.getTime() - session.last_seen_at.getTime() > 60_000) {
    await db.query(sql`UPDATE sessions SET last_seen_at = ${now} WHERE id = ${session.id}`);
  }
  return session;
}

/**
 * After the second factor: the session becomes active under a new cookie value (so a value seen before
 * the second factor is worthless), with a fresh absolute lifetime. Returns the new cookie.
 */
export async function activateSession(
  db: Queryable,
  sessionId: string,
  now: Date,
  policy: SessionPolicy,
): Promise<{ cookieValue: string; expiresAt: Date }> {
  const cookieValue = newSecret();
  const expiresAt = new Date(now.getTime() + policy.absoluteHours * 3_600_000);
  await db.query(
    sql`UPDATE sessions SET id = ${hashSecret(cookieValue)}, stage = 'active', second_factor_at = ${now}, last_seen_at = ${now}, expires_at = ${expiresAt}
         WHERE id = ${sessionId}`,
  );
  return { cookieValue, expiresAt };
}

export async function endSession(db: Queryable, sessionId: string, now: Date): Promise<void> {
  await db.query(sql`UPDATE sessions SET ended_at = ${now} WHERE id = ${sessionId} AND ended_at IS NULL`);
}

export async function endSessionsOfUser(db: Queryable, userId: string, now: Date): Promise<void> {
  await db.query(sql`UPDATE sessions SET ended_at = ${now} WHERE user_id = ${userId} AND ended_at IS NULL`);
}

/** Counts a wrong code given in a session; returns how many it has had. */
export async function recordWrongCode(db: Queryable, sessionId: string): Promise<number> {
  const { rows } = await db.query<Row<'sessions', 'failed_codes'>>(
    sql`UPDATE sessions SET failed_codes = failed_codes + 1 WHERE id = ${sessionId} RETURNING failed_codes`,
  );
  return rows[0]?.failed_codes ?? 0;
}

/** Sessions that ended (signed out or expired) before `cutoff`: the retention schedule deletes them and their addresses. */
export async function sessionsEndedBefore(db: Queryable, cutoff: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM sessions WHERE coalesce(ended_at, expires_at) < ${cutoff}`,
  );
  return rows[0]!.n;
}

/** Deletes one batch of the sessions that ended before `cutoff`. */
export async function deleteSessionsEndedBefore(tx: Queryable, cutoff: Date, batch: number): Promise<number> {
  const { rowCount } = await tx.query(
    sql`DELETE FROM sessions WHERE id IN (SELECT id FROM sessions WHERE coalesce(ended_at, expires_at) < ${cutoff} LIMIT ${batch})`,
  );
  return rowCount;
}
