// The staff API of a long-term appeal's kit re-issue: its schedule and every issue so far, starting (or
// changing) the schedule, stopping it. Reach is the appeal's case's, as for the appeal itself.
import { Type, type Static } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { AppealParams } from '../appeals/schemas.ts';
import { actorOf } from '../auth/access.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { KIT_REISSUE_DEFAULTS, KIT_REISSUE_LIMITS, kitReissueView, setKitReissue, stopKitReissue } from './reissue.ts';

const TAGS = ['long-term appeals'];
const Nullable = <T extends ReturnType<typeof Type.String>>(schema: T) => Type.Union([schema, Type.Null()]);

export const KitReissueRequest = Type.Object(
  {
    /** Minutes between issues: 30 unless given. */
    everyMinutes: Type.Optional(Type.Integer({ minimum: KIT_REISSUE_LIMITS.minEveryMinutes, maximum: KIT_REISSUE_LIMITS.maxEveryMinutes })),
    /** For how long from now: 24 hours unless given. */
    forHours: Type.Optional(Type.Integer({ minimum: 1, maximum: KIT_REISSUE_LIMITS.maxForHours })),
  },
  { additionalProperties: false },
);
export type KitReissueRequest = Static<typeof KitReissueRequest>;

export const KitReissueView = Type.Object({
  schedule: Type.Union([
    Type.Object({
      everyMinutes: Type.Integer(),
      untilAt: Type.String({ format: 'date-time' }),
      nextAt: Nullable(Type.String({ format: 'date-time' })),
      issuesDone: Type.Integer(),
      stoppedAt: Nullable(Type.String({ format: 'date-time' })),
    }),
    Type.Null(),
  ]),
  issues: Type.Array(
    Type.Object({
      event: Type.Union([Type.Literal('kit'), Type.Literal('withdrawn')]),
      issue: Type.Integer(),
      queuedAt: Type.String({ format: 'date-time' }),
      partners: Type.Integer(),
      delivered: Type.Integer(),
      failed: Type.Integer(),
    }),
  ),
});

export function registerKitReissueRoutes(app: TypedApp, deps: AppDeps, onQueued: () => void = () => undefined): void {
  const path = '/api/v1/long-term-appeals/:appealId/kit-reissue';
  app.get(
    path,
    {
      config: { access: 'appeal:read' },
      schema: {
        tags: TAGS,
        summary: "The schedule that sends the appeal's social media kit to partners' webhooks, and each issue so far",
        params: AppealParams,
        response: { 200: KitReissueView },
      },
    },
    async (request) => kitReissueView(deps, actorOf(request), request.params.appealId),
  );
  app.put(
    path,
    {
      config: { access: 'appeal:publish' },
      schema: {
        tags: TAGS,
        summary: "Send the appeal's social media kit to partners' webhooks now and then every 30 minutes for 24 hours (or as given)",
        params: AppealParams,
        body: KitReissueRequest,
        response: { 200: KitReissueView },
      },
    },
    async (request) => {
      const { appealId } = request.params;
      await setKitReissue(deps, actorOf(request), appealId, {
        everyMinutes: request.body.everyMinutes ?? KIT_REISSUE_DEFAULTS.everyMinutes,
        forHours: request.body.forHours ?? KIT_REISSUE_DEFAULTS.forHours,
      });
      onQueued();
      return kitReissueView(deps, actorOf(request), appealId);
    },
  );
  app.delete(
    path,
    {
      config: { access: 'appeal:publish' },
      schema: { tags: TAGS, summary: "Stop sending the appeal's kit to partners", params: AppealParams, response: { 200: KitReissueView } },
    },
    async (request) => {
      const { appealId } = request.params;
      await stopKitReissue(deps, actorOf(request), appealId);
      return kitReissueView(deps, actorOf(request), appealId);
    },
  );
}
