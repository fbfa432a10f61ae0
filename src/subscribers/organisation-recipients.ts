// The recipients organisations enrol (staff, devices, partners' endpoints): rows in the subscribers tables
// under the organisation, written from its CSV imports. Imports are written with a few bulk statements per
// chunk of rows (INSERT ... SELECT FROM unnest), so 100,000 rows are some dozens of statements, not
// 300,000, and all of them inside the caller's one transaction.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { raw, sql } from '../db/sql.ts';
import { newWebhookSecret } from '../channels/webhook.ts';

// References the API gives the webhooks it creates; a CSV may not use (or overwrite) them.
export const WEBHOOK_REF_PREFIX = 'webhook:';

/** Rows per statement: big enough that statements are few, small enough that parameters stay a few MB. */
export const IMPORT_CHUNK_ROWS = 5_000;
const AREA_CELLS_CHUNK = 50_000;

/** One recipient as an organisation's file gives it. Rows naming the same area share one `cellIds` list. */
export interface OrganisationRecipient {
  externalRef: string;
  channel: string;
  address: string;
  /** Cells as the decimal text of their bigint index, ascending. */
  cellIds: readonly string[];
  language: string;
  includeExercises: boolean;
  label: string | null;
}

export interface ImportOutcome {
  /** Recipients added. */
  imported: number;
  /** Recipients already enrolled under the same external_ref whose row brought a change. */
  updated: number;
  /** Recipients already enrolled exactly as the row says: nothing was written for them. */
  unchanged: number;
  /** Webhook channels the import created, each with its signing secret: shown once, in the response. */
  webhookSecrets: { externalRef: string; secret: string }[];
}

type CellIds = OrganisationRecipient['cellIds'];

// One import per organisation at a time (any fixed number, paired with the organisation): two files
// sent at once would otherwise both add the same new external_ref.
const IMPORT_LOCK = 734_101;

/**
 * Areas of more than one cell (a jurisdiction, a coarse H3 cell) are uploaded once into a temporary
 * table and joined, so a county named on 10,000 rows is not sent 10,000 times.
 */
async function uploadAreas(tx: Queryable, rows: readonly OrganisationRecipient[]): Promise<Map<CellIds, number>> {
  const areaOf = new Map<CellIds, number>();
  for (const row of rows) if (row.cellIds.length > 1 && !areaOf.has(row.cellIds)) areaOf.set(row.cellIds, areaOf.size);
  if (areaOf.size === 0) return areaOf;
  await tx.query('CREATE TEMPORARY TABLE enrolment_area_cells (area integer NOT NULL, cell bigint NOT NULL) ON COMMIT DROP');
  let areas: number[] = [];
  let cells: string[] = [];
  const flush = async () => {
    if (cells.length === 0) return;
    await tx.query(sql`INSERT INTO enrolment_area_cells (area, cell) SELECT * FROM unnest(${areas}::integer[], ${cells}::bigint[])`);
    areas = [];
    cells = [];
  };
  for (const [cellIds, area] of areaOf) {
    for (const cell of cellIds) {
      areas.push(area);
      cells.push(cell);
      if (cells.length >= AREA_CELLS_CHUNK) await flush();
    }
  }
  await flush();
  await tx.query('CREATE INDEX ON enrolment_area_cells (area, cell)');
  await tx.query('ANALYZE enrolment_area_cells');
  return areaOf;
}

type KnownRecipient = Row<'subscribers', 'language' | 'include_exercises'> & { id: string; external_ref: string; label: string | null };

/**
 * Writes the rows by (organisation, external_ref): new recipients are added; known ones take the row's
 * label, language, exercises choice, channel, address and area. Each recipient keeps only the channel of
 * its row. What is already as the row says is left alone, so a nightly re-import of the same list reads
 * much and writes little. Organisation-enrolled channels are confirmed at once: the organisation vouches
 * for its own staff, devices and endpoints.
 */
