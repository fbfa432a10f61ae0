// The live appeals, as the public site's home page, gallery and widget show them: one small snapshot per
// process, read again when an alert changes here (the appeal cache's forget) or after a few seconds
// (changes made by other processes), so a national surge of readers does not become a surge of queries.
// Only real appeals are listed: an exercise or a test stays in the CAP and Atom feeds, marked with its
// status for aggregators to filter, and its page is reachable by its link, but no public list shows it.
// Only what the appeal itself publishes is kept, plus two things derived for filtering that reveal no
// more than an appeal does: the child's age band (never the date of birth) and the areas the appeal reaches.
import { activeAppeals, type ActiveAppeal, type AppealText } from '../alerts/active-appeals.ts';
import { appealChildAges } from '../cases/alert-view.ts';
import type { Queryable } from '../db/database.ts';
import { areaCellsOffThread } from '../geo/geometry-pool.ts';
import { TooManyCellsError } from '../geo/polygon-cells.ts';
import { cellToLatLng } from 'h3-js';
import { MAX_AREA_CELLS } from '../geo/alert-area.ts';
import { processJurisdictionIndex, routePoint, type JurisdictionIndexCache } from '../geo/jurisdiction-index.ts';
import { jurisdictionTree } from '../geo/jurisdiction-lookup.ts';

export const SNAPSHOT_TTL_MS = 5_000;
/** Cells of a drawn area looked up one by one to find the force areas it reaches; past this, every tenth. */
const MAX_ROUTED_CELLS = 20_000;

export const AGE_BANDS = ['0-11', '12-14', '15-17'] as const;
export type AgeBand = (typeof AGE_BANDS)[number];

export type PublicContent = AppealText;

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
  return text.normalize('NFKD').replace(/\p{M}/gu, '').replace(/ł/g, 'l').replace(/Ł/g, 'l').toLowerCase();
}

export function ageBandOf(age: number | null): AgeBand | null {
  if (age === null || !Number.isFinite(age)) return null;
  if (age < 12) return '0-11';
  if (age < 15) return '12-14';
  return '15-17';
}

/** Force areas an appeal's drawn parts reach (and its own force's), by the force area holding each of their cells' centres. */
async function reachedJurisdictions(
  db: Queryable,
  appeal: ActiveAppeal,
  ownerCode: string,
  index: JurisdictionIndexCache,
): Promise<Set<string>> {
  const reached = new Set<string>([ownerCode, ...(appeal.area.jurisdictionCodes ?? [])]);
  const parts = appeal.area.parts ?? [];
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

export async function loadAppealSnapshot(
  db: Queryable,
  now: Date,
  index: JurisdictionIndexCache = processJurisdictionIndex,
  reachCache = new Map<string, Set<string>>(),
): Promise<AppealSnapshot> {
  const live = await activeAppeals(db, now);
  const tree = await jurisdictionTree(db);
  const jurisdictions = tree.map((j): PublicJurisdiction => ({ code: j.code, name: j.name, kind: j.kind, parentCode: j.parentCode }));
  if (live.length === 0) return { appeals: [], jurisdictions };
  const codeOf = new Map(tree.map((j) => [j.id, j.code]));
  // Only the child's age when last seen, for the age filter: never the date of birth.
  const ages = await appealChildAges(
    db,
    live.map((appeal) => ({ caseId: appeal.caseId, lastSeenAt: appeal.lastSeenAt })),
  );
  const appeals: PublicAppeal[] = [];
  for (const appeal of live) {
    const ownerCode = codeOf.get(appeal.jurisdictionId);
    if (ownerCode === undefined) continue;
    let reaches: Set<string> | null = null;
    if (appeal.area.national !== true) {
      const key = `${appeal.id}/${appeal.version}`;
      reaches = reachCache.get(key) ?? (await reachedJurisdictions(db, appeal, ownerCode, index));
      reachCache.set(key, reaches);
    }
    appeals.push({
      id: appeal.id,
      slug: appeal.slug,
      capStatus: appeal.capStatus,
      approvedAt: appeal.approvedAt,
      expiresAt: appeal.expiresAt,
      lastSeenAt: appeal.lastSeenAt,
      lastSeenPlace: appeal.lastSeenPlace,
      photoPosition: appeal.photoPosition,
      ageBand: ageBandOf(ages.get(appeal.caseId) ?? null),
      contents: appeal.contents,
      reaches,
      searchText: foldForSearch(appeal.contents.map((c) => `${c.headline}\n${c.description}`).join('\n')),
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
