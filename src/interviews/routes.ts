// Return home interviews over HTTP: the list (open, overdue, all) for the local authority and the police, one
// interview in the reader's view, the local authority's write-up, and the police summary on a case page.
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { CaseParams } from '../cases/schemas.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { interviewsOf, openInterview, updateInterview } from './actions.ts';
import { caseInterviews } from './next-episode.ts';
import { CaseInterviews, InterviewList, InterviewListQuery, InterviewParams, InterviewUpdate, InterviewView } from './schemas.ts';

const VIEWS =
  'The local authority asked for the interview sees it whole; the police see the interviews of their cases without the disclosures and the free-text actions (view "police").';

export function registerInterviewRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock } = deps;
  app.get(
    '/api/v1/return-interviews',
    {
      config: { access: 'interview:read' },
      schema: {
        tags: ['interviews'],
        summary: 'Return home interviews in reach: open (default), overdue (past the 72 hours) or all, the most urgent first',
        description: VIEWS,
        querystring: InterviewListQuery,
        response: { 200: InterviewList },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const list = await db.transaction((tx) => interviewsOf(tx, actor, request.query.state ?? 'open', clock()));
      reply.header('Cache-Control', 'no-store');
      return list;
    },
  );

  app.get(
    '/api/v1/return-interviews/:interviewId',
    {
      config: { access: 'interview:read' },
      schema: {
        tags: ['interviews'],
        summary: 'One return home interview',
        description: VIEWS,
        params: InterviewParams,
        response: { 200: InterviewView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const view = await db.transaction((tx) => openInterview(tx, actor, request.params.interviewId, clock()));
      reply.header('Cache-Control', 'no-store');
      return view;
    },
  );

  app.patch(
    '/api/v1/return-interviews/:interviewId',
    {
      config: { access: 'interview:write' },
      schema: {
        tags: ['interviews'],
        summary: 'Record the interview: offered, accepted or declined, held, and what the child said (send the version you read)',
        params: InterviewParams,
        body: InterviewUpdate,
        response: { 200: InterviewView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { interviewId } = request.params;
      await updateInterview(deps, actor, interviewId, request.body);
      return db.transaction((tx) => openInterview(tx, actor, interviewId, clock()));
    },
  );

  app.get(
    '/api/v1/cases/:caseId/return-interviews',
    {
      config: { access: 'case:read' },
      schema: {
        tags: ['interviews'],
        summary: "A case's return interview (police view), the child's previous one, and the risk answers it suggests for this episode",
        params: CaseParams,
        response: { 200: CaseInterviews },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      return db.transaction((tx) => caseInterviews(tx, actor, request.params.caseId, clock()));
    },
  );
}
