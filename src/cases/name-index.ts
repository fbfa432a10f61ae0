// Each name a child goes by, stored with its name keys (src/register/names) so the national register finds
// the child by index however the name is written. Rows are rewritten with every change of a child's names,
// in the same transaction; at start-up, children without rows or with keys of an older version are indexed.
// A child merged into another has no rows of its own: its names are found under the surviving child.
import type { Database, Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { join, sql } from '../db/sql.ts';
import { KEYS_VERSION, nameKeys } from '../register/names/index.ts';

type NameKind = 'full_name' | 'known_as' | 'alias' | 'merged';
type ChildNames = Row<'children', 'id' | 'given_names' | 'family_name' | 'known_as' | 'aliases'>;
type MergedNames = Row<'children', 'given_names' | 'family_name' | 'known_as' | 'aliases'> & { survivor_id: string };

/** The fields of a child whose change rewrites its name keys. */
export const NAME_FIELDS = ['givenNames', 'familyName', 'knownAs', 'aliases'] as const;

function namesOf(child: Omit<ChildNames, 'id'>): { kind: NameKind; name: string }[] {
  const names: { kind: NameKind; name: string }[] = [{ kind: 'full_name', name: `${child.given_names} ${child.family_name}`.trim() }];
  if (child.known_as?.trim()) names.push({ kind: 'known_as', name: child.known_as.trim() });
  for (const alias of child.aliases) if (alias.trim()) names.push({ kind: 'alias', name: alias.trim() });
  return names;
}

/** The child's own names, then every name of the children merged into it (directly or in turn) not already among them. */
function allNamesOf(child: ChildNames, merged: readonly MergedNames[]): { kind: NameKind; name: string }[] {
  const names = namesOf(child);
  const seen = new Set(names.map(({ name }) => name.toLowerCase()));
  for (const other of merged.filter((row) => row.survivor_id === child.id)) {
    for (const { name } of namesOf(other)) {
      if (seen.has(name.toLowerCase())) continue;
      seen.add(name.toLowerCase());
      names.push({ kind: 'merged', name });
    }
  }
  return names;
}

/** The children among these that are not merged into another. */
async function childNames(db: Queryable, childIds: readonly string[]): Promise<ChildNames[]> {
  const { rows } = await db.query<ChildNames>(
    sql`SELECT id, given_names, family_name, known_as, aliases FROM children WHERE id = ANY(${[...childIds]}::uuid[]) AND merged_into IS NULL`,
  );
  return rows;
}

/** The names of the children merged into these, each with the child it now lives under. */
async function mergedNames(db: Queryable, childIds: readonly string[]): Promise<MergedNames[]> {
  const { rows } = await db.query<MergedNames>(
    sql`WITH RECURSIVE merged (id, survivor_id) AS (
          SELECT id, merged_into FROM children WHERE merged_into = ANY(${[...childIds]}::uuid[])
          UNION ALL
          SELECT ch.id, m.survivor_id FROM children ch JOIN merged m ON ch.merged_into = m.id)
        SELECT m.survivor_id, ch.given_names, ch.family_name, ch.known_as, ch.aliases FROM merged m JOIN children ch ON ch.id = m.id`,
  );
  return rows;
}

const formKey = (form: { latin: string; keys: readonly string[] }) => `${form.latin}\u0000${form.keys.join(' ')}`;

/** The words of a form's keys ("w:" keys), each a word of its Latin form. */
const wordsOf = (keys: readonly string[]) => keys.filter((key) => key.startsWith('w:')).map((key) => key.slice(2));

/**
 * Adds the distinct forms of these names and their words (name_forms, name_words: what the register searches
 * before it reaches the names themselves), those already there left as they are.
 */
async function addForms(db: Queryable, forms: readonly { latin: string; keys: readonly string[] }[]): Promise<void> {
  if (forms.length === 0) return;
  await db.query(
    sql`INSERT INTO name_forms (name_latin, keys) VALUES ${join(
      forms.map((form) => sql`(${form.latin}, ${[...form.keys]}::text[])`),
      ', ',
    )} ON CONFLICT DO NOTHING`,
  );
  const words = [...new Set(forms.flatMap((form) => wordsOf(form.keys)))];
  await db.query(sql`INSERT INTO name_words (word) SELECT unnest(${words}::text[]) ON CONFLICT DO NOTHING`);
}

/**
 * Removes the forms no name is written in any more, and the words no form has: a name corrected or changed
 * leaves no trace of its old form behind.
 */
async function dropUnusedForms(db: Queryable, removed: readonly { latin: string; keys: readonly string[] }[]): Promise<void> {
  if (removed.length === 0) return;
  const { rows } = await db.query<Row<'name_forms', 'keys'>>(
    sql`DELETE FROM name_forms f
         USING jsonb_to_recordset(${JSON.stringify(removed)}::jsonb) AS r (latin text, keys text[])
         WHERE f.name_latin = r.latin AND f.keys = r.keys
           AND NOT EXISTS (SELECT 1 FROM child_name_keys k WHERE k.name_latin = f.name_latin AND k.keys = f.keys)
         RETURNING f.keys`,
  );
  const words = [...new Set(rows.flatMap((row) => wordsOf(row.keys)))];
  if (words.length === 0) return;
  await db.query(
    sql`DELETE FROM name_words w
         WHERE w.word = ANY(${words}::text[]) AND NOT EXISTS (SELECT 1 FROM name_forms f WHERE f.keys @> ARRAY['w:' || w.word])`,
  );
}

/** Rewrites the name keys of these children; the caller's transaction keeps them in step with the names. */
export async function indexChildNames(db: Queryable, childIds: readonly string[]): Promise<void> {
  if (childIds.length === 0) return;
  const { rows: removed } = await db.query<Row<'child_name_keys', 'name_latin' | 'keys'>>(
    sql`DELETE FROM child_name_keys WHERE child_id = ANY(${[...childIds]}::uuid[]) RETURNING name_latin, keys`,
  );
  const merged = await mergedNames(db, childIds);
  const names = (await childNames(db, childIds)).flatMap((child) =>
    allNamesOf(child, merged).map(({ kind, name }) => ({ childId: child.id, kind, name, ...nameKeys(name) })),
  );
  if (names.length > 0) {
    const rows = names.map((row) => sql`(${row.childId}, ${row.kind}, ${row.name}, ${row.latin}, ${row.keys}::text[], ${KEYS_VERSION})`);
    await db.query(sql`INSERT INTO child_name_keys (child_id, name_kind, name, name_latin, keys, keys_version) VALUES ${join(rows, ', ')}`);
    await addForms(db, names);
  }
  // A form these children still have is kept without asking the database.
  const kept = new Set(names.map(formKey));
  const unused = new Map(removed.map((row) => ({ latin: row.name_latin, keys: row.keys })).map((form) => [formKey(form), form]));
  await dropUnusedForms(
    db,
    [...unused.values()].filter((form) => !kept.has(formKey(form))),
  );
}

async function childrenToIndex(db: Queryable, limit: number): Promise<string[]> {
  const { rows } = await db.query<Row<'children', 'id'>>(
    sql`SELECT ch.id FROM children ch
         WHERE ch.merged_into IS NULL
           AND (NOT EXISTS (SELECT 1 FROM child_name_keys k WHERE k.child_id = ch.id)
                OR EXISTS (SELECT 1 FROM child_name_keys k WHERE k.child_id = ch.id AND k.keys_version <> ${KEYS_VERSION}))
         LIMIT ${limit}`,
  );
  return rows.map((row) => row.id);
}

/**
 * Indexes the children whose name keys are missing or were computed by an older KEYS_VERSION, a batch per
 * transaction, so no more than a batch sits in memory. Every child indexed gets at least its full name's row
 * of the current version, so each pass leaves fewer to do. Returns how many children were indexed.
 */
export async function indexStaleChildNames(db: Database, batchSize = 500): Promise<number> {
  let indexed = 0;
  for (;;) {
    const done = await db.transaction(async (tx) => {
      const ids = await childrenToIndex(tx, batchSize);
      await indexChildNames(tx, ids);
      return ids.length;
    });
    indexed += done;
    if (done < batchSize) return indexed;
  }
}

/**
 * Adds the forms and words of every name written without them: after a bulk load straight into
 * child_name_keys, as the register benchmark does. Returns how many forms were added.
 */
export async function addMissingNameForms(db: Queryable): Promise<number> {
  const { rows } = await db.query<{ added: number }>(
    sql`WITH added AS (
          INSERT INTO name_forms (name_latin, keys) SELECT DISTINCT name_latin, keys FROM child_name_keys ON CONFLICT DO NOTHING RETURNING keys)
        SELECT count(*)::int AS added FROM added`,
  );
  await db.query(
    sql`INSERT INTO name_words (word)
        SELECT DISTINCT substr(key, 3) FROM name_forms, unnest(keys) AS key WHERE key LIKE 'w:%' ON CONFLICT DO NOTHING`,
  );
  return rows[0]?.added ?? 0;
}
