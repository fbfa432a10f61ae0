// Failed sign-ins slow attackers down without locking the real officer out, and tell nobody which accounts
// exist. The state is in the database, so every process sees it. On both databases.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { describeOnEngines } from '../../test/support/databases.ts';
import { PASSWORD, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { buildApp } from '../server.ts';
import { ACCOUNT_FREE_FAILURES, ADDRESS_FREE_FAILURES } from './backoff.ts';
import { MAX_CODES_PER_SIGN_IN } from './routes.ts';
import { currentTotpCode, newTotpSecret } from './totp.ts';

const cookieOf = (response: LightMyRequestResponse) => String(response.headers['set-cookie']).split(';')[0]!;

describeOnEngines('sign-in back-off', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine, { users: { 'force-a': ['investigator', 'approver'], 'force-b': ['approver', 'administrator'] } });
  });
  after(() => world.close());

  const signIn = (email: string, password: string, ip: string, app = world.app) =>
    app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password }, remoteAddress: ip });
  const code = (cookie: string, csrf: string, value: string, ip: string) =>
    world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { code: value },
      remoteAddress: ip,
    });

  async function withFactor(email: string): Promise<string> {
    const secret = newTotpSecret();
    await world.db.query('UPDATE users SET totp_secret = $2, totp_enabled = true, totp_last_step = 0 WHERE email = $1', [email, secret]);
    return secret;
  }

  it('does not lock the officer out: wrong passwords from elsewhere do not stop the right password and code from a clean address', async () => {
    const email = 'approver@force-a.test';
    const secret = await withFactor(email);
    for (let i = 0; i < ACCOUNT_FREE_FAILURES + 3; i++) {
      const wrong = await signIn(email, `guess number ${i}`, `10.2.0.${i + 1}`);
      assert.equal(wrong.statusCode, 401, wrong.body);
    }
    // The attacker's addresses now wait on this account, even with the right password.
    const attacker = await signIn(email, PASSWORD, '10.2.0.1');
    assert.equal(attacker.statusCode, 429, attacker.body);
    assert.equal(attacker.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.ok(Number(attacker.headers['retry-after']) >= 1);

    // The officer, from an address with no failures, signs in at once.
    const officer = await signIn(email, PASSWORD, '10.2.9.9');
    assert.equal(officer.statusCode, 200, officer.body);
    assert.equal(JSON.parse(officer.body).stage, 'totp_required');
    const done = await code(cookieOf(officer), JSON.parse(officer.body).csrfToken, currentTotpCode(secret, world.clock.now()), '10.2.9.9');
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(JSON.parse(done.body).stage, 'active');
  });

  it('answers a known and an unknown account alike, attempt for attempt', async () => {
    const answers = async (email: string, ipBase: string) => {
      const seen: string[] = [];
      for (let i = 0; i < ACCOUNT_FREE_FAILURES + 2; i++) {
        // Every other attempt from an address that already failed, so that the account's back-off shows.
        const response = await signIn(email, `not it ${i}`, `${ipBase}.${Math.floor(i / 2) + 1}`);
        const body = JSON.parse(response.body) as Record<string, string | undefined>;
        seen.push(`${response.statusCode} ${response.headers['retry-after'] ?? '-'} ${body.type} ${body.title} ${body.detail}`);
      }
      return seen;
    };
    const known = await answers('investigator@force-a.test', '10.3.1');
    const unknown = await answers('nobody.here@force-a.test', '10.3.2');
    assert.deepEqual(unknown, known);
    assert.ok(
      known.some((line) => line.startsWith('429 ')),
      known.join('\n'),
    );
    assert.ok(!known.some((line) => line.startsWith('423 ')));
  });

  it('makes repeated failures from one address wait longer each time, in every process sharing the database', async () => {
    const ip = '10.4.4.4';
    for (let i = 0; i < ADDRESS_FREE_FAILURES; i++)
      assert.equal((await signIn(`spray${i}@force-b.test`, 'Winter2026!', ip)).statusCode, 401);
    const blocked = await signIn('another@force-b.test', 'Winter2026!', ip);
    assert.equal(blocked.statusCode, 429);
    const first = Number(blocked.headers['retry-after']);
    assert.ok(first >= 1, String(first));

    // A second server process on the same database sees the same wait.
    const other = await buildApp(world.deps);
    try {
      assert.equal((await signIn('approver@force-b.test', PASSWORD, ip, other)).statusCode, 429, 'not even the right password');
      assert.equal((await signIn('approver@force-b.test', PASSWORD, '10.4.4.5', other)).statusCode, 200, 'other addresses are unaffected');
    } finally {
      await other.close();
    }

    world.clock.advance(first * 1000);
    assert.equal((await signIn('yet.another@force-b.test', 'Winter2026!', ip)).statusCode, 401, 'tried again after the wait');
    const longer = await signIn('one.more@force-b.test', 'Winter2026!', ip);
    assert.equal(longer.statusCode, 429);
    assert.ok(Number(longer.headers['retry-after']) > first, `${longer.headers['retry-after']} > ${first}`);
    // After a quiet hour the address starts again.
    world.clock.advance(61 * 60_000);
    assert.equal((await signIn('administrator@force-b.test', PASSWORD, ip)).statusCode, 200);
  });

  it('ends a half-finished sign-in after too many wrong codes, without locking the account', async () => {
    const email = 'approver@force-b.test';
    const secret = await withFactor(email);
    const ip = '10.5.5.5';
    const pending = await signIn(email, PASSWORD, ip);
    const cookie = cookieOf(pending);
    const csrf = JSON.parse(pending.body).csrfToken as string;
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < MAX_CODES_PER_SIGN_IN; i++) {
      last = await code(cookie, csrf, String(100000 + i), ip);
      assert.equal(last.statusCode, 401);
    }
    assert.match(JSON.parse(last!.body).detail, /sign in again/);
    assert.equal((await code(cookie, csrf, currentTotpCode(secret, world.clock.now()), ip)).statusCode, 401, 'that sign-in is over');

    world.clock.advance(30_000);
    const fresh = await signIn(email, PASSWORD, '10.5.5.6');
    assert.equal(fresh.statusCode, 200, fresh.body);
    const ok = await code(cookieOf(fresh), JSON.parse(fresh.body).csrfToken, currentTotpCode(secret, world.clock.now()), '10.5.5.6');
    assert.equal(ok.statusCode, 200, ok.body);
  });
});
