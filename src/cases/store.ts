// Data access for missing-child cases. Every query that returns a case is limited by `caseReach`.
import { parseInstant } from '../http/dates.ts';
import { staffEmails } from '../auth/staff-names.ts';
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { join, raw, sql, type Sql } from '../db/sql.ts';
import { jurisdictionNameRows } from '../geo/jurisdictions-store.ts';
import type { PhotoVariant } from '../media/photos.ts';
import { organisationNameRows } from '../orgs/store.ts';
import { indexChildNames, NAME_FIELDS } from './name-index.ts';
import type { RiskLevel } from './risk.ts';
import { caseReach } from './reach.ts';
import type { ShareField, SharePurpose } from './share-fields.ts';
import type { CaseListQuery, CaseView, ChildInput } from './schemas.ts';

export type CaseRow = Row<
  'cases',
  | 'id'
  | 'reference'
  | 'child_id'
  | 'owning_organisation_id'
  | 'jurisdiction_id'
  | 'status'
  | 'reported_at'
  | 'last_seen_at'
  | 'last_seen_lon'
  | 'last_seen_lat'
  | 'last_seen_place'
  | 'circumstances'
  | 'clothing'
  | 'vehicle'
  | 'suspect'
  | 'risk_level'
  | 'sensitive'
  | 'exercise'
  | 'outcome'
  | 'outcome_notes'
  | 'closed_at'
  | 'version'
  | 'created_at'
  | 'updated_at'
> & {
  status: 'open' | 'closed';
  risk_level: RiskLevel | null;
  outcome: CaseView['outcome'];
  owning_organisation_code: string;
  owning_organisation_name: string;
  jurisdiction_code: string;
  jurisdiction_name: string;
};

const CASE_SELECT = sql`
  SELECT c.id, c.reference, c.child_id, c.owning_organisation_id, o.code AS owning_organisation_code, o.name AS owning_organisation_name,
         c.jurisdiction_id, j.code AS jurisdiction_code, j.name AS jurisdiction_name, c.status, c.reported_at, c.last_seen_at,
         c.last_seen_lon, c.last_seen_lat, c.last_seen_place, c.circumstances, c.clothing, c.vehicle, c.suspect, c.risk_level,
         c.sensitive, c.exercise, c.outcome, c.outcome_notes, c.closed_at, c.version, c.created_at, c.updated_at
    FROM cases c
    JOIN (${organisationNameRows()}) o ON o.id = c.owning_organisation_id
    JOIN (${jurisdictionNameRows()}) j ON j.id = c.jurisdiction_id`;

/** A case with the live share that discloses it to an organisation (not revoked, not ended at `now`). */
export type SharedCaseRow = CaseRow &
  Row<'case_shares', 'reason' | 'shared_at' | 'ends_at'> & { purpose: SharePurpose; fields: ShareField[] };

const LIVE_SHARE = (organisationId: string, now: Date) =>
  sql`JOIN case_shares s ON s.case_id = q.id AND s.organisation_id = ${organisationId} AND s.revoked_at IS NULL AND s.ends_at > ${now}`;

/** The case shared with the organisation, if a share of it is live at `now`. */
export async function findSharedCase(db: Queryable, organisationId: string, caseId: string, now: Date): Promise<SharedCaseRow | undefined> {
  const { rows } = await db.query<SharedCaseRow>(
    sql`SELECT q.*, s.reason, s.purpose, s.fields, s.shared_at, s.ends_at FROM (${CASE_SELECT}) q ${LIVE_SHARE(organisationId, now)}
         WHERE q.id = ${caseId}`,
  );
  return rows[0];
}

/** Every case shared with the organisation by a share live at `now`, most recently shared first. */
export async function listSharedCases(db: Queryable, organisationId: string, now: Date): Promise<SharedCaseRow[]> {
  const { rows } = await db.query<SharedCaseRow>(
    sql`SELECT q.*, s.reason, s.purpose, s.fields, s.shared_at, s.ends_at FROM (${CASE_SELECT}) q ${LIVE_SHARE(organisationId, now)}
         ORDER BY s.shared_at DESC LIMIT 200`,
  );
  return rows;
}

/** The case if the actor may reach it; undefined both when it does not exist and when it is out of reach. */
export async function findReachableCase(
  db: Queryable,
  actor: Actor,
  caseId: string,
  options: { forUpdate?: boolean } = {},
): Promise<CaseRow | undefined> {
  const { rows } = await db.query<CaseRow>(
    sql`${CASE_SELECT} WHERE c.id = ${caseId} AND ${caseReach(actor, 'c')}${options.forUpdate ? sql` FOR UPDATE OF c` : sql``}`,
  );
  return rows[0];
}

