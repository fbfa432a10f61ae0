// A reviewer's decisions on a candidate match: dismiss it with a reason, refer it for dental or DNA
// comparison, or confirm it. Confirming identifies the record with the case, closes the case, dismisses the
// other open candidates of both, and notifies the force that owns the case, all in one transaction, audited.
import type { AppDeps } from '../app-deps.ts';
import { notifyStaff } from '../alerts/notifications.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { closeCaseWithin, requireCase } from '../cases/actions.ts';
import type { Queryable } from '../db/database.ts';
import { conflict, notFound } from '../http/problem.ts';
import { jurisdictionsOfOrganisation } from '../orgs/store.ts';
import { identifyWithin, requireUnidentified } from '../unidentified/actions.ts';
import type { UnidentifiedKind } from '../unidentified/vocabulary.ts';
import type { ConfirmRequest, DecisionAnswer, DismissRequest, ReferRequest } from './schemas.ts';
import { candidateForDecision, dismissOthersOf, recordDecision, type CandidateRow, type CandidateStatus } from './store.ts';

type MatchingDeps = Pick<AppDeps, 'db' | 'clock' | 'config'>;

/**
 * How a case closes when its child is identified as someone found. Remains: found dead. A living child found
 * alone and now identified: located elsewhere, which says where the episode ended and no more; "found safe"
 * would claim a welfare the match itself does not establish, and the owning force may record harm in its notes.
 */
export const outcomeOnConfirmation = (kind: UnidentifiedKind) => (kind === 'remains' ? 'found_dead' : 'located_elsewhere');

/** The candidate, locked, if the actor reaches both sides; a decision needs both. */
async function requireCandidate(
  tx: Queryable,
  actor: Actor,
  candidateId: string,
  decidable: readonly CandidateStatus[],
): Promise<CandidateRow> {
  const candidate = await candidateForDecision(tx, candidateId);
  if (!candidate) throw notFound('That candidate match');
  await requireCase(tx, actor, candidate.case_id);
  await requireUnidentified(tx, actor, candidate.unidentified_id);
  if (!decidable.includes(candidate.status))
    throw conflict(`This candidate match is ${candidate.status}, so it cannot be decided that way now.`);
  return candidate;
}

function answer(candidate: CandidateRow, decided: Omit<DecisionAnswer, 'id' | 'caseId' | 'unidentifiedId'>): DecisionAnswer {
  return { id: candidate.id, caseId: candidate.case_id, unidentifiedId: candidate.unidentified_id, ...decided };
}

export async function dismissCandidate(
  deps: MatchingDeps,
  actor: Actor,
  candidateId: string,
  body: DismissRequest,
): Promise<DecisionAnswer> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const candidate = await requireCandidate(tx, actor, candidateId, ['open', 'referred']);
    await recordDecision(tx, candidate.id, { status: 'dismissed', reason: body.reason, referralKind: null, by: actor.userId }, now);
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'match.dismissed',
        subjectType: 'match',
        subjectId: candidate.id,
        details: { caseId: candidate.case_id, unidentifiedId: candidate.unidentified_id, fingerprint: candidate.fingerprint },
      },
      now,
    );
    return answer(candidate, {
      status: 'dismissed',
      referralKind: null,
      decisionReason: body.reason,
      decidedAt: now.toISOString(),
      caseOutcome: null,
      alsoDismissed: [],
    });
  });
}

export async function referCandidate(deps: MatchingDeps, actor: Actor, candidateId: string, body: ReferRequest): Promise<DecisionAnswer> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const candidate = await requireCandidate(tx, actor, candidateId, ['open', 'referred']);
    const note = body.note ?? null;
    await recordDecision(tx, candidate.id, { status: 'referred', reason: note, referralKind: body.kind, by: actor.userId }, now);
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'match.referred',
        subjectType: 'match',
        subjectId: candidate.id,
        details: { caseId: candidate.case_id, unidentifiedId: candidate.unidentified_id, kind: body.kind },
      },
      now,
    );
    return answer(candidate, {
      status: 'referred',
      referralKind: body.kind,
      decisionReason: note,
      decidedAt: now.toISOString(),
      caseOutcome: null,
      alsoDismissed: [],
    });
  });
}

/** Confirms the identification: the record identified with the case, the case closed, the owning force told. */
export async function confirmCandidate(
  deps: MatchingDeps,
  actor: Actor,
  candidateId: string,
  body: ConfirmRequest,
): Promise<DecisionAnswer> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const candidate = await requireCandidate(tx, actor, candidateId, ['open', 'referred']);
    const note = body.note ?? null;
    const record = await requireUnidentified(tx, actor, candidate.unidentified_id, true);
    const outcome = outcomeOnConfirmation(record.kind);
    const closed = await closeCaseWithin(
      tx,
      actor,
      candidate.case_id,
      outcome,
      note ?? `Identified as ${record.reference}`,
      now,
      deps.config.publicUrl,
    );
    await identifyWithin(tx, actor, record, { caseId: candidate.case_id, notes: note }, now);
    await recordDecision(tx, candidate.id, { status: 'confirmed', reason: note, referralKind: null, by: actor.userId }, now);
    const alsoDismissed = await dismissOthersOf(tx, candidate, actor.userId, now);
    for (const area of await jurisdictionsOfOrganisation(tx, closed.owning_organisation_id))
      await notifyStaff(
        tx,
        {
          jurisdiction: { id: area.id },
          roles: [],
          kind: 'match_confirmed',
          subjectType: 'case',
          subjectId: closed.id,
          message: `Case ${closed.reference} was identified as ${record.reference} (${record.kind === 'remains' ? 'remains' : 'a person found'}, ${record.owning_organisation_code}); the case is closed as ${outcome.replaceAll('_', ' ')}.`,
        },
        now,
      );
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'match.confirmed',
        subjectType: 'match',
        subjectId: candidate.id,
        details: { caseId: candidate.case_id, unidentifiedId: candidate.unidentified_id, outcome, alsoDismissed },
      },
      now,
    );
    return answer(candidate, {
      status: 'confirmed',
      referralKind: null,
      decisionReason: note,
      decidedAt: now.toISOString(),
      caseOutcome: outcome,
      alsoDismissed,
    });
  });
}
