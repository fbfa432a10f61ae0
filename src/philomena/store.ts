// Data access for Philomena profiles and carers' missing reports. Every query that returns a profile is
// limited by `profileReachSql`.
import type { PhilomenaReach } from '../auth/access.ts';
import { staffEmails } from '../auth/staff-names.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { join, raw, sql, type Sql } from '../db/sql.ts';
import { jurisdictionNameRows } from '../geo/jurisdictions-store.ts';
import { organisationNameRows } from '../orgs/store.ts';
import { profileReachSql } from './reach.ts';
import type { NewProfileRequest, ProfilePatch, ProfileRiskAnswer } from './schemas.ts';

export type ProfileRow = Row<
  'philomena_profiles',
  | 'id'
  | 'owning_organisation_id'
  | 'jurisdiction_id'
  | 'child_id'
  | 'given_names'
  | 'family_name'
  | 'known_as'
  | 'date_of_birth'
  | 'height_cm'
  | 'build'
  | 'hair_colour'
  | 'eye_colour'
  | 'distinguishing_marks'
  | 'languages'
  | 'description'
  | 'associates'
  | 'places'
  | 'phones_and_accounts'
  | 'medical_needs'
  | 'medication'
  | 'placement'
  | 'carer_contacts'
  | 'previous_episodes'
  | 'photos_review_by'
  | 'next_review_on'
  | 'last_reviewed_at'
  | 'version'
  | 'created_at'
  | 'updated_at'
> & {
  sex: 'female' | 'male' | 'other' | 'unknown';
  risk_answers: ProfileRiskAnswer[];
  owner_code: string;
  owner_name: string;
  area_code: string;
  area_name: string;
};

type ProfileField = Exclude<keyof ProfilePatch, 'version'>;

/** Column of `philomena_profiles` for each field a writer sets. */
const PROFILE_COLUMNS: Record<ProfileField, keyof Row<'philomena_profiles'>> = {
  givenNames: 'given_names',
  familyName: 'family_name',
  knownAs: 'known_as',
  dateOfBirth: 'date_of_birth',
  sex: 'sex',
  heightCm: 'height_cm',
  build: 'build',
  hairColour: 'hair_colour',
  eyeColour: 'eye_colour',
  distinguishingMarks: 'distinguishing_marks',
  languages: 'languages',
  description: 'description',
  associates: 'associates',
  places: 'places',
  phonesAndAccounts: 'phones_and_accounts',
  medicalNeeds: 'medical_needs',
  medication: 'medication',
  placement: 'placement',
  carerContacts: 'carer_contacts',
  previousEpisodes: 'previous_episodes',
  riskAnswers: 'risk_answers',
  photosReviewBy: 'photos_review_by',
  nextReviewOn: 'next_review_on',
};

const LIST_FIELDS = new Set<ProfileField>(['languages', 'associates', 'places', 'phonesAndAccounts', 'carerContacts']);
const TEXT_FIELDS = new Set<ProfileField>(['description', 'medicalNeeds', 'medication', 'placement', 'previousEpisodes']);

/** The value stored for a field: lists and texts are never null, risk answers are JSON. */
function columnValue(field: ProfileField, value: unknown): unknown {
  if (field === 'riskAnswers') return JSON.stringify(value ?? []);
  if (LIST_FIELDS.has(field)) return value ?? [];
  if (TEXT_FIELDS.has(field)) return value ?? '';
  return value ?? null;
}

const PROFILE_SELECT = sql`
  SELECT p.id, p.owning_organisation_id, o.code AS owner_code, o.name AS owner_name, p.jurisdiction_id, j.code AS area_code,
         j.name AS area_name, p.child_id, p.given_names, p.family_name, p.known_as, p.date_of_birth, p.sex, p.height_cm, p.build,
         p.hair_colour, p.eye_colour, p.distinguishing_marks, p.languages, p.description, p.associates, p.places,
         p.phones_and_accounts, p.medical_needs, p.medication, p.placement, p.carer_contacts, p.previous_episodes, p.risk_answers,
         p.photos_review_by, p.next_review_on, p.last_reviewed_at, p.version, p.created_at, p.updated_at
    FROM philomena_profiles p
    JOIN (${organisationNameRows()}) o ON o.id = p.owning_organisation_id
    JOIN (${jurisdictionNameRows()}) j ON j.id = p.jurisdiction_id`;

