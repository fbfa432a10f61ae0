// The audit log: who read or changed what, when, from where and why. Append-only (a trigger refuses
// UPDATE, DELETE and TRUNCATE) and hash-chained, so even a database superuser who alters a row is caught
// by `forgetmenot audit verify`.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { streamRows, type Database, type Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { raw, sql } from '../db/sql.ts';

export interface AuditEntry {
  actorId: string | null;
  /** A label for the actor that stays readable if the account is later removed: email, or "system". */
  actor: string;
  action: string;
  subjectType: string;
  subjectId?: string | null;
  ip?: string | null;
  reason?: string | null;
  /** What changed or was disclosed, never the personal data itself (field names, ids, counts). */
  details?: Record<string, unknown>;
}

export interface AuditRecord extends Required<Omit<AuditEntry, 'details'>> {
  seq: number;
  at: Date;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);
// Any fixed number: one writer at a time extends the chain.
const AUDIT_LOCK = 734_002;

function entryHash(prevHash: string, record: Omit<AuditRecord, 'prevHash' | 'hash'>): string {
  const body = canonicalize({
    seq: record.seq,
    at: record.at.toISOString(),
    actorId: record.actorId,
    actor: record.actor,
    action: record.action,
    subjectType: record.subjectType,
    subjectId: record.subjectId,
    ip: record.ip,
    reason: record.reason,
    details: record.details,
  });
  return createHash('sha256')
    .update(prevHash)
    .update(body ?? '')
    .digest('hex');
}

/**
 * Appends one entry inside the caller's transaction, so the audit entry and the change it records
 * commit or roll back together.
 */
export async function appendAudit(tx: Queryable, entry: AuditEntry, at: Date): Promise<number> {
  await tx.query(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const { rows } = await tx.query<Row<'audit_log', 'seq' | 'hash'>>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
  const previous = rows[0];
  // Millisecond precision, so the timestamp reads back exactly as it was hashed.
  const record = {
    seq: (previous?.seq ?? 0) + 1,
    at: new Date(Math.floor(at.getTime())),
    actorId: entry.actorId,
    actor: entry.actor,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    ip: entry.ip ?? null,
    reason: entry.reason ?? null,
    details: entry.details ?? {},
  };
  const prevHash = previous?.hash ?? GENESIS;
  const hash = entryHash(prevHash, record);
  await tx.query(
    sql`INSERT INTO audit_log (seq, at, actor_id, actor, action, subject_type, subject_id, ip, reason, details, prev_hash, hash)
        VALUES (${record.seq}, ${record.at}, ${record.actorId}, ${record.actor}, ${record.action}, ${record.subjectType}, ${record.subjectId},
                ${record.ip}, ${record.reason}, ${JSON.stringify(record.details)}::jsonb, ${prevHash}, ${hash})`,
  );
  return record.seq;
}

type AuditRow = Row<'audit_log'> & { details: Record<string, unknown> };

const AUDIT_COLUMNS = 'seq, at, actor_id, actor, action, subject_type, subject_id, ip, reason, details, prev_hash, hash';

function toRecord(row: AuditRow): AuditRecord {
  return {
    seq: row.seq,
    at: row.at,
    actorId: row.actor_id,
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    ip: row.ip,
    reason: row.reason,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export type ChainVerdict =
  { ok: true; entries: number; headHash: string } | { ok: false; entries: number; brokenAt: number; problem: string };

/** Walks the whole chain in order, streaming, and reports the first entry that does not fit. */
export async function verifyAuditChain(db: Database): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS;
  let broken: { brokenAt: number; problem: string } | undefined;
  await streamRows<AuditRow>(db, `SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq`, [], 2000, (rows) => {
    for (const row of rows) {
      if (broken) return;
      const record = toRecord(row);
      if (record.seq !== expectedSeq) {
        broken = { brokenAt: expectedSeq, problem: `entry ${expectedSeq} is missing (the next one is ${record.seq})` };
      } else if (record.prevHash !== prevHash) {
        broken = { brokenAt: record.seq, problem: `entry ${record.seq} does not point at the hash of entry ${record.seq - 1}` };
      } else if (entryHash(prevHash, record) !== record.hash) {
        broken = {
          brokenAt: record.seq,
          problem: `entry ${record.seq} was altered after it was written (its hash does not match its content)`,
        };
      }
      prevHash = record.hash;
      expectedSeq += 1;
    }
  });
  const entries = expectedSeq - 1;
  return broken ? { ok: false, entries, ...broken } : { ok: true, entries, headHash: prevHash };
}

export async function auditForSubject(
  db: Queryable,
  subjectType: string,
  subjectId: string,
  page: { limit: number; beforeSeq?: number },
): Promise<AuditRecord[]> {
  const before = page.beforeSeq ?? null;
  const { rows } = await db.query<AuditRow>(
    sql`SELECT ${raw(AUDIT_COLUMNS)} FROM audit_log
         WHERE subject_type = ${subjectType} AND subject_id = ${subjectId} AND (${before}::bigint IS NULL OR seq < ${before})
         ORDER BY seq DESC LIMIT ${page.limit}`,
  );
  return rows.map(toRecord);
}
