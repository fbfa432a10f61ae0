// What problem profiles count of the people who signed up for alerts (tables subscribers, subscriber_channels
// and subscriber_cells, owned here): how many by channel and by the cells they chose, and when they confirmed.
// Counts only; never an address, and never a cell finer than the subscriber resolution they chose.
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';

/** Every cell someone has chosen, as the decimal text of its H3 index (bigint in the table). */
export async function subscribedCells(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<{ cell: string }>(sql`SELECT DISTINCT cell::text AS cell FROM subscriber_cells`);
  return rows.map((row) => row.cell);
}

/** Cells as the decimal text of their H3 index, each with the area it lies in (null: in none). */
export interface PlacedCells {
  cells: readonly string[];
  areaIds: readonly (string | null)[];
}

export interface SubscribersByArea {
  /** Every area given together (areaId then null). */
  allAreas: boolean;
  /** null: cells in no area, or all areas. */
  areaId: string | null;
  /** On any channel (channel then null). */
  anyChannel: boolean;
  channel: string | null;
  subscribers: number;
}

const placedCells = (placed: PlacedCells) =>
  sql`unnest(${[...placed.cells]}::bigint[], ${[...placed.areaIds]}::uuid[]) AS m(cell, area_id)`;

/**
 * Confirmed subscribers in each area (cells placed in areas by the caller), by channel and on any channel, and
 * across all the areas given: each person counted once per figure however many cells or channels they have.
 */
export async function confirmedSubscribersByArea(db: Queryable, placed: PlacedCells): Promise<SubscribersByArea[]> {
  if (placed.cells.length === 0) return [];
  const { rows } = await db.query<{
    area_id: string | null;
    channel: string | null;
    all_areas: number;
    any_channel: number;
    subscribers: number;
  }>(
    sql`SELECT m.area_id, c.channel, GROUPING(m.area_id)::int AS all_areas, GROUPING(c.channel)::int AS any_channel,
               count(DISTINCT c.subscriber_id)::int AS subscribers
          FROM ${placedCells(placed)}
          JOIN subscriber_cells s ON s.cell = m.cell
          JOIN subscriber_channels c ON c.subscriber_id = s.subscriber_id AND c.confirmed_at IS NOT NULL
         GROUP BY GROUPING SETS ((m.area_id, c.channel), (m.area_id), (c.channel), ())`,
  );
  return rows.map((row) => ({
    allAreas: row.all_areas === 1,
    areaId: row.area_id,
    anyChannel: row.any_channel === 1,
    channel: row.channel,
    subscribers: row.subscribers,
  }));
}

/**
 * Channels confirmed in [from, to) by people with a cell among `placed`, by UTC hour and channel, for the caller
 * to sort into UK months; a person with several cells counted once.
 */
export async function confirmationsByHour(
  db: Queryable,
  placed: PlacedCells,
  from: Date,
  to: Date,
): Promise<{ hour: Date; channel: string; n: number }[]> {
  if (placed.cells.length === 0) return [];
  const { rows } = await db.query<{ hour: Date; channel: string; n: number }>(
    sql`SELECT date_trunc('hour', c.confirmed_at) AS hour, c.channel, count(*)::int AS n
          FROM subscriber_channels c
          JOIN (SELECT DISTINCT s.subscriber_id FROM ${placedCells(placed)} JOIN subscriber_cells s ON s.cell = m.cell) p
            ON p.subscriber_id = c.subscriber_id
         WHERE c.confirmed_at >= ${from} AND c.confirmed_at < ${to}
         GROUP BY 1, 2`,
  );
  return rows;
}
