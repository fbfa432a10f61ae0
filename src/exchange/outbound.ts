// What our PFIF feeds serve, one row per record. Other domains publish through these functions (a long-term
// appeal published, changed, found or withdrawn); the feeds read pages of it by (entry_date, entry_seq), a
// keyset, so a page far into the feed costs what the first one does.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { NEVER_SENT, pfifDate, type PfifRecord } from './pfif.ts';

// Writers take this lock for the rest of their transaction, so sequence numbers become visible in order and a
// reader paging past one can never later find an earlier one committed behind it.
const OUTBOUND_LOCK = 0x70666966;

export interface OutboundRecord {
  recordId: string;
  kind: 'person' | 'note';
  personRecordId: string;
  sourceDate: Date;
  expiryDate: Date | null;
  /** The record's fields, without the ids and dates above (they are added when written). */
  fields: PfifRecord;
}

/** Adds or replaces a record in the feeds, moving it to the end (a partner paging from its cursor reads it again). */
export async function putOutbound(tx: Queryable, record: OutboundRecord, now: Date): Promise<void> {
  for (const field of Object.keys(record.fields)) {
    if (NEVER_SENT.has(field)) throw new Error(`PFIF field ${field} is never sent to partners`);
  }
  await tx.query(sql`SELECT pg_advisory_xact_lock(${OUTBOUND_LOCK})`);
  await tx.query(
    sql`INSERT INTO pfif_outbound (record_id, kind, person_record_id, entry_date, entry_seq, source_date, expiry_date, fields)
        VALUES (${record.recordId}, ${record.kind}, ${record.personRecordId}, ${now}, nextval('pfif_outbound_seq'), ${record.sourceDate},
                ${record.expiryDate}, ${JSON.stringify(record.fields)}::jsonb)
        ON CONFLICT (record_id) DO UPDATE SET entry_date = EXCLUDED.entry_date, entry_seq = EXCLUDED.entry_seq,
               source_date = EXCLUDED.source_date, expiry_date = EXCLUDED.expiry_date, fields = EXCLUDED.fields`,
  );
}

/**
 * Withdraws a person everywhere: its row becomes PFIF's expiry placeholder (only its id and dates, expired
 * now), so every partner reading the feed replaces its copy with nothing.
 */
export async function tombstoneOutbound(tx: Queryable, personRecordId: string, now: Date): Promise<void> {
  await putOutbound(tx, { recordId: personRecordId, kind: 'person', personRecordId, sourceDate: now, expiryDate: now, fields: {} }, now);
}

export interface FeedCursor {
  entryDate: Date;
  seq: string;
}

export function encodeFeedCursor(cursor: FeedCursor): string {
  return Buffer.from(`${cursor.entryDate.toISOString()}|${cursor.seq}`).toString('base64url');
}

export function decodeFeedCursor(text: string): FeedCursor | undefined {
  const [iso, seq] = Buffer.from(text, 'base64url').toString().split('|');
  if (iso === undefined || seq === undefined || !/^\d{1,19}$/.test(seq)) return undefined;
  const entryDate = new Date(iso);
  return Number.isNaN(entryDate.getTime()) ? undefined : { entryDate, seq };
}

type OutboundRow = Row<'pfif_outbound', 'record_id' | 'person_record_id' | 'entry_date' | 'source_date' | 'expiry_date'> & {
  entry_seq: string;
  fields: PfifRecord;
};

export interface FeedPage {
  records: PfifRecord[];
  /** The position after the page's last record (null for an empty page), and whether more may follow it. */
  next: FeedCursor | null;
  more: boolean;
}

/**
 * One page of the person or note feed after `after` (or from `minEntryDate`), each record's fields cut to what
 * the partner may see (`allowed`: null for every sendable field). A tombstone passes with its ids and dates only.
 */
export async function readFeedPage(
  db: Queryable,
  kind: 'person' | 'note',
  position: { after?: FeedCursor; minEntryDate?: Date },
  limit: number,
  allowed: ReadonlySet<string> | null,
): Promise<FeedPage> {
  const where = position.after
    ? sql`(entry_date, entry_seq) > (${position.after.entryDate}, ${position.after.seq}::bigint)`
    : sql`entry_date >= ${position.minEntryDate ?? new Date(0)}`;
  const { rows } = await db.query<OutboundRow>(
    sql`SELECT record_id, person_record_id, entry_date, entry_seq::text AS entry_seq, source_date, expiry_date, fields
          FROM pfif_outbound WHERE kind = ${kind} AND ${where} ORDER BY entry_date, entry_seq LIMIT ${limit}`,
  );
  const records = rows.map((row) => {
    const record: PfifRecord = {};
    for (const [field, value] of Object.entries(row.fields)) {
      if (!NEVER_SENT.has(field) && (allowed === null || allowed.has(field))) record[field] = value;
    }
    if (kind === 'person') record.person_record_id = row.record_id;
    else {
      record.note_record_id = row.record_id;
      record.person_record_id = row.person_record_id;
    }
    record.entry_date = pfifDate(row.entry_date);
    record.source_date = pfifDate(row.source_date);
    if (row.expiry_date) record.expiry_date = pfifDate(row.expiry_date);
    return record;
  });
  const last = rows.at(-1);
  return { records, next: last ? { entryDate: last.entry_date, seq: last.entry_seq } : null, more: rows.length === limit };
}
