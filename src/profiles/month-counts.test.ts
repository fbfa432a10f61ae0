// The national profile from the monthly counts gives exactly the figures of counting the episodes one by one,
// for any dimension, period and moment of reading, after any mix of the writes profile_episodes sees: batches
// of synthetic history, a child's episodes rewritten as its cases change, facts edited in place, a child's
// episodes detached under a new key (erasure), episodes deleted (a case deleted with its facts).
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describeOnEngines, type TestEngine } from '../../test/support/databases.ts';
import type { Database } from '../db/database.ts';
import { sql } from '../db/sql.ts';
import { insertJurisdiction } from '../geo/jurisdictions-store.ts';
import { insertOrganisation } from '../orgs/store.ts';
import { DIMENSIONS, OUTCOME_CODES, RISK_CODES, SEX_CODES, type Dimension } from './codes.ts';
import { monthsBetween } from './dimensions.ts';
import { insertSyntheticEpisodes, replaceEpisodeFacts, type EpisodeFacts } from './facts-store.ts';
import { countFromMonthCounts } from './month-counts.ts';
import { countBy, countEpisodes, episodesWhere, type Counts } from './profile-store.ts';

// A small world, so that children, codes and months meet often: three years, six children, three areas.
const MONTHS = monthsBetween('2024-01', '2026-12');
const CHILDREN = Array.from({ length: 6 }, () => randomUUID());
const CELLS = ['8519483ffffffff', '85194ad7fffffff', '85195a27fffffff'];
// Interviews fall due, and profiles are read, at instants interleaved so that both overdue and in time occur.
const INSTANTS = Array.from({ length: 6 }, (_, i) => new Date(Date.UTC(2026, 10, 1 + i * 3, 12)));

interface World {
  db: Database;
  areas: string[];
  authorities: string[];
}

function factsOf(world: World) {
  const nullable = <T>(value: fc.Arbitrary<T>) => fc.option(value, { nil: null });
  return fc.record({
    childKey: fc.constantFrom(...CHILDREN),
    jurisdictionId: fc.constantFrom(...world.areas),
    month: fc.constantFrom(...MONTHS),
    hour: fc.integer({ min: 0, max: 23 }),
    weekday: fc.integer({ min: 1, max: 7 }),
    age: nullable(fc.integer({ min: 0, max: 17 })),
    sex: fc.constantFrom(...SEX_CODES),
    inCare: nullable(fc.boolean()),
    exploitation: nullable(fc.boolean()),
    riskLevel: nullable(fc.constantFrom(...RISK_CODES.filter((code) => code !== 'not_graded'))),
    outcome: nullable(fc.constantFrom(...OUTCOME_CODES.filter((code) => code !== 'not_found_yet'))),
    missingMinutes: nullable(fc.constantFrom(30, 400, 1500, 3000, 20_000)),
    repeat: fc.boolean(),
    cell: fc.constantFrom(...CELLS),
    localAuthorityId: nullable(fc.constantFrom(...world.authorities)),
    interview: nullable(
      fc.record({ state: fc.constantFrom('open' as const, 'done' as const, 'declined' as const), dueAt: fc.constantFrom(...INSTANTS) }),
    ),
  });
}

type Fact = ReturnType<typeof factsOf> extends fc.Arbitrary<infer T> ? T : never;

function episodeFacts(fact: Fact): EpisodeFacts {
  return { ...fact, caseId: null, reportedAt: new Date(`${fact.month}-15T10:00:00Z`), month: `${fact.month}-01` };
}

type Write =
  | { kind: 'synthetic'; facts: Fact[] }
  | { kind: 'rewrite child'; child: string; facts: Fact[] }
  | { kind: 'edit'; pick: number; riskLevel: Fact['riskLevel']; outcome: Fact['outcome']; interview: Fact['interview'] }
  | { kind: 'detach'; child: string }
  | { kind: 'delete'; pick: number };

function writesOf(world: World): fc.Arbitrary<Write[]> {
  const facts = factsOf(world);
  const write: fc.Arbitrary<Write> = fc.oneof(
    fc.record({ kind: fc.constant('synthetic' as const), facts: fc.array(facts, { minLength: 1, maxLength: 8 }) }),
    fc.record({ child: fc.constantFrom(...CHILDREN), facts: fc.array(facts, { maxLength: 5 }) }).map(({ child, facts: rows }) => ({
      kind: 'rewrite child' as const,
      child,
      facts: rows.map((row) => ({ ...row, childKey: child })),
    })),
    fc.record({
      kind: fc.constant('edit' as const),
      pick: fc.nat(),
      riskLevel: facts.map((fact) => fact.riskLevel),
      outcome: facts.map((fact) => fact.outcome),
      interview: facts.map((fact) => fact.interview),
    }),
    fc.record({ kind: fc.constant('detach' as const), child: fc.constantFrom(...CHILDREN) }),
    fc.record({ kind: fc.constant('delete' as const), pick: fc.nat() }),
  );
  return fc.array(write, { minLength: 1, maxLength: 6 });
}

/** One of the stored episodes, chosen by `pick`; undefined when there is none. */
async function pickEpisode(db: Database, pick: number): Promise<number | undefined> {
  const { rows } = await db.query<{ id: number }>('SELECT id FROM profile_episodes ORDER BY id');
  return rows.length === 0 ? undefined : rows[pick % rows.length]!.id;
}

