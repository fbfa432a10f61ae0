// Benchmark: bulk enrolment from CSV through the import route, on PostgreSQL and on PGlite, against the
// database's own capacity to write the same rows, measured side by side in the same run.
//
// The user story: a postal company's administrator enrols 124,000 handheld devices and staff from one file.
// On each engine, through `POST /api/v1/enrolment/recipients/import` over a real HTTP connection (the app
// listening on loopback, the file streamed from disk, a partner administrator's bearer token):
//   1. a first import (every row new);
//   2. the same file again (every row unchanged);
//   3. the file with 10 % of rows changed (a label, an address or an area);
//   4. a file of new recipients with 1 % bad rows, all-or-nothing: refused with the per-row report, and
//      nothing written (checked);
//   5. the same file with mode=good-rows: the other 99 % imported (checked).
// The reference: the same subscribers, subscriber_channels and subscriber_cells rows, values computed
// beforehand, written into scratch copies of the tables (same indexes and keys) with one multi-row
// INSERT ... SELECT FROM unnest per table and chunk, in one transaction. And the CSV reading alone
// (readRecipientCsv, no database), so the reader can see where the time goes.
// The app runs in this process: peak memory is this process's VmHWM, reset before the first import.
// Progress goes to stderr, the results table to stdout; the file and the schema are removed at the end.
//
// Run: node --import tsx bench/csv-import.ts [--rows N]
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { cellToParent, latLngToCell } from 'h3-js';
import { request } from 'undici';
import { newWebhookSecret } from '../src/channels/webhook.ts';
import { openPostgres, type Database } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { cellOfPoint, cellsOfH3 } from '../src/enrolment/areas.ts';
import { readRecipientCsv, type ImportRow } from '../src/enrolment/csv-import.ts';
import { addPartnerOrganisation, countRows, organisationIdOf } from '../src/enrolment/enrolment.test-support.ts';
import { startTestWorld, type TestWorld } from '../test/support/app.ts';
import { TEST_ENGINES } from '../test/support/databases.ts';

const { values: flags } = parseArgs({ options: { rows: { type: 'string' } } });
const ROWS = Number(flags.rows ?? 124_000);
assert.ok(
  Number.isInteger(ROWS) && ROWS >= 1000 && ROWS <= 240_000,
  '--rows takes a whole number from 1,000 to 240,000 (the import takes 250,000 at most)',
);
const DATABASE_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
/** Rows per statement of the reference write. */
const RAW_CHUNK = 25_000;

const progress = (line: string) => process.stderr.write(`[${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const number = (n: number) => Math.round(n).toLocaleString('en-GB');
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const perSecond = (count: number, ms: number) => `${number((count * 1000) / ms)}/s`;

// ---------------------------------------------------------------------------------------------------
// The files

type Variant = 'first' | 'changed' | 'bad';
const HEADER = 'external_ref,channel,address,area,language,exercises,label';
const LANGUAGES = ['en', 'en', 'en', 'en', 'en', 'en', 'en', 'cy', 'pl', 'en-GB'];

/** Where row i is: spread over lat 50.5..55.5, lon -5..1 on a jittered grid. */
function placeOf(i: number): { lat: number; lon: number } {
  const lat = 50.5 + ((i * 7919) % 5000) / 1000;
  const lon = -5 + ((i * 104_729) % 6000) / 1000;
  return { lat, lon };
}

/**
 * Row i of a file: 40 % SMS handhelds, 35 % webhook handhelds, 25 % staff by email; 70 % of areas as a
 * "lat,lon" point, 20 % as a resolution 7 H3 cell, 10 % as a resolution 6 cell (7 cells each).
 */
function rowOf(i: number, variant: Variant, prefix: string): string {
  const kind = i % 20;
  const channel = kind < 8 ? 'sms' : kind < 15 ? 'webhook' : 'email';
  // In the changed file, one row in ten changes: its label, its address or its area, in turn.
  const change = variant === 'changed' && i % 10 === 3 ? Math.floor(i / 10) % 3 : -1;
  const bad = variant === 'bad' && i % 100 === 50 ? Math.floor(i / 100) % 4 : -1;
  const n = change === 1 ? i + 1_000_000 : i;
  let address =
    channel === 'sms'
      ? `07911 ${100_000 + ((change === 1 ? i + 7 : i) % 120_000)}`
      : channel === 'webhook'
        ? `https://hooks.example.org/devices/${n}`
        : `staff.${n}@example.org`;
  const place = placeOf(change === 2 ? i + 17 : i);
  const shape = i % 10;
  let area =
    shape < 7
      ? `"${place.lat.toFixed(5)},${place.lon.toFixed(5)}"`
      : shape < 9
        ? latLngToCell(place.lat, place.lon, 7)
        : cellToParent(latLngToCell(place.lat, place.lon, 7), 6);
  let language = LANGUAGES[i % LANGUAGES.length]!;
  let channelText: string = channel;
  // The bad rows: a landline for SMS, an area that is nowhere, a channel the file may not use, a bad language.
  if (bad === 0) {
    channelText = 'sms';
    address = '01632 960 000';
  } else if (bad === 1) {
    area = 'nowhere-in-particular';
  } else if (bad === 2) {
    channelText = 'push';
  } else if (bad === 3) {
    language = 'not a language';
  }
  const label = `${channel === 'email' ? `Staff ${i}` : `Depot ${i % 500}`}${change === 0 ? ' (moved)' : ''}`;
  return `${prefix}${i},${channelText},${address},${area},${language},${i % 4 === 0 ? 'yes' : 'no'},${label}`;
}

