// The operator's commands on the embedded database: every command and group explains itself; boundaries
// are imported with a report per feature (all or nothing, or the good ones); organisations are created; an
// account goes from invitation to disabled and back, moved and sent a reset link.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FORGETMENOT, PROJECT_ROOT } from './support/command.ts';
import { placeEmbeddedDatabase } from './support/templates.ts';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');

describe('the operator’s commands', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-cli-op-'));
  before(() => placeEmbeddedDatabase(dataDir, 'new'));
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));
  const run = (args: string[], input?: string) =>
    spawnSync(process.execPath, [FORGETMENOT, ...args], {
      env: { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'silent', PUBLIC_URL: 'https://alerts.example.org' },
      input,
      encoding: 'utf8',
      timeout: 120_000,
    });

  it('answers --help for every command and group, without a database', async () => {
    const { main } = await import('../src/cli.ts');
    const lines: string[] = [];
    const out = (line: string) => lines.push(line);
    assert.equal(await main(['--help'], out, out), 0);
    const commands = lines
      .join('\n')
      .split('\n')
      .flatMap((line) => {
        const match = /^ {2}([a-z]+(?: [a-z-]+)?)(?= {2}| --| \w)/.exec(line);
        return match ? [match[1]!.split(' ').filter((w) => !w.startsWith('-'))] : [];
      });
    assert.ok(commands.length >= 20, `commands found: ${commands.length}`);
    for (const words of commands) {
      lines.length = 0;
      assert.equal(await main([...words, '--help'], out, out), 0, `forgetmenot ${words.join(' ')} --help: ${lines.join('\n')}`);
      assert.match(lines.join('\n'), /Usage: forgetmenot/, words.join(' '));
    }
    for (const group of ['import', 'user', 'org', 'jurisdiction', 'token', 'audit', 'dispatch']) {
      lines.length = 0;
      assert.equal(await main([group, '--help'], out, out), 0, group);
      assert.match(lines.join('\n'), new RegExp(`Usage: forgetmenot ${group} <command>`));
    }
    lines.length = 0;
    await main(['import', '--help'], out, out);
    assert.match(lines.join('\n'), /import boundaries/);
  });

  it('imports boundaries all or nothing, or the good ones; creates organisations; runs an account’s life', () => {
    assert.equal(run(['migrate']).status, 0);
    const bad = path.join(dataDir, 'bad.geojson');
    const sample = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'police-force-areas-sample.geojson'), 'utf8'));
    sample.features.push({
      type: 'Feature',
      properties: { PFA23CD: 'E23000099', PFA23NM: 'Open' },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [-1, 51],
            [0, 51],
            [0, 52],
            [-1, 52],
          ],
        ],
      },
    });
    fs.writeFileSync(bad, JSON.stringify(sample));
    const args = ['import', 'boundaries', bad, '--code-property', 'PFA23CD', '--name-property', 'PFA23NM'];
    const refused = run(args);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /feature 3 \(E23000099 Open\): geometry\/coordinates\/0: The ring is not closed/);
    assert.match(refused.stderr, /1 of 3 features have problems; nothing was imported/);
    assert.match(refused.stdout, /feature 1 \(E23000029 Thames Valley\): ok/);
    const skipped = run([...args, '--skip-invalid']);
    assert.equal(skipped.status, 0, skipped.stderr);
    assert.match(skipped.stdout, /Imported: 2 new, 0 replaced, 1 left out/);
    assert.match(run([...args, '--skip-invalid']).stdout, /Imported: 0 new, 2 replaced, 1 left out/);
    assert.equal(run(['import', 'boundaries', bad]).status, 2, 'the properties must be named');

    assert.equal(run(['org', 'add', '--code', 'national', '--name', 'National Centre', '--kind', 'national_centre']).status, 0);
    const force = run([
      'org',
      'add',
      '--code',
      'thames-valley',
      '--name',
      'Thames Valley Police',
      '--kind',
      'police_force',
      '--jurisdictions',
      'E23000029',
    ]);
    assert.equal(force.status, 0, force.stderr);
    assert.equal(run(['org', 'add', '--code', 'x', '--name', 'X', '--kind', 'pirate_ship']).status, 2);
    assert.equal(run(['org', 'edit', '--code', 'thames-valley', '--jurisdictions', 'E23000029,E23000030']).status, 0);
    assert.match(run(['jurisdiction', 'list']).stdout, /E23000030\tforce_area\t\tthames-valley\tHampshire and Isle of Wight/);

    const invited = run([
      'user',
      'invite',
      '--email',
      'pc.ward@tvp.example',
      '--name',
      'PC Ward',
      '--role',
      'investigator',
      '--org',
      'thames-valley',
    ]);
    assert.equal(invited.status, 0, invited.stderr);
    assert.match(invited.stdout, /https:\/\/alerts\.example\.org\/console\/set-password#[A-Za-z0-9_-]{40,}/);
    assert.match(run(['user', 'list']).stdout, /pc\.ward@tvp\.example\tinvestigator\tthames-valley\tno\t\tinvited\tnever/);
    assert.equal(run(['user', 'disable', '--email', 'pc.ward@tvp.example']).status, 0);
    assert.match(run(['user', 'list']).stdout, /pc\.ward@tvp\.example\t.*\tdisabled\t/);
    assert.equal(run(['user', 'reset-password', '--email', 'pc.ward@tvp.example']).status, 1, 'enable it first');
    assert.equal(run(['user', 'enable', '--email', 'pc.ward@tvp.example']).status, 0);
    const changed = run(['user', 'change', '--email', 'pc.ward@tvp.example', '--role', 'approver']);
    assert.equal(changed.status, 0, changed.stderr);
    assert.match(changed.stdout, /now approver at thames-valley/);
    assert.equal(
      run(['user', 'change', '--email', 'pc.ward@tvp.example', '--org', 'national']).status,
      1,
      'a national centre holds no approvers',
    );
    assert.match(run(['user', 'reset-password', '--email', 'pc.ward@tvp.example']).stdout, /set-password#/);
    const verified = run(['audit', 'verify']);
    assert.equal(verified.status, 0, verified.stdout);
  });
});
