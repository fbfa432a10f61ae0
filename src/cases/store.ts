// Data access for missing-child cases. Every query that returns a case is limited by `caseReach`.
import { parseInstant } from '../http/dates.ts';
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/database.ts';
import { join, raw, sql, type Sql } from '../db/sql.ts';
import type { PhotoVariant } from '../media/photos.ts';
import { latestAnswers, RISK_QUESTIONS, suggestRiskLevel, type RiskLevel } from './risk.ts';
import { caseReach } from './reach.ts';
import type { CaseListQuery, CaseView, ChildInput, WithheldCaseView } from './schemas.ts';

export interface CaseRow {
  id: string;
  reference: string;
  child_id: string;
  owning_organisation_id: string;
  owning_organisation_code: string;
  owning_organisation_name: string;
  jurisdiction_id: string;
  jurisdiction_code: string;
  jurisdiction_name: string;
  status: 'open' | 'closed';
  reported_at: Date;
  last_seen_at: Date;
  last_seen_lon: number;
  last_seen_lat: number;
  last_seen_place: string;
  circumstances: string;
  clothing: string;
  vehicle: string;
  suspect: string;
  risk_level: RiskLevel | null;
  sensitive: boolean;
  exercise: boolean;
  outcome: CaseView['outcome'];
  outcome_notes: string | null;
  closed_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const CASE_SELECT = `
  SELECT c.id, c.reference, c.child_id, c.owning_organisation_id, o.code AS owning_organisation_code, o.name AS owning_organisation_name,
         c.jurisdiction_id, j.code AS jurisdiction_code, j.name AS jurisdiction_name, c.status, c.reported_at, c.last_seen_at,
         c.last_seen_lon, c.last_seen_lat, c.last_seen_place, c.circumstances, c.clothing, c.vehicle, c.suspect, c.risk_level,
         c.sensitive, c.exercise, c.outcome, c.outcome_notes, c.closed_at, c.version, c.created_at, c.updated_at
    FROM cases c
    JOIN organisations o ON o.id = c.owning_organisation_id
    JOIN jurisdictions j ON j.id = c.jurisdiction_id`;

/** The case if the actor may reach it; undefined both when it does not exist and when it is out of reach. */
export async function findReachableCase(db: Queryable, actor: Actor, caseId: string, options: { forUpdate?: boolean } = {}): Promise<CaseRow | undefined> {
  const { rows } = await db.query<CaseRow>(
    sql`${raw(CASE_SELECT)} WHERE c.id = ${caseId} AND ${caseReach(actor, 'c')}${options.forUpdate ? sql` FOR UPDATE OF c` : sql``}`,
  );
  return rows[0];
}

export interface ChildRow {
  id: string;
  given_names: string;
  family_name: string;
  known_as: string | null;
  aliases: string[];
  date_of_birth: string | null;
  estimated_age: number | null;
  sex: 'female' | 'male' | 'other' | 'unknown';
  height_cm: number | null;
  build: string | null;
  hair_colour: string | null;
  eye_colour: string | null;
  distinguishing_marks: string | null;
  languages: string[];
}

/** Column of `children` for each field of ChildInput. */
export const CHILD_COLUMNS: Record<keyof ChildInput, string> = {
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
  const columns = fields.map((field) => CHILD_COLUMNS[field]);
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO children (${columns.join(', ')}, created_at, updated_at)
     VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')}, $${columns.length + 1}, $${columns.length + 1}) RETURNING id`,
    [...values, now],
  );
  return rows[0]!.id;
}

export async function updateChild(db: Queryable, childId: string, patch: Partial<ChildInput>, now: Date): Promise<string[]> {
  const fields = (Object.keys(patch) as (keyof ChildInput)[]).filter((field) => patch[field] !== undefined);
  if (fields.length === 0) return [];
  const sets = fields.map((field, i) => `${CHILD_COLUMNS[field]} = $${i + 2}`);
  await db.query(`UPDATE children SET ${sets.join(', ')}, updated_at = $${fields.length + 2} WHERE id = $1`, [
    childId,
    ...fields.map((field) => patch[field] ?? (field === 'aliases' || field === 'languages' ? [] : null)),
    now,
  ]);
  return fields;
}

export async function nextCaseReference(db: Queryable, organisationCode: string, now: Date): Promise<string> {
  const { rows } = await db.query<{ n: number }>(`SELECT nextval('case_reference_seq') AS n`);
  return `${organisationCode.toUpperCase()}-${now.getUTCFullYear()}-${String(rows[0]!.n).padStart(6, '0')}`;
}

/** The stored files of a photo of the child that has not been removed, or undefined. */
export async function photoVariantsOf(db: Queryable, childId: string, photoId: string): Promise<Record<PhotoVariant, string> | undefined> {
  const { rows } = await db.query<{ variants: Record<PhotoVariant, string> }>('SELECT variants FROM photos WHERE id = $1 AND child_id = $2 AND removed_at IS NULL', [photoId, childId]);
  return rows[0]?.variants;
}

