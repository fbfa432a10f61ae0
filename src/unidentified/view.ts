// A record of an unidentified person or remains as staff see it: opened (audited), answered after a write,
// listed (audited with the ids shown), and its photos (each view audited). Every path checks reach first.
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Database, Queryable } from '../db/database.ts';
import { invalid, notFound } from '../http/problem.ts';
import type { PhotoVariant } from '../media/photos.ts';
import { unidentifiedOutOfReach } from './reach.ts';
import type { UnidentifiedList, UnidentifiedListQuery, UnidentifiedView } from './schemas.ts';
import {
  decodeCursor,
  encodeCursor,
  findReachableUnidentified,
  listUnidentified,
  marksOf,
  photosOf,
  unidentifiedPhotoVariants,
  type UnidentifiedRow,
} from './store.ts';

const iso = (date: Date) => date.toISOString();

export const unidentifiedPhotoUrl = (unidentifiedId: string, photoId: string, variant: PhotoVariant) =>
  `/api/v1/unidentified/${unidentifiedId}/photos/${photoId}/${variant}`;

async function fullView(db: Queryable, row: UnidentifiedRow): Promise<UnidentifiedView> {
  const marks = (await marksOf(db, [row.id])).get(row.id) ?? [];
  const photos = await photosOf(db, row.id);
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    status: row.status,
    owningOrganisation: { code: row.owning_organisation_code, name: row.owning_organisation_name },
    found: { at: iso(row.found_at), lon: row.found_lon, lat: row.found_lat, place: row.found_place },
    sex: row.sex,
    age: { min: row.age_min, max: row.age_max },
    heightCm: { min: row.height_min_cm, max: row.height_max_cm },
    build: row.build,
    hairColour: row.hair_colour,
    eyeColour: row.eye_colour,
    marks,
    clothing: row.clothing,
    belongings: row.belongings,
    dentalReference: row.dental_reference,
    dnaReference: row.dna_reference,
    notes: row.notes,
    identifiedCaseId: row.identified_case_id,
    resolvedAt: row.resolved_at ? iso(row.resolved_at) : null,
    resolutionNotes: row.resolution_notes,
    photos: photos.map((photo) => ({
      id: photo.id,
      caption: photo.caption,
      width: photo.width,
      height: photo.height,
      createdAt: iso(photo.created_at),
      urls: {
        thumb: unidentifiedPhotoUrl(row.id, photo.id, 'thumb'),
        page: unidentifiedPhotoUrl(row.id, photo.id, 'page'),
        full: unidentifiedPhotoUrl(row.id, photo.id, 'full'),
      },
    })),
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/** Opening a record: refused out of reach (404, audited as a refusal), else the whole record, its reading audited. */
export async function openUnidentified(db: Queryable, actor: Actor, unidentifiedId: string, now: Date): Promise<UnidentifiedView> {
  const row = await findReachableUnidentified(db, actor, unidentifiedId);
  if (!row) throw unidentifiedOutOfReach(unidentifiedId);
  await appendAudit(db, { ...auditActor(actor), action: 'unidentified.viewed', subjectType: 'unidentified', subjectId: row.id }, now);
  return fullView(db, row);
}

/** The record as a write answers it (the write itself is the audited act). */
export async function unidentifiedAnswer(db: Queryable, actor: Actor, unidentifiedId: string): Promise<UnidentifiedView> {
  const row = await findReachableUnidentified(db, actor, unidentifiedId);
  if (!row) throw unidentifiedOutOfReach(unidentifiedId);
  return fullView(db, row);
}

/** A photo of the record (the key of its stored file), refused as opening the record is; its viewing audited. */
export async function openUnidentifiedPhoto(
  db: Queryable,
  actor: Actor,
  photo: { unidentifiedId: string; photoId: string; variant: PhotoVariant },
  now: Date,
): Promise<string> {
  const { unidentifiedId, photoId, variant } = photo;
  const row = await findReachableUnidentified(db, actor, unidentifiedId);
  if (!row) throw unidentifiedOutOfReach(unidentifiedId);
  const variants = await unidentifiedPhotoVariants(db, unidentifiedId, photoId);
  if (!variants) throw notFound('That photo');
  await appendAudit(
    db,
    {
      ...auditActor(actor),
      action: 'unidentified.photo_viewed',
      subjectType: 'unidentified',
      subjectId: unidentifiedId,
      details: { photoId, variant },
    },
    now,
  );
  return variants[variant];
}

/** One page of the records the actor reaches, latest found first; which records it showed is audited with it. */
export async function listUnidentifiedPage(db: Database, actor: Actor, query: UnidentifiedListQuery, now: Date): Promise<UnidentifiedList> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (query.cursor && !cursor) throw invalid('/querystring/cursor', 'is not a cursor this API gave out');
  const limit = query.limit ?? 25;
  const { shown, more } = await db.transaction(async (tx) => {
    const found = await listUnidentified(tx, actor, query, cursor);
    const page = found.slice(0, limit);
    const { cursor: _cursor, ...filters } = query;
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'unidentified.listed',
        subjectType: 'unidentified_list',
        details: { filters, ids: page.map((row) => row.id), more: found.length > limit },
      },
      now,
    );
    return { shown: page, more: found.length > limit };
  });
  const last = shown[shown.length - 1];
  return {
    items: shown.map((row) => ({
      id: row.id,
      reference: row.reference,
      kind: row.kind,
      status: row.status,
      owningOrganisationCode: row.owning_organisation_code,
      foundAt: iso(row.found_at),
      foundPlace: row.found_place,
      sex: row.sex,
      age: { min: row.age_min, max: row.age_max },
    })),
    nextCursor: more && last ? encodeCursor({ foundAt: iso(last.found_at), id: last.id }) : null,
  };
}
