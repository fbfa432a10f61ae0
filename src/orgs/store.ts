// Organisations (forces, the national centre, local authorities, charities, partner companies) and the
// jurisdictions (areas) they answer for.
import type { Queryable } from '../db/database.ts';
import { areaContains, areaProblem, bboxOf, type Area } from '../geo/geojson.ts';

export const ORGANISATION_KINDS = ['police_force', 'national_centre', 'local_authority', 'charity', 'partner_company'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export interface JurisdictionRow {
  id: string;
  code: string;
  name: string;
  kind: 'force_area' | 'country';
  geometry: Area;
}

export async function insertJurisdiction(
  db: Queryable,
  jurisdiction: { code: string; name: string; kind: 'force_area' | 'country'; geometry: Area; parentId?: string },
): Promise<string> {
  const problem = areaProblem(jurisdiction.geometry);
  if (problem) throw new Error(`jurisdiction ${jurisdiction.code}: geometry ${problem}`);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO jurisdictions (code, name, kind, geometry, bbox, parent_id) VALUES ($1, $2, $3, $4::jsonb, $5, $6) RETURNING id`,
    [jurisdiction.code, jurisdiction.name, jurisdiction.kind, JSON.stringify(jurisdiction.geometry), bboxOf(jurisdiction.geometry), jurisdiction.parentId ?? null],
  );
  return rows[0]!.id;
}

export async function insertOrganisation(
  db: Queryable,
  organisation: { code: string; name: string; kind: OrganisationKind; jurisdictionIds: string[] },
): Promise<string> {
  const { rows } = await db.query<{ id: string }>('INSERT INTO organisations (code, name, kind) VALUES ($1, $2, $3) RETURNING id', [
    organisation.code,
    organisation.name,
    organisation.kind,
  ]);
  const id = rows[0]!.id;
  for (const jurisdictionId of organisation.jurisdictionIds) {
    await db.query('INSERT INTO organisation_jurisdictions (organisation_id, jurisdiction_id) VALUES ($1, $2)', [id, jurisdictionId]);
  }
  return id;
}

export async function listOrganisations(db: Queryable) {
  const { rows } = await db.query<{ id: string; code: string; name: string; kind: OrganisationKind; jurisdiction_codes: string[] }>(
    `SELECT o.id, o.code, o.name, o.kind,
            COALESCE(array_agg(j.code ORDER BY j.code) FILTER (WHERE j.id IS NOT NULL), '{}') AS jurisdiction_codes
       FROM organisations o
       LEFT JOIN organisation_jurisdictions oj ON oj.organisation_id = o.id
       LEFT JOIN jurisdictions j ON j.id = oj.jurisdiction_id
      GROUP BY o.id ORDER BY o.code`,
  );
  return rows;
}

export async function listJurisdictions(db: Queryable): Promise<JurisdictionRow[]> {
  const { rows } = await db.query<JurisdictionRow>('SELECT id, code, name, kind, geometry FROM jurisdictions ORDER BY kind DESC, code');
  return rows;
}

/**
 * The force areas containing a point, most specific first. The bounding boxes are checked in SQL
 * (cheap, indexed later if need be), the polygons in code for the few that remain.
 */
export async function forceAreasContaining(db: Queryable, lon: number, lat: number): Promise<JurisdictionRow[]> {
  const { rows } = await db.query<JurisdictionRow>(
    `SELECT id, code, name, kind, geometry FROM jurisdictions
      WHERE kind = 'force_area' AND bbox[1] <= $1 AND bbox[3] >= $1 AND bbox[2] <= $2 AND bbox[4] >= $2`,
    [lon, lat],
  );
  return rows.filter((row) => areaContains(row.geometry, lon, lat));
}

export async function jurisdictionsOfOrganisation(db: Queryable, organisationId: string): Promise<JurisdictionRow[]> {
  const { rows } = await db.query<JurisdictionRow>(
    `SELECT j.id, j.code, j.name, j.kind, j.geometry FROM jurisdictions j
       JOIN organisation_jurisdictions oj ON oj.jurisdiction_id = j.id
      WHERE oj.organisation_id = $1 ORDER BY j.kind DESC, j.code`,
    [organisationId],
  );
  return rows;
}