export type ChildRow = Row<
  'children',
  | 'id'
  | 'given_names'
  | 'family_name'
  | 'known_as'
  | 'aliases'
  | 'date_of_birth'
  | 'estimated_age'
  | 'sex'
  | 'height_cm'
  | 'build'
  | 'hair_colour'
  | 'eye_colour'
  | 'distinguishing_marks'
  | 'languages'
> & { sex: 'female' | 'male' | 'other' | 'unknown' };

/** The child of a case; the case is the caller's to have found (and checked the actor reaches). */
export async function childIdOfCase(db: Queryable, caseId: string): Promise<string> {
  const { rows } = await db.query<Row<'cases', 'child_id'>>(sql`SELECT child_id FROM cases WHERE id = ${caseId}`);
  return rows[0]!.child_id;
}

/** Column of `children` for each field of ChildInput. */
export const CHILD_COLUMNS: Record<keyof ChildInput, keyof Row<'children'>> = {
  givenNames: 'given_names',
  familyName: 'family_name',
  knownAs: 'known_as',
  aliases: 'aliases',
  dateOfBirth: 'date_of_birth',
  estimatedAge: 'estimated_age',
  sex: 'sex',
  heightCm: 'height_cm',
  build: 'build',
  hairColour: 'hair_colour',
  eyeColour: 'eye_colour',
  distinguishingMarks: 'distinguishing_marks',
  languages: 'languages',
};

export async function insertChild(db: Queryable, child: ChildInput, now: Date): Promise<string> {
  const fields = Object.keys(CHILD_COLUMNS) as (keyof ChildInput)[];
  const values = fields.map((field) => child[field] ?? (field === 'aliases' || field === 'languages' ? [] : null));
  const columns = fields.map((field) => raw(CHILD_COLUMNS[field]));
  const { rows } = await db.query<Row<'children', 'id'>>(
    sql`INSERT INTO children (${join(columns, ', ')}, created_at, updated_at) VALUES (${join(values, ', ')}, ${now}, ${now}) RETURNING id`,
  );
  await indexChildNames(db, [rows[0]!.id]);
  return rows[0]!.id;
}

export async function updateChild(db: Queryable, childId: string, patch: Partial<ChildInput>, now: Date): Promise<string[]> {
  const fields = (Object.keys(patch) as (keyof ChildInput)[]).filter((field) => patch[field] !== undefined);
  if (fields.length === 0) return [];
  const sets = fields.map(
    (field) => sql`${raw(CHILD_COLUMNS[field])} = ${patch[field] ?? (field === 'aliases' || field === 'languages' ? [] : null)}`,
  );
  await db.query(sql`UPDATE children SET ${join(sets, ', ')}, updated_at = ${now} WHERE id = ${childId}`);
  if (fields.some((field) => (NAME_FIELDS as readonly string[]).includes(field))) await indexChildNames(db, [childId]);
  return fields;
}

export async function nextCaseReference(db: Queryable, organisationCode: string, now: Date): Promise<string> {
  const { rows } = await db.query<{ n: number }>(`SELECT nextval('case_reference_seq') AS n`);
  return `${organisationCode.toUpperCase()}-${now.getUTCFullYear()}-${String(rows[0]!.n).padStart(6, '0')}`;
}

/** Records a stored photo of the case's child (an upload, or a photo carried from a Philomena profile). */
export async function insertPhoto(
  db: Queryable,
  photo: {
    childId: string;
    caseId: string;
    caption: string;
    width: number;
    height: number;
    variants: Record<PhotoVariant, string>;
    by: string;
  },
  now: Date,
): Promise<string> {
  const { rows } = await db.query<Row<'photos', 'id'>>(
    sql`INSERT INTO photos (child_id, case_id, caption, width, height, variants, uploaded_by, created_at)
        VALUES (${photo.childId}, ${photo.caseId}, ${photo.caption}, ${photo.width}, ${photo.height}, ${JSON.stringify(photo.variants)}::jsonb,
                ${photo.by}, ${now})
        RETURNING id`,
  );
  return rows[0]!.id;
}

/** The stored files of a photo of the child that has not been removed, or undefined. */
export async function photoVariantsOf(db: Queryable, childId: string, photoId: string): Promise<Record<PhotoVariant, string> | undefined> {
  const { rows } = await db.query<{ variants: Record<PhotoVariant, string> }>(
    sql`SELECT variants FROM photos WHERE id = ${photoId} AND child_id = ${childId} AND removed_at IS NULL`,
  );
  return rows[0]?.variants;
}

/** Marks a photo of the child removed and returns its stored files, or undefined if there was none to remove. */
export async function markPhotoRemoved(
  db: Queryable,
  childId: string,
  photoId: string,
  now: Date,
): Promise<Record<string, string> | undefined> {
  const { rows } = await db.query<{ variants: Record<string, string> }>(
    sql`UPDATE photos SET removed_at = ${now} WHERE id = ${photoId} AND child_id = ${childId} AND removed_at IS NULL RETURNING variants`,
  );
  return rows[0]?.variants;
}