/** Marks a photo of the child removed and returns its stored files, or undefined if there was none to remove. */
export async function markPhotoRemoved(db: Queryable, childId: string, photoId: string, now: Date): Promise<Record<string, string> | undefined> {
  const { rows } = await db.query<{ variants: Record<string, string> }>(
    'UPDATE photos SET removed_at = $3 WHERE id = $1 AND child_id = $2 AND removed_at IS NULL RETURNING variants',
    [photoId, childId, now],
  );
  return rows[0]?.variants;
}

/** Ends the case's current share with the organisation; false if there was none. */
export async function revokeShare(db: Queryable, caseId: string, organisationCode: string, now: Date): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE case_shares SET revoked_at = $3 WHERE case_id = $1 AND revoked_at IS NULL
       AND organisation_id = (SELECT id FROM organisations WHERE code = $2)`,
    [caseId, organisationCode, now],
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
  const { rows } = await db.query<{ given_names: string; family_name: string; date_of_birth: string | null; estimated_age: number | null }>(
    'SELECT ch.given_names, ch.family_name, ch.date_of_birth, ch.estimated_age FROM cases c JOIN children ch ON ch.id = c.child_id WHERE c.id = $1',
    [caseId],
  );
  const child = rows[0]!;
  return { name: `${child.given_names} ${child.family_name}`.trim(), age: ageOn(child.date_of_birth, child.estimated_age, lastSeenAt) };
}

const iso = (date: Date) => date.toISOString();

/** The child of a case; callers have already checked that the actor reaches the case. */
export async function findChild(db: Queryable, childId: string): Promise<ChildRow> {
  const { rows } = await db.query<ChildRow>(
    `SELECT id, given_names, family_name, known_as, aliases, date_of_birth, estimated_age, sex, height_cm, build, hair_colour,
            eye_colour, distinguishing_marks, languages FROM children WHERE id = $1`,
    [childId],
  );
  return rows[0]!;
}

/** Everything staff see on a case page, limited to what the actor may reach. */
export async function loadCaseView(db: Queryable, actor: Actor, row: CaseRow): Promise<CaseView> {
  const child = await findChild(db, row.child_id);
  const { rows: answers } = await db.query<{
    question: string;
    answer: 'yes' | 'no' | 'unknown';
    detail: string;
    source: string;
    answered_at: Date;
    recorded_by: string;
  }>(
    `SELECT a.question, a.answer, a.detail, a.source, a.answered_at, u.email AS recorded_by
       FROM risk_answers a JOIN users u ON u.id = a.recorded_by WHERE a.case_id = $1 ORDER BY a.recorded_at, a.id`,
    [row.id],
  );
  const { rows: gradings } = await db.query<{ level: RiskLevel; suggested_level: RiskLevel; rationale: string; graded_by: string; graded_at: Date }>(
    `SELECT g.level, g.suggested_level, g.rationale, u.email AS graded_by, g.graded_at
       FROM risk_gradings g JOIN users u ON u.id = g.graded_by WHERE g.case_id = $1 ORDER BY g.graded_at, g.id`,
    [row.id],
  );
  const { rows: photos } = await db.query<{ id: string; caption: string; width: number; height: number; created_at: Date }>(
    `SELECT id, caption, width, height, created_at FROM photos WHERE child_id = $1 AND removed_at IS NULL ORDER BY created_at DESC`,
    [row.child_id],
  );
  const { rows: episodes } = await db.query<{ id: string; reference: string; reported_at: Date; status: string; outcome: string | null; reachable: boolean }>(
    sql`SELECT c.id, c.reference, c.reported_at, c.status, c.outcome, (${caseReach(actor, 'c')}) AS reachable
          FROM cases c WHERE c.child_id = ${row.child_id} ORDER BY c.reported_at DESC`,
  );
  const { rows: shares } = await db.query<{ code: string; name: string; reason: string; shared_at: Date }>(
    `SELECT o.code, o.name, s.reason, s.shared_at FROM case_shares s JOIN organisations o ON o.id = s.organisation_id
      WHERE s.case_id = $1 AND s.revoked_at IS NULL ORDER BY s.shared_at`,
    [row.id],
  );
  const questionText = new Map(RISK_QUESTIONS.map((q) => [q.id, q.text]));
  const latest = latestAnswers(answers);
  const photoUrl = (photoId: string, variant: string) => `/api/v1/cases/${row.id}/photos/${photoId}/${variant}`;
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    owningOrganisation: { code: row.owning_organisation_code, name: row.owning_organisation_name },
    jurisdiction: { code: row.jurisdiction_code, name: row.jurisdiction_name },
    reportedAt: iso(row.reported_at),
    lastSeen: { at: iso(row.last_seen_at), lon: row.last_seen_lon, lat: row.last_seen_lat, place: row.last_seen_place },
    circumstances: row.circumstances,
    clothing: row.clothing,
    vehicle: row.vehicle,
    suspect: row.suspect,
    sensitive: row.sensitive,
    exercise: row.exercise,
    outcome: row.outcome,
    outcomeNotes: row.outcome_notes,
    closedAt: row.closed_at ? iso(row.closed_at) : null,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    child: {
      id: child.id,
      givenNames: child.given_names,
      familyName: child.family_name,
      knownAs: child.known_as,
      aliases: child.aliases,
      dateOfBirth: child.date_of_birth,
      estimatedAge: child.estimated_age,
      sex: child.sex,
      heightCm: child.height_cm,
      build: child.build,
      hairColour: child.hair_colour,
      eyeColour: child.eye_colour,
      distinguishingMarks: child.distinguishing_marks,
      languages: child.languages,
    },
    risk: {
      level: row.risk_level,
      suggestedLevel: suggestRiskLevel(latest),
      answers: latest.map((a) => ({
        question: a.question,
        questionText: questionText.get(a.question) ?? a.question,
        answer: a.answer,
        detail: a.detail,
        source: a.source,
        answeredAt: iso(a.answered_at),
        recordedBy: a.recorded_by,
      })),
      gradings: gradings.map((g) => ({ level: g.level, suggestedLevel: g.suggested_level, rationale: g.rationale, gradedBy: g.graded_by, gradedAt: iso(g.graded_at) })),
    },
    photos: photos.map((p) => ({
      id: p.id,
      caption: p.caption,
      width: p.width,
      height: p.height,
      createdAt: iso(p.created_at),
      urls: { thumb: photoUrl(p.id, 'thumb'), page: photoUrl(p.id, 'page'), full: photoUrl(p.id, 'full') },
    })),
    // Every episode counts (repeat missing is the strongest sign of harm); details only of those in reach.
    episodes: {
      total: episodes.length,
      items: episodes
        .filter((e) => e.reachable)
        .map((e) => ({ id: e.id, reference: e.reference, reportedAt: iso(e.reported_at), status: e.status, outcome: e.outcome })),
    },
    shares: shares.map((s) => ({ organisationCode: s.code, organisationName: s.name, reason: s.reason, sharedAt: iso(s.shared_at) })),
    identityWithheld: false,
  };
}

/** A sensitive case without the child's identity (see src/cases/disclosure.ts for when). */
export function withheldCaseView(row: CaseRow): WithheldCaseView {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    owningOrganisation: { code: row.owning_organisation_code, name: row.owning_organisation_name },
    jurisdiction: { code: row.jurisdiction_code, name: row.jurisdiction_name },
    reportedAt: iso(row.reported_at),
    sensitive: true,
    riskLevel: row.risk_level,
    outcome: row.outcome,
    closedAt: row.closed_at ? iso(row.closed_at) : null,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    identityWithheld: true,
  };
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
    if (typeof value.reportedAt !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value.reportedAt) || !parseInstant(value.reportedAt)) return undefined;
    if (typeof value.id !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value.id)) return undefined;
    if (value.exercise !== undefined && typeof value.exercise !== 'boolean') return undefined;
    return value;
  } catch {
    return undefined;
  }
}

export interface CaseSummaryRow {
  id: string;
  reference: string;
  status: string;
  given_names: string;
  family_name: string;
  known_as: string | null;
  date_of_birth: string | null;
  estimated_age: number | null;
  sex: string;
  risk_level: RiskLevel | null;
  owning_organisation_code: string;
  reported_at: Date;
  last_seen_at: Date;
  last_seen_place: string;
  sensitive: boolean;
  exercise: boolean;
  episodes: number;
}

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
    where.push(sql`(lower(c.reference) LIKE ${pattern} OR ${options.namesOfSensitiveCases ? byName : sql`(NOT c.sensitive AND ${byName})`})`);
  }
  if (query.status) where.push(sql`c.status = ${query.status}`);
  if (query.risk) where.push(sql`c.risk_level = ${query.risk}`);
  if (query.force) where.push(sql`o.code = ${query.force}`);
  if (query.reportedFrom) where.push(sql`c.reported_at >= ${query.reportedFrom}::timestamptz`);
  if (query.reportedTo) where.push(sql`c.reported_at < ${query.reportedTo}::timestamptz`);
  if (cursor) {
    where.push(sql`(NOT c.exercise, c.reported_at, c.id) < (${!(cursor.exercise ?? false)}::boolean, ${cursor.reportedAt}::timestamptz, ${cursor.id}::uuid)`);
  }
  const { rows } = await db.query<CaseSummaryRow>(
    sql`SELECT c.id, c.reference, c.status, ch.given_names, ch.family_name, ch.known_as, ch.date_of_birth, ch.estimated_age, ch.sex,
            c.risk_level, o.code AS owning_organisation_code, c.reported_at, c.last_seen_at, c.last_seen_place, c.sensitive, c.exercise,
            (SELECT count(*) FROM cases other WHERE other.child_id = c.child_id)::int AS episodes
       FROM cases c JOIN children ch ON ch.id = c.child_id JOIN organisations o ON o.id = c.owning_organisation_id
      WHERE ${join(where, ' AND ')}
      ORDER BY c.exercise, c.reported_at DESC, c.id DESC
      LIMIT ${(query.limit ?? 25) + 1}`,
  );
  return rows;
}
