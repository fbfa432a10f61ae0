// Jurisdictions by name and place in the tree, without their shapes: what public lists filter by, and the
// id of a code for statements other domains write.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql, type Sql } from '../db/sql.ts';

export type NamedJurisdiction = Row<'jurisdictions', 'id' | 'code' | 'name'> & { kind: 'force_area' | 'country'; parentCode: string | null };

/** Every jurisdiction with its parent's code: countries first, then by name. */
export async function jurisdictionTree(db: Queryable): Promise<NamedJurisdiction[]> {
  const { rows } = await db.query<NamedJurisdiction>(
    `SELECT j.id, j.code, j.name, j.kind, p.code AS "parentCode" FROM jurisdictions j LEFT JOIN jurisdictions p ON p.id = j.parent_id ORDER BY j.kind DESC, j.name`,
  );
  return rows;
}

/** A scalar subquery: the id of the jurisdiction with `code` (NULL when there is none). */
export function jurisdictionIdByCode(code: string | null): Sql {
  return sql`(SELECT id FROM jurisdictions WHERE code = ${code})`;
}