export async function writeImport(
  tx: Queryable,
  organisationId: string,
  rows: readonly OrganisationRecipient[],
  now: Date,
): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { imported: 0, updated: 0, unchanged: 0, webhookSecrets: [] };
  await tx.query(sql`SELECT pg_advisory_xact_lock(${IMPORT_LOCK}, hashtext(${organisationId}))`);
  const areaOf = await uploadAreas(tx, rows);
  for (let start = 0; start < rows.length; start += IMPORT_CHUNK_ROWS) {
    const chunk = rows.slice(start, start + IMPORT_CHUNK_ROWS);
    const { rows: existing } = await tx.query<KnownRecipient>(
      sql`SELECT id, external_ref, label, language, include_exercises FROM subscribers
           WHERE organisation_id = ${organisationId} AND external_ref = ANY(${chunk.map((r) => r.externalRef)}::text[])`,
    );
    const knownOf = new Map(existing.map((e) => [e.external_ref, e]));
    const fresh = chunk.filter((r) => !knownOf.has(r.externalRef));
    const known = chunk.filter((r) => knownOf.has(r.externalRef));

    const { rows: inserted } = fresh.length
      ? await tx.query<{ id: string; external_ref: string }>(
          sql`INSERT INTO subscribers (organisation_id, external_ref, label, language, include_exercises, created_at, updated_at)
              SELECT ${organisationId}, r.external_ref, r.label, r.language, r.include_exercises, ${now}, ${now}
                FROM unnest(${fresh.map((r) => r.externalRef)}::text[], ${fresh.map((r) => r.label)}::text[], ${fresh.map((r) => r.language)}::text[],
                            ${fresh.map((r) => r.includeExercises)}::boolean[]) AS r(external_ref, label, language, include_exercises)
              RETURNING id, external_ref`,
        )
      : { rows: [] };
    const idOf = new Map<string, string>([
      ...existing.map((e): [string, string] => [e.external_ref, e.id]),
      ...inserted.map((i): [string, string] => [i.external_ref, i.id]),
    ]);
    const changed = new Set<string>();
    for (const row of known) {
      const before = knownOf.get(row.externalRef)!;
      if (before.label !== row.label || before.language !== row.language || before.include_exercises !== row.includeExercises)
        changed.add(before.id);
    }

    await writeChannels(tx, fresh, known, idOf, changed, outcome, now);
    await writeCells(tx, fresh, known, idOf, changed, areaOf);

    if (changed.size > 0) {
      const rowsChanged = known.filter((r) => changed.has(idOf.get(r.externalRef)!));
      await tx.query(
        sql`UPDATE subscribers s SET label = r.label, language = r.language, include_exercises = r.include_exercises, updated_at = ${now}
              FROM unnest(${rowsChanged.map((r) => idOf.get(r.externalRef)!)}::uuid[], ${rowsChanged.map((r) => r.label)}::text[], ${rowsChanged.map((r) => r.language)}::text[],
                          ${rowsChanged.map((r) => r.includeExercises)}::boolean[]) AS r(id, label, language, include_exercises)
             WHERE s.id = r.id`,
      );
    }
    outcome.imported += fresh.length;
    outcome.updated += changed.size;
    outcome.unchanged += known.length - changed.size;
  }
  return outcome;
}

/**
 * Channels: a known recipient loses the channels its row no longer gives, and its row's channel is added
 * or readdressed. A webhook keeps its secret when readdressed; a new one gets a fresh secret.
 */
