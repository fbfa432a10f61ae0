// The national register's name search at scale, on PostgreSQL and on the embedded PGlite: a database of its
// own filled with NAMES names (children, their cases, and a name-keys row per name, computed by the real
// `nameKeys`), the fixture's real name variants (test/fixtures/names/variants.json) planted among seeded
// distractors; then every variant searched for through `searchRegister`, as the route calls it, with p50, p95
// and max latency and recall at 10 (the rest of the variant's group among the first ten cases). Beside it, in
// the same run, a bare reference: an indexed equality lookup on the same table.
//   nice -n 10 node --import tsx bench/register-search.ts
//   NAMES=100000 ENGINES=pglite nice -n 10 node --import tsx bench/register-search.ts
// BENCH_DATABASE_URL names the PostgreSQL server (default the test server); a database is created and dropped
// (BENCH_KEEP=1 keeps it, BENCH_REUSE=<name> measures a kept one again, without filling it).
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Actor } from '../src/auth/actor.ts';
import { addMissingNameForms } from '../src/cases/name-index.ts';
import { registerCandidates } from '../src/cases/register-store.ts';
import { openPglite, openPostgres, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { KEYS_VERSION, nameKeys, prepareName, type NameKeys } from '../src/register/names/index.ts';
import { searchRegister } from '../src/register/search.ts';
import { databaseUrl } from '../test/support/templates.ts';

const NAMES = Number(process.env.NAMES ?? 1_000_000);
const ENGINES = (process.env.ENGINES ?? 'postgres,pglite').split(',');
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BATCH = 5_000;
const FORCES = 43;
const WARM_UP = 40;
const KEY_SEPARATOR = '\u001f';
// BENCH_KEEP=1 keeps the PostgreSQL database; BENCH_REUSE=<its name> measures it again without filling it.
const KEEP = process.env.BENCH_KEEP === '1';
const REUSE = process.env.BENCH_REUSE;

/** mulberry32, as the other benchmarks: the same seed fills the same register every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Variant {
  name: string;
  group: number;
  caseId: string;
  reference: string;
}

const fixtures = new URL('../test/fixtures/names/', import.meta.url);
const variantGroups = (JSON.parse(readFileSync(new URL('variants.json', fixtures), 'utf8')) as { groups: { variants: string[] }[] }).groups;
const distractorWords = JSON.parse(readFileSync(new URL('distractors.json', fixtures), 'utf8')) as { given: string[]; family: string[] };

/**
 * Distractor words that are no form of a fixture name, as in the in-memory recall test
 * (src/register/names/recall.test.ts): a "Mohammed Jones" among the distractors would be a right answer
 * to "Muhammad", not a wrong one.
 */
function distractorPools(): { given: string[]; family: string[] } {
  const groupIds = (name: string) => prepareName(name).words.flatMap((word) => word.groups.map((group) => group.id));
  const fixtureNames = new Set(variantGroups.flatMap((group) => group.variants));
  const fixtureGroups = new Set([...fixtureNames].flatMap(groupIds));
  const keep = (word: string) => !fixtureNames.has(word) && !groupIds(word).some((id) => fixtureGroups.has(id));
  return { given: distractorWords.given.filter(keep), family: distractorWords.family.filter(keep) };
}

/** One child per variant of the fixture, its case's reference numbered in the fixture's order. */
function plantedVariants(): Variant[] {
  const names = variantGroups.flatMap((group, index) => group.variants.map((name) => ({ name, group: index })));
  return names.map((variant, i) => ({ ...variant, caseId: randomUUID(), reference: `VAR-${i}` }));
}

// Most full names repeat (a given and a family name from a few hundred each), so their keys are computed once.
const keysCache = new Map<string, NameKeys>();
function keysOf(name: string): NameKeys {
  let keys = keysCache.get(name);
  if (!keys) {
    if (keysCache.size >= 300_000) keysCache.clear();
    keys = nameKeys(name);
    keysCache.set(name, keys);
  }
  return keys;
}

interface Register {
  actor: Actor;
  variants: Variant[];
  children: number;
  names: number;
  fillSeconds: number;
  indexSeconds: number;
  childIds: string[];
}

/** A national centre, FORCES forces with an area each, and the national coordinator who searches. */
async function organisations(db: Database): Promise<{ actor: Actor; forces: { organisation: string; jurisdiction: string }[] }> {
  const square = {
    type: 'Polygon',
    coordinates: [
      [
        [-1, 52],
        [-0.9, 52],
        [-0.9, 52.1],
        [-1, 52.1],
        [-1, 52],
      ],
    ],
  };
  const forces = Array.from({ length: FORCES }, () => ({ organisation: randomUUID(), jurisdiction: randomUUID() }));
  const centre = randomUUID();
  await db.query(
    `INSERT INTO organisations (id, code, name, kind)
     SELECT id, code, name, kind FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[]) AS t(id, code, name, kind)`,
    [
      [centre, ...forces.map((force) => force.organisation)],
      ['NCA', ...forces.map((_, i) => `F${i}`)],
      ['National centre', ...forces.map((_, i) => `Force ${i}`)],
      ['national_centre', ...forces.map(() => 'police_force')],
    ],
  );
  await db.query(
    `INSERT INTO jurisdictions (id, code, name, kind, geometry, bbox)
     SELECT id, code, code, 'force_area', $3::jsonb, '{-1,52,-0.9,52.1}' FROM unnest($1::uuid[], $2::text[]) AS t(id, code)`,
    [forces.map((force) => force.jurisdiction), forces.map((_, i) => `A${i}`), JSON.stringify(square)],
  );
  const userId = randomUUID();
  await db.query(
    `INSERT INTO users (id, email, name, role, organisation_id, password_hash) VALUES ($1, 'coordinator@bench.invalid', 'Coordinator', 'national_coordinator', $2, 'x')`,
    [userId, centre],
  );
  return { actor: benchActor(userId, centre), forces };
}

/** The national coordinator who searches: national reach, so every case shown can be told apart by its id. */
function benchActor(userId: string, organisationId: string): Actor {
  return {
    userId,
    email: 'coordinator@bench.invalid',
    name: 'Coordinator',
    role: 'national_coordinator',
    organisationId,
    organisationKind: 'national_centre',
    jurisdictionIds: [],
    secondFactor: true,
    via: 'session',
    sessionId: null,
    ip: '127.0.0.1',
  };
}

interface Batch {
  children: unknown[][];
  cases: unknown[][];
  keys: unknown[][];
}

const columns = (count: number): unknown[][] => Array.from({ length: count }, () => []);

async function insertBatch(db: Database, batch: Batch, forces: { organisation: string; jurisdiction: string }[], userId: string) {
  await db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO children (id, given_names, family_name, known_as, aliases, date_of_birth, sex, created_at, updated_at)
       SELECT id, given, family, known_as, CASE WHEN alias IS NULL THEN '{}'::text[] ELSE ARRAY[alias] END, born, sex, now(), now()
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::date[], $7::text[])
           AS t(id, given, family, known_as, alias, born, sex)`,
      batch.children,
    );
    await tx.query(
      `INSERT INTO cases (id, reference, child_id, owning_organisation_id, jurisdiction_id, status, reported_at, last_seen_at,
                          last_seen_lon, last_seen_lat, last_seen_place, sensitive, outcome, closed_at, created_by, created_at, updated_at)
       SELECT t.id, t.reference, t.child_id, ($8::uuid[])[t.force], ($9::uuid[])[t.force], CASE WHEN t.open THEN 'open' ELSE 'closed' END,
              t.reported, t.reported, -0.95, 52.05, 'Bench', t.sensitive, CASE WHEN t.open THEN NULL ELSE 'found_safe' END,
              CASE WHEN t.open THEN NULL ELSE t.reported + interval '2 days' END, $10, t.reported, t.reported
         FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::int[], $5::boolean[], $6::timestamptz[], $7::boolean[])
           AS t(id, reference, child_id, force, open, reported, sensitive)`,
      [...batch.cases, forces.map((force) => force.organisation), forces.map((force) => force.jurisdiction), userId],
    );
    await tx.query(
      `INSERT INTO child_name_keys (child_id, name_kind, name, name_latin, keys, keys_version)
       SELECT child_id, kind, name, latin, string_to_array(keys, $6), $7
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS t(child_id, kind, name, latin, keys)`,
      [...batch.keys, KEY_SEPARATOR, KEYS_VERSION],
    );
  });
}

/**
 * Fills the register in batches of BATCH children (never the whole register in memory), the next batch
 * computed while the last is written. The name keys' GIN indexes are dropped for the fill and built again
 * after it, from their own definitions, as a bulk load would.
 */
async function fillRegister(db: Database): Promise<Register> {
  const random = seededRandom(20_261_207);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const pools = distractorPools();
  const { actor, forces } = await organisations(db);
  const { rows: ginIndexes } = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'child_name_keys' AND indexdef LIKE '%USING gin%'`,
  );
  for (const index of ginIndexes) await db.exec(`DROP INDEX ${index.indexname}`);

  // The fixture's variants are planted at seeded places among the children, one child each, the variant its whole name.
  const planted = plantedVariants();
  // About 1.1 names a child: 7 % have a "known as" and 3 % an alias besides the full name.
  const expectedChildren = Math.round(NAMES / 1.1);
  const plantAt = new Map<number, Variant>();
  for (const variant of planted) {
    let at = Math.floor(random() * expectedChildren);
    while (plantAt.has(at)) at = (at + 1) % expectedChildren;
    plantAt.set(at, variant);
  }
  const childIds: string[] = [];
  const started = performance.now();
  let names = 0;
  let children = 0;
  let writing: Promise<void> = Promise.resolve();
  const now = Date.now();
  while (names < NAMES || children < expectedChildren) {
    const batch: Batch = { children: columns(7), cases: columns(7), keys: columns(5) };
    for (let i = 0; i < BATCH && (names < NAMES || children < expectedChildren); i++, children++) {
      const variant = plantAt.get(children);
      const childId = randomUUID();
      const given = variant ? variant.name : random() < 0.25 ? `${pick(pools.given)} ${pick(pools.given)}` : pick(pools.given);
      const family = variant ? '' : pick(pools.family);
      const knownAs = !variant && random() < 0.07 ? pick(pools.given) : null;
      const alias = !variant && random() < 0.03 ? `${pick(pools.given)} ${pick(pools.family)}` : null;
      const reported = new Date(now - random() * 10 * 365 * 86_400_000);
      const born = new Date(reported.getTime() - (2 + random() * 15) * 365 * 86_400_000).toISOString().slice(0, 10);
      for (const [column, value] of [childId, given, family, knownAs, alias, born, random() < 0.5 ? 'female' : 'male'].entries()) {
        batch.children[column]!.push(value);
      }
      const open = variant ? true : random() < 0.08;
      const caseRow = [
        variant?.caseId ?? randomUUID(),
        variant ? variant.reference : `REG-${children}`,
        childId,
        1 + Math.floor(random() * FORCES),
        open,
        reported.toISOString(),
      ];
      for (const [column, value] of [...caseRow, !variant && random() < 0.02].entries()) batch.cases[column]!.push(value);
      const childNames: [string, string][] = [['full_name', `${given} ${family}`.trim()]];
      if (knownAs) childNames.push(['known_as', knownAs]);
      if (alias) childNames.push(['alias', alias]);
      for (const [kind, name] of childNames) {
        const keys = keysOf(name);
        for (const [column, value] of [childId, kind, name, keys.latin, keys.keys.join(KEY_SEPARATOR)].entries())
          batch.keys[column]!.push(value);
      }
      names += childNames.length;
      // A sample of children for the bare reference lookups.
      if (children % 997 === 0) childIds.push(childId);
    }
    await writing;
    writing = insertBatch(db, batch, forces, actor.userId);
    if (children % 100_000 < BATCH)
      console.log(`  ${children.toLocaleString('en-GB')} children, ${names.toLocaleString('en-GB')} names written`);
  }
  await writing;
  const fillSeconds = (performance.now() - started) / 1000;
  const indexing = performance.now();
  for (const index of ginIndexes) await db.exec(index.indexdef);
  // The distinct forms of the names and their words, as after any bulk load straight into child_name_keys.
  await addMissingNameForms(db);
  await db.exec('ANALYZE children; ANALYZE cases; ANALYZE child_name_keys; ANALYZE name_forms; ANALYZE name_words; ANALYZE organisations');
  const indexSeconds = (performance.now() - indexing) / 1000;
  return { actor, variants: planted, children, names, fillSeconds, indexSeconds, childIds };
}

