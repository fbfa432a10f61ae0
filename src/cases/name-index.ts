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

/** Rewrites the name keys of these children; the caller's transaction keeps them in step with the names. */
export async function indexChildNames(db: Queryable, childIds: readonly string[]): Promise<void> {
  if (childIds.length === 0) return;
  await db.query(sql`DELETE FROM child_name_keys WHERE child_id = ANY(${[...childIds]}::uuid[])`);
  const merged = await mergedNames(db, childIds);
  const rows = (await childNames(db, childIds)).flatMap((child) =>
    allNamesOf(child, merged).map(({ kind, name }) => {
      const keys = nameKeys(name);
      return sql`(${child.id}, ${kind}, ${name}, ${keys.latin}, ${keys.keys}::text[], ${KEYS_VERSION})`;
    }),
  );
  if (rows.length === 0) return;
  await db.query(sql`INSERT INTO child_name_keys (child_id, name_kind, name, name_latin, keys, keys_version) VALUES ${join(rows, ', ')}`);
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