/** Writes a file a chunk at a time, so the bench never holds it whole. */
function writeFile(file: string, variant: Variant, prefix: string): number {
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${HEADER}\n`);
  let lines: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    lines.push(rowOf(i, variant, prefix));
    if (lines.length === 10_000) {
      fs.writeSync(fd, `${lines.join('\n')}\n`);
      lines = [];
    }
  }
  if (lines.length > 0) fs.writeSync(fd, `${lines.join('\n')}\n`);
  fs.closeSync(fd);
  return fs.statSync(file).size;
}

const badRows = () => Array.from({ length: ROWS }, (_, i) => i).filter((i) => i % 100 === 50).length;
const cellsOfRows = () => Array.from({ length: ROWS }, (_, i) => (i % 10 === 9 ? 7 : 1)).reduce((a, b) => a + b, 0);

// ---------------------------------------------------------------------------------------------------
// Memory of this process (the app and its database engine run here)

function statusKiB(field: 'VmHWM' | 'VmRSS'): number {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync('/proc/self/status', 'utf8'));
  return match ? Number(match[1]) : NaN;
}

/** Resets VmHWM to the current RSS (writing 5 to clear_refs); false where the kernel does not allow it. */
function resetPeak(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

// ---------------------------------------------------------------------------------------------------
// Engines and worlds

interface Engine {
  name: 'postgres' | 'pglite';
  world: TestWorld;
  close(): Promise<void>;
}

async function postgresEngine(schema: string): Promise<Engine> {
  const admin = await openPostgres(DATABASE_URL, { max: 1 });
  await admin.query(`CREATE SCHEMA ${schema}`);
  await admin.close();
  const world = await startTestWorld(
    {
      name: 'postgres',
      skip: false,
      async open() {
        const db = await openPostgres(DATABASE_URL, { searchPath: schema, max: 4 });
        await migrate(db);
        return db;
      },
    },
    { users: { partner: ['partner_admin'] } },
  );
  return {
    name: 'postgres',
    world,
    async close() {
      await world.close().catch(() => undefined);
      const cleanup = await openPostgres(DATABASE_URL, { max: 1 });
      await cleanup.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await cleanup.close();
    },
  };
}

async function pgliteEngine(): Promise<Engine> {
  const world = await startTestWorld(
    TEST_ENGINES.find((engine) => engine.name === 'pglite')!,
    { users: { partner: ['partner_admin'] } },
  );
  return { name: 'pglite', world, close: () => world.close() };
}

interface Posted {
  status: number;
  ms: number;
  body: {
    imported?: number;
    updated?: number;
    unchanged?: number;
    rejected?: number;
    errors?: unknown[];
    webhookSecrets?: unknown[];
    detail?: string;
  };
}

/** Streams a file from disk to the import route over HTTP, as a partner's IT team would. */
async function postFile(base: string, token: string, file: string, mode: 'all-or-nothing' | 'good-rows'): Promise<Posted> {
  const started = performance.now();
  const response = await request(`${base}/api/v1/enrolment/recipients/import?mode=${mode}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': String(fs.statSync(file).size) },
    body: fs.createReadStream(file),
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  const text = await response.body.text();
  const ms = performance.now() - started;
  let body: Posted['body'];
  try {
    body = JSON.parse(text) as Posted['body'];
  } catch {
    throw new Error(`the import answered ${response.statusCode} with ${text.slice(0, 300)}`);
  }
  return { status: response.statusCode, ms, body };
}

