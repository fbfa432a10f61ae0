// Philomena profiles under the retention schedule and in subject access and erasure: the data access of the
// tables the philomena domain owns. The rules (periods, when erasure is allowed) are src/retention/'s.
import { childrenMissingNow } from '../cases/erasure.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql, type Sql } from '../db/sql.ts';
import { organisationNameRows } from '../orgs/store.ts';

/**
 * A profile no longer in use: nothing written, reviewed or reported on it since `cutoff`, no report of the child
 * missing waiting for the police, and the child not missing now. A profile in use is reviewed on a schedule (its
 * next review date), so one untouched for the whole period is kept for no one.
 */
function unusedBefore(cutoff: Date): Sql {
  return sql`greatest(p.updated_at, coalesce(p.last_reviewed_at, p.updated_at),
                      coalesce((SELECT max(coalesce(r.picked_up_at, r.reported_at)) FROM philomena_missing_reports r WHERE r.profile_id = p.id),
                               p.updated_at)) < ${cutoff}
         AND NOT EXISTS (SELECT 1 FROM philomena_missing_reports r WHERE r.profile_id = p.id AND r.case_id IS NULL)
         AND (p.child_id IS NULL OR p.child_id NOT IN (${childrenMissingNow()}))`;
}

export async function profilesUnusedBefore(db: Queryable, cutoff: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM philomena_profiles p WHERE ${unusedBefore(cutoff)}`);
  return rows[0]!.n;
}

/**
 * Deletes profiles with everything hung on them: missing reports, photos and shares. Returns how many profiles
 * went, and the media keys of their photos' files, for the caller to remove once the transaction has committed.
 */
async function deleteProfiles(tx: Queryable, ids: readonly string[]): Promise<{ deleted: number; mediaKeys: string[] }> {
  if (ids.length === 0) return { deleted: 0, mediaKeys: [] };
  const profiles = sql`${[...ids]}::uuid[]`;
  const { rows: photos } = await tx.query<{ variants: Record<string, string> }>(
    sql`DELETE FROM philomena_photos WHERE profile_id = ANY(${profiles}) RETURNING variants`,
  );
  await tx.query(sql`DELETE FROM philomena_shares WHERE profile_id = ANY(${profiles})`);
  await tx.query(sql`DELETE FROM philomena_missing_reports WHERE profile_id = ANY(${profiles})`);
  const deleted = (await tx.query(sql`DELETE FROM philomena_profiles WHERE id = ANY(${profiles})`)).rowCount;
  return { deleted, mediaKeys: photos.flatMap((photo) => Object.values(photo.variants)) };
}

/** Deletes one batch of profiles no longer in use, with their reports, photos and shares; returns the ids and photo files. */
export async function deleteProfilesUnusedBefore(
  tx: Queryable,
  cutoff: Date,
  batch: number,
): Promise<{ ids: string[]; mediaKeys: string[] }> {
  const { rows } = await tx.query<{ id: string }>(
    sql`SELECT p.id::text AS id FROM philomena_profiles p WHERE ${unusedBefore(cutoff)} ORDER BY p.updated_at, p.id LIMIT ${batch} FOR UPDATE`,
  );
  const ids = rows.map((row) => row.id);
  const { mediaKeys } = await deleteProfiles(tx, ids);
  return { ids, mediaKeys };
}

type ProfileRow = Omit<Row<'philomena_profiles'>, 'owning_organisation_id' | 'jurisdiction_id' | 'created_by' | 'last_reviewed_by'>;

/** The profiles written about these children (one person), for a subject access request; staff are not named. */
export async function profilesOfChildren(db: Queryable, childIds: readonly string[]): Promise<ProfileRow[]> {
  const { rows } = await db.query<ProfileRow>(
    sql`SELECT id, child_id, given_names, family_name, known_as, date_of_birth, sex, height_cm, build, hair_colour, eye_colour,
               distinguishing_marks, languages, description, associates, places, phones_and_accounts, medical_needs, medication,
               placement, carer_contacts, previous_episodes, risk_answers, photos_review_by, next_review_on, last_reviewed_at,
               version, created_at, updated_at
          FROM philomena_profiles WHERE child_id = ANY(${[...childIds]}::uuid[]) ORDER BY created_at`,
  );
  return rows;
}

export type ProfilePhotoRecord = Row<
  'philomena_photos',
  'id' | 'profile_id' | 'caption' | 'taken_on' | 'width' | 'height' | 'created_at' | 'removed_at'
>;
export type ProfileShareRecord = Row<
  'philomena_shares',
  'profile_id' | 'reason' | 'purpose' | 'fields' | 'ends_at' | 'shared_at' | 'revoked_at'
> & {
  organisation: string;
};

/** The photos of these profiles, described (the images are supplied separately), for a subject access request. */
export async function photosOfProfiles(db: Queryable, profileIds: readonly string[]): Promise<ProfilePhotoRecord[]> {
  const { rows } = await db.query<ProfilePhotoRecord>(
    sql`SELECT id, profile_id, caption, taken_on, width, height, created_at, removed_at
          FROM philomena_photos WHERE profile_id = ANY(${[...profileIds]}::uuid[]) ORDER BY created_at`,
  );
  return rows;
}

/** Every agency these profiles were disclosed to, with the purpose, the fields and the dates; staff are not named. */
export async function sharesOfProfiles(db: Queryable, profileIds: readonly string[]): Promise<ProfileShareRecord[]> {
  const { rows } = await db.query<ProfileShareRecord>(
    sql`SELECT s.profile_id, s.reason, s.purpose, s.fields, s.ends_at, s.shared_at, s.revoked_at, o.name AS organisation
          FROM philomena_shares s JOIN (${organisationNameRows()}) o ON o.id = s.organisation_id
         WHERE s.profile_id = ANY(${[...profileIds]}::uuid[]) ORDER BY s.shared_at`,
  );
  return rows;
}

/**
 * Erases the profiles of these children and every report that they went missing, including reports that made
 * one of `caseIds`; returns the profiles' ids (for their audit entries' personal details) and the counts.
 */
export async function eraseProfilesOfChildren(
  tx: Queryable,
  childIds: readonly string[],
  caseIds: readonly string[],
): Promise<{ profileIds: string[]; counts: Record<string, number>; mediaKeys: string[] }> {
  const { rows } = await tx.query<{ id: string }>(
    sql`SELECT id::text AS id FROM philomena_profiles WHERE child_id = ANY(${[...childIds]}::uuid[]) FOR UPDATE`,
  );
  const profileIds = rows.map((row) => row.id);
  const reports = (await tx.query(sql`DELETE FROM philomena_missing_reports WHERE case_id = ANY(${[...caseIds]}::uuid[])`)).rowCount;
  const { deleted, mediaKeys } = await deleteProfiles(tx, profileIds);
  return { profileIds, counts: { philomenaProfiles: deleted, philomenaMissingReports: reports }, mediaKeys };
}
