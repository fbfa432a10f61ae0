// Data access for unidentified people and remains: the records, their marks and photos. Every query that
// returns a record to a member of staff is limited by `unidentifiedReach`; the two functions for the matcher
// at the end read without an actor, and whoever shows their results applies the reach.
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { join, raw, sql, type Sql } from '../db/sql.ts';
import { parseInstant } from '../http/dates.ts';
import type { PhotoVariant } from '../media/photos.ts';
import { organisationNameRows } from '../orgs/store.ts';
import { unidentifiedReach } from './reach.ts';
import type { Mark, NewUnidentifiedRequest, UnidentifiedListQuery } from './schemas.ts';
import type {
  BodyLocation,
  Build,
  EyeColour,
  HairColour,
  MarkKind,
  UnidentifiedKind,
  UnidentifiedSex,
  UnidentifiedStatus,
} from './vocabulary.ts';

/** The words of a record's columns, narrowed from text to the lists the API checks them against. */
interface Words {
  kind: UnidentifiedKind;
  status: UnidentifiedStatus;
  sex: UnidentifiedSex;
  build: Build | null;
  hair_colour: HairColour | null;
  eye_colour: EyeColour | null;
}

export type UnidentifiedRow = Row<
  'unidentified_people',
  | 'id'
  | 'reference'
  | 'owning_organisation_id'
  | 'found_at'
  | 'found_place'
  | 'found_lon'
  | 'found_lat'
  | 'age_min'
  | 'age_max'
  | 'height_min_cm'
  | 'height_max_cm'
  | 'clothing'
  | 'belongings'
  | 'dental_reference'
  | 'dna_reference'
  | 'notes'
  | 'identified_case_id'
  | 'resolved_at'
  | 'resolution_notes'
  | 'version'
  | 'created_at'
  | 'updated_at'
> &
  Words & { owning_organisation_code: string; owning_organisation_name: string };

const RECORD_SELECT = sql`
  SELECT u.id, u.reference, u.kind, u.status, u.owning_organisation_id, o.code AS owning_organisation_code,
         o.name AS owning_organisation_name, u.found_at, u.found_place, u.found_lon, u.found_lat, u.sex, u.age_min, u.age_max,
         u.height_min_cm, u.height_max_cm, u.build, u.hair_colour, u.eye_colour, u.clothing, u.belongings, u.dental_reference,
         u.dna_reference, u.notes, u.identified_case_id, u.resolved_at, u.resolution_notes, u.version, u.created_at, u.updated_at
    FROM unidentified_people u
    JOIN (${organisationNameRows()}) o ON o.id = u.owning_organisation_id`;

/** The record if the actor may reach it; undefined both when it does not exist and when it is out of reach. */
export async function findReachableUnidentified(
  db: Queryable,
  actor: Actor,
  unidentifiedId: string,
  options: { forUpdate?: boolean } = {},
): Promise<UnidentifiedRow | undefined> {
  const { rows } = await db.query<UnidentifiedRow>(
    sql`${RECORD_SELECT} WHERE u.id = ${unidentifiedId} AND ${unidentifiedReach(actor, 'u')}${options.forUpdate ? sql` FOR UPDATE OF u` : sql``}`,
  );
  return rows[0];
}

/** A reference in the cases' form with a U after the owner ("FORCE-A-U-2026-000042"), so no one takes it for a case. */
export async function nextUnidentifiedReference(db: Queryable, organisationCode: string, now: Date): Promise<string> {
  const { rows } = await db.query<{ n: number }>(`SELECT nextval('unidentified_reference_seq') AS n`);
  return `${organisationCode.toUpperCase()}-U-${now.getUTCFullYear()}-${String(rows[0]!.n).padStart(6, '0')}`;
}

