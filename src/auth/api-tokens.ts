// Personal API tokens for scripts: shown once, stored as SHA-256 (they carry 256 bits of randomness,
// so a slow hash adds nothing), revocable.
import type { Queryable } from '../db/database.ts';
import { hashSecret, newSecret } from './sessions.ts';

export const TOKEN_PREFIX = 'fmn_';

export interface ApiTokenRow {
  id: string;
  user_id: string;
  name: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export async function createApiToken(db: Queryable, userId: string, name: string, now: Date): Promise<{ id: string; token: string }> {
  const token = TOKEN_PREFIX + newSecret();
  const { rows } = await db.query<{ id: string }>(
    'INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id',
    [userId, name, hashSecret(token), now],
  );
  return { id: rows[0]!.id, token };
}

export async function findUserIdByToken(db: Queryable, token: string, now: Date): Promise<string | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const { rows } = await db.query<{ user_id: string }>(
    `UPDATE api_tokens SET last_used_at = $2 WHERE token_hash = $1 AND revoked_at IS NULL RETURNING user_id`,
    [hashSecret(token), now],
  );
  return rows[0]?.user_id;
}

export async function listApiTokens(db: Queryable, userId: string): Promise<ApiTokenRow[]> {
  const { rows } = await db.query<ApiTokenRow>(
    'SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = $1 ORDER BY created_at DESC',
    [userId],
  );
  return rows;
}

export async function revokeApiToken(db: Queryable, userId: string, tokenId: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE api_tokens SET revoked_at = $3 WHERE id = $1 AND user_id = $2 AND revoked_at IS NULL', [
    tokenId,
    userId,
    now,
  ]);
  return rowCount > 0;
}