// ---------------------------------------------------------------------------------------------------
// The reference: the same rows, values computed beforehand, into scratch copies of the tables

async function createScratchTables(db: Database): Promise<void> {
  await db.exec(`
    CREATE TABLE raw_subscribers (LIKE subscribers INCLUDING ALL);
    ALTER TABLE raw_subscribers ADD FOREIGN KEY (organisation_id) REFERENCES organisations (id);
    CREATE TABLE raw_subscriber_channels (LIKE subscriber_channels INCLUDING ALL);
    ALTER TABLE raw_subscriber_channels ADD FOREIGN KEY (subscriber_id) REFERENCES raw_subscribers (id) ON DELETE CASCADE;
    CREATE TABLE raw_subscriber_cells (LIKE subscriber_cells INCLUDING ALL);
    ALTER TABLE raw_subscriber_cells ADD FOREIGN KEY (subscriber_id) REFERENCES raw_subscribers (id) ON DELETE CASCADE;
  `);
}

async function dropScratchTables(db: Database): Promise<void> {
  await db.exec('DROP TABLE IF EXISTS raw_subscriber_cells, raw_subscriber_channels, raw_subscribers');
}

interface RawWrite {
  ms: number;
  cells: number;
  /** subscribers, subscriber_channels, subscriber_cells, commit. */
  tableMs: number[];
}

/** Writes the parsed rows as the first import would, with nothing left to decide: returns the milliseconds. */
async function rawWrite(db: Database, organisationId: string, rows: readonly ImportRow[]): Promise<RawWrite> {
  const ids = rows.map(() => randomUUID());
  const secrets = rows.map((r) => (r.channel === 'webhook' ? newWebhookSecret() : null));
  const cellIds: string[] = [];
  const cellCells: string[] = [];
  rows.forEach((row, i) => {
    for (const cell of row.cellIds) {
      cellIds.push(ids[i]!);
      cellCells.push(cell);
    }
  });
  const now = new Date();
  const tableMs: number[] = [];
  let mark = performance.now();
  const lap = () => {
    const at = performance.now();
    tableMs.push(at - mark);
    mark = at;
  };
  const started = performance.now();
  await db.transaction(async (tx) => {
    for (let start = 0; start < rows.length; start += RAW_CHUNK) {
      const chunk = rows.slice(start, start + RAW_CHUNK);
      const chunkIds = ids.slice(start, start + RAW_CHUNK);
      await tx.query(
        `INSERT INTO raw_subscribers (id, organisation_id, external_ref, label, language, include_exercises, created_at, updated_at)
         SELECT r.id, $1, r.external_ref, r.label, r.language, r.include_exercises, $2, $2
           FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::boolean[]) AS r(id, external_ref, label, language, include_exercises)`,
        [
          organisationId,
          now,
          chunkIds,
          chunk.map((r) => r.externalRef),
          chunk.map((r) => r.label),
          chunk.map((r) => r.language),
          chunk.map((r) => r.includeExercises),
        ],
      );
    }
    lap();
    for (let start = 0; start < rows.length; start += RAW_CHUNK) {
      const chunk = rows.slice(start, start + RAW_CHUNK);
      await tx.query(
        `INSERT INTO raw_subscriber_channels (subscriber_id, channel, address, webhook_secret, confirmed_at, created_at)
         SELECT r.id, r.channel, r.address, r.secret, $1, $1 FROM unnest($2::uuid[], $3::text[], $4::text[], $5::text[]) AS r(id, channel, address, secret)`,
        [
          now,
          ids.slice(start, start + RAW_CHUNK),
          chunk.map((r) => r.channel),
          chunk.map((r) => r.address),
          secrets.slice(start, start + RAW_CHUNK),
        ],
      );
    }
    lap();
    for (let start = 0; start < cellIds.length; start += RAW_CHUNK) {
      await tx.query(
        'INSERT INTO raw_subscriber_cells (cell, subscriber_id) SELECT r.cell, r.id FROM unnest($1::uuid[], $2::bigint[]) AS r(id, cell)',
        [cellIds.slice(start, start + RAW_CHUNK), cellCells.slice(start, start + RAW_CHUNK)],
      );
    }
    lap();
  });
  lap();
  return { ms: performance.now() - started, cells: cellIds.length, tableMs };
}

