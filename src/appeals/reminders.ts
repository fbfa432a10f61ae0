// Review reminders: when a long-term appeal's review date comes, the senior officers of its area and the
// national coordinators get a notice in the console, once per review date (a review recorded sets a new date,
// which reminds again when it comes). Run by the alerts' housekeeping schedule (src/alerts/housekeeping.ts)
// when the earliest review date comes.
import type { AppDeps } from '../app-deps.ts';
import { startOfUkDay, ukDate } from '../i18n/dates.ts';
import type { Queryable } from '../db/database.ts';
import { notifyStaff } from '../alerts/notifications.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { appealsAwaitingReviewReminder, markReviewReminded, nextReviewReminderDay } from './store.ts';

const SYSTEM = { actorId: null, actor: 'system' } as const;
/** Who is responsible for reviewing an appeal: those who may publish one. */
export const REVIEW_ROLES = ['approver', 'national_coordinator'] as const;

/** When the next reminder is due: the start of the UK day of the earliest review date not yet reminded of. */
export async function nextReviewReminderDue(db: Queryable): Promise<Date | null> {
  const day = await nextReviewReminderDay(db);
  return day === null ? null : startOfUkDay(day);
}

/** Leaves a notice for each appeal whose review date has come and has not been reminded of; returns how many. */
export async function remindDueAppealReviews(deps: Pick<AppDeps, 'db' | 'clock'>): Promise<number> {
  const now = deps.clock();
  const due = await appealsAwaitingReviewReminder(deps.db, ukDate(now));
  let reminded = 0;
  for (const appeal of due) {
    const left = await deps.db.transaction(async (tx) => {
      if (!(await markReviewReminded(tx, appeal.id, appeal.review_due_on))) return false;
      await notifyStaff(
        tx,
        {
          jurisdiction: { code: appeal.area_code },
          roles: REVIEW_ROLES,
          kind: 'appeal_review_due',
          subjectType: 'case',
          subjectId: appeal.case_id,
          message: `The long-term appeal's review was due on ${appeal.review_due_on}: review it, then record the next review date or withdraw it.`,
        },
        now,
      );
      await appendAudit(
        tx,
        {
          ...SYSTEM,
          action: 'appeal.review_reminded',
          subjectType: 'long_term_appeal',
          subjectId: appeal.id,
          details: { caseId: appeal.case_id, reviewDueOn: appeal.review_due_on },
        },
        now,
      );
      return true;
    });
    if (left) reminded += 1;
  }
  return reminded;
}