/** The description fields a request may set, with their columns (marks and the place found are kept apart). */
export type DescriptionField = Exclude<keyof NewUnidentifiedRequest, 'kind' | 'found' | 'owningOrganisationCode' | 'marks'>;
export const DESCRIPTION_COLUMNS: Record<DescriptionField, keyof Row<'unidentified_people'>> = {
  sex: 'sex',
  ageMin: 'age_min',
  ageMax: 'age_max',
  heightMinCm: 'height_min_cm',
  heightMaxCm: 'height_max_cm',
  build: 'build',
  hairColour: 'hair_colour',
  eyeColour: 'eye_colour',
  clothing: 'clothing',
  belongings: 'belongings',
  dentalReference: 'dental_reference',
  dnaReference: 'dna_reference',
  notes: 'notes',
};
// Text columns are never null: leaving one out, or clearing it, stores the empty text.
const TEXT_FIELDS = new Set<DescriptionField>(['clothing', 'belongings', 'notes']);

export const descriptionValue = (field: DescriptionField, value: string | number | null | undefined) =>
  value ?? (TEXT_FIELDS.has(field) ? '' : null);

export async function insertUnidentified(
  tx: Queryable,
  record: NewUnidentifiedRequest & { reference: string; ownerId: string; createdBy: string },
  now: Date,
): Promise<string> {
  const fields = Object.keys(DESCRIPTION_COLUMNS) as DescriptionField[];
  const columns = fields.map((field) => raw(DESCRIPTION_COLUMNS[field]));
  const values = fields.map((field) => descriptionValue(field, record[field]));
  const { rows } = await tx.query<Row<'unidentified_people', 'id'>>(
    sql`INSERT INTO unidentified_people (reference, kind, owning_organisation_id, found_at, found_place, found_lon, found_lat,
                                         ${join(columns, ', ')}, created_by, created_at, updated_at)
        VALUES (${record.reference}, ${record.kind}, ${record.ownerId}, ${record.found.at}, ${record.found.place}, ${record.found.lon},
                ${record.found.lat}, ${join(values, ', ')}, ${record.createdBy}, ${now}, ${now})
        RETURNING id`,
  );
  return rows[0]!.id;
}

/** Sets the given columns of an open record and moves its version on. */
export async function updateUnidentifiedColumns(tx: Queryable, unidentifiedId: string, sets: Sql[], now: Date): Promise<void> {
  await tx.query(
    sql`UPDATE unidentified_people SET ${join([...sets, sql`updated_at = ${now}`, sql`version = version + 1`], ', ')}
         WHERE id = ${unidentifiedId}`,
  );
}

/** `column = value`, for `updateUnidentifiedColumns`. */
export const columnSet = (column: keyof Row<'unidentified_people'>, value: string | number | null) => sql`${raw(column)} = ${value}`;

/** Replaces the record's marks with `marks`, in their order. */
export async function replaceMarks(tx: Queryable, unidentifiedId: string, marks: readonly Mark[]): Promise<void> {
  await tx.query(sql`DELETE FROM unidentified_marks WHERE unidentified_id = ${unidentifiedId}`);
  if (marks.length === 0) return;
  const values = marks.map(
    (mark, position) => sql`(${unidentifiedId}, ${position}, ${mark.kind}, ${mark.bodyLocation}, ${mark.description ?? ''})`,
  );
  await tx.query(
    sql`INSERT INTO unidentified_marks (unidentified_id, position, kind, body_location, description) VALUES ${join(values, ', ')}`,
  );
}

export interface MarkFeature {
  kind: MarkKind;
  bodyLocation: BodyLocation;
  description: string;
}

/** The marks of each record, in the order recorded; the caller has the records (and checked their reach). */
export async function marksOf(db: Queryable, unidentifiedIds: readonly string[]): Promise<Map<string, MarkFeature[]>> {
  const marks = new Map<string, MarkFeature[]>(unidentifiedIds.map((id) => [id, []]));
  if (unidentifiedIds.length === 0) return marks;
  const { rows } = await db.query<
    Row<'unidentified_marks', 'unidentified_id' | 'description'> & { kind: MarkKind; body_location: BodyLocation }
  >(
    sql`SELECT unidentified_id, kind, body_location, description FROM unidentified_marks
         WHERE unidentified_id = ANY(${unidentifiedIds}::uuid[]) ORDER BY unidentified_id, position`,
  );
  for (const row of rows)
    marks.get(row.unidentified_id)?.push({ kind: row.kind, bodyLocation: row.body_location, description: row.description });
  return marks;
}

