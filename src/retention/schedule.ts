// The retention schedule: for each kind of record, how long it is kept, from when, and what happens then.
// docs/retention.md gives the source of each default. A kind added by another domain is one entry here, with
// the functions of the domain that owns its tables.
import { auditDetailsHeldBefore, eraseAuditDetailsBefore, eraseAuditDetailsOfSubjects } from '../audit/audit-log.ts';
import { deleteSessionsEndedBefore, sessionsEndedBefore } from '../auth/sessions.ts';
import type { Queryable } from '../db/database.ts';
import { anonymiseDeliveriesBefore, deliveriesHeldBefore } from '../dispatch/erasure.ts';
import { countChildrenDue } from './due.ts';
import { clearInterviewWordsBefore, interviewWordsHeldBefore } from '../interviews/erasure.ts';
import { deleteProfilesUnusedBefore, profilesUnusedBefore } from '../philomena/erasure.ts';
import { deleteUnconfirmedBefore, unconfirmedBefore } from '../subscribers/erasure.ts';
import { clearContactsBefore, contactsHeldBefore, deleteSubmissionsBefore, submissionsHeldBefore } from '../triage/erasure.ts';

const DAY_MS = 86_400_000;
export const YEAR_DAYS = 365;

/**
 * - review: a person decides, record by record (src/retention/reviews.ts), to keep it longer or dispose of it;
 * - delete: the records go, automatically;
 * - anonymise: the records stay, without what identifies a person, automatically.
 */
export type RetentionAction = 'review' | 'delete' | 'anonymise';

export interface BatchResult {
  done: number;
  /** Stored files (photos, attachments) to delete once the batch has committed. */
  mediaKeys: string[];
}

export interface RetentionRule {
  kind: string;
  action: RetentionAction;
  defaultDays: number;
  /** The date the period counts from, in words (English; the console has its own). */
  from: string;
  /** Where the default comes from (docs/retention.md says more); `judgement` when it is ours. */
  source: string;
  judgement: boolean;
  /** How many records are past the cutoff and still held (for review rules: how many are due). */
  countDue: (db: Queryable, cutoff: Date, now: Date) => Promise<number>;
  /** Automatic rules: deletes or anonymises one batch of the records past the cutoff. */
  applyBatch?: (tx: Queryable, cutoff: Date, batch: number) => Promise<BatchResult>;
}

const done = (n: number): BatchResult => ({ done: n, mediaKeys: [] });

export const RETENTION_RULES: readonly RetentionRule[] = [
  {
    kind: 'missing_episodes',
    action: 'review',
    defaultDays: 6 * YEAR_DAYS,
    from: 'the closing of the child’s latest episode (none open)',
    source: 'College of Policing APP Information management (MoPI): review after a 6-year clear period',
    judgement: false,
    countDue: countChildrenDue,
  },
  {
    kind: 'philomena_profiles',
    action: 'delete',
    defaultDays: YEAR_DAYS,
    from: 'the profile’s last use: written, reviewed or reported missing (none waiting, the child not missing now)',
    source: 'UK GDPR Art. 5(1)(c), (e); a profile in use is reviewed on a schedule, so one untouched for a year is not in use',
    judgement: true,
    countDue: profilesUnusedBefore,
    applyBatch: async (tx, cutoff, batch) => {
      const { ids, mediaKeys } = await deleteProfilesUnusedBefore(tx, cutoff, batch);
      // The reasons and addresses of the audit entries about a deleted profile go with it; the entries stay.
      await eraseAuditDetailsOfSubjects(tx, 'philomena_profile', ids);
      return { done: ids.length, mediaKeys };
    },
  },
  {
    kind: 'return_interviews',
    action: 'anonymise',
    defaultDays: 6 * YEAR_DAYS,
    from: 'the child’s return from the episode',
    source: 'MoPI review period of the episode it follows; the coded answers stay for the problem profiles',
    judgement: true,
    countDue: interviewWordsHeldBefore,
    applyBatch: async (tx, cutoff, batch) => done(await clearInterviewWordsBefore(tx, cutoff, batch)),
  },
  {
    kind: 'submissions',
    action: 'delete',
    defaultDays: 6 * YEAR_DAYS,
    from: 'receipt of the sighting or report',
    source: 'College of Policing APP Information management (MoPI), aligned with the episodes they inform',
    judgement: true,
    countDue: submissionsHeldBefore,
    applyBatch: async (tx, cutoff, batch) => {
      const { deleted, mediaKeys } = await deleteSubmissionsBefore(tx, cutoff, batch);
      return { done: deleted, mediaKeys };
    },
  },
  {
    kind: 'reporter_contacts',
    action: 'anonymise',
    defaultDays: YEAR_DAYS,
    from: 'receipt of the sighting or report',
    source: 'UK GDPR Art. 5(1)(c), (e); ICO guidance on storage limitation',
    judgement: true,
    countDue: contactsHeldBefore,
    applyBatch: async (tx, cutoff, batch) => done(await clearContactsBefore(tx, cutoff, batch)),
  },
  {
    kind: 'unconfirmed_subscribers',
    action: 'delete',
    defaultDays: 30,
    from: 'the sign-up, when no address was ever confirmed',
    source: 'UK GDPR Art. 5(1)(e); ICO guidance on storage limitation',
    judgement: true,
    countDue: unconfirmedBefore,
    applyBatch: async (tx, cutoff, batch) => done(await deleteUnconfirmedBefore(tx, cutoff, batch)),
  },
  {
    kind: 'sessions',
    action: 'delete',
    defaultDays: 90,
    from: 'the end of the session (signed out or expired)',
    source: 'ICO guidance on security (logging) and storage limitation',
    judgement: true,
    countDue: sessionsEndedBefore,
    applyBatch: async (tx, cutoff, batch) => done(await deleteSessionsEndedBefore(tx, cutoff, batch)),
  },
  {
    kind: 'deliveries',
    action: 'anonymise',
    defaultDays: YEAR_DAYS,
    from: 'the sending of the alert or notice',
    source: 'PECR and UK GDPR Art. 5(1)(e): figures kept, recipients forgotten',
    judgement: true,
    countDue: deliveriesHeldBefore,
    applyBatch: async (tx, cutoff, batch) => done(await anonymiseDeliveriesBefore(tx, cutoff, batch)),
  },
  {
    kind: 'audit_details',
    action: 'anonymise',
    defaultDays: 6 * YEAR_DAYS,
    from: 'the audit entry; the chained entry itself is kept',
    source: 'Data Protection Act 2018 s.62 (logging); MoPI review period',
    judgement: true,
    countDue: auditDetailsHeldBefore,
    applyBatch: async (tx, cutoff) => done(await eraseAuditDetailsBefore(tx, cutoff)),
  },
];

export function ruleOf(kind: string): RetentionRule | undefined {
  return RETENTION_RULES.find((rule) => rule.kind === kind);
}

/** Records older than this, counted from the rule's date, are due. */
export function cutoffOf(periodDays: number, now: Date): Date {
  return new Date(now.getTime() - periodDays * DAY_MS);
}
