// Webhooks an organisation registers through the API: a recipient row with one confirmed 'webhook'
// channel, its cells, and a Standard Webhooks signing secret that is shown once, at creation or rotation.
import { randomUUID } from 'node:crypto';
import { newWebhookSecret, WEBHOOK_SECRET_OVERLAP_MS } from '../channels/webhook.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { replaceCells, WEBHOOK_REF_PREFIX } from './organisation-recipients.ts';

export interface NewWebhook {
  name: string;
  url: string;
  language: string;
  includeExercises: boolean;
  cellIds: readonly string[];
}

export type WebhookRow = Row<'subscribers', 'id' | 'language' | 'include_exercises' | 'created_at' | 'updated_at'> & {
  external_ref: string;
  name: string;
  url: string;
  cells: number;
  /** Until when the secret before the last rotation still signs; null when no overlap is running. */
  previous_secret_until: Date | null;
};

export async function createWebhook(
  tx: Queryable,
  organisationId: string,
  webhook: NewWebhook,
  now: Date,
): Promise<{ id: string; secret: string }> {
  const secret = newWebhookSecret();
  const { rows } = await tx.query<Row<'subscribers', 'id'>>(
    sql`INSERT INTO subscribers (organisation_id, external_ref, label, language, include_exercises, created_at, updated_at)
        VALUES (${organisationId}, ${`${WEBHOOK_REF_PREFIX}${randomUUID()}`}, ${webhook.name}, ${webhook.language}, ${webhook.includeExercises}, ${now}, ${now}) RETURNING id`,
  );
  const id = rows[0]!.id;
  await tx.query(
    sql`INSERT INTO subscriber_channels (subscriber_id, channel, address, webhook_secret, confirmed_at, created_at)
        VALUES (${id}, 'webhook', ${webhook.url}, ${secret}, ${now}, ${now})`,
  );
  await replaceCells(tx, id, webhook.cellIds);
  return { id, secret };
}

const webhooksOf = (organisationId: string, now: Date) => sql`
  SELECT s.id, s.external_ref, s.label AS name, sc.address AS url, s.language, s.include_exercises,
         (SELECT count(*) FROM subscriber_cells c WHERE c.subscriber_id = s.id)::integer AS cells,
         CASE WHEN sc.previous_secret_until > ${now} THEN sc.previous_secret_until END AS previous_secret_until, s.created_at, s.updated_at
    FROM subscribers s JOIN subscriber_channels sc ON sc.subscriber_id = s.id AND sc.channel = 'webhook'
   WHERE s.organisation_id = ${organisationId}`;

/** Every webhook of the organisation: those made here and those a CSV enrolled. Never the secrets. */
export async function listWebhooks(db: Queryable, organisationId: string, now: Date): Promise<WebhookRow[]> {
  const { rows } = await db.query<WebhookRow>(sql`${webhooksOf(organisationId, now)} ORDER BY s.created_at, s.label, s.id`);
  return rows;
}

export async function findWebhook(db: Queryable, organisationId: string, id: string, now: Date): Promise<WebhookRow | undefined> {
  const { rows } = await db.query<WebhookRow>(sql`${webhooksOf(organisationId, now)} AND s.id = ${id}`);
  return rows[0];
}

/**
 * A new secret for one of the organisation's webhooks; undefined when it has no such webhook. The secret it
 * replaces keeps signing beside the new one for `overlapMs` (WEBHOOK_SECRET_OVERLAP_MS, 24 hours, by
 * default), so deliveries go on while the partner installs the new one. Rotating again during an overlap
 * keeps the secret that was current, not the older one: the partner has at most the one before.
 */
