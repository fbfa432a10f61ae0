// The forgetmenot command's operations, as an operator runs them: seed, accounts, tokens, and proving
// with one command that nobody has altered the audit log.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPglite } from '../src/db/database.ts';
import { FORGETMENOT } from './support/command.ts';
import { placeEmbeddedDatabase } from './support/templates.ts';

describe('the forgetmenot command', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-cli-'));
  before(() => placeEmbeddedDatabase(dataDir, 'new'));
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const run = (args: string[], input?: string) =>
    spawnSync(process.execPath, [FORGETMENOT, ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
      input,
      encoding: 'utf8',
      timeout: 120_000,
    });

  it('explains itself', () => {
    const help = run(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /audit verify/);
    assert.match(run(['user', 'add', '--help']).stdout, /--password-stdin/);
    assert.equal(run(['frobnicate']).status, 2);
    // A command group explains its commands instead of calling itself unknown.
    const importHelp = run(['import', '--help']);
    assert.equal(importHelp.status, 0, importHelp.stderr);
    assert.match(importHelp.stdout, /import gazetteer/);
    assert.match(run(['import', 'gazetteer', '--help']).stdout, /population/);
  });

  it('seeds, adds accounts and tokens, and verifies the audit chain until someone alters it', async () => {
    const seed = run(['seed', '--demo']);
    assert.equal(seed.status, 0, seed.stderr);
    assert.match(seed.stdout, /national-coordinator@national\.demo/);
    assert.equal(run(['seed', '--demo']).status, 1, 'a second seed is refused');

    const add = run(
      [
        'user',
        'add',
        '--email',
        'duty.inspector@thames-valley.demo',
        '--name',
        'Duty Inspector',
        '--role',
        'approver',
        '--org',
        'thames-valley',
        '--password-stdin',
      ],
      'a long passphrase for the night shift\n',
    );
    assert.equal(add.status, 0, add.stderr);
    assert.equal(
      run(
        [
          'user',
          'add',
          '--email',
          'x@thames-valley.demo',
          '--name',
          'X',
          '--role',
          'caseworker',
          '--org',
          'thames-valley',
          '--password-stdin',
        ],
        'another long passphrase\n',
      ).status,
      1,
      'a force cannot hold caseworkers',
    );
    assert.equal(
      run(
        [
          'user',
          'add',
          '--email',
          'y@thames-valley.demo',
          '--name',
          'Y',
          '--role',
          'investigator',
          '--org',
          'thames-valley',
          '--password-stdin',
        ],
        'short\n',
      ).status,
      1,
    );
    const list = run(['user', 'list']);
    assert.match(list.stdout, /duty\.inspector@thames-valley\.demo\tapprover\tthames-valley/);
    // A lost authenticator app: the operator resets it, and it is recorded (checked with the chain below).
    const reset = run(['user', 'reset-second-factor', '--email', 'national-coordinator@national.demo']);
    assert.equal(reset.status, 0, reset.stderr);
    assert.match(reset.stdout, /next sign-in sets up a new one/);
    assert.equal(run(['user', 'reset-second-factor', '--email', 'nobody@national.demo']).status, 1);
    assert.match(run(['user', 'list']).stdout, /national-coordinator@national\.demo\tnational_coordinator\tnational\tno\t/);
    const token = run(['token', 'create', '--email', 'duty.inspector@thames-valley.demo', '--name', 'nightly']);
    assert.match(token.stdout.trim(), /^fmn_[A-Za-z0-9_-]{40,}$/);

    const intact = run(['audit', 'verify']);
    assert.equal(intact.status, 0, intact.stdout + intact.stderr);
    const head = /Head: ([0-9a-f]{64})/.exec(intact.stdout)![1]!;
    assert.equal(run(['audit', 'verify', '--expect-head', head]).status, 0);

    // Someone with database access rewrites who viewed a case.
    const db = await openPglite(path.join(dataDir, 'pglite'));
    const { rows } = await db.query<{ seq: number }>(
      `SELECT seq FROM audit_log WHERE action = 'case.created' ORDER BY seq LIMIT 1 OFFSET 3`,
    );
    const target = rows[0]!.seq;
    await db.transaction(async (tx) => {
      await tx.query('SET LOCAL session_replication_role = replica');
      await tx.query(`UPDATE audit_log SET actor = 'someone.else@thames-valley.demo' WHERE seq = $1`, [target]);
    });
    await db.close();
    const broken = run(['audit', 'verify']);
    assert.equal(broken.status, 1);
    assert.match(broken.stdout, new RegExp(`BROKEN at entry ${target}:`));
  });

  it('runs the dispatch workers alone, and shows how far an alert reached', async () => {
    // The demo's exercise alert was approved by the seed: its fan-out waits in the outbox.
    const db = await openPglite(path.join(dataDir, 'pglite'));
    const { rows } = await db.query<{ id: string }>(`SELECT id FROM alerts WHERE state = 'active'`);
    await db.close();
    const alertId = rows[0]!.id;
    const before = run(['dispatch', 'status', alertId]);
    assert.equal(before.status, 0, before.stderr);
    assert.match(before.stdout, /still finding recipients: 1 fan-out job/);

    const worker = spawn(process.execPath, [FORGETMENOT, 'work'], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    worker.stdout.on('data', (chunk) => (output += chunk));
    const exited = new Promise<number | null>((resolve) => worker.on('exit', resolve));
    const deadline = Date.now() + 60_000;
    while (!output.includes('Dispatch workers running') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.match(output, /email and sms go to the development inbox/);
    // Stop it once the inbox has had time to fill; then read what happened.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    worker.kill('SIGTERM');
    assert.equal(await exited, 0);

    const after = run(['dispatch', 'status', alertId]);
    assert.equal(after.status, 0, after.stderr);
    assert.match(after.stdout, /email +\[#+\] (\d+)\/\1 sent/);
    assert.match(after.stdout, /sms +\[#+\] (\d+)\/\1 sent/);
    assert.doesNotMatch(after.stdout, /still finding/);
    assert.equal(run(['dispatch', 'status', '00000000-0000-0000-0000-000000000000']).status, 1);
    assert.equal(run(['dispatch', 'status']).status, 2);
  });

  it('imports a gazetteer all or nothing', () => {
    const good = path.join(dataDir, 'places.csv');
    fs.writeFileSync(good, 'name,lon,lat,kind\nLlanfair Testun,-4.2,53.2,place\nSY23,-4.08,52.41,postcode_district\n');
    const imported = run(['import', 'gazetteer', good]);
    assert.equal(imported.status, 0, imported.stderr);
    assert.match(imported.stdout, /Imported 2 places/);
    const bad = path.join(dataDir, 'bad.csv');
    fs.writeFileSync(bad, 'name,lon,lat\nSomewhere,-4.2,53.2\nNowhere,200,53.2\n');
    const refused = run(['import', 'gazetteer', bad]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /line 3: lon/);
    assert.equal(run(['import', 'gazetteer']).status, 2);
  });

  it('loads the built-in gazetteer once, at migrate', async () => {
    const again = run(['migrate']);
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /Loaded the gazetteer/, 'the places are loaded once per version, not at every start');
    const db = await openPglite(path.join(dataDir, 'pglite'));
    try {
      const { rows } = await db.query<{ n: number }>(
        "SELECT count(*)::integer AS n FROM gazetteer_places WHERE search_key IN ('rhayader', 'llanfair testun')",
      );
      assert.equal(rows[0]!.n, 2, "GeoNames' Rhayader and the force's own place are both there");
    } finally {
      await db.close();
    }
  });
});
