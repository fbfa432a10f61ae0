// Whether a head kept earlier is still in the chain: `forgetmenot audit verify --expect-head` tells an
// older head followed by newer entries (fine) from one that is gone (entries removed from the end).
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';

/**
 * True when an entry of the audit log has this hash, or had it before migration 0033 rehashed the chain to take
 * personal details out of it.
 */
export async function auditHashInLog(db: Queryable, hash: string): Promise<boolean> {
  const found = await db.query(sql`SELECT 1 FROM audit_log WHERE hash = ${hash} OR legacy_hash = ${hash}`);
  return found.rowCount > 0;
}
