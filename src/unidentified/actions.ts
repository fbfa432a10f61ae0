// What staff do to a record of an unidentified person or remains, as plain functions the routes call. Each
// change and its audit entry commit together; a refused request changes nothing.
import type { AppDeps } from '../app-deps.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { checkNotFuture } from '../cases/actions.ts';
import { findReachableCase } from '../cases/store.ts';
import type { Queryable } from '../db/database.ts';
import type { Sql } from '../db/sql.ts';
import { EARLIEST_YEAR } from '../http/dates.ts';
import { conflict, forbidden, invalid, notFound } from '../http/problem.ts';
import { removePhotoVariants, storePhoto, type StoredPhoto } from '../media/photos.ts';
import { organisationByCode, organisationCodeOf } from '../orgs/store.ts';
import { unidentifiedOutOfReach } from './reach.ts';
import type { CloseUnidentifiedRequest, IdentifyRequest, NewUnidentifiedRequest, UnidentifiedPatch } from './schemas.ts';
import {
  columnSet,
  DESCRIPTION_COLUMNS,
  descriptionValue,
  findReachableUnidentified,
  insertUnidentified,
  insertUnidentifiedPhoto,
  markUnidentifiedPhotoRemoved,
  nextUnidentifiedReference,
  replaceMarks,
  resolveUnidentified,
  updateUnidentifiedColumns,
  type DescriptionField,
  type UnidentifiedRow,
} from './store.ts';

type UnidentifiedDeps = Pick<AppDeps, 'db' | 'clock'>;

const EARLIEST_FOUND = Date.UTC(EARLIEST_YEAR, 0, 1);

/** Found no later than now (a few minutes' skew allowed, as for cases) and not before 1900. */
function checkFoundAt(at: string, now: Date, pointer: string): void {
  checkNotFuture(at, now, pointer);
  if (Date.parse(at) < EARLIEST_FOUND)
    throw invalid(pointer, `cannot be before ${EARLIEST_YEAR}`, { code: 'too-early', limit: EARLIEST_YEAR });
}

/** A range's lower end must not pass its upper end (either may be unknown). */
function checkRange(range: { min: number | null; max: number | null }, pointer: string, what: string): void {
  if (range.min !== null && range.max !== null && range.min > range.max)
    throw invalid(pointer, `the lowest ${what} (${range.min}) is above the highest (${range.max})`, { code: 'range-reversed' });
}

export async function requireUnidentified(
  db: Queryable,
  actor: Actor,
  unidentifiedId: string,
  forUpdate = false,
): Promise<UnidentifiedRow> {
  const row = await findReachableUnidentified(db, actor, unidentifiedId, { forUpdate });
  if (!row) throw unidentifiedOutOfReach(unidentifiedId);
  return row;
}

/** Identified and closed records are a record of what was decided: nothing of them changes any more. */
function requireOpen(row: UnidentifiedRow): void {
  if (row.status !== 'open')
    throw conflict(`Record ${row.reference} is ${row.status}, so it can no longer be changed; record a new one if needed.`);
}

function requireVersion(row: UnidentifiedRow, version: number): void {
  if (row.version !== version)
    throw conflict(
      `Someone changed record ${row.reference} since you opened it (version ${row.version}, you sent ${version}); reload and try again.`,
    );
}

/** The owner: the actor's own organisation, or (for the national centre) a force or the centre named by code. */
async function owningOrganisation(db: Queryable, actor: Actor, code: string | undefined): Promise<{ id: string; code: string }> {
  if (code === undefined) return { id: actor.organisationId, code: (await organisationCodeOf(db, actor.organisationId))! };
  const owner = await organisationByCode(db, code);
  if (!owner) throw invalid('/body/owningOrganisationCode', `no organisation has the code "${code}"`, { code: 'unknown-organisation' });
  if (owner.kind !== 'police_force' && owner.kind !== 'national_centre')
    throw invalid('/body/owningOrganisationCode', 'a record is owned by the finding force or the national centre', {
      code: 'owner-not-allowed',
    });
  if (owner.id !== actor.organisationId && actor.role !== 'national_coordinator')
    throw forbidden('Only the national centre may record for another organisation.');
  return { id: owner.id, code: owner.code };
}

