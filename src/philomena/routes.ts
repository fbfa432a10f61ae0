// Philomena profiles: written and reviewed by local authorities and care providers, read by the police of the
// profile's area, who make the case from one in a single action when the child goes missing. Every reading and
// change is audited in the same transaction as the data it touches.
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { actorOf, philomenaReach } from '../auth/access.ts';
import { reasonGiven } from '../cases/disclosure.ts';
import { readPhotoUpload } from '../http/photo-upload.ts';
import { notFound } from '../http/problem.ts';
import type { TypedApp } from '../http/typed-app.ts';
import { NoContent } from '../http/schema-types.ts';
import { addProfilePhoto, openProfilePhoto, removeProfilePhoto } from './photos.ts';
import { openSharedProfile, openSharedProfilePhoto, shareProfile, sharedProfilesOf, shareRecipients, unshareProfile } from './sharing.ts';
import { createProfile, makeCaseFromProfile, profileAreas, reportMissing, reviewProfile, updateProfile } from './actions.ts';
import {
  MissingReportRequest,
  NewProfileRequest,
  ProfileAreaList,
  ProfileCaseAnswer,
  ProfileCaseRequest,
  ProfileList,
  ProfileListQuery,
  ProfileParams,
  ProfilePatch,
  ProfilePhotoParams,
  ProfilePhotoVariantParams,
  ProfilePhotoView,
  ProfileShareParams,
  ProfileShareRequest,
  ShareRecipientList,
  SharedProfileList,
  SharedProfileView,
  ProfileView,
  ReviewRequest,
} from './schemas.ts';
import { openProfile, profileList } from './view.ts';

const BASE = '/api/v1/philomena-profiles';

export function registerPhilomenaRoutes(app: TypedApp, deps: AppDeps): void {
  registerProfileRecordRoutes(app, deps);
  registerProfileActionRoutes(app, deps);
  registerProfilePhotoRoutes(app, deps);
  registerProfileShareRoutes(app, deps);
  registerSharedProfileRoutes(app, deps);
}

/** The profile after a write, as its reader sees it (the reading audited like any other). */
const profileAfterWrite = ({ db, clock }: AppDeps, actor: ReturnType<typeof actorOf>, profileId: string) =>
  db.transaction((tx) => openProfile(tx, actor, philomenaReach(actor, 'philomena:read'), profileId, clock()));

function registerProfileRecordRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock } = deps;
  app.get(
    BASE,
    {
      config: { access: 'philomena:read' },
      schema: {
        tags: ['philomena'],
        summary: 'Profiles you may see: the reported missing first, then by review date (overdue=true: reviews due)',
        querystring: ProfileListQuery,
        response: { 200: ProfileList },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const reach = philomenaReach(actor, 'philomena:read');
      const list = await db.transaction((tx) => profileList(tx, actor, reach, request.query, clock()));
      reply.header('Cache-Control', 'no-store');
      return list;
    },
  );

  app.get(
    `${BASE}/areas`,
    {
      config: { access: 'philomena:write' },
      schema: {
        tags: ['philomena'],
        summary: 'The areas you may give a profile: those your organisation works in',
        response: { 200: ProfileAreaList },
      },
    },
    async (request) => profileAreas(db, actorOf(request)),
  );

  app.post(
    BASE,
    {
      config: { access: 'philomena:write' },
      schema: {
        tags: ['philomena'],
        summary: 'Write the profile of a child likely to go missing (local authorities and care providers)',
        body: NewProfileRequest,
        response: { 201: ProfileView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const id = await createProfile(deps, actor, request.body);
      return reply.status(201).send(await profileAfterWrite(deps, actor, id));
    },
  );

  app.get(
    `${BASE}/:profileId`,
    {
      config: { access: 'philomena:read' },
      schema: {
        tags: ['philomena'],
        summary: 'A profile, with the register’s episodes of the child you may see',
        params: ProfileParams,
        response: { 200: ProfileView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const reach = philomenaReach(actor, 'philomena:read');
      const view = await db.transaction((tx) => openProfile(tx, actor, reach, request.params.profileId, clock()));
      reply.header('Cache-Control', 'no-store');
      return view;
    },
  );

  app.patch(
    `${BASE}/:profileId`,
    {
      config: { access: 'philomena:write' },
      schema: {
        tags: ['philomena'],
        summary: 'Change a profile (send the version you saw)',
        params: ProfileParams,
        body: ProfilePatch,
        response: { 200: ProfileView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await updateProfile(deps, actor, request.params.profileId, request.body);
      return profileAfterWrite(deps, actor, request.params.profileId);
    },
  );
}

function registerProfileActionRoutes(app: TypedApp, deps: AppDeps): void {
  app.post(
    `${BASE}/:profileId/reviews`,
    {
      config: { access: 'philomena:write' },
      schema: {
        tags: ['philomena'],
        summary: 'Record a review of the profile and set the next review date',
        params: ProfileParams,
        body: ReviewRequest,
        response: { 200: ProfileView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await reviewProfile(deps, actor, request.params.profileId, request.body);
      return profileAfterWrite(deps, actor, request.params.profileId);
    },
  );

  app.post(
    `${BASE}/:profileId/missing-reports`,
    {
      config: { access: 'philomena:write' },
      schema: {
        tags: ['philomena'],
        summary: 'Report the child missing: the police of the area see the report on the profile and make the case from it',
        params: ProfileParams,
        body: MissingReportRequest,
        response: { 201: Type.Object({ reportId: Type.String() }) },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const reportId = await reportMissing(deps, actor, request.params.profileId, request.body);
      return reply.status(201).send({ reportId });
    },
  );

  app.post(
    `${BASE}/:profileId/case`,
    {
      config: { access: 'case:create' },
      schema: {
        tags: ['philomena'],
        summary: 'Report missing now: make the case from the profile, everything it holds pre-filled (police of the area)',
        description:
          'Without lastSeen, the carer’s waiting report gives it. A profile not yet linked to a register child is checked for likely duplicates (409) unless confirmedNewChild is true.',
        params: ProfileParams,
        body: ProfileCaseRequest,
        response: { 201: ProfileCaseAnswer },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const made = await makeCaseFromProfile(deps, actor, request.params.profileId, request.body, reasonGiven(request));
      return reply.status(201).send(made);
    },
  );
}

/** Recent photos of the child: uploaded by the profile's writer without metadata, each view audited, removed. */
function registerProfilePhotoRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock, media } = deps;
  app.post(
    `${BASE}/:profileId/photos`,
    {
      config: { access: 'philomena:write' },
      schema: {
        tags: ['philomena'],
        summary:
          'Add a recent photo of the child (multipart field "photo"; JPEG, PNG or WebP; optional "caption" and "takenOn" date); EXIF and GPS are removed',
        params: ProfileParams,
        consumes: ['multipart/form-data'],
        response: { 201: ProfilePhotoView },
      },
    },
    async (request, reply) => {
      const { upload, caption, fields } = await readPhotoUpload(request);
      const added = await addProfilePhoto(deps, actorOf(request), request.params.profileId, { upload, caption, takenOn: fields.takenOn });
      return reply.status(201).send(added);
    },
  );

  app.get(
    `${BASE}/:profileId/photos/:photoId/:variant`,
    {
      config: { access: 'philomena:read' },
      schema: {
        tags: ['philomena'],
        summary: 'A photo of the child on a profile (re-encoded, no metadata)',
        params: ProfilePhotoVariantParams,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const key = await db.transaction((tx) => openProfilePhoto(tx, actor, request.params, clock()));
      const file = await media.get(key);
      if (!file) throw notFound('That photo');
      reply.header('Cache-Control', 'private, no-store');
      return reply.type(file.contentType).send(file.bytes);
    },
  );

  app.delete(
    `${BASE}/:profileId/photos/:photoId`,
    {
      config: { access: 'philomena:write' },
      schema: { tags: ['philomena'], summary: 'Remove a photo from a profile', params: ProfilePhotoParams, response: { 204: NoContent } },
    },
    async (request, reply) => {
      await removeProfilePhoto(deps, actorOf(request), request.params.profileId, request.params.photoId);
      return reply.status(204).send();
    },
  );
}

/** The writer shares a profile with need-to-know, as a case is shared, and stops sharing it. */
function registerProfileShareRoutes(app: TypedApp, deps: AppDeps): void {
  app.get(
    `${BASE}/share-recipients`,
    {
      config: { access: 'philomena:write' },
      schema: {
        tags: ['philomena'],
        summary: 'The agencies a profile may be shared with (local authorities, charities, police forces)',
        response: { 200: ShareRecipientList },
      },
    },
    async (request) => shareRecipients(deps.db, actorOf(request)),
  );

  app.post(
    `${BASE}/:profileId/shares`,
    {
      config: { access: 'philomena:write' },
      schema: {
        tags: ['philomena'],
        summary: 'Share the profile with an agency: a purpose, the groups of fields it needs, an end date (its writer only)',
        params: ProfileParams,
        body: ProfileShareRequest,
        response: { 200: ProfileView },
      },
    },
    async (request) => {
      const actor = actorOf(request);
      await shareProfile(deps, actor, request.params.profileId, request.body);
      return profileAfterWrite(deps, actor, request.params.profileId);
    },
  );

  app.delete(
    `${BASE}/:profileId/shares/:organisationCode`,
    {
      config: { access: 'philomena:write' },
      schema: {
        tags: ['philomena'],
        summary: 'Stop sharing the profile with an agency',
        params: ProfileShareParams,
        response: { 204: NoContent },
      },
    },
    async (request, reply) => {
      await unshareProfile(deps, actorOf(request), request.params.profileId, request.params.organisationCode);
      return reply.status(204).send();
    },
  );
}

/** A receiving agency reads the profiles shared with it: only the shared fields, until the share ends. */
function registerSharedProfileRoutes(app: TypedApp, deps: AppDeps): void {
  const { db, clock, media } = deps;
  app.get(
    '/api/v1/shared-profiles',
    {
      config: { access: 'share:read' },
      schema: { tags: ['sharing'], summary: 'Philomena profiles shared with your organisation now', response: { 200: SharedProfileList } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      reply.header('Cache-Control', 'no-store');
      return db.transaction((tx) => sharedProfilesOf(tx, actor, clock()));
    },
  );

  app.get(
    '/api/v1/shared-profiles/:profileId',
    {
      config: { access: 'share:read' },
      schema: {
        tags: ['sharing'],
        summary: 'A profile shared with your organisation: only the fields the share names, until it ends',
        params: ProfileParams,
        response: { 200: SharedProfileView },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      reply.header('Cache-Control', 'no-store');
      return db.transaction((tx) => openSharedProfile(tx, actor, request.params.profileId, clock()));
    },
  );

  app.get(
    '/api/v1/shared-profiles/:profileId/photos/:photoId/:variant',
    {
      config: { access: 'share:read' },
      schema: {
        tags: ['sharing'],
        summary: 'A photo of a shared profile, when the share names the photos',
        params: ProfilePhotoVariantParams,
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const key = await db.transaction((tx) => openSharedProfilePhoto(tx, actor, request.params, clock()));
      const file = await media.get(key);
      if (!file) throw notFound('That photo');
      reply.header('Cache-Control', 'private, no-store');
      return reply.type(file.contentType).send(file.bytes);
    },
  );
}
