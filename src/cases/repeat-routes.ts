// The repeat-missing list, and what a new episode of a known child starts from (the last episode's answers).
import type { AppDeps } from '../app-deps.ts';
import { actorOf, repeatReach } from '../auth/access.ts';
import { auditActor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { notFound } from '../http/problem.ts';
import { REPEAT_DAYS, REPEAT_EPISODES } from '../profiles/repeats.ts';
import { reasonGiven } from './disclosure.ts';
import { ChildParams, NextEpisodeStart, RepeatMissingList } from './repeat-schemas.ts';
import { episodesInRepeatWindow, lastEpisodeAnswers, repeatMissingChildren } from './repeats.ts';
import { RISK_QUESTIONS, suggestRiskLevel } from './risk.ts';

const QUESTION_TEXT = new Map(RISK_QUESTIONS.map((q) => [q.id, q.text]));

export function registerRepeatRoutes(app: TypedApp, { db, clock }: AppDeps): void {
  app.get(
    '/api/v1/repeat-missing',
    {
      config: { access: 'repeat:read' },
      schema: {
        tags: ['cases'],
        summary: 'Children missing three or more times in 90 days, in your areas: the agenda of the joint meetings',
        description: 'A child with a sensitive episode is listed without the name unless X-Access-Reason comes.',
        response: { 200: RepeatMissingList },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const reach = repeatReach(actor);
      const reason = reasonGiven(request);
      const now = clock();
      const rows = await db.transaction(async (tx) => {
        const found = await repeatMissingChildren(tx, reach, now);
        await appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: 'repeat.listed',
            subjectType: 'repeat_list',
            reason,
            details: { childIds: found.map((row) => row.child_id) },
          },
          now,
        );
        return found;
      });
      reply.header('Cache-Control', 'no-store');
      return {
        windowDays: REPEAT_DAYS,
        threshold: REPEAT_EPISODES,
        items: rows.map((row) => ({
          childId: row.child_id,
          childName: row.any_sensitive && reason === null ? null : `${row.given_names} ${row.family_name}`.trim(),
          episodesIn90Days: row.episodes,
          lastEpisode: {
            caseId: row.last_case_id,
            reference: row.last_reference,
            lastSeenAt: row.last_seen_at.toISOString(),
            status: row.last_status,
            area: { code: row.last_jurisdiction_code, name: row.last_jurisdiction_name },
          },
        })),
      };
    },
  );

  app.get(
    '/api/v1/children/:childId/next-episode',
    {
      config: { access: 'case:create' },
      schema: {
        tags: ['cases'],
        summary: 'What a new episode of a known child starts from: the last episode’s risk answers, to confirm',
        params: ChildParams,
        response: { 200: NextEpisodeStart },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { childId } = request.params;
      const now = clock();
      const start = await db.transaction(async (tx) => {
        const last = await lastEpisodeAnswers(tx, actor, childId);
        if (!last) throw notFound('That child');
        // The new episode counts itself: the episodes of the last 90 days and this one.
        const episodes = (await episodesInRepeatWindow(tx, childId, now)) + 1;
        await appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: 'case.next_episode_started',
            subjectType: 'case',
            subjectId: last.episode.id,
            details: { childId, answers: last.answers.length },
          },
          now,
        );
        return { ...last, episodes };
      });
      reply.header('Cache-Control', 'no-store');
      return {
        childId,
        lastEpisode: { caseId: start.episode.id, reference: start.episode.reference, lastSeenAt: start.episode.last_seen_at.toISOString() },
        answers: start.answers.map((a) => ({
          question: a.question,
          questionText: QUESTION_TEXT.get(a.question) ?? a.question,
          answer: a.answer,
          detail: a.detail,
          source: a.source,
        })),
        episodesIn90Days: start.episodes,
        suggestedLevel: suggestRiskLevel(start.answers, start.episodes),
      };
    },
  );
}
