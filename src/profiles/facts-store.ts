// The coded facts of missing episodes that every profile reads (table profile_episodes, owned here). The cases
// module hands over a child's facts whenever one of its episodes changes (src/cases/episode-facts.ts), inside
// the transaction of that change; the synthetic history writes its own rows in batches.
import type { Queryable } from '../db/database.ts';
import { join, sql } from '../db/sql.ts';

export interface EpisodeFacts {
  /** null for a synthetic episode. */
  caseId: string | null;
  childKey: string;
  jurisdictionId: string;
  reportedAt: Date;
  /** 'YYYY-MM-01', UK local. */
  month: string;
  hour: number;
  /** ISO: 1 Monday .. 7 Sunday. */
  weekday: number;
  age: number | null;
  sex: 'female' | 'male' | 'other' | 'unknown';
  inCare: boolean | null;
  exploitation: boolean | null;
  riskLevel: 'no_apparent' | 'low' | 'medium' | 'high' | null;
  outcome: string | null;
  missingMinutes: number | null;
  repeat: boolean;
  cell: string;
  /** The local authority answering for the episode: the one asked for the return interview, else the area's. */
  localAuthorityId: string | null;
  /** The return home interview's coded state and due time; null where none was asked. */
  interview: { state: 'open' | 'done' | 'declined'; dueAt: Date } | null;
}

function factValues(facts: EpisodeFacts, synthetic: boolean) {
  return sql`(${facts.caseId}, ${synthetic}, ${facts.childKey}, ${facts.jurisdictionId}, ${facts.reportedAt}, ${facts.month}, ${facts.hour},
              ${facts.weekday}, ${facts.age}, ${facts.sex}, ${facts.inCare}, ${facts.exploitation}, ${facts.riskLevel}, ${facts.outcome},
              ${facts.missingMinutes}, ${facts.repeat}, ${facts.cell}, ${facts.localAuthorityId}, ${facts.interview?.state ?? null},
              ${facts.interview?.dueAt ?? null})`;
}

const COLUMNS = sql`(case_id, synthetic, child_key, jurisdiction_id, reported_at, month, hour, weekday, age, sex, in_care, exploitation,
                     risk_level, outcome, missing_minutes, repeat, cell, local_authority_id, interview_state, interview_due_at)`;

/**
 * Replaces the facts of every recorded episode of these children with `facts` (all their real episodes, as they
 * now are). A child's rows go together because its repeat marks depend on each other.
 */
export async function replaceEpisodeFacts(db: Queryable, childKeys: readonly string[], facts: readonly EpisodeFacts[]): Promise<void> {
  if (childKeys.length === 0) return;
  await db.query(sql`DELETE FROM profile_episodes WHERE child_key = ANY(${[...childKeys]}::uuid[]) AND NOT synthetic`);
  // Episodes moved off these children by a merge are rewritten under their new child.
  const caseIds = facts.map((fact) => fact.caseId).filter((id): id is string => id !== null);
  if (caseIds.length > 0) await db.query(sql`DELETE FROM profile_episodes WHERE case_id = ANY(${caseIds}::uuid[])`);
  if (facts.length === 0) return;
  await db.query(
    sql`INSERT INTO profile_episodes ${COLUMNS} VALUES ${join(
      facts.map((fact) => factValues(fact, false)),
      ', ',
    )}`,
  );
}

/**
 * Appends a batch of synthetic episodes (no case behind them): one array per column, so a batch of thousands
 * is one short statement on either engine.
 */
export async function insertSyntheticEpisodes(db: Queryable, facts: readonly EpisodeFacts[]): Promise<void> {
  if (facts.length === 0) return;
  const column = <T>(value: (fact: EpisodeFacts) => T) => facts.map(value);
  await db.query(
    sql`INSERT INTO profile_episodes (synthetic, child_key, jurisdiction_id, reported_at, month, hour, weekday, age, sex, in_care, exploitation,
                                      risk_level, outcome, missing_minutes, repeat, cell, local_authority_id, interview_state,
                                      interview_due_at)
        SELECT true, * FROM unnest(${column((f) => f.childKey)}::uuid[], ${column((f) => f.jurisdictionId)}::uuid[],
                                   ${column((f) => f.reportedAt.toISOString())}::timestamptz[], ${column((f) => f.month)}::date[],
                                   ${column((f) => f.hour)}::smallint[], ${column((f) => f.weekday)}::smallint[], ${column((f) => f.age)}::smallint[],
                                   ${column((f) => f.sex)}::text[], ${column((f) => f.inCare)}::boolean[], ${column((f) => f.exploitation)}::boolean[],
                                   ${column((f) => f.riskLevel)}::text[], ${column((f) => f.outcome)}::text[], ${column((f) => f.missingMinutes)}::integer[],
                                   ${column((f) => f.repeat)}::boolean[], ${column((f) => f.cell)}::text[],
                                   ${column((f) => f.localAuthorityId)}::uuid[], ${column((f) => f.interview?.state ?? null)}::text[],
                                   ${column((f) => f.interview?.dueAt.toISOString() ?? null)}::timestamptz[])`,
  );
}

/** How many synthetic episodes are stored. */
export async function countSyntheticEpisodes(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ n: number }>(sql`SELECT count(*)::int AS n FROM profile_episodes WHERE synthetic`);
  return rows[0]!.n;
}

/**
 * Brings the planner's statistics of the facts and their monthly counts up to date after a bulk load, so that a
 * national profile groups its rows by hashing rather than sorting them (autovacuum would, but later).
 */
export async function analyseEpisodeFacts(db: Queryable): Promise<void> {
  await db.query('ANALYZE profile_episodes, profile_month_counts');
}