/** Ends an open record as identified (with the case it was, if any) or closed. */
export async function resolveUnidentified(
  tx: Queryable,
  unidentifiedId: string,
  resolution: { status: 'identified' | 'closed'; caseId: string | null; notes: string | null; by: string },
  now: Date,
): Promise<void> {
  await updateUnidentifiedColumns(
    tx,
    unidentifiedId,
    [
      columnSet('status', resolution.status),
      columnSet('identified_case_id', resolution.caseId),
      columnSet('resolution_notes', resolution.notes),
      columnSet('resolved_by', resolution.by),
      sql`resolved_at = ${now}`,
    ],
    now,
  );
}

interface Cursor {
  foundAt: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(text: string): Cursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor> | null;
    if (typeof value?.foundAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value.foundAt)) return undefined;
    if (!parseInstant(value.foundAt)) return undefined;
    if (typeof value.id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value.id)) return undefined;
    return { foundAt: value.foundAt, id: value.id };
  } catch {
    return undefined;
  }
}

export type UnidentifiedSummaryRow = Row<'unidentified_people', 'id' | 'reference' | 'found_at' | 'found_place' | 'age_min' | 'age_max'> &
  Pick<Words, 'kind' | 'status' | 'sex'> & { owning_organisation_code: string };

/** One page (and one more row, to tell whether there is another) of the records the actor reaches, latest found first. */
export async function listUnidentified(
  db: Queryable,
  actor: Actor,
  query: UnidentifiedListQuery,
  cursor: Cursor | undefined,
): Promise<UnidentifiedSummaryRow[]> {
  const where: Sql[] = [unidentifiedReach(actor, 'u')];
  if (query.kind) where.push(sql`u.kind = ${query.kind}`);
  if (query.status) where.push(sql`u.status = ${query.status}`);
  if (query.force) where.push(sql`o.code = ${query.force}`);
  if (cursor) where.push(sql`(u.found_at, u.id) < (${cursor.foundAt}::timestamptz, ${cursor.id}::uuid)`);
  const { rows } = await db.query<UnidentifiedSummaryRow>(
    sql`SELECT u.id, u.reference, u.kind, u.status, o.code AS owning_organisation_code, u.found_at, u.found_place, u.sex,
               u.age_min, u.age_max
          FROM unidentified_people u JOIN (${organisationNameRows()}) o ON o.id = u.owning_organisation_id
         WHERE ${join(where, ' AND ')}
         ORDER BY u.found_at DESC, u.id DESC
         LIMIT ${(query.limit ?? 25) + 1}`,
  );
  return rows;
}

export type UnidentifiedPhotoRow = Row<'unidentified_photos', 'id' | 'caption' | 'width' | 'height' | 'created_at'>;

export async function photosOf(db: Queryable, unidentifiedId: string): Promise<UnidentifiedPhotoRow[]> {
  const { rows } = await db.query<UnidentifiedPhotoRow>(
    sql`SELECT id, caption, width, height, created_at FROM unidentified_photos
         WHERE unidentified_id = ${unidentifiedId} AND removed_at IS NULL ORDER BY created_at DESC, id`,
  );
  return rows;
}

export async function insertUnidentifiedPhoto(
  tx: Queryable,
  photo: { unidentifiedId: string; caption: string; width: number; height: number; variants: Record<PhotoVariant, string>; by: string },
  now: Date,
): Promise<string> {
  const { rows } = await tx.query<Row<'unidentified_photos', 'id'>>(
    sql`INSERT INTO unidentified_photos (unidentified_id, caption, width, height, variants, uploaded_by, created_at)
        VALUES (${photo.unidentifiedId}, ${photo.caption}, ${photo.width}, ${photo.height}, ${JSON.stringify(photo.variants)}::jsonb,
                ${photo.by}, ${now})
        RETURNING id`,
  );
  return rows[0]!.id;
}

