// The staff API for Child Rescue Alerts. Every answer that shows the child (an alert's text names them, its
// photos show them) goes through the sensitive-case rule of src/cases/disclosure.ts.
import type { FastifyRequest } from 'fastify';
import type { TypedApp } from '../http/typed-app.ts';
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { requireCase } from '../cases/actions.ts';
import { reasonGiven, requireReason, showsIdentity } from '../cases/disclosure.ts';
import type { Queryable } from '../db/database.ts';
import { invalid } from '../http/problem.ts';
import { organisationCodeOf } from '../orgs/store.ts';
import { measureSms } from '../channels/sms-text.ts';
import { pendingChangeView } from './change-view.ts';
import { listStaffNotices } from './notifications.ts';
import { createAlertTemplate, listAlertTemplates } from './templates.ts';
import {
  approveAlert,
  approveAlertChange,
  createAlertDraft,
  publishAlertUpdate,
  renewAlert,
  requestAlertChange,
  returnAlert,
  returnAlertChange,
  submitAlert,
  updateAlertDraft,
  withdrawAlert,
} from './lifecycle.ts';
import { appealUrl } from './messages.ts';
import { previewAlert, type AppealPageRenderer } from './preview.ts';
import { publicPhotoPath } from './public-photos.ts';
import {
  AlertAnswer,
  AlertChangeRequest,
  AlertDraftPatch,
  AlertListQuery,
  AlertParams,
  AlertPreviewRequest,
  AlertPreviewView,
  AlertSummary,
  AlertUpdateRequest,
  AlertView,
  ApproveRequest,
  ChangeApproveRequest,
  ChangeReturnRequest,
  CRITERIA_LABELS,
  DecisionRequest,
  MAX_SMS_SEGMENTS,
  NewAlertRequest,
  PendingChangeSummary,
  RenewRequest,
  TemplateRequest,
  TemplateView,
  WithdrawRequest,
  type CriteriaInput,
  type WithheldAlertView,
} from './schemas.ts';
import {
  alertCellRangeCount,
  alertContents,
  alertMessages,
  alertPhotos,
  findAlert,
  findPendingChange,
  listAlerts,
  pendingChangesInReach,
  requireReachableAlert,
  type AlertRow,
} from './store.ts';

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export async function alertView(db: Queryable, publicUrl: string, alert: AlertRow): Promise<AlertView> {
  const contents = await alertContents(db, alert.id);
  const photos = await alertPhotos(db, alert.id);
  const messages = await alertMessages(db, alert.id);
  const cellRanges = await alertCellRangeCount(db, alert.id);
  const pending = alert.state === 'active' ? await findPendingChange(db, alert.id) : undefined;
  return {
    id: alert.id,
    slug: alert.slug,
    publicUrl: appealUrl(publicUrl, alert.slug),
    caseId: alert.case_id,
    caseReference: alert.case_reference,
    owningOrganisationCode: alert.owning_organisation_code,
    state: alert.state,
    capStatus: alert.cap_status,
    criteria: Object.fromEntries(
      (Object.keys(CRITERIA_LABELS) as (keyof CriteriaInput)[]).map((key) => [
        key,
        { met: alert.criteria[key]?.met ?? false, reason: alert.criteria[key]?.reason ?? '', label: CRITERIA_LABELS[key] },
      ]),
    ),
    area: {
      parts: alert.area.parts,
      jurisdictionCodes: alert.area.jurisdictionCodes,
      national: alert.area.national,
      description: alert.area_description,
      cellRanges,
    },
    lastSeen: { at: alert.last_seen_at.toISOString(), lon: alert.last_seen_lon, lat: alert.last_seen_lat, place: alert.last_seen_place },
    vehicle: alert.vehicle,
    suspect: alert.suspect,
    contents: contents.map((content) => {
      const sms = measureSms(content.smsText);
      return {
        ...content,
        sms: { encoding: sms.encoding, units: sms.units, segments: sms.segments, fits: sms.segments <= MAX_SMS_SEGMENTS },
        broadcastLength: [...content.broadcastText].length,
      };
    }),
    photos: photos.map((p) => ({
      photoId: p.photo_id,
      position: p.position,
      staffUrl: `/api/v1/cases/${alert.case_id}/photos/${p.photo_id}/page`,
      publicUrl: p.public_key ? `${publicUrl}${publicPhotoPath(alert.slug, p.position)}` : null,
    })),
    requestedBy: alert.requested_by_email,
    requestedAt: iso(alert.requested_at),
    approvedBy: alert.approved_by_email,
    approvedAt: iso(alert.approved_at),
    decisionNote: alert.decision_note,
    withdrawnAt: iso(alert.withdrawn_at),
    withdrawalReason: alert.withdrawal_reason,
    expiresAt: iso(alert.expires_at),
    createdAt: alert.created_at.toISOString(),
    updatedAt: alert.updated_at.toISOString(),
    version: alert.version,
    pendingChange: pending ? await pendingChangeView(db, alert, pending) : null,
    messages: messages.map((m) => ({
      identifier: m.identifier,
      msgType: m.msg_type,
      sent: m.sent.toISOString(),
      note: m.note,
      capUrl: `${publicUrl}/cap/${encodeURIComponent(m.identifier)}.xml`,
    })),
    identityWithheld: false,
  };
}

