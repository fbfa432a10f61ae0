// An enrolled area named as a partner would name it: the police force areas (or, outside them, the
// countries) its cells fall in, most cells first ("Dyfed-Powys, North Wales"), rather than a count of
// H3 cells. Cells are sampled evenly along the H3 order, which keeps neighbours together, so a large area is
// named from a few hundred points rather than tens of thousands.
import { cellToLatLng } from 'h3-js';
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { processJurisdictionIndex, routePoint } from '../geo/jurisdiction-index.ts';
import { sampledRecipientCells } from '../subscribers/organisation-recipients.ts';

const SAMPLES = 400;
/** The least share of an area's sampled cells a jurisdiction needs to be named. */
const MIN_SHARE = 0.08;

/** The names for each owner's cells (owner id → names, most cells first); owners with no cells get []. */
async function nameSampledCells(db: Queryable, rows: { owner: string; cell: string }[]): Promise<Map<string, string[]>> {
  const index = await processJurisdictionIndex.current(db);
  const counts = new Map<string, Map<string, { count: number; force: boolean }>>();
  for (const { owner, cell } of rows) {
    const [lat, lon] = cellToLatLng(BigInt(cell).toString(16));
    const place = routePoint(index, lon, lat);
    if (!place) continue;
    const tally = counts.get(owner) ?? new Map<string, { count: number; force: boolean }>();
    const entry = tally.get(place.name) ?? { count: 0, force: place.kind === 'force_area' };
    entry.count += 1;
    tally.set(place.name, entry);
    counts.set(owner, tally);
  }
  const names = new Map<string, string[]>();
  for (const [owner, tally] of counts) {
    // Cells along a border have their centres just over it: a neighbour holding a sliver of the samples
    // is not where the area is.
    const total = [...tally.values()].reduce((sum, e) => sum + e.count, 0);
    const entries = [...tally.entries()].filter(([, e]) => e.count >= Math.max(1, total * MIN_SHARE));
    // Force areas say more than the country around them; a country is named only where no force area is.
    const forces = entries.filter(([, e]) => e.force);
    names.set(
      owner,
      (forces.length > 0 ? forces : entries).sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0])).map(([name]) => name),
    );
  }
  return names;
}

/** Names of the areas of webhooks (subscribers with cells in subscriber_cells). */
export async function subscriberAreaNames(db: Queryable, subscriberIds: string[]): Promise<Map<string, string[]>> {
  if (subscriberIds.length === 0) return new Map();
  return nameSampledCells(db, await sampledRecipientCells(db, subscriberIds, SAMPLES));
}

/** Names of the areas of screens (their cells are kept on the screen's row). */
export async function screenAreaNames(db: Queryable, screenIds: string[]): Promise<Map<string, string[]>> {
  if (screenIds.length === 0) return new Map();
  const { rows } = await db.query<{ owner: string; cell: string }>(
    sql`SELECT owner, cell FROM (
          SELECT s.id::text AS owner, c.cell::text AS cell,
                 row_number() OVER (PARTITION BY s.id ORDER BY c.cell) AS n, count(*) OVER (PARTITION BY s.id) AS total
            FROM screens s CROSS JOIN LATERAL unnest(s.cells) AS c(cell) WHERE s.id = ANY(${screenIds}::uuid[])) sampled
         WHERE (n - 1) % GREATEST(1, total / ${SAMPLES}) = 0`,
  );
  return nameSampledCells(db, rows);
}