/** The stored files of a photo of the record that has not been removed, or undefined. */
export async function unidentifiedPhotoVariants(
  db: Queryable,
  unidentifiedId: string,
  photoId: string,
): Promise<Record<PhotoVariant, string> | undefined> {
  const { rows } = await db.query<{ variants: Record<PhotoVariant, string> }>(
    sql`SELECT variants FROM unidentified_photos WHERE id = ${photoId} AND unidentified_id = ${unidentifiedId} AND removed_at IS NULL`,
  );
  return rows[0]?.variants;
}

/** Marks a photo removed and returns its stored files, or undefined if there was none to remove. */
export async function markUnidentifiedPhotoRemoved(
  tx: Queryable,
  unidentifiedId: string,
  photoId: string,
  now: Date,
): Promise<Record<PhotoVariant, string> | undefined> {
  const { rows } = await tx.query<{ variants: Record<PhotoVariant, string> }>(
    sql`UPDATE unidentified_photos SET removed_at = ${now}
         WHERE id = ${photoId} AND unidentified_id = ${unidentifiedId} AND removed_at IS NULL RETURNING variants`,
  );
  return rows[0]?.variants;
}

/** What the matcher compares of a record: every feature structured, nothing of who looked at it. */
export interface UnidentifiedFeatures {
  id: string;
  reference: string;
  kind: UnidentifiedKind;
  status: UnidentifiedStatus;
  owningOrganisationId: string;
  foundAt: Date;
  foundPlace: string;
  foundLon: number;
  foundLat: number;
  sex: UnidentifiedSex;
  ageMin: number | null;
  ageMax: number | null;
  heightMinCm: number | null;
  heightMaxCm: number | null;
  build: Build | null;
  hairColour: HairColour | null;
  eyeColour: EyeColour | null;
  marks: MarkFeature[];
  clothing: string;
  belongings: string;
}

type FeatureRow = Row<
  'unidentified_people',
  | 'id'
  | 'reference'
  | 'owning_organisation_id'
  | 'found_at'
  | 'found_place'
  | 'found_lon'
  | 'found_lat'
  | 'age_min'
  | 'age_max'
  | 'height_min_cm'
  | 'height_max_cm'
  | 'clothing'
  | 'belongings'
> &
  Words;

const FEATURE_SELECT = sql`
  SELECT u.id, u.reference, u.kind, u.status, u.owning_organisation_id, u.found_at, u.found_place, u.found_lon, u.found_lat, u.sex,
         u.age_min, u.age_max, u.height_min_cm, u.height_max_cm, u.build, u.hair_colour, u.eye_colour, u.clothing, u.belongings
    FROM unidentified_people u`;

function features(row: FeatureRow, marks: MarkFeature[]): UnidentifiedFeatures {
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    status: row.status,
    owningOrganisationId: row.owning_organisation_id,
    foundAt: row.found_at,
    foundPlace: row.found_place,
    foundLon: row.found_lon,
    foundLat: row.found_lat,
    sex: row.sex,
    ageMin: row.age_min,
    ageMax: row.age_max,
    heightMinCm: row.height_min_cm,
    heightMaxCm: row.height_max_cm,
    build: row.build,
    hairColour: row.hair_colour,
    eyeColour: row.eye_colour,
    marks,
    clothing: row.clothing,
    belongings: row.belongings,
  };
}

/**
 * The features of one record, whatever its status, for the matcher; undefined if there is none. No reach is
 * applied and nothing is audited here: the matcher runs for no one, and what it shows to staff is limited then.
 */
export async function unidentifiedForMatching(db: Queryable, unidentifiedId: string): Promise<UnidentifiedFeatures | undefined> {
  const { rows } = await db.query<FeatureRow>(sql`${FEATURE_SELECT} WHERE u.id = ${unidentifiedId}`);
  const row = rows[0];
  if (!row) return undefined;
  const marks = await marksOf(db, [row.id]);
  return features(row, marks.get(row.id) ?? []);
}

/**
 * Every open record's features, a page at a time in id order (keyset, so records recorded meanwhile are not
 * skipped and no transaction is held between pages). For the matcher, with the same caveat as above.
 */
