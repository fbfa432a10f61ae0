// The long_term_appeals and long_term_appeal_photos tables: this module alone reads and writes them.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql, type Sql } from '../db/sql.ts';
import type { AppealContent } from './schemas.ts';

export type AppealRow = Row<
  'long_term_appeals',
  | 'id'
  | 'case_id'
  | 'slug'
  | 'consent_basis'
  | 'consent_given_by'
  | 'consent_recorded_at'
  | 'review_due_on'
  | 'published_at'
  | 'withdrawn_at'
  | 'withdrawn_reason'
  | 'full_name'
  | 'name_keys'
  | 'sex'
  | 'age_when_missing'
  | 'missing_since'
  | 'area_code'
  | 'country'
  | 'version'
  | 'updated_at'
> & { state: 'published' | 'withdrawn'; contents: AppealContent[] };

export type AppealPhotoRow = Row<'long_term_appeal_photos', 'position' | 'kind' | 'public_key' | 'added_at'>;

const APPEAL_COLUMNS = sql`id, case_id, slug, state, consent_basis, consent_given_by, consent_recorded_at, review_due_on::text AS review_due_on,
  published_at, withdrawn_at, withdrawn_reason, full_name, name_keys, sex, age_when_missing, missing_since::text AS missing_since, area_code,
  country, contents, version, updated_at`;

export interface NewAppealRow {
  caseId: string;
  slug: string;
  consentBasis: string;
  consentGivenBy: string;
  consentRecordedBy: string;
  reviewDueOn: string;
  fullName: string;
  nameKeys: string[];
  sex: string;
  ageWhenMissing: number | null;
  missingSince: string;
  areaCode: string;
  country: string;
  contents: AppealContent[];
}

export async function insertAppeal(tx: Queryable, appeal: NewAppealRow, now: Date): Promise<string> {
  const { rows } = await tx.query<Row<'long_term_appeals', 'id'>>(
    sql`INSERT INTO long_term_appeals (case_id, slug, consent_basis, consent_given_by, consent_recorded_by, consent_recorded_at, review_due_on,
                                       published_at, full_name, name_keys, sex, age_when_missing, missing_since, area_code, country, contents, updated_at)
        VALUES (${appeal.caseId}, ${appeal.slug}, ${appeal.consentBasis}, ${appeal.consentGivenBy}, ${appeal.consentRecordedBy}, ${now},
                ${appeal.reviewDueOn}, ${now}, ${appeal.fullName}, ${appeal.nameKeys}, ${appeal.sex}, ${appeal.ageWhenMissing},
                ${appeal.missingSince}, ${appeal.areaCode}, ${appeal.country}, ${JSON.stringify(appeal.contents)}::jsonb, ${now})
        RETURNING id`,
  );
  return rows[0]!.id;
}

export async function findAppeal(db: Queryable, appealId: string, forUpdate = false): Promise<AppealRow | undefined> {
  const { rows } = await db.query<AppealRow>(
    sql`SELECT ${APPEAL_COLUMNS} FROM long_term_appeals WHERE id = ${appealId}${forUpdate ? sql` FOR UPDATE` : sql``}`,
  );
  return rows[0];
}

export async function findAppealBySlug(db: Queryable, slug: string): Promise<AppealRow | undefined> {
  const { rows } = await db.query<AppealRow>(sql`SELECT ${APPEAL_COLUMNS} FROM long_term_appeals WHERE slug = ${slug}`);
  return rows[0];
}

export async function appealsOfCase(db: Queryable, caseId: string): Promise<AppealRow[]> {
  const { rows } = await db.query<AppealRow>(
    sql`SELECT ${APPEAL_COLUMNS} FROM long_term_appeals WHERE case_id = ${caseId} ORDER BY published_at DESC`,
  );
  return rows;
}

/** Every published appeal, most recently published first: what the public gallery lists. */
export async function publishedAppeals(db: Queryable): Promise<(AppealRow & { photo_position: number | null })[]> {
  const { rows } = await db.query<AppealRow & { photo_position: number | null }>(
    sql`SELECT ${APPEAL_COLUMNS},
               (SELECT max(p.position) FROM long_term_appeal_photos p WHERE p.appeal_id = long_term_appeals.id AND p.public_key IS NOT NULL) AS photo_position
          FROM long_term_appeals WHERE state = 'published' ORDER BY published_at DESC, id`,
  );
  return rows;
}

export async function updateAppeal(
  tx: Queryable,
  appealId: string,
  change: { reviewDueOn?: string | undefined; contents?: AppealContent[] | undefined },
  now: Date,
): Promise<void> {
  await tx.query(
    sql`UPDATE long_term_appeals
           SET review_due_on = coalesce(${change.reviewDueOn ?? null}::date, review_due_on),
               contents = coalesce(${change.contents === undefined ? null : JSON.stringify(change.contents)}::jsonb, contents),
               version = version + 1, updated_at = ${now}
         WHERE id = ${appealId}`,
  );
}

export async function appealPhotos(db: Queryable, appealId: string): Promise<AppealPhotoRow[]> {
  const { rows } = await db.query<AppealPhotoRow>(
    sql`SELECT position, kind, public_key, added_at FROM long_term_appeal_photos WHERE appeal_id = ${appealId} ORDER BY position DESC`,
  );
  return rows;
}

