// Deciding a record due for review (College of Policing APP, MoPI): keep it until a date, on a coded ground, or
// dispose of it (the child's whole record is erased as on a request, with the ground "retention_review").
import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { childDueForReview } from '../cases/erasure.ts';
import { conflict, invalid } from '../http/problem.ts';
import { childrenDue, EPISODES_KIND } from './due.ts';
import { currentSchedule } from './run.ts';
import type { ReviewDecision, ReviewQueueView } from './schemas.ts';
import { cutoffOf, ruleOf } from './schedule.ts';
import { forgetDecision, keptRecordIds, periodSettings, saveKeepDecision } from './store.ts';
import { erasePerson } from './subject-access.ts';

type Deps = Pick<AppDeps, 'db' | 'media' | 'clock'>;
const MAX_KEEP_YEARS = 10;

async function episodesCutoff(deps: Deps, now: Date): Promise<Date> {
  const settings = await periodSettings(deps.db);
  return cutoffOf(settings.get(EPISODES_KIND)?.period_days ?? ruleOf(EPISODES_KIND)!.defaultDays, now);
}

export async function reviewQueue(deps: Deps, limit: number): Promise<ReviewQueueView> {
  const now = deps.clock();
  const cutoff = await episodesCutoff(deps, now);
  const rows = await childrenDue(deps.db, cutoff, now, limit);
  const total = (await currentSchedule(deps.db, now)).find((entry) => entry.kind === EPISODES_KIND)!.due;
  return {
    items: rows.map((row) => ({
      childId: row.child_id,
      references: row.references,
      episodes: row.episodes,
      lastClosedAt: row.last_closed_at.toISOString(),
    })),
    total,
    cutoff: cutoff.toISOString(),
  };
}

function checkKeepUntil(keepUntil: string, now: Date): void {
  const today = now.toISOString().slice(0, 10);
  const latest = new Date(now);
  latest.setUTCFullYear(latest.getUTCFullYear() + MAX_KEEP_YEARS);
  if (keepUntil <= today) throw invalid('/keepUntil', 'Keep the record until a date after today.');
  if (keepUntil > latest.toISOString().slice(0, 10)) {
    throw invalid('/keepUntil', `Review again within ${MAX_KEEP_YEARS} years.`, { code: 'too-late', limit: MAX_KEEP_YEARS });
  }
}

export async function decideReview(deps: Deps, actor: Actor, childId: string, decision: ReviewDecision): Promise<Record<string, number>> {
  const now = deps.clock();
  const kept = await keptRecordIds(deps.db, EPISODES_KIND, now.toISOString().slice(0, 10));
  if (kept.includes(childId) || !(await childDueForReview(deps.db, childId, await episodesCutoff(deps, now)))) {
    throw conflict('That child’s record is not due for review.');
  }
  if (decision.decision === 'dispose') {
    const counts = await erasePerson(deps, actor, { person: { kind: 'child', childId }, ground: 'retention_review' });
    await forgetDecision(deps.db, EPISODES_KIND, childId);
    return counts;
  }
  checkKeepUntil(decision.keepUntil, now);
  await deps.db.transaction(async (tx) => {
    await saveKeepDecision(
      tx,
      { kind: EPISODES_KIND, recordId: childId, keepUntil: decision.keepUntil, ground: decision.ground, userId: actor.userId },
      now,
    );
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'retention.kept',
        subjectType: 'child',
        subjectId: childId,
        details: { ground: decision.ground, keepUntil: decision.keepUntil },
      },
      now,
    );
  });
  return {};
}
