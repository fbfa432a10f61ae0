// What a receiving agency does with a shared case or profile (read its shared fields, add what it knows) and what
// the police and the profile's writer see of those additions. Reach is the live share for recipients, `caseReach`
// for the police on a case and `philomenaReach` on a profile. Every reading and addition is audited.
import type { AppDeps } from '../app-deps.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Queryable } from '../db/database.ts';
import { requireCase } from '../cases/actions.ts';
import { outOfReach } from '../cases/disclosure.ts';
import { openSharedCase } from '../cases/shared-view.ts';
import { findSharedCase } from '../cases/store.ts';
import { interviewForShare } from '../interviews/actions.ts';
import type { ContributionList, ContributionRequest, ContributionView, SharedCaseAnswer } from './schemas.ts';
import { contributionsOf, insertContribution, type ContributionRow, type ContributionSubject } from './store.ts';
import { philomenaReach } from '../auth/access.ts';
import { notFound } from '../http/problem.ts';
import { requireProfile } from '../philomena/actions.ts';
import { liveProfileShare } from '../philomena/share-store.ts';

function contributionView(row: ContributionRow): ContributionView {
  return {
    id: row.id,
    category: row.category,
    text: row.body,
    organisation: { code: row.organisation_code, name: row.organisation_name },
    addedBy: row.added_by,
    addedAt: row.added_at.toISOString(),
  };
}

/** A shared case for its recipient: the shared fields, the interview's police view if shared, and its own additions. */
export async function sharedCaseFor(
  db: Queryable,
  actor: Actor,
  caseId: string,
  reason: string | null,
  now: Date,
): Promise<SharedCaseAnswer> {
  const { view, row } = await openSharedCase(db, actor, caseId, reason, now);
  const contributions = (await contributionsOf(db, { caseId }, actor.organisationId)).map(contributionView);
  if (!row.fields.includes('returnInterview')) return { ...view, contributions };
  return { ...view, returnInterview: await interviewForShare(db, caseId, now), contributions };
}

/** The live share that lets the actor's organisation add to this case or profile; refused as out of reach without one. */
async function requireLiveShare(db: Queryable, actor: Actor, subject: ContributionSubject, now: Date): Promise<void> {
  if ('caseId' in subject) {
    if (!(await findSharedCase(db, actor.organisationId, subject.caseId, now))) throw outOfReach('case', subject.caseId);
  } else if (!(await liveProfileShare(db, actor.organisationId, subject.profileId, now))) throw notFound('That profile');
}

const auditSubject = (subject: ContributionSubject) =>
  'caseId' in subject
    ? { subjectType: 'case', subjectId: subject.caseId }
    : { subjectType: 'philomena_profile', subjectId: subject.profileId };

/** A recipient adds what it knows to a case or profile shared with it (while the share is live); shown with its source. */
export async function addContribution(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  subject: ContributionSubject,
  request: ContributionRequest,
): Promise<ContributionView> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    await requireLiveShare(tx, actor, subject, now);
    const id = await insertContribution(
      tx,
      { subject, organisationId: actor.organisationId, category: request.category, body: request.text.trim(), userId: actor.userId },
      now,
    );
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'share.contribution_added',
        ...auditSubject(subject),
        details: { contributionId: id, category: request.category },
      },
      now,
    );
    const added = (await contributionsOf(tx, subject, actor.organisationId)).find((row) => row.id === id)!;
    return contributionView(added);
  });
}

/** What the reader's own organisation added to a profile shared with it, while the share is live. */
export async function ownProfileContributions(db: Queryable, actor: Actor, profileId: string, now: Date): Promise<ContributionList> {
  await requireLiveShare(db, actor, { profileId }, now);
  return { items: (await contributionsOf(db, { profileId }, actor.organisationId)).map(contributionView) };
}

/** Everything agencies added, for those who reach the case or the profile itself; the reading audited. */
async function everyContribution(db: Queryable, actor: Actor, subject: ContributionSubject, now: Date): Promise<ContributionList> {
  const rows = await contributionsOf(db, subject, null);
  if (rows.length > 0)
    await appendAudit(
      db,
      { ...auditActor(actor), action: 'share.contributions_viewed', ...auditSubject(subject), details: { count: rows.length } },
      now,
    );
  return { items: rows.map(contributionView) };
}

export async function contributionsForPolice(db: Queryable, actor: Actor, caseId: string, now: Date): Promise<ContributionList> {
  await requireCase(db, actor, caseId);
  return everyContribution(db, actor, { caseId }, now);
}

/** For the profile's writer and the police and local authority who read it. */
export async function contributionsForProfileReaders(db: Queryable, actor: Actor, profileId: string, now: Date): Promise<ContributionList> {
  await requireProfile(db, philomenaReach(actor, 'philomena:read'), profileId);
  return everyContribution(db, actor, { profileId }, now);
}
