// The staff API for what the public sent back: the queues of one's reach, a submission in full (an
// audited read of personal data), its original attachments, triage (status, notes, reassignment), an
// alert's sightings as GeoJSON for the console map, and high-priority arrivals live over server-sent events.
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { auditActor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { requireReachableAlert } from '../alerts/store.ts';
import { AlertParams } from '../alerts/schemas.ts';
import { forbidden, invalid, notFound, Problem } from '../http/problem.ts';
import { reasonGiven } from '../cases/disclosure.ts';
import { submissionAppeal } from './appeal.ts';
import { createSubmissionHub, type SubmissionHub } from './live.ts';
import { notifyStaff } from '../alerts/notifications.ts';
import {
  jurisdictionCodeOfQueue,
  queueExists,
  queuesInReach,
  queueSummaries,
  reachReason,
  submissionReach,
  type ReachReason,
  type SubmissionReach,
} from './queues.ts';
import {
  attachmentsOf,
  listSubmissions,
  notesOf,
  reachAuditDetails,
  recordTriage,
  refuseStatusChange,
  requireReachableSubmission,
  sightingPointsOfAlert,
  statusChangeAllowed,
  type SubmissionRow,
} from './store.ts';
import { TRIAGE_ROLES } from './intake.ts';
import { DetailView, Kind, ListView, QueuesView, SightingsCollection, Status, TriageView, type NearPlace } from './schemas.ts';
import type { Queryable } from '../db/database.ts';
import { nearestPlace } from '../geo/nearby-places.ts';

const tags = ['submissions'];
const QUEUE_PATTERN = '^(national|jurisdiction:[a-z0-9][a-z0-9_-]{0,62})$';

const SubmissionParams = Type.Object({ id: Type.String({ format: 'uuid' }) });
const AttachmentParams = Type.Object({ id: Type.String({ format: 'uuid' }), attachmentId: Type.String({ format: 'uuid' }) });
const ListQuery = Type.Object(
  {
    queue: Type.Optional(
      Type.String({ pattern: QUEUE_PATTERN, description: '"national" or "jurisdiction:<code>"; all queues within reach when absent' }),
    ),
    status: Type.Optional(Status),
    kind: Type.Optional(Kind),
    minPriority: Type.Optional(
      Type.Number({ minimum: 0, maximum: 100, description: 'Only submissions of at least this priority (70 and above is high)' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })),
    cursor: Type.Optional(Type.String({ maxLength: 400, description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

const TriageRequest = Type.Object(
  {
    note: Type.String({ minLength: 1, maxLength: 4000, description: 'What was done or decided' }),
    status: Type.Optional(Status),
    queue: Type.Optional(Type.String({ pattern: QUEUE_PATTERN, description: 'Reassign to this queue' })),
    expectedUpdatedAt: Type.Optional(
      Type.String({ format: 'date-time', description: 'updatedAt as last read; refused with 409 if it changed since' }),
    ),
  },
  { additionalProperties: false },
);

const iso = (date: Date | null) => (date ? date.toISOString() : null);

async function nearPlaceOf(db: Queryable, point: { lon: number | null; lat: number | null }): Promise<NearPlace | null> {
  if (point.lon === null || point.lat === null) return null;
  const place = await nearestPlace(db, { lon: point.lon, lat: point.lat });
  return place ? { name: place.name, km: Math.round(place.km * 10) / 10 } : null;
}

async function listItem(db: Queryable, row: SubmissionRow, reach: SubmissionReach | ReachReason) {
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    alertId: row.alert_id,
    category: row.category,
    seenAt: iso(row.seen_at),
    receivedAt: row.received_at.toISOString(),
    lon: row.lon,
    lat: row.lat,
    placeText: row.place_text,
    placeUnrecognised: row.lat === null && row.place_text !== null,
    nearPlace: await nearPlaceOf(db, row),
    description: row.description,
    jurisdictionCode: row.jurisdiction_code,
    queue: row.queue,
    priority: row.priority,
    exercise: row.exercise,
    clusterId: row.cluster_id,
    status: row.status,
    hasContact: row.contact_name !== null || row.contact_phone !== null || row.contact_email !== null,
    noScript: row.details.noScript === true,
    attachmentCount: row.attachment_count,
    updatedAt: row.updated_at.toISOString(),
    reach: typeof reach === 'string' ? reach : (reachReason(reach, row) ?? 'queue'),
  };
}

const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };

export function registerTriageRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock } = deps;
  const hub = createSubmissionHub({ db, clock, onError: (error) => app.log.warn({ err: error }, 'submission events failed') });
  app.addHook('preClose', (done) => {
    hub.close();
    done();
  });
  registerQueueRoutes(app, deps, hub);
  registerSubmissionReadRoutes(app, deps);
  registerTriageActionRoute(app, deps);
  registerSightingMapRoute(app, deps);
}

/** The queues within reach: their submissions, their counts, and high-priority arrivals live. */
function registerQueueRoutes(app: TypedApp, { db }: AppDeps, hub: SubmissionHub): void {
  app.get(
    '/api/v1/submissions',
    {
      config: { access: 'submission:read' },
      schema: {
        tags,
        summary: 'Sightings and reports in the queues within reach, most urgent first (no contact details)',
        querystring: ListQuery,
        response: { 200: ListView },
      },
    },
    async (request) => {
      const query = request.query;
      const reach = await submissionReach(db, actorOf(request));
      const page = await listSubmissions(db, reach, { ...query, limit: query.limit ?? 50 });
      return { items: await Promise.all(page.items.map((row) => listItem(db, row, reach))), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/api/v1/submissions/queues',
    {
      config: { access: 'submission:read' },
      schema: {
        tags,
        summary: 'The queues within reach, with how many submissions are new and still open in each (no personal data)',
        response: { 200: QueuesView },
      },
    },
    async (request) => ({ items: await queueSummaries(db, await queuesInReach(db, actorOf(request))) }),
  );

  app.get(
    '/api/v1/submissions/events',
    {
      config: { access: 'submission:read' },
      schema: { tags, summary: 'New high-priority submissions within reach, live: server-sent events named "submission"' },
    },
    async (request, reply) => {
      const reach = await queuesInReach(db, actorOf(request));
      reply.hijack();
      await hub.connect(reach, reply.raw);
    },
  );
}

/** One submission in full and its original attachments: audited reads of personal data. */
function registerSubmissionReadRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock, media } = deps;
  app.get(
    '/api/v1/submissions/:id',
    {
      config: { access: 'submission:read' },
      schema: {
        tags,
        summary: 'One submission in full, with contact details, attachments and notes (the read is audited)',
        params: SubmissionParams,
        response: { 200: DetailView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { id } = request.params;
      const row = await requireReachableSubmission(db, await submissionReach(db, actor), id);
      const reason = reasonGiven(request);
      const [attachments, notes, about] = await Promise.all([
        attachmentsOf(db, id),
        notesOf(db, id),
        submissionAppeal(db, deps.config.publicUrl, actor, row.alert_id, reason, clock()),
      ]);
      const disclosed = (['contact_name', 'contact_phone', 'contact_email'] as const).filter((field) => row[field] !== null);
      await appendAudit(
        db,
        {
          ...auditActor(actor),
          action: 'submission.read',
          subjectType: 'submission',
          subjectId: id,
          // A sensitive case's child named with the sighting is disclosed as opening the case is: with the reason.
          ...(about.appeal && !about.appeal.identityWithheld && reason !== null ? { reason } : {}),
          details: {
            contactFields: disclosed,
            attachments: attachments.length,
            ...reachAuditDetails(row.reach),
            ...(about.audit ? { appeal: about.audit } : {}),
          },
        },
        clock(),
      );
      reply.header('Cache-Control', 'no-store');
      return {
        ...(await listItem(db, row, row.reach)),
        appeal: about.appeal,
        details: row.details,
        contact: { name: row.contact_name, phone: row.contact_phone, email: row.contact_email },
        attachments: attachments.map((a) => ({
          id: a.id,
          contentType: a.content_type,
          bytes: a.bytes,
          sha256: a.sha256,
          createdAt: a.created_at.toISOString(),
        })),
        notes: notes.map((n) => ({
          id: n.id,
          by: n.user_name,
          status: n.status,
          queue: n.queue,
          note: n.note,
          createdAt: n.created_at.toISOString(),
        })),
      };
    },
  );

  app.get(
    '/api/v1/submissions/:id/attachments/:attachmentId',
    {
      config: { access: 'submission:read' },
      schema: {
        tags,
        summary: 'The original file as sent (metadata intact), as a download; the read is audited',
        params: AttachmentParams,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { id, attachmentId } = request.params;
      const row = await requireReachableSubmission(db, await submissionReach(db, actor), id);
      const attachment = (await attachmentsOf(db, id)).find((a) => a.id === attachmentId);
      const stored = attachment ? await media.get(attachment.media_key) : undefined;
      if (!attachment || !stored) throw notFound('That attachment');
      await appendAudit(
        db,
        {
          ...auditActor(actor),
          action: 'submission.attachment.read',
          subjectType: 'submission',
          subjectId: id,
          details: { attachmentId, sha256: attachment.sha256, ...reachAuditDetails(row.reach) },
        },
        clock(),
      );
      const extension = EXTENSIONS[attachment.content_type] ?? 'bin';
      return reply
        .header('Content-Type', attachment.content_type)
        .header(
          'Content-Disposition',
          `attachment; filename="${row.reference.replace(/[^A-Za-z0-9-]/g, '_')}-${attachment.id.slice(0, 8)}.${extension}"`,
        )
        .header('Cache-Control', 'no-store')
        .header('X-Content-Type-Options', 'nosniff')
        .header('Content-Security-Policy', "default-src 'none'; sandbox")
        .send(stored.bytes);
    },
  );
}

/** Working a submission: a note, a new status, or passing it to another queue. */
function registerTriageActionRoute(app: TypedApp, { db, clock }: AppDeps): void {
  app.post(
    '/api/v1/submissions/:id/triage',
    {
      config: { access: 'submission:triage' },
      schema: {
        tags,
        summary: 'Add a note, change status, or reassign to another queue (audited)',
        params: SubmissionParams,
        body: TriageRequest,
        response: { 200: TriageView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { id } = request.params;
      const body = request.body;
      const reach = await submissionReach(db, actor);
      const now = clock();
      return db.transaction(async (tx) => {
        const row = await requireReachableSubmission(tx, reach, id, true);
        if (body.expectedUpdatedAt !== undefined && new Date(body.expectedUpdatedAt).getTime() !== row.updated_at.getTime()) {
          throw new Problem(
            409,
            'stale',
            'Changed since you read it',
            'Someone else worked this submission since you read it; read it again.',
          );
        }
        const status = body.status ?? row.status;
        if (status !== row.status && !statusChangeAllowed(row.status, status)) refuseStatusChange(row.status, status);
        const queue = body.queue ?? row.queue;
        // The force where a sighting was seen works it beside the appeal's force; passing it on is the owner's call.
        if (queue !== row.queue && row.reach !== 'queue') {
          throw forbidden(
            'Only the force whose queue holds this sighting can pass it to another queue; add a note or change its status instead.',
          );
        }
        if (queue !== row.queue && !(await queueExists(tx, queue))) throw invalid('/queue', `there is no queue "${queue}"`);
        await recordTriage(
          tx,
          { submissionId: id, userId: actor.userId, note: body.note, status, queue, previous: { status: row.status, queue: row.queue } },
          now,
        );
        if (queue !== row.queue) {
          await notifyStaff(
            tx,
            {
              jurisdiction: { code: jurisdictionCodeOfQueue(queue) ?? null },
              roles: TRIAGE_ROLES,
              kind: 'submission_reassigned',
              subjectType: 'submission',
              subjectId: id,
              message: `Submission ${row.reference} was passed to your queue.`,
            },
            now,
          );
        }
        await appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: queue !== row.queue ? 'submission.reassign' : 'submission.triage',
            subjectType: 'submission',
            subjectId: id,
            details: { fromStatus: row.status, toStatus: status, fromQueue: row.queue, toQueue: queue, ...reachAuditDetails(row.reach) },
          },
          now,
        );
        return { id, status, queue, updatedAt: now.toISOString() };
      });
    },
  );
}

/** An alert's sightings as GeoJSON for the console's map. */
function registerSightingMapRoute(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/alerts/:alertId/sightings.geojson',
    {
      config: { access: 'submission:read' },
      schema: {
        tags,
        summary: "The alert's sightings with a point, as GeoJSON, with times for a map's time slider",
        params: AlertParams,
        response: { 200: SightingsCollection },
      },
    },
    async (request, reply) => {
      const { alertId } = request.params;
      const actor = actorOf(request);
      await requireReachableAlert(db, actor, alertId);
      // Only sightings in queues the officer can work: one passed to another force is theirs now, and its
      // detail would answer 404, so the map does not show it either.
      const reach = await queuesInReach(db, actor);
      const rows = await sightingPointsOfAlert(db, alertId, reach);
      reply.header('Content-Type', 'application/geo+json; charset=utf-8').header('Cache-Control', 'no-store');
      return {
        type: 'FeatureCollection' as const,
        features: await Promise.all(
          rows.map(async (row) => ({
            type: 'Feature' as const,
            id: row.id,
            geometry: { type: 'Point' as const, coordinates: [row.lon, row.lat] as [number, number] },
            properties: {
              id: row.id,
              reference: row.reference,
              seenAt: iso(row.seen_at),
              receivedAt: row.received_at.toISOString(),
              priority: row.priority,
              exercise: row.exercise,
              status: row.status,
              clusterId: row.cluster_id,
              nearPlace: await nearPlaceOf(db, row),
            },
          })),
        ),
      };
    },
  );
}