// ---------------------------------------------------------------------------------------------------
// One engine: the five imports, then the reference

interface EngineResult {
  name: string;
  first: Posted;
  same: Posted;
  changed: Posted;
  refused: Posted;
  goodRows: Posted;
  rssBeforeKiB: number;
  peakKiB: number;
  sampledKiB: number;
  peakReset: boolean;
  parseMs: number;
  raw: RawWrite;
}

const files = { first: '', changed: '', bad: '' };

async function runEngine(engine: Engine): Promise<EngineResult> {
  const { world } = engine;
  world.clock.set(new Date());
  const partnerId = await organisationIdOf(world, 'partner');
  const badPartnerId = await addPartnerOrganisation(world, 'bad-rows-partner');
  const address = await world.app.listen({ port: 0, host: '127.0.0.1' });
  const post = (who: string, file: string, mode: 'all-or-nothing' | 'good-rows' = 'all-or-nothing') =>
    postFile(address, world.tokens[who]!, file, mode);
  const recipientsOf = (organisationId: string) => countRows(world, 'subscribers WHERE organisation_id = $1', [organisationId]);
  const cellsOf = (organisationId: string) =>
    countRows(world, 'subscriber_cells c JOIN subscribers s ON s.id = c.subscriber_id WHERE s.organisation_id = $1', [organisationId]);

  const rssBeforeKiB = statusKiB('VmRSS');
  const peakReset = resetPeak();
  // VmRSS sampled as well: the reset's starting point is not always today's RSS.
  let sampledKiB = rssBeforeKiB;
  const sampler = setInterval(() => (sampledKiB = Math.max(sampledKiB, statusKiB('VmRSS'))), 20);
  progress(`${engine.name}: first import of ${number(ROWS)} rows`);
  const first = await post('partner/partner_admin', files.first);
  clearInterval(sampler);
  const peakKiB = statusKiB('VmHWM');
  assert.equal(first.status, 200, JSON.stringify(first.body).slice(0, 500));
  assert.equal(first.body.imported, ROWS);
  assert.equal(await recipientsOf(partnerId), ROWS);
  assert.equal(await cellsOf(partnerId), cellsOfRows());
  progress(`  ${seconds(first.ms)}; the same file again`);

  const same = await post('partner/partner_admin', files.first);
  assert.equal(same.status, 200, JSON.stringify(same.body).slice(0, 500));
  assert.equal(same.body.unchanged, ROWS);
  progress(`  ${seconds(same.ms)}; the file with 10 % changed`);

  const changed = await post('partner/partner_admin', files.changed);
  assert.equal(changed.status, 200, JSON.stringify(changed.body).slice(0, 500));
  const expectChanged = Array.from({ length: ROWS }, (_, i) => i).filter((i) => i % 10 === 3).length;
  assert.equal(changed.body.updated, expectChanged);
  assert.equal(changed.body.unchanged, ROWS - expectChanged);
  assert.equal(await recipientsOf(partnerId), ROWS);
  progress(`  ${seconds(changed.ms)}; 1 % bad rows, all-or-nothing`);

  const refused = await post('bad-rows-partner/partner_admin', files.bad);
  assert.equal(refused.status, 422, JSON.stringify(refused.body).slice(0, 500));
  assert.ok((refused.body.errors?.length ?? 0) > 0, 'the refusal lists the bad rows');
  assert.match(refused.body.detail ?? '', new RegExp(`^${badRows()} of ${ROWS} rows are not valid`));
  assert.equal(await recipientsOf(badPartnerId), 0, 'nothing of a refused file is written');
  progress(`  ${seconds(refused.ms)}; 1 % bad rows, good-rows`);

  const goodRows = await post('bad-rows-partner/partner_admin', files.bad, 'good-rows');
  assert.equal(goodRows.status, 200, JSON.stringify(goodRows.body).slice(0, 500));
  assert.equal(goodRows.body.rejected, badRows());
  assert.equal(goodRows.body.imported, ROWS - badRows());
  assert.equal(await recipientsOf(badPartnerId), ROWS - badRows());
  progress(`  ${seconds(goodRows.ms)}; reading the CSV alone, then the raw write`);

  // The reading alone: the same file and checks, no database (areas here are points and H3 cells only).
  const parseStart = performance.now();
  const parsed = await readRecipientCsv(fs.createReadStream(files.first), (area) => cellOfPoint(area) ?? cellsOfH3(area));
  const parseMs = performance.now() - parseStart;
  assert.equal(parsed.rows.length, ROWS);

  await createScratchTables(world.db);
  const raw = await rawWrite(world.db, partnerId, parsed.rows);
  assert.equal(raw.cells, cellsOfRows());
  assert.equal(await countRows(world, 'raw_subscribers'), ROWS);
  await dropScratchTables(world.db);
  progress(`  raw write ${seconds(raw.ms)}`);
  return { name: engine.name, first, same, changed, refused, goodRows, rssBeforeKiB, peakKiB, sampledKiB, peakReset, parseMs, raw };
}

