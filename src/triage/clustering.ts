// Near-duplicate sightings: many people see the same child at the same bus stop. A sighting within
// 500 m and 30 minutes of an earlier one of the same appeal joins that one's cluster, so staff read
// one group instead of ten rows.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { distanceKm } from './distance.ts';

export const CLUSTER_RADIUS_KM = 0.5;
export const CLUSTER_WINDOW_MS = 30 * 60_000;

/**
 * The cluster a new sighting joins: the cluster of the earliest-received sighting of the same alert close
 * in space and time, or its own id when there is none (it starts a cluster).
 */
export async function clusterSighting(
  tx: Queryable,
  sighting: { id: string; alertId: string; lon: number; lat: number; seenAt: Date },
): Promise<string> {
  const from = new Date(sighting.seenAt.getTime() - CLUSTER_WINDOW_MS);
  const to = new Date(sighting.seenAt.getTime() + CLUSTER_WINDOW_MS);
  const { rows } = await tx.query<Row<'public_submissions', 'id' | 'cluster_id'> & { lon: number; lat: number }>(
    sql`SELECT id, cluster_id, lon, lat FROM public_submissions
         WHERE alert_id = ${sighting.alertId} AND id <> ${sighting.id} AND kind = 'sighting' AND lon IS NOT NULL AND lat IS NOT NULL
           AND COALESCE(seen_at, received_at) BETWEEN ${from} AND ${to}
         ORDER BY received_at, id`,
  );
  const near = rows.find((row) => distanceKm(row, sighting) <= CLUSTER_RADIUS_KM);
  return near ? (near.cluster_id ?? near.id) : sighting.id;
}