export async function rotateWebhookSecret(
  tx: Queryable,
  organisationId: string,
  id: string,
  now: Date,
  overlapMs = WEBHOOK_SECRET_OVERLAP_MS,
): Promise<string | undefined> {
  const secret = newWebhookSecret();
  const { rowCount } = await tx.query(
    sql`UPDATE subscriber_channels sc SET previous_webhook_secret = sc.webhook_secret, previous_secret_until = ${new Date(now.getTime() + overlapMs)}, webhook_secret = ${secret}
          FROM subscribers s WHERE s.id = sc.subscriber_id AND s.organisation_id = ${organisationId} AND s.id = ${id} AND sc.channel = 'webhook'`,
  );
  if (rowCount === 0) return undefined;
  await tx.query(sql`UPDATE subscribers SET updated_at = ${now} WHERE id = ${id}`);
  return secret;
}

/**
 * Ends a rotation's overlap now: from here on only the current secret signs, and the previous one is
 * forgotten. Whether there was an overlap to end; undefined when the organisation has no such webhook.
 */
export async function endWebhookSecretOverlap(
  tx: Queryable,
  organisationId: string,
  id: string,
  now: Date,
): Promise<{ ended: boolean } | undefined> {
  const { rows } = await tx.query<{ was_running: boolean }>(
    sql`UPDATE subscriber_channels sc SET previous_webhook_secret = NULL, previous_secret_until = NULL
          FROM subscribers s, subscriber_channels before
         WHERE s.id = sc.subscriber_id AND s.organisation_id = ${organisationId} AND s.id = ${id} AND sc.channel = 'webhook'
           AND before.subscriber_id = sc.subscriber_id AND before.channel = sc.channel
        RETURNING before.previous_secret_until IS NOT NULL AND before.previous_secret_until > ${now} AS was_running`,
  );
  if (rows.length === 0) return undefined;
  if (rows[0]!.was_running) await tx.query(sql`UPDATE subscribers SET updated_at = ${now} WHERE id = ${id}`);
  return { ended: rows[0]!.was_running };
}

/** Removes the webhook (and with it its cells). Pending deliveries find no channel and are dropped by the sender. */
export async function deleteWebhook(tx: Queryable, organisationId: string, id: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    sql`DELETE FROM subscribers s WHERE s.organisation_id = ${organisationId} AND s.id = ${id}
           AND EXISTS (SELECT 1 FROM subscriber_channels sc WHERE sc.subscriber_id = s.id AND sc.channel = 'webhook')`,
  );
  return rowCount > 0;
}

export interface PartnerWebhookTarget {
  id: string;
  language: string;
  url: string;
  secret: string;
  /** The secret before the last rotation, while its overlap lasts. */
  previousSecret: string | null;
}

/** The ids of every confirmed organisation webhook: the partners a long-term appeal's kit goes to. */
export async function partnerWebhookIds(db: Queryable): Promise<string[]> {
  const { rows } = await db.query<Row<'subscribers', 'id'>>(
    sql`SELECT s.id FROM subscribers s JOIN subscriber_channels sc ON sc.subscriber_id = s.id AND sc.channel = 'webhook'
         WHERE s.organisation_id IS NOT NULL AND sc.confirmed_at IS NOT NULL AND sc.webhook_secret IS NOT NULL ORDER BY s.id`,
  );
  return rows.map((row) => row.id);
}

/** Where and how to sign for these webhooks; those since removed are left out. */
export async function partnerWebhookTargets(db: Queryable, ids: readonly string[], now: Date): Promise<Map<string, PartnerWebhookTarget>> {
  const { rows } = await db.query<{ id: string; language: string; url: string; secret: string; previous_secret: string | null }>(
    sql`SELECT s.id, s.language, sc.address AS url, sc.webhook_secret AS secret,
               CASE WHEN sc.previous_secret_until > ${now} THEN sc.previous_webhook_secret END AS previous_secret
          FROM subscribers s JOIN subscriber_channels sc ON sc.subscriber_id = s.id AND sc.channel = 'webhook'
         WHERE s.id = ANY(${ids}::uuid[]) AND s.organisation_id IS NOT NULL AND sc.webhook_secret IS NOT NULL`,
  );
  return new Map(
    rows.map((row) => [
      row.id,
      { id: row.id, language: row.language, url: row.url, secret: row.secret, previousSecret: row.previous_secret },
    ]),
  );
}
