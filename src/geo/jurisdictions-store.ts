// Jurisdictions (force areas and countries), the one module that reads and writes them. Importing boundaries:
// checked first (boundaries.ts, in the geometry worker pool), then written in one transaction. A code already known is replaced in place: the row keeps its id, so cases, alerts,
// report queues and submissions that point at it keep pointing at it, and alerts already approved keep the
// cells they were published to. The new shape applies to what is routed and drawn from then on; every
// process's index of areas (jurisdiction-index.ts) sees the change through `updated_at`.
import type { Database, Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql, type Sql } from '../db/sql.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { invalid } from '../http/problem.ts';
import { areaContains, areaProblem, bboxOf, type Area } from './geojson.ts';
import { checkBoundariesOffThread } from './geometry-pool.ts';
import type { BoundaryOptions, CheckedBoundary } from './boundaries.ts';

export const JURISDICTION_KINDS = ['force_area', 'country'] as const;
export type JurisdictionKind = (typeof JURISDICTION_KINDS)[number];

export type JurisdictionRow = Row<'jurisdictions', 'id' | 'code' | 'name' | 'kind'> & { kind: JurisdictionKind; geometry: Area };

export interface ImportOptions extends BoundaryOptions {
  kind: JurisdictionKind;
  /** The country the imported force areas lie in (its code), so that whoever answers for it reaches them. */
  parentCode?: string;
  /** Import the good features and leave out the bad ones, instead of all or nothing. */
  skipInvalid: boolean;
  /** Check and report only. */
  dryRun?: boolean;
  /** Where the file came from (its name), kept with the rows. */
  source?: string;
}

export interface ImportOutcome {
  /** A reason nothing was imported: a problem with the file, a feature (all or nothing), or the parent. */
  refused?: string;
  features: Array<Omit<CheckedBoundary, 'geometry'> & { outcome: 'created' | 'replaced' | 'skipped' | 'checked' | 'refused' }>;
  created: number;
  replaced: number;
  skipped: number;
}

interface By {
  actorId: string | null;
  actor: string;
  ip?: string;
}

