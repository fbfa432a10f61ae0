// Personal API tokens for scripts: shown once, stored as SHA-256 (they carry 256 bits of randomness,
// so a slow hash adds nothing), revocable.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { hashSecret, newSecret } from './sessions.ts';

export const TOKEN_PREFIX = 'fmn_';

export type ApiTokenRow = Row<'api_tokens', 'id' | 'user_id' | 'name' | 'created_at' | 'last_used_at' | 'revoked_at'>;

export async function createApiToken(db: Queryable, userId: string, name: string, now: Date): Promise<{ id: string; token: string }> {
  const token = TOKEN_PREFIX + newSecret();
  const { rows } = await db.query<Row<'api_tokens', 'id'>>(
    sql`INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (${userId}, ${name}, ${hashSecret(token)}, ${now}) RETURNING id`,
  );
  return { id: rows[0]!.id, token };
}

export async function findUserIdByToken(db: Queryable, token: string, now: Date): Promise<string | undefined> {
  if (!token.startsWith(TOKEN_PREFIX)) return undefined;
  const { rows } = await db.query<Row<'api_tokens', 'user_id'>>(
    sql`UPDATE api_tokens SET last_used_at = ${now} WHERE token_hash = ${hashSecret(token)} AND revoked_at IS NULL RETURNING user_id`,
  );
  return rows[0]?.user_id;
}

export async function listApiTokens(db: Queryable, userId: string): Promise<ApiTokenRow[]> {
  const { rows } = await db.query<ApiTokenRow>(
    sql`SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ${userId} ORDER BY created_at DESC`,
  );
  return rows;
}

export async function revokeApiToken(db: Queryable, userId: string, tokenId: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    sql`UPDATE api_tokens SET revoked_at = ${now} WHERE id = ${tokenId} AND user_id = ${userId} AND revoked_at IS NULL`,
  );
  return rowCount > 0;
}
