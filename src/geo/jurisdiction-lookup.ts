// Jurisdictions as other domains read them, without reading the table themselves: by id or code, in their
// tree, with their shapes (an alert's area, organisations' areas), and as subqueries for statements others write.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql, type Sql } from '../db/sql.ts';
import type { Area } from './geojson.ts';
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
  const { rows } = await db.query<Row<'jurisdictions', 'code' | 'name'>>(
    `SELECT code, name FROM jurisdictions WHERE kind = 'force_area' ORDER BY name, code`,
  );
  return rows;
}

/** The code of the jurisdiction whose id the given expression yields (null for none): a scalar subquery. */
export function jurisdictionCodeOf(idExpression: Sql): Sql {
  return sql`(SELECT code FROM jurisdictions WHERE id = ${idExpression})`;
}

/** The shapes of every country. */
export async function countryShapes(db: Queryable): Promise<Area[]> {
  const { rows } = await db.query<{ geometry: Area }>(`SELECT geometry FROM jurisdictions WHERE kind = 'country'`);
  return rows.map((row) => row.geometry);
}

export type NamedJurisdiction = Row<'jurisdictions', 'id' | 'code' | 'name'> & {
  kind: 'force_area' | 'country';
  parentCode: string | null;
};

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

export type JurisdictionShape = Row<'jurisdictions', 'id' | 'code' | 'name'> & { kind: 'force_area' | 'country'; geometry: Area };

/** The jurisdictions that have one of `codes`; unknown codes are left out. */
export async function jurisdictionsByCode(db: Queryable, codes: readonly string[]): Promise<JurisdictionShape[]> {
  const { rows } = await db.query<JurisdictionShape>(
    sql`SELECT id, code, name, kind, geometry FROM jurisdictions WHERE code = ANY(${codes}::text[])`,
  );
  return rows;
}

/** The country a jurisdiction lies in (its parent), or the jurisdiction itself when it is a country. */
export async function countriesOfJurisdiction(db: Queryable, jurisdictionId: string): Promise<JurisdictionShape[]> {
  const { rows } = await db.query<JurisdictionShape>(
    sql`SELECT p.id, p.code, p.name, p.kind, p.geometry FROM jurisdictions j JOIN jurisdictions p ON p.id = j.parent_id WHERE j.id = ${jurisdictionId}
        UNION SELECT id, code, name, kind, geometry FROM jurisdictions WHERE id = ${jurisdictionId} AND kind = 'country'`,
  );
  return rows;
}
