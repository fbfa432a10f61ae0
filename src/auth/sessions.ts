// Server-side sessions: the cookie holds 32 random bytes; the database holds only their SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';

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

export interface SessionRow {
  id: string;
  user_id: string;
  stage: SessionStage;
  csrf_token: string;
  second_factor_at: Date | null;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
}

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
    `INSERT INTO sessions (id, user_id, stage, csrf_token, second_factor_at, created_at, last_seen_at, expires_at, ip)
     VALUES ($1, $2, $3, $4, NULL, $5, $5, $6, $7)`,
    [hashSecret(cookieValue), userId, stage, csrfToken, now, expiresAt, ip],
  );
  return { cookieValue, csrfToken, expiresAt };
}

/** The live session for a cookie value, or undefined if it is unknown, ended, idle too long or past its end. */
export async function findLiveSession(db: Queryable, cookieValue: string, now: Date, policy: SessionPolicy): Promise<SessionRow | undefined> {
  const { rows } = await db.query<SessionRow>(
    `SELECT id, user_id, stage, csrf_token, second_factor_at, created_at, last_seen_at, expires_at
       FROM sessions WHERE id = $1 AND ended_at IS NULL`,
    [hashSecret(cookieValue)],
  );
  const session = rows[0];
  if (!session) return undefined;
  const idleLimit = session.last_seen_at.getTime() + policy.idleMinutes * 60_000;
  if (now.getTime() >= session.expires_at.getTime() || now.getTime() >= idleLimit) return undefined;
  // Writing on every request would make each read a write; a minute's resolution is plenty for idle expiry.
  if (now.getTime() - session.last_seen_at.getTime() > 60_000) {
    await db.query('UPDATE sessions SET last_seen_at = $2 WHERE id = $1', [session.id, now]);
  }
  return session;
}

/**
 * After the second factor: the session becomes active under a new cookie value (so a value seen before
 * the second factor is worthless), with a fresh absolute lifetime. Returns the new cookie.
 */
export async function activateSession(db: Queryable, sessionId: string, now: Date, policy: SessionPolicy): Promise<{ cookieValue: string; expiresAt: Date }> {
  const cookieValue = newSecret();
  const expiresAt = new Date(now.getTime() + policy.absoluteHours * 3_600_000);
  await db.query(`UPDATE sessions SET id = $4, stage = 'active', second_factor_at = $2, last_seen_at = $2, expires_at = $3 WHERE id = $1`, [
    sessionId,
    now,
    expiresAt,
    hashSecret(cookieValue),
  ]);
  return { cookieValue, expiresAt };
}

export async function endSession(db: Queryable, sessionId: string, now: Date): Promise<void> {
  await db.query('UPDATE sessions SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL', [sessionId, now]);
}

export async function endSessionsOfUser(db: Queryable, userId: string, now: Date): Promise<void> {
  await db.query('UPDATE sessions SET ended_at = $2 WHERE user_id = $1 AND ended_at IS NULL', [userId, now]);
}

/** Counts a wrong code given in a session; returns how many it has had. */
export async function recordWrongCode(db: Queryable, sessionId: string): Promise<number> {
  const { rows } = await db.query<{ failed_codes: number }>('UPDATE sessions SET failed_codes = failed_codes + 1 WHERE id = $1 RETURNING failed_codes', [sessionId]);
  return rows[0]?.failed_codes ?? 0;
}