function withheldAlertView(alert: AlertRow): WithheldAlertView {
  return {
    id: alert.id,
    caseId: alert.case_id,
    caseReference: alert.case_reference,
    owningOrganisationCode: alert.owning_organisation_code,
    state: alert.state,
    capStatus: alert.cap_status,
    requestedBy: alert.requested_by_email,
    requestedAt: iso(alert.requested_at),
    approvedBy: alert.approved_by_email,
    approvedAt: iso(alert.approved_at),
    withdrawnAt: iso(alert.withdrawn_at),
    withdrawalReason: alert.withdrawal_reason,
    expiresAt: iso(alert.expires_at),
    createdAt: alert.created_at.toISOString(),
    updatedAt: alert.updated_at.toISOString(),
    version: alert.version,
    identityWithheld: true,
  };
}

/** The alert as a change answers it: whole when the rule allows (audited with the reason for a sensitive case), else without the child. */
async function alertAnswer(
  tx: Queryable,
  publicUrl: string,
  actor: Actor,
  alert: AlertRow,
  reason: string | null,
  now: Date,
): Promise<AlertAnswer> {
  if (!showsIdentity({ sensitive: alert.case_sensitive }, reason)) return withheldAlertView(alert);
  if (alert.case_sensitive)
    await appendAudit(tx, { ...auditActor(actor), action: 'alert.viewed', subjectType: 'alert', subjectId: alert.id, reason }, now);
  return alertView(tx, publicUrl, alert);
}

/**
 * The console's approver inbox looks again every 30 seconds: the same list, shown to the same person with the
 * same reason, is recorded once in this window; a list that shows other alerts is recorded at once.
 */
const LIST_AUDIT_WINDOW_MS = 15 * 60_000;

const tags = ['alerts'];

/** The alert after a change, as the rule allows this request to see it. */
const alertAfterChange = ({ db, config, clock }: AppDeps, request: FastifyRequest, actor: Actor, alert: AlertRow) =>
  db.transaction((tx) => alertAnswer(tx, config.publicUrl, actor, alert, reasonGiven(request), clock()));

/**
 * What alerts need of the public site, handed in by src/server.ts so that alerts do not import it: its cache
 * of appeal pages, told when an appeal changes, and its appeal page renderer, for previews.
 */
export interface PublicAppealPages {
  forget(slug: string): void;
  renderAppealPage: AppealPageRenderer;
}

export function registerAlertRoutes(app: TypedApp, deps: AppDeps, appeals: PublicAppealPages): void {
  registerAlertListRoute(app, deps);
  registerAlertDraftRoutes(app, { ...deps, renderAppealPage: appeals.renderAppealPage });
  registerAlertTransitionRoutes(app, deps, appeals);
  registerPendingChangeListRoute(app, deps);
  registerAlertTemplateRoutes(app, deps);
  registerStaffNoticeRoute(app, deps);
}

