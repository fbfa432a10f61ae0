// The audit log: who read or changed what, when, from where and why. Append-only (a trigger refuses
// UPDATE, DELETE and TRUNCATE) and hash-chained, so even a database superuser who alters a row is caught
// by `forgetmenot audit verify`. The why (free text) and the from where (an address) are personal details:
// they sit in `audit_personal`, outside the chain, referenced by id and salted digest, so they can be erased.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
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
  /** The reason and address were erased (their time was up, or the person asked): only their digest remains. */
  erased: boolean;
  prevHash: string;
  hash: string;
}

const GENESIS = '0'.repeat(64);
// Any fixed number: one writer at a time extends the chain.
const AUDIT_LOCK = 734_002;

/** One field of a hashed body: its length in bytes, a colon and the text; '~' for none. Unambiguous without escaping. */
function field(value: string | null): string {
  return value === null ? '~' : `${Buffer.byteLength(value, 'utf8')}:${value}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The digest of an entry's personal details the chain holds; without the salt it confirms no guess. */
function personalHash(salt: string, reason: string | null, ip: string | null): string {
  return sha256(salt + field(reason) + field(ip));
}

/** The fields the chain covers. `detailsText` is PostgreSQL's own text of the jsonb, so the hash reads back exactly. */
interface ChainedFields {
  seq: number;
  at: Date;
  actorId: string | null;
  actor: string;
  action: string;
  subjectType: string;
  subjectId: string | null;
  personalId: string | null;
  personalHash: string | null;
  detailsText: string;
}

// Migration 0033 rehashed the older entries under this same rule, in SQL: change neither alone.
function entryHash(prevHash: string, entry: ChainedFields): string {
  return sha256(
    prevHash +
      field(String(entry.seq)) +
      field(entry.at.toISOString()) +
      field(entry.actorId) +
      field(entry.actor) +
      field(entry.action) +
      field(entry.subjectType) +
      field(entry.subjectId) +
      field(entry.personalId) +
      field(entry.personalHash) +
      field(entry.detailsText),
  );
}

/**
 * Appends one entry inside the caller's transaction, so the audit entry and the change it records
 * commit or roll back together. The free-text reason and the address go to `audit_personal`, outside the chain.
 */
export async function appendAudit(tx: Queryable, entry: AuditEntry, at: Date): Promise<number> {
  await tx.query(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK})`);
  const details = JSON.stringify(entry.details ?? {});
  const { rows } = await tx.query<{ seq: number | null; hash: string | null; details_text: string }>(
    sql`SELECT (SELECT seq FROM audit_log ORDER BY seq DESC LIMIT 1) AS seq,
               (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1) AS hash,
               ${details}::jsonb::text AS details_text`,
  );
  const previous = rows[0]!;
  const reason = entry.reason ?? null;
  const ip = entry.ip ?? null;
  let personalId: string | null = null;
  let digest: string | null = null;
  if (reason !== null || ip !== null) {
    personalId = randomUUID();
    const salt = randomBytes(32).toString('hex');
    digest = personalHash(salt, reason, ip);
    await tx.query(sql`INSERT INTO audit_personal (id, salt, reason, ip) VALUES (${personalId}, ${salt}, ${reason}, ${ip})`);
  }
  // Millisecond precision, so the timestamp reads back exactly as it was hashed.
  const chained: ChainedFields = {
    seq: Number(previous.seq ?? 0) + 1,
    at: new Date(Math.floor(at.getTime())),
    actorId: entry.actorId?.toLowerCase() ?? null,
    actor: entry.actor,
    action: entry.action,
    subjectType: entry.subjectType,
    subjectId: entry.subjectId ?? null,
    personalId,
    personalHash: digest,
    detailsText: previous.details_text,
  };
  const prevHash = previous.hash ?? GENESIS;
  const hash = entryHash(prevHash, chained);
  await tx.query(
    sql`INSERT INTO audit_log (seq, at, actor_id, actor, action, subject_type, subject_id, personal_id, personal_hash, details, prev_hash, hash)
        VALUES (${chained.seq}, ${chained.at}, ${chained.actorId}, ${chained.actor}, ${chained.action}, ${chained.subjectType}, ${chained.subjectId},
                ${personalId}, ${digest}, ${details}::jsonb, ${prevHash}, ${hash})`,
  );
  return chained.seq;
}

type AuditRow = Row<
  'audit_log',
  'seq' | 'at' | 'actor' | 'action' | 'subject_type' | 'subject_id' | 'personal_id' | 'personal_hash' | 'prev_hash' | 'hash'
> & {
  actor_id: string | null;
  details: Record<string, unknown>;
  details_text: string;
  salt: string | null;
  reason: string | null;
  ip: string | null;
};