export async function importBoundaries(
  db: Database,
  text: string | object,
  options: ImportOptions,
  by: By,
  now: Date,
): Promise<ImportOutcome> {
  const check = await checkBoundariesOffThread(text, { codeProperty: options.codeProperty, nameProperty: options.nameProperty });
  const report = (outcome: (b: CheckedBoundary) => ImportOutcome['features'][number]['outcome']) =>
    check.features.map(({ geometry: _geometry, ...rest }) => ({ ...rest, outcome: outcome({ ...rest }) }));
  if (check.fileProblem) return { refused: check.fileProblem, features: [], created: 0, replaced: 0, skipped: 0 };

  const existing = await jurisdictionKindsByCode(
    db,
    check.features.map((b) => b.code).filter((c): c is string => !!c),
  );
  for (const boundary of check.features) {
    const kind = boundary.code ? existing.get(boundary.code) : undefined;
    if (kind && kind !== options.kind)
      boundary.problems.push(`its code is already a ${kind.replace('_', ' ')}; a boundary cannot change kind`);
  }
  const bad = check.features.filter((b) => b.problems.length > 0);
  if (bad.length > 0 && !options.skipInvalid) {
    return {
      refused: `${bad.length} of ${check.features.length} features have problems; nothing was imported (fix them, or import the others with "skip invalid").`,
      features: report((b) => (b.problems.length ? 'refused' : 'checked')),
      created: 0,
      replaced: 0,
      skipped: 0,
    };
  }
  const good = check.features.filter((b) => b.problems.length === 0);
  if (good.length === 0)
    return { refused: 'No feature can be imported.', features: report(() => 'refused'), created: 0, replaced: 0, skipped: bad.length };
  if (options.dryRun) {
    return { features: report((b) => (b.problems.length ? 'skipped' : 'checked')), created: 0, replaced: 0, skipped: bad.length };
  }

  const outcomes = new Map<number, 'created' | 'replaced'>();
  const refused = await db.transaction(async (tx) => {
    let parentId: string | null = null;
    if (options.parentCode) {
      const { rows } = await tx.query<Row<'jurisdictions', 'id'>>(
        sql`SELECT id FROM jurisdictions WHERE code = ${options.parentCode} AND kind = 'country'`,
      );
      if (!rows[0]) return `No country has the code "${options.parentCode}" to hold these areas.`;
      parentId = rows[0].id;
    }
    for (const boundary of good) {
      const geometry = boundary.geometry!;
      const { rows } = await tx.query<Row<'jurisdictions', 'id'> & { replaced: boolean }>(
        sql`INSERT INTO jurisdictions (code, name, kind, geometry, bbox, parent_id, source, created_at)
            VALUES (${boundary.code}, ${boundary.name}, ${options.kind}, ${JSON.stringify(geometry)}::jsonb, ${bboxOf(geometry)}, ${parentId},
                    ${options.source ?? null}, ${now})
            ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, geometry = EXCLUDED.geometry, bbox = EXCLUDED.bbox,
                   parent_id = COALESCE(EXCLUDED.parent_id, jurisdictions.parent_id), source = EXCLUDED.source, updated_at = ${now}
            RETURNING id, (xmax::text <> '0') AS replaced`,
      );
      const row = rows[0]!;
      outcomes.set(boundary.feature, row.replaced ? 'replaced' : 'created');
      await appendAudit(
        tx,
        {
          ...by,
          action: row.replaced ? 'jurisdiction.replaced' : 'jurisdiction.created',
          subjectType: 'jurisdiction',
          subjectId: row.id,
          details: {
            code: boundary.code,
            name: boundary.name,
            kind: options.kind,
            areaKm2: boundary.areaKm2,
            source: options.source ?? null,
          },
        },
        now,
      );
    }
    return undefined;
  });
  if (refused) return { refused, features: report(() => 'refused'), created: 0, replaced: 0, skipped: 0 };
  const features = report((b) => outcomes.get(b.feature) ?? 'skipped');
  return {
    features,
    created: features.filter((f) => f.outcome === 'created').length,
    replaced: features.filter((f) => f.outcome === 'replaced').length,
    skipped: features.filter((f) => f.outcome === 'skipped').length,
  };
}

async function jurisdictionKindsByCode(db: Queryable, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const { rows } = await db.query<Row<'jurisdictions', 'code' | 'kind'>>(
    sql`SELECT code, kind FROM jurisdictions WHERE code = ANY(${codes}::text[])`,
  );
  return new Map(rows.map((row) => [row.code, row.kind]));
}

/** Writes one jurisdiction as given (the demo and tests); boundaries from files go through `importBoundaries`. */
export async function insertJurisdiction(
  db: Queryable,
  jurisdiction: { code: string; name: string; kind: JurisdictionKind; geometry: Area; parentId?: string },
): Promise<string> {
  const problem = areaProblem(jurisdiction.geometry);
  if (problem) throw new Error(`jurisdiction ${jurisdiction.code}: geometry ${problem}`);
  const { rows } = await db.query<Row<'jurisdictions', 'id'>>(
    sql`INSERT INTO jurisdictions (code, name, kind, geometry, bbox, parent_id)
        VALUES (${jurisdiction.code}, ${jurisdiction.name}, ${jurisdiction.kind}, ${JSON.stringify(jurisdiction.geometry)}::jsonb,
                ${bboxOf(jurisdiction.geometry)}, ${jurisdiction.parentId ?? null})
        RETURNING id`,
  );
  return rows[0]!.id;
}

export async function listJurisdictions(db: Queryable): Promise<JurisdictionRow[]> {
  const { rows } = await db.query<JurisdictionRow>('SELECT id, code, name, kind, geometry FROM jurisdictions ORDER BY kind DESC, code');
  return rows;
}

