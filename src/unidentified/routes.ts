// Unidentified people and remains for police forces and the national centre: record, list, open, change,
// identify or close, and photos. A force reaches the records it owns, the national centre every record
// (reach.ts); every view, list and change is audited in the same transaction as what it reads or writes.
import type { FastifyBaseLogger } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { readPhotoUpload } from '../http/photo-upload.ts';
import { notFound } from '../http/problem.ts';
import { NoContent } from '../http/schema-types.ts';
import type { TypedApp } from '../http/typed-app.ts';
import {
  addUnidentifiedPhoto,
  closeUnidentified,
  identifyUnidentified,
  recordUnidentified,
  removeUnidentifiedPhoto,
  updateUnidentified,
} from './actions.ts';
import {
  CloseUnidentifiedRequest,
  IdentifyRequest,
  NewUnidentifiedRequest,
  PhotoView,
  UnidentifiedList,
  UnidentifiedListQuery,
  UnidentifiedParams,
  UnidentifiedPatch,
  UnidentifiedPhotoParams,
  UnidentifiedPhotoVariantParams,
  UnidentifiedView,
} from './schemas.ts';
import { listUnidentifiedPage, openUnidentified, openUnidentifiedPhoto, unidentifiedAnswer, unidentifiedPhotoUrl } from './view.ts';

const TAGS = ['unidentified'];

/**
 * Told of each record recorded, changed, identified or closed, once the change has committed: the app hands in
 * the matcher's re-match (src/server.ts). It must not throw.
 */
export type UnidentifiedChanged = (unidentifiedId: string, log: FastifyBaseLogger) => Promise<void>;

export function registerUnidentifiedRoutes(app: TypedApp, deps: AppDeps, changed: UnidentifiedChanged = () => Promise.resolve()): void {
  registerRecordRoutes(app, deps, changed);
  registerResolutionRoutes(app, deps, changed);
  registerPhotoRoutes(app, deps);
}

