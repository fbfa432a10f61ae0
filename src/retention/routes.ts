// The retention schedule, its review queue and run, and subject access and erasure, for the national centre's
// administrators and coordinators. Who may do what: src/auth/roles.ts and nationalCentreOnly (src/auth/access.ts).
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { actorOf, nationalCentreOnly } from '../auth/access.ts';
import { auditActor } from '../auth/actor.ts';
import { notFound } from '../http/problem.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { decideReview, reviewQueue } from './reviews.ts';
import { currentSchedule, runRetention } from './run.ts';
import { ruleOf } from './schedule.ts';
import {
  ChildParams,
  ErasureRequest,
  ErasureResult,
  KindParams,
  PeriodChange,
  PersonQuery,
  ReviewDecision,
  ReviewQueueView,
  RunResultView,
  ScheduleView,
  SubjectExport,
} from './schemas.ts';
import { clearPeriod, savePeriod } from './store.ts';
import { erasePerson, exportPerson } from './subject-access.ts';

async function scheduleView(deps: AppDeps): Promise<ScheduleView> {
  const entries = await currentSchedule(deps.db, deps.clock());
  return {
    items: entries.map((entry) => ({ ...entry, cutoff: entry.cutoff.toISOString(), changedAt: entry.changedAt?.toISOString() ?? null })),
  };
}

function registerScheduleRoutes(app: TypedApp, deps: AppDeps): void {
  app.get(
    '/api/v1/retention/schedule',
    {
      config: { access: 'retention:read' },
      schema: {
        tags: ['retention'],
        summary: 'The retention schedule: per kind of record, its period, source, action and how many records are due',
        response: { 200: ScheduleView },
      },
    },
    async (request) => {
      nationalCentreOnly(actorOf(request), 'retention:read');
      return scheduleView(deps);
    },
  );
  app.put(
    '/api/v1/retention/schedule/:kind',
    {
      config: { access: 'retention:manage' },
      schema: {
        tags: ['retention'],
        summary: 'Set the period of one kind of record (null: back to the documented default). Audited.',
        params: KindParams,
        body: PeriodChange,
        response: { 200: ScheduleView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      nationalCentreOnly(actor, 'retention:manage');
      const { kind } = request.params;
      const rule = ruleOf(kind);
      if (!rule) throw notFound(`The kind of record "${kind}"`);
      const { periodDays } = request.body;
      const now = deps.clock();
      await deps.db.transaction(async (tx) => {
        if (periodDays === null) await clearPeriod(tx, kind);
        else await savePeriod(tx, kind, periodDays, actor.userId, now);
        await appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: 'retention.period_set',
            subjectType: 'retention',
            subjectId: kind,
            details: { kind, periodDays: periodDays ?? rule.defaultDays, isDefault: periodDays === null },
          },
          now,
        );
      });
      return scheduleView(deps);
    },
  );
  app.post(
    '/api/v1/retention/run',
    {
      config: { access: 'retention:manage' },
      schema: {
        tags: ['retention'],
        summary: 'Apply every automatic rule now (it also runs daily at 02:30 UTC); each batch is audited with counts only',
        response: { 200: RunResultView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      nationalCentreOnly(actor, 'retention:manage');
      const results = await runRetention(deps, auditActor(actor));
      return { items: results.map((result) => ({ ...result, cutoff: result.cutoff.toISOString() })) };
    },
  );
}

function registerReviewRoutes(app: TypedApp, deps: AppDeps): void {
  app.get(
    '/api/v1/retention/reviews',
    {
      config: { access: 'retention:read' },
      schema: {
        tags: ['retention'],
        summary: 'Children whose record is due for review: every episode closed, the latest before the period; oldest first',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })) },
          { additionalProperties: false },
        ),
        response: { 200: ReviewQueueView },
      },
    },
    async (request, reply) => {
      nationalCentreOnly(actorOf(request), 'retention:read');
      reply.header('Cache-Control', 'no-store');
      return reviewQueue(deps, request.query.limit ?? 100);
    },
  );
  app.post(
    '/api/v1/retention/reviews/:childId',
    {
      config: { access: 'retention:manage' },
      schema: {
        tags: ['retention'],
        summary: 'Decide a record due for review: keep it until a date on a coded ground, or dispose of it (erased). Audited.',
        params: ChildParams,
        body: ReviewDecision,
        response: { 200: ErasureResult },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      nationalCentreOnly(actor, 'retention:manage');
      return { counts: await decideReview(deps, actor, request.params.childId, request.body) };
    },
  );
}

function registerSubjectRoutes(app: TypedApp, deps: AppDeps): void {
  app.post(
    '/api/v1/subject-access/export',
    {
      config: { access: 'subject:access' },
      schema: {
        tags: ['retention'],
        summary:
          'Everything held about one person (child, reporter or witness, subscriber): a structured file and a readable summary. Audited.',
        description: 'A POST, so that the email address or phone number that finds the person travels in the body, not in a URL.',
        body: PersonQuery,
        response: { 200: SubjectExport },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      nationalCentreOnly(actor, 'subject:access');
      // Everything held about a person: no browser, proxy or shared device may keep a copy of the answer.
      reply.header('Cache-Control', 'no-store');
      return exportPerson(deps, actor, request.body);
    },
  );
  app.post(
    '/api/v1/subject-access/erase',
    {
      config: { access: 'subject:erase' },
      schema: {
        tags: ['retention'],
        summary:
          'Erase what is held about one person where the law allows, with the legal ground and the data protection office’s reference; refused while a child is missing',
        body: ErasureRequest,
        response: { 200: ErasureResult },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      nationalCentreOnly(actor, 'subject:erase');
      return { counts: await erasePerson(deps, actor, request.body) };
    },
  );
}

export function registerRetentionRoutes(app: TypedApp, deps: AppDeps): void {
  registerScheduleRoutes(app, deps);
  registerReviewRoutes(app, deps);
  registerSubjectRoutes(app, deps);
}
