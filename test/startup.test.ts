// `forgetmenot serve` as a newcomer runs it: an empty DATA_DIR gets migrations and demo data and prints
// the accounts; a restart keeps the data and does not seed again. A second process on the same
// DATA_DIR is refused.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FORGETMENOT } from './support/command.ts';

interface Running {
  child: ChildProcess;
  output: () => string;
  port: number;
}

function start(dataDir: string, extraEnv: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [FORGETMENOT, 'serve'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '', ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 90 s:\n${output}`)), 90_000);
    const check = () => {
      const match = /API: +http:\/\/localhost:(\d+)\//.exec(output);
      if (match && output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve({ child, output: () => output, port: Number(match[1]) });
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}

function stop(running: Running): Promise<void> {
  return new Promise((resolve) => {
    running.child.removeAllListeners('exit');
    running.child.on('exit', () => resolve());
    running.child.kill('SIGTERM');
  });
}

describe('starting the product', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-start-'));
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('starts on an empty DATA_DIR with demo data, and keeps it across a restart', async () => {
    const first = await start(dataDir);
    try {
      assert.match(first.output(), /loading demo data/);
      assert.match(first.output(), /approver@dyfed-powys\.demo +approver/);
      const base = `http://127.0.0.1:${first.port}`;
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
      // The demo's exercise alert lists on no public page; aggregators find it in the feed, marked.
      const appeals = await (await fetch(`${base}/appeals`)).text();
      assert.doesNotMatch(appeals, /EXERCISE/);
      assert.match(await (await fetch(`${base}/feeds/alerts.atom`)).text(), /\[EXERCISE\] Child Rescue Alert for Sam Exercise/);
      // A demo account signs in with the printed password.
      const line = first
        .output()
        .split('\n')
        .find((l) => l.startsWith('investigator@thames-valley.demo'))!;
      const password = line.trim().split(/\s{2,}/)[3]!;
      const signIn = await fetch(`${base}/api/v1/auth/sign-in`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: 'investigator@thames-valley.demo', password }),
      });
      assert.equal(signIn.status, 200);
      const cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;
      const cases = (await (await fetch(`${base}/api/v1/cases?limit=100`, { headers: { cookie } })).json()) as { items: unknown[] };
      // Thames Valley's demo cases: eight of today's children and two found years ago, due for review.
      assert.equal(cases.items.length, 10);

      // The embedded database belongs to one process.
      await assert.rejects(start(dataDir), /in use by process/);
    } finally {
      await stop(first);
    }

    const second = await start(dataDir);
    try {
      assert.doesNotMatch(second.output(), /loading demo data/);
      assert.match(second.output(), /approver@dyfed-powys\.demo/, 'the accounts are printed again');
      const feed = await (await fetch(`http://127.0.0.1:${second.port}/feeds/alerts.atom`)).text();
      assert.match(feed, /\[EXERCISE\]/);
    } finally {
      await stop(second);
    }
  });

  it('refuses a bad configuration value with a message naming the variable', async () => {
    await assert.rejects(start(dataDir, { PORT: 'eighty' }), /configuration error: PORT/);
  });
});
