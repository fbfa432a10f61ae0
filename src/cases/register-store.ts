// The national register's reads of cases and children: candidates for a name search across every force,
// found through the name keys (src/cases/name-index.ts), with only what a force needs to recognise a child.
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { join, sql, type Sql } from '../db/sql.ts';
import { organisationNameRows } from '../orgs/store.ts';
import type { NameKeys } from '../register/names/index.ts';
import { caseReach } from './reach.ts';
import type { RiskLevel } from './risk.ts';

export interface RegisterFilters {
  sex?: 'female' | 'male' | 'other' | 'unknown';
  ageFrom?: number;
  ageTo?: number;
  status?: string;
  force?: string;
}

/** One name of a case's child that shares keys with the query or looks like it. */
export type RegisterCandidate = Row<
  'cases',
  'id' | 'child_id' | 'reference' | 'status' | 'sensitive' | 'reported_at' | 'last_seen_at' | 'risk_level'
> &
  Row<
    'children',
    | 'given_names'
    | 'family_name'
    | 'known_as'
    | 'aliases'
    | 'date_of_birth'
    | 'estimated_age'
    | 'sex'
    | 'height_cm'
    | 'build'
    | 'hair_colour'
    | 'eye_colour'
    | 'distinguishing_marks'
  > & {
    risk_level: RiskLevel | null;
    sex: 'female' | 'male' | 'other' | 'unknown';
    matched_name: string;
    force_code: string;
    force_name: string;
    reachable: boolean;
    photo_id: string | null;
  };

/** A child's age in whole years on `now`: from the date of birth, else the age estimated when recorded. */
const ageSql = (now: Date) => sql`coalesce(date_part('year', age(${now}::date, ch.date_of_birth))::int, ch.estimated_age)`;

function filterConditions(filters: RegisterFilters, now: Date, includeSensitive: boolean): Sql[] {
  const where: Sql[] = [];
  // That a sensitive child's name matched would itself say who the case is about: without a reason, such
  // cases are left out of a name search, as the case list does.
  if (!includeSensitive) where.push(sql`NOT c.sensitive`);
  if (filters.sex) where.push(sql`ch.sex = ${filters.sex}`);
  if (filters.ageFrom !== undefined) where.push(sql`${ageSql(now)} >= ${filters.ageFrom}`);
  if (filters.ageTo !== undefined) where.push(sql`${ageSql(now)} <= ${filters.ageTo}`);
  if (filters.status) where.push(sql`c.status = ${filters.status}`);
  if (filters.force) where.push(sql`o.code = ${filters.force}`);
  return where;
}

// What a shared key says: the same word, or forms of one name (Ivan, John, Ioannis), say much more than a
// like sound or the same consonants, which at a million names thousands of unrelated names share; ordered by
// plain count, those crowd the few forms of the name out of the candidates.
const KEY_WEIGHTS: Record<string, number> = { w: 3, g: 3, s: 1, k: 1 };

/** How strongly a stored name's keys match the query's: one comparison per query key, no set built per row. */
function sharedKeys(query: NameKeys): Sql {
  if (query.keys.length === 0) return sql`0`;
  return join(
    query.keys.map((key) => sql`(${key} = ANY(k.keys))::int * ${KEY_WEIGHTS[key.slice(0, key.indexOf(':'))] ?? 1}`),
    ' + ',
  );
}

/**
 * The names that match (`match`, on `k`), best first by `order`, joined to their child, case and force. The
 * names are put in order before the joins, so that the joins and filters run for only as many names as it
 * takes to fill `limit` (an incremental sort finishes the order by date), not for every name sharing a common
 * key: at a million names a sound key can be shared by thousands.
 */
function candidatesStatement(actor: Actor, where: Sql[], match: Sql, order: { keysShared: Sql; alike: Sql }, limit: number): Sql {
  return sql`SELECT c.id, c.child_id, c.reference, c.status, c.sensitive, c.reported_at, c.last_seen_at, c.risk_level, k.name AS matched_name,
            ch.given_names, ch.family_name, ch.known_as, ch.aliases, ch.date_of_birth, ch.estimated_age, ch.sex, ch.height_cm,
            ch.build, ch.hair_colour, ch.eye_colour, ch.distinguishing_marks, o.code AS force_code, o.name AS force_name,
            ${caseReach(actor, 'c')} AS reachable,
            (SELECT p.id FROM photos p WHERE p.child_id = ch.id AND p.removed_at IS NULL ORDER BY p.created_at DESC LIMIT 1) AS photo_id
       FROM (SELECT k.child_id, k.name, ${order.keysShared} AS keys_shared, ${order.alike} AS alike
               FROM child_name_keys k
              WHERE ${match}
              ORDER BY keys_shared DESC, alike DESC) k
       JOIN children ch ON ch.id = k.child_id
       JOIN cases c ON c.child_id = ch.id
       JOIN (${organisationNameRows()}) o ON o.id = c.owning_organisation_id
      WHERE ${join(where, ' AND ')}
      ORDER BY k.keys_shared DESC, k.alike DESC, c.reported_at DESC
      LIMIT ${limit}`;
}

/**
 * Candidate names for a register search over every force's cases (exercises, and children merged into another,
 * left out): names sharing any
 * key with the query, the most keys shared first (a word or a name's group counting more than a sound or
 * a skeleton), then the most alike by trigrams; after them, only if fewer
 * than `limit` share a key, names like the query's Latin form by trigrams alone (misspellings no key
 * catches), the most alike first. Each row says whether the actor reaches the case, for what the answer may
 * link to. Two statements give the order one would (a name sharing no key always comes after one sharing
 * some) without the trigram search when the keys have already filled the list: for a short name, the
 * trigram index offers tens of thousands of rows to recheck.
 */
export async function registerCandidates(
  db: Queryable,
  actor: Actor,
  query: NameKeys,
  options: { filters: RegisterFilters; includeSensitive: boolean; now: Date; limit?: number },
): Promise<RegisterCandidate[]> {
  const limit = options.limit ?? 200;
  const where = [
    sql`NOT c.exercise`,
    sql`ch.merged_into IS NULL`,
    ...filterConditions(options.filters, options.now, options.includeSensitive),
  ];
  const alike = sql`similarity(k.name_latin, ${query.latin})`;
  const sharesKey = sql`k.keys && ${query.keys}::text[]`;
  const { rows } = await db.query<RegisterCandidate>(
    candidatesStatement(actor, where, sharesKey, { keysShared: sharedKeys(query), alike }, limit),
  );
  if (rows.length >= limit) return rows;
  const { rows: alikeOnly } = await db.query<RegisterCandidate>(
    candidatesStatement(
      actor,
      where,
      sql`k.name_latin % ${query.latin} AND NOT (${sharesKey})`,
      { keysShared: sql`0`, alike },
      limit - rows.length,
    ),
  );
  return [...rows, ...alikeOnly];
}
