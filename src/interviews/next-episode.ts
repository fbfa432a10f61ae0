// A case's return interview as the police see it, with the latest interview held after an earlier episode of the
// same child and the risk answers that interview suggests for this one: what the child said last time feeds the
// next risk assessment instead of being lost in another agency's file. The officer confirms each answer.
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Queryable } from '../db/database.ts';
import { requireCase } from '../cases/actions.ts';
import { formatDate } from '../i18n/dates.ts';
import { policeInterviewView } from './police-view.ts';
import { interviewReach } from './reach.ts';
import type { CaseInterviews } from './schemas.ts';
import { interviewOfCase, previousInterview, type InterviewRow } from './store.ts';

type Suggestion = CaseInterviews['suggestedAnswers'][number];

/** Which standard risk question each coded answer of an interview speaks to. */
const SIGN_QUESTIONS: Record<string, string> = {
  criminal: 'exploitation',
  county_lines: 'exploitation',
  sexual: 'exploitation',
  online: 'online_contact',
  trafficking: 'trafficking',
};
const PULL_QUESTIONS: Record<string, string> = { drugs_or_alcohol: 'substance_misuse', older_associates: 'exploitation' };
const PUSH_QUESTIONS: Record<string, string> = {
  mental_health: 'mental_health',
  conflict_at_home: 'domestic_abuse',
  abuse_or_neglect: 'domestic_abuse',
  bullying: 'bullying',
};

export function suggestedAnswers(previous: InterviewRow): Suggestion[] {
  const source = `return home interview, ${previous.organisation_name ?? 'local authority'}, ${formatDate(previous.interviewed_at ?? previous.returned_at, 'en')}`;
  const byQuestion = new Map<string, string[]>();
  const add = (question: string | undefined, code: string) => {
    if (question) byQuestion.set(question, [...(byQuestion.get(question) ?? []), code.replaceAll('_', ' ')]);
  };
  for (const sign of previous.exploitation_signs) add(SIGN_QUESTIONS[sign], sign);
  for (const pull of previous.pull_factors) add(PULL_QUESTIONS[pull], pull);
  for (const push of previous.push_factors) add(PUSH_QUESTIONS[push], push);
  const suggestions: Suggestion[] = [
    { question: 'missing_before', answer: 'yes', source, detail: 'An earlier episode had a return interview' },
  ];
  for (const [question, codes] of byQuestion) suggestions.push({ question, answer: 'yes', source, detail: `Noted: ${codes.join(', ')}` });
  return suggestions;
}

/** For the case page: this episode's interview, the previous one of the child, and what it suggests; audited. */
export async function caseInterviews(db: Queryable, actor: Actor, caseId: string, now: Date): Promise<CaseInterviews> {
  const row = await requireCase(db, actor, caseId);
  const reach = interviewReach(actor);
  const current = await interviewOfCase(db, caseId, reach);
  const previous = await previousInterview(db, { childId: row.child_id, caseId, before: current?.returned_at ?? now }, reach);
  const shown = [current, previous].filter((interview) => interview !== undefined);
  if (shown.length > 0)
    await appendAudit(
      db,
      {
        ...auditActor(actor),
        action: 'interview.viewed',
        subjectType: 'case',
        subjectId: caseId,
        details: { interviewIds: shown.map((interview) => interview.id), view: 'police' },
      },
      now,
    );
  return {
    current: current ? policeInterviewView(current, now) : null,
    previous: previous ? policeInterviewView(previous, now) : null,
    suggestedAnswers: previous && row.status === 'open' ? suggestedAnswers(previous) : [],
  };
}