export async function insertProfile(
  db: Queryable,
  profile: Omit<NewProfileRequest, 'areaCode'>,
  owner: { organisationId: string; jurisdictionId: string; userId: string },
  now: Date,
): Promise<string> {
  const fields = Object.keys(PROFILE_COLUMNS) as ProfileField[];
  const columns = fields.map((field) => raw(PROFILE_COLUMNS[field]));
  const values = fields.map((field) => columnValue(field, profile[field]));
  const { rows } = await db.query<Row<'philomena_profiles', 'id'>>(
    sql`INSERT INTO philomena_profiles (${join(columns, ', ')}, owning_organisation_id, jurisdiction_id, child_id, created_by, created_at, updated_at)
        VALUES (${join(values, ', ')}, ${owner.organisationId}, ${owner.jurisdictionId}, ${profile.childId ?? null}, ${owner.userId}, ${now}, ${now})
        RETURNING id`,
  );
  return rows[0]!.id;
}

/** The profile if the reach includes it; undefined both when it does not exist and when it is out of reach. */
export async function findProfile(
  db: Queryable,
  reach: PhilomenaReach,
  profileId: string,
  options: { forUpdate?: boolean } = {},
): Promise<ProfileRow | undefined> {
  const { rows } = await db.query<ProfileRow>(
    sql`${PROFILE_SELECT} WHERE p.id = ${profileId} AND ${profileReachSql(reach, 'p')}${options.forUpdate ? sql` FOR UPDATE OF p` : sql``}`,
  );
  return rows[0];
}

/** The profile if a live share (not stopped, end not passed) discloses it to the organisation; else undefined. */
export async function findProfileSharedWith(
  db: Queryable,
  organisationId: string,
  profileId: string,
  now: Date,
): Promise<ProfileRow | undefined> {
  const { rows } = await db.query<ProfileRow>(
    sql`${PROFILE_SELECT} WHERE p.id = ${profileId}
          AND EXISTS (SELECT 1 FROM philomena_shares s WHERE s.profile_id = p.id AND s.organisation_id = ${organisationId}
                         AND s.revoked_at IS NULL AND s.ends_at > ${now})`,
  );
  return rows[0];
}

/** The owner and child of each profile, for the disclosure register. */
export async function profileOwners(
  db: Queryable,
  profileIds: string[],
): Promise<Map<string, Row<'philomena_profiles', 'id' | 'owning_organisation_id' | 'child_id'>>> {
  if (profileIds.length === 0) return new Map();
  const { rows } = await db.query<Row<'philomena_profiles', 'id' | 'owning_organisation_id' | 'child_id'>>(
    sql`SELECT id, owning_organisation_id, child_id FROM philomena_profiles WHERE id::text = ANY(${[...new Set(profileIds)]}::text[])`,
  );
  return new Map(rows.map((row) => [row.id, row]));
}

/** The ids of the profiles a reach includes (of one child when given), as a subquery for the disclosure register. */
export function reachableProfileIds(reach: PhilomenaReach, filters: { childId?: string | undefined }): Sql {
  const child = filters.childId ? sql` AND p.child_id = ${filters.childId}` : sql``;
  return sql`SELECT p.id FROM philomena_profiles p WHERE ${profileReachSql(reach, 'p')}${child}`;
}

/** Applies the fields given and returns their names; the caller has checked the version. */
export async function updateProfileFields(db: Queryable, profileId: string, patch: ProfilePatch, now: Date): Promise<string[]> {
  const fields = (Object.keys(PROFILE_COLUMNS) as ProfileField[]).filter((field) => patch[field] !== undefined);
  const sets: Sql[] = fields.map((field) => sql`${raw(PROFILE_COLUMNS[field])} = ${columnValue(field, patch[field])}`);
  await db.query(
    sql`UPDATE philomena_profiles SET ${join([...sets, sql`updated_at = ${now}`, sql`version = version + 1`], ', ')} WHERE id = ${profileId}`,
  );
  return fields;
}

export async function markReviewed(
  db: Queryable,
  profileId: string,
  review: { nextReviewOn: string; photosReviewBy: string | null | undefined; userId: string },
  now: Date,
): Promise<void> {
  const photos = review.photosReviewBy === undefined ? sql`photos_review_by` : sql`${review.photosReviewBy}::date`;
  await db.query(
    sql`UPDATE philomena_profiles SET next_review_on = ${review.nextReviewOn}, photos_review_by = ${photos}, last_reviewed_at = ${now},
               last_reviewed_by = ${review.userId}, updated_at = ${now}, version = version + 1
         WHERE id = ${profileId}`,
  );
}