/** Ends the case's current share with the organisation; false if there was none. */
export async function revokeShare(db: Queryable, caseId: string, organisationId: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    sql`UPDATE case_shares SET revoked_at = ${now} WHERE case_id = ${caseId} AND revoked_at IS NULL AND organisation_id = ${organisationId}`,
  );
  return rowCount > 0;
}

export function ageOn(dateOfBirth: string | null, estimatedAge: number | null, on: Date): number | null {
  if (!dateOfBirth) return estimatedAge;
  const [year, month, day] = dateOfBirth.split('-').map(Number) as [number, number, number];
  let age = on.getUTCFullYear() - year;
  if (on.getUTCMonth() + 1 < month || (on.getUTCMonth() + 1 === month && on.getUTCDate() < day)) age -= 1;
  return age;
}

/**
 * What the page of an approved public appeal says of its child: the names as recorded and the age when last
 * seen. Nothing else of the child's record leaves the service this way.
 */
export async function appealChild(db: Queryable, caseId: string, lastSeenAt: Date): Promise<{ name: string; age: number | null }> {
  const { rows } = await db.query<Row<'children', 'given_names' | 'family_name' | 'date_of_birth' | 'estimated_age'>>(
    sql`SELECT ch.given_names, ch.family_name, ch.date_of_birth, ch.estimated_age FROM cases c JOIN children ch ON ch.id = c.child_id WHERE c.id = ${caseId}`,
  );
  const child = rows[0]!;
  return { name: `${child.given_names} ${child.family_name}`.trim(), age: ageOn(child.date_of_birth, child.estimated_age, lastSeenAt) };
}

/** The child of a case; callers have already checked that the actor reaches the case. */
export async function findChild(db: Queryable, childId: string): Promise<ChildRow> {
  const { rows } = await db.query<ChildRow>(
    sql`SELECT id, given_names, family_name, known_as, aliases, date_of_birth, estimated_age, sex, height_cm, build, hair_colour,
               eye_colour, distinguishing_marks, languages FROM children WHERE id = ${childId}`,
  );
  return rows[0]!;
}

export type RiskAnswerRow = Row<'risk_answers', 'question' | 'detail' | 'source' | 'answered_at'> & {
  answer: 'yes' | 'no' | 'unknown';
  recorded_by: string;
};
export type RiskGradingRow = Row<'risk_gradings', 'rationale' | 'graded_at'> & {
  level: RiskLevel;
  suggested_level: RiskLevel;
  graded_by: string;
};
export type CasePhotoRow = Row<'photos', 'id' | 'caption' | 'width' | 'height' | 'created_at'>;
export type EpisodeRow = Row<'cases', 'id' | 'reference' | 'reported_at' | 'status' | 'outcome'> & { reachable: boolean };
export type ShareRow = Row<'organisations', 'code' | 'name'> &
  Row<'case_shares', 'reason' | 'shared_at' | 'ends_at'> & { purpose: SharePurpose; fields: ShareField[] };

/**
 * What a case page shows beside the case itself: the child, the risk answers and gradings with who gave them,
 * photos, every episode of the child (with which the actor reaches) and current shares. Only the case view
 * (case-view.ts) reads this, so that the sensitive-case rule is applied to all of it.
 */
export async function caseDetails(db: Queryable, actor: Actor, row: CaseRow) {
  const child = await findChild(db, row.child_id);
  const { rows: answers } = await db.query<RiskAnswerRow>(
    sql`SELECT a.question, a.answer, a.detail, a.source, a.answered_at, u.email AS recorded_by
          FROM risk_answers a JOIN ${staffEmails()} u ON u.id = a.recorded_by WHERE a.case_id = ${row.id} ORDER BY a.recorded_at, a.id`,
  );
  const { rows: gradings } = await db.query<RiskGradingRow>(
    sql`SELECT g.level, g.suggested_level, g.rationale, u.email AS graded_by, g.graded_at
          FROM risk_gradings g JOIN ${staffEmails()} u ON u.id = g.graded_by WHERE g.case_id = ${row.id} ORDER BY g.graded_at, g.id`,
  );
  const { rows: photos } = await db.query<CasePhotoRow>(
    sql`SELECT id, caption, width, height, created_at FROM photos WHERE child_id = ${row.child_id} AND removed_at IS NULL ORDER BY created_at DESC`,
  );
  const { rows: episodes } = await db.query<EpisodeRow>(
    sql`SELECT c.id, c.reference, c.reported_at, c.status, c.outcome, (${caseReach(actor, 'c')}) AS reachable
          FROM cases c WHERE c.child_id = ${row.child_id} ORDER BY c.reported_at DESC`,
  );
  const { rows: shares } = await db.query<ShareRow>(
    sql`SELECT o.code, o.name, s.reason, s.purpose, s.fields, s.shared_at, s.ends_at FROM case_shares s JOIN (${organisationNameRows()}) o ON o.id = s.organisation_id
         WHERE s.case_id = ${row.id} AND s.revoked_at IS NULL ORDER BY s.shared_at`,
  );
  return { child, answers, gradings, photos, episodes, shares };
}