async function writeChannels(
  tx: Queryable,
  fresh: readonly OrganisationRecipient[],
  known: readonly OrganisationRecipient[],
  idOf: ReadonlyMap<string, string>,
  changed: Set<string>,
  outcome: ImportOutcome,
  now: Date,
) {
  const toAdd: OrganisationRecipient[] = [...fresh];
  const toReaddress: OrganisationRecipient[] = [];
  const toDrop: { id: string; channel: string }[] = [];
  if (known.length > 0) {
    const { rows: current } = await tx.query<Row<'subscriber_channels', 'subscriber_id' | 'channel' | 'address'> & { confirmed: boolean }>(
      sql`SELECT subscriber_id, channel, address, confirmed_at IS NOT NULL AS confirmed FROM subscriber_channels
           WHERE subscriber_id = ANY(${known.map((r) => idOf.get(r.externalRef)!)}::uuid[])`,
    );
    const channelsOf = new Map<string, typeof current>();
    for (const channel of current) channelsOf.set(channel.subscriber_id, [...(channelsOf.get(channel.subscriber_id) ?? []), channel]);
    for (const row of known) {
      const id = idOf.get(row.externalRef)!;
      const channels = channelsOf.get(id) ?? [];
      for (const other of channels.filter((c) => c.channel !== row.channel)) toDrop.push({ id, channel: other.channel });
      const same = channels.find((c) => c.channel === row.channel);
      if (!same) toAdd.push(row);
      else if (same.address !== row.address || !same.confirmed) toReaddress.push(row);
      if (!same || same.address !== row.address || !same.confirmed || channels.length > 1) changed.add(id);
    }
  }
  if (toDrop.length > 0) {
    await tx.query(
      sql`DELETE FROM subscriber_channels c USING unnest(${toDrop.map((d) => d.id)}::uuid[], ${toDrop.map((d) => d.channel)}::text[]) AS r(id, channel)
           WHERE c.subscriber_id = r.id AND c.channel = r.channel`,
    );
  }
  if (toAdd.length > 0) {
    const secrets = toAdd.map((r) => (r.channel === 'webhook' ? newWebhookSecret() : null));
    await tx.query(
      sql`INSERT INTO subscriber_channels (subscriber_id, channel, address, webhook_secret, confirmed_at, created_at)
          SELECT r.id, r.channel, r.address, r.secret, ${now}, ${now}
            FROM unnest(${toAdd.map((r) => idOf.get(r.externalRef)!)}::uuid[], ${toAdd.map((r) => r.channel)}::text[], ${toAdd.map((r) => r.address)}::text[],
                        ${secrets}::text[]) AS r(id, channel, address, secret)`,
    );
    toAdd.forEach((row, i) => {
      if (secrets[i]) outcome.webhookSecrets.push({ externalRef: row.externalRef, secret: secrets[i] });
    });
  }
  if (toReaddress.length > 0) {
    await tx.query(
      sql`UPDATE subscriber_channels c SET address = r.address, confirmed_at = COALESCE(c.confirmed_at, ${now}), confirm_hash = NULL, confirm_expires_at = NULL, confirm_attempts = 0
            FROM unnest(${toReaddress.map((r) => idOf.get(r.externalRef)!)}::uuid[], ${toReaddress.map((r) => r.channel)}::text[], ${toReaddress.map((r) => r.address)}::text[])
                 AS r(id, channel, address)
           WHERE c.subscriber_id = r.id AND c.channel = r.channel`,
    );
  }
}

/**
 * Cells: a new recipient's are inserted; a known recipient loses the cells no longer in its area and gains
 * the new ones, and unchanged cells are not touched.
 */
