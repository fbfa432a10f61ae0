import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, newChildCase, sessionFor, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { expireDueAlerts, warnExpiringAlerts } from './housekeeping.ts';

const CRITERIA = {
  under18: { met: true, reason: 'The case records her as 13.' },
  imminentDanger: { met: true, reason: 'Taken by a man with convictions.' },
  enoughInformation: { met: true, reason: 'Photo and vehicle known.' },
};

describeOnEngines('alert expiry', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());

  it('warns approvers two hours before, then expires the alert and deletes its public photos', async () => {
    const investigator = asToken(world, 'force-a/investigator');
    const caseId = JSON.parse((await investigator('POST', '/api/v1/cases', newChildCase())).body).id;
    const draft = JSON.parse((await investigator('POST', '/api/v1/alerts', { caseId, criteria: CRITERIA })).body);
    await investigator('POST', `/api/v1/alerts/${draft.id}/submit`);
    const approver = await sessionFor(world, 'force-a/approver');
    const active = JSON.parse((await approver('POST', `/api/v1/alerts/${draft.id}/approve`, {})).body);
    const expiresAt = new Date(active.expiresAt).getTime();

    world.clock.set(new Date(expiresAt - 3 * 3_600_000));
    assert.equal(await warnExpiringAlerts(world.deps), 0);
    world.clock.set(new Date(expiresAt - 90 * 60_000));
    assert.equal(await warnExpiringAlerts(world.deps), 1);
    assert.equal(await warnExpiringAlerts(world.deps), 0, 'warned once');
    // Hours have passed: the approver's session has ended, so read as a script would.
    const notices = JSON.parse((await asToken(world, 'force-a/approver')('GET', '/api/v1/notifications')).body).items;
    assert.equal(notices.length, 1);
    assert.match(notices[0].message, /expires in 90 minutes/);
    const otherForce = JSON.parse((await asToken(world, 'force-b/approver')('GET', '/api/v1/notifications')).body).items;
    assert.equal(otherForce.length, 0, 'another force is not told');

    assert.equal(await expireDueAlerts(world.deps), 0);
    world.clock.set(new Date(expiresAt + 1000));
    assert.equal(await expireDueAlerts(world.deps), 1);
    const expired = JSON.parse((await asToken(world, 'force-a/approver')('GET', `/api/v1/alerts/${draft.id}`)).body);
    assert.equal(expired.state, 'expired');
    assert.ok(expired.photos.every((p: { publicUrl: string | null }) => p.publicUrl === null));
    assert.equal((await world.app.inject({ method: 'GET', url: `/appeals/${draft.slug}` })).statusCode, 410);
  });

  it('renewing moves the expiry and writes an Update', async () => {
    const investigator = asToken(world, 'force-a/investigator');
    const caseId = JSON.parse((await investigator('POST', '/api/v1/cases', newChildCase())).body).id;
    const draft = JSON.parse((await investigator('POST', '/api/v1/alerts', { caseId, criteria: CRITERIA })).body);
    await investigator('POST', `/api/v1/alerts/${draft.id}/submit`);
    const approver = await sessionFor(world, 'force-a/approver');
    await approver('POST', `/api/v1/alerts/${draft.id}/approve`, {});
    const later = new Date(world.clock.now().getTime() + 48 * 3_600_000).toISOString();
    assert.equal(
      (await investigator('POST', `/api/v1/alerts/${draft.id}/renew`, { expiresAt: later })).statusCode,
      403,
      'investigators may not renew',
    );
    // An approver's API token alone is not enough: renewing needs a session signed in with a second factor.
    const byToken = await asToken(world, 'force-a/approver')('POST', `/api/v1/alerts/${draft.id}/renew`, { expiresAt: later });
    assert.equal(byToken.statusCode, 403, byToken.body);
    assert.equal(byToken.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.match(JSON.parse(byToken.body).type, /second-factor-required/);
    const unchanged = JSON.parse((await approver('GET', `/api/v1/alerts/${draft.id}`)).body);
    assert.deepEqual(
      unchanged.messages.map((m: { msgType: string }) => m.msgType),
      ['Alert'],
      'nothing published by the token',
    );
    const renewed = JSON.parse((await approver('POST', `/api/v1/alerts/${draft.id}/renew`, { expiresAt: later })).body);
    assert.equal(renewed.expiresAt, later.replace(/\.\d+Z$/, '.000Z'));
    assert.deepEqual(
      renewed.messages.map((m: { msgType: string }) => m.msgType),
      ['Alert', 'Update'],
    );
    const tooLate = new Date(world.clock.now().getTime() + 100 * 3_600_000).toISOString();
    assert.equal((await approver('POST', `/api/v1/alerts/${draft.id}/renew`, { expiresAt: tooLate })).statusCode, 400);
  });
});
