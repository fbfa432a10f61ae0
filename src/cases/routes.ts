// Missing-child cases for staff: record, search, view, update, grade the risk, close, share, photos.
// Every read and write is audited in the same transaction as the data it touches.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { actorOf } from '../auth/access.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Queryable } from '../db/database.ts';
import { conflict, invalid, notFound, Problem } from '../http/problem.ts';
import { removePhotoVariants, storePhoto, type PhotoVariant } from '../media/photos.ts';
import { findOrganisationIdByCode } from '../auth/accounts.ts';
import { forceAreasContaining, jurisdictionsOfOrganisation } from '../orgs/store.ts';
import { isRiskQuestion, latestAnswers, suggestRiskLevel, type RiskLevel } from './risk.ts';
import {
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
  type ChildInput,
} from './schemas.ts';
import {
  ageOn,
  decodeCursor,
  encodeCursor,
  findReachableCase,
  insertChild,
  loadCaseView,
  nextCaseReference,
  searchCases,
  updateChild,
  type CaseRow,
} from './store.ts';

// Last-seen times may run a few minutes ahead of our clock (a phone's clock, a typed time).
const FUTURE_SKEW_MS = 5 * 60_000;
const REASON_HEADER = 'x-access-reason';

function checkChild(child: Partial<ChildInput>, now: Date, pointer: string): void {
  if (child.dateOfBirth) {
    const born = new Date(`${child.dateOfBirth}T00:00:00Z`);
    if (Number.isNaN(born.getTime()) || born > now) throw invalid(`${pointer}/dateOfBirth`, 'date of birth cannot be in the future');
    const age = ageOn(child.dateOfBirth, null, now)!;
    if (age >= 18) throw invalid(`${pointer}/dateOfBirth`, `the child would be ${age}; Forget-me-not records children under 18`);
  }
}

function checkNotFuture(value: string | undefined, now: Date, pointer: string): void {
  if (value && Date.parse(value) > now.getTime() + FUTURE_SKEW_MS) throw invalid(pointer, 'cannot be in the future');
}

/** Sensitive cases need a stated reason for every view, recorded in the audit log. */
function accessReason(request: FastifyRequest, row: CaseRow): string | null {
  const header = request.headers[REASON_HEADER];
  const reason = typeof header === 'string' ? header.trim().slice(0, 500) : '';
  if (row.sensitive && reason.length < 5) {
    throw new Problem(
      428,
      'reason-required',
      'A reason is required',
      'This case is marked sensitive: say why you need to open it (X-Access-Reason header, at least 5 characters).',
    );
  }
  return reason || null;
}

async function requireCase(db: Queryable, actor: Actor, caseId: string, forUpdate = false): Promise<CaseRow> {
  const row = await findReachableCase(db, actor, caseId, { forUpdate });
  if (!row) throw notFound('That case');
  return row;
}

function requireOpen(row: CaseRow): void {
  if (row.status === 'closed') throw conflict(`Case ${row.reference} is closed; reopen it by recording a new episode.`);
}