async function writeCells(
  tx: Queryable,
  fresh: readonly OrganisationRecipient[],
  known: readonly OrganisationRecipient[],
  idOf: ReadonlyMap<string, string>,
  changed: Set<string>,
  areaOf: ReadonlyMap<CellIds, number>,
) {
  const single = { ids: [] as string[], cells: [] as string[] };
  const multi = { ids: [] as string[], areas: [] as number[] };
  const add = (row: OrganisationRecipient) => {
    if (row.cellIds.length === 1) {
      single.ids.push(idOf.get(row.externalRef)!);
      single.cells.push(row.cellIds[0]!);
    } else {
      multi.ids.push(idOf.get(row.externalRef)!);
      multi.areas.push(areaOf.get(row.cellIds)!);
    }
  };
  fresh.forEach(add);

  const knownSingle = known.filter((r) => r.cellIds.length === 1);
  if (knownSingle.length > 0) {
    const { rows: current } = await tx.query<Row<'subscriber_cells', 'subscriber_id'> & { cell: string }>(
      sql`SELECT subscriber_id, cell::text AS cell FROM subscriber_cells WHERE subscriber_id = ANY(${knownSingle.map((r) => idOf.get(r.externalRef)!)}::uuid[])`,
    );
    const cellsOf = new Map<string, string[]>();
    for (const row of current) cellsOf.set(row.subscriber_id, [...(cellsOf.get(row.subscriber_id) ?? []), row.cell]);
    const drop = { ids: [] as string[], cells: [] as string[] };
    for (const row of knownSingle) {
      const id = idOf.get(row.externalRef)!;
      const cells = cellsOf.get(id) ?? [];
      const wanted = row.cellIds[0]!;
      for (const cell of cells.filter((c) => c !== wanted)) {
        drop.ids.push(id);
        drop.cells.push(cell);
      }
      if (!cells.includes(wanted)) add(row);
      if (cells.length !== 1 || cells[0] !== wanted) changed.add(id);
    }
    if (drop.ids.length > 0) {
      await tx.query(
        sql`DELETE FROM subscriber_cells c USING unnest(${drop.ids}::uuid[], ${drop.cells}::bigint[]) AS r(id, cell) WHERE c.subscriber_id = r.id AND c.cell = r.cell`,
      );
    }
  }

  const knownMulti = known.filter((r) => r.cellIds.length > 1);
  if (knownMulti.length > 0) {
    const ids = knownMulti.map((r) => idOf.get(r.externalRef)!);
    const areas = knownMulti.map((r) => areaOf.get(r.cellIds)!);
    const { rows: dropped } = await tx.query<Row<'subscriber_cells', 'subscriber_id'>>(
      sql`DELETE FROM subscriber_cells c USING unnest(${ids}::uuid[], ${areas}::integer[]) AS r(id, area)
           WHERE c.subscriber_id = r.id AND NOT EXISTS (SELECT 1 FROM enrolment_area_cells a WHERE a.area = r.area AND a.cell = c.cell)
          RETURNING c.subscriber_id`,
    );
    const { rows: added } = await tx.query<Row<'subscriber_cells', 'subscriber_id'>>(
      sql`INSERT INTO subscriber_cells (cell, subscriber_id)
          SELECT a.cell, r.id FROM unnest(${ids}::uuid[], ${areas}::integer[]) AS r(id, area) JOIN enrolment_area_cells a ON a.area = r.area
          ON CONFLICT DO NOTHING RETURNING subscriber_id`,
    );
    for (const row of [...dropped, ...added]) changed.add(row.subscriber_id);
  }

  if (single.ids.length > 0) {
    await tx.query(
      sql`INSERT INTO subscriber_cells (cell, subscriber_id) SELECT r.cell, r.id FROM unnest(${single.ids}::uuid[], ${single.cells}::bigint[]) AS r(id, cell)`,
    );
  }
  if (multi.ids.length > 0) {
    await tx.query(
      sql`INSERT INTO subscriber_cells (cell, subscriber_id)
          SELECT a.cell, r.id FROM unnest(${multi.ids}::uuid[], ${multi.areas}::integer[]) AS r(id, area) JOIN enrolment_area_cells a ON a.area = r.area`,
    );
  }
}

/** Replaces every cell of one recipient (webhooks), in chunks. */
export async function replaceCells(tx: Queryable, subscriberId: string, cellIds: readonly string[]): Promise<void> {
  await tx.query(sql`DELETE FROM subscriber_cells WHERE subscriber_id = ${subscriberId}`);
  for (let start = 0; start < cellIds.length; start += AREA_CELLS_CHUNK) {
    await tx.query(
      sql`INSERT INTO subscriber_cells (cell, subscriber_id) SELECT unnest(${cellIds.slice(start, start + AREA_CELLS_CHUNK)}::bigint[]), ${subscriberId}`,
    );
  }
}

// The recipients a file enrolled, as opposed to the webhooks made through the API (which have their own routes).
const isRecipientOf = (organisationId: string) =>
  sql`s.organisation_id = ${organisationId} AND s.external_ref NOT LIKE ${raw(`'${WEBHOOK_REF_PREFIX}%'`)}`;

