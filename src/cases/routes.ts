// Missing-child cases for staff: record, search, view, update, grade the risk, close, share, photos.
// Every read and write is audited in the same transaction as the data it touches. Every answer that shows
// the child goes through src/cases/disclosure.ts, which applies the sensitive-case rule.
import type { FastifyBaseLogger, FastifyRequest } from 'fastify';
import { NoContent } from '../http/schema-types.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { readPhotoUpload } from '../http/photo-upload.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { auditActor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { invalid, notFound } from '../http/problem.ts';
import type { Actor } from '../auth/actor.ts';
import { registerCaseAuditRoutes } from './audit-routes.ts';
import { registerRepeatRoutes } from './repeat-routes.ts';
import {
  addPhoto,
  closeCase,
  gradeRisk,
  recordCase,
  recordRiskAnswers,
  removePhoto,
  shareCase,
  unshareCase,
  updateCase,
} from './actions.ts';
import { caseAnswer, openCase, openCasePhoto } from './case-view.ts';
import { caseSummary, reasonGiven, showsIdentity } from './disclosure.ts';
import {
  CaseAnswer,
  CaseList,
  CaseListQuery,
  CaseParams,
  CasePatch,
  CaseView,
  CloseRequest,
  GradingRequest,
  NewCaseRequest,
  PhotoParams,
  PhotoVariantParams,
  PhotoView,
  RiskAnswersRequest,
  ShareRequest,
} from './schemas.ts';
import { decodeCursor, encodeCursor, searchCases } from './store.ts';

const ShareParams = Type.Object({ caseId: Type.String({ format: 'uuid' }), organisationCode: Type.String({ maxLength: 50 }) });

/** The case after a write, as the rule allows this request to see it. */
const caseAfterWrite = ({ db, clock }: AppDeps, request: FastifyRequest, actor: Actor, caseId: string) =>
  db.transaction((tx) => caseAnswer(tx, actor, caseId, reasonGiven(request), clock()));

/**
 * Told of each case whose child, last sighting or clothing changed, or that closed, once the change has
 * committed: the app hands in the matcher's re-match (src/server.ts). It must not throw.
 */
export type CaseChanged = (caseId: string, log: FastifyBaseLogger) => Promise<void>;

// Changes that alter what the matcher compares (the child's description, when and where last seen, clothing).
const MATCHED_FIELDS = /^(child\.|lastSeen\.|clothing$|circumstances$)/;

export function registerCaseRoutes(app: TypedApp, deps: AppDeps, caseChanged: CaseChanged = () => Promise.resolve()): void {
  registerCaseSearchRoute(app, deps);
  registerCaseRecordRoutes(app, deps, caseChanged);
  registerRiskAndClosureRoutes(app, deps, caseChanged);
  registerCaseSharingRoutes(app, deps);
  registerCasePhotoRoutes(app, deps);
  registerCaseAuditRoutes(app, deps);
  registerRepeatRoutes(app, deps);
}

/** The list of cases one may see, with which of them it showed (and which without the child) audited. */
function registerCaseSearchRoute(app: TypedApp, { db, clock }: AppDeps): void {
  app.get(
    '/api/v1/cases',
    {
      config: { access: 'case:read' },
      schema: {
        tags: ['cases'],
        summary: 'Search cases you may see, newest first',
        querystring: CaseListQuery,
        response: { 200: CaseList },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query;
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      if (query.cursor && !cursor) throw invalid('/querystring/cursor', 'is not a cursor this API gave out');
      const limit = query.limit ?? 25;
      const now = clock();
      const reason = reasonGiven(request);
      const page = await db.transaction(async (tx) => {
        const found = await searchCases(tx, actor, query, cursor, { namesOfSensitiveCases: showsIdentity({ sensitive: true }, reason) });
        const shown = found.slice(0, limit);
        // Which cases the list showed, and which of them without the child (never the names searched for).
        const { cursor: _c, q, ...filters } = query;
        const withheld = shown.filter((row) => !showsIdentity(row, reason)).map((row) => row.id);
        await appendAudit(
          tx,
          {
            ...auditActor(actor),
            action: 'case.searched',
            subjectType: 'case_list',
            reason,
            details: {
              filters: { ...filters, ...(q ? { q: 'given' } : {}) },
              caseIds: shown.map((row) => row.id),
              identityWithheld: withheld,
              more: found.length > limit,
            },
          },
          now,
        );
        return { shown, more: found.length > limit };
      });
      const rows = page.shown;
      const last = rows[rows.length - 1];
      return {
        items: rows.map((row) => caseSummary(row, reason, now)),
        nextCursor:
          page.more && last ? encodeCursor({ exercise: last.exercise, reportedAt: last.reported_at.toISOString(), id: last.id }) : null,
      };
    },
  );
}

/** Recording a child, opening a case (audited, with the reason a sensitive case needs) and changing it. */
function registerCaseRecordRoutes(app: TypedApp, deps: AppDeps, caseChanged: CaseChanged): void {
  const { db, clock } = deps;
  app.post(
    '/api/v1/cases',
    {
      config: { access: 'case:create' },
      schema: {
        tags: ['cases'],
        summary:
          'Record a missing child, or a new episode of a known child (a sensitive case answers without the child unless X-Access-Reason comes)',
        description:
          'A new child with the same name and date of birth as a child already recorded is refused (409, likely-duplicate, listing the candidates) unless confirmedNewChild is true.',
        body: NewCaseRequest,
        response: { 201: CaseAnswer },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const caseId = await recordCase(deps, actor, request.body, reasonGiven(request));
      await caseChanged(caseId, request.log);
      return reply.status(201).send(await caseAfterWrite(deps, request, actor, caseId));
    },
  );

  app.get(
    '/api/v1/cases/:caseId',
    {
      config: { access: 'case:read' },
      schema: {
        tags: ['cases'],
        summary: 'A case with the child, risk, photos and episodes (sensitive cases need X-Access-Reason)',
        params: CaseParams,
        response: { 200: CaseView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { caseId } = request.params;
      const now = clock();
      const view = await db.transaction((tx) => openCase(tx, actor, caseId, reasonGiven(request), now));
      reply.header('Cache-Control', 'no-store');
      return view;
    },
  );

  app.patch(
    '/api/v1/cases/:caseId',
    {
      config: { access: 'case:update' },
      schema: {
        tags: ['cases'],
        summary: 'Change a case or the child (send the version you saw)',
        params: CaseParams,
        body: CasePatch,
        response: { 200: CaseAnswer },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { caseId } = request.params;
      const changed = await updateCase(deps, actor, caseId, request.body);
      if (changed.some((field) => MATCHED_FIELDS.test(field))) await caseChanged(caseId, request.log);
      return caseAfterWrite(deps, request, actor, caseId);
    },
  );
}

/** Grading the risk from the standard questions, and closing the episode. */
function registerRiskAndClosureRoutes(app: TypedApp, deps: AppDeps, caseChanged: CaseChanged): void {
  app.post(
    '/api/v1/cases/:caseId/risk-answers',
    {
      config: { access: 'case:grade' },
      schema: {
        tags: ['cases'],
        summary: 'Record answers to the standard risk questions',
        params: CaseParams,
        body: RiskAnswersRequest,
        response: { 200: CaseAnswer },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { caseId } = request.params;
      const { answers } = request.body;
      await recordRiskAnswers(deps, actor, caseId, answers);
      return caseAfterWrite(deps, request, actor, caseId);
    },
  );

  app.post(
    '/api/v1/cases/:caseId/risk-gradings',
    {
      config: { access: 'case:grade' },
      schema: {
        tags: ['cases'],
        summary: 'Grade or re-grade the risk, with a rationale',
        params: CaseParams,
        body: GradingRequest,
        response: { 200: CaseAnswer },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { caseId } = request.params;
      const { level, rationale, answers } = request.body;
      await gradeRisk(deps, actor, caseId, level, rationale, answers);
      return caseAfterWrite(deps, request, actor, caseId);
    },
  );

  app.post(
    '/api/v1/cases/:caseId/close',
    {
      config: { access: 'case:close' },
      schema: {
        tags: ['cases'],
        summary: 'Close the episode with its outcome',
        params: CaseParams,
        body: CloseRequest,
        response: { 200: CaseAnswer },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { caseId } = request.params;
      const { outcome, notes } = request.body;
      await closeCase(deps, actor, caseId, outcome, notes);
      await caseChanged(caseId, request.log);
      return caseAfterWrite(deps, request, actor, caseId);
    },
  );
}

/** Sharing a case with another agency (need-to-know), and stopping. */
function registerCaseSharingRoutes(app: TypedApp, deps: AppDeps): void {
  app.post(
    '/api/v1/cases/:caseId/shares',
    {
      config: { access: 'case:share' },
      schema: {
        tags: ['cases'],
        summary: 'Share a case with a local authority, a charity or another force: purpose, fields shared and end date',
        params: CaseParams,
        body: ShareRequest,
        response: { 200: CaseAnswer },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { caseId } = request.params;
      await shareCase(deps, actor, caseId, request.body);
      return caseAfterWrite(deps, request, actor, caseId);
    },
  );

  app.delete(
    '/api/v1/cases/:caseId/shares/:organisationCode',
    {
      config: { access: 'case:share' },
      schema: {
        tags: ['cases'],
        summary: 'Stop sharing a case with an organisation',
        params: ShareParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { caseId, organisationCode } = request.params;
      await unshareCase(deps, actor, caseId, organisationCode);
      return reply.status(204).send();
    },
  );
}

/** Photos of the child: uploaded without metadata, each view audited, removed. */
function registerCasePhotoRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock, media } = deps;
  app.post(
    '/api/v1/cases/:caseId/photos',
    {
      config: { access: 'photo:upload' },
      schema: {
        tags: ['cases'],
        summary: 'Upload a photo of the child (multipart field "photo"; JPEG, PNG or WebP); EXIF and GPS are removed',
        params: CaseParams,
        consumes: ['multipart/form-data'],
        response: { 201: PhotoView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { caseId } = request.params;
      const { upload, caption } = await readPhotoUpload(request);
      const { photoId, stored, createdAt } = await addPhoto(deps, actor, caseId, upload, caption);
      const url = (variant: string) => `/api/v1/cases/${caseId}/photos/${photoId}/${variant}`;
      return reply.status(201).send({
        id: photoId,
        caption,
        width: stored.width,
        height: stored.height,
        createdAt: createdAt.toISOString(),
        urls: { thumb: url('thumb'), page: url('page'), full: url('full') },
      });
    },
  );

  app.get(
    '/api/v1/cases/:caseId/photos/:photoId/:variant',
    {
      config: { access: 'case:read' },
      schema: { tags: ['cases'], summary: 'A photo of the child (re-encoded, no metadata)', params: PhotoVariantParams },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { caseId, photoId, variant } = request.params;
      const now = clock();
      const key = await db.transaction((tx) => openCasePhoto(tx, actor, { caseId, photoId, variant }, reasonGiven(request), now));
      const file = await media.get(key);
      if (!file) throw notFound('That photo');
      reply.header('Cache-Control', 'private, no-store');
      return reply.type(file.contentType).send(file.bytes);
    },
  );

  app.delete(
    '/api/v1/cases/:caseId/photos/:photoId',
    {
      config: { access: 'photo:upload' },
      schema: { tags: ['cases'], summary: 'Remove a photo', params: PhotoParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { caseId, photoId } = request.params;
      await removePhoto(deps, actor, caseId, photoId);
      return reply.status(204).send();
    },
  );
}