interface Cursor {
  /** Exercises come after every real case, so the cursor says which of the two the page ended in. */
  exercise?: boolean;
  reportedAt: string;
  id: string;
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function decodeCursor(text: string): Cursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (
      typeof value.reportedAt !== 'string' ||
      !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value.reportedAt) ||
      !parseInstant(value.reportedAt)
    )
      return undefined;
    if (typeof value.id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value.id)) return undefined;
    if (value.exercise !== undefined && typeof value.exercise !== 'boolean') return undefined;
    return value;
  } catch {
    return undefined;
  }
}

export type CaseSummaryRow = Row<
  'cases',
  'id' | 'reference' | 'status' | 'risk_level' | 'reported_at' | 'last_seen_at' | 'last_seen_place' | 'sensitive' | 'exercise'
> &
  Row<'children', 'given_names' | 'family_name' | 'known_as' | 'date_of_birth' | 'estimated_age' | 'sex'> & {
    risk_level: RiskLevel | null;
    owning_organisation_code: string;
    episodes: number;
  };

/** One page of the cases the actor may reach, newest report first (keyset pagination). */
export async function searchCases(
  db: Queryable,
  actor: Actor,
  query: CaseListQuery,
  cursor: Cursor | undefined,
  options: { namesOfSensitiveCases: boolean },
): Promise<CaseSummaryRow[]> {
  const where: Sql[] = [caseReach(actor, 'c')];
  if (query.q) {
    // Names, known-as and aliases, and the reference. A sensitive case matches by name only when the search
    // came with a reason: that it matches a name already says who it is about.
    const pattern = `%${query.q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    const byName = sql`(lower(ch.given_names || ' ' || ch.family_name) LIKE ${pattern} OR lower(coalesce(ch.known_as, '')) LIKE ${pattern}
                 OR EXISTS (SELECT 1 FROM unnest(ch.aliases) alias WHERE lower(alias) LIKE ${pattern}))`;
    where.push(
      sql`(lower(c.reference) LIKE ${pattern} OR ${options.namesOfSensitiveCases ? byName : sql`(NOT c.sensitive AND ${byName})`})`,
    );
  }
  if (query.status) where.push(sql`c.status = ${query.status}`);
  if (query.risk) where.push(sql`c.risk_level = ${query.risk}`);
  if (query.force) where.push(sql`o.code = ${query.force}`);
  if (query.reportedFrom) where.push(sql`c.reported_at >= ${query.reportedFrom}::timestamptz`);
  if (query.reportedTo) where.push(sql`c.reported_at < ${query.reportedTo}::timestamptz`);
  if (cursor) {
    where.push(
      sql`(NOT c.exercise, c.reported_at, c.id) < (${!(cursor.exercise ?? false)}::boolean, ${cursor.reportedAt}::timestamptz, ${cursor.id}::uuid)`,
    );
  }
  const { rows } = await db.query<CaseSummaryRow>(
    sql`SELECT c.id, c.reference, c.status, ch.given_names, ch.family_name, ch.known_as, ch.date_of_birth, ch.estimated_age, ch.sex,
            c.risk_level, o.code AS owning_organisation_code, c.reported_at, c.last_seen_at, c.last_seen_place, c.sensitive, c.exercise,
            (SELECT count(*) FROM cases other WHERE other.child_id = c.child_id)::int AS episodes
       FROM cases c JOIN children ch ON ch.id = c.child_id JOIN (${organisationNameRows()}) o ON o.id = c.owning_organisation_id
      WHERE ${join(where, ' AND ')}
      ORDER BY c.exercise, c.reported_at DESC, c.id DESC
      LIMIT ${(query.limit ?? 25) + 1}`,
  );
  return rows;
}

export type CaseOwnerRow = Row<'cases', 'id' | 'reference' | 'child_id' | 'owning_organisation_id'>;

/** Each case's reference, child and owner, for registers that list many cases' events. */
export async function caseOwners(db: Queryable, caseIds: readonly string[]): Promise<Map<string, CaseOwnerRow>> {
  if (caseIds.length === 0) return new Map();
  const { rows } = await db.query<CaseOwnerRow>(
    sql`SELECT id, reference, child_id, owning_organisation_id FROM cases WHERE id = ANY(${[...new Set(caseIds)]}::uuid[])`,
  );
  return new Map(rows.map((row) => [row.id, row]));
}
