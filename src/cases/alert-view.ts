// What alerts and the public site show of a case: its label for staff lists, and the child's age on a public
// appeal. Nothing else of the case or the child's record leaves the cases domain this way.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql, type Sql } from '../db/sql.ts';
import { ageOn } from './store.ts';

/**
 * A derived table of every case's `id`, `reference`, `sensitive` and `exercise`, to join under an alias:
 * `JOIN ${caseLabels()} c ON c.id = a.case_id`. Who reaches a case is `reachableCaseIds` (reach.ts).
 */
export function caseLabels(): Sql {
  return sql`(SELECT id, reference, sensitive, exercise FROM cases)`;
}

/**
 * The child's age when last seen, for each appeal's case (null when unknown), in one statement for a whole
 * list of appeals. Like `appealChild`, it gives nothing else of the child: never the date of birth.
 */
export async function appealChildAges(
  db: Queryable,
  appeals: readonly { caseId: string; lastSeenAt: Date }[],
): Promise<Map<string, number | null>> {
  if (appeals.length === 0) return new Map();
  const { rows } = await db.query<Row<'cases', 'id'> & Row<'children', 'date_of_birth' | 'estimated_age'>>(
    sql`SELECT c.id, ch.date_of_birth, ch.estimated_age FROM cases c JOIN children ch ON ch.id = c.child_id WHERE c.id = ANY(${appeals.map((a) => a.caseId)}::uuid[])`,
  );
  const children = new Map(rows.map((row) => [row.id, row]));
  const ages = new Map<string, number | null>();
  for (const { caseId, lastSeenAt } of appeals) {
    const child = children.get(caseId);
    if (child) ages.set(caseId, ageOn(child.date_of_birth, child.estimated_age, lastSeenAt));
  }
  return ages;
}
