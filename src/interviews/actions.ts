// Return home interviews: asked for when an episode closes with the child back, held and written up by the local
// authority, read by the police in their view. Each change and its audit entry commit together; every reading
// of an interview is audited with the view it showed.
import { refreshEpisodeFacts } from '../cases/episode-facts.ts';
import type { AppDeps } from '../app-deps.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Queryable } from '../db/database.ts';
import { conflict, forbidden, invalid, notFound } from '../http/problem.ts';
import { localAuthorityOf } from '../orgs/store.ts';
import { ageOn, findChild } from '../cases/store.ts';
import { fullInterviewView, isOverdue, policeInterviewView } from './police-view.ts';
import { interviewReach, interviewViewFor } from './reach.ts';
import type { InterviewList, InterviewUpdate, InterviewView, PoliceInterviewView } from './schemas.ts';
import { sql } from '../db/sql.ts';
import {
  countOverdue,
  findInterview,
  insertInterviewRequest,
  interviewOfCase,
  listInterviews,
  updateInterviewColumns,
  type InterviewColumn,
  type InterviewRow,
} from './store.ts';
import { INTERVIEW_DUE_HOURS } from './vocabulary.ts';

const HOUR_MS = 3_600_000;
// Times typed on a phone may run a little ahead of our clock.
const FUTURE_SKEW_MS = 5 * 60_000;

/** Outcomes after which nobody is interviewed: the child did not come back alive. */
const NO_INTERVIEW_OUTCOMES = new Set(['found_dead']);

/**
 * Asks the local authority of the case's area for the return home interview, inside the transaction that
 * closes the episode: due 72 hours after the return. Exercises and deaths ask for none. The request discloses
 * the case to the local authority (who the child is, when they came back), so it is audited as a disclosure.
 */
export async function requestReturnInterview(
  tx: Queryable,
  actor: Actor,
  episode: { caseId: string; childId: string; jurisdictionId: string; outcome: string; exercise: boolean },
  now: Date,
): Promise<void> {
  if (episode.exercise || NO_INTERVIEW_OUTCOMES.has(episode.outcome)) return;
  const authority = await localAuthorityOf(tx, episode.jurisdictionId);
  const dueAt = new Date(now.getTime() + INTERVIEW_DUE_HOURS * HOUR_MS);
  const id = await insertInterviewRequest(
    tx,
    { caseId: episode.caseId, childId: episode.childId, organisationId: authority?.id ?? null, returnedAt: now, dueAt },
    now,
  );
  if (!id) return;
  await appendAudit(
    tx,
    {
      ...auditActor(actor),
      action: 'interview.requested',
      subjectType: 'case',
      subjectId: episode.caseId,
      details: { interviewId: id, with: authority?.code ?? null, dueAt: dueAt.toISOString() },
    },
    now,
  );
}

async function viewOf(db: Queryable, actor: Actor, row: InterviewRow, now: Date): Promise<InterviewView> {
  if (interviewViewFor(actor, row) === 'police') return policeInterviewView(row, now);
  const child = await findChild(db, row.child_id);
  return fullInterviewView(
    row,
    {
      name: `${child.given_names} ${child.family_name}`,
      dateOfBirth: child.date_of_birth,
      age: ageOn(child.date_of_birth, child.estimated_age, now),
    },
    now,
  );
}

/** One interview in the actor's view of it (404 out of reach), its reading audited. */
export async function openInterview(db: Queryable, actor: Actor, id: string, now: Date): Promise<InterviewView> {
  const row = await findInterview(db, id, interviewReach(actor));
  if (!row) throw notFound('That interview');
  const view = await viewOf(db, actor, row, now);
  await appendAudit(
    db,
    {
      ...auditActor(actor),
      action: 'interview.viewed',
      subjectType: 'case',
      subjectId: row.case_id,
      details: { interviewId: id, view: view.view },
    },
    now,
  );
  return view;
}

