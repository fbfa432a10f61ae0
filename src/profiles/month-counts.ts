// National profiles from profile_month_counts (owned here; kept by triggers on profile_episodes, migration
// 0047): episodes by dimension, code, month and the month of the child's previous episode with that code, so
// that episodes and distinct children over any run of whole months are sums of a few thousand rows rather
// than a count of every episode. Exactly the figures `countBy` gives over profile_episodes for the whole
// country without filters (src/profiles/month-counts.test.ts holds them equal).
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import type { Dimension } from './codes.ts';
import type { CountRow, Counts } from './profile-store.ts';

type SummedRow = { dimension: string; value: string; episodes: number; children: number };

/**
 * Episodes and children by `dimension` over the whole country in the period (whole months), read at
 * `readAt`; rows only for codes with episodes, as `countBy` gives them.
 */
export async function countFromMonthCounts(
  db: Queryable,
  period: { from: string; to: string },
  dimension: Dimension,
  readAt: Date,
): Promise<Counts> {
  const from = `${period.from}-01`;
  const to = `${period.to}-01`;
  // A child is counted by its one episode in the period whose previous episode of the same code came before it.
  const { rows } = await db.query<SummedRow>(
    sql`SELECT c.dimension, c.value, sum(c.episodes)::int AS episodes,
               coalesce(sum(c.episodes) FILTER (WHERE c.previous_month < ${from}::date), 0)::int AS children
          FROM profile_month_counts c
         WHERE c.dimension IN (${dimension}, 'all') AND c.month >= ${from}::date AND c.month <= ${to}::date
         GROUP BY c.dimension, c.value
        HAVING sum(c.episodes) > 0`,
  );
  const total = rows.find((row) => row.dimension === 'all');
  const found = rows
    .filter((row) => row.dimension !== 'all')
    .map((row): CountRow => ({ value: row.value, episodes: row.episodes, children: row.children }));
  return {
    rows: dimension === 'return_interview' ? await splitOpenInterviews(db, found, { from, to }, readAt) : found,
    total: { episodes: total?.episodes ?? 0, children: total?.children ?? 0 },
  };
}

type InTimeRow = { episodes: number; children: number; only_in_time: number };

/**
 * Open return interviews are overdue or in time depending on the moment of reading. Those still in time are
 * the last few days' (due 72 hours after the child was found), so they are counted from the episodes
 * themselves and the rest of the open ones are overdue: a child is overdue unless all of its open episodes
 * in the period are still in time.
 */
async function splitOpenInterviews(
  db: Queryable,
  rows: CountRow[],
  months: { from: string; to: string },
  readAt: Date,
): Promise<CountRow[]> {
  const open = rows.find((row) => row.value === 'open');
  if (!open) return rows;
  const { rows: counted } = await db.query<InTimeRow>(
    sql`SELECT count(*)::int AS episodes, count(DISTINCT e.child_key)::int AS children,
               count(DISTINCT e.child_key) FILTER (WHERE NOT EXISTS (
                 SELECT 1 FROM profile_episodes o
                  WHERE o.child_key = e.child_key AND o.interview_state = 'open' AND o.interview_due_at < ${readAt} AND o.month >= ${months.from}::date AND o.month <= ${months.to}::date
               ))::int AS only_in_time
          FROM profile_episodes e
         WHERE e.interview_state = 'open' AND e.interview_due_at >= ${readAt} AND e.month >= ${months.from}::date AND e.month <= ${months.to}::date`,
  );
  const inTime = counted[0]!;
  const split: CountRow[] = [
    { value: 'overdue', episodes: open.episodes - inTime.episodes, children: open.children - inTime.only_in_time },
    { value: 'in_time', episodes: inTime.episodes, children: inTime.children },
  ];
  return [...rows.filter((row) => row.value !== 'open'), ...split.filter((row) => row.episodes > 0)];
}
