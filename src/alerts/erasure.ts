// The alerts of one child's episodes, for a subject access request, and their erasure (src/retention/ decides
// when). Published messages are immutable; only an erasure, in its own transaction, may remove them.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { removeOutboundAlertMessages } from '../exchange/alert-outbound.ts';

export type AlertRecordRow = Row<'alerts', 'id' | 'case_id' | 'slug' | 'state' | 'area_description' | 'last_seen_place' | 'created_at'> & {
  headlines: string[];
  descriptions: string[];
  messages: number;
};

/** The alerts of these episodes, with what they said to the public. */
export async function alertsOfCases(db: Queryable, caseIds: readonly string[]): Promise<AlertRecordRow[]> {
  const { rows } = await db.query<AlertRecordRow>(
    sql`SELECT a.id, a.case_id, a.slug, a.state, a.area_description, a.last_seen_place, a.created_at,
               coalesce((SELECT array_agg(c.headline ORDER BY c.position) FROM alert_contents c WHERE c.alert_id = a.id), '{}') AS headlines,
               coalesce((SELECT array_agg(c.description ORDER BY c.position) FROM alert_contents c WHERE c.alert_id = a.id), '{}') AS descriptions,
               (SELECT count(*)::int FROM alert_messages m WHERE m.alert_id = a.id) AS messages
          FROM alerts a WHERE a.case_id = ANY(${[...caseIds]}::uuid[]) ORDER BY a.created_at`,
  );
  return rows;
}

/** The ids of the alerts of these episodes. */
export async function alertIdsOfCases(db: Queryable, caseIds: readonly string[]): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(sql`SELECT id::text AS id FROM alerts WHERE case_id = ANY(${[...caseIds]}::uuid[])`);
  return rows.map((row) => row.id);
}

/**
 * Deletes these alerts with their contents, photos, areas, changes, messages and the staff notices about them
 * (dispatch and the public's reports let go of them first). Returns the public photo copies to delete once committed.
 */
export async function eraseAlerts(
  tx: Queryable,
  alertIds: readonly string[],
  caseIds: readonly string[],
): Promise<{ mediaKeys: string[]; counts: Record<string, number> }> {
  const ids = [...alertIds];
  const { rows } = await tx.query<{ public_key: string }>(
    sql`SELECT public_key FROM alert_photos WHERE alert_id = ANY(${ids}::uuid[]) AND public_key IS NOT NULL`,
  );
  const counts: Record<string, number> = {};
  const { rows: slugs } = await tx.query<{ slug: string }>(sql`SELECT slug FROM alerts WHERE id = ANY(${ids}::uuid[])`);
  counts.partnerFeed = await removeOutboundAlertMessages(
    tx,
    slugs.map((row) => row.slug),
  );
  await tx.query(sql`SELECT set_config('forgetmenot.erasure', 'on', true)`);
  counts.messages = (await tx.query(sql`DELETE FROM alert_messages WHERE alert_id = ANY(${ids}::uuid[])`)).rowCount;
  await tx.query(sql`SELECT set_config('forgetmenot.erasure', 'off', true)`);
  await tx.query(sql`DELETE FROM alert_contents WHERE alert_id = ANY(${ids}::uuid[])`);
  await tx.query(sql`DELETE FROM alert_photos WHERE alert_id = ANY(${ids}::uuid[])`);
  await tx.query(sql`DELETE FROM alert_area_ranges WHERE alert_id = ANY(${ids}::uuid[])`);
  await tx.query(sql`DELETE FROM alert_changes WHERE alert_id = ANY(${ids}::uuid[])`);
  const subjects = [...ids, ...caseIds];
  counts.staffNotices = (await tx.query(sql`DELETE FROM staff_notifications WHERE subject_id = ANY(${subjects}::uuid[])`)).rowCount;
  counts.alerts = (await tx.query(sql`DELETE FROM alerts WHERE id = ANY(${ids}::uuid[])`)).rowCount;
  return { mediaKeys: rows.map((row) => row.public_key), counts };
}
