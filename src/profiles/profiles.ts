// Problem profiles: counts of missing episodes and of the children in them, by one dimension or by month
// against the same months a year before, over the area the reader reaches (src/auth/access.ts `profileReach`).
// Every answer is audited (what was asked, never a record), and everyone but the national centre gets figures
// under disclosure control.
import type { AppDeps } from '../app-deps.ts';
import { profileReach } from '../auth/access.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Queryable } from '../db/database.ts';
import { invalid } from '../http/problem.ts';
import { localAuthoritiesWithin } from '../orgs/store.ts';
import { fixedCodes, monthsBetween, shiftMonth } from './dimensions.ts';
import { controlGroup, exactGroup, METHOD_NOTE } from './disclosure-control.ts';
import { countEpisodes, episodesWhere, forceAreas, includesSynthetic, type Counts } from './profile-store.ts';
import type { ProfileAnswer, ProfileFilters, ProfileQuery, TrendAnswer } from './schemas.ts';
import { ukLocalParts } from './uk-time.ts';

// Ten years and the year before them.
const LONGEST_PERIOD_MONTHS = 240;

export const DEFINITIONS_NOTE =
  'An episode is one time a child was reported missing; a child is counted once however many episodes they had. Months, hours and days are UK local time of when the child was last seen. A repeat episode is a child’s third or more within 90 days. In care and exploitation come from the latest answer to the standard risk questions. Exercises are never counted.';

export interface ProfileArea {
  jurisdictionIds: string[] | 'all';
  label: string;
  exact: boolean;
}

const DAY_MS = 86_400_000;

/**
 * Instants enclosing the period's UK months with a day to spare either side, to read events by time; the caller
 * keeps those whose UK month (`ukLocalParts`) is in the period.
 */
export function periodWindow(period: { from: string; to: string }): { start: Date; end: Date } {
  return {
    start: new Date(Date.parse(`${period.from}-01T00:00:00Z`) - DAY_MS),
    end: new Date(Date.parse(`${shiftMonth(period.to, 1)}-01T00:00:00Z`) + DAY_MS),
  };
}

/** The period asked, whole UK months: `to` defaults to this month and `from` to 11 months before it. */
export function periodOf(filters: ProfileFilters, now: Date): { from: string; to: string } {
  const to = filters.to ?? ukLocalParts(now).month.slice(0, 7);
  const from = filters.from ?? shiftMonth(to, -11);
  if (from > to) throw invalid('/querystring/from', 'the period must start no later than it ends', { code: 'period-order' });
  if (monthsBetween(from, to).length > LONGEST_PERIOD_MONTHS)
    throw invalid('/querystring/from', `a period is at most ${LONGEST_PERIOD_MONTHS} months`, { code: 'period-too-long' });
  return { from, to };
}

/** The area counted: everything the reader reaches, or the one force asked for within it. */
export async function areaFor(db: Queryable, actor: Actor, force: string | undefined): Promise<ProfileArea> {
  const reach = profileReach(actor);
  const within = reach.national ? 'all' : reach.jurisdictionIds;
  if (force === undefined) {
    if (within === 'all') return { jurisdictionIds: 'all', label: 'national', exact: reach.exact };
    const forces = await forceAreas(db, within);
    return { jurisdictionIds: within, label: forces.map((area) => area.code).join(',') || 'none', exact: reach.exact };
  }
  const area = (await forceAreas(db, within)).find((candidate) => candidate.code === force);
  if (!area) throw invalid('/querystring/force', `no force area you may profile has the code "${force}"`, { code: 'unknown-force' });
  return { jurisdictionIds: [area.id], label: area.code, exact: reach.exact };
}

/** A table's figures as the reader may see them: exact for the national centre, else under disclosure control. */
export function controlled(area: ProfileArea, values: number[], total = values.reduce((sum, value) => sum + value, 0)) {
  return area.exact ? exactGroup(values, total) : controlGroup(values, total);
}

/** Both columns of a table of counts, each controlled as a table of its own. */
function controlCounts(
  area: ProfileArea,
  counts: readonly { episodes: number; children: number }[],
  total: { episodes: number; children: number },
) {
  const episodes = controlled(
    area,
    counts.map((row) => row.episodes),
    total.episodes,
  );
  const children = controlled(
    area,
    counts.map((row) => row.children),
    total.children,
  );
  return {
    cells: counts.map((_row, i) => ({ episodes: episodes.cells[i]!, children: children.cells[i]! })),
    total: { episodes: episodes.total, children: children.total },
  };
}

