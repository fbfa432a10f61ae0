// The enrolment API for an organisation's webhooks: registration, the list with each one's latest
// delivery, rotating and retiring the signing secret, and removal.
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import { actorOf } from '../auth/access.ts';
import { latestWebhookDeliveries } from '../dispatch/progress.ts';
import { invalid } from '../http/problem.ts';
import { checkWebhookUrl } from './addresses.ts';
import { subscriberAreaNames } from './area-names.ts';
import { nationalCells, resolveAreaRequest } from './areas.ts';
import { languageOf, orNotFound, PERMISSION, tags, type EnrolmentContext } from './route-context.ts';
import { IdParams, NewWebhookRequest, WebhookCreated, WebhookOverlapEnded, WebhookSecret, WebhookView } from './schemas.ts';
import {
  createWebhook,
  deleteWebhook,
  endWebhookSecretOverlap,
  findWebhook,
  listWebhooks,
  rotateWebhookSecret,
  type WebhookRow,
} from '../subscribers/organisation-webhooks.ts';

const webhookView = (row: WebhookRow) => ({
  id: row.id,
  externalRef: row.external_ref,
  name: row.name,
  url: row.url,
  language: row.language,
  exercises: row.include_exercises,
  cells: row.cells,
  previousSecretUntil: row.previous_secret_until?.toISOString() ?? null,
  createdAt: row.created_at.toISOString(),
  updatedAt: row.updated_at.toISOString(),
});

export function registerWebhookRoutes(scope: TypedApp, context: EnrolmentContext): void {
  registerWebhookCreation(scope, context);
  registerWebhookList(scope, context);
  registerWebhookSecrets(scope, context);
  registerWebhookRemoval(scope, context);
}

function registerWebhookCreation(scope: TypedApp, { db, clock, audited }: EnrolmentContext) {
  scope.post(
    '/api/v1/enrolment/webhooks',
    {
      config: { access: PERMISSION },
      schema: {
        tags,
        summary: 'Register a webhook; its signing secret is returned this once',
        body: NewWebhookRequest,
        response: { 201: WebhookCreated },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { body } = request;
      const url = checkWebhookUrl(body.url);
      if (!url.ok) throw invalid('/body/url', `the URL ${url.message}`);
      const language = languageOf(body.language, '/body/language');
      const area = await resolveAreaRequest(db, body.area, '/body/area');
      const cellIds = area.national ? await nationalCells(db) : area.cellIds;
      if (cellIds.length === 0) throw invalid('/body/area', 'no country is set up yet, so a national webhook has no area');
      const created = await audited(
        actor,
        'enrolment.webhook_created',
        (tx) =>
          createWebhook(
            tx,
            actor.organisationId,
            { name: body.name, url: url.value, language, includeExercises: body.exercises ?? false, cellIds },
            clock(),
          ),
        (result) => ({ webhookId: result.id, national: area.national, jurisdictionCodes: area.jurisdictionCodes, cells: cellIds.length }),
      );
      const row = (await findWebhook(db, actor.organisationId, created.id, clock()))!;
      return reply.status(201).send({ ...webhookView(row), secret: created.secret });
    },
  );
}

function registerWebhookList(scope: TypedApp, { db, clock }: EnrolmentContext) {
  scope.get(
    '/api/v1/enrolment/webhooks',
    {
      config: { access: PERMISSION },
      schema: {
        tags,
        summary: "The organisation's webhooks (never their secrets)",
        response: { 200: Type.Object({ items: Type.Array(WebhookView) }) },
      },
    },
    async (request) => {
      const rows = await listWebhooks(db, actorOf(request).organisationId, clock());
      const last = await latestWebhookDeliveries(
        db,
        rows.map((r) => r.id),
      );
      const names = await subscriberAreaNames(
        db,
        rows.map((row) => row.id),
      );
      return {
        items: rows.map((row) => ({ ...webhookView(row), areaNames: names.get(row.id) ?? [], lastDelivery: last.get(row.id) ?? null })),
      };
    },
  );
}

function registerWebhookSecrets(scope: TypedApp, { db, clock, audited }: EnrolmentContext) {
  scope.post(
    '/api/v1/enrolment/webhooks/:id/rotate-secret',
    {
      config: { access: PERMISSION },
      schema: {
        tags,
        summary: 'Replace a webhook’s signing secret; the new one is returned this once',
        description:
          'For 24 hours (previousSecretUntil) every request is signed with both the new and the previous secret, space-separated in webhook-signature as Standard Webhooks allows, so deliveries go on while the partner installs the new one. End the overlap sooner with end-secret-overlap.',
        params: IdParams,
        response: { 200: WebhookSecret },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params;
      const now = clock();
      const secret = await audited(
        actor,
        'enrolment.webhook_secret_rotated',
        (tx) => orNotFound(rotateWebhookSecret(tx, actor.organisationId, id, now), 'That webhook'),
        () => ({
          webhookId: id,
        }),
      );
      const row = await findWebhook(db, actor.organisationId, id, now);
      return { id, secret, previousSecretUntil: row?.previous_secret_until?.toISOString() ?? null };
    },
  );

  scope.post(
    '/api/v1/enrolment/webhooks/:id/end-secret-overlap',
    {
      config: { access: PERMISSION },
      schema: {
        tags,
        summary: 'Stop signing with the previous secret now, once the partner uses the new one',
        params: IdParams,
        response: { 200: WebhookOverlapEnded },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params;
      const result = await audited(
        actor,
        'enrolment.webhook_secret_overlap_ended',
        (tx) => orNotFound(endWebhookSecretOverlap(tx, actor.organisationId, id, clock()), 'That webhook'),
        (r) => ({
          webhookId: id,
          ended: r.ended,
        }),
      );
      return { id, ended: result.ended };
    },
  );
}

function registerWebhookRemoval(scope: TypedApp, { audited }: EnrolmentContext) {
  scope.delete(
    '/api/v1/enrolment/webhooks/:id',
    { config: { access: PERMISSION }, schema: { tags, summary: 'Remove a webhook', params: IdParams } },
    async (request, reply) => {
      const actor = actorOf(request);
      const { id } = request.params;
      await audited(
        actor,
        'enrolment.webhook_deleted',
        (tx) => orNotFound(deleteWebhook(tx, actor.organisationId, id), 'That webhook'),
        () => ({ webhookId: id }),
      );
      return reply.status(204).send();
    },
  );
}
