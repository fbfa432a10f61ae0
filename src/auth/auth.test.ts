// Sign-in with password and TOTP, sessions (expiry, tampering, CSRF), API tokens, on both databases. Back-off
// and replacing a second factor have their own files beside this one.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { describeOnEngines } from '../../test/support/databases.ts';
import { PASSWORD, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { currentTotpCode } from './totp.ts';

const cookieOf = (response: LightMyRequestResponse) => {
  const header = response.headers['set-cookie'];
  const line = Array.isArray(header) ? header[0]! : String(header);
  return line.split(';')[0]!;
};

describeOnEngines('signing in', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());

  const signIn = (email: string, password = PASSWORD, ip = '10.0.0.1') =>
    world.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password }, remoteAddress: ip });

  it('an investigator signs in with a password and gets an HttpOnly, SameSite session cookie', async () => {
    const response = await signIn('investigator@force-a.test');
    assert.equal(response.statusCode, 200, response.body);
    const body = JSON.parse(response.body);
    assert.equal(body.stage, 'active');
    assert.equal(body.user.role, 'investigator');
    const cookie = String(response.headers['set-cookie']);
    assert.match(cookie, /fmn_session=/);
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Strict/);
    const session = await world.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: cookieOf(response) } });
    assert.equal(session.statusCode, 200);
  });

  it('a wrong password and an unknown email get the same answer', async () => {
    const wrong = await signIn('investigator@force-b.test', 'not the password at all');
    const unknown = await signIn('nobody@force-b.test', 'not the password at all');
    assert.equal(wrong.statusCode, 401);
    assert.equal(unknown.statusCode, 401);
    assert.equal(JSON.parse(wrong.body).detail, JSON.parse(unknown.body).detail);
  });

  it('an approver must set up and then use a second factor before reaching any case', async () => {
    const first = await signIn('approver@force-a.test');
    assert.equal(JSON.parse(first.body).stage, 'totp_enrolment');
    const cookie = cookieOf(first);
    const csrf = JSON.parse(first.body).csrfToken as string;
    const blocked = await world.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie } });
    assert.equal(blocked.statusCode, 401);
    assert.match(JSON.parse(blocked.body).type, /second-factor-required/);

    const enrol = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor/enrolment',
      headers: { cookie, 'x-csrf-token': csrf },
    });
    assert.equal(enrol.statusCode, 200, enrol.body);
    const { secret } = JSON.parse(enrol.body) as { secret: string };
    const confirm = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor/enrolment/confirm',
      headers: { cookie, 'x-csrf-token': csrf },
      payload: { code: currentTotpCode(secret, world.clock.now()) },
    });
    assert.equal(confirm.statusCode, 200, confirm.body);
    assert.equal(JSON.parse(confirm.body).secondFactor, true);
    // A new cookie value, living as long as the session: the one from before the second factor is dead.
    const activeCookie = cookieOf(confirm);
    assert.notEqual(activeCookie, cookie);
    const expires = Date.parse(/Expires=([^;]+)/.exec(String(confirm.headers['set-cookie']))![1]!);
    assert.ok(expires - world.clock.now().getTime() > 11 * 3_600_000, 'the cookie lasts as long as the session');
    assert.equal((await world.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: activeCookie } })).statusCode, 200);
    assert.equal((await world.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie } })).statusCode, 401);

    // Next sign-in asks for the code; a replayed code is refused, the next one is accepted.
    world.clock.advance(30_000);
    const second = await signIn('approver@force-a.test');
    assert.equal(JSON.parse(second.body).stage, 'totp_required');
    const cookie2 = cookieOf(second);
    const csrf2 = JSON.parse(second.body).csrfToken as string;
    const code = currentTotpCode(secret, world.clock.now());
    const ok = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor',
      headers: { cookie: cookie2, 'x-csrf-token': csrf2 },
      payload: { code },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const third = await signIn('approver@force-a.test');
    const replay = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor',
      headers: { cookie: cookieOf(third), 'x-csrf-token': JSON.parse(third.body).csrfToken },
      payload: { code },
    });
    assert.equal(replay.statusCode, 401, 'a TOTP code works once only');
  });

  it('slows a password spray from one address with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await signIn(`spray${i}@force-a.test`, 'Winter2026!', '10.9.9.9')).statusCode);
    assert.ok(statuses.includes(429), `statuses: ${statuses.join(',')}`);
    assert.equal(statuses[0], 401);
  });

  it('refuses a tampered or unknown session cookie', async () => {
    const response = await signIn('investigator@force-a.test', PASSWORD, '10.0.2.1');
    const cookie = cookieOf(response);
    const tampered = cookie.slice(0, -2) + (cookie.endsWith('A') ? 'BB' : 'AA');
    const refused = await world.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: tampered } });
    assert.equal(refused.statusCode, 401);
    assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
  });

  it('refuses cookie-authenticated writes without the CSRF token, and accepts them with it', async () => {
    const response = await signIn('investigator@force-a.test', PASSWORD, '10.0.3.1');
    const cookie = cookieOf(response);
    const csrf = JSON.parse(response.body).csrfToken as string;
    const payload = { name: 'script' };
    const without = await world.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers: { cookie }, payload });
    assert.equal(without.statusCode, 403);
    assert.match(JSON.parse(without.body).type, /csrf/);
    const wrong = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie, 'x-csrf-token': 'x'.repeat(43) },
      payload,
    });
    assert.equal(wrong.statusCode, 403);
    const right = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/tokens',
      headers: { cookie, 'x-csrf-token': csrf },
      payload,
    });
    assert.equal(right.statusCode, 201);
  });

  it('ends sessions after the idle time and after the absolute time', async () => {
    const response = await signIn('investigator@force-a.test', PASSWORD, '10.0.4.1');
    const cookie = cookieOf(response);
    world.clock.advance(29 * 60_000);
    assert.equal((await world.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie } })).statusCode, 200);
    world.clock.advance(31 * 60_000);
    assert.equal(
      (await world.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie } })).statusCode,
      401,
      'idle for 31 minutes',
    );

    const again = cookieOf(await signIn('investigator@force-a.test', PASSWORD, '10.0.4.2'));
    // Active every 25 minutes for 12.5 hours: never idle, but past the absolute limit.
    for (let step = 0; step < 15; step++) {
      world.clock.advance(25 * 60_000);
      await world.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: again } });
      world.clock.advance(25 * 60_000);
      await world.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: again } });
    }
    assert.equal(
      (await world.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie: again } })).statusCode,
      401,
      'past 12 hours',
    );
  });

  it('signing out ends the session', async () => {
    const response = await signIn('investigator@force-a.test', PASSWORD, '10.0.5.1');
    const cookie = cookieOf(response);
    const csrf = JSON.parse(response.body).csrfToken as string;
    assert.equal(
      (await world.app.inject({ method: 'POST', url: '/api/v1/auth/sign-out', headers: { cookie, 'x-csrf-token': csrf } })).statusCode,
      204,
    );
    assert.equal((await world.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { cookie } })).statusCode, 401);
  });

  it('API tokens work until revoked, and are stored only as hashes', async () => {
    const headers = { authorization: `Bearer ${world.tokens['force-a/investigator']}` };
    const created = await world.app.inject({ method: 'POST', url: '/api/v1/auth/tokens', headers, payload: { name: 'nightly export' } });
    assert.equal(created.statusCode, 201);
    const { id, token } = JSON.parse(created.body) as { id: string; token: string };
    const stored = await world.db.query<{ token_hash: string }>('SELECT token_hash FROM api_tokens WHERE id = $1', [id]);
    assert.notEqual(stored.rows[0]!.token_hash, token);
    assert.ok(!JSON.stringify(stored.rows).includes(token));
    const use = () => world.app.inject({ method: 'GET', url: '/api/v1/cases', headers: { authorization: `Bearer ${token}` } });
    assert.equal((await use()).statusCode, 200);
    assert.equal((await world.app.inject({ method: 'DELETE', url: `/api/v1/auth/tokens/${id}`, headers })).statusCode, 204);
    assert.equal((await use()).statusCode, 401);
  });

  it('refuses a malformed sign-in with problem+json naming the field', async () => {
    const response = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/sign-in',
      payload: { email: 'not-an-email', password: 'x' },
    });
    assert.equal(response.statusCode, 400);
    const problem = JSON.parse(response.body);
    assert.equal(problem.errors[0].pointer, '/body/email');
  });
});
