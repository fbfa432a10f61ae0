// Jurisdictions with their shapes, for an alert's area: the whole jurisdictions an officer chose by code,
// and the countries a force lies in (what a national alert announces in CAP).
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import type { Area } from './geojson.ts';

export type JurisdictionShape = Row<'jurisdictions', 'id' | 'code' | 'name'> & { kind: 'force_area' | 'country'; geometry: Area };

/** The jurisdictions that have one of `codes`; unknown codes are left out. */
export async function jurisdictionsByCode(db: Queryable, codes: readonly string[]): Promise<JurisdictionShape[]> {
  const { rows } = await db.query<JurisdictionShape>(sql`SELECT id, code, name, kind, geometry FROM jurisdictions WHERE code = ANY(${codes}::text[])`);
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
