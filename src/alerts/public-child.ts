// Who an appeal is about, as the public may read it on a printed poster: the child's name and age when last
// seen, the two facts every appeal's headline already gives. Never the date of birth or anything else of
// the case; only for an alert the caller has already found public (src/alerts/public-state.ts).
import type { Queryable } from '../db/database.ts';

export interface PublicChild {
  /** Given names and family name, with the name the child goes by in quotes when the case records one. */
  name: string;
  /** Whole years when last seen (UK date), or the estimated age; null when neither is known. */
  age: number | null;
}

export async function publicChildOfAlert(db: Queryable, alertId: string): Promise<PublicChild | undefined> {
  const { rows } = await db.query<{ given_names: string; family_name: string; known_as: string | null; age: number | null }>(
    `SELECT ch.given_names, ch.family_name, ch.known_as,
            COALESCE(extract(year FROM age((a.last_seen_at AT TIME ZONE 'Europe/London')::date, ch.date_of_birth))::int, ch.estimated_age) AS age
       FROM alerts a
       JOIN cases c ON c.id = a.case_id
       JOIN children ch ON ch.id = c.child_id
      WHERE a.id = $1`,
    [alertId],
  );
  const row = rows[0];
  if (!row) return undefined;
  const name = row.known_as ? `${row.given_names} “${row.known_as}” ${row.family_name}` : `${row.given_names} ${row.family_name}`;
  return { name, age: row.age === null ? null : Number(row.age) };
}
