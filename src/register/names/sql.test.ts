// A prototype of the database side on PGlite: names stored with their keys in a throwaway table, candidates
// found by index (keys shared through a GIN index on text[], misspellings through pg_trgm), then ranked here.
// Nothing else needs a database extension: every key is computed by nameKeys, so PGlite and PostgreSQL
// agree, and pg_trgm is the only extension used.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { KEYS_VERSION, nameKeys, prepareName, rankNames, type PreparedName } from './index.ts';

const SCHEMA = `
  CREATE EXTENSION IF NOT EXISTS pg_trgm;
  CREATE TABLE register_names (
    id integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    full_name text NOT NULL,
    name_latin text NOT NULL,
    name_keys text[] NOT NULL,
    keys_version smallint NOT NULL
  );
  CREATE INDEX register_names_keys ON register_names USING gin (name_keys);
  CREATE INDEX register_names_latin ON register_names USING gin (name_latin gin_trgm_ops);
`;

// Candidates: rows sharing any key with the query, or whose Latin form is like the query's by trigrams;
// those sharing most keys first, then the most alike. At a million names a search would first ask for rows
// sharing a key with every word of the query (one && per word, which GIN combines), and widen only if few.
const CANDIDATES = `
  WITH query AS (SELECT $1::text[] AS keys, $2::text AS latin)
  SELECT id, full_name
    FROM register_names, query
   WHERE name_keys && query.keys OR name_latin % query.latin
   ORDER BY cardinality(ARRAY(SELECT unnest(name_keys) INTERSECT SELECT unnest(query.keys))) DESC,
            similarity(name_latin, query.latin) DESC
   LIMIT 200`;

interface Row {
  id: number;
  full_name: string;
}

const fixtures = new URL('../../../test/fixtures/names/', import.meta.url);
const variants = JSON.parse(readFileSync(new URL('variants.json', fixtures), 'utf8')) as { groups: { variants: string[] }[] };
const distractors = JSON.parse(readFileSync(new URL('distractors.json', fixtures), 'utf8')) as { given: string[]; family: string[] };

let db: PGlite;
const prepared = new Map<string, PreparedName>();

before(async () => {
  db = await PGlite.create({ extensions: { pg_trgm } });
  await db.exec(SCHEMA);
  const names = [
    ...variants.groups.flatMap((group) => group.variants),
    ...distractors.given,
    ...distractors.given.map((given, i) => `${given} ${distractors.family[(i * 13) % distractors.family.length]!}`),
  ];
  for (const name of new Set(names)) {
    const keys = nameKeys(name);
    prepared.set(name, prepareName(name));
    await db.query('INSERT INTO register_names (full_name, name_latin, name_keys, keys_version) VALUES ($1, $2, $3, $4)', [
      name,
      keys.latin,
      keys.keys,
      KEYS_VERSION,
    ]);
  }
  await db.exec('ANALYZE register_names');
});

after(async () => {
  await db.close();
});

async function search(query: string): Promise<string[]> {
  const keys = nameKeys(query);
  const { rows } = await db.query<Row>(CANDIDATES, [keys.keys, keys.latin]);
  return rankNames(query, rows, (row) => prepared.get(row.full_name) ?? row.full_name, { limit: 10 }).map((entry) => entry.item.full_name);
}

it('finds names across scripts, spellings, diminutives, slips and order through the indexes', async () => {
  assert.ok((await search('Mansur')).includes('منصور'));
  assert.ok((await search('Константин')).includes('Konstantin'));
  assert.ok((await search('Zosia Nowak')).includes('Sofia Novak'));
  assert.ok((await search('Jnathan Smyth')).includes('Jonathan Smith'));
  assert.ok((await search('Wiśniewski Łukasz')).includes('Lukasz Wisniewsky'));
});

it('loses no variant between the in-memory ranking and the indexed candidates', async () => {
  let wanted = 0;
  let found = 0;
  for (const group of variants.groups) {
    for (const query of group.variants) {
      const results = new Set(await search(query));
      const others = group.variants.filter((name) => name !== query);
      wanted += others.length;
      found += others.filter((name) => results.has(name)).length;
    }
  }
  console.log(`indexed search found ${found} of ${wanted} variants in the first ten`);
  assert.ok(found / wanted >= 0.95, `${found} of ${wanted} variants found`);
});

it('uses the indexes for candidates', async () => {
  await db.exec('SET enable_seqscan = off');
  const keys = nameKeys('Aleksandr Ivanov');
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${CANDIDATES}`, [keys.keys, keys.latin]);
  const plan = rows.map((row) => row['QUERY PLAN']).join('\n');
  assert.match(plan, /register_names_keys/);
  assert.match(plan, /register_names_latin/);
  await db.exec('RESET enable_seqscan');
});