export function registerCaseRoutes(app: FastifyInstance, deps: AppDeps): void {
  const { db, clock, media } = deps;

  app.get(
    '/api/v1/cases',
    {
      config: { access: 'case:read' },
      schema: { tags: ['cases'], summary: 'Search cases you may see, newest first', querystring: CaseListQuery, response: { 200: CaseList } },
    },
    async (request) => {
      const actor = actorOf(request);
      const query = request.query as CaseListQuery;
      const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
      if (query.cursor && !cursor) throw invalid('/querystring/cursor', 'is not a cursor this API gave out');
      const limit = query.limit ?? 25;
      const now = clock();
      const rows = await db.transaction(async (tx) => {
        const found = await searchCases(tx, actor, query, cursor);
        const { cursor: _c, ...filters } = query;
        await appendAudit(tx, { ...auditActor(actor), action: 'case.searched', subjectType: 'case_list', details: { filters, results: Math.min(found.length, limit) } }, now);
        return found;
      });
      const page = rows.slice(0, limit);
      const last = page[page.length - 1];
      return {
        items: page.map((row) => ({
          id: row.id,
          reference: row.reference,
          status: row.status,
          childName: row.known_as ? `${row.given_names} "${row.known_as}" ${row.family_name}` : `${row.given_names} ${row.family_name}`,
          age: ageOn(row.date_of_birth, row.estimated_age, now),
          sex: row.sex,
          riskLevel: row.risk_level,
          owningOrganisationCode: row.owning_organisation_code,
          reportedAt: row.reported_at.toISOString(),
          lastSeenAt: row.last_seen_at.toISOString(),
          lastSeenPlace: row.last_seen_place,
          sensitive: row.sensitive,
          repeatEpisodes: Math.max(0, row.episodes - 1),
        })),
        nextCursor: rows.length > limit && last ? encodeCursor({ reportedAt: last.reported_at.toISOString(), id: last.id }) : null,
      };
    },
  );

  app.post(
    '/api/v1/cases',
    {
      config: { access: 'case:create' },
      schema: { tags: ['cases'], summary: 'Record a missing child, or a new episode of a known child', body: NewCaseRequest, response: { 201: CaseView } },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const body = request.body as NewCaseRequest;
      const now = clock();
      if ((body.child === undefined) === (body.childId === undefined)) {
        throw invalid('/body/child', 'give either a new child or the childId of a known child, not both or neither');
      }
      if (body.child) {
        checkChild(body.child, now, '/body/child');
        if (!body.child.dateOfBirth && (body.child.estimatedAge === undefined || body.child.estimatedAge === null)) {
          throw invalid('/body/child/dateOfBirth', 'give a date of birth or an estimated age');
        }
      }
      checkNotFuture(body.lastSeen.at, now, '/body/lastSeen/at');
      checkNotFuture(body.reportedAt, now, '/body/reportedAt');

      // The owner is the actor's own organisation; only the national centre may record for a force.
      let ownerId = actor.organisationId;
      let ownerCode: string | undefined;
      if (body.owningOrganisationCode !== undefined) {
        const id = await findOrganisationIdByCode(db, body.owningOrganisationCode);
        if (!id) throw invalid('/body/owningOrganisationCode', `no organisation has the code "${body.owningOrganisationCode}"`);
        if (id !== actor.organisationId && actor.role !== 'national_coordinator') {
          throw new Problem(403, 'forbidden', 'Forbidden', 'Only the national centre may record a case for another organisation.');
        }
        ownerId = id;
      }
      const { rows: owners } = await db.query<{ code: string }>('SELECT code FROM organisations WHERE id = $1', [ownerId]);
      ownerCode = owners[0]!.code;
      // The case sits in the force area where the child was last seen, else in the owner's own area.
      const containing = await forceAreasContaining(db, body.lastSeen.lon, body.lastSeen.lat);
      const ownAreas = await jurisdictionsOfOrganisation(db, ownerId);
      const jurisdiction = containing.find((area) => ownAreas.some((own) => own.id === area.id)) ?? containing[0] ?? ownAreas[0];
      if (!jurisdiction) throw new Problem(409, 'no-jurisdiction', 'No jurisdiction', 'Your organisation has no jurisdiction; ask an administrator.');

      const caseId = await db.transaction(async (tx) => {
        let childId: string;
        if (body.childId) {
          // A repeat episode: the actor must be able to reach an earlier episode of this child.
          const reach = await tx.query<{ id: string }>('SELECT id FROM cases WHERE child_id = $1', [body.childId]);
          const reachable = await Promise.all(reach.rows.map((r) => findReachableCase(tx, actor, r.id)));
          if (!reachable.some(Boolean)) throw notFound('That child');
          childId = body.childId;
        } else {
          childId = await insertChild(tx, body.child!, now);
        }
        const reference = await nextCaseReference(tx, ownerCode!, now);
        const { rows } = await tx.query<{ id: string }>(
          `INSERT INTO cases (reference, child_id, owning_organisation_id, jurisdiction_id, reported_at, last_seen_at, last_seen_lon,
                              last_seen_lat, last_seen_place, circumstances, clothing, vehicle, suspect, sensitive, created_by, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16) RETURNING id`,
          [
            reference,
            childId,
            ownerId,
            jurisdiction.id,
            body.reportedAt ?? now,
            body.lastSeen.at,
            body.lastSeen.lon,
            body.lastSeen.lat,
            body.lastSeen.place,
            body.circumstances ?? '',
            body.clothing ?? '',
            body.vehicle ?? '',
            body.suspect ?? '',
            body.sensitive ?? false,
            actor.userId,
            now,
          ],
        );
        const id = rows[0]!.id;
        await appendAudit(
          tx,
          { ...auditActor(actor), action: 'case.created', subjectType: 'case', subjectId: id, details: { reference, childId, repeat: Boolean(body.childId) } },
          now,
        );
        return id;
      });
      const row = (await findReachableCase(db, actor, caseId))!;
      return reply.status(201).send(await loadCaseView(db, actor, row));
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
      const { caseId } = request.params as { caseId: string };
      const now = clock();
      const view = await db.transaction(async (tx) => {
        const row = await requireCase(tx, actor, caseId);
        const reason = accessReason(request, row);
        await appendAudit(tx, { ...auditActor(actor), action: 'case.viewed', subjectType: 'case', subjectId: caseId, reason }, now);
        return loadCaseView(tx, actor, row);
      });
      reply.header('Cache-Control', 'no-store');
      return view;
    },
  );

  app.patch(
    '/api/v1/cases/:caseId',
    {
      config: { access: 'case:update' },
      schema: { tags: ['cases'], summary: 'Change a case or the child (send the version you saw)', params: CaseParams, body: CasePatch, response: { 200: CaseView } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { caseId } = request.params as { caseId: string };
      const patch = request.body as CasePatch;
      const now = clock();
      if (patch.child) checkChild(patch.child, now, '/body/child');
      if (patch.lastSeen) checkNotFuture(patch.lastSeen.at, now, '/body/lastSeen/at');
      return db.transaction(async (tx) => {
        const row = await requireCase(tx, actor, caseId, true);
        if (row.version !== patch.version) {
          throw conflict(`Someone changed case ${row.reference} since you opened it (version ${row.version}, you sent ${patch.version}); reload and try again.`);
        }
        const changed: string[] = [];
        if (patch.child) changed.push(...(await updateChild(tx, row.child_id, patch.child, now)).map((field) => `child.${field}`));
        const sets: string[] = [];
        const params: unknown[] = [caseId];
        const set = (column: string, value: unknown, field: string) => {
          params.push(value);
          sets.push(`${column} = $${params.length}`);
          changed.push(field);
        };
        if (patch.lastSeen) {
          set('last_seen_at', patch.lastSeen.at, 'lastSeen.at');
          set('last_seen_lon', patch.lastSeen.lon, 'lastSeen.lon');
          set('last_seen_lat', patch.lastSeen.lat, 'lastSeen.lat');
          set('last_seen_place', patch.lastSeen.place, 'lastSeen.place');
        }
        for (const field of ['circumstances', 'clothing', 'vehicle', 'suspect', 'sensitive'] as const) {
          if (patch[field] !== undefined) set(field, patch[field], field);
        }
        params.push(now);
        await tx.query(`UPDATE cases SET ${[...sets, `updated_at = $${params.length}`, 'version = version + 1'].join(', ')} WHERE id = $1`, params);
        await appendAudit(tx, { ...auditActor(actor), action: 'case.updated', subjectType: 'case', subjectId: caseId, details: { changed } }, now);
        return loadCaseView(tx, actor, (await findReachableCase(tx, actor, caseId))!);
      });
    },
  );

  app.post(
    '/api/v1/cases/:caseId/risk-answers',
    {
      config: { access: 'case:grade' },
      schema: { tags: ['cases'], summary: 'Record answers to the standard risk questions', params: CaseParams, body: RiskAnswersRequest, response: { 200: CaseView } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { caseId } = request.params as { caseId: string };
      const { answers } = request.body as RiskAnswersRequest;
      const now = clock();
      answers.forEach((answer, i) => {
        if (!isRiskQuestion(answer.question)) throw invalid(`/body/answers/${i}/question`, `"${answer.question}" is not one of the standard questions`);
        checkNotFuture(answer.answeredAt, now, `/body/answers/${i}/answeredAt`);
      });
      return db.transaction(async (tx) => {
        const row = await requireCase(tx, actor, caseId, true);
        requireOpen(row);
        for (const answer of answers) {
          await tx.query(
            `INSERT INTO risk_answers (case_id, question, answer, detail, source, answered_at, recorded_by, recorded_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
            [caseId, answer.question, answer.answer, answer.detail ?? '', answer.source, answer.answeredAt ?? now, actor.userId, now],
          );
        }
        await appendAudit(
          tx,
          { ...auditActor(actor), action: 'case.risk_answered', subjectType: 'case', subjectId: caseId, details: { questions: answers.map((a) => a.question) } },
          now,
        );
        return loadCaseView(tx, actor, row);
      });
    },
  );

  app.post(
    '/api/v1/cases/:caseId/risk-gradings',
    {
      config: { access: 'case:grade' },
      schema: { tags: ['cases'], summary: 'Grade or re-grade the risk, with a rationale', params: CaseParams, body: GradingRequest, response: { 200: CaseView } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { caseId } = request.params as { caseId: string };
      const { level, rationale } = request.body as { level: RiskLevel; rationale: string };
      const now = clock();
      return db.transaction(async (tx) => {
        const row = await requireCase(tx, actor, caseId, true);
        requireOpen(row);
        const { rows: answers } = await tx.query<{ question: string; answer: 'yes' | 'no' | 'unknown' }>(
          'SELECT question, answer FROM risk_answers WHERE case_id = $1 ORDER BY recorded_at, id',
          [caseId],
        );
        const suggested = suggestRiskLevel(latestAnswers(answers));
        await tx.query(
          'INSERT INTO risk_gradings (case_id, level, suggested_level, rationale, graded_by, graded_at) VALUES ($1, $2, $3, $4, $5, $6)',
          [caseId, level, suggested, rationale, actor.userId, now],
        );
        await tx.query('UPDATE cases SET risk_level = $2, updated_at = $3, version = version + 1 WHERE id = $1', [caseId, level, now]);
        await appendAudit(
          tx,
          { ...auditActor(actor), action: 'case.graded', subjectType: 'case', subjectId: caseId, details: { from: row.risk_level, to: level, suggested } },
          now,
        );
        return loadCaseView(tx, actor, (await findReachableCase(tx, actor, caseId))!);
      });
    },
  );

  app.post(
    '/api/v1/cases/:caseId/close',
    {
      config: { access: 'case:close' },
      schema: { tags: ['cases'], summary: 'Close the episode with its outcome', params: CaseParams, body: CloseRequest, response: { 200: CaseView } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { caseId } = request.params as { caseId: string };
      const { outcome, notes } = request.body as { outcome: string; notes?: string };
      const now = clock();
      return db.transaction(async (tx) => {
        const row = await requireCase(tx, actor, caseId, true);
        requireOpen(row);
        await tx.query(
          `UPDATE cases SET status = 'closed', outcome = $2, outcome_notes = $3, closed_at = $4, updated_at = $4, version = version + 1 WHERE id = $1`,
          [caseId, outcome, notes ?? null, now],
        );
        await appendAudit(tx, { ...auditActor(actor), action: 'case.closed', subjectType: 'case', subjectId: caseId, details: { outcome } }, now);
        return loadCaseView(tx, actor, (await findReachableCase(tx, actor, caseId))!);
      });
    },
  );

  app.post(
    '/api/v1/cases/:caseId/shares',
    {
      config: { access: 'case:share' },
      schema: { tags: ['cases'], summary: 'Disclose a case to a local authority or charity', params: CaseParams, body: ShareRequest, response: { 200: CaseView } },
    },
    async (request) => {
      const actor = actorOf(request);
      const { caseId } = request.params as { caseId: string };
      const { organisationCode, reason } = request.body as { organisationCode: string; reason: string };
      const now = clock();
      const { rows: targets } = await db.query<{ id: string; kind: string }>('SELECT id, kind FROM organisations WHERE code = $1', [organisationCode]);
      const target = targets[0];
      if (!target) throw invalid('/body/organisationCode', `no organisation has the code "${organisationCode}"`);
      if (target.kind !== 'local_authority' && target.kind !== 'charity') {
        throw invalid('/body/organisationCode', 'cases are shared with local authorities and charities; forces see cases through their jurisdiction');
      }
      return db.transaction(async (tx) => {
        const row = await requireCase(tx, actor, caseId, true);
        await tx.query(
          `INSERT INTO case_shares (case_id, organisation_id, reason, shared_by, shared_at) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (case_id, organisation_id) DO UPDATE SET reason = EXCLUDED.reason, shared_by = EXCLUDED.shared_by,
             shared_at = EXCLUDED.shared_at, revoked_at = NULL`,
          [caseId, target.id, reason, actor.userId, now],
        );
        await appendAudit(tx, { ...auditActor(actor), action: 'case.shared', subjectType: 'case', subjectId: caseId, reason, details: { with: organisationCode } }, now);
        return loadCaseView(tx, actor, row);
      });
    },
  );

  app.delete(
    '/api/v1/cases/:caseId/shares/:organisationCode',
    {
      config: { access: 'case:share' },
      schema: {
        tags: ['cases'],
        summary: 'Stop sharing a case with an organisation',
        params: Type.Object({ caseId: Type.String({ format: 'uuid' }), organisationCode: Type.String({ maxLength: 50 }) }),
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const actor = actorOf(request);
      const { caseId, organisationCode } = request.params as { caseId: string; organisationCode: string };
      const now = clock();
      await db.transaction(async (tx) => {
        await requireCase(tx, actor, caseId, true);
        const { rowCount } = await tx.query(
          `UPDATE case_shares SET revoked_at = $3 WHERE case_id = $1 AND revoked_at IS NULL
             AND organisation_id = (SELECT id FROM organisations WHERE code = $2)`,
          [caseId, organisationCode, now],
        );
        if (rowCount === 0) throw notFound('That share');
        await appendAudit(tx, { ...auditActor(actor), action: 'case.unshared', subjectType: 'case', subjectId: caseId, details: { with: organisationCode } }, now);
      });
      return reply.status(204).send();
    },
  );

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
      const { caseId } = request.params as { caseId: string };
      if (!request.isMultipart()) throw new Problem(415, 'unsupported-media-type', 'Send multipart/form-data', 'Upload the photo as multipart/form-data in a field named "photo".');
      const row = await requireCase(db, actor, caseId);
      requireOpen(row);
      let upload: Buffer | undefined;
      let caption = '';
      for await (const part of request.parts()) {
        if (part.type === 'file') {
          if (part.fieldname !== 'photo') throw invalid('/body/photo', `unexpected file field "${part.fieldname}"; name it "photo"`);
          upload = await part.toBuffer();
        } else if (part.fieldname === 'caption') {
          caption = String(part.value).slice(0, 500);
        }
      }
      if (!upload || upload.length === 0) throw invalid('/body/photo', 'no photo was sent');
      const stored = await storePhoto(media, upload);
      const now = clock();
      try {
        const photoId = await db.transaction(async (tx) => {
          await requireCase(tx, actor, caseId, true);
          const { rows } = await tx.query<{ id: string }>(
            `INSERT INTO photos (child_id, case_id, caption, width, height, variants, uploaded_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7, $8) RETURNING id`,
            [row.child_id, caseId, caption, stored.width, stored.height, JSON.stringify(stored.variants), actor.userId, now],
          );
          const id = rows[0]!.id;
          await appendAudit(tx, { ...auditActor(actor), action: 'photo.added', subjectType: 'case', subjectId: caseId, details: { photoId: id } }, now);
          return id;
        });
        const url = (variant: string) => `/api/v1/cases/${caseId}/photos/${photoId}/${variant}`;
        return reply.status(201).send({
          id: photoId,
          caption,
          width: stored.width,
          height: stored.height,
          createdAt: now.toISOString(),
          urls: { thumb: url('thumb'), page: url('page'), full: url('full') },
        });
      } catch (error) {
        // Nothing half-written: files without a row are removed.
        await removePhotoVariants(media, stored.variants).catch(() => undefined);
        throw error;
      }
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
      const { caseId, photoId, variant } = request.params as { caseId: string; photoId: string; variant: PhotoVariant };
      const now = clock();
      const key = await db.transaction(async (tx) => {
        const row = await requireCase(tx, actor, caseId);
        const reason = accessReason(request, row);
        const { rows } = await tx.query<{ variants: Record<PhotoVariant, string> }>(
          'SELECT variants FROM photos WHERE id = $1 AND child_id = $2 AND removed_at IS NULL',
          [photoId, row.child_id],
        );
        if (!rows[0]) throw notFound('That photo');
        await appendAudit(tx, { ...auditActor(actor), action: 'photo.viewed', subjectType: 'case', subjectId: caseId, reason, details: { photoId, variant } }, now);
        return rows[0].variants[variant];
      });
      const file = await media.get(key);
      if (!file) throw notFound('That photo');
      reply.header('Cache-Control', 'private, no-store');
      return reply.type(file.contentType).send(file.bytes);
    },
  );

  app.delete(
    '/api/v1/cases/:caseId/photos/:photoId',
    { config: { access: 'photo:upload' }, schema: { tags: ['cases'], summary: 'Remove a photo', params: PhotoParams, response: { 204: Type.Null() } } },
    async (request, reply) => {
      const actor = actorOf(request);
      const { caseId, photoId } = request.params as { caseId: string; photoId: string };
      const now = clock();
      const variants = await db.transaction(async (tx) => {
        const row = await requireCase(tx, actor, caseId, true);
        const { rows } = await tx.query<{ variants: Record<string, string> }>(
          'UPDATE photos SET removed_at = $3 WHERE id = $1 AND child_id = $2 AND removed_at IS NULL RETURNING variants',
          [photoId, row.child_id, now],
        );
        if (!rows[0]) throw notFound('That photo');
        await appendAudit(tx, { ...auditActor(actor), action: 'photo.removed', subjectType: 'case', subjectId: caseId, details: { photoId } }, now);
        return rows[0].variants;
      });
      await removePhotoVariants(media, variants);
      return reply.status(204).send();
    },
  );
}
