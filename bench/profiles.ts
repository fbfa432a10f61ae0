// Problem profiles at national scale: a database of its own per engine, 43 force areas over Great Britain, the
// synthetic history written by the real generator (`seedHistory`, as `forgetmenot seed --history-years` runs
// it), then profiles built through `buildProfile` and `buildTrend` as the routes call them: every dimension
// over the whole history for the national centre (exact), and one force's latest year (under control).
//   nice -n 10 node --import tsx bench/profiles.ts
//   YEARS=10 SCALE=1 ENGINES=postgres nice -n 10 node --import tsx bench/profiles.ts
// BENCH_DATABASE_URL names the PostgreSQL server (default the test server); the database is dropped afterwards
// unless BENCH_KEEP=1; BENCH_REUSE=<its name> measures a kept one again without generating (migrating it first).
// Beside each national profile, in the same run: a bare `SELECT count(*)` over the same episodes, and with
// BENCH_DIRECT=1 the same figures counted from every episode (`countBy`, what every profile did before 0047).
import { randomBytes, randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Actor } from '../src/auth/actor.ts';
import { openPglite, openPostgres, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { sql } from '../src/db/sql.ts';
import { insertJurisdiction } from '../src/geo/jurisdictions-store.ts';
import { DIMENSIONS } from '../src/profiles/codes.ts';
import { shiftMonth } from '../src/profiles/dimensions.ts';
import { countBy, episodesWhere } from '../src/profiles/profile-store.ts';
import { buildProfile, buildTrend } from '../src/profiles/profiles.ts';
import { seedHistory } from '../src/profiles/synthetic-history.ts';
import { ukLocalParts } from '../src/profiles/uk-time.ts';
import { databaseUrl } from '../test/support/templates.ts';

const YEARS = Number(process.env.YEARS ?? 10);
const SCALE = Number(process.env.SCALE ?? 1);
const ENGINES = (process.env.ENGINES ?? 'postgres,pglite').split(',');
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUNS = 3;
const KEEP = process.env.BENCH_KEEP === '1';
const REUSE = process.env.BENCH_REUSE;
const DIRECT = process.env.BENCH_DIRECT === '1';

function square(west: number, south: number, east: number, north: number) {
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

/** A country and 43 force areas on a grid over Great Britain (fictional shapes, as many as England and Wales have). */
async function forceAreas(db: Database): Promise<string[]> {
  const parentId = await insertJurisdiction(db, { code: 'gb', name: 'Great Britain', kind: 'country', geometry: square(-6, 50, 2, 58) });
  const ids: string[] = [];
  for (let i = 0; i < 43; i += 1) {
    const [column, row] = [i % 7, Math.floor(i / 7)];
    const west = -6 + column * (8 / 7);
    const south = 50 + row * (8 / 7);
    ids.push(
      await insertJurisdiction(db, {
        code: `force-${i + 1}`,
        name: `Force ${i + 1}`,
        kind: 'force_area',
        geometry: square(west, south, west + 8 / 7, south + 8 / 7),
        parentId,
      }),
    );
  }
  return ids;
}

function actorOf(kind: 'national_centre' | 'police_force', jurisdictionIds: string[]): Actor {
  return {
    userId: randomUUID(),
    email: `analyst@${kind}.bench`,
    name: 'Bench analyst',
    role: 'analyst',
    organisationId: randomUUID(),
    organisationKind: kind,
    jurisdictionIds,
    secondFactor: false,
    via: 'token',
    sessionId: null,
    ip: '127.0.0.1',
  };
}

const ms = (value: number) => `${value.toFixed(0).padStart(6)} ms`;

async function timed(work: () => Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(RUNS / 2)]!;
}

async function openEngine(engine: string): Promise<{ db: Database; size: () => Promise<string>; close: () => Promise<void> }> {
  if (engine === 'postgres') {
    const name = REUSE ?? `fmn_bench_profiles_${randomBytes(4).toString('hex')}`;
    const admin = await openPostgres(SERVER_URL, { max: 1 });
    if (!REUSE) await admin.query(`CREATE DATABASE ${name}`);
    const db = await openPostgres(databaseUrl(SERVER_URL, name), { max: 2 });
    return {
      db,
      size: async () =>
        (
          await db.query<{ table: string; counts: string; count_rows: number; database: string }>(
            `SELECT pg_size_pretty(pg_total_relation_size('profile_episodes')) AS table,
                    pg_size_pretty(pg_total_relation_size('profile_month_counts')) AS counts,
                    (SELECT count(*) FROM profile_month_counts)::int AS count_rows,
                    pg_size_pretty(pg_database_size(current_database())) AS database`,
          )
        ).rows.map(
          (row) =>
            `profile_episodes ${row.table} (indexes included), profile_month_counts ${row.counts} (${row.count_rows.toLocaleString('en-GB')} rows), database ${row.database}`,
        )[0]!,
      async close() {
        await db.close();
        if (KEEP || REUSE) console.log(`postgres: database ${name} kept (BENCH_REUSE=${name} measures it again; drop it when done)`);
        else await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
        await admin.close();
      },
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), 'fmn-bench-profiles-'));
  const db = await openPglite(path.join(dir, 'pglite'));
  return {
    db,
    size: async () => {
      const { rows } = await db.query<{ table: string }>(`SELECT pg_size_pretty(pg_total_relation_size('profile_episodes')) AS table`);
      return `profile_episodes ${rows[0]!.table} (indexes included), data folder ${
        execFileSync('du', ['-sh', path.join(dir, 'pglite')])
          .toString()
          .split('\t')[0]
      }`;
    },
    async close() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function keptForces(db: Database): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(`SELECT id FROM jurisdictions WHERE kind = 'force_area' ORDER BY created_at, code`);
  return rows.map((row) => row.id);
}

async function generate(engine: string, db: Database, now: Date): Promise<void> {
  console.log(`${engine}: generating ${YEARS} years at scale ${SCALE}; load average ${os.loadavg()[0]!.toFixed(1)}`);
  const started = performance.now();
  const seeded = (await seedHistory(db, { years: YEARS, scale: SCALE, now, batchChildren: 2000 }))!;
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `${engine}: ${seeded.episodes.toLocaleString('en-GB')} episodes in ${seconds.toFixed(0)} s (${Math.round(seeded.episodes / seconds).toLocaleString('en-GB')} a second); load average ${os.loadavg()[0]!.toFixed(1)}`,
  );
}

