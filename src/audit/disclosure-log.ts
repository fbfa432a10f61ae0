// The disclosure register, read from the audit trail: every disclosure of a child's record and every view of it by
// another agency, in the categories of log that data protection law asks of the police (Data Protection Act 2018,
// section 62: collection, alteration, consultation, disclosure, combination, erasure). Nothing is written twice:
// the register is a reading of the chained audit entries about cases, each sorted into its category here.
import type { Queryable } from '../db/database.ts';
import { join, sql, type Sql } from '../db/sql.ts';
import { LOG_CATEGORIES, type LogCategory } from './log-categories.ts';

export { LOG_CATEGORIES, type LogCategory };

/** Which category each audited action about a case belongs to; actions not listed (searches, lists) are not in it. */
const CATEGORY_OF_ACTION: Record<string, LogCategory> = {
  'case.created': 'collection',
  'case.risk_answered': 'collection',
  'photo.added': 'collection',
  'share.contribution_added': 'collection',
  'case.updated': 'alteration',
  'case.graded': 'alteration',
  'case.closed': 'alteration',
  'interview.updated': 'alteration',
  'case.viewed': 'consultation',
  'photo.viewed': 'consultation',
  'case.shared_viewed': 'consultation',
  'interview.viewed': 'consultation',
  'share.contributions_viewed': 'consultation',
  'case.shared': 'disclosure',
  'case.unshared': 'disclosure',
  'interview.requested': 'disclosure',
  'child.merged': 'combination',
  'child.merge_undone': 'combination',
  'match.confirmed': 'combination',
  'photo.removed': 'erasure',
  // Philomena profiles: written and changed by their writer, consulted by the police and by agencies they are shared with.
  'philomena.created': 'collection',
  'philomena.photo_added': 'collection',
  'philomena.updated': 'alteration',
  'philomena.reviewed': 'alteration',
  'philomena.viewed': 'consultation',
  'philomena.photo_viewed': 'consultation',
  'philomena.shared_viewed': 'consultation',
  'philomena.shared_photo_viewed': 'consultation',
  'philomena.shared': 'disclosure',
  'philomena.unshared': 'disclosure',
  'philomena.case_made': 'combination',
  'philomena.photo_removed': 'erasure',
};

// Erasure and anonymisation of any record, however its domain names the action.
const ERASURE_PATTERN = '\\.(erased|anonymised|deleted)$';

export function categoryOf(action: string): LogCategory | undefined {
  if (new RegExp(ERASURE_PATTERN).test(action)) return 'erasure';
  return CATEGORY_OF_ACTION[action];
}

const ACTIONS_OF = (categories: readonly LogCategory[]) =>
  Object.entries(CATEGORY_OF_ACTION)
    .filter(([, category]) => categories.includes(category))
    .map(([action]) => action);

export interface DisclosureLogRow {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor: string;
  action: string;
  subject_id: string;
  reason: string | null;
  details: Record<string, unknown>;
}

/**
 * Audit entries about the cases `caseIds` (a subquery of case ids) in the given categories, newest first; about
 * Philomena profiles instead when `subjectType` says so (`caseIds` then being profile ids).
 * `extra` narrows further (conditions on `a`, the audit entry).
 */
export async function disclosureLogEntries(
  db: Queryable,
  query: {
    caseIds: Sql;
    subjectType?: 'case' | 'philomena_profile';
    categories: readonly LogCategory[];
    from?: Date | undefined;
    to?: Date | undefined;
    extra?: Sql;
    limit: number;
  },
): Promise<DisclosureLogRow[]> {
  const actions = ACTIONS_OF(query.categories);
  const erasure = query.categories.includes('erasure');
  const where: Sql[] = [
    sql`a.subject_type = ${query.subjectType ?? 'case'}`,
    sql`a.subject_id IN (SELECT x.id::text FROM (${query.caseIds}) x)`,
    erasure ? sql`(a.action = ANY(${actions}::text[]) OR a.action ~ ${ERASURE_PATTERN})` : sql`a.action = ANY(${actions}::text[])`,
  ];
  if (query.from) where.push(sql`a.at >= ${query.from}`);
  if (query.to) where.push(sql`a.at < ${query.to}`);
  if (query.extra) where.push(query.extra);
  const { rows } = await db.query<DisclosureLogRow>(
    sql`SELECT a.seq, a.at, a.actor_id, a.actor, a.action, a.subject_id, p.reason, a.details
          FROM audit_log a LEFT JOIN audit_personal p ON p.id = a.personal_id
         WHERE ${join(where, ' AND ')} ORDER BY a.seq DESC LIMIT ${query.limit}`,
  );
  return rows;
}
