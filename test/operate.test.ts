// An operator sets Forget-me-not up on an empty PostgreSQL database with the command and the API alone, as
// the README's "Running on PostgreSQL" says: migrate, import the boundaries of a country and its police force
// areas from GeoJSON, create the national centre and a force, add an administrator, start the server; the
// administrator signs in (setting up their second factor) and invites an investigator and a senior officer,
// who set their own passwords; an exercise alert over the force's whole area is raised and approved by the
// second officer. No SQL anywhere. PostgreSQL only: without TEST_DATABASE_URL this is reported as skipped.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openPostgres } from '../src/db/database.ts';
import { currentTotpCode } from '../src/auth/totp.ts';
import { ALERT_CRITERIA } from './support/alerts.ts';
import { newChildCase } from './support/app.ts';
import { FORGETMENOT, PROJECT_ROOT } from './support/command.ts';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');
const postgresUrl = process.env.TEST_DATABASE_URL;
const IN_THAMES_VALLEY = { lon: -1.0, lat: 51.75 };

/** A client that keeps the session cookie and the CSRF token as the console does. */
function client(base: string) {
  let cookie = '';
  let csrf = '';
  return async (method: string, url: string, body?: unknown) => {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (cookie) headers.cookie = cookie;
    if (csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const set = response.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0]!;
    const text = await response.text();
    const json = text && (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : undefined;
    if (json?.csrfToken) csrf = json.csrfToken;
    return { status: response.status, json, text };
  };
}

/** The commands of the README's set-up: migrate, import the boundaries, add the organisations and an administrator. */
function setUpByCommand(run: (args: string[], input?: string) => string): void {
  assert.match(run(['migrate']), /Applied: 0001_foundation/);
  assert.match(
    run([
      'import',
      'boundaries',
      path.join(FIXTURES, 'england-and-wales-sample.geojson'),
      '--code-property',
      'CTRY23CD',
      '--name-property',
      'CTRY23NM',
      '--kind',
      'country',
    ]),
    /Imported: 1 new/,
  );
  const forces = run([
    'import',
    'boundaries',
    path.join(FIXTURES, 'police-force-areas-sample.geojson'),
    '--code-property',
    'PFA23CD',
    '--name-property',
    'PFA23NM',
    '--parent',
    'K04000001',
  ]);
  assert.match(forces, /feature 2 \(E23000030 Hampshire and Isle of Wight\): ok/);
  assert.match(forces, /Imported: 2 new, 0 replaced/);
  run([
    'org',
    'add',
    '--code',
    'national',
    '--name',
    'UK Missing Persons Unit',
    '--kind',
    'national_centre',
    '--jurisdictions',
    'K04000001',
  ]);
  run([
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
  assert.match(run(['org', 'list']), /thames-valley\tpolice_force\tThames Valley Police\tE23000029/);
  run(
    [
      'user',
      'add',
      '--email',
      'admin@national.example',
      '--name',
      'Duty Administrator',
      '--role',
      'administrator',
      '--org',
      'national',
      '--password-stdin',
    ],
    'an administrator passphrase\n',
  );
}

/** Signs in for the first time and, as the role requires, sets up an authenticator app. */
async function enrol(as: ReturnType<typeof client>, email: string, password: string): Promise<void> {
  const signIn = await as('POST', '/api/v1/auth/sign-in', { email, password });
  assert.equal(signIn.status, 200, signIn.text);
  assert.equal(signIn.json.stage, 'totp_enrolment');
  const enrolment = await as('POST', '/api/v1/auth/second-factor/enrolment', {});
  assert.equal(enrolment.status, 200, enrolment.text);
  const confirmed = await as('POST', '/api/v1/auth/second-factor/enrolment/confirm', {
    code: currentTotpCode(enrolment.json.secret, new Date()),
  });
  assert.equal(confirmed.status, 200, confirmed.text);
  assert.equal(confirmed.json.stage, 'active');
}

/** The port `forgetmenot serve` says it listens on, once it is ready. */
async function listeningPort(server: ChildProcess): Promise<number> {
  let output = '';
  server.stdout!.on('data', (chunk) => (output += chunk));
  server.stderr!.on('data', (chunk) => (output += chunk));
  return new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 180_000);
    server.stdout!.on('data', () => {
      const match = /API: +http:\/\/localhost:(\d+)\//.exec(output);
      if (match && output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    server.once('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
}

// A skipped run shows as one skipped test in the runner's summary, never as a pass.
if (!postgresUrl)
  it('operating on PostgreSQL without SQL', { skip: 'TEST_DATABASE_URL is not set (PostgreSQL tests skipped)' }, () => undefined);
else
  describe('operating on PostgreSQL without SQL', () => {
    const database = `fmn_operate_${randomBytes(5).toString('hex')}`;
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-operate-'));
    let databaseUrl = '';
    let server: ChildProcess | undefined;

    before(async () => {
      const admin = await openPostgres(postgresUrl, { max: 1 });
      await admin.query(`CREATE DATABASE ${database}`);
      await admin.close();
      const url = new URL(postgresUrl);
      url.pathname = `/${database}`;
      databaseUrl = url.toString();
    });
    after(async () => {
      if (server && server.exitCode === null) {
        const exited = new Promise((resolve) => server!.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
      }
      const admin = await openPostgres(postgresUrl, { max: 1 });
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    const env = () => ({ ...process.env, DATABASE_URL: databaseUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn', PUBLIC_URL: '' });
    const run = (args: string[], input?: string) => {
      const result = spawnSync(process.execPath, [FORGETMENOT, ...args], { env: env(), input, encoding: 'utf8', timeout: 120_000 });
      assert.equal(result.status, 0, `forgetmenot ${args.join(' ')}:\n${result.stdout}\n${result.stderr}`);
      return result.stdout;
    };

    it('goes from an empty database to an approved exercise alert in an imported force area', async () => {
      setUpByCommand(run);

      // Start the server against the database, as `npm start` would.
      server = spawn(process.execPath, [FORGETMENOT, 'serve'], {
        env: { ...env(), PORT: '0', HOST: '127.0.0.1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const port = await listeningPort(server);
      const base = `http://127.0.0.1:${port}`;
      assert.equal((await fetch(`${base}/readyz`)).status, 200);

      // The administrator signs in and, as the role requires, sets up an authenticator app.
      const admin = client(base);
      await enrol(admin, 'admin@national.example', 'an administrator passphrase');

      // The administrator invites the force's officers; each sets their own password from their link.
      const invite = async (email: string, name: string, role: string, password: string) => {
        const invited = await admin('POST', '/api/v1/users/invitations', { email, name, role, organisationCode: 'thames-valley' });
        assert.equal(invited.status, 201, invited.text);
        const set = await client(base)('POST', '/api/v1/auth/password', { code: invited.json.code, password });
        assert.equal(set.status, 204, set.text);
      };
      await invite('pc.ward@thamesvalley.example', 'PC Ward', 'investigator', 'investigator passphrase one');
      await invite('di.okafor@thamesvalley.example', 'DI Okafor', 'approver', 'approver passphrase two');
      const users = await admin('GET', '/api/v1/users');
      assert.deepEqual(users.json.items.map((u: { email: string }) => u.email).sort(), [
        'admin@national.example',
        'di.okafor@thamesvalley.example',
        'pc.ward@thamesvalley.example',
      ]);

      // The investigator records an exercise case in the force's area and asks for an alert over the whole area.
      const investigator = client(base);
      const signIn = await investigator('POST', '/api/v1/auth/sign-in', {
        email: 'pc.ward@thamesvalley.example',
        password: 'investigator passphrase one',
      });
      assert.equal(signIn.json.stage, 'active', signIn.text);
      const created = await investigator('POST', '/api/v1/cases', newChildCase(IN_THAMES_VALLEY, { exercise: true }));
      assert.equal(created.status, 201, created.text);
      const caseId = created.json.id as string;
      const graded = await investigator('POST', `/api/v1/cases/${caseId}/risk-gradings`, {
        level: 'high',
        rationale: 'Exercise: abduction witnessed',
      });
      assert.equal(graded.status, 200, graded.text);
      const draft = await investigator('POST', '/api/v1/alerts', { caseId });
      assert.equal(draft.status, 201, draft.text);
      const edited = await investigator('PATCH', `/api/v1/alerts/${draft.json.id}`, {
        version: draft.json.version,
        capStatus: 'Exercise',
        criteria: ALERT_CRITERIA,
        area: { jurisdictionCodes: ['E23000029'], description: 'Thames Valley' },
        contents: [
          {
            language: 'en',
            headline: 'EXERCISE Child Rescue Alert: Amelia Testcase, 13, Oxford',
            description: 'EXERCISE. Amelia was seen being pulled into a white van in Oxford.',
            instruction: 'EXERCISE. If you see her, call 999. Do not approach.',
            contact: 'Call 999 and quote Child Rescue Alert.',
            smsText: 'EXERCISE Child Rescue Alert: Amelia Testcase, 13, Oxford, white van. Call 999.',
            broadcastText: 'EXERCISE Child Rescue Alert: Amelia Testcase, 13, Oxford. Call 999.',
          },
        ],
      });
      assert.equal(edited.status, 200, edited.text);
      assert.equal((await investigator('POST', `/api/v1/alerts/${draft.json.id}/submit`)).status, 200);

      // A different, senior officer approves it, signed in with the second factor the role requires.
      const approver = client(base);
      await enrol(approver, 'di.okafor@thamesvalley.example', 'approver passphrase two');
      const approved = await approver('POST', `/api/v1/alerts/${draft.json.id}/approve`, {});
      assert.equal(approved.status, 200, approved.text);
      const alert = await approver('GET', `/api/v1/alerts/${draft.json.id}`);
      assert.equal(alert.json.state, 'active');
      assert.equal(alert.json.capStatus, 'Exercise');

      // Everything the administrators did is in an intact audit chain.
      assert.match(run(['audit', 'verify']), /^OK: \d+ entries/);
    });
  });
