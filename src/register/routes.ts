// The national register for police forces and the national centre: a child searched for by name across every
// force, script and spelling (search.ts); the children a new child may duplicate (duplicates.ts); and merging a
// child recorded twice, reversibly (merges.ts).
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { reasonGiven } from '../cases/disclosure.ts';
import type { CaseChanged } from '../cases/routes.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { checkLikelyDuplicates } from './duplicates.ts';
import { mergeChild, mergesOfChildFor, undoMerge } from './merges.ts';
import {
  ChildParams,
  LikelyDuplicatesAnswer,
  LikelyDuplicatesRequest,
  MergeList,
  MergeParams,
  MergeRequest,
  MergeView,
  RegisterSearchAnswer,
  RegisterSearchQuery,
  UndoMergeRequest,
} from './schemas.ts';
import { searchRegister } from './search.ts';

/** `caseChanged` re-matches each episode a merge or its undo moved: it now belongs to a child described otherwise. */
export function registerRegisterRoutes(app: TypedApp, deps: AppDeps, caseChanged: CaseChanged = () => Promise.resolve()): void {
  const { db, clock } = deps;
  app.get(
    '/api/v1/register/children',
    {
      config: { access: 'register:search' },
      schema: {
        tags: ['register'],
        summary: 'Search the national register of missing children by name, across forces, scripts and spellings',
        description:
          'Results are ranked, each with why its name matched. A case marked sensitive takes part only when the request says why (X-Access-Reason header). The case and its photo are linked only where you already reach the case; otherwise contact the owning force.',
        querystring: RegisterSearchQuery,
        response: { 200: RegisterSearchAnswer },
      },
    },
    async (request) => ({ items: await searchRegister(db, actorOf(request), request.query, reasonGiven(request), clock()) }),
  );

  app.post(
    '/api/v1/register/likely-duplicates',
    {
      config: { access: 'register:search' },
      schema: {
        tags: ['register'],
        summary: 'Children already recorded that a new child may be, as the officer types the new child’s details',
        description:
          'Ranked by name (across scripts and spellings), date of birth and sex, each with the reasons. Shows what the register search shows, under the same rules (sensitive cases only with X-Access-Reason); childId only where you reach an episode of the child, to record a new episode of it. Audited with the children shown, never the details typed.',
        body: LikelyDuplicatesRequest,
        response: { 200: LikelyDuplicatesAnswer },
      },
    },
    async (request) => ({ items: await checkLikelyDuplicates(db, actorOf(request), request.body, reasonGiven(request), clock()) }),
  );

  app.post(
    '/api/v1/register/children/:childId/merge',
    {
      config: { access: 'register:merge' },
      schema: {
        tags: ['register'],
        summary: 'Merge a child recorded twice into the other record (reversible)',
        description:
          'Moves this child’s episodes and photos to intoChildId and marks this child merged; you must reach every episode of both. Refused while an episode to move has a live alert.',
        params: ChildParams,
        body: MergeRequest,
        response: { 201: MergeView },
      },
    },
    async (request, reply) => {
      const merge = await mergeChild(deps, actorOf(request), request.params.childId, request.body);
      for (const caseId of merge.caseIds) await caseChanged(caseId, request.log);
      return reply.status(201).send(merge);
    },
  );

  app.get(
    '/api/v1/register/children/:childId/merges',
    {
      config: { access: 'case:read' },
      schema: {
        tags: ['register'],
        summary: 'The merges a child took part in, either side, newest first, with any undo (audited)',
        params: ChildParams,
        response: { 200: MergeList },
      },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return { items: await mergesOfChildFor(deps, actorOf(request), request.params.childId) };
    },
  );

  app.post(
    '/api/v1/register/merges/:mergeId/undo',
    {
      config: { access: 'register:merge' },
      schema: {
        tags: ['register'],
        summary: 'Undo a merge: move back exactly what it moved',
        description: 'Refused (409, moved-again) if any case or photo it moved has been moved again since.',
        params: MergeParams,
        body: UndoMergeRequest,
        response: { 200: MergeView },
      },
    },
    async (request) => {
      const merge = await undoMerge(deps, actorOf(request), request.params.mergeId, request.body.reason);
      for (const caseId of merge.caseIds) await caseChanged(caseId, request.log);
      return merge;
    },
  );
}