/** The interviews in reach (open, overdue or all), with how many are overdue; the listing audited. */
export async function interviewsOf(db: Queryable, actor: Actor, state: 'open' | 'overdue' | 'all', now: Date): Promise<InterviewList> {
  const reach = interviewReach(actor);
  const rows = await listInterviews(db, reach, state, now);
  const items: InterviewView[] = [];
  for (const row of rows) items.push(await viewOf(db, actor, row, now));
  await appendAudit(
    db,
    {
      ...auditActor(actor),
      action: 'interview.listed',
      subjectType: 'interview_list',
      details: { state, caseIds: rows.map((row) => row.case_id) },
    },
    now,
  );
  return { items, overdue: await countOverdue(db, reach, now) };
}

function checkNotFuture(value: string | undefined, now: Date, pointer: string): void {
  if (value && Date.parse(value) > now.getTime() + FUTURE_SKEW_MS) throw invalid(pointer, 'cannot be in the future', { code: 'future' });
}

/** The columns a change writes, checked against what the interview already holds. */
function changedColumns(row: InterviewRow, patch: InterviewUpdate, now: Date): [InterviewColumn, string | string[] | Date | null][] {
  for (const field of ['offeredAt', 'answeredAt', 'interviewedAt'] as const) checkNotFuture(patch[field], now, `/body/${field}`);
  const values: [InterviewColumn, string | string[] | Date | null][] = [];
  const texts = {
    interviewer: 'interviewer',
    whereabouts: 'whereabouts',
    withWhom: 'with_whom',
    disclosures: 'disclosures',
    actions: 'actions',
  } as const;
  for (const [field, column] of Object.entries(texts) as [keyof typeof texts, InterviewColumn][]) {
    const value = patch[field];
    if (value !== undefined) values.push([column, value.trim()]);
  }
  const codes = {
    pushFactors: 'push_factors',
    pullFactors: 'pull_factors',
    exploitationSigns: 'exploitation_signs',
    referrals: 'referrals',
  } as const;
  for (const [field, column] of Object.entries(codes) as [keyof typeof codes, InterviewColumn][]) {
    const value = patch[field];
    if (value !== undefined) values.push([column, [...value]]);
  }
  const status = patch.status;
  if (status) values.push(['status', status]);
  const when = (value: string | undefined) => (value ? new Date(value) : now);
  if (patch.offeredAt || (status && status !== 'requested' && !row.offered_at)) values.push(['offered_at', when(patch.offeredAt)]);
  if (patch.answeredAt || ((status === 'accepted' || status === 'declined') && !row.answered_at))
    values.push(['answered_at', when(patch.answeredAt)]);
  if (patch.interviewedAt || (status === 'completed' && !row.interviewed_at)) values.push(['interviewed_at', when(patch.interviewedAt)]);
  if (status === 'completed' && !(patch.interviewer ?? row.interviewer).trim())
    throw invalid('/body/interviewer', 'say who held the interview before marking it held', { code: 'interviewer-required' });
  return values;
}

/** The local authority holding an interview records its progress and answers (a stale version is refused). */
export async function updateInterview(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  id: string,
  patch: InterviewUpdate,
): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await findInterview(tx, id, interviewReach(actor), true);
    if (!row) throw notFound('That interview');
    if (interviewViewFor(actor, row) !== 'full') throw forbidden('Only the local authority asked for this interview may write it.');
    if (row.version !== patch.version)
      throw conflict(
        `Someone changed this interview since you opened it (version ${row.version}, you sent ${patch.version}); reload and try again.`,
      );
    const values = changedColumns(row, patch, now);
    if (values.length > 0) await updateInterviewColumns(tx, id, values, actor.userId, now);
    // Problem profiles count interviews done, declined and overdue.
    if (values.some(([column]) => column === 'status')) await refreshEpisodeFacts(tx, [row.child_id]);
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'interview.updated',
        subjectType: 'case',
        subjectId: row.case_id,
        details: {
          interviewId: id,
          changed: values.map(([column]) => column),
          status: patch.status ?? row.status,
          wasOverdue: isOverdue(row, now),
        },
      },
      now,
    );
  });
}

/**
 * The police view of a case's interview for an agency the case is shared with, its share naming the return
 * interview: the caller (src/sharing/) has checked the live share, which is what authorises this reading.
 */
export async function interviewForShare(db: Queryable, caseId: string, now: Date): Promise<PoliceInterviewView | null> {
  const row = await interviewOfCase(db, caseId, sql`TRUE`);
  return row ? policeInterviewView(row, now) : null;
}
