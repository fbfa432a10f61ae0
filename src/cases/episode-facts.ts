// What problem profiles know of each missing episode: its coded facts only (no names, photos or free text),
// handed to src/profiles/ after every change that moves one. Each write path of this module (recording an
// episode, editing it, risk answers and gradings, closing, merging children and undoing a merge) calls
// `refreshEpisodeFacts` inside its own transaction, so profiles change exactly when the case does.
import { latLngToCell } from 'h3-js';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { replaceEpisodeFacts, type EpisodeFacts } from '../profiles/facts-store.ts';
import { PROFILE_CELL_RESOLUTION, REPEAT_DAYS, REPEAT_EPISODES } from '../profiles/repeats.ts';
import { ukLocalParts } from '../profiles/uk-time.ts';
import { interviewFactsOfCases } from '../interviews/store.ts';
import { localAuthoritiesOf } from '../orgs/store.ts';
import { ageOn } from './store.ts';

type FactRow = Row<
  'cases',
  'id' | 'child_id' | 'jurisdiction_id' | 'reported_at' | 'last_seen_at' | 'last_seen_lon' | 'last_seen_lat' | 'closed_at' | 'outcome'
> &
  Row<'children', 'date_of_birth' | 'estimated_age'> & {
    sex: EpisodeFacts['sex'];
    risk_level: EpisodeFacts['riskLevel'];
    in_care: string | null;
    exploitation: string | null;
    recent_episodes: number;
  };

const yesNo = (answer: string | null) => (answer === 'yes' ? true : answer === 'no' ? false : null);

/** Recomputes the profile facts of every real episode of these children, in the caller's transaction. */
export async function refreshEpisodeFacts(db: Queryable, childIds: readonly string[]): Promise<void> {
  if (childIds.length === 0) return;
  const latestAnswer = (question: string) =>
    sql`(SELECT a.answer FROM risk_answers a WHERE a.case_id = c.id AND a.question = ${question} ORDER BY a.recorded_at DESC, a.id DESC LIMIT 1)`;
  const { rows } = await db.query<FactRow>(
    sql`SELECT c.id, c.child_id, c.jurisdiction_id, c.reported_at, c.last_seen_at, c.last_seen_lon, c.last_seen_lat, c.closed_at, c.outcome,
               c.risk_level, ch.date_of_birth, ch.estimated_age, ch.sex,
               ${latestAnswer('in_care')} AS in_care, ${latestAnswer('exploitation')} AS exploitation,
               (SELECT count(*) FROM cases o WHERE o.child_id = c.child_id AND NOT o.exercise
                   AND o.last_seen_at <= c.last_seen_at AND o.last_seen_at > c.last_seen_at - make_interval(days => ${REPEAT_DAYS}))::int AS recent_episodes
          FROM cases c JOIN children ch ON ch.id = c.child_id
         WHERE c.child_id = ANY(${[...childIds]}::uuid[]) AND NOT c.exercise`,
  );
  const interviews = await interviewFactsOfCases(
    db,
    rows.map((row) => row.id),
  );
  const authorities = await localAuthoritiesOf(
    db,
    rows.map((row) => row.jurisdiction_id),
  );
  const facts = rows.map((row): EpisodeFacts => {
    const local = ukLocalParts(row.last_seen_at);
    const interview = interviews.get(row.id);
    return {
      caseId: row.id,
      childKey: row.child_id,
      jurisdictionId: row.jurisdiction_id,
      reportedAt: row.reported_at,
      ...local,
      age: ageWhenMissing(row),
      sex: row.sex,
      inCare: yesNo(row.in_care),
      exploitation: yesNo(row.exploitation),
      riskLevel: row.risk_level,
      outcome: row.outcome,
      missingMinutes: row.closed_at ? Math.max(0, Math.round((row.closed_at.getTime() - row.last_seen_at.getTime()) / 60_000)) : null,
      repeat: row.recent_episodes >= REPEAT_EPISODES,
      cell: latLngToCell(row.last_seen_lat, row.last_seen_lon, PROFILE_CELL_RESOLUTION),
      localAuthorityId: interview?.organisationId ?? authorities.get(row.jurisdiction_id)?.id ?? null,
      interview: interview ? { state: interview.state, dueAt: interview.dueAt } : null,
    };
  });
  await replaceEpisodeFacts(db, childIds, facts);
}

/** The child's age when last seen; none for a date of birth after it (a mistyped date). */
function ageWhenMissing(row: FactRow): number | null {
  const age = ageOn(row.date_of_birth, row.estimated_age, row.last_seen_at);
  return age === null || age < 0 || age > 25 ? null : age;
}
