// Long-term appeals for officers and the national centre: publish one with consent recorded, read, change,
// add photos, withdraw. The public side (gallery, page, photos) is in src/public-site/.
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { NoContent } from '../http/schema-types.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { addAppealPhoto, changeAppeal, publishAppeal, withdrawAppeal } from './actions.ts';
import {
  AddAppealPhotoRequest,
  AppealList,
  AppealParams,
  AppealView,
  ChangeAppealRequest,
  PublishAppealRequest,
  WithdrawAppealRequest,
} from './schemas.ts';
import { listAppealsForReview, listAppealsOfCase, openAppeal } from './view.ts';

const TAGS = ['long-term appeals'];

export function registerAppealRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock, config } = deps;
  const answer = (request: FastifyRequest, appealId: string) => openAppeal(db, config.publicUrl, actorOf(request), appealId, clock());

  app.post(
    '/api/v1/long-term-appeals',
    {
      config: { access: 'appeal:publish' },
      schema: {
        tags: TAGS,
        summary: 'Publish a long-term appeal for an open case, with the consent recorded and a review date (no expiry)',
        body: PublishAppealRequest,
        response: { 201: AppealView },
      },
    },
    async (request, reply) => {
      const id = await publishAppeal(deps, actorOf(request), request.body);
      return reply.status(201).send(await answer(request, id));
    },
  );

  app.get(
    '/api/v1/long-term-appeals',
    {
      config: { access: 'appeal:read' },
      schema: {
        tags: TAGS,
        summary:
          "A case's long-term appeals, latest first; without caseId, the published appeals within reach, the review due soonest first (the reading is audited)",
        querystring: Type.Object({ caseId: Type.Optional(Type.String({ format: 'uuid' })) }),
        response: { 200: AppealList },
      },
    },
    async (request, reply) => {
      const { caseId } = request.query;
      const items =
        caseId === undefined
          ? await listAppealsForReview(db, config.publicUrl, actorOf(request), clock())
          : await listAppealsOfCase(db, config.publicUrl, actorOf(request), caseId, clock());
      return reply.header('cache-control', 'no-store').send({ items });
    },
  );

  app.get(
    '/api/v1/long-term-appeals/:appealId',
    {
      config: { access: 'appeal:read' },
      schema: { tags: TAGS, summary: 'A long-term appeal (the reading is audited)', params: AppealParams, response: { 200: AppealView } },
    },
    async (request, reply) => reply.header('cache-control', 'no-store').send(await answer(request, request.params.appealId)),
  );

  app.patch(
    '/api/v1/long-term-appeals/:appealId',
    {
      config: { access: 'appeal:publish' },
      schema: {
        tags: TAGS,
        summary: "Change a published appeal's text or its review date (the version read must be the current one)",
        params: AppealParams,
        body: ChangeAppealRequest,
        response: { 200: AppealView },
      },
    },
    async (request) => {
      await changeAppeal(deps, actorOf(request), request.params.appealId, request.body);
      return answer(request, request.params.appealId);
    },
  );

  app.post(
    '/api/v1/long-term-appeals/:appealId/photos',
    {
      config: { access: 'appeal:publish' },
      schema: {
        tags: TAGS,
        summary: "Add one of the child's photos, current or age-progressed, as the appeal's newest",
        params: AppealParams,
        body: AddAppealPhotoRequest,
        response: { 201: AppealView },
      },
    },
    async (request, reply) => {
      await addAppealPhoto(deps, actorOf(request), request.params.appealId, request.body);
      return reply.status(201).send(await answer(request, request.params.appealId));
    },
  );

  app.post(
    '/api/v1/long-term-appeals/:appealId/withdraw',
    {
      config: { access: 'appeal:withdraw' },
      schema: {
        tags: TAGS,
        summary: 'Withdraw the appeal everywhere: the gallery, its photos, and every partner (a tombstone in the PFIF feeds)',
        params: AppealParams,
        body: WithdrawAppealRequest,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await withdrawAppeal(deps, actorOf(request), request.params.appealId, request.body.reason);
      return reply.status(204).send();
    },
  );
}
