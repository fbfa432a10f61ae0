// A staff account's whole life through the API, on both databases: invited, sets their own password from a
// one-time link, signs in; moved to another role; sent a reset link; disabled (sessions and tokens gone at
// once) and enabled; all audited, and only within the administrator's reach.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import type { LightMyRequestResponse } from 'fastify';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, PASSWORD, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { currentTotpCode, newTotpSecret } from './totp.ts';
import { findUserByEmail } from './accounts.ts';

const cookieOf = (response: LightMyRequestResponse) => String(response.headers['set-cookie']).split(';')[0]!;

describeOnEngines('staff account lifecycle', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine, {
      users: { 'force-a': ['investigator', 'administrator'], 'force-b': ['administrator'], national: ['administrator'] },
    });
  });
  after(() => world.close());

  const signIn = (email: string, password: string) =>
    world.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password }, remoteAddress: '10.9.0.1' });

  /** An administrator's session signed in with a second factor. */
  async function adminSession(email: string) {
    const secret = newTotpSecret();
    await world.db.query('UPDATE users SET totp_secret = $2, totp_enabled = true, totp_last_step = 0 WHERE email = $1', [email, secret]);
    world.clock.advance(30_000);
    const first = await signIn(email, PASSWORD);
    const csrf = JSON.parse(first.body).csrfToken as string;
    const second = await world.app.inject({
      method: 'POST',
      url: '/api/v1/auth/second-factor',
      headers: { cookie: cookieOf(first), 'x-csrf-token': csrf },
      payload: { code: currentTotpCode(secret, world.clock.now()) },
    });
    assert.equal(second.statusCode, 200, second.body);
    const cookie = cookieOf(second);
    return (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
      world.app.inject({ method, url, headers: { cookie, 'x-csrf-token': csrf }, ...(payload ? { payload } : {}) });
  }

  const audited = async (action: string, subjectId: string) =>
    (await world.db.query('SELECT 1 FROM audit_log WHERE action = $1 AND subject_id = $2', [action, subjectId])).rows.length;

  const setPassword = (code: string, password: string) =>
    world.app.inject({ method: 'POST', url: '/api/v1/auth/password', payload: { code, password } });

  it('has no way for an administrator to choose another person’s password', async () => {
    const admin = asToken(world, 'force-a/administrator');
    const created = await admin('POST', '/api/v1/users', {
      email: 'chosen@force-a.test',
      name: 'Chosen',
      role: 'investigator',
      organisationCode: 'force-a',
      password: 'a password chosen for them',
    });
    assert.equal(created.statusCode, 405, created.body);
    assert.equal(await findUserByEmail(world.db, 'chosen@force-a.test'), undefined);
  });

  it('invites a person who sets their own password through the link, once', async () => {
    const admin = asToken(world, 'force-a/administrator');
    const invited = await admin('POST', '/api/v1/users/invitations', {
      email: 'new.officer@force-a.test',
      name: 'New Officer',
      role: 'investigator',
      organisationCode: 'force-a',
    });
    assert.equal(invited.statusCode, 201, invited.body);
    const issued = JSON.parse(invited.body);
    assert.match(issued.link, /\/console\/set-password#[A-Za-z0-9_-]{40,}$/);
    assert.equal(issued.link.split('#')[1], issued.code);
    assert.equal(await audited('user.invited', issued.userId), 1);

    const list = JSON.parse((await admin('GET', '/api/v1/users')).body).items as Array<{
      email: string;
      awaitingPassword: boolean;
      lastSignInAt: string | null;
    }>;
    const listed = list.find((u) => u.email === 'new.officer@force-a.test')!;
    assert.equal(listed.awaitingPassword, true);
    assert.equal(listed.lastSignInAt, null);
    // Until they set one, no password opens the account.
    assert.equal((await signIn('new.officer@force-a.test', PASSWORD)).statusCode, 401);

    assert.equal((await setPassword(issued.code, 'short')).statusCode, 400);
    const set = await setPassword(issued.code, 'a passphrase of my own choosing');
    assert.equal(set.statusCode, 204, set.body);
    const again = await setPassword(issued.code, 'another passphrase entirely');
    assert.equal(again.statusCode, 410, 'a link works once');
    assert.equal(again.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(await audited('user.invitation_accepted', issued.userId), 1);

    const signedIn = await signIn('new.officer@force-a.test', 'a passphrase of my own choosing');
    assert.equal(signedIn.statusCode, 200, signedIn.body);
    const after = (JSON.parse((await admin('GET', '/api/v1/users')).body).items as typeof list).find(
      (u) => u.email === 'new.officer@force-a.test',
    )!;
    assert.equal(after.awaitingPassword, false);
    assert.ok(after.lastSignInAt, 'the last sign-in is shown');
  });

  it('keeps an organisation’s administrator to their own organisation', async () => {
    const admin = asToken(world, 'force-a/administrator');
    const other = await admin('POST', '/api/v1/users/invitations', {
      email: 'x@force-b.test',
      name: 'X',
      role: 'investigator',
      organisationCode: 'force-b',
    });
    assert.equal(other.statusCode, 403);
    const forceB = (await findUserByEmail(world.db, 'administrator@force-b.test'))!;
    assert.equal((await admin('POST', `/api/v1/users/${forceB.id}/disable`)).statusCode, 404, 'out of reach looks absent');
    const wrongKind = await admin('POST', '/api/v1/users/invitations', {
      email: 'y@force-a.test',
      name: 'Y',
      role: 'caseworker',
      organisationCode: 'force-a',
    });
    assert.equal(wrongKind.statusCode, 400);
  });

  it('disables an account: its sessions and API tokens stop at once; enabling lets it sign in again', async () => {
    const email = 'investigator@force-a.test';
    const user = (await findUserByEmail(world.db, email))!;
    const first = await signIn(email, PASSWORD);
    const cookie = cookieOf(first);
    const session = () => world.app.inject({ method: 'GET', url: '/api/v1/auth/session', headers: { cookie } });
    assert.equal((await session()).statusCode, 200);
    const token = asToken(world, 'force-a/investigator');
    assert.equal((await token('GET', '/api/v1/cases')).statusCode, 200);

    const admin = asToken(world, 'force-a/administrator');
    const own = (await findUserByEmail(world.db, 'administrator@force-a.test'))!;
    assert.equal((await admin('POST', `/api/v1/users/${own.id}/disable`)).statusCode, 403, 'not one’s own account');
    assert.equal((await admin('POST', `/api/v1/users/${user.id}/disable`)).statusCode, 204);
    assert.equal((await session()).statusCode, 401, 'the session ended');
    assert.equal((await token('GET', '/api/v1/cases')).statusCode, 401, 'the token was revoked');
    assert.equal((await signIn(email, PASSWORD)).statusCode, 401);
    assert.equal(await audited('user.disabled', user.id), 1);
    const listed = (JSON.parse((await admin('GET', '/api/v1/users')).body).items as Array<{ id: string; disabled: boolean }>).find(
      (u) => u.id === user.id,
    )!;
    assert.equal(listed.disabled, true);

    assert.equal((await admin('POST', `/api/v1/users/${user.id}/enable`)).statusCode, 204);
    assert.equal((await signIn(email, PASSWORD)).statusCode, 200);
    assert.equal((await token('GET', '/api/v1/cases')).statusCode, 401, 'revoked tokens stay revoked');
    assert.equal(await audited('user.enabled', user.id), 1);
  });

  it('changes a role and sends a reset link only from a session with a second factor; the person sets the new password', async () => {
    const email = 'investigator@force-a.test';
    const user = (await findUserByEmail(world.db, email))!;
    const token = asToken(world, 'force-a/administrator');
    assert.equal((await token('PATCH', `/api/v1/users/${user.id}`, { role: 'approver' })).statusCode, 403, 'an API token cannot');
    assert.equal((await token('POST', `/api/v1/users/${user.id}/password-reset`)).statusCode, 403);

    const admin = await adminSession('administrator@force-a.test');
    const changed = await admin('PATCH', `/api/v1/users/${user.id}`, { role: 'approver' });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal(JSON.parse(changed.body).role, 'approver');
    const after = (await findUserByEmail(world.db, email))!;
    assert.equal(after.totp_enrolment_required, true, 'an approver must set up a second factor');
    assert.equal(await audited('user.changed', user.id), 1);
    assert.equal(
      (await admin('PATCH', `/api/v1/users/${user.id}`, { organisationCode: 'force-b' })).statusCode,
      403,
      'not out of their organisation',
    );

    const reset = await admin('POST', `/api/v1/users/${user.id}/password-reset`);
    assert.equal(reset.statusCode, 201, reset.body);
    const { code } = JSON.parse(reset.body);
    assert.equal((await signIn(email, PASSWORD)).statusCode, 200, 'the old password works until the new one is set');
    const newer = JSON.parse((await admin('POST', `/api/v1/users/${user.id}/password-reset`)).body);
    assert.equal((await setPassword(code, 'the first link is spent by the second')).statusCode, 410);
    assert.equal((await setPassword(newer.code, 'my brand new passphrase')).statusCode, 204);
    assert.equal((await signIn(email, PASSWORD)).statusCode, 401, 'the old password no longer works');
    assert.equal((await signIn(email, 'my brand new passphrase')).statusCode, 200);
    assert.equal(await audited('user.password_reset_issued', user.id), 2);
    assert.equal(await audited('user.password_reset_completed', user.id), 1);
  });

  it('lets the national centre’s administrator act on any organisation’s accounts', async () => {
    const admin = asToken(world, 'national/administrator');
    const forceB = (await findUserByEmail(world.db, 'administrator@force-b.test'))!;
    assert.equal((await admin('POST', `/api/v1/users/${forceB.id}/disable`)).statusCode, 204);
    assert.equal((await admin('POST', `/api/v1/users/${forceB.id}/enable`)).statusCode, 204);
    const invited = await admin('POST', '/api/v1/users/invitations', {
      email: 'coordinator.two@national.test',
      name: 'Two',
      role: 'national_coordinator',
      organisationCode: 'national',
    });
    assert.equal(invited.statusCode, 201, invited.body);
  });
});