interface Latencies {
  ms: number[];
}

function summary({ ms }: Latencies): string {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * share) - 1)]!;
  return `p50 ${at(0.5).toFixed(1)} ms, p95 ${at(0.95).toFixed(1)} ms, max ${sorted[sorted.length - 1]!.toFixed(1)} ms`;
}

const p95 = ({ ms }: Latencies) => [...ms].sort((a, b) => a - b)[Math.ceil(ms.length * 0.95) - 1]!;

/** Each variant searched for as the route does; recall by whole queries (every other variant shown) and by pairs. */
async function measureSearch(db: Database, register: Register) {
  const { actor, variants } = register;
  const now = new Date();
  const search = (name: string) => searchRegister(db, actor, { name, limit: 10 }, null, now);
  for (const variant of variants.slice(0, WARM_UP)) await search(variant.name);

  const searches: Latencies = { ms: [] };
  const slowest: { name: string; ms: number }[] = [];
  let complete = 0;
  let found = 0;
  let wanted = 0;
  const misses: string[] = [];
  for (const query of variants) {
    const begun = performance.now();
    const results = await search(query.name);
    searches.ms.push(performance.now() - begun);
    slowest.push({ name: query.name, ms: searches.ms.at(-1)! });
    const shown = new Set(results.map((result) => result.case?.id));
    const others = variants.filter((variant) => variant.group === query.group && variant !== query);
    const missing = others.filter((variant) => !shown.has(variant.caseId));
    wanted += others.length;
    found += others.length - missing.length;
    if (missing.length === 0) complete++;
    else misses.push(`${query.name} → ${missing.map((variant) => variant.name).join(', ')}`);
  }

  // The database's part alone: the candidate query, as searchRegister sends it.
  const candidates: Latencies = { ms: [] };
  let candidateRows = 0;
  for (const query of variants) {
    const begun = performance.now();
    const rows = await registerCandidates(db, actor, nameKeys(query.name), { filters: {}, includeSensitive: false, now });
    candidates.ms.push(performance.now() - begun);
    candidateRows += rows.length;
  }

  // The bare reference: one indexed equality lookup on the same table per query.
  const bare: Latencies = { ms: [] };
  for (let i = 0; i < variants.length; i++) {
    const begun = performance.now();
    await db.query('SELECT id, name, keys FROM child_name_keys WHERE child_id = $1', [register.childIds[i % register.childIds.length]]);
    bare.ms.push(performance.now() - begun);
  }
  slowest.sort((a, b) => b.ms - a.ms);
  return { searches, slowest: slowest.slice(0, 8), candidates, candidateRows, bare, complete, found, wanted, misses };
}

