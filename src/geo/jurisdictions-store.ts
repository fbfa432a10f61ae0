// Importing jurisdiction boundaries: checked first (boundaries.ts, in the geometry worker pool), then written
// in one transaction. A code already known is replaced in place: the row keeps its id, so cases, alerts,
// report queues and submissions that point at it keep pointing at it, and alerts already approved keep the
// cells they were published to. The new shape applies to what is routed and drawn from then on; every
// process's index of areas (jurisdiction-index.ts) sees the change through `updated_at`.
import type { Database, Queryable } from '../db/database.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { bboxOf } from './geojson.ts';
import { checkBoundariesOffThread } from './geometry-pool.ts';
import type { BoundaryOptions, CheckedBoundary } from './boundaries.ts';

export const JURISDICTION_KINDS = ['force_area', 'country'] as const;
export type JurisdictionKind = (typeof JURISDICTION_KINDS)[number];

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

export async function importBoundaries(db: Database, text: string | object, options: ImportOptions, by: By, now: Date): Promise<ImportOutcome> {
  const check = await checkBoundariesOffThread(text, { codeProperty: options.codeProperty, nameProperty: options.nameProperty });
  const report = (outcome: (b: CheckedBoundary) => ImportOutcome['features'][number]['outcome']) =>
    check.features.map(({ geometry: _geometry, ...rest }) => ({ ...rest, outcome: outcome({ ...rest }) }));
  if (check.fileProblem) return { refused: check.fileProblem, features: [], created: 0, replaced: 0, skipped: 0 };

  const existing = await jurisdictionKindsByCode(db, check.features.map((b) => b.code).filter((c): c is string => !!c));
  for (const boundary of check.features) {
    const kind = boundary.code ? existing.get(boundary.code) : undefined;
    if (kind && kind !== options.kind) boundary.problems.push(`its code is already a ${kind.replace('_', ' ')}; a boundary cannot change kind`);
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
  if (good.length === 0) return { refused: 'No feature can be imported.', features: report(() => 'refused'), created: 0, replaced: 0, skipped: bad.length };
  if (options.dryRun) {
    return { features: report((b) => (b.problems.length ? 'skipped' : 'checked')), created: 0, replaced: 0, skipped: bad.length };
  }

  const outcomes = new Map<number, 'created' | 'replaced'>();
  const refused = await db.transaction(async (tx) => {
    let parentId: string | null = null;
    if (options.parentCode) {
      const { rows } = await tx.query<{ id: string }>(`SELECT id FROM jurisdictions WHERE code = $1 AND kind = 'country'`, [options.parentCode]);
      if (!rows[0]) return `No country has the code "${options.parentCode}" to hold these areas.`;
      parentId = rows[0].id;
    }
    for (const boundary of good) {
      const geometry = boundary.geometry!;
      const { rows } = await tx.query<{ id: string; replaced: boolean }>(
        `INSERT INTO jurisdictions (code, name, kind, geometry, bbox, parent_id, source, created_at)
         VALUES ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, geometry = EXCLUDED.geometry, bbox = EXCLUDED.bbox,
                parent_id = COALESCE(EXCLUDED.parent_id, jurisdictions.parent_id), source = EXCLUDED.source, updated_at = $8
         RETURNING id, (xmax::text <> '0') AS replaced`,
        [boundary.code, boundary.name, options.kind, JSON.stringify(geometry), bboxOf(geometry), parentId, options.source ?? null, now],
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
          details: { code: boundary.code, name: boundary.name, kind: options.kind, areaKm2: boundary.areaKm2, source: options.source ?? null },
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
  const { rows } = await db.query<{ code: string; kind: string }>('SELECT code, kind FROM jurisdictions WHERE code = ANY($1::text[])', [codes]);
  return new Map(rows.map((row) => [row.code, row.kind]));
}

/** Every jurisdiction's code, name and kind, without its shape: the areas a form may offer. */
export async function listJurisdictionNames(db: Queryable): Promise<Array<{ code: string; name: string; kind: string }>> {
  const { rows } = await db.query<{ code: string; name: string; kind: string }>('SELECT code, name, kind FROM jurisdictions ORDER BY kind, name');
  return rows;
}

export interface JurisdictionSummary {
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
  organisationCodes: string[];
  source: string | null;
  importedAt: Date;
  replacedAt: Date | null;
}

/** Jurisdictions without their shapes, with the organisations that answer for each: for administrators. */
export async function listJurisdictionSummaries(db: Queryable): Promise<JurisdictionSummary[]> {
  const { rows } = await db.query<JurisdictionSummary>(
    `SELECT j.code, j.name, j.kind, p.code AS "parentCode", j.source, j.created_at AS "importedAt", j.updated_at AS "replacedAt",
            COALESCE((SELECT array_agg(o.code ORDER BY o.code) FROM organisation_jurisdictions oj JOIN organisations o ON o.id = oj.organisation_id
                       WHERE oj.jurisdiction_id = j.id), '{}') AS "organisationCodes"
       FROM jurisdictions j LEFT JOIN jurisdictions p ON p.id = j.parent_id
      ORDER BY j.kind DESC, j.name`,
  );
  return rows;
}
