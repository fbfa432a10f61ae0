// Replacing or losing a second factor: the factor in force stays until a new one is confirmed, replacing it
// needs a fresh code from it, a pending replacement lapses, and only an administrator's audited reset removes
// one otherwise. On both databases.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { describeOnEngines } from '../../test/support/databases.ts';
import { PASSWORD, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { currentTotpCode, newTotpSecret } from './totp.ts';

const cookieOf = (response: LightMyRequestResponse) => String(response.headers['set-cookie']).split(';')[0]!;

describeOnEngines('second factor', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine, {
      users: {
        'force-a': ['investigator', 'approver', 'administrator'],
        'force-b': ['approver', 'administrator'],
        national: ['national_coordinator'],
      },
    });
  });
  after(() => world.close());

  const signIn = (email: string, ip: string) =>
    world.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password: PASSWORD }, remoteAddress: ip });

  /** Gives the account a working authenticator app, as if set up earlier; returns its secret. */
  async function withFactor(email: string): Promise<string> {
    const secret = newTotpSecret();
    await world.db.query('UPDATE users SET totp_secret = $2, totp_enabled = true, totp_last_step = 0 WHERE email = $1', [email, secret]);
    return secret;
  }

  /** Signs in with password and code; each call is 30 s later so that a code is never replayed. */
  async function signInFully(email: string, secret: string, ip: string) {
    world.clock.advance(30_000);
    const first = await signIn(email, ip);
    assert.equal(JSON.parse(first.body).stage, 'totp_required', first.body);
    const csrf = JSON.parse(first.body).csrfToken as string;
    const second = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor',
      headers: { cookie: cookieOf(first), 'x-csrf-token': csrf },
      payload: { code: currentTotpCode(secret, world.clock.now()) },
      remoteAddress: ip,
    });
    assert.equal(second.statusCode, 200, second.body);
    const cookie = cookieOf(second);
    return (method: 'GET' | 'POST', url: string, payload?: object) =>
      world.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, remoteAddress: ip, ...(payload ? { payload } : {}) });
  }

  const factorOf = async (email: string) =>
    (
      await world.db.query<{ totp_secret: string | null; totp_enabled: boolean }>(
        'SELECT totp_secret, totp_enabled FROM users WHERE email = $1',
        [email],
      )
    ).rows[0]!;

  it('keeps the factor in force while a replacement is started, and starting one needs a fresh code from it', async () => {
    const email = 'approver@force-a.test';
    const secret = await withFactor(email);
    const owner = await signInFully(email, secret, '10.1.0.1');

    // A signed-in session alone (someone at the officer's unlocked desk) cannot start a replacement.
    const bare = await owner('POST', '/api/v1/auth/second-factor/enrolment');
    assert.equal(bare.statusCode, 403, bare.body);
    assert.equal(bare.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.deepEqual(await factorOf(email), { totp_secret: secret, totp_enabled: true }, 'the factor in force is untouched');
    const wrong = await owner('POST', '/api/v1/auth/second-factor/enrolment', { code: '000000' });
    assert.equal(wrong.statusCode, 401);

    // So someone with only the password is still asked for the owner's code, not offered enrolment.
    const thief = await signIn(email, '10.1.0.2');
    assert.equal(JSON.parse(thief.body).stage, 'totp_required');
    const thiefEnrols = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor/enrolment',
      headers: { cookie: cookieOf(thief), 'x-csrf-token': JSON.parse(thief.body).csrfToken },
      payload: { code: '123456' },
      remoteAddress: '10.1.0.2',
    });
    assert.equal(thiefEnrols.statusCode, 409, 'a password-only session cannot start a replacement');

    // With a fresh code from the current app, a replacement starts; the current app still works meanwhile.
    world.clock.advance(30_000);
    const started = await owner('POST', '/api/v1/auth/second-factor/enrolment', { code: currentTotpCode(secret, world.clock.now()) });
    assert.equal(started.statusCode, 200, started.body);
    const replacement = JSON.parse(started.body) as { secret: string; expiresAt: string };
    assert.notEqual(replacement.secret, secret);
    assert.deepEqual(await factorOf(email), { totp_secret: secret, totp_enabled: true });
    await signInFully(email, secret, '10.1.0.3');

    // Confirmed: the new app is in force and the old one no longer signs in.
    world.clock.advance(30_000);
    const confirmed = await owner('POST', '/api/v1/auth/second-factor/enrolment/confirm', {
      code: currentTotpCode(replacement.secret, world.clock.now()),
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    assert.deepEqual(await factorOf(email), { totp_secret: replacement.secret, totp_enabled: true });
    world.clock.advance(30_000);
    const again = await signIn(email, '10.1.0.4');
    const oldCode = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor',
      headers: { cookie: cookieOf(again), 'x-csrf-token': JSON.parse(again.body).csrfToken },
      payload: { code: currentTotpCode(secret, world.clock.now()) },
      remoteAddress: '10.1.0.4',
    });
    assert.equal(oldCode.statusCode, 401);
    await signInFully(email, replacement.secret, '10.1.0.5');
    const audit = await world.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action LIKE 'auth.second_factor%' AND subject_id = (SELECT id::text FROM users WHERE email = $1) ORDER BY seq`,
      [email],
    );
    assert.deepEqual(
      audit.rows.map((r) => r.action),
      ['auth.second_factor_enrolment_started', 'auth.second_factor_enrolled'],
    );
  });

  it('lets an unconfirmed replacement lapse after ten minutes', async () => {
    const email = 'national_coordinator@national.test';
    const secret = await withFactor(email);
    const owner = await signInFully(email, secret, '10.1.1.1');
    world.clock.advance(30_000);
    const started = JSON.parse(
      (await owner('POST', '/api/v1/auth/second-factor/enrolment', { code: currentTotpCode(secret, world.clock.now()) })).body,
    ) as { secret: string };
    world.clock.advance(11 * 60_000);
    const late = await owner('POST', '/api/v1/auth/second-factor/enrolment/confirm', {
      code: currentTotpCode(started.secret, world.clock.now()),
    });
    assert.equal(late.statusCode, 409, late.body);
    assert.deepEqual(await factorOf(email), { totp_secret: secret, totp_enabled: true });
  });

  it('never sets up a second factor with an API token', async () => {
    const headers = { authorization: `Bearer ${world.tokens['force-a/investigator']}` };
    const start = await world.app.inject({ method: 'POST', url: '/api/v1/auth/second-factor/enrolment', headers });
    assert.equal(start.statusCode, 403, start.body);
    const confirm = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor/enrolment/confirm',
      headers,
      payload: { code: '123456' },
    });
    assert.equal(confirm.statusCode, 403, confirm.body);
    assert.deepEqual(await factorOf('investigator@force-a.test'), { totp_secret: null, totp_enabled: false });
  });

  it('an administrator within reach resets a lost factor, audited; sessions end and the next sign-in sets one up', async () => {
    const target = 'investigator@force-a.test';
    const targetSecret = await withFactor(target);
    const targetSession = await signInFully(target, targetSecret, '10.1.2.1');
    const { rows } = await world.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [target]);
    const url = `/api/v1/users/${rows[0]!.id}/second-factor/reset`;

    const byToken = await world.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${world.tokens['force-a/administrator']}` },
    });
    assert.equal(byToken.statusCode, 403, 'an API token cannot remove a second factor');
    const otherForce = await signInFully('administrator@force-b.test', await withFactor('administrator@force-b.test'), '10.1.2.2');
    assert.equal((await otherForce('POST', url)).statusCode, 404, 'out of reach');
    assert.deepEqual(await factorOf(target), { totp_secret: targetSecret, totp_enabled: true });

    const adminEmail = 'administrator@force-a.test';
    const admin = await signInFully(adminEmail, await withFactor(adminEmail), '10.1.2.3');
    const own = await world.db.query<{ id: string }>('SELECT id FROM users WHERE email = $1', [adminEmail]);
    assert.equal((await admin('POST', `/api/v1/users/${own.rows[0]!.id}/second-factor/reset`)).statusCode, 403, 'not one’s own');
    const reset = await admin('POST', url);
    assert.equal(reset.statusCode, 204, reset.body);
    assert.deepEqual(await factorOf(target), { totp_secret: null, totp_enabled: false });
    assert.equal((await targetSession('GET', '/api/v1/cases')).statusCode, 401, 'their sessions ended');
    const audit = await world.db.query<{ actor: string }>(
      `SELECT actor FROM audit_log WHERE action = 'user.second_factor_reset' AND subject_id = $1`,
      [rows[0]!.id],
    );
    assert.deepEqual(audit.rows, [{ actor: adminEmail }]);
    // An investigator needs no second factor, but after a reset the next sign-in must set one up.
    const next = await signIn(target, '10.1.2.4');
    assert.equal(JSON.parse(next.body).stage, 'totp_enrolment');
  });
});
