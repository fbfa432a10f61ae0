// A child's erasure leaves the coded facts of their episodes in the problem profiles (no identity: a cell, an age
// band, codes), so the counts stay true; the facts stop pointing at the erased episodes and child, and take a
// new key of their own so that they still count as one child.
import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';

export async function detachProfileEpisodes(tx: Queryable, caseIds: readonly string[]): Promise<number> {
  const { rowCount } = await tx.query(
    sql`UPDATE profile_episodes SET case_id = NULL, child_key = ${randomUUID()} WHERE case_id = ANY(${[...caseIds]}::uuid[])`,
  );
  return rowCount;
}