/** The jurisdictions with these ids, countries before force areas, then by code. */
export async function jurisdictionsByIds(db: Queryable, ids: readonly string[]): Promise<JurisdictionRow[]> {
  if (ids.length === 0) return [];
  const { rows } = await db.query<JurisdictionRow>(
    sql`SELECT id, code, name, kind, geometry FROM jurisdictions WHERE id = ANY(${ids}::uuid[]) ORDER BY kind DESC, code`,
  );
  return rows;
}

/**
 * The force areas containing a point, most specific first. The bounding boxes are checked in SQL
 * (cheap, indexed later if need be), the polygons in code for the few that remain.
 */
export async function forceAreasContaining(db: Queryable, lon: number, lat: number): Promise<JurisdictionRow[]> {
  const { rows } = await db.query<JurisdictionRow>(
    sql`SELECT id, code, name, kind, geometry FROM jurisdictions
         WHERE kind = 'force_area' AND bbox[1] <= ${lon} AND bbox[3] >= ${lon} AND bbox[2] <= ${lat} AND bbox[4] >= ${lat}`,
  );
  return rows.filter((row) => areaContains(row.geometry, lon, lat));
}

/** The ids of jurisdictions by code, in the order given without repeats, or a 400 at `pointer` naming the first unknown code. */
export async function jurisdictionIdsByCode(db: Queryable, codes: readonly string[], pointer: string): Promise<string[]> {
  const unique = [...new Set(codes)];
  if (unique.length === 0) return [];
  const { rows } = await db.query<Row<'jurisdictions', 'id' | 'code'>>(
    sql`SELECT id, code FROM jurisdictions WHERE code = ANY(${unique}::text[])`,
  );
  const known = new Map(rows.map((row) => [row.code, row.id]));
  const unknown = unique.find((code) => !known.has(code));
  if (unknown) throw invalid(pointer, `no jurisdiction has the code "${unknown}" (import its boundary first)`);
  return unique.map((code) => known.get(code)!);
}

/** Every jurisdiction's code, name and kind, without its shape: the areas a form may offer. */
export async function listJurisdictionNames(db: Queryable): Promise<Array<Row<'jurisdictions', 'code' | 'name' | 'kind'>>> {
  const { rows } = await db.query<Row<'jurisdictions', 'code' | 'name' | 'kind'>>(
    'SELECT code, name, kind FROM jurisdictions ORDER BY kind, name',
  );
  return rows;
}

export interface JurisdictionRecord {
  id: string;
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
  source: string | null;
  importedAt: Date;
  replacedAt: Date | null;
}

/** Jurisdictions without their shapes, with where each came from and when: for administrators. */
export async function listJurisdictionRecords(db: Queryable): Promise<JurisdictionRecord[]> {
  const { rows } = await db.query<JurisdictionRecord>(
    `SELECT j.id, j.code, j.name, j.kind, p.code AS "parentCode", j.source, j.created_at AS "importedAt", j.updated_at AS "replacedAt"
       FROM jurisdictions j LEFT JOIN jurisdictions p ON p.id = j.parent_id
      ORDER BY j.kind DESC, j.name`,
  );
  return rows;
}

/**
 * Jurisdictions without their shapes, as a subquery (`id`, `code`, `name`, `kind`) that other domains join
 * for the names of the areas their rows point at: `JOIN (${jurisdictionNameRows()}) j ON j.id = c.jurisdiction_id`.
 */
export function jurisdictionNameRows(): Sql {
  return sql`SELECT id, code, name, kind FROM jurisdictions`;
}

/** The ids of the jurisdictions in `ids` (a subquery) and of those within them (a country's force areas). */
export function jurisdictionsWithin(ids: Sql): Sql {
  return sql`SELECT j.id FROM jurisdictions j WHERE j.id IN (${ids}) OR j.parent_id IN (${ids})`;
}
