// What the police see of a return home interview, and what the local authority alone keeps.
//
// The police see: whether and when the interview was offered, accepted or declined and held, by whom; where the
// child was and with whom; the coded push and pull factors; the coded signs of exploitation; the referrals made.
// That is what an investigation, the next episode's risk assessment and a strategy meeting need.
// The police do not see the child's disclosures in their own words, nor the local authority's free-text actions:
// a child speaks to an independent interviewer because it is not the police, and what needs police action reaches
// them as a referral (the "police" referral code) through the local authority's safeguarding process.
import type { FullInterviewView, PoliceInterviewView } from './schemas.ts';
import type { InterviewRow } from './store.ts';
import { OPEN_STATUSES } from './vocabulary.ts';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function isOverdue(row: Pick<InterviewRow, 'status' | 'due_at'>, now: Date): boolean {
  return OPEN_STATUSES.includes(row.status) && row.due_at.getTime() < now.getTime();
}

export function policeInterviewView(row: InterviewRow, now: Date): PoliceInterviewView {
  return {
    view: 'police',
    id: row.id,
    caseId: row.case_id,
    caseReference: row.case_reference,
    organisation: row.organisation_code && row.organisation_name ? { code: row.organisation_code, name: row.organisation_name } : null,
    status: row.status,
    overdue: isOverdue(row, now),
    returnedAt: row.returned_at.toISOString(),
    requestedAt: row.requested_at.toISOString(),
    dueAt: row.due_at.toISOString(),
    offeredAt: iso(row.offered_at),
    answeredAt: iso(row.answered_at),
    interviewer: row.interviewer,
    interviewedAt: iso(row.interviewed_at),
    whereabouts: row.whereabouts,
    withWhom: row.with_whom,
    pushFactors: row.push_factors,
    pullFactors: row.pull_factors,
    exploitationSigns: row.exploitation_signs,
    referrals: row.referrals,
  };
}

export function fullInterviewView(row: InterviewRow, child: FullInterviewView['child'], now: Date): FullInterviewView {
  return {
    ...policeInterviewView(row, now),
    view: 'full',
    child,
    disclosures: row.disclosures,
    actions: row.actions,
    version: row.version,
    updatedAt: row.updated_at.toISOString(),
  };
}