/** Records an unidentified person or remains and returns the record's id. */
export async function recordUnidentified(deps: UnidentifiedDeps, actor: Actor, body: NewUnidentifiedRequest): Promise<string> {
  const now = deps.clock();
  checkFoundAt(body.found.at, now, '/body/found/at');
  checkRange({ min: body.ageMin ?? null, max: body.ageMax ?? null }, '/body/ageMin', 'age');
  checkRange({ min: body.heightMinCm ?? null, max: body.heightMaxCm ?? null }, '/body/heightMinCm', 'height');
  return deps.db.transaction(async (tx) => {
    const owner = await owningOrganisation(tx, actor, body.owningOrganisationCode);
    const reference = await nextUnidentifiedReference(tx, owner.code, now);
    const id = await insertUnidentified(tx, { ...body, reference, ownerId: owner.id, createdBy: actor.userId }, now);
    await replaceMarks(tx, id, body.marks ?? []);
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'unidentified.created',
        subjectType: 'unidentified',
        subjectId: id,
        details: { reference, kind: body.kind, owner: owner.code },
      },
      now,
    );
    return id;
  });
}

/** Applies an edit made against `patch.version`; refuses a stale one or a record no longer open. Returns the changed fields. */
export async function updateUnidentified(
  deps: UnidentifiedDeps,
  actor: Actor,
  unidentifiedId: string,
  patch: UnidentifiedPatch,
): Promise<string[]> {
  const now = deps.clock();
  if (patch.found) checkFoundAt(patch.found.at, now, '/body/found/at');
  return deps.db.transaction(async (tx) => {
    const row = await requireUnidentified(tx, actor, unidentifiedId, true);
    requireOpen(row);
    requireVersion(row, patch.version);
    // Each range is checked as it will be stored: the ends sent, with the other end as it was.
    const pick = (sent: number | null | undefined, stored: number | null) => (sent === undefined ? stored : sent);
    checkRange({ min: pick(patch.ageMin, row.age_min), max: pick(patch.ageMax, row.age_max) }, '/body/ageMin', 'age');
    checkRange(
      { min: pick(patch.heightMinCm, row.height_min_cm), max: pick(patch.heightMaxCm, row.height_max_cm) },
      '/body/heightMinCm',
      'height',
    );
    const sets: Sql[] = [];
    const changed: string[] = [];
    if (patch.found) {
      sets.push(
        columnSet('found_place', patch.found.place),
        columnSet('found_lon', patch.found.lon),
        columnSet('found_lat', patch.found.lat),
        columnSet('found_at', patch.found.at),
      );
      changed.push('found');
    }
    for (const field of Object.keys(DESCRIPTION_COLUMNS) as DescriptionField[]) {
      if (patch[field] === undefined) continue;
      sets.push(columnSet(DESCRIPTION_COLUMNS[field], descriptionValue(field, patch[field])));
      changed.push(field);
    }
    if (patch.marks) {
      await replaceMarks(tx, unidentifiedId, patch.marks);
      changed.push('marks');
    }
    await updateUnidentifiedColumns(tx, unidentifiedId, sets, now);
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'unidentified.updated',
        subjectType: 'unidentified',
        subjectId: unidentifiedId,
        details: { changed },
      },
      now,
    );
    return changed;
  });
}

/** Marks an open record identified, linked to the missing episode it was when that is a case the actor reaches. */
export async function identifyUnidentified(
  deps: UnidentifiedDeps,
  actor: Actor,
  unidentifiedId: string,
  body: IdentifyRequest,
): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await requireUnidentified(tx, actor, unidentifiedId, true);
    requireOpen(row);
    requireVersion(row, body.version);
    await identifyWithin(tx, actor, row, { caseId: body.caseId ?? null, notes: body.notes ?? null }, now);
  });
}

