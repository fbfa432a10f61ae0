// What the console's dispatch dashboard and development inbox read: the timeline of messages out per
// channel, the inbox filtered by channel and address, and an email's HTML part rendered again for viewing.
import { after, before, beforeEach, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { addRecipient, ALERT_CENTRE, approvedAlert } from '../../test/support/alerts.ts';
import { devInboxAdapter } from './dev-inbox.ts';
import { runDueFanoutJobs } from './fanout.ts';
import { noticeRenderer } from './render.ts';
import { channelSender, DEFAULT_TUNING } from './sender.ts';
import { tokenBucket } from './token-bucket.ts';

describeOnEngines('Dispatch console API', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());
  beforeEach(async () => {
    await world.db.query('DELETE FROM deliveries');
    await world.db.query('DELETE FROM subscribers');
    await world.db.query('DELETE FROM dev_inbox');
  });

  const drain = async (channel: 'email' | 'sms') => {
    const sender = channelSender(world.deps, {
      adapter: devInboxAdapter(world.db, channel, world.clock.now),
      renderer: noticeRenderer(world.deps),
      bucket: tokenBucket(1e6),
      tuning: { ...DEFAULT_TUNING, batchSize: 1 },
    });
    while ((await sender.sendBatch()) > 0) world.clock.advance(1000);
  };

  async function sentAlert() {
    await addRecipient(world.db, {
      at: [ALERT_CENTRE],
      channels: { email: { address: 'Home@Example.org' }, sms: { address: '+447700900001' } },
    });
    await addRecipient(world.db, { at: [ALERT_CENTRE], language: 'cy', channels: { email: { address: 'cymraeg@example.org' } } });
    const { alertId } = await approvedAlert(world);
    await runDueFanoutJobs(world.db, world.clock.now);
    world.clock.advance(5000);
    await drain('email');
    await drain('sms');
    return alertId;
  }

  it('gives the running total of messages out per channel since approval', async () => {
    const alertId = await sentAlert();
    const investigator = asToken(world, 'force-a/investigator');
    const response = await investigator('GET', `/api/v1/alerts/${alertId}/dispatch/timeline`);
    assert.equal(response.statusCode, 200, response.body);
    const timeline = JSON.parse(response.body);
    assert.ok(timeline.approvedAt);
    const email = timeline.points.filter((p: { channel: string }) => p.channel === 'email');
    // From zero the step before the first email, one email a second, then flat to the end of the chart
    // (the SMS went after the emails): every step given, none skipped.
    assert.deepEqual(
      email.map((p: { out: number }) => p.out),
      [0, 1, 2, 2],
      'one email a second, then flat while the SMS went',
    );
    assert.ok(email[1].atSeconds >= 5, JSON.stringify(email));
    for (let i = 1; i < email.length; i++) assert.equal(email[i].atSeconds - email[i - 1].atSeconds, timeline.bucketSeconds);
    assert.equal(email[email.length - 1].atSeconds, timeline.lastSeconds);
    assert.deepEqual(
      timeline.points.filter((p: { channel: string }) => p.channel === 'sms').map((p: { out: number }) => p.out),
      [0, 1],
    );
    assert.ok(timeline.points.every((p: { notice: string }) => p.notice === 'alert'));
    const other = await asToken(world, 'force-b/investigator')('GET', `/api/v1/alerts/${alertId}/dispatch/timeline`);
    assert.equal(other.statusCode, 404, 'another force cannot see it');
  });

  it('filters the inbox by channel and part of the address, and shows an email’s HTML part', async () => {
    await sentAlert();
    const admin = asToken(world, 'national/administrator');
    const all = JSON.parse((await admin('GET', '/api/v1/dev-inbox')).body);
    assert.equal(all.items.length, 3);
    assert.ok(all.items[0].id > all.items[1].id, 'newest first');
    const sms = JSON.parse((await admin('GET', '/api/v1/dev-inbox?channel=sms')).body);
    assert.deepEqual(
      sms.items.map((i: { address: string }) => i.address),
      ['+447700900001'],
    );
    const home = JSON.parse((await admin('GET', '/api/v1/dev-inbox?address=home%40EXAMPLE')).body);
    assert.deepEqual(
      home.items.map((i: { address: string }) => i.address),
      ['Home@Example.org'],
      'any case',
    );
    const wildcard = JSON.parse((await admin('GET', '/api/v1/dev-inbox?address=%25')).body);
    assert.equal(wildcard.items.length, 0, 'a % is a character, not a wildcard');

    const welsh = all.items.find((i: { address: string }) => i.address === 'cymraeg@example.org');
    const html = await admin('GET', `/api/v1/dev-inbox/${welsh.id}/html`);
    assert.equal(html.statusCode, 200, html.body);
    const body = JSON.parse(html.body).html as string;
    assert.match(body, /<html lang="cy"/);
    assert.match(body, /Rhybudd Achub Plentyn/);
    assert.match(body, /\/alerts\/unsubscribe\//, 'with the recipient’s unsubscribe footer');
    const smsItem = sms.items[0];
    assert.equal(JSON.parse((await admin('GET', `/api/v1/dev-inbox/${smsItem.id}/html`)).body).html, null, 'an SMS has no HTML');
    assert.equal((await admin('GET', '/api/v1/dev-inbox/999999/html')).statusCode, 404);
    assert.equal(
      (await asToken(world, 'force-a/investigator')('GET', `/api/v1/dev-inbox/${welsh.id}/html`)).statusCode,
      403,
      'only those who may read the inbox',
    );

    // Reading is audited, without the address searched for, and the console's refreshes do not flood the log.
    const audited = async (action: string) =>
      (await world.db.query<{ n: number }>('SELECT count(*)::integer AS n FROM audit_log WHERE action = $1', [action])).rows[0]!.n;
    assert.equal(await audited('dev_inbox.read'), 3, 'once per filter: everything, SMS, an address (two searches, one entry)');
    assert.equal(await audited('dev_inbox.message_viewed'), 2, 'each message opened');
    await admin('GET', '/api/v1/dev-inbox');
    assert.equal(await audited('dev_inbox.read'), 3, 'a refresh within the window is not recorded again');
    world.clock.advance(16 * 60_000);
    try {
      assert.equal((await admin('GET', '/api/v1/dev-inbox')).statusCode, 200);
    } finally {
      world.clock.advance(-16 * 60_000);
    }
    assert.equal(await audited('dev_inbox.read'), 4, 'recorded again once the window has passed');
    const { rows: entries } = await world.db.query<{ details: unknown }>(`SELECT details FROM audit_log WHERE action = 'dev_inbox.read'`);
    assert.ok(!JSON.stringify(entries).toLowerCase().includes('home@'), 'the address searched for is not in the log');
  });

  it('describes these routes in the OpenAPI document', async () => {
    const document = JSON.parse((await world.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body);
    assert.ok(document.paths['/api/v1/alerts/{alertId}/dispatch/timeline'].get.responses['200']);
    assert.ok(document.paths['/api/v1/dev-inbox/{id}/html'].get.responses['200']);
    const inboxQuery = document.paths['/api/v1/dev-inbox'].get.parameters.map((p: { name: string }) => p.name);
    assert.ok(inboxQuery.includes('channel') && inboxQuery.includes('address'), inboxQuery.join());
  });
});