const AUDIT_SELECT = `SELECT a.seq, a.at, a.actor_id::text AS actor_id, a.actor, a.action, a.subject_type, a.subject_id, a.personal_id::text AS personal_id,
       a.personal_hash, a.details, a.details::text AS details_text, a.prev_hash, a.hash, p.salt, p.reason, p.ip
  FROM audit_log a LEFT JOIN audit_personal p ON p.id = a.personal_id`;

function toRecord(row: AuditRow): AuditRecord {
  return {
    seq: Number(row.seq),
    at: row.at,
    actorId: row.actor_id,
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    ip: row.ip,
    reason: row.reason,
    details: row.details,
    erased: row.personal_id !== null && row.salt === null,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function chainedFields(row: AuditRow): ChainedFields {
  return {
    seq: Number(row.seq),
    at: row.at,
    actorId: row.actor_id,
    actor: row.actor,
    action: row.action,
    subjectType: row.subject_type,
    subjectId: row.subject_id,
    personalId: row.personal_id,
    personalHash: row.personal_hash,
    detailsText: row.details_text,
  };
}

export type ChainVerdict =
  | { ok: true; entries: number; headHash: string; erasedDetails: number }
  | { ok: false; entries: number; brokenAt: number; problem: string };

/** What is wrong with one entry read in order, if anything. */
function entryProblem(row: AuditRow, expectedSeq: number, prevHash: string): string | undefined {
  const seq = Number(row.seq);
  if (seq !== expectedSeq) return `entry ${expectedSeq} is missing (the next one is ${seq})`;
  if (row.prev_hash !== prevHash) return `entry ${seq} does not point at the hash of entry ${seq - 1}`;
  if (entryHash(prevHash, chainedFields(row)) !== row.hash) {
    return `entry ${seq} was altered after it was written (its hash does not match its content)`;
  }
  // Personal details still held must be the ones the chain recorded; erased ones leave only the digest.
  if (row.salt !== null && personalHash(row.salt, row.reason, row.ip) !== row.personal_hash) {
    return `the reason or address of entry ${seq} was altered after it was written`;
  }
  return undefined;
}

/**
 * Walks the whole chain in order, streaming, and reports the first entry that does not fit. Entries whose
 * personal details were erased still verify: the chain holds only a salted digest of them.
 */
export async function verifyAuditChain(db: Database): Promise<ChainVerdict> {
  let expectedSeq = 1;
  let prevHash = GENESIS;
  let erasedDetails = 0;
  let broken: { brokenAt: number; problem: string } | undefined;
  await streamRows<AuditRow>(db, `${AUDIT_SELECT} ORDER BY a.seq`, [], 2000, (rows) => {
    for (const row of rows) {
      if (broken) return;
      const problem = entryProblem(row, expectedSeq, prevHash);
      if (problem) broken = { brokenAt: expectedSeq, problem };
      if (row.personal_id !== null && row.salt === null) erasedDetails += 1;
      prevHash = row.hash;
      expectedSeq += 1;
    }
  });
  const entries = expectedSeq - 1;
  return broken ? { ok: false, entries, ...broken } : { ok: true, entries, headHash: prevHash, erasedDetails };
}

export async function auditForSubject(
  db: Queryable,
  subjectType: string,
  subjectId: string,
  page: { limit: number; beforeSeq?: number },
): Promise<AuditRecord[]> {
  const before = page.beforeSeq ?? null;
  const { rows } = await db.query<AuditRow>(
    sql`${raw(AUDIT_SELECT)}
         WHERE a.subject_type = ${subjectType} AND a.subject_id = ${subjectId} AND (${before}::bigint IS NULL OR a.seq < ${before})
         ORDER BY a.seq DESC LIMIT ${page.limit}`,
  );
  return rows.map(toRecord);
}

/** Erases the reasons and addresses of the entries about these subjects (a person's erasure); the chain stays whole. */
export async function eraseAuditDetailsOfSubjects(tx: Queryable, subjectType: string, subjectIds: readonly string[]): Promise<number> {
  if (subjectIds.length === 0) return 0;
  const { rowCount } = await tx.query(
    sql`DELETE FROM audit_personal p USING audit_log a
         WHERE a.personal_id = p.id AND a.subject_type = ${subjectType} AND a.subject_id = ANY(${subjectIds}::text[])`,
  );
  return rowCount;
}

/** How many entries written before `cutoff` still hold a reason or address. */
export async function auditDetailsHeldBefore(db: Queryable, cutoff: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM audit_log a JOIN audit_personal p ON p.id = a.personal_id WHERE a.at < ${cutoff}`,
  );
  return rows[0]!.n;
}

/** Erases the reasons and addresses of entries written before `cutoff` (the retention schedule); the chain stays whole. */
export async function eraseAuditDetailsBefore(tx: Queryable, cutoff: Date): Promise<number> {
  const { rowCount } = await tx.query(sql`DELETE FROM audit_personal p USING audit_log a WHERE a.personal_id = p.id AND a.at < ${cutoff}`);
  return rowCount;
}
