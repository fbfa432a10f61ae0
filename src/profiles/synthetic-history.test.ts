// The synthetic national history: its shape against the UK figures it imitates, written in batches, marked
// synthetic, made once, and counted by profiles like recorded episodes.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines, type TestEngine } from '../../test/support/databases.ts';
import { asToken, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import type { ProfileAnswer } from './schemas.ts';
import { CHILDREN_PER_YEAR, seedHistory } from './synthetic-history.ts';

const SCALE = 0.02;
const YEARS = 2;

interface Shape {
  episodes: number;
  children: number;
  repeats: number;
  aged12to17: number;
  withinADay: number;
  closed: number;
  safe: number;
  inCareRepeat: number;
  inCareOnce: number;
}

async function shapeOf(world: TestWorld): Promise<Shape> {
  const { rows } = await world.db.query<Shape>(
    `WITH per_child AS (SELECT child_key, count(*) AS n, bool_or(in_care) AS in_care FROM profile_episodes GROUP BY child_key)
     SELECT (SELECT count(*) FROM profile_episodes)::int AS episodes,
            (SELECT count(*) FROM per_child)::int AS children,
            (SELECT count(*) FROM profile_episodes) - (SELECT count(*) FROM per_child) AS repeats,
            (SELECT count(*) FROM profile_episodes WHERE age BETWEEN 12 AND 17)::int AS "aged12to17",
            (SELECT count(*) FROM profile_episodes WHERE missing_minutes < 1440)::int AS "withinADay",
            (SELECT count(*) FROM profile_episodes WHERE outcome IS NOT NULL)::int AS closed,
            (SELECT count(*) FROM profile_episodes WHERE outcome IN ('found_safe', 'returned_of_own_accord', 'located_elsewhere'))::int AS safe,
            (SELECT avg(CASE WHEN in_care THEN 1.0 ELSE 0 END) FROM per_child WHERE n >= 3)::float AS "inCareRepeat",
            (SELECT avg(CASE WHEN in_care THEN 1.0 ELSE 0 END) FROM per_child WHERE n = 1)::float AS "inCareOnce"`,
  );
  return rows[0]!;
}

function hasTheUkShape(shape: Shape): void {
  const children = CHILDREN_PER_YEAR * SCALE * YEARS;
  assert.equal(shape.children, children);
  // About 2.9 episodes a child: 200,000 to 230,000 a year at the national scale.
  const perYear = shape.episodes / YEARS / SCALE;
  assert.ok(perYear > 200_000 && perYear < 230_000, `${perYear} episodes a year`);
  const share = (part: number, whole: number) => part / whole;
  assert.ok(Math.abs(share(Number(shape.repeats), shape.episodes) - 2 / 3) < 0.04, 'two thirds repeats');
  assert.ok(share(shape.aged12to17, shape.episodes) > 0.8, 'mostly 12 to 17');
  assert.ok(Math.abs(share(shape.withinADay, shape.closed) - 0.75) < 0.04, 'three quarters within a day');
  assert.ok(share(shape.safe, shape.closed) > 0.95, 'nearly all safe');
  assert.ok(shape.inCareRepeat > 2 * shape.inCareOnce, 'in care over-represented among repeats');
}

function historySuite(engine: TestEngine): void {
  let world: TestWorld;
  let batches = 0;
  before(async () => {
    world = await startTestWorld(engine);
    const seeded = await seedHistory(world.db, {
      years: YEARS,
      scale: SCALE,
      now: world.clock.now(),
      batchChildren: 500,
      onBatch: () => (batches += 1),
    });
    assert.equal(seeded?.forces, 2);
  });
  after(() => world.close());

  it('has the shape of the UK figures', async () => hasTheUkShape(await shapeOf(world)));

  it('is written in batches, marked synthetic, with no case behind it, and made once', async () => {
    assert.equal(batches, 6);
    const { rows } = await world.db.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM profile_episodes WHERE NOT synthetic OR case_id IS NOT NULL',
    );
    assert.equal(rows[0]!.n, 0);
    assert.equal(await seedHistory(world.db, { years: 1, scale: SCALE, now: world.clock.now() }), undefined);
  });

  it('is counted by profiles, which say it is there', async () => {
    const response = await asToken(world, 'national/analyst')('GET', '/api/v1/profiles/counts?dimension=month&from=2025-12&to=2026-11');
    assert.equal(response.statusCode, 200, response.body);
    const answer = JSON.parse(response.body) as ProfileAnswer;
    assert.equal(answer.includesSynthetic, true);
    assert.ok(answer.notes.some((note) => note.includes('fictional')));
    const months = answer.rows.map((row) => row.episodes.count!);
    // Spring and summer above winter.
    assert.ok(months[6]! + months[7]! > months[0]! + months[1]!, JSON.stringify(months));
  });

  it('gives each episode its area’s local authority and the return interviews most children have', async () => {
    const analyst = asToken(world, 'national/analyst');
    const read = async (dimension: string) => {
      const response = await analyst('GET', `/api/v1/profiles/counts?dimension=${dimension}&from=2025-12&to=2026-11`);
      assert.equal(response.statusCode, 200, response.body);
      return JSON.parse(response.body) as ProfileAnswer;
    };
    const authorities = await read('local_authority');
    const count = (answer: ProfileAnswer, value: string) => answer.rows.find((row) => row.value === value)?.episodes.count ?? 0;
    // Council A holds area A; area B has none.
    assert.ok(count(authorities, 'council-a') > 0 && count(authorities, 'none') > 0, JSON.stringify(authorities.rows));
    const interviews = await read('return_interview');
    const asked = ['done', 'declined', 'overdue', 'in_time'].reduce((sum, value) => sum + count(interviews, value), 0);
    assert.ok(count(interviews, 'done') > 0.55 * asked && count(interviews, 'done') < 0.7 * asked, JSON.stringify(interviews.rows));
    // Only episodes still open, or ended by a death, have none asked.
    assert.ok(count(interviews, 'not_asked') < 0.01 * interviews.total.episodes.count!, JSON.stringify(interviews.rows));
  });
}

describeOnEngines('synthetic national history', historySuite);
