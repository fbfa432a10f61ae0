// The forgetmenot command's operations, as an operator runs them: seed, accounts, tokens, and proving
// with one command that nobody has altered the audit log.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPglite } from '../src/db/database.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

describe('the forgetmenot command', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-cli-'));
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const run = (args: string[], input?: string) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin/forgetmenot.js'), ...args], {
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
  });

  it('seeds, adds accounts and tokens, and verifies the audit chain until someone alters it', async () => {
    const seed = run(['seed', '--demo']);
    assert.equal(seed.status, 0, seed.stderr);
    assert.match(seed.stdout, /national-coordinator@national\.demo/);
    assert.equal(run(['seed', '--demo']).status, 1, 'a second seed is refused');

    const add = run(['user', 'add', '--email', 'duty.inspector@thames-valley.demo', '--name', 'Duty Inspector', '--role', 'approver', '--org', 'thames-valley', '--password-stdin'], 'a long passphrase for the night shift\n');
    assert.equal(add.status, 0, add.stderr);
    assert.equal(run(['user', 'add', '--email', 'x@thames-valley.demo', '--name', 'X', '--role', 'caseworker', '--org', 'thames-valley', '--password-stdin'], 'another long passphrase\n').status, 1, 'a force cannot hold caseworkers');
    assert.equal(run(['user', 'add', '--email', 'y@thames-valley.demo', '--name', 'Y', '--role', 'investigator', '--org', 'thames-valley', '--password-stdin'], 'short\n').status, 1);
    const list = run(['user', 'list']);
    assert.match(list.stdout, /duty\.inspector@thames-valley\.demo\tapprover\tthames-valley/);
    const token = run(['token', 'create', '--email', 'duty.inspector@thames-valley.demo', '--name', 'nightly']);
    assert.match(token.stdout.trim(), /^fmn_[A-Za-z0-9_-]{40,}$/);

    const intact = run(['audit', 'verify']);
    assert.equal(intact.status, 0, intact.stdout + intact.stderr);
    const head = /Head: ([0-9a-f]{64})/.exec(intact.stdout)![1]!;
    assert.equal(run(['audit', 'verify', '--expect-head', head]).status, 0);

    // Someone with database access rewrites who viewed a case.
    const db = await openPglite(path.join(dataDir, 'pglite'));
    const { rows } = await db.query<{ seq: number }>(`SELECT seq FROM audit_log WHERE action = 'case.created' ORDER BY seq LIMIT 1 OFFSET 3`);
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
});