async function apply(db: Database, write: Write): Promise<void> {
  switch (write.kind) {
    case 'synthetic':
      return insertSyntheticEpisodes(db, write.facts.map(episodeFacts));
    case 'rewrite child':
      return db.transaction((tx) => replaceEpisodeFacts(tx, [write.child], write.facts.map(episodeFacts)));
    case 'edit': {
      const id = await pickEpisode(db, write.pick);
      if (id === undefined) return;
      await db.query(
        sql`UPDATE profile_episodes SET risk_level = ${write.riskLevel}, outcome = ${write.outcome},
                   interview_state = ${write.interview?.state ?? null}, interview_due_at = ${write.interview?.dueAt ?? null}
             WHERE id = ${id}`,
      );
      return;
    }
    case 'detach':
      // As erasure does: the child's episodes keep counting as one child under a key of their own.
      await db.query(sql`UPDATE profile_episodes SET child_key = ${randomUUID()} WHERE child_key = ${write.child}`);
      return;
    case 'delete': {
      const id = await pickEpisode(db, write.pick);
      if (id !== undefined) await db.query(sql`DELETE FROM profile_episodes WHERE id = ${id}`);
      return;
    }
  }
}

const sorted = (counts: Counts) => ({ ...counts, rows: [...counts.rows].sort((a, b) => a.value.localeCompare(b.value)) });

async function assertSameFigures(db: Database, dimension: Dimension, period: { from: string; to: string }, readAt: Date) {
  const direct = await countBy(db, episodesWhere(period, 'all', {}, readAt), dimension, readAt);
  const fast = await countFromMonthCounts(db, period, dimension, readAt);
  assert.deepEqual(sorted(fast), sorted(direct), `${dimension} ${period.from} to ${period.to} read at ${readAt.toISOString()}`);
}

const periods = fc
  .tuple(fc.integer({ min: 0, max: MONTHS.length - 1 }), fc.integer({ min: 0, max: MONTHS.length - 1 }))
  .map(([a, b]) => ({ from: MONTHS[Math.min(a, b)]!, to: MONTHS[Math.max(a, b)]! }));
const checks = fc.array(fc.record({ dimension: fc.constantFrom(...DIMENSIONS), period: periods, readAt: fc.constantFrom(...INSTANTS) }), {
  minLength: 1,
  maxLength: 4,
});

function monthCountsSuite(engine: TestEngine): void {
  let world: World;
  before(async () => {
    const db = await engine.open();
    const square = (west: number) => ({
      type: 'Polygon' as const,
      coordinates: [
        [
          [west, 51],
          [west + 1, 51],
          [west + 1, 52],
          [west, 52],
          [west, 51],
        ],
      ],
    });
    const areas = [];
    for (const [i, west] of [-3, -2, -1].entries())
      areas.push(await insertJurisdiction(db, { code: `mc-area-${i}`, name: `Area ${i}`, kind: 'force_area', geometry: square(west) }));
    const authorities = [];
    for (const [i, area] of areas.slice(0, 2).entries())
      authorities.push(
        await insertOrganisation(db, { code: `mc-la-${i}`, name: `Authority ${i}`, kind: 'local_authority', jurisdictionIds: [area] }),
      );
    world = { db, areas, authorities };
  });
  after(() => world.db.close());

  it('gives the figures of counting every episode, after any writes, for any dimension, period and moment', async () => {
    await fc.assert(
      fc.asyncProperty(writesOf(world), checks, async (writes, asked) => {
        for (const write of writes) await apply(world.db, write);
        for (const { dimension, period, readAt } of asked) await assertSameFigures(world.db, dimension, period, readAt);
      }),
      { numRuns: 60 },
    );
    // Every dimension over the whole span and over its last months, once the writes have piled up.
    for (const dimension of DIMENSIONS)
      for (const period of [
        { from: MONTHS[0]!, to: MONTHS.at(-1)! },
        { from: '2026-06', to: '2026-12' },
      ])
        for (const readAt of [INSTANTS[0]!, INSTANTS[3]!]) await assertSameFigures(world.db, dimension, period, readAt);
    const { rows } = await world.db.query<{ n: number; negative: number }>(
      'SELECT (SELECT count(*) FROM profile_episodes)::int AS n, (SELECT count(*) FROM profile_month_counts WHERE episodes < 0)::int AS negative',
    );
    assert.ok(rows[0]!.n > 20, `only ${rows[0]!.n} episodes were left to count`);
    assert.equal(rows[0]!.negative, 0);
  });

  it('serves the whole country without filters, and counts anything narrower from the episodes', async () => {
    const period = { from: MONTHS[0]!, to: MONTHS.at(-1)! };
    const readAt = INSTANTS[2]!;
    await world.db.query('DELETE FROM profile_month_counts');
    // With the monthly counts emptied, only a path that reads the episodes still finds them.
    const national = await countEpisodes(world.db, { period, jurisdictionIds: 'all', filters: {} }, 'sex', readAt);
    assert.equal(national.total.episodes, 0);
    const filtered = await countEpisodes(world.db, { period, jurisdictionIds: 'all', filters: { sex: 'female' } }, 'sex', readAt);
    const force = await countEpisodes(world.db, { period, jurisdictionIds: [world.areas[0]!], filters: {} }, 'sex', readAt);
    assert.ok(filtered.total.episodes > 0 || force.total.episodes > 0);
    assert.deepEqual(filtered, await countBy(world.db, episodesWhere(period, 'all', { sex: 'female' }, readAt), 'sex', readAt));
  });
}

describeOnEngines('national profiles from the monthly counts', monthCountsSuite);
