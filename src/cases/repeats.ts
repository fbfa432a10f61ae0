// Repeat missing: how many episodes a child had in the 90 days up to an episode (the third raises the suggested
// risk), the last episode's risk answers offered when a new one starts, and the repeat-missing list that a force
// and a local authority take to their joint meetings. The window is the one problem profiles count repeats by
// (src/profiles/repeats.ts): episodes last seen after the moment 90 days before, up to and including it.
import type { Actor } from '../auth/actor.ts';
import type { RepeatReach } from '../auth/access.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { jurisdictionNameRows } from '../geo/jurisdictions-store.ts';
import { REPEAT_DAYS, REPEAT_EPISODES } from '../profiles/repeats.ts';
import { caseReach } from './reach.ts';
import { latestAnswers, RISK_QUESTIONS } from './risk.ts';

/** Real episodes of the child last seen in the 90 days up to `at` (an episode last seen then counts too). */
export async function episodesInRepeatWindow(db: Queryable, childId: string, at: Date): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    sql`SELECT count(*)::int AS n FROM cases
         WHERE child_id = ${childId} AND NOT exercise
           AND last_seen_at <= ${at} AND last_seen_at > ${at}::timestamptz - make_interval(days => ${REPEAT_DAYS})`,
  );
  return rows[0]!.n;
}

export type LastEpisode = Row<'cases', 'id' | 'reference' | 'last_seen_at' | 'sensitive'>;
export type PrefillAnswer = Row<'risk_answers', 'question' | 'detail' | 'source'> & { answer: 'yes' | 'no' | 'unknown' };

/**
 * The child's most recent episode the actor reaches, with its latest risk answers: what a new episode starts
 * from. Undefined when the actor reaches no episode of the child.
 */
export async function lastEpisodeAnswers(
  db: Queryable,
  actor: Actor,
  childId: string,
): Promise<{ episode: LastEpisode; answers: PrefillAnswer[] } | undefined> {
  const { rows } = await db.query<LastEpisode>(
    sql`SELECT c.id, c.reference, c.last_seen_at, c.sensitive FROM cases c
         WHERE c.child_id = ${childId} AND NOT c.exercise AND ${caseReach(actor, 'c')}
         ORDER BY c.last_seen_at DESC, c.id DESC LIMIT 1`,
  );
  const episode = rows[0];
  if (!episode) return undefined;
  const { rows: answers } = await db.query<PrefillAnswer>(
    sql`SELECT question, answer, detail, source FROM risk_answers WHERE case_id = ${episode.id} ORDER BY recorded_at, id`,
  );
  // In the order the questions are asked, as the form shows them.
  const order = new Map(RISK_QUESTIONS.map((q, i) => [q.id, i]));
  const latest = latestAnswers(answers).sort((a, b) => (order.get(a.question) ?? 99) - (order.get(b.question) ?? 99));
  return { episode, answers: latest };
}

export type RepeatChildRow = Row<'children', 'given_names' | 'family_name' | 'known_as'> & {
  child_id: string;
  episodes: number;
  any_sensitive: boolean;
  last_case_id: string;
  last_reference: string;
  last_seen_at: Date;
  last_status: 'open' | 'closed';
  last_jurisdiction_code: string;
  last_jurisdiction_name: string;
};

/**
 * Children with three or more real episodes last seen in the 90 days up to `now`, at least one of them in the
 * reach's areas: the most episodes first, then the most recent. Children merged into another are counted
 * under the child they were merged into, whose record holds their episodes.
 */
export async function repeatMissingChildren(db: Queryable, reach: RepeatReach, now: Date): Promise<RepeatChildRow[]> {
  const inReach = reach.national ? sql`TRUE` : sql`bool_or(c.jurisdiction_id = ANY(${reach.jurisdictionIds}::uuid[]))`;
  const { rows } = await db.query<RepeatChildRow>(
    sql`WITH recent AS (
          SELECT c.child_id, count(*)::int AS episodes, bool_or(c.sensitive) AS any_sensitive,
                 (array_agg(c.id ORDER BY c.last_seen_at DESC, c.id DESC))[1] AS last_case_id
            FROM cases c
           WHERE NOT c.exercise AND c.last_seen_at <= ${now} AND c.last_seen_at > ${now}::timestamptz - make_interval(days => ${REPEAT_DAYS})
           GROUP BY c.child_id
          HAVING count(*) >= ${REPEAT_EPISODES} AND ${inReach})
        SELECT r.child_id, r.episodes, r.any_sensitive, r.last_case_id, l.reference AS last_reference, l.last_seen_at,
               l.status AS last_status, j.code AS last_jurisdiction_code, j.name AS last_jurisdiction_name,
               ch.given_names, ch.family_name, ch.known_as
          FROM recent r
          JOIN cases l ON l.id = r.last_case_id
          JOIN children ch ON ch.id = r.child_id
          JOIN (${jurisdictionNameRows()}) j ON j.id = l.jurisdiction_id
         ORDER BY r.episodes DESC, l.last_seen_at DESC`,
  );
  return rows;
}

export type ChildEpisodeRow = Row<'cases', 'id' | 'reference' | 'last_seen_at' | 'status'>;

/** The real episodes of a child that the actor reaches, newest first (what a Philomena profile lists). */
/**
 * Whether the child has an episode in these areas: how a local authority or care provider, who read no whole case,
 * links a profile it writes to the register's child of its own area.
 */
export async function childHasEpisodeInAreas(db: Queryable, childId: string, jurisdictionIds: readonly string[]): Promise<boolean> {
  const { rows } = await db.query<{ found: boolean }>(
    sql`SELECT EXISTS (SELECT 1 FROM cases c WHERE c.child_id = ${childId} AND NOT c.exercise
                          AND c.jurisdiction_id = ANY(${[...jurisdictionIds]}::uuid[])) AS found`,
  );
  return rows[0]!.found;
}

export async function reachableEpisodesOfChild(db: Queryable, actor: Actor, childId: string): Promise<ChildEpisodeRow[]> {
  const { rows } = await db.query<ChildEpisodeRow>(
    sql`SELECT c.id, c.reference, c.last_seen_at, c.status FROM cases c
         WHERE c.child_id = ${childId} AND NOT c.exercise AND ${caseReach(actor, 'c')}
         ORDER BY c.last_seen_at DESC, c.id DESC`,
  );
  return rows;
}
