// Organisations (forces, the national centre, local authorities, charities, partner companies) and the
// jurisdictions (areas) they answer for.
import type { Queryable } from '../db/database.ts';
import type { Database } from '../db/database.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { conflict, invalid, notFound } from '../http/problem.ts';
import { areaContains, areaProblem, bboxOf, type Area } from '../geo/geojson.ts';

export const ORGANISATION_KINDS = ['police_force', 'national_centre', 'local_authority', 'charity', 'partner_company', 'foreign_national_centre'] as const;
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

/** The organisation's code, or undefined if there is no such organisation. */
export async function organisationCodeOf(db: Queryable, organisationId: string): Promise<string | undefined> {
  const { rows } = await db.query<{ code: string }>('SELECT code FROM organisations WHERE id = $1', [organisationId]);
  return rows[0]?.code;
}

export function isOrganisationKind(value: string): value is OrganisationKind {
  return (ORGANISATION_KINDS as readonly string[]).includes(value);
}

interface By {
  actorId: string | null;
  actor: string;
  ip?: string;
}

const ORGANISATION_CODE = /^[a-z0-9][a-z0-9-]{1,49}$/;

/** The ids of jurisdictions by code, or a 400 naming the first unknown code. */
async function jurisdictionIdsByCode(db: Queryable, codes: string[], pointer: string): Promise<string[]> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return [];
  const { rows } = await db.query<{ id: string; code: string }>('SELECT id, code FROM jurisdictions WHERE code = ANY($1::text[])', [unique]);
  const known = new Map(rows.map((row) => [row.code, row.id]));
  const unknown = unique.find((code) => !known.has(code));
  if (unknown) throw invalid(pointer, `no jurisdiction has the code "${unknown}" (import its boundary first)`);
  return unique.map((code) => known.get(code)!);
}

/** An administrator creates an organisation, with the areas it answers for. Audited. */
export async function createOrganisation(
  db: Database,
  organisation: { code: string; name: string; kind: string; jurisdictionCodes: string[] },
  by: By,
  now: Date,
): Promise<string> {
  if (!ORGANISATION_CODE.test(organisation.code)) {
    throw invalid('/body/code', 'the code must be 2 to 50 lower-case letters, digits or "-", starting with a letter or digit (e.g. "thames-valley")');
  }
  if (!isOrganisationKind(organisation.kind)) throw invalid('/body/kind', `the kind must be one of ${ORGANISATION_KINDS.join(', ')}`);
  const name = organisation.name.trim();
  if (!name) throw invalid('/body/name', 'the name is empty');
  const kind = organisation.kind;
  return db.transaction(async (tx) => {
    const { rows: taken } = await tx.query('SELECT 1 FROM organisations WHERE code = $1', [organisation.code]);
    if (taken.length > 0) throw conflict(`An organisation with the code "${organisation.code}" already exists.`);
    const jurisdictionIds = await jurisdictionIdsByCode(tx, organisation.jurisdictionCodes, '/body/jurisdictionCodes');
    const id = await insertOrganisation(tx, { code: organisation.code, name, kind, jurisdictionIds });
    await appendAudit(
      tx,
      { ...by, action: 'organisation.created', subjectType: 'organisation', subjectId: id, details: { code: organisation.code, kind, jurisdictions: organisation.jurisdictionCodes } },
      now,
    );
    return id;
  });
}

/**
 * An administrator renames an organisation or changes its areas. Its kind does not change: the roles its
 * staff hold depend on it (a new kind is a new organisation). Audited with what changed.
 */
export async function updateOrganisation(
  db: Database,
  code: string,
  changes: { name?: string; jurisdictionCodes?: string[] },
  by: By,
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string; name: string }>('SELECT id, name FROM organisations WHERE code = $1 FOR UPDATE', [code]);
    const current = rows[0];
    if (!current) throw notFound(`The organisation "${code}"`);
    const changed: Record<string, unknown> = {};
    if (changes.name !== undefined) {
      const name = changes.name.trim();
      if (!name) throw invalid('/body/name', 'the name is empty');
      if (name !== current.name) {
        await tx.query('UPDATE organisations SET name = $2, updated_at = $3 WHERE id = $1', [current.id, name, now]);
        changed.name = true;
      }
    }
    if (changes.jurisdictionCodes !== undefined) {
      const ids = await jurisdictionIdsByCode(tx, changes.jurisdictionCodes, '/body/jurisdictionCodes');
      await tx.query('DELETE FROM organisation_jurisdictions WHERE organisation_id = $1 AND NOT (jurisdiction_id = ANY($2::uuid[]))', [current.id, ids]);
      for (const id of ids) {
        await tx.query('INSERT INTO organisation_jurisdictions (organisation_id, jurisdiction_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [current.id, id]);
      }
      await tx.query('UPDATE organisations SET updated_at = $2 WHERE id = $1', [current.id, now]);
      changed.jurisdictions = changes.jurisdictionCodes;
    }
    if (Object.keys(changed).length === 0) return;
    await appendAudit(tx, { ...by, action: 'organisation.updated', subjectType: 'organisation', subjectId: current.id, details: { code, ...changed } }, now);
  });
}