// ---------------------------------------------------------------------------------------------------
// The run

const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
const loadBefore = os.loadavg();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-csv-bench-'));
files.first = path.join(dir, 'first.csv');
files.changed = path.join(dir, 'changed.csv');
files.bad = path.join(dir, 'bad.csv');
const bytes = writeFile(files.first, 'first', 'device-');
writeFile(files.changed, 'changed', 'device-');
writeFile(files.bad, 'bad', 'other-');
progress(`files of ${number(ROWS)} rows written (${(bytes / 1024 / 1024).toFixed(1)} MB each)`);

const results: EngineResult[] = [];
const notes: string[] = [];
for (const open of [() => postgresEngine(`bench_csv_${randomBytes(4).toString('hex')}`), pgliteEngine]) {
  let engine: Engine | undefined;
  try {
    engine = await open();
    results.push(await runEngine(engine));
  } catch (error) {
    notes.push(`${engine?.name ?? 'an engine'} stopped early: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exitCode = 1;
  } finally {
    await engine?.close().catch(() => undefined);
  }
}
fs.rmSync(dir, { recursive: true, force: true });

const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
const ratio = (ms: number, rawMs: number) => `×${(ms / rawMs).toFixed(1)}`;
console.log(
  `CSV import benchmark at ${commit}: \`node --import tsx bench/csv-import.ts${flags.rows ? ` --rows ${ROWS}` : ''}\`, ${number(ROWS)} rows ` +
    `(${(bytes / 1024 / 1024).toFixed(1)} MB, ${number(cellsOfRows())} cells); load average before the run ${loadBefore.map((l) => l.toFixed(2)).join(', ')}`,
);
console.log('');
console.log(line(['measure', ...results.map((r) => r.name)]));
console.log(line(['---', ...results.map(() => '---')]));
const row = (measure: string, cell: (r: EngineResult) => string) => console.log(line([measure, ...results.map(cell)]));
const timed = (p: Posted, r: EngineResult) => `${seconds(p.ms)} = ${perSecond(ROWS, p.ms)} (${ratio(p.ms, r.raw.ms)} the raw write)`;
row('1. First import, all new (HTTP route)', (r) => timed(r.first, r));
row('2. Same file again, all unchanged', (r) => timed(r.same, r));
row('3. 10 % changed', (r) => timed(r.changed, r));
row('4. 1 % bad, all-or-nothing: 422, nothing written', (r) => `${timed(r.refused, r)}; ${r.refused.body.errors?.length} errors listed`);
row('5. 1 % bad, good-rows: the 99 % imported', (r) => `${timed(r.goodRows, r)}; ${number(r.goodRows.body.imported ?? 0)} imported`);
row(
  'Raw write of the same rows (unnest, one transaction, scratch tables): subscribers + channels + cells + commit',
  (r) => `${seconds(r.raw.ms)} = ${perSecond(ROWS, r.raw.ms)} (${r.raw.tableMs.map((ms) => (ms / 1000).toFixed(1)).join(' + ')} s)`,
);
row('Reading the CSV alone (readRecipientCsv, no database)', (r) => `${seconds(r.parseMs)} = ${perSecond(ROWS, r.parseMs)}`);
row(
  'Memory of this process (app in-process) during the first import: VmHWM reset before it; highest VmRSS sampled every 20 ms; VmRSS before',
  (r) =>
    `VmHWM ${mib(r.peakKiB)}${r.peakReset ? '' : ' (could not be reset: peak since start)'}; sampled ${mib(r.sampledKiB)}; before ${mib(r.rssBeforeKiB)}`,
);
if (notes.length > 0) {
  console.log('');
  for (const note of notes) console.log(`Note: ${note}`);
}