function filtersGiven(filters: ProfileFilters): Record<string, string> {
  const { from: _from, to: _to, ...rest } = filters;
  return Object.fromEntries(Object.entries(rest).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** Every profile read is audited: what was asked, never a record. */
export async function auditProfileRead(
  deps: Pick<AppDeps, 'db'>,
  actor: Actor,
  what: string,
  details: Record<string, unknown>,
  now: Date,
): Promise<void> {
  await deps.db.transaction((tx) =>
    appendAudit(tx, { ...auditActor(actor), action: `profile.${what}`, subjectType: 'profile', details }, now),
  );
}

/** The notes every answer carries: what is counted (the definitions, or `about`), the method and any synthetic history. */
export function profileNotes(area: ProfileArea, synthetic: boolean, about = DEFINITIONS_NOTE): string[] {
  return [
    about,
    ...(area.exact ? [] : [METHOD_NOTE]),
    ...(synthetic ? ['These figures include a fictional synthetic history made for development and demonstration.'] : []),
  ];
}

/** Episodes and children by one dimension, every code of it shown (0 where there is none). */
export async function buildProfile(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, query: ProfileQuery): Promise<ProfileAnswer> {
  const now = deps.clock();
  const { dimension, ...filters } = query;
  const period = periodOf(filters, now);
  const area = await areaFor(deps.db, actor, filters.force);
  const where = episodesWhere(period, area.jurisdictionIds, filters, now);
  const counts = await countEpisodes(deps.db, { period, jurisdictionIds: area.jurisdictionIds, filters }, dimension, now);
  const { rows, labels } = await withEveryCode(deps.db, dimension, counts, area, period);
  const table = controlCounts(area, rows, counts.total);
  const synthetic = await includesSynthetic(deps.db, where);
  await auditProfileRead(deps, actor, 'read', { dimension, ...period, area: area.label, filters: filtersGiven(filters) }, now);
  return {
    dimension,
    ...period,
    area: area.label,
    filters: filtersGiven(filters),
    disclosure: area.exact ? 'exact' : 'controlled',
    includesSynthetic: synthetic,
    notes: profileNotes(area, synthetic),
    rows: rows.map((row, i) => ({ value: row.value, label: labels.get(row.value) ?? null, ...table.cells[i]! })),
    total: table.total,
  };
}

/** The rows of a dimension in order, with a 0 row for each code not found; areas and authorities by code, with their names. */
async function withEveryCode(
  db: Queryable,
  dimension: ProfileQuery['dimension'],
  counts: Counts,
  area: ProfileArea,
  period: { from: string; to: string },
): Promise<{ rows: Counts['rows']; labels: Map<string, string> }> {
  const found = new Map(counts.rows.map((row) => [row.value, row]));
  if (dimension === 'force') return byCode(found, await forceAreas(db, area.jurisdictionIds));
  if (dimension === 'local_authority') return byCode(found, await localAuthoritiesWithin(db, area.jurisdictionIds));
  const codes = dimension === 'month' ? monthsBetween(period.from, period.to) : (fixedCodes(dimension) ?? [...found.keys()].sort());
  return { rows: codes.map((value) => found.get(value) ?? { value, episodes: 0, children: 0 }), labels: new Map() };
}

/**
 * Episodes are counted by an area's or organisation's id; answers name each by its code, every one of `named`
 * in order (0 where none), then 'none' (no local authority covers it) and 'other' (one no longer listed).
 */
function byCode(
  found: ReadonlyMap<string, Counts['rows'][number]>,
  named: readonly { id: string; code: string; name: string }[],
): { rows: Counts['rows']; labels: Map<string, string> } {
  const codeOf = new Map(named.map((entry) => [entry.id, entry.code]));
  const byCodeFound = new Map<string, Counts['rows'][number]>();
  for (const [id, row] of found) {
    const code = id === 'none' ? 'none' : (codeOf.get(id) ?? 'other');
    const earlier = byCodeFound.get(code);
    // Only ids no longer listed share a code ('other'); a child may be in both, so children are not summed.
    const children = earlier ? Math.max(earlier.children, row.children) : row.children;
    byCodeFound.set(code, { value: code, episodes: (earlier?.episodes ?? 0) + row.episodes, children });
  }
  const codes = [...named.map((entry) => entry.code), ...['none', 'other'].filter((code) => byCodeFound.has(code))];
  return {
    rows: codes.map((value) => byCodeFound.get(value) ?? { value, episodes: 0, children: 0 }),
    labels: new Map(named.map((entry) => [entry.code, entry.name])),
  };
}

function trendTable(area: ProfileArea, months: string[], counts: Counts) {
  const found = new Map(counts.rows.map((row) => [row.value, row]));
  return controlCounts(
    area,
    months.map((month) => found.get(month) ?? { episodes: 0, children: 0 }),
    counts.total,
  );
}

/** Episodes and children month by month, beside the same months a year before. */
export async function buildTrend(deps: Pick<AppDeps, 'db' | 'clock'>, actor: Actor, filters: ProfileFilters): Promise<TrendAnswer> {
  const now = deps.clock();
  const period = periodOf(filters, now);
  const before = { from: shiftMonth(period.from, -12), to: shiftMonth(period.to, -12) };
  const area = await areaFor(deps.db, actor, filters.force);
  const current = await countEpisodes(deps.db, { period, jurisdictionIds: area.jurisdictionIds, filters }, 'month', now);
  const earlier = await countEpisodes(deps.db, { period: before, jurisdictionIds: area.jurisdictionIds, filters }, 'month', now);
  const months = monthsBetween(period.from, period.to);
  const now12 = trendTable(area, months, current);
  const then12 = trendTable(
    area,
    months.map((month) => shiftMonth(month, -12)),
    earlier,
  );
  const synthetic = await includesSynthetic(
    deps.db,
    episodesWhere(before.from < period.from ? { ...period, from: before.from } : period, area.jurisdictionIds, filters, now),
  );
  await auditProfileRead(deps, actor, 'trend', { ...period, area: area.label, filters: filtersGiven(filters) }, now);
  return {
    ...period,
    area: area.label,
    filters: filtersGiven(filters),
    disclosure: area.exact ? 'exact' : 'controlled',
    includesSynthetic: synthetic,
    notes: profileNotes(area, synthetic),
    months: months.map((month, i) => ({ month, ...now12.cells[i]!, yearBefore: then12.cells[i]! })),
    total: now12.total,
    totalYearBefore: then12.total,
  };
}