/** Links the profile to the register's child (the first case made from it). */
export async function linkProfileChild(db: Queryable, profileId: string, childId: string): Promise<void> {
  await db.query(sql`UPDATE philomena_profiles SET child_id = ${childId} WHERE id = ${profileId}`);
}

export type ProfileSummaryRow = Row<
  'philomena_profiles',
  'id' | 'given_names' | 'family_name' | 'date_of_birth' | 'next_review_on' | 'photos_review_by'
> & { owner_code: string; owner_name: string; area_code: string; area_name: string; reported_missing: boolean };

/** The profiles in reach, soonest review first; `dueOn` keeps those whose review or photos' review is due by then. */
export async function listProfiles(
  db: Queryable,
  reach: PhilomenaReach,
  filters: { dueOn?: string; q?: string },
): Promise<ProfileSummaryRow[]> {
  const where: Sql[] = [profileReachSql(reach, 'p')];
  if (filters.dueOn) where.push(sql`(p.next_review_on <= ${filters.dueOn}::date OR p.photos_review_by <= ${filters.dueOn}::date)`);
  if (filters.q) {
    const pattern = `%${filters.q.toLowerCase().replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;
    where.push(sql`(lower(p.given_names || ' ' || p.family_name) LIKE ${pattern} OR lower(coalesce(p.known_as, '')) LIKE ${pattern})`);
  }
  const { rows } = await db.query<ProfileSummaryRow>(
    sql`SELECT p.id, p.given_names, p.family_name, p.date_of_birth, p.next_review_on, p.photos_review_by,
               o.code AS owner_code, o.name AS owner_name, j.code AS area_code, j.name AS area_name,
               EXISTS (SELECT 1 FROM philomena_missing_reports r WHERE r.profile_id = p.id AND r.case_id IS NULL) AS reported_missing
          FROM philomena_profiles p
          JOIN (${organisationNameRows()}) o ON o.id = p.owning_organisation_id
          JOIN (${jurisdictionNameRows()}) j ON j.id = p.jurisdiction_id
         WHERE ${join(where, ' AND ')}
         ORDER BY reported_missing DESC, p.next_review_on, p.family_name, p.id
         LIMIT 500`,
  );
  return rows;
}

export type WaitingReportRow = Row<
  'philomena_missing_reports',
  'id' | 'last_seen_at' | 'last_seen_place' | 'last_seen_lon' | 'last_seen_lat' | 'circumstances' | 'clothing' | 'reported_at'
> & { reported_by: string };

/** The carer's report of the child missing that no case has picked up yet, if any. */
export async function waitingReport(db: Queryable, profileId: string): Promise<WaitingReportRow | undefined> {
  const { rows } = await db.query<WaitingReportRow>(
    sql`SELECT r.id, r.last_seen_at, r.last_seen_place, r.last_seen_lon, r.last_seen_lat, r.circumstances, r.clothing, r.reported_at,
               u.email AS reported_by
          FROM philomena_missing_reports r JOIN ${staffEmails()} u ON u.id = r.reported_by
         WHERE r.profile_id = ${profileId} AND r.case_id IS NULL`,
  );
  return rows[0];
}

export async function insertMissingReport(
  db: Queryable,
  report: {
    profileId: string;
    lastSeen: { at: string; place: string; lon: number; lat: number };
    circumstances: string;
    clothing: string;
    userId: string;
  },
  now: Date,
): Promise<string> {
  const { rows } = await db.query<Row<'philomena_missing_reports', 'id'>>(
    sql`INSERT INTO philomena_missing_reports (profile_id, last_seen_at, last_seen_place, last_seen_lon, last_seen_lat, circumstances, clothing,
                                               reported_by, reported_at)
        VALUES (${report.profileId}, ${report.lastSeen.at}, ${report.lastSeen.place}, ${report.lastSeen.lon}, ${report.lastSeen.lat},
                ${report.circumstances}, ${report.clothing}, ${report.userId}, ${now})
        ON CONFLICT (profile_id) WHERE case_id IS NULL DO NOTHING
        RETURNING id`,
  );
  return rows[0]?.id ?? '';
}

export async function pickUpReport(db: Queryable, reportId: string, caseId: string, now: Date): Promise<void> {
  await db.query(sql`UPDATE philomena_missing_reports SET case_id = ${caseId}, picked_up_at = ${now} WHERE id = ${reportId}`);
}