async function measure(engine: string): Promise<void> {
  const { db, size, close } = await openEngine(engine);
  try {
    const reused = engine === 'postgres' && REUSE !== undefined;
    const migrating = performance.now();
    const applied = await migrate(db);
    if (reused && applied.length > 0)
      console.log(`${engine}: migrated ${applied.join(', ')} in ${((performance.now() - migrating) / 1000).toFixed(0)} s`);
    const forces = reused ? await keptForces(db) : await forceAreas(db);
    const now = new Date();
    if (!reused) await generate(engine, db, now);
    console.log(`${engine}: ${await size()}`);
    const deps = { db, clock: () => now };
    const to = ukLocalParts(now).month.slice(0, 7);
    const whole = { from: shiftMonth(to, -(YEARS * 12 - 1)), to };
    const national = actorOf('national_centre', []);
    const force = actorOf('police_force', [forces[10]!]);
    console.log(`${engine}: median of ${RUNS} after a warm-up; load average ${os.loadavg()[0]!.toFixed(1)}`);
    const where = episodesWhere(whole, 'all', {}, now);
    const bare = () => db.query(sql`SELECT count(*) FROM profile_episodes e WHERE ${where}`);
    for (const dimension of DIMENSIONS) {
      const reference = await timed(bare);
      const all = await timed(() => buildProfile(deps, national, { dimension, ...whole }));
      const direct = DIRECT ? await timed(() => countBy(db, where, dimension, now)) : undefined;
      const one = await timed(() => buildProfile(deps, force, { dimension }));
      console.log(
        `  ${dimension.padEnd(16)} national ${YEARS} years ${ms(all)} (bare count(*) ${ms(reference)}, ratio ${(all / reference).toFixed(2)}${
          direct === undefined ? '' : `; counted from every episode ${ms(direct)}, ratio ${(direct / reference).toFixed(2)}`
        })   one force, one year ${ms(one)}   load ${os.loadavg()[0]!.toFixed(1)}`,
      );
    }
    const reference = await timed(bare);
    const trend = await timed(() => buildTrend(deps, national, whole));
    const forceTrend = await timed(() => buildTrend(deps, force, {}));
    console.log(
      `  ${'trend'.padEnd(16)} national ${YEARS} years ${ms(trend)} (bare count(*) ${ms(reference)}, ratio ${(trend / reference).toFixed(2)})   one force, one year ${ms(forceTrend)}`,
    );
  } finally {
    await close();
  }
}

for (const engine of ENGINES) await measure(engine);
