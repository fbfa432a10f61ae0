// The national register's reads of cases and children: candidates for a name search across every force,
// found through the distinct forms of names and their keys (src/cases/name-index.ts), with only what a force
// needs to recognise a child.
import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { empty, join, sql, type Sql } from '../db/sql.ts';
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

/** How strongly a form's keys match the query's: one comparison per query key, no set built per row. */
function sharedKeys(query: NameKeys): Sql {
  if (query.keys.length === 0) return sql`0`;
  return join(
    query.keys.map((key) => sql`(${key} = ANY(f.keys))::int * ${KEY_WEIGHTS[key.slice(0, key.indexOf(':'))] ?? 1}`),
    ' + ',
  );
}

interface FormOrder {
  keysShared?: Sql;
  alike: Sql;
}

// The most forms a search reads names for: far more than the names it keeps, so only filters that leave out
// nearly every child (a sex, an age and a force at once) could see fewer names than are there.
const MOST_FORMS = 1000;
// Forms are read for names in growing slices, so that a query whose best forms are common names ("John Smith",
// dozens of children each) joins a few dozen forms, not the thousand.
const FIRST_SLICE = 25;

/** The ids of the forms that match (`match`, on `f`), best first by `order` (keys shared, if any, then alike). */
async function formsInOrder(db: Queryable, match: Sql, order: FormOrder): Promise<string[]> {
  const { rows } = await db.query<Row<'name_forms', 'id'>>(
    sql`SELECT f.id FROM name_forms f WHERE ${match}
         ORDER BY ${order.keysShared ? sql`${order.keysShared} DESC, ` : empty}${order.alike} DESC, f.id
         LIMIT ${MOST_FORMS}`,
  );
  return rows.map((row) => String(row.id));
}

/**
 * The names written in these forms (in order, best first), joined to their child, case and force: the forms in
 * their order, and a form's names most recent case first.
 */
function namesStatement(actor: Actor, where: Sql[], formIds: string[], limit: number): Sql {
  return sql`SELECT c.id, c.child_id, c.reference, c.status, c.sensitive, c.reported_at, c.last_seen_at, c.risk_level, k.name AS matched_name,
            ch.given_names, ch.family_name, ch.known_as, ch.aliases, ch.date_of_birth, ch.estimated_age, ch.sex, ch.height_cm,
            ch.build, ch.hair_colour, ch.eye_colour, ch.distinguishing_marks, o.code AS force_code, o.name AS force_name,
            ${caseReach(actor, 'c')} AS reachable,
            (SELECT p.id FROM photos p WHERE p.child_id = ch.id AND p.removed_at IS NULL ORDER BY p.created_at DESC LIMIT 1) AS photo_id
       FROM unnest(${formIds}::bigint[]) WITH ORDINALITY AS u (id, place)
       JOIN name_forms f ON f.id = u.id
       -- One form at a time (OFFSET 0 keeps the planner from turning this into a join of every name), its names
       -- found by the form's btree; the keys compared as text, so that the keys' GIN index is not used for it.
       CROSS JOIN LATERAL (SELECT k.child_id, k.name FROM child_name_keys k
                            WHERE k.name_latin = f.name_latin AND k.keys::text = f.keys::text OFFSET 0) k
       JOIN children ch ON ch.id = k.child_id
       JOIN cases c ON c.child_id = ch.id
       JOIN (${organisationNameRows()}) o ON o.id = c.owning_organisation_id
      WHERE ${join(where, ' AND ')}
      ORDER BY u.place, c.reported_at DESC
      LIMIT ${limit}`;
}

/**
 * Up to `limit` names of the forms that match, in the forms' order: the distinct forms are few and narrow
 * beside the names (most names repeat), so every form that matches is put in order on its own, and names are
 * read (by index, a form at a time) only for as many forms as it takes to fill `limit`.
 */
async function namesOfForms(
  db: Queryable,
  actor: Actor,
  where: Sql[],
  match: Sql,
  order: FormOrder,
  limit: number,
): Promise<RegisterCandidate[]> {
  const formIds = await formsInOrder(db, match, order);
  const found: RegisterCandidate[] = [];
  for (let from = 0, slice = FIRST_SLICE; from < formIds.length && found.length < limit; from += slice, slice *= 2) {
    const { rows } = await db.query<RegisterCandidate>(
      namesStatement(actor, where, formIds.slice(from, from + slice), limit - found.length),
    );
    found.push(...rows);
  }
  return found;
}

/**
 * The "w:" keys of the words of any name in the register like a word of the query by trigrams: a misspelt
 * word ("Batrholomew") found among the distinct words, a few thousand, rather than among a million names.
 */
function alikeWordKeys(query: NameKeys): Sql {
  const words = [...new Set(query.latin.split(' ').filter((word) => word !== ''))];
  if (words.length === 0) return sql`ARRAY[]::text[]`;
  return sql`ARRAY(SELECT 'w:' || w.word FROM name_words w WHERE ${join(
    words.map((word) => sql`w.word % ${word}`),
    ' OR ',
  )})`;
}

/**
 * Candidate names for a register search over every force's cases (exercises, and children merged into another,
 * left out): names sharing any
 * key with the query, the most keys shared first (a word or a name's group counting more than a sound or
 * a skeleton), then the most alike by trigrams; after them, only if fewer
 * than `limit` share a key, names like the query's Latin form by trigrams alone (misspellings no key
 * catches), the most alike first: among the names with a word like one of the query's. Each row says whether
 * the actor reaches the case, for what the answer may link to. Two statements give the order one would (a
 * name sharing no key always comes after one sharing some) without the trigram search when the keys have
 * already filled the list.
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
  const alike = sql`similarity(f.name_latin, ${query.latin})`;
  const sharesKey = sql`f.keys && ${query.keys}::text[]`;
  const rows = await namesOfForms(db, actor, where, sharesKey, { keysShared: sharedKeys(query), alike }, limit);
  if (rows.length >= limit || query.latin === '') return rows;
  const alikeOnly = await namesOfForms(
    db,
    actor,
    where,
    sql`f.keys && ${alikeWordKeys(query)} AND f.name_latin % ${query.latin} AND NOT (${sharesKey})`,
    { alike },
    limit - rows.length,
  );
  return [...rows, ...alikeOnly];
}
