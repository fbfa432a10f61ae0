// Candidate matches between missing episodes and unidentified people or remains: the national queue, the
// candidates of one case or one record, and the reviewer's decisions. Forces read the candidates of their own
// cases and records (`match:read`); the national centre decides (`match:review`). Every list is audited.
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { requireCase } from '../cases/actions.ts';
import { reasonGiven } from '../cases/disclosure.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { requireUnidentified } from '../unidentified/actions.ts';
import { confirmCandidate, dismissCandidate, referCandidate } from './actions.ts';
import {
  CandidateList,
  CandidateListQuery,
  CandidateParams,
  CandidateView,
  CaseCandidatesParams,
  ConfirmRequest,
  DecisionAnswer,
  DismissRequest,
  ReferRequest,
  UnidentifiedCandidatesParams,
} from './schemas.ts';
import { candidatePage, oneCandidate } from './view.ts';
import { notFound } from '../http/problem.ts';

const TAGS = ['matching'];

export function registerMatchingRoutes(app: TypedApp, deps: AppDeps): void {
  registerCandidateLists(app, deps);
  registerDecisions(app, deps);
}

/** The lists: a sensitive case's child is shown only with X-Access-Reason, and what each list showed is audited. */
function registerCandidateLists(app: TypedApp, { db, clock }: AppDeps): void {
  app.get(
    '/api/v1/matching/candidates',
    {
      config: { access: 'match:read' },
      schema: {
        tags: TAGS,
        summary: 'Candidate matches you may see, open first and best first (the national queue for the national centre; audited)',
        querystring: CandidateListQuery,
        response: { 200: CandidateList },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      reply.header('Cache-Control', 'no-store');
      return db.transaction((tx) => candidatePage(tx, actor, request.query, undefined, reasonGiven(request), clock()));
    },
  );

  app.get(
    '/api/v1/matching/candidates/:candidateId',
    {
      config: { access: 'match:read' },
      schema: {
        tags: TAGS,
        summary: 'One candidate match you may see, as the lists show it (for a link to it; audited)',
        params: CandidateParams,
        response: { 200: CandidateView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      reply.header('Cache-Control', 'no-store');
      const found = await db.transaction((tx) => oneCandidate(tx, actor, request.params.candidateId, reasonGiven(request), clock()));
      if (!found) throw notFound('That candidate match');
      return found;
    },
  );

  app.get(
    '/api/v1/matching/cases/:caseId/candidates',
    {
      config: { access: 'match:read' },
      schema: {
        tags: TAGS,
        summary: 'Unidentified people and remains that could be the child of a case, best first (audited)',
        params: CaseCandidatesParams,
        querystring: CandidateListQuery,
        response: { 200: CandidateList },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { caseId } = request.params;
      reply.header('Cache-Control', 'no-store');
      return db.transaction(async (tx) => {
        await requireCase(tx, actor, caseId);
        return candidatePage(tx, actor, request.query, { caseId }, reasonGiven(request), clock());
      });
    },
  );

  app.get(
    '/api/v1/matching/unidentified/:unidentifiedId/candidates',
    {
      config: { access: 'match:read' },
      schema: {
        tags: TAGS,
        summary: 'Missing episodes a person found or remains could be, best first (audited)',
        params: UnidentifiedCandidatesParams,
        querystring: CandidateListQuery,
        response: { 200: CandidateList },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { unidentifiedId } = request.params;
      reply.header('Cache-Control', 'no-store');
      return db.transaction(async (tx) => {
        await requireUnidentified(tx, actor, unidentifiedId);
        return candidatePage(tx, actor, request.query, { unidentifiedId }, reasonGiven(request), clock());
      });
    },
  );
}

/** Dismiss with a reason, refer for dental or DNA comparison, or confirm the identification. */
function registerDecisions(app: TypedApp, deps: AppDeps): void {
  app.post(
    '/api/v1/matching/candidates/:candidateId/dismiss',
    {
      config: { access: 'match:review' },
      schema: {
        tags: TAGS,
        summary: 'Dismiss a candidate match, saying why (it stays dismissed unless a feature that matched changes)',
        params: CandidateParams,
        body: DismissRequest,
        response: { 200: DecisionAnswer },
      },
    },
    async (request) => dismissCandidate(deps, actorOf(request), request.params.candidateId, request.body),
  );

  app.post(
    '/api/v1/matching/candidates/:candidateId/refer',
    {
      config: { access: 'match:review' },
      schema: {
        tags: TAGS,
        summary: 'Refer a candidate match for dental or DNA comparison',
        params: CandidateParams,
        body: ReferRequest,
        response: { 200: DecisionAnswer },
      },
    },
    async (request) => referCandidate(deps, actorOf(request), request.params.candidateId, request.body),
  );

  app.post(
    '/api/v1/matching/candidates/:candidateId/confirm',
    {
      config: { access: 'match:review' },
      schema: {
        tags: TAGS,
        summary:
          'Confirm the identification: the record is identified with the case, the case closed (remains: found dead; living: located elsewhere) and its force notified',
        params: CandidateParams,
        body: ConfirmRequest,
        response: { 200: DecisionAnswer },
      },
    },
    async (request) => confirmCandidate(deps, actorOf(request), request.params.candidateId, request.body),
  );
}
