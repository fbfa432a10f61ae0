// The live appeals, as the public site's home page, gallery and widget show them: one small snapshot per
// process, read again when an alert changes here (the appeal cache's forget) or after a few seconds
// (changes made by other processes), so a national surge of readers does not become a surge of queries.
// Only real appeals are listed: an exercise or a test stays in the CAP and Atom feeds, marked with its
// status for aggregators to filter, and its page is reachable by its link, but no public list shows it.
// Only what the appeal itself publishes is kept, plus two things derived for filtering that reveal no
// more than an appeal does: the child's age band (never the date of birth) and the areas the appeal reaches.
import type { Queryable } from '../db/database.ts';
import { areaCellsOffThread } from '../geo/geometry-pool.ts';
import { TooManyCellsError } from '../geo/polygon-cells.ts';
import { cellToLatLng } from 'h3-js';
import { MAX_AREA_CELLS, type AlertAreaPart } from '../geo/alert-area.ts';
import { processJurisdictionIndex, routePoint, type JurisdictionIndexCache } from '../geo/jurisdiction-index.ts';

export const SNAPSHOT_TTL_MS = 5_000;
/** Cells of a drawn area looked up one by one to find the force areas it reaches; past this, every tenth. */
const MAX_ROUTED_CELLS = 20_000;