export type RecipientRow = Row<'subscribers', 'language' | 'include_exercises' | 'created_at' | 'updated_at'> & {
  external_ref: string;
  label: string | null;
  channel: string | null;
  address: string | null;
  confirmed: boolean;
  cells: number;
};

/** One page of the organisation's recipients in external_ref order, after `after` (keyset pagination). */
export async function listRecipients(
  db: Queryable,
  organisationId: string,
  options: { after?: string; limit: number; channel?: string },
): Promise<RecipientRow[]> {
  const after = options.after ?? null;
  const channel = options.channel ?? null;
  const { rows } = await db.query<RecipientRow>(
    sql`SELECT s.external_ref, s.label, s.language, s.include_exercises, sc.channel, sc.address, sc.confirmed_at IS NOT NULL AS confirmed,
               (SELECT count(*) FROM subscriber_cells c WHERE c.subscriber_id = s.id)::integer AS cells, s.created_at, s.updated_at
          FROM subscribers s
          LEFT JOIN LATERAL (SELECT channel, address, confirmed_at FROM subscriber_channels x WHERE x.subscriber_id = s.id ORDER BY channel LIMIT 1) sc ON true
         WHERE ${isRecipientOf(organisationId)} AND (${after}::text IS NULL OR s.external_ref > ${after})
           AND (${channel}::text IS NULL OR EXISTS (SELECT 1 FROM subscriber_channels y WHERE y.subscriber_id = s.id AND y.channel = ${channel}))
         ORDER BY s.external_ref LIMIT ${options.limit}`,
  );
  return rows;
}

/** How many recipients the organisation has in all and on each channel. */
export async function countRecipients(
  db: Queryable,
  organisationId: string,
): Promise<{ total: number; byChannel: Record<string, number> }> {
  const { rows } = await db.query<{ channel: string; n: number }>(
    sql`SELECT sc.channel, count(*)::integer AS n FROM subscribers s JOIN subscriber_channels sc ON sc.subscriber_id = s.id
         WHERE ${isRecipientOf(organisationId)} GROUP BY sc.channel`,
  );
  const byChannel: Record<string, number> = { email: 0, sms: 0, webhook: 0 };
  for (const row of rows) byChannel[row.channel] = row.n;
  const { rows: all } = await db.query<{ n: number }>(
    sql`SELECT count(*)::integer AS n FROM subscribers s WHERE ${isRecipientOf(organisationId)}`,
  );
  const total = all[0]?.n ?? 0;
  return { total, byChannel };
}

export async function deleteRecipient(tx: Queryable, organisationId: string, externalRef: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    sql`DELETE FROM subscribers s WHERE ${isRecipientOf(organisationId)} AND s.external_ref = ${externalRef}`,
  );
  return rowCount > 0;
}

/** Offboarding: every recipient the organisation enrolled from files (its API webhooks are removed one by one). */
export async function deleteAllRecipients(tx: Queryable, organisationId: string): Promise<number> {
  const { rowCount } = await tx.query(sql`DELETE FROM subscribers s WHERE ${isRecipientOf(organisationId)}`);
  return rowCount;
}

/**
 * Cells of each recipient, sampled evenly along the H3 order (which keeps neighbours together) to at most
 * about `samples` per recipient, as decimal text: enough to name where a large area is.
 */
export async function sampledRecipientCells(
  db: Queryable,
  subscriberIds: readonly string[],
  samples: number,
): Promise<{ owner: string; cell: string }[]> {
  const { rows } = await db.query<{ owner: string; cell: string }>(
    sql`SELECT owner, cell FROM (
          SELECT subscriber_id::text AS owner, cell::text AS cell,
                 row_number() OVER (PARTITION BY subscriber_id ORDER BY cell) AS n, count(*) OVER (PARTITION BY subscriber_id) AS total
            FROM subscriber_cells WHERE subscriber_id = ANY(${subscriberIds}::uuid[])) sampled
         WHERE (n - 1) % GREATEST(1, total / ${samples}) = 0`,
  );
  return rows;
}
