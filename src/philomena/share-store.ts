// Data access for the need-to-know shares of Philomena profiles (owner of philomena_shares).
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { organisationNameRows } from '../orgs/store.ts';
import type { ProfileShareField, SharePurpose } from '../cases/share-fields.ts';

export type ProfileShareRow = Row<'philomena_shares', 'reason' | 'ends_at' | 'shared_at'> & {
  purpose: SharePurpose;
  fields: ProfileShareField[];
  organisation_code: string;
  organisation_name: string;
};

export async function upsertProfileShare(
  db: Queryable,
  share: {
    profileId: string;
    organisationId: string;
    reason: string;
    purpose: SharePurpose;
    fields: ProfileShareField[];
    endsAt: Date;
    by: string;
  },
  now: Date,
): Promise<void> {
  await db.query(
    sql`INSERT INTO philomena_shares (profile_id, organisation_id, reason, purpose, fields, ends_at, shared_by, shared_at)
        VALUES (${share.profileId}, ${share.organisationId}, ${share.reason}, ${share.purpose}, ${share.fields}::text[], ${share.endsAt},
                ${share.by}, ${now})
        ON CONFLICT (profile_id, organisation_id) DO UPDATE SET reason = EXCLUDED.reason, purpose = EXCLUDED.purpose,
          fields = EXCLUDED.fields, ends_at = EXCLUDED.ends_at, shared_by = EXCLUDED.shared_by, shared_at = EXCLUDED.shared_at,
          revoked_at = NULL`,
  );
}

/** Ends the profile's share with the organisation; false if there was none live. */
export async function revokeProfileShare(db: Queryable, profileId: string, organisationId: string, now: Date): Promise<boolean> {
  const { rows } = await db.query<{ profile_id: string }>(
    sql`UPDATE philomena_shares SET revoked_at = ${now}
         WHERE profile_id = ${profileId} AND organisation_id = ${organisationId} AND revoked_at IS NULL RETURNING profile_id`,
  );
  return rows.length > 0;
}

/** The profile's shares not stopped (ended ones too, so the writer sees them end), newest first. */
export async function sharesOfProfile(db: Queryable, profileId: string): Promise<ProfileShareRow[]> {
  const { rows } = await db.query<ProfileShareRow>(
    sql`SELECT s.reason, s.purpose, s.fields, s.ends_at, s.shared_at, o.code AS organisation_code, o.name AS organisation_name
          FROM philomena_shares s JOIN (${organisationNameRows()}) o ON o.id = s.organisation_id
         WHERE s.profile_id = ${profileId} AND s.revoked_at IS NULL
         ORDER BY s.shared_at DESC`,
  );
  return rows;
}

/** The live share of a profile with an organisation (not stopped, end not passed), or undefined. */
export async function liveProfileShare(
  db: Queryable,
  organisationId: string,
  profileId: string,
  now: Date,
): Promise<ProfileShareRow | undefined> {
  const { rows } = await db.query<ProfileShareRow>(
    sql`SELECT s.reason, s.purpose, s.fields, s.ends_at, s.shared_at, o.code AS organisation_code, o.name AS organisation_name
          FROM philomena_shares s JOIN (${organisationNameRows()}) o ON o.id = s.organisation_id
         WHERE s.profile_id = ${profileId} AND s.organisation_id = ${organisationId} AND s.revoked_at IS NULL AND s.ends_at > ${now}`,
  );
  return rows[0];
}

export type SharedProfileRow = Pick<ProfileShareRow, 'purpose' | 'fields' | 'ends_at' | 'shared_at'> &
  Row<'philomena_profiles', 'given_names' | 'family_name'> & { profile_id: string; owner_code: string; owner_name: string };

/** The profiles shared with an organisation now, soonest ending first. */
export async function profilesSharedWith(db: Queryable, organisationId: string, now: Date): Promise<SharedProfileRow[]> {
  const { rows } = await db.query<SharedProfileRow>(
    sql`SELECT s.profile_id, s.purpose, s.fields, s.ends_at, s.shared_at, p.given_names, p.family_name,
               o.code AS owner_code, o.name AS owner_name
          FROM philomena_shares s
          JOIN philomena_profiles p ON p.id = s.profile_id
          JOIN (${organisationNameRows()}) o ON o.id = p.owning_organisation_id
         WHERE s.organisation_id = ${organisationId} AND s.revoked_at IS NULL AND s.ends_at > ${now}
         ORDER BY s.ends_at, s.profile_id
         LIMIT 500`,
  );
  return rows;
}