/** A register filled by an earlier run kept with BENCH_KEEP=1: its planted cases found by their references. */
async function filledRegister(db: Database): Promise<Register> {
  const { rows: users } = await db.query<{ id: string; organisation_id: string }>(`SELECT id, organisation_id FROM users`);
  const { rows: cases } = await db.query<{ id: string; reference: string }>(`SELECT id, reference FROM cases WHERE reference LIKE 'VAR-%'`);
  const caseIds = new Map(cases.map((row) => [row.reference, row.id]));
  const variants = plantedVariants().map((variant) => ({ ...variant, caseId: caseIds.get(variant.reference)! }));
  const { rows: counts } = await db.query<{ children: number; names: number }>(
    `SELECT (SELECT count(*) FROM children)::int AS children, (SELECT count(*) FROM child_name_keys)::int AS names`,
  );
  const { rows: sample } = await db.query<{ child_id: string }>(`SELECT child_id FROM child_name_keys WHERE id % 997 = 0`);
  const actor = benchActor(users[0]!.id, users[0]!.organisation_id);
  // A register kept from before the forms existed has them from the migration: analysed here, so the planner knows them.
  await db.exec('ANALYZE name_forms; ANALYZE name_words');
  return { actor, variants, ...counts[0]!, fillSeconds: 0, indexSeconds: 0, childIds: sample.map((row) => row.child_id) };
}