export async function insertAppealPhoto(
  tx: Queryable,
  appealId: string,
  photo: { photoId: string; kind: string; publicKey: string },
  now: Date,
): Promise<number> {
  const { rows } = await tx.query<{ position: number }>(
    sql`INSERT INTO long_term_appeal_photos (appeal_id, position, photo_id, kind, public_key, added_at)
        SELECT ${appealId}, coalesce(max(position) + 1, 0), ${photo.photoId}, ${photo.kind}, ${photo.publicKey}, ${now}
          FROM long_term_appeal_photos WHERE appeal_id = ${appealId}
        RETURNING position`,
  );
  await tx.query(sql`UPDATE long_term_appeals SET version = version + 1, updated_at = ${now} WHERE id = ${appealId}`);
  return rows[0]!.position;
}

/** Marks an appeal withdrawn and its public photos gone; returns the stored keys of those photos, to remove after commit. */
export async function markAppealWithdrawn(tx: Queryable, appealId: string, reason: string, now: Date): Promise<string[]> {
  await tx.query(
    sql`UPDATE long_term_appeals SET state = 'withdrawn', withdrawn_at = ${now}, withdrawn_reason = ${reason}, version = version + 1,
                                     updated_at = ${now}
         WHERE id = ${appealId} AND state = 'published'`,
  );
  const { rows } = await tx.query<{ public_key: string }>(
    sql`UPDATE long_term_appeal_photos p SET public_key = NULL FROM (SELECT appeal_id, position, public_key FROM long_term_appeal_photos
         WHERE appeal_id = ${appealId} AND public_key IS NOT NULL FOR UPDATE) old
         WHERE p.appeal_id = old.appeal_id AND p.position = old.position RETURNING old.public_key`,
  );
  return rows.map((row) => row.public_key);
}

/** The published appeal of a case, if any (at most one: a unique index). */
export async function publishedAppealOfCase(tx: Queryable, caseId: string): Promise<AppealRow | undefined> {
  const { rows } = await tx.query<AppealRow>(
    sql`SELECT ${APPEAL_COLUMNS} FROM long_term_appeals WHERE case_id = ${caseId} AND state = 'published' FOR UPDATE`,
  );
  return rows[0];
}

/** The stored public copy of an appeal's photo, if the appeal is published and the photo still public. */
export async function publicPhotoKey(db: Queryable, slug: string, position: number): Promise<string | undefined> {
  const { rows } = await db.query<{ public_key: string }>(
    sql`SELECT p.public_key FROM long_term_appeal_photos p JOIN long_term_appeals a ON a.id = p.appeal_id
         WHERE a.slug = ${slug} AND a.state = 'published' AND p.position = ${position} AND p.public_key IS NOT NULL`,
  );
  return rows[0]?.public_key;
}

/**
 * The published appeals within `reach` (a subquery of case ids), those whose review is due soonest first: the
 * national centre's list of appeals to review.
 */
export async function publishedAppealsByReview(db: Queryable, reach: Sql): Promise<AppealRow[]> {
  const { rows } = await db.query<AppealRow>(
    sql`SELECT ${APPEAL_COLUMNS} FROM long_term_appeals
         WHERE state = 'published' AND case_id IN (${reach}) ORDER BY review_due_on, published_at, id`,
  );
  return rows;
}

export type ReviewReminderRow = Row<'long_term_appeals', 'id' | 'case_id' | 'area_code' | 'review_due_on'>;

/** Published appeals whose review date has come (on or before `today`) and that have not been reminded of that date. */
export async function appealsAwaitingReviewReminder(db: Queryable, today: string): Promise<ReviewReminderRow[]> {
  const { rows } = await db.query<ReviewReminderRow>(
    sql`SELECT id, case_id, area_code, review_due_on::text AS review_due_on FROM long_term_appeals
         WHERE state = 'published' AND review_due_on <= ${today}::date AND review_reminded_for IS DISTINCT FROM review_due_on
         ORDER BY review_due_on, id`,
  );
  return rows;
}

/** The earliest review date of a published appeal not yet reminded of it ('YYYY-MM-DD'), or null. */
export async function nextReviewReminderDay(db: Queryable): Promise<string | null> {
  const { rows } = await db.query<{ day: string | null }>(
    sql`SELECT min(review_due_on)::text AS day FROM long_term_appeals
         WHERE state = 'published' AND review_reminded_for IS DISTINCT FROM review_due_on`,
  );
  return rows[0]?.day ?? null;
}

/** Marks the appeal reminded of its review date; false when another process did it first, or the appeal changed. */
export async function markReviewReminded(tx: Queryable, appealId: string, reviewDueOn: string): Promise<boolean> {
  const { rowCount } = await tx.query(
    sql`UPDATE long_term_appeals SET review_reminded_for = review_due_on
         WHERE id = ${appealId} AND state = 'published' AND review_due_on = ${reviewDueOn}::date
           AND review_reminded_for IS DISTINCT FROM review_due_on`,
  );
  return rowCount > 0;
}
