// Each name a child goes by, stored with its name keys (src/register/names) so the national register finds
// the child by index however the name is written. Rows are rewritten with every change of a child's names,
// in the same transaction; at start-up, children without rows or with keys of an older version are indexed.
import type { Database, Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { join, sql } from '../db/sql.ts';
import { KEYS_VERSION, nameKeys } from '../register/names/index.ts';

type NameKind = 'full_name' | 'known_as' | 'alias';
type ChildNames = Row<'children', 'id' | 'given_names' | 'family_name' | 'known_as' | 'aliases'>;

/** The fields of a child whose change rewrites its name keys. */
export const NAME_FIELDS = ['givenNames', 'familyName', 'knownAs', 'aliases'] as const;

function namesOf(child: ChildNames): { kind: NameKind; name: string }[] {
  const names: { kind: NameKind; name: string }[] = [{ kind: 'full_name', name: `${child.given_names} ${child.family_name}`.trim() }];
  if (child.known_as?.trim()) names.push({ kind: 'known_as', name: child.known_as.trim() });
  for (const alias of child.aliases) if (alias.trim()) names.push({ kind: 'alias', name: alias.trim() });
  return names;
}

async function childNames(db: Queryable, childIds: readonly string[]): Promise<ChildNames[]> {
  const { rows } = await db.query<ChildNames>(
    sql`SELECT id, given_names, family_name, known_as, aliases FROM children WHERE id = ANY(${[...childIds]}::uuid[])`,
  );
  return rows;
}

/** Rewrites the name keys of these children; the caller's transaction keeps them in step with the names. */
export async function indexChildNames(db: Queryable, childIds: readonly string[]): Promise<void> {
  if (childIds.length === 0) return;
  await db.query(sql`DELETE FROM child_name_keys WHERE child_id = ANY(${[...childIds]}::uuid[])`);
  const rows = (await childNames(db, childIds)).flatMap((child) =>
    namesOf(child).map(({ kind, name }) => {
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
         WHERE NOT EXISTS (SELECT 1 FROM child_name_keys k WHERE k.child_id = ch.id)
            OR EXISTS (SELECT 1 FROM child_name_keys k WHERE k.child_id = ch.id AND k.keys_version <> ${KEYS_VERSION})
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