async function openEngine(engine: string): Promise<{ db: Database; filled: boolean; close: () => Promise<void> }> {
  if (engine === 'postgres') {
    const name = REUSE ?? `fmn_bench_names_${randomBytes(4).toString('hex')}`;
    const admin = await openPostgres(SERVER_URL, { max: 1 });
    if (!REUSE) await admin.query(`CREATE DATABASE ${name}`);
    const db = await openPostgres(databaseUrl(SERVER_URL, name), { max: 2 });
    return {
      db,
      filled: REUSE !== undefined,
      async close() {
        await db.close();
        if (KEEP || REUSE) console.log(`postgres: database ${name} kept (BENCH_REUSE=${name} measures it again; drop it when done)`);
        else await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
        await admin.close();
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fmn-bench-names-'));
  const db = await openPglite(path.join(dir, 'pglite'));
  return {
    db,
    filled: false,
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function sizeOf(db: Database): Promise<string> {
  const { rows } = await db.query<{ size: string; forms: string; count: number; words: number }>(
    `SELECT pg_size_pretty(pg_total_relation_size('child_name_keys')) AS size, pg_size_pretty(pg_total_relation_size('name_forms')) AS forms,
            (SELECT count(*) FROM name_forms)::int AS count, (SELECT count(*) FROM name_words)::int AS words`,
  );
  const { size, forms, count, words } = rows[0]!;
  return `${size}; name_forms ${forms} (${count.toLocaleString('en-GB')} forms); name_words ${words.toLocaleString('en-GB')} words`;
}

for (const engine of ENGINES) {
  const { db, filled, close } = await openEngine(engine);
  try {
    await migrate(db);
    if (!filled) console.log(`${engine}: filling ${NAMES.toLocaleString('en-GB')} names; load average ${os.loadavg()[0]!.toFixed(1)}`);
    const register = filled ? await filledRegister(db) : await fillRegister(db);
    console.log(
      `${engine}: ${register.children.toLocaleString('en-GB')} children, ${register.names.toLocaleString('en-GB')} names written in ${register.fillSeconds.toFixed(0)} s, ` +
        `GIN indexes built and tables analysed in ${register.indexSeconds.toFixed(0)} s; child_name_keys ${await sizeOf(db)}`,
    );
    const result = await measureSearch(db, register);
    const queries = register.variants.length;
    console.log(`${engine}: ${queries} queries (the fixture's variants), load average ${os.loadavg()[0]!.toFixed(1)}`);
    console.log(`  searchRegister:            ${summary(result.searches)}`);
    console.log(
      `  registerCandidates alone:  ${summary(result.candidates)}; ${(result.candidateRows / queries).toFixed(0)} candidate rows a query`,
    );
    console.log(`  slowest searches:          ${result.slowest.map((query) => `${query.name} ${query.ms.toFixed(0)} ms`).join(', ')}`);
    console.log(`  bare indexed lookup:       ${summary(result.bare)}`);
    console.log(`  p95 ratio search ÷ bare:   ${(p95(result.searches) / p95(result.bare)).toFixed(0)}×`);
    console.log(
      `  recall at 10: every other variant shown for ${((result.complete / queries) * 100).toFixed(1)} % of queries; ` +
        `${((result.found / result.wanted) * 100).toFixed(1)} % of variant pairs (${result.found} of ${result.wanted})`,
    );
    if (result.misses.length > 0) console.log(`  missed:\n    ${result.misses.join('\n    ')}`);
  } finally {
    await close();
  }
}