export const AGE_BANDS = ['0-11', '12-14', '15-17'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export interface PublicContent {
  language: string;
  headline: string;
  description: string;
  instruction: string;
  contact: string;
}

export interface PublicAppeal {
  id: string;
  slug: string;
  capStatus: 'Actual' | 'Exercise' | 'Test';
  approvedAt: Date | null;
  expiresAt: Date | null;
  lastSeenAt: Date;
  lastSeenPlace: string;
  /** Position of the first public photo, if any. */
  photoPosition: number | null;
  ageBand: AgeBand | null;
  /** In the alert's order: the first is the alert's first language. */
  contents: PublicContent[];
  /** Jurisdiction codes the appeal's area reaches; null for a national appeal (everywhere). */
  reaches: ReadonlySet<string> | null;
  /** Headlines and descriptions in every language, folded for matching. */
  searchText: string;
}

export interface PublicJurisdiction {
  code: string;
  name: string;
  kind: 'force_area' | 'country';
  parentCode: string | null;
}

export interface AppealSnapshot {
  appeals: readonly PublicAppeal[];
  jurisdictions: readonly PublicJurisdiction[];
}

/** Lower case, accents and other marks dropped: "Zoë Łukasz" finds "zoe lukasz". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'l')
    .toLowerCase();
}

export function ageBandOf(age: number | null): AgeBand | null {
  if (age === null || !Number.isFinite(age)) return null;
  if (age < 12) return '0-11';
  if (age < 15) return '12-14';
  return '15-17';
}

function ageAt(dateOfBirth: Date | string | null, estimatedAge: number | null, at: Date): number | null {
  if (dateOfBirth) {
    const born = new Date(dateOfBirth);
    let age = at.getUTCFullYear() - born.getUTCFullYear();
    if (at.getUTCMonth() < born.getUTCMonth() || (at.getUTCMonth() === born.getUTCMonth() && at.getUTCDate() < born.getUTCDate())) age--;
    return age;
  }
  return estimatedAge;
}

interface AlertRow {
  id: string;
  slug: string;
  cap_status: PublicAppeal['capStatus'];
  approved_at: Date | null;
  expires_at: Date | null;
  last_seen_at: Date;
  last_seen_place: string;
  area: { parts?: AlertAreaPart[]; jurisdictionCodes?: string[]; national?: boolean };
  owner_code: string;
  version: number;
  date_of_birth: Date | string | null;
  estimated_age: number | null;
  photo_position: number | null;
}

/** Force areas an alert's drawn parts reach, by the force area holding each of their cells' centres. */
async function reachedJurisdictions(db: Queryable, row: AlertRow, index: JurisdictionIndexCache): Promise<Set<string>> {
  const reached = new Set<string>([row.owner_code, ...(row.area.jurisdictionCodes ?? [])]);
  const parts = row.area.parts ?? [];
  if (parts.length === 0) return reached;
  const jurisdictions = await index.current(db);
  // Filled in a worker thread: a large drawn area takes seconds, and public pages must not wait on it.
  let cells: string[];
  try {
    cells = await areaCellsOffThread(parts, MAX_AREA_CELLS);
  } catch (error) {
    if (error instanceof TooManyCellsError) return reached; // wider than any area now allowed: its own force's lists
    throw error;
  }
  const step = cells.length > MAX_ROUTED_CELLS ? 10 : 1;
  for (let i = 0; i < cells.length; i += step) {
    const [lat, lon] = cellToLatLng(cells[i]!);
    const found = routePoint(jurisdictions, lon, lat);
    if (found) reached.add(found.code);
  }
  return reached;
}

export async function loadAppealSnapshot(db: Queryable, now: Date, index: JurisdictionIndexCache = processJurisdictionIndex, reachCache = new Map<string, Set<string>>()): Promise<AppealSnapshot> {
  const { rows } = await db.query<AlertRow>(
    `SELECT a.id, a.slug, a.cap_status, a.approved_at, a.expires_at, a.last_seen_at, a.last_seen_place, a.area, a.version,
            j.code AS owner_code, ch.date_of_birth, ch.estimated_age,
            (SELECT min(p.position) FROM alert_photos p WHERE p.alert_id = a.id AND p.public_key IS NOT NULL) AS photo_position
       FROM alerts a
       JOIN jurisdictions j ON j.id = a.jurisdiction_id
       JOIN cases c ON c.id = a.case_id
       JOIN children ch ON ch.id = c.child_id
      WHERE a.state = 'active' AND (a.expires_at IS NULL OR a.expires_at > $1) AND a.cap_status = 'Actual'
      ORDER BY a.approved_at DESC NULLS LAST, a.id`,
    [now],
  );
  const { rows: jurisdictionRows } = await db.query<{ code: string; name: string; kind: PublicJurisdiction['kind']; parent_code: string | null }>(
    `SELECT j.code, j.name, j.kind, p.code AS parent_code FROM jurisdictions j LEFT JOIN jurisdictions p ON p.id = j.parent_id ORDER BY j.kind DESC, j.name`,
  );
  const jurisdictions = jurisdictionRows.map((r) => ({ code: r.code, name: r.name, kind: r.kind, parentCode: r.parent_code }));
  if (rows.length === 0) return { appeals: [], jurisdictions };
  const { rows: contentRows } = await db.query<PublicContent & { alert_id: string }>(
    `SELECT alert_id, language, headline, description, instruction, contact FROM alert_contents WHERE alert_id = ANY($1::uuid[]) ORDER BY alert_id, position`,
    [rows.map((row) => row.id)],
  );
  const contentsOf = new Map<string, PublicContent[]>();
  for (const { alert_id, ...content } of contentRows) {
    const list = contentsOf.get(alert_id) ?? [];
    list.push(content);
    contentsOf.set(alert_id, list);
  }
  const appeals: PublicAppeal[] = [];
  for (const row of rows) {
    const contents = contentsOf.get(row.id) ?? [];
    if (contents.length === 0) continue;
    let reaches: Set<string> | null = null;
    if (row.area.national !== true) {
      const key = `${row.id}/${row.version}`;
      reaches = reachCache.get(key) ?? (await reachedJurisdictions(db, row, index));
      reachCache.set(key, reaches);
    }
    appeals.push({
      id: row.id,
      slug: row.slug,
      capStatus: row.cap_status,
      approvedAt: row.approved_at,
      expiresAt: row.expires_at,
      lastSeenAt: row.last_seen_at,
      lastSeenPlace: row.last_seen_place,
      photoPosition: row.photo_position,
      ageBand: ageBandOf(ageAt(row.date_of_birth, row.estimated_age, row.last_seen_at)),
      contents,
      reaches,
      searchText: foldForSearch(contents.map((c) => `${c.headline}\n${c.description}`).join('\n')),
    });
  }
  return { appeals, jurisdictions };
}

/** The appeal's text in `language` where it has it (exact, then the primary subtag), else its first language. */
export function contentFor(appeal: Pick<PublicAppeal, 'contents'>, language: string): PublicContent {
  const wanted = language.toLowerCase();
  return (
    appeal.contents.find((c) => c.language.toLowerCase() === wanted) ??
    appeal.contents.find((c) => c.language.toLowerCase().split('-')[0] === wanted.split('-')[0]) ??
    appeal.contents[0]!
  );
}

/** Whether an appeal reaches a jurisdiction: a country is reached by any appeal in one of its force areas. */
export function reachesArea(appeal: PublicAppeal, code: string, jurisdictions: readonly PublicJurisdiction[]): boolean {
  if (appeal.reaches === null || appeal.reaches.has(code)) return true;
  return jurisdictions.some((j) => j.parentCode === code && appeal.reaches!.has(j.code));
}

export interface AppealFilter {
  q?: string;
  area?: string;
  age?: string;
}

export function filterAppeals(snapshot: AppealSnapshot, filter: AppealFilter, now: Date): PublicAppeal[] {
  const words = filter.q ? foldForSearch(filter.q).split(/\s+/).filter(Boolean) : [];
  return snapshot.appeals.filter(
    (appeal) =>
      // An appeal past its expiry leaves at once, even from a snapshot read a moment before.
      (appeal.expiresAt === null || appeal.expiresAt.getTime() > now.getTime()) &&
      words.every((word) => appeal.searchText.includes(word)) &&
      (!filter.area || reachesArea(appeal, filter.area, snapshot.jurisdictions)) &&
      (!filter.age || appeal.ageBand === filter.age),
  );
}

export interface AppealSnapshots {
  current(now: Date): Promise<AppealSnapshot>;
  /** Called when an alert changed in this process: the next reader gets a fresh snapshot. */
  invalidate(): void;
}

export function createAppealSnapshots(db: Queryable, options: { ttlMs?: number; index?: JurisdictionIndexCache } = {}): AppealSnapshots {
  const ttl = options.ttlMs ?? SNAPSHOT_TTL_MS;
  const reachCache = new Map<string, Set<string>>();
  let snapshot: AppealSnapshot | undefined;
  let loadedAt = -Infinity;
  let generation = 0;
  // Concurrent readers share one load.
  let loading: Promise<AppealSnapshot> | undefined;
  return {
    async current(now) {
      if (snapshot && performance.now() - loadedAt < ttl) return snapshot;
      if (!loading) {
        const started = generation;
        const startedAt = performance.now();
        loading = loadAppealSnapshot(db, now, options.index, reachCache)
          .then((loaded) => {
            // A change during the load leaves this snapshot for this reader only.
            if (started === generation) {
              snapshot = loaded;
              loadedAt = startedAt;
            }
            if (reachCache.size > 1000) reachCache.clear();
            return loaded;
          })
          .finally(() => (loading = undefined));
      }
      return loading;
    },
    invalidate() {
      generation++;
      snapshot = undefined;
      loading = undefined;
      loadedAt = -Infinity;
    },
  };
}
