// What organisations' screens show of live appeals: the appeals whose area reaches a screen's cells, their
// texts in the screen's language, and a cheap signature that changes whenever what is live may have.
import type { Queryable } from '../db/database.ts';
import { sql, type Sql } from '../db/sql.ts';
import type { Row } from '../db/schema.ts';

/** The last CAP message's number and how many appeals are live: when neither changed, no screen's list did. */
export async function liveAppealsSignature(db: Queryable, now: Date): Promise<string> {
  const { rows } = await db.query<{ seq: string | null; live: number }>(
    sql`SELECT (SELECT max(seq) FROM alert_messages)::text AS seq,
               (SELECT count(*) FROM alerts WHERE state = 'active' AND (expires_at IS NULL OR expires_at > ${now}))::integer AS live`,
  );
  return `${rows[0]?.seq ?? ''}/${rows[0]?.live ?? 0}`;
}

export type ScreenAppealRow = Row<'alerts', 'id' | 'slug' | 'last_seen_at' | 'last_seen_place' | 'approved_at'> & {
  cap_status: 'Actual' | 'Exercise' | 'Test';
  /** The first photo with a public copy; null when there is none. */
  photo_position: number | null;
};

/**
 * A subquery of the appeals live at `now` (active and not past their expiry, before the sweeper runs) whose
 * area reaches one of `cells` (a bigint[] expression; an empty array reaches every appeal, as does a national
 * appeal), exercises only where `includeExercises` (a boolean expression) holds. Its columns are those of
 * ScreenAppealRow; correlate the expressions with a LATERAL join.
 */
export function appealsReachingCells(cells: Sql, includeExercises: Sql, now: Date): Sql {
  return sql`SELECT a.id, a.slug, a.cap_status, a.last_seen_at, a.last_seen_place, a.approved_at,
                    (SELECT min(p.position) FROM alert_photos p WHERE p.alert_id = a.id AND p.public_key IS NOT NULL) AS photo_position
               FROM alerts a
              WHERE a.state = 'active' AND (a.expires_at IS NULL OR a.expires_at > ${now}) AND (a.cap_status = 'Actual' OR ${includeExercises})
                AND (cardinality(${cells}) = 0 OR a.area->>'national' = 'true'
                     OR EXISTS (SELECT 1 FROM alert_area_ranges r JOIN unnest(${cells}) AS c(cell) ON c.cell BETWEEN r.low AND r.high WHERE r.alert_id = a.id))`;
}

export type ScreenAppealText = Row<'alert_contents', 'alert_id' | 'language' | 'headline' | 'description' | 'contact'>;

/** Each appeal's texts in the language nearest `language`: the same, else the same base language, else its first. */
export async function appealTextsIn(db: Queryable, alertIds: readonly string[], language: string): Promise<ScreenAppealText[]> {
  const { rows } = await db.query<ScreenAppealText>(
    sql`SELECT DISTINCT ON (alert_id) alert_id, language, headline, description, contact FROM alert_contents
         WHERE alert_id = ANY(${alertIds}::uuid[])
         ORDER BY alert_id, lower(language) = lower(${language}) DESC, split_part(lower(language), '-', 1) = split_part(lower(${language}), '-', 1) DESC, position`,
  );
  return rows;
}
