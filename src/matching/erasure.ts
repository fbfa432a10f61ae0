// A child's erasure takes the candidate matches of their episodes with it (src/retention/ decides when).
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';

export async function eraseCandidatesOfCases(tx: Queryable, caseIds: readonly string[]): Promise<number> {
  const { rowCount } = await tx.query(sql`DELETE FROM match_candidates WHERE case_id = ANY(${[...caseIds]}::uuid[])`);
  return rowCount;
}
