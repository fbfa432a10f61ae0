// Proof of work instead of a third-party CAPTCHA: the browser finds a nonce such that
// SHA-256(id + ':' + nonce) starts with `difficulty` zero bits. Cheap for one person sending one form,
// costly for a flood. Each challenge is used once and lives ten minutes.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';

/** About 65,000 hashes on average: about 0.1 s in this project's worker under Node on a laptop core (750,000 hashes/s), so
 * well under a second on a phone several times slower. 18 bits took 0.5 s on average there: too slow for a cheap phone. */
export const DEFAULT_POW_DIFFICULTY = 16;
export const POW_LIFETIME_MS = 10 * 60 * 1000;
const MAX_NONCE_LENGTH = 64;
const CHALLENGE_ID = /^[A-Za-z0-9_-]{22}$/;

export interface PowChallenge {
  id: string;
  difficulty: number;
  expiresAt: Date;
}

export type PowVerdict = 'ok' | 'missing' | 'wrong' | 'used' | 'expired' | 'unknown';

export async function issuePowChallenge(db: Queryable, now: Date, difficulty = DEFAULT_POW_DIFFICULTY): Promise<PowChallenge> {
  const challenge = { id: randomBytes(16).toString('base64url'), difficulty, expiresAt: new Date(now.getTime() + POW_LIFETIME_MS) };
  await db.query(
    sql`INSERT INTO pow_challenges (id, difficulty, expires_at) VALUES (${challenge.id}, ${challenge.difficulty}, ${challenge.expiresAt})`,
  );
  // Old challenges are of no use to anyone: clearing a few at each issue keeps the table small without a sweeper.
  await db.query(
    sql`DELETE FROM pow_challenges WHERE id IN (SELECT id FROM pow_challenges WHERE expires_at < ${new Date(now.getTime() - POW_LIFETIME_MS)} LIMIT 50)`,
  );
  return challenge;
}

export function leadingZeroBits(digest: Buffer): number {
  let bits = 0;
  for (const byte of digest) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export function powSolves(id: string, nonce: string, difficulty: number): boolean {
  return leadingZeroBits(createHash('sha256').update(`${id}:${nonce}`).digest()) >= difficulty;
}

/** The first nonce (as a decimal string) that solves a challenge: what the browser's worker does. */
export function solvePow(id: string, difficulty: number): string {
  for (let nonce = 0; ; nonce++) if (powSolves(id, String(nonce), difficulty)) return String(nonce);
}

/**
 * Checks a solution and marks the challenge used, inside the caller's transaction: if what follows fails
 * and rolls back, the same solution may be sent again (a retry after a lost connection).
 */
export async function redeemPowSolution(tx: Queryable, id: string | undefined, nonce: string | undefined, now: Date): Promise<PowVerdict> {
  if (!id || !nonce) return 'missing';
  if (!CHALLENGE_ID.test(id) || nonce.length > MAX_NONCE_LENGTH) return 'wrong';
  const { rows } = await tx.query<Row<'pow_challenges', 'difficulty' | 'expires_at' | 'used_at'>>(
    sql`SELECT difficulty, expires_at, used_at FROM pow_challenges WHERE id = ${id} FOR UPDATE`,
  );
  const challenge = rows[0];
  if (!challenge) return 'unknown';
  if (challenge.used_at) return 'used';
  if (challenge.expires_at.getTime() <= now.getTime()) return 'expired';
  if (!powSolves(id, nonce, challenge.difficulty)) return 'wrong';
  const { rowCount } = await tx.query(sql`UPDATE pow_challenges SET used_at = ${now} WHERE id = ${id} AND used_at IS NULL`);
  return rowCount === 1 ? 'ok' : 'used';
}
