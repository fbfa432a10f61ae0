// Jurisdictions looked up by id or code, for the domains that route to them (triage queues) or enrol
// recipients in them (organisations' areas), without reading the table themselves.
import type { Queryable } from '../db/database.ts';
import type { Area } from './geojson.ts';
import { sql, type Sql } from '../db/sql.ts';
import type { Row } from '../db/schema.ts';
import type { JurisdictionKind } from './jurisdictions-store.ts';

export type JurisdictionRef = Row<'jurisdictions', 'id' | 'code'> & { kind: JurisdictionKind };

/** One jurisdiction's code and kind, by id. */
export async function jurisdictionById(db: Queryable, id: string): Promise<JurisdictionRef | undefined> {
  const { rows } = await db.query<JurisdictionRef>(sql`SELECT id, code, kind FROM jurisdictions WHERE id = ${id}`);
  return rows[0];
}

/** The force areas among the given jurisdictions, by code. */
export async function forceAreasAmong(db: Queryable, ids: readonly string[]): Promise<Row<'jurisdictions', 'id' | 'code'>[]> {
  const { rows } = await db.query<Row<'jurisdictions', 'id' | 'code'>>(
    sql`SELECT id, code FROM jurisdictions WHERE id = ANY(${ids}::uuid[]) AND kind = 'force_area' ORDER BY code`,
  );
  return rows;
}

export async function forceAreaExists(db: Queryable, code: string): Promise<boolean> {
  const { rows } = await db.query(sql`SELECT 1 FROM jurisdictions WHERE code = ${code} AND kind = 'force_area'`);
  return rows.length > 0;
}

/** Every force area's code and name, by name. */
export async function forceAreaNames(db: Queryable): Promise<Row<'jurisdictions', 'code' | 'name'>[]> {
  const { rows } = await db.query<Row<'jurisdictions', 'code' | 'name'>>(`SELECT code, name FROM jurisdictions WHERE kind = 'force_area' ORDER BY name, code`);
  return rows;
}

/** The code of the jurisdiction whose id the given expression yields (null for none): a scalar subquery. */
export function jurisdictionCodeOf(idExpression: Sql): Sql {
  return sql`(SELECT code FROM jurisdictions WHERE id = ${idExpression})`;
}

/** The shapes of the jurisdictions with these codes (unknown codes are left out). */
export async function jurisdictionShapes(db: Queryable, codes: readonly string[]): Promise<{ code: string; geometry: Area }[]> {
  const { rows } = await db.query<{ code: string; geometry: Area }>(sql`SELECT code, geometry FROM jurisdictions WHERE code = ANY(${codes}::text[])`);
  return rows;
}

/** The shapes of every country. */
export async function countryShapes(db: Queryable): Promise<Area[]> {
  const { rows } = await db.query<{ geometry: Area }>(`SELECT geometry FROM jurisdictions WHERE kind = 'country'`);
  return rows.map((row) => row.geometry);
}