/** Recording, listing, opening and changing a record. */
function registerRecordRoutes(app: TypedApp, deps: AppDeps, changed: UnidentifiedChanged): void {
  const { db, clock } = deps;
  app.post(
    '/api/v1/unidentified',
    {
      config: { access: 'unidentified:write' },
      schema: {
        tags: TAGS,
        summary: 'Record a person who cannot or will not say who they are, or remains, with where and when found and a description',
        body: NewUnidentifiedRequest,
        response: { 201: UnidentifiedView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await recordUnidentified(deps, actor, request.body);
      await changed(id, request.log);
      return reply.status(201).send(await unidentifiedAnswer(db, actor, id));
    },
  );

  app.get(
    '/api/v1/unidentified',
    {
      config: { access: 'unidentified:read' },
      schema: {
        tags: TAGS,
        summary: 'Records you may see, latest found first (the ids shown are audited)',
        querystring: UnidentifiedListQuery,
        response: { 200: UnidentifiedList },
      },
    },
    async (request, reply) => {
      reply.header('Cache-Control', 'no-store');
      return listUnidentifiedPage(db, actorOf(request), request.query, clock());
    },
  );

  app.get(
    '/api/v1/unidentified/:unidentifiedId',
    {
      config: { access: 'unidentified:read' },
      schema: {
        tags: TAGS,
        summary: 'A record with its description, marks and photos (audited)',
        params: UnidentifiedParams,
        response: { 200: UnidentifiedView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const view = await db.transaction((tx) => openUnidentified(tx, actor, request.params.unidentifiedId, clock()));
      reply.header('Cache-Control', 'no-store');
      return view;
    },
  );

  app.patch(
    '/api/v1/unidentified/:unidentifiedId',
    {
      config: { access: 'unidentified:write' },
      schema: {
        tags: TAGS,
        summary: 'Change an open record (send the version you saw; marks, when sent, replace the list)',
        params: UnidentifiedParams,
        body: UnidentifiedPatch,
        response: { 200: UnidentifiedView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { unidentifiedId } = request.params;
      await updateUnidentified(deps, actor, unidentifiedId, request.body);
      await changed(unidentifiedId, request.log);
      return unidentifiedAnswer(db, actor, unidentifiedId);
    },
  );
}

/** Ending an open record: identified (with the case it was, if any), or closed with the reason. */
function registerResolutionRoutes(app: TypedApp, deps: AppDeps, changed: UnidentifiedChanged): void {
  app.post(
    '/api/v1/unidentified/:unidentifiedId/identify',
    {
      config: { access: 'unidentified:write' },
      schema: {
        tags: TAGS,
        summary: 'Mark the record identified, with the missing episode it was when that is a case you can see',
        params: UnidentifiedParams,
        body: IdentifyRequest,
        response: { 200: UnidentifiedView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { unidentifiedId } = request.params;
      await identifyUnidentified(deps, actor, unidentifiedId, request.body);
      await changed(unidentifiedId, request.log);
      return unidentifiedAnswer(deps.db, actor, unidentifiedId);
    },
  );

  app.post(
    '/api/v1/unidentified/:unidentifiedId/close',
    {
      config: { access: 'unidentified:write' },
      schema: {
        tags: TAGS,
        summary: 'Close the record without an identification, saying why',
        params: UnidentifiedParams,
        body: CloseUnidentifiedRequest,
        response: { 200: UnidentifiedView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      const { unidentifiedId } = request.params;
      await closeUnidentified(deps, actor, unidentifiedId, request.body);
      await changed(unidentifiedId, request.log);
      return unidentifiedAnswer(deps.db, actor, unidentifiedId);
    },
  );
}

/** Photos: uploaded without metadata, each view audited, served only to those who reach the record. */
function registerPhotoRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock, media } = deps;
  app.post(
    '/api/v1/unidentified/:unidentifiedId/photos',
    {
      config: { access: 'unidentified:write' },
      schema: {
        tags: TAGS,
        summary: 'Upload a photo (multipart field "photo"; JPEG, PNG or WebP); EXIF and GPS are removed',
        params: UnidentifiedParams,
        consumes: ['multipart/form-data'],
        response: { 201: PhotoView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { unidentifiedId } = request.params;
      const { upload, caption } = await readPhotoUpload(request);
      const { photoId, stored, createdAt } = await addUnidentifiedPhoto(deps, actor, unidentifiedId, upload, caption);
      return reply.status(201).send({
        id: photoId,
        caption,
        width: stored.width,
        height: stored.height,
        createdAt: createdAt.toISOString(),
        urls: {
          thumb: unidentifiedPhotoUrl(unidentifiedId, photoId, 'thumb'),
          page: unidentifiedPhotoUrl(unidentifiedId, photoId, 'page'),
          full: unidentifiedPhotoUrl(unidentifiedId, photoId, 'full'),
        },
      });
    },
  );

  app.get(
    '/api/v1/unidentified/:unidentifiedId/photos/:photoId/:variant',
    {
      config: { access: 'unidentified:read' },
      schema: { tags: TAGS, summary: 'A photo (re-encoded, no metadata; audited)', params: UnidentifiedPhotoVariantParams },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const now = clock();
      const key = await db.transaction((tx) => openUnidentifiedPhoto(tx, actor, request.params, now));
      const file = await media.get(key);
      if (!file) throw notFound('That photo');
      reply.header('Cache-Control', 'private, no-store');
      return reply.type(file.contentType).send(file.bytes);
    },
  );

  app.delete(
    '/api/v1/unidentified/:unidentifiedId/photos/:photoId',
    {
      config: { access: 'unidentified:write' },
      schema: { tags: TAGS, summary: 'Remove a photo', params: UnidentifiedPhotoParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      const { unidentifiedId, photoId } = request.params;
      await removeUnidentifiedPhoto(deps, actorOf(request), unidentifiedId, photoId);
      return reply.status(204).send();
    },
  );
}
