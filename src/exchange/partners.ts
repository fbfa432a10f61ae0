// Partner sites we exchange PFIF with: their keys (SHA-256 of a random secret, shown once), the person fields
// each may receive, and where and from which cursor we pull their feeds.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { hashSecret, newSecret } from '../auth/sessions.ts';

export const PARTNER_KEY_PREFIX = 'fmp_';

export type PartnerRow = Row<
  'pfif_partners',
  | 'id'
  | 'code'
  | 'name'
  | 'person_fields'
  | 'feed_url'
  | 'feed_key'
  | 'record_domain'
  | 'person_cursor'
  | 'note_cursor'
  | 'last_pulled_at'
  | 'created_at'
  | 'revoked_at'
  | 'receives_alerts'
  | 'in_exercise'
  | 'alert_cursor'
>;

const PARTNER_COLUMNS = sql`id, code, name, person_fields, feed_url, feed_key, record_domain, person_cursor, note_cursor, last_pulled_at, created_at, revoked_at,
  receives_alerts, in_exercise, alert_cursor`;

export interface NewPartner {
  code: string;
  name: string;
  personFields: readonly string[];
  feedUrl?: string | undefined;
  feedKey?: string | undefined;
  recordDomain?: string | undefined;
  /** Child Rescue Alerts exchanged with it: live ones, and exercises and tests (only with a partner in the exercise). */
  receivesAlerts?: boolean | undefined;
  inExercise?: boolean | undefined;
}

export async function createPartner(db: Queryable, partner: NewPartner, now: Date): Promise<{ id: string; key: string }> {
  const key = PARTNER_KEY_PREFIX + newSecret();
  const { rows } = await db.query<Row<'pfif_partners', 'id'>>(
    sql`INSERT INTO pfif_partners (code, name, key_hash, person_fields, feed_url, feed_key, record_domain, created_at, receives_alerts, in_exercise)
        VALUES (${partner.code}, ${partner.name}, ${hashSecret(key)}, ${[...partner.personFields]}, ${partner.feedUrl ?? null},
                ${partner.feedKey ?? null}, ${partner.recordDomain ?? null}, ${now}, ${partner.receivesAlerts ?? false}, ${partner.inExercise ?? false})
        RETURNING id`,
  );
  return { id: rows[0]!.id, key };
}

export async function findPartnerByKey(db: Queryable, key: string): Promise<PartnerRow | undefined> {
  if (!key.startsWith(PARTNER_KEY_PREFIX)) return undefined;
  const { rows } = await db.query<PartnerRow>(
    sql`SELECT ${PARTNER_COLUMNS} FROM pfif_partners WHERE key_hash = ${hashSecret(key)} AND revoked_at IS NULL`,
  );
  return rows[0];
}

export async function findPartnerByCode(db: Queryable, code: string): Promise<PartnerRow | undefined> {
  const { rows } = await db.query<PartnerRow>(sql`SELECT ${PARTNER_COLUMNS} FROM pfif_partners WHERE code = ${code}`);
  return rows[0];
}

export async function listPartners(db: Queryable): Promise<PartnerRow[]> {
  const { rows } = await db.query<PartnerRow>(sql`SELECT ${PARTNER_COLUMNS} FROM pfif_partners ORDER BY code`);
  return rows;
}

/** Whether any partner has a feed to pull (the scheduler's cheap question). */
export async function anyPulledPartner(db: Queryable): Promise<boolean> {
  const { rows } = await db.query<{ any: boolean }>(
    sql`SELECT EXISTS (SELECT 1 FROM pfif_partners WHERE feed_url IS NOT NULL AND revoked_at IS NULL) AS any`,
  );
  return rows[0]?.any === true;
}

/** Partners whose feeds we pull, and that are not revoked. */
export async function pulledPartners(db: Queryable): Promise<PartnerRow[]> {
  const { rows } = await db.query<PartnerRow>(
    sql`SELECT ${PARTNER_COLUMNS} FROM pfif_partners WHERE feed_url IS NOT NULL AND revoked_at IS NULL ORDER BY code`,
  );
  return rows;
}

export async function saveCursors(
  db: Queryable,
  partnerId: string,
  cursors: { person: string | null; note: string | null },
  now: Date,
): Promise<void> {
  await db.query(
    sql`UPDATE pfif_partners SET person_cursor = ${cursors.person}, note_cursor = ${cursors.note}, last_pulled_at = ${now} WHERE id = ${partnerId}`,
  );
}

export async function saveAlertCursor(db: Queryable, partnerId: string, cursor: string | null, now: Date): Promise<void> {
  await db.query(sql`UPDATE pfif_partners SET alert_cursor = ${cursor}, last_pulled_at = ${now} WHERE id = ${partnerId}`);
}

export async function revokePartner(db: Queryable, code: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(sql`UPDATE pfif_partners SET revoked_at = ${now} WHERE code = ${code} AND revoked_at IS NULL`);
  return rowCount > 0;
}

export interface PartnerChange {
  name?: string | undefined;
  personFields?: readonly string[] | undefined;
  /** null stops pulling and forgets our key there. */
  feedUrl?: string | null | undefined;
  feedKey?: string | undefined;
  enabled?: boolean | undefined;
  rotateKey?: boolean | undefined;
  receivesAlerts?: boolean | undefined;
  inExercise?: boolean | undefined;
}

/** Changes a partner; returns the new key when one was made (shown once: only its hash is kept), or false when no such partner. */
export async function changePartner(db: Queryable, code: string, change: PartnerChange, now: Date): Promise<{ key?: string } | false> {
  const key = change.rotateKey ? PARTNER_KEY_PREFIX + newSecret() : undefined;
  const clearFeed = change.feedUrl === null;
  const { rowCount } = await db.query(
    sql`UPDATE pfif_partners
           SET name = coalesce(${change.name ?? null}, name),
               person_fields = coalesce(${change.personFields ? [...change.personFields] : null}::text[], person_fields),
               feed_url = CASE WHEN ${clearFeed} THEN NULL ELSE coalesce(${change.feedUrl ?? null}, feed_url) END,
               feed_key = CASE WHEN ${clearFeed} THEN NULL ELSE coalesce(${change.feedKey ?? null}, feed_key) END,
               receives_alerts = coalesce(${change.receivesAlerts ?? null}::boolean, receives_alerts),
               in_exercise = coalesce(${change.inExercise ?? null}::boolean, in_exercise),
               key_hash = coalesce(${key === undefined ? null : hashSecret(key)}, key_hash),
               revoked_at = CASE WHEN ${change.enabled ?? null}::boolean IS NULL THEN revoked_at
                                 WHEN ${change.enabled ?? null}::boolean THEN NULL
                                 ELSE coalesce(revoked_at, ${now}) END
         WHERE code = ${code}`,
  );
  if (rowCount === 0) return false;
  return key === undefined ? {} : { key };
}
