// Counting profile_episodes (owned here) for a profile: one scan per answer, the dimension's rows and the
// total together (GROUPING SETS), children counted distinct, never summed across rows.
import type { Queryable } from '../db/database.ts';
import { join, sql, type Sql } from '../db/sql.ts';
import { jurisdictionNameRows } from '../geo/jurisdictions-store.ts';
import type { Dimension } from './codes.ts';
import { AGE_BAND_SQL, dimensionSql } from './dimensions.ts';
import { countFromMonthCounts } from './month-counts.ts';
import type { ProfileFilters } from './schemas.ts';

export interface CountRow {
  value: string;
  episodes: number;
  children: number;
}

export interface Counts {
  rows: CountRow[];
  total: { episodes: number; children: number };
}

/** The episodes a profile counts: the period (whole months), the area, and the filters as read at `readAt`. */
export function episodesWhere(
  period: { from: string; to: string },
  jurisdictionIds: readonly string[] | 'all',
  filters: ProfileFilters,
  readAt: Date,
): Sql {
  const where: Sql[] = [sql`e.month >= ${`${period.from}-01`}::date`, sql`e.month <= ${`${period.to}-01`}::date`];
  if (jurisdictionIds !== 'all') where.push(sql`e.jurisdiction_id = ANY(${[...jurisdictionIds]}::uuid[])`);
  if (filters.sex) where.push(sql`e.sex = ${filters.sex}`);
  if (filters.ageBand) where.push(sql`${AGE_BAND_SQL} = ${filters.ageBand}`);
  if (filters.inCare) where.push(sql`${dimensionSql('in_care', readAt)} = ${filters.inCare}`);
  if (filters.exploitation) where.push(sql`${dimensionSql('exploitation', readAt)} = ${filters.exploitation}`);
  if (filters.repeat) where.push(sql`e.repeat = ${filters.repeat === 'yes'}`);
  if (filters.returnInterview) where.push(sql`${dimensionSql('return_interview', readAt)} = ${filters.returnInterview}`);
  if (filters.risk) where.push(sql`${dimensionSql('risk', readAt)} = ${filters.risk}`);
  return join(where, ' AND ');
}

/** What a profile counts: whole UK months, the areas (or every one) and the filters asked. */
export interface EpisodeSelection {
  period: { from: string; to: string };
  jurisdictionIds: readonly string[] | 'all';
  filters: ProfileFilters;
}

/** Whether any filter narrows the episodes beyond the period and the area. */
function narrowed(filters: ProfileFilters): boolean {
  return Object.entries(filters).some(([name, value]) => !['from', 'to', 'force'].includes(name) && typeof value === 'string');
}

/**
 * Episodes and children by `dimension`: the whole country without filters from the monthly counts (the same
 * figures, without reading every episode of a long period); anything narrower from the episodes themselves.
 */
export async function countEpisodes(db: Queryable, selection: EpisodeSelection, dimension: Dimension, readAt: Date): Promise<Counts> {
  if (selection.jurisdictionIds === 'all' && !narrowed(selection.filters))
    return countFromMonthCounts(db, selection.period, dimension, readAt);
  return countBy(db, episodesWhere(selection.period, selection.jurisdictionIds, selection.filters, readAt), dimension, readAt);
}

type GroupedRow = { value: string | null; whole: number; episodes: number; children: number };

/** Episodes and children by `dimension` among the episodes `where` selects, counted one by one. */
export async function countBy(db: Queryable, where: Sql, dimension: Dimension, readAt: Date): Promise<Counts> {
  const value = dimensionSql(dimension, readAt);
  // The value is worked out once, in a subquery, so that an expression with parameters groups as itself.
  const { rows } = await db.query<GroupedRow>(
    sql`SELECT v.value, GROUPING(v.value)::int AS whole, count(*)::int AS episodes, count(DISTINCT v.child_key)::int AS children
          FROM (SELECT ${value} AS value, e.child_key FROM profile_episodes e WHERE ${where}) v
         GROUP BY GROUPING SETS ((v.value), ())`,
  );
  const total = rows.find((row) => row.whole === 1);
  return {
    rows: rows.filter((row) => row.whole === 0).map((row) => ({ value: row.value!, episodes: row.episodes, children: row.children })),
    total: { episodes: total?.episodes ?? 0, children: total?.children ?? 0 },
  };
}

export async function includesSynthetic(db: Queryable, where: Sql): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>(
    sql`SELECT EXISTS (SELECT 1 FROM profile_episodes e WHERE ${where} AND e.synthetic) AS found`,
  );
  return rows[0]!.found;
}

export interface ForceArea {
  id: string;
  code: string;
  name: string;
}

/** The force areas among these jurisdictions (and within them), or all of them; by name. */
export async function forceAreas(db: Queryable, within: readonly string[] | 'all'): Promise<ForceArea[]> {
  const { rows } = await db.query<ForceArea>(
    sql`SELECT j.id, j.code, j.name FROM (${jurisdictionNameRows()}) j WHERE j.kind = 'force_area'
          ${within === 'all' ? sql`` : sql`AND j.id = ANY(${[...within]}::uuid[])`} ORDER BY j.name`,
  );
  return rows;
}

/** How each of these episodes ended, as profiles record it ('not_found_yet' while open), by case id. */
export async function outcomesOfCases(db: Queryable, caseIds: readonly string[]): Promise<Map<string, string>> {
  if (caseIds.length === 0) return new Map();
  const { rows } = await db.query<{ case_id: string; outcome: string }>(
    sql`SELECT e.case_id, coalesce(e.outcome, 'not_found_yet') AS outcome FROM profile_episodes e WHERE e.case_id = ANY(${[...caseIds]}::uuid[])`,
  );
  return new Map(rows.map((row) => [row.case_id, row.outcome]));
}
