// Importing partners' PFIF records: each record checked on its own (ids of the partner's own domain, the
// fields PFIF requires, dates, sizes), kept as sent with its origin, idempotent by record id (a copy is
// replaced only by a later entry date). Partner records are never edited here. A note from the origin that
// says the child was found, or the origin's expiry placeholder, withdraws the person from our gallery.
import type { Database, Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import type { PartnerRow } from './partners.ts';
import { NEVER_SENT, NOTE_STATUSES, parsePfifDocument, PfifDocumentError, type ParsedRecord, type PfifRecord } from './pfif.ts';

export const MAX_FIELD_CHARS = 10_000;
export const MAX_RECORD_ID_CHARS = 500;
export const MAX_DOCUMENT_BYTES = 20 * 1024 * 1024;

export interface Refusal {
  /** The record's id when it has a usable one, else its position in the document. */
  recordId: string | null;
  index: number;
  kind: 'person' | 'note' | 'document' | 'alert';
  reason: string;
}

export interface ImportReport {
  accepted: number;
  unchanged: number;
  refused: number;
  withdrawn: number;
  refusals: Refusal[];
}

const PFIF_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const RECORD_ID = /^[A-Za-z0-9.-]+(:\d+)?\/[^\s]+$/;

function readDate(fields: PfifRecord, name: string): Date | null | string {
  const value = fields[name];
  if (value === undefined || value === '') return null;
  if (!PFIF_DATE.test(value) || Number.isNaN(new Date(value).getTime())) return `${name} is not a UTC date and time (yyyy-mm-ddThh:mm:ssZ)`;
  return new Date(value);
}

export interface CheckedRecord {
  kind: 'person' | 'note';
  recordId: string;
  personRecordId: string;
  entryDate: Date | null;
  sourceDate: Date;
  expiryDate: Date | null;
  fields: PfifRecord;
}

/** Why a record cannot be taken, or the record ready to store. */
export function checkRecord(record: ParsedRecord, partner: Pick<PartnerRow, 'record_domain'>): CheckedRecord | string {
  const { fields, kind } = record;
  for (const [name, value] of Object.entries(fields)) {
    if (value.startsWith('\u0000')) return `${name} is given more than once or is not plain text`;
    if (value.length > MAX_FIELD_CHARS) return `${name} is longer than ${MAX_FIELD_CHARS} characters`;
  }
  const recordId = kind === 'person' ? fields.person_record_id : fields.note_record_id;
  const personRecordId = fields.person_record_id;
  if (!recordId) return `${kind}_record_id is missing`;
  if (!personRecordId) return 'person_record_id is missing';
  for (const id of [recordId, personRecordId]) {
    if (id.length > MAX_RECORD_ID_CHARS || !RECORD_ID.test(id)) return `${id.slice(0, 80)} is not a PFIF record id (domain/name)`;
  }
  // A partner speaks for its own records only: it may not replace or withdraw anyone else's.
  if (partner.record_domain !== null && !recordId.startsWith(`${partner.record_domain}/`)) {
    return `the record id is not in the partner's domain (${partner.record_domain})`;
  }
  const sourceDate = readDate(fields, 'source_date');
  const entryDate = readDate(fields, 'entry_date');
  const expiryDate = readDate(fields, 'expiry_date');
  for (const date of [sourceDate, entryDate, expiryDate]) if (typeof date === 'string') return date;
  if (!(sourceDate instanceof Date)) return 'source_date is missing';
  if (kind === 'person' && !fields.full_name && !(expiryDate instanceof Date)) {
    // An expiry placeholder carries only ids and dates; any other person needs a name (PFIF 1.4 full_name, or 1.2's given and family names).
    const joined = [fields.given_name, fields.family_name].filter(Boolean).join(' ');
    if (!joined) return 'full_name is missing';
    fields.full_name = joined;
  }
  if (kind === 'note') {
    // PFIF names author_name as required, but Person Finder's own feeds send notes without one: taken as they come.
    if (fields.status && !(NOTE_STATUSES as readonly string[]).includes(fields.status))
      return `status ${fields.status.slice(0, 40)} is not a PFIF note status`;
    if (fields.author_made_contact && !['true', 'false'].includes(fields.author_made_contact))
      return 'author_made_contact is not true or false';
  }
  if (fields.sex && !['female', 'male', 'other'].includes(fields.sex)) return `sex ${fields.sex.slice(0, 40)} is not female, male or other`;
  // What we never show or pass on (home addresses, contacts) is not kept either.
  for (const field of NEVER_SENT) delete fields[field];
  return {
    kind,
    recordId,
    personRecordId,
    entryDate: entryDate as Date | null,
    sourceDate,
    expiryDate: expiryDate as Date | null,
    fields,
  };
}

/** Whether a note from a person's origin says the child has been found. */
export function noteSaysFound(fields: PfifRecord): boolean {
  return fields.status === 'believed_alive' || fields.status === 'believed_dead' || /^found\b/i.test(fields.text ?? '');
}

type StoredRow = Row<'pfif_inbound', 'record_id' | 'partner_id' | 'entry_date' | 'source_date'>;

const versionOf = (r: { entry_date: Date | null; source_date: Date }) => (r.entry_date ?? r.source_date).getTime();

/**
 * Stores a page's checked records in a few statements: the copies already here are read (and locked) at once,
 * each record is taken, left as unchanged (the same or a later copy is here) or refused (another partner's id),
 * and those taken are written in one upsert. Found notes from the origin then withdraw their persons.
 */
async function storeRecords(
  tx: Queryable,
  partner: PartnerRow,
  checked: readonly { record: CheckedRecord; index: number }[],
  now: Date,
  report: ImportReport,
): Promise<void> {
  const ids = [...new Set(checked.map(({ record }) => record.recordId))];
  const { rows } = await tx.query<StoredRow>(
    sql`SELECT record_id, partner_id, entry_date, source_date FROM pfif_inbound WHERE record_id = ANY(${ids}::text[]) ORDER BY record_id FOR UPDATE`,
  );
  const stored = new Map<string, { partner_id: string; entry_date: Date | null; source_date: Date }>(
    rows.map((row) => [row.record_id, row]),
  );
  const taken = new Map<string, CheckedRecord>();
  for (const { record, index } of checked) {
    const here = stored.get(record.recordId);
    if (here && here.partner_id !== partner.id) {
      report.refusals.push({
        recordId: record.recordId,
        index,
        kind: record.kind,
        reason: 'the record id belongs to a record from another partner',
      });
      continue;
    }
    if (here && versionOf(here) >= versionOf({ entry_date: record.entryDate, source_date: record.sourceDate })) {
      report.unchanged++;
      continue;
    }
    report.accepted++;
    taken.set(record.recordId, record);
    stored.set(record.recordId, { partner_id: partner.id, entry_date: record.entryDate, source_date: record.sourceDate });
  }
  if (taken.size === 0) return;
  const expired = (record: CheckedRecord) => record.kind === 'person' && record.expiryDate !== null && record.expiryDate <= now;
  const batch = [...taken.values()].map((record) => ({
    record_id: record.recordId,
    kind: record.kind,
    person_record_id: record.personRecordId,
    entry_date: record.entryDate?.toISOString() ?? null,
    source_date: record.sourceDate.toISOString(),
    expiry_date: record.expiryDate?.toISOString() ?? null,
    fields: record.fields,
    withdrawn: expired(record),
  }));
  await tx.query(
    sql`INSERT INTO pfif_inbound (record_id, kind, partner_id, person_record_id, entry_date, source_date, expiry_date, fields, received_at, withdrawn_at)
        SELECT r.record_id, r.kind, ${partner.id}, r.person_record_id, r.entry_date, r.source_date, r.expiry_date, r.fields, ${now},
               CASE WHEN r.withdrawn THEN ${now}::timestamptz END
          FROM jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) AS r(record_id text, kind text, person_record_id text, entry_date timestamptz,
               source_date timestamptz, expiry_date timestamptz, fields jsonb, withdrawn boolean)
        ON CONFLICT (record_id) DO UPDATE SET entry_date = EXCLUDED.entry_date, source_date = EXCLUDED.source_date,
               expiry_date = EXCLUDED.expiry_date, fields = EXCLUDED.fields, received_at = EXCLUDED.received_at,
               withdrawn_at = coalesce(pfif_inbound.withdrawn_at, EXCLUDED.withdrawn_at)`,
  );
  report.withdrawn += batch.filter((row) => row.withdrawn).length;
  // A found note from the person's own origin withdraws the person.
  const found = [...taken.values()].filter((record) => record.kind === 'note' && noteSaysFound(record.fields)).map((r) => r.personRecordId);
  if (found.length === 0) return;
  const { rowCount } = await tx.query(
    sql`UPDATE pfif_inbound SET withdrawn_at = ${now}
         WHERE record_id = ANY(${found}::text[]) AND kind = 'person' AND partner_id = ${partner.id} AND withdrawn_at IS NULL`,
  );
  report.withdrawn += rowCount;
}

/** Imports a document record by record; one refused record never stops the rest. The run is recorded. */
export async function importPfifDocument(db: Database, partner: PartnerRow, xml: string, now: Date): Promise<ImportReport> {
  const report: ImportReport = { accepted: 0, unchanged: 0, refused: 0, withdrawn: 0, refusals: [] };
  let records: ParsedRecord[] = [];
  if (Buffer.byteLength(xml) > MAX_DOCUMENT_BYTES) {
    report.refusals.push({ recordId: null, index: 0, kind: 'document', reason: `the document is larger than ${MAX_DOCUMENT_BYTES} bytes` });
  } else {
    try {
      records = parsePfifDocument(xml);
    } catch (error) {
      if (!(error instanceof PfifDocumentError)) throw error;
      report.refusals.push({ recordId: null, index: 0, kind: 'document', reason: error.message });
    }
  }
  const checked: { record: CheckedRecord; index: number }[] = [];
  for (const record of records) {
    const result = checkRecord(record, partner);
    if (typeof result === 'string')
      report.refusals.push({ recordId: idOf(record), index: record.index, kind: record.kind, reason: result });
    else checked.push({ record: result, index: record.index });
  }
  // One transaction for the document: a record is refused by answering, never by an error, so a failure here is
  // the database's, and the whole page is then pulled again from the same cursor.
  if (checked.length > 0) await db.transaction((tx) => storeRecords(tx, partner, checked, now, report));
  report.refused = report.refusals.length;
  await recordRun(db, partner.id, report, now);
  return report;
}

function idOf(record: ParsedRecord): string | null {
  const id = record.kind === 'person' ? record.fields.person_record_id : record.fields.note_record_id;
  return id && id.length <= MAX_RECORD_ID_CHARS && RECORD_ID.test(id) ? id : null;
}

export async function recordRun(db: Queryable, partnerId: string, report: ImportReport, now: Date): Promise<void> {
  await db.query(
    sql`INSERT INTO pfif_import_runs (partner_id, started_at, finished_at, accepted, unchanged, refused, refusals, withdrawn)
        VALUES (${partnerId}, ${now}, ${new Date()}, ${report.accepted}, ${report.unchanged}, ${report.refused},
                ${JSON.stringify(report.refusals.slice(0, 1000))}::jsonb, ${report.withdrawn})`,
  );
}

export type ImportRunRow = Row<'pfif_import_runs', 'id' | 'started_at' | 'accepted' | 'unchanged' | 'refused' | 'withdrawn'> & {
  refusals: Refusal[];
};

export async function importRuns(db: Queryable, partnerId: string, limit: number): Promise<ImportRunRow[]> {
  const { rows } = await db.query<ImportRunRow>(
    sql`SELECT id, started_at, accepted, unchanged, refused, withdrawn, refusals FROM pfif_import_runs WHERE partner_id = ${partnerId}
         ORDER BY started_at DESC LIMIT ${limit}`,
  );
  return rows;
}

export type InboundPersonRow = Row<'pfif_inbound', 'record_id' | 'entry_date' | 'source_date'> & {
  fields: PfifRecord;
  partner_code: string;
};

/** Partners' persons not withdrawn and not expired: what our gallery shows beside our own appeals. */
export async function livePartnerPersons(db: Queryable, now: Date): Promise<InboundPersonRow[]> {
  const { rows } = await db.query<InboundPersonRow>(
    sql`SELECT i.record_id, i.entry_date, i.source_date, i.fields, p.code AS partner_code
          FROM pfif_inbound i JOIN pfif_partners p ON p.id = i.partner_id
         WHERE i.kind = 'person' AND i.withdrawn_at IS NULL AND (i.expiry_date IS NULL OR i.expiry_date > ${now}) AND p.revoked_at IS NULL
         ORDER BY coalesce(i.entry_date, i.source_date) DESC, i.record_id`,
  );
  return rows;
}

export async function findInboundPerson(
  db: Queryable,
  recordId: string,
): Promise<Row<'pfif_inbound', 'record_id' | 'partner_id'> | undefined> {
  const { rows } = await db.query<Row<'pfif_inbound', 'record_id' | 'partner_id'>>(
    sql`SELECT record_id, partner_id FROM pfif_inbound WHERE record_id = ${recordId} AND kind = 'person'`,
  );
  return rows[0];
}