/** The alerts of the cases one reaches, with which the list showed (and which without the child) audited. */
function registerAlertListRoute(app: TypedApp, deps: AppDeps): void {
  const { db } = deps;
  const listsAudited = new Map<string, number>();
  app.get(
    '/api/v1/alerts',
    {
      config: { access: 'alert:read' },
      schema: {
        tags,
        summary: 'Alerts of the cases you reach, newest first, exercises and tests after real alerts',
        querystring: AlertListQuery,
        response: { 200: Type.Object({ items: Type.Array(AlertSummary) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query;
      const reason = reasonGiven(request);
      const rows = await listAlerts(db, actor, query);
      const withheld = new Set(rows.filter((a) => !showsIdentity({ sensitive: a.case_sensitive }, reason)).map((a) => a.id));
      // Which alerts (and so which cases) the list showed, and which without the child.
      const details = {
        filters: query,
        alertIds: rows.map((a) => a.id),
        caseIds: [...new Set(rows.map((a) => a.case_id))],
        identityWithheld: [...withheld],
      };
      const now = deps.clock();
      const key = JSON.stringify([actor.userId, reason, details]);
      const last = listsAudited.get(key);
      if (last === undefined || now.getTime() - last >= LIST_AUDIT_WINDOW_MS) {
        await db.transaction((tx) =>
          appendAudit(tx, { ...auditActor(actor), action: 'alert.listed', subjectType: 'alert_list', reason, details }, now),
        );
        if (listsAudited.size > 10_000) listsAudited.clear();
        listsAudited.set(key, now.getTime());
      }
      return {
        items: rows.map((a) => ({
          id: a.id,
          slug: a.slug,
          caseId: a.case_id,
          caseReference: a.case_reference,
          state: a.state,
          capStatus: a.cap_status,
          headline: withheld.has(a.id) ? null : (a.headline ?? ''),
          owningOrganisationCode: a.owning_organisation_code,
          requestedBy: a.requested_by_email,
          requestedAt: iso(a.requested_at),
          expiresAt: iso(a.expires_at),
          updatedAt: a.updated_at.toISOString(),
          sensitive: a.case_sensitive,
          identityWithheld: withheld.has(a.id),
        })),
      };
    },
  );
}

/** Starting a draft from a case, reading an alert (audited), editing the draft and previewing what would go out. */
function registerAlertDraftRoutes(app: TypedApp, deps: AppDeps & { renderAppealPage: AppealPageRenderer }): void {
  const { db, config } = deps;
  const withView = { 200: AlertView };
  const withAnswer = { 200: AlertAnswer };
  app.post(
    '/api/v1/alerts',
    {
      config: { access: 'alert:request' },
      schema: {
        tags,
        summary: 'Start a Child Rescue Alert for a case (a draft, pre-filled from the case)',
        body: NewAlertRequest,
        response: { 201: AlertAnswer },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      // The draft is filled from the case: a sensitive case asks for the reason first, as opening it would.
      requireReason(request, await requireCase(db, actor, body.caseId));
      const alertId = await createAlertDraft(deps, actor, body);
      return reply.status(201).send(await alertAfterChange(deps, request, actor, await requireReachableAlert(db, actor, alertId)));
    },
  );

  app.get(
    '/api/v1/alerts/:alertId',
    {
      config: { access: 'alert:read' },
      schema: { tags, summary: 'An alert with its content, area, photos and messages', params: AlertParams, response: withView },
    },
    async (request) => {
      const actor = actorOf(request);
      const { alertId } = request.params;
      const alert = await requireReachableAlert(db, actor, alertId);
      const reason = requireReason(request, { id: alert.case_id, sensitive: alert.case_sensitive });
      const view = await alertView(db, config.publicUrl, alert);
      await db.transaction((tx) =>
        appendAudit(tx, { ...auditActor(actor), action: 'alert.viewed', subjectType: 'alert', subjectId: alertId, reason }, deps.clock()),
      );
      return view;
    },
  );

  app.patch(
    '/api/v1/alerts/:alertId',
    {
      config: { access: 'alert:request' },
      schema: {
        tags,
        summary: 'Edit a draft (send the version you saw)',
        params: AlertParams,
        body: AlertDraftPatch,
        response: withAnswer,
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { alertId } = request.params;
      await updateAlertDraft(deps, actor, alertId, request.body);
      return alertAfterChange(deps, request, actor, await requireReachableAlert(db, actor, alertId));
    },
  );

  app.post(
    '/api/v1/alerts/:alertId/preview',
    {
      config: { access: 'alert:read' },
      schema: {
        tags,
        summary: 'The appeal page, SMS, email and push notification as they would go out, with unsaved changes (nothing is stored)',
        params: AlertParams,
        body: AlertPreviewRequest,
        response: { 200: AlertPreviewView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { alertId } = request.params;
      const alert = await requireReachableAlert(db, actor, alertId);
      const reason = requireReason(request, { id: alert.case_id, sensitive: alert.case_sensitive });
      return previewAlert(deps, actor, alertId, request.body, reason);
    },
  );
}

/** The lifecycle: submit, approve, return, reject, update, changes, withdraw and renew, each answered with the alert. */
function registerAlertTransitionRoutes(app: TypedApp, deps: AppDeps, appeals: Pick<PublicAppealPages, 'forget'>): void {
  const { db } = deps;
  const withAnswer = { 200: AlertAnswer };
  /** A transition's route options: the permission it needs, what it does, and the schema of its body. */
  const transitionRoute = <Body extends TSchema>(
    access: 'alert:approve' | 'alert:update' | 'alert:withdraw' | 'alert:renew',
    summary: string,
    body: Body,
  ) => ({
    config: { access },
    schema: { tags, summary, params: AlertParams, body, response: withAnswer },
  });
  /** Runs a transition, then answers with the alert as the rule allows this request to see it. */
  const transitioned = async (request: FastifyRequest, alertId: string, run: (actor: Actor, alertId: string) => Promise<void>) => {
    const actor = actorOf(request);
    await run(actor, alertId);
    const alert = await requireReachableAlert(db, actor, alertId);
    appeals.forget(alert.slug);
    return alertAfterChange(deps, request, actor, alert);
  };
  const path = (transition: string) => `/api/v1/alerts/:alertId/${transition}`;

  app.post(
    path('submit'),
    {
      config: { access: 'alert:request' },
      schema: {
        tags,
        summary: 'Send the draft to a senior officer for approval (checks the criteria)',
        params: AlertParams,
        response: withAnswer,
      },
    },
    (request) => transitioned(request, request.params.alertId, (actor, id) => submitAlert(deps, actor, id)),
  );
  app.post(
    path('approve'),
    transitionRoute('alert:approve', 'Approve and publish (a different officer, signed in with a second factor)', ApproveRequest),
    (request) => transitioned(request, request.params.alertId, (actor, id) => approveAlert(deps, actor, id, request.body.note)),
  );
  app.post(path('return'), transitionRoute('alert:approve', 'Send back to draft with a reason', DecisionRequest), (request) =>
    transitioned(request, request.params.alertId, (actor, id) => returnAlert(deps, actor, id, request.body.reason, false)),
  );
  app.post(path('reject'), transitionRoute('alert:approve', 'Reject with a reason', DecisionRequest), (request) =>
    transitioned(request, request.params.alertId, (actor, id) => returnAlert(deps, actor, id, request.body.reason, true)),
  );
  app.post(
    path('updates'),
    transitionRoute('alert:update', 'Publish an Update message with new facts (vehicle, suspect, last seen) at once', AlertUpdateRequest),
    (request) => transitioned(request, request.params.alertId, (actor, id) => publishAlertUpdate(deps, actor, id, request.body)),
  );
  app.post(
    path('changes'),
    transitionRoute(
      'alert:update',
      'Ask for a change to a live alert’s text, photos or area (published once a different approver approves it)',
      AlertChangeRequest,
    ),
    (request) => transitioned(request, request.params.alertId, (actor, id) => requestAlertChange(deps, actor, id, request.body)),
  );
  app.post(
    path('changes/approve'),
    transitionRoute(
      'alert:approve',
      'Approve a requested change (a different officer, signed in with a second factor): an Update message',
      ChangeApproveRequest,
    ),
    (request) =>
      transitioned(request, request.params.alertId, (actor, id) =>
        approveAlertChange(deps, actor, id, request.body.changeId, request.body.note),
      ),
  );
  app.post(
    path('changes/return'),
    transitionRoute('alert:approve', 'Send a requested change back with a reason; the live alert stays as it is', ChangeReturnRequest),
    (request) =>
      transitioned(request, request.params.alertId, (actor, id) =>
        returnAlertChange(deps, actor, id, request.body.changeId, request.body.reason),
      ),
  );
  app.post(
    path('withdraw'),
    transitionRoute('alert:withdraw', 'Withdraw: the child is found, or the alert is cancelled (a Cancel message)', WithdrawRequest),
    (request) =>
      transitioned(request, request.params.alertId, (actor, id) => withdrawAlert(deps, actor, id, request.body.reason, request.body.note)),
  );
  app.post(path('renew'), transitionRoute('alert:renew', 'Extend the expiry (an Update message)', RenewRequest), (request) =>
    transitioned(request, request.params.alertId, (actor, id) => renewAlert(deps, actor, id, request.body.expiresAt)),
  );
}

/** Requested changes to live alerts waiting for a second approver, without a sensitive case's child. */
function registerPendingChangeListRoute(app: TypedApp, deps: AppDeps): void {
  const { db } = deps;
  app.get(
    '/api/v1/alert-changes',
    {
      config: { access: 'alert:read' },
      schema: {
        tags,
        summary: 'Requested changes to live alerts of the cases you reach, waiting for a second approver, oldest first',
        response: { 200: Type.Object({ items: Type.Array(PendingChangeSummary) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const items: Static<typeof PendingChangeSummary>[] = [];
      for (const change of await pendingChangesInReach(db, actor)) {
        const alert = (await findAlert(db, change.alert_id))!;
        const contents = await alertContents(db, alert.id);
        const view = await pendingChangeView(db, alert, change);
        // A sensitive case's child is named only after a reason is given, on the alert itself.
        const shown = change.case_sensitive
          ? {
              ...view,
              differences: view.differences.map((d) => ({ field: d.field, before: '', after: '' })),
              contents: null,
              area: null,
              photoIds: null,
            }
          : view;
        items.push({
          ...shown,
          alertId: alert.id,
          caseReference: alert.case_reference,
          capStatus: alert.cap_status,
          headline: change.case_sensitive ? '' : (contents[0]?.headline ?? ''),
          sensitive: change.case_sensitive,
        });
      }
      await db.transaction((tx) =>
        appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: 'alert_change.listed',
            subjectType: 'alert_list',
            details: { shown: items.filter((i) => !i.sensitive).map((i) => i.alertId) },
          },
          deps.clock(),
        ),
      );
      return { items };
    },
  );
}

/** An organisation's wording templates. */
function registerAlertTemplateRoutes(app: TypedApp, deps: AppDeps): void {
  const { db } = deps;
  app.get(
    '/api/v1/alert-templates',
    {
      config: { access: 'alert:read' },
      schema: {
        tags,
        summary: 'Your organisation’s wording templates',
        response: { 200: Type.Object({ items: Type.Array(TemplateView) }) },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const rows = await listAlertTemplates(db, actor.organisationId);
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          language: r.language,
          instruction: r.instruction,
          contact: r.contact,
          organisationCode: r.organisation_code,
        })),
      };
    },
  );

  app.post(
    '/api/v1/alert-templates',
    {
      config: { access: 'template:manage' },
      schema: { tags, summary: 'Add a wording template for your organisation', body: TemplateRequest, response: { 201: TemplateView } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body;
      try {
        Intl.getCanonicalLocales(body.language);
      } catch {
        throw invalid('/body/language', `"${body.language}" is not a BCP 47 language tag`);
      }
      const created = await createAlertTemplate(db, actor, body, deps.clock());
      return reply.status(201).send({ id: created, ...body, organisationCode: (await organisationCodeOf(db, actor.organisationId)) ?? '' });
    },
  );
}

/** Notices for the signed-in person. */
function registerStaffNoticeRoute(app: TypedApp, { db }: AppDeps): void {
  app.get(
    '/api/v1/notifications',
    {
      config: { access: 'staff' },
      schema: {
        tags,
        summary: 'Notices for you: alerts about to expire, sightings and reports that need someone',
        response: {
          200: Type.Object({
            items: Type.Array(
              Type.Object({
                kind: Type.String(),
                subjectType: Type.String(),
                subjectId: Type.String(),
                reference: Type.Union([Type.String(), Type.Null()]),
                subjectKind: Type.Union([Type.String(), Type.Null()]),
                exercise: Type.Boolean(),
                message: Type.String(),
                createdAt: Type.String(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await listStaffNotices(db, actorOf(request)) }),
  );
}
