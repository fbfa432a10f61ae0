// A child's erasure: an unidentified person's record that was identified as the child keeps its own facts (where
// and when found, by whom) but no longer points at the erased episode (src/retention/ decides when).
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';

export async function unlinkIdentifiedCases(tx: Queryable, caseIds: readonly string[]): Promise<number> {
  const { rowCount } = await tx.query(
    sql`UPDATE unidentified_people SET identified_case_id = NULL WHERE identified_case_id = ANY(${[...caseIds]}::uuid[])`,
  );
  return rowCount;
}
