// Data access for what receiving agencies add to shared cases (owner of share_contributions).
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

export async function insertContribution(
  db: Queryable,
  contribution: { caseId: string; organisationId: string; category: ContributionCategory; body: string; userId: string },
  now: Date,
): Promise<string> {
  const { rows } = await db.query<Row<'share_contributions', 'id'>>(
    sql`INSERT INTO share_contributions (case_id, organisation_id, category, body, added_by, added_at)
        VALUES (${contribution.caseId}, ${contribution.organisationId}, ${contribution.category}, ${contribution.body}, ${contribution.userId}, ${now})
        RETURNING id`,
  );
  return rows[0]!.id;
}

/** What agencies added to a case, oldest first; only one organisation's when `organisationId` is given. */
export async function contributionsOfCase(db: Queryable, caseId: string, organisationId: string | null): Promise<ContributionRow[]> {
  const { rows } = await db.query<ContributionRow>(
    sql`SELECT s.id, s.category, s.body, s.added_at, o.code AS organisation_code, o.name AS organisation_name, u.email AS added_by
          FROM share_contributions s JOIN (${organisationNameRows()}) o ON o.id = s.organisation_id JOIN ${staffEmails()} u ON u.id = s.added_by
         WHERE s.case_id = ${caseId} AND (${organisationId}::uuid IS NULL OR s.organisation_id = ${organisationId}::uuid)
         ORDER BY s.added_at, s.id`,
  );
  return rows;
}