export async function* openUnidentifiedForMatching(db: Queryable, pageSize = 500): AsyncGenerator<UnidentifiedFeatures> {
  let after: string | null = null;
  for (;;) {
    const from: Sql = after === null ? sql`` : sql` AND u.id > ${after}::uuid`;
    const { rows }: { rows: FeatureRow[] } = await db.query<FeatureRow>(
      sql`${FEATURE_SELECT} WHERE u.status = 'open'${from} ORDER BY u.id LIMIT ${Math.max(1, Math.floor(pageSize))}`,
    );
    if (rows.length === 0) return;
    const marks = await marksOf(
      db,
      rows.map((row) => row.id),
    );
    for (const row of rows) yield features(row, marks.get(row.id) ?? []);
    after = rows[rows.length - 1]!.id;
  }
}

/** The hard limits a missing episode puts on the records of people found that it could be. */
export interface FoundLimits {
  /** The child's sex; "other" and "unknown" match any, as does a record whose sex is unknown. */
  sex: 'female' | 'male' | 'other' | 'unknown';
  /** Found no earlier than this. */
  lastSeenAt: Date;
  /** The child was born after `bornAfter` and no later than `bornBy`. */
  bornAfter: Date;
  bornBy: Date;
  /** Years by which an estimated age may be wrong beyond its range. */
  slackYears: number;
}

/**
 * Open records within the limits: found after the child was last seen, of a compatible sex, and with an age
 * range that, taken back to a date of birth, overlaps the child's. For the matcher, with the caveat above.
 */
export async function openUnidentifiedWithinLimits(db: Queryable, limits: FoundLimits): Promise<UnidentifiedFeatures[]> {
  const sex: Sql = limits.sex === 'female' || limits.sex === 'male' ? sql`u.sex IN (${limits.sex}, 'unknown')` : sql`TRUE`;
  const { rows } = await db.query<FeatureRow>(
    sql`${FEATURE_SELECT}
         WHERE u.status = 'open' AND u.found_at >= ${limits.lastSeenAt} AND ${sex}
           AND u.found_at - make_interval(years => coalesce(u.age_max, 120) + 1 + ${limits.slackYears}::int) < ${limits.bornBy}::timestamptz
           AND u.found_at - make_interval(years => coalesce(u.age_min, 0) - ${limits.slackYears}::int) > ${limits.bornAfter}::timestamptz`,
  );
  const marks = await marksOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => features(row, marks.get(row.id) ?? []));
}

/** Records of candidates under review, with their marks and whether the actor reaches each. */
export type UnidentifiedSideRow = FeatureRow &
  Row<'unidentified_people', 'notes'> & {
    owning_organisation_code: string;
    owning_organisation_name: string;
    reachable: boolean;
    marks: MarkFeature[];
  };

export async function unidentifiedSidesForReview(
  db: Queryable,
  actor: Actor,
  unidentifiedIds: readonly string[],
): Promise<Map<string, UnidentifiedSideRow>> {
  if (unidentifiedIds.length === 0) return new Map();
  const { rows } = await db.query<Omit<UnidentifiedSideRow, 'marks'>>(
    sql`SELECT u.id, u.reference, u.kind, u.status, u.owning_organisation_id, u.found_at, u.found_place, u.found_lon, u.found_lat, u.sex,
               u.age_min, u.age_max, u.height_min_cm, u.height_max_cm, u.build, u.hair_colour, u.eye_colour, u.clothing, u.belongings,
               u.notes, o.code AS owning_organisation_code, o.name AS owning_organisation_name,
               (${unidentifiedReach(actor, 'u')}) AS reachable
          FROM unidentified_people u JOIN (${organisationNameRows()}) o ON o.id = u.owning_organisation_id
         WHERE u.id = ANY(${unidentifiedIds}::uuid[])`,
  );
  const marks = await marksOf(
    db,
    rows.map((row) => row.id),
  );
  return new Map(rows.map((row) => [row.id, { ...row, marks: marks.get(row.id) ?? [] }]));
}

/** The ids of open records, to compose: `x.unidentified_id IN (${openUnidentifiedIds()})`. */
export function openUnidentifiedIds(): Sql {
  return sql`SELECT u.id FROM unidentified_people u WHERE u.status = 'open'`;
}
