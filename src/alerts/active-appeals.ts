// The real appeals the public may see listed now: active, unexpired, not an exercise or a test, each with
// its text in every language. What the public site builds its home page, gallery and widget from.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import type { AlertAreaPart } from '../geo/alert-area.ts';

export type AppealText = Row<'alert_contents', 'language' | 'headline' | 'description' | 'instruction' | 'contact'>;

export interface ActiveAppeal {
  id: string;
  slug: string;
  capStatus: 'Actual' | 'Exercise' | 'Test';
  caseId: string;
  /** The jurisdiction of the alert's force. */
  jurisdictionId: string;
  approvedAt: Date | null;
  expiresAt: Date | null;
  lastSeenAt: Date;
  lastSeenPlace: string;
  area: { parts?: AlertAreaPart[]; jurisdictionCodes?: string[]; national?: boolean };
  /** Changes with every change to the alert, its area included. */
  version: number;
  /** Position of the first public photo, if any. */
  photoPosition: number | null;
  /** In the alert's order: the first is the alert's first language. Never empty. */
  contents: AppealText[];
}

type AppealRow = Row<
  'alerts',
  'id' | 'slug' | 'case_id' | 'jurisdiction_id' | 'approved_at' | 'expires_at' | 'last_seen_at' | 'last_seen_place' | 'version'
> & {
  cap_status: ActiveAppeal['capStatus'];
  area: ActiveAppeal['area'];
  photo_position: number | null;
};

/** Most recently approved first; an appeal without text is left out. */
export async function activeAppeals(db: Queryable, now: Date): Promise<ActiveAppeal[]> {
  const { rows } = await db.query<AppealRow>(
    sql`SELECT a.id, a.slug, a.cap_status, a.case_id, a.jurisdiction_id, a.approved_at, a.expires_at, a.last_seen_at, a.last_seen_place, a.area, a.version,
               (SELECT min(p.position) FROM alert_photos p WHERE p.alert_id = a.id AND p.public_key IS NOT NULL) AS photo_position
          FROM alerts a
         WHERE a.state = 'active' AND (a.expires_at IS NULL OR a.expires_at > ${now}) AND a.cap_status = 'Actual'
         ORDER BY a.approved_at DESC NULLS LAST, a.id`,
  );
  if (rows.length === 0) return [];
  const { rows: contentRows } = await db.query<AppealText & Row<'alert_contents', 'alert_id'>>(
    sql`SELECT alert_id, language, headline, description, instruction, contact FROM alert_contents WHERE alert_id = ANY(${rows.map((row) => row.id)}::uuid[])
         ORDER BY alert_id, position`,
  );
  const contentsOf = new Map<string, AppealText[]>();
  for (const { alert_id, ...content } of contentRows) {
    const list = contentsOf.get(alert_id) ?? [];
    list.push(content);
    contentsOf.set(alert_id, list);
  }
  return rows.flatMap((row) => {
    const contents = contentsOf.get(row.id) ?? [];
    if (contents.length === 0) return [];
    return [
      {
        id: row.id,
        slug: row.slug,
        capStatus: row.cap_status,
        caseId: row.case_id,
        jurisdictionId: row.jurisdiction_id,
        approvedAt: row.approved_at,
        expiresAt: row.expires_at,
        lastSeenAt: row.last_seen_at,
        lastSeenPlace: row.last_seen_place,
        area: row.area,
        version: row.version,
        photoPosition: row.photo_position,
        contents,
      },
    ];
  });
}
