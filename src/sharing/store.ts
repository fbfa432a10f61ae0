// Data access for what receiving agencies add to shared cases and Philomena profiles (owner of share_contributions).
import { staffEmails } from '../auth/staff-names.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { organisationNameRows } from '../orgs/store.ts';
import type { ContributionCategory } from '../cases/share-fields.ts';

export type ContributionRow = Row<'share_contributions', 'id' | 'body' | 'added_at'> & {
  category: ContributionCategory;
  organisation_code: string;
  organisation_name: string;
  added_by: string;
};

/** What an addition is about: a shared case or a shared Philomena profile. */
export type ContributionSubject = { caseId: string } | { profileId: string };

function subjectColumns(subject: ContributionSubject): { caseId: string | null; profileId: string | null } {
  return 'caseId' in subject ? { caseId: subject.caseId, profileId: null } : { caseId: null, profileId: subject.profileId };
}

export async function insertContribution(
  db: Queryable,
  contribution: { subject: ContributionSubject; organisationId: string; category: ContributionCategory; body: string; userId: string },
  now: Date,
): Promise<string> {
  const { caseId, profileId } = subjectColumns(contribution.subject);
  const { rows } = await db.query<Row<'share_contributions', 'id'>>(
    sql`INSERT INTO share_contributions (case_id, profile_id, organisation_id, category, body, added_by, added_at)
        VALUES (${caseId}::uuid, ${profileId}::uuid, ${contribution.organisationId}, ${contribution.category}, ${contribution.body},
                ${contribution.userId}, ${now})
        RETURNING id`,
  );
  return rows[0]!.id;
}

/** What agencies added to a case or a profile, oldest first; only one organisation's when `organisationId` is given. */
export async function contributionsOf(
  db: Queryable,
  subject: ContributionSubject,
  organisationId: string | null,
): Promise<ContributionRow[]> {
  const about = 'caseId' in subject ? sql`s.case_id = ${subject.caseId}` : sql`s.profile_id = ${subject.profileId}`;
  const { rows } = await db.query<ContributionRow>(
    sql`SELECT s.id, s.category, s.body, s.added_at, o.code AS organisation_code, o.name AS organisation_name, u.email AS added_by
          FROM share_contributions s JOIN (${organisationNameRows()}) o ON o.id = s.organisation_id JOIN ${staffEmails()} u ON u.id = s.added_by
         WHERE ${about} AND (${organisationId}::uuid IS NULL OR s.organisation_id = ${organisationId}::uuid)
         ORDER BY s.added_at, s.id`,
  );
  return rows;
}

export type ContributionRecord = Row<'share_contributions', 'case_id' | 'profile_id' | 'body' | 'added_at'> & {
  category: ContributionCategory;
  organisation: string;
};

/** What agencies added about these cases and profiles (one person), for a subject access request; staff are not named. */
export async function contributionsAbout(
  db: Queryable,
  caseIds: readonly string[],
  profileIds: readonly string[],
): Promise<ContributionRecord[]> {
  const { rows } = await db.query<ContributionRecord>(
    sql`SELECT s.case_id, s.profile_id, s.category, s.body, s.added_at, o.name AS organisation
          FROM share_contributions s JOIN (${organisationNameRows()}) o ON o.id = s.organisation_id
         WHERE s.case_id = ANY(${[...caseIds]}::uuid[]) OR s.profile_id = ANY(${[...profileIds]}::uuid[])
         ORDER BY s.added_at, s.id`,
  );
  return rows;
}
