// What the enrolment screen reads beside the lists: the jurisdictions an area may name, and how the
// latest delivery to each webhook went, so a broken endpoint shows before the next appeal.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { runDueFanoutJobs } from '../dispatch/fanout.ts';
import { noticeRenderer } from '../dispatch/render.ts';
import { channelSender, DEFAULT_TUNING } from '../dispatch/sender.ts';
import { tokenBucket } from '../dispatch/token-bucket.ts';

describeOnEngines('Webhook delivery status', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());

  it('names the jurisdictions an area may be made of, without their shapes', async () => {
    const response = await asToken(world, 'partner/partner_admin')('GET', '/api/v1/enrolment/areas');
    assert.equal(response.statusCode, 200, response.body);
    const { items } = JSON.parse(response.body);
    assert.deepEqual(
      items.map((a: { code: string }) => a.code),
      ['country', 'area-a', 'area-b'],
      'countries first, then force areas by name',
    );
    assert.ok(!response.body.includes('coordinates'));
    assert.equal((await asToken(world, 'force-a/investigator')('GET', '/api/v1/enrolment/areas')).statusCode, 403);
  });

  it('lists the latest delivery of each webhook, or none', async () => {
    const partner = asToken(world, 'partner/partner_admin');
    const make = async (name: string, path: string) => {
      const response = await partner('POST', '/api/v1/enrolment/webhooks', {
        name,
        url: `https://hooks.example.org/${path}`,
        area: { jurisdictionCodes: ['area-a'] },
      });
      assert.equal(response.statusCode, 201, response.body);
      return JSON.parse(response.body).id as string;
    };
    const good = await make('Depot screens', 'good');
    const broken = await make('Old intranet', 'broken');
    const before = JSON.parse((await partner('GET', '/api/v1/enrolment/webhooks')).body);
    assert.deepEqual(
      before.items.map((w: { lastDelivery: unknown }) => w.lastDelivery),
      [null, null],
      'nothing sent yet',
    );

    await approvedAlert(world);
    await runDueFanoutJobs(world.db, world.clock.now);
    const sender = channelSender(world.deps, {
      adapter: {
        channel: 'webhook',
        concurrency: 2,
        send: (message) =>
          Promise.resolve(message.address.endsWith('/good') ? { status: 'delivered' } : { status: 'failed', error: 'HTTP 410 Gone' }),
        close: () => Promise.resolve(),
      },
      renderer: noticeRenderer(world.deps),
      bucket: tokenBucket(1e6),
      tuning: DEFAULT_TUNING,
    });
    while ((await sender.sendBatch()) > 0);

    const after = JSON.parse((await partner('GET', '/api/v1/enrolment/webhooks')).body);
    const byId = Object.fromEntries(after.items.map((w: { id: string; lastDelivery: unknown }) => [w.id, w.lastDelivery]));
    assert.equal(byId[good].state, 'delivered');
    assert.equal(byId[good].error, null);
    assert.ok(Date.parse(byId[good].at));
    assert.equal(byId[broken].state, 'failed');
    assert.equal(byId[broken].error, 'HTTP 410 Gone');
  });
});