/**
 * Identifies a record the caller has locked (`findReachableUnidentified` with `forUpdate`), inside the caller's
 * transaction: the identify route, and a confirmed match (src/matching/), which closes the case in the same one.
 */
export async function identifyWithin(
  tx: Queryable,
  actor: Actor,
  row: UnidentifiedRow,
  identification: { caseId: string | null; notes: string | null },
  now: Date,
): Promise<void> {
  requireOpen(row);
  if (identification.caseId !== null && !(await findReachableCase(tx, actor, identification.caseId)))
    throw invalid('/body/caseId', 'no case you can see has that id', { code: 'unknown-case' });
  await resolveUnidentified(
    tx,
    row.id,
    { status: 'identified', caseId: identification.caseId, notes: identification.notes, by: actor.userId },
    now,
  );
  await appendAudit(
    tx,
    {
      ...auditActor(actor),
      action: 'unidentified.identified',
      subjectType: 'unidentified',
      subjectId: row.id,
      details: { caseId: identification.caseId },
    },
    now,
  );
}

/** Closes an open record without an identification (for example, recorded in error), with the reason. */
export async function closeUnidentified(
  deps: UnidentifiedDeps,
  actor: Actor,
  unidentifiedId: string,
  body: CloseUnidentifiedRequest,
): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await requireUnidentified(tx, actor, unidentifiedId, true);
    requireOpen(row);
    requireVersion(row, body.version);
    await resolveUnidentified(tx, unidentifiedId, { status: 'closed', caseId: null, notes: body.notes, by: actor.userId }, now);
    await appendAudit(
      tx,
      { ...auditActor(actor), action: 'unidentified.closed', subjectType: 'unidentified', subjectId: unidentifiedId },
      now,
    );
  });
}

/** Re-encodes and stores a photo of an open record; on any failure no file or row is left behind. */
export async function addUnidentifiedPhoto(
  deps: Pick<AppDeps, 'db' | 'clock' | 'media'>,
  actor: Actor,
  unidentifiedId: string,
  upload: Buffer,
  caption: string,
): Promise<{ photoId: string; stored: StoredPhoto; createdAt: Date }> {
  requireOpen(await requireUnidentified(deps.db, actor, unidentifiedId));
  const stored = await storePhoto(deps.media, upload);
  const now = deps.clock();
  try {
    const photoId = await deps.db.transaction(async (tx) => {
      // Checked again under the lock: the record may have been closed while the photo was re-encoded.
      requireOpen(await requireUnidentified(tx, actor, unidentifiedId, true));
      const id = await insertUnidentifiedPhoto(
        tx,
        { unidentifiedId, caption, width: stored.width, height: stored.height, variants: stored.variants, by: actor.userId },
        now,
      );
      await appendAudit(
        tx,
        {
          ...auditActor(actor),
          action: 'unidentified.photo_added',
          subjectType: 'unidentified',
          subjectId: unidentifiedId,
          details: { photoId: id },
        },
        now,
      );
      return id;
    });
    return { photoId, stored, createdAt: now };
  } catch (error) {
    await removePhotoVariants(deps.media, stored.variants).catch(() => undefined);
    throw error;
  }
}

/** Removes a photo of an open record (audited), then its stored files. */
export async function removeUnidentifiedPhoto(
  deps: Pick<AppDeps, 'db' | 'clock' | 'media'>,
  actor: Actor,
  unidentifiedId: string,
  photoId: string,
): Promise<void> {
  const now = deps.clock();
  const variants = await deps.db.transaction(async (tx) => {
    requireOpen(await requireUnidentified(tx, actor, unidentifiedId, true));
    const removed = await markUnidentifiedPhotoRemoved(tx, unidentifiedId, photoId, now);
    if (!removed) throw notFound('That photo');
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'unidentified.photo_removed',
        subjectType: 'unidentified',
        subjectId: unidentifiedId,
        details: { photoId },
      },
      now,
    );
    return removed;
  });
  await removePhotoVariants(deps.media, variants);
}
