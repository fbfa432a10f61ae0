// What a receiving agency does with a shared case (read its shared fields, add what it knows) and what the police
// see of those additions. Reach is the live share (src/cases/shared-view.ts) for recipients and `caseReach` for
// the police. Every reading and addition is audited.
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
import { contributionsOfCase, insertContribution, type ContributionRow } from './store.ts';

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
  const contributions = (await contributionsOfCase(db, caseId, actor.organisationId)).map(contributionView);
  if (!row.fields.includes('returnInterview')) return { ...view, contributions };
  return { ...view, returnInterview: await interviewForShare(db, caseId, now), contributions };
}

/** A recipient adds what it knows to a case shared with it (while the share is live); shown to the police with its source. */
export async function addContribution(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  actor: Actor,
  caseId: string,
  request: ContributionRequest,
): Promise<ContributionView> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    if (!(await findSharedCase(tx, actor.organisationId, caseId, now))) throw outOfReach('case', caseId);
    const id = await insertContribution(
      tx,
      { caseId, organisationId: actor.organisationId, category: request.category, body: request.text.trim(), userId: actor.userId },
      now,
    );
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'share.contribution_added',
        subjectType: 'case',
        subjectId: caseId,
        details: { contributionId: id, category: request.category },
      },
      now,
    );
    const added = (await contributionsOfCase(tx, caseId, actor.organisationId)).find((row) => row.id === id)!;
    return contributionView(added);
  });
}

/** Everything agencies added to a case, for the police who reach it; the reading audited. */
export async function contributionsForPolice(db: Queryable, actor: Actor, caseId: string, now: Date): Promise<ContributionList> {
  await requireCase(db, actor, caseId);
  const rows = await contributionsOfCase(db, caseId, null);
  if (rows.length > 0)
    await appendAudit(
      db,
      {
        ...auditActor(actor),
        action: 'share.contributions_viewed',
        subjectType: 'case',
        subjectId: caseId,
        details: { count: rows.length },
      },
      now,
    );
  return { items: rows.map(contributionView) };
}
