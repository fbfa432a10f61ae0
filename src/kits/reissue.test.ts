// Re-issue of a long-term appeal's kit to a partner's real webhook endpoint on loopback (which checks every
// signature with the standardwebhooks package), on both databases, with a clock the test moves: the first
// issue at once, the next every 30 minutes, none twice; limits on the schedule; the schedule ends when its
// time is up; a withdrawal stops it, sends the partner a withdrawal event, and the kit answers 410.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { startWebhookReceiver, type WebhookReceiver } from '../../test/peers/webhook-receiver.ts';
import { ifStarted } from '../../test/support/hooks.ts';
import { createWebhookAdapter } from '../channels/webhook.ts';
import type { ChannelAdapter } from '../channels/channel.ts';
import { NETWORK_RULES } from './post-texts.ts';
import type { KitLanguage } from './kit.ts';
import { runDueKitIssues, sendDueKitEvents } from './reissue.ts';
import { publishedAppeal } from './kits.test-support.ts';

const MINUTE = 60_000;

describeOnEngines('re-issue of appeal kits to partners', (engine) => {
  let world: TestWorld;
  let receiver: WebhookReceiver;
  let adapter: ChannelAdapter;
  /** A staff member's requests with their API token, PUT included. */
  const as = (who: string) => (method: 'GET' | 'PUT' | 'DELETE', url: string, body?: unknown) =>
    world.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${world.tokens[who]}` },
      ...(body === undefined ? {} : { payload: body as object }),
    });
  const approver = () => as('force-a/approver');

  before(async () => {
    world = await startTestWorld(engine);
    adapter = createWebhookAdapter({ allowPrivateNetworks: true });
    const created = await asToken(world, 'partner/partner_admin')('POST', '/api/v1/enrolment/webhooks', {
      name: 'Charity social media desk',
      url: 'https://hooks.example.org/kits',
      area: { jurisdictionCodes: ['area-a'] },
    });
    assert.equal(created.statusCode, 201, created.body);
    const { id, secret } = JSON.parse(created.body) as { id: string; secret: string };
    receiver = await startWebhookReceiver({ secret });
    await world.db.query(`UPDATE subscriber_channels SET address = $2 WHERE subscriber_id = $1 AND channel = 'webhook'`, [
      id,
      receiver.url,
    ]);
  });
  after(async () => {
    await ifStarted(adapter)?.close();
    await ifStarted(receiver)?.close();
    await ifStarted(world)?.close();
  });

  /** Queues what is due and sends until nothing is left to send now. */
  async function tick(): Promise<number> {
    const queued = await runDueKitIssues(world.db, world.clock.now);
    while ((await sendDueKitEvents(world.deps, adapter)) > 0);
    return queued;
  }
  const eventsOf = (slug: string, type: string) =>
    receiver.events.filter((event) => event.event.type === type && (event.event.data as { slug: string }).slug === slug);

  it('sends the kit at once and then every 30 minutes, signed, each issue once; refuses a schedule out of limits', async () => {
    const appeal = await publishedAppeal(world, 'Reissuecase');
    const path = `/api/v1/long-term-appeals/${appeal.id}/kit-reissue`;
    for (const body of [{ everyMinutes: 5 }, { forHours: 24 * 8 }, { everyMinutes: 30.5 }]) {
      const refused = await approver()('PUT', path, body);
      assert.equal(refused.statusCode, 400, JSON.stringify(body));
      assert.equal(refused.headers['content-type'], 'application/problem+json; charset=utf-8');
    }
    assert.equal((await as('force-b/approver')('PUT', path, {})).statusCode, 404, 'out of reach');
    const set = await approver()('PUT', path, {});
    assert.equal(set.statusCode, 200, set.body);
    const view = JSON.parse(set.body) as { schedule: { everyMinutes: number; untilAt: string } };
    assert.equal(view.schedule.everyMinutes, 30);
    assert.equal(Date.parse(view.schedule.untilAt) - world.clock.now().getTime(), 24 * 60 * MINUTE);

    assert.equal(await tick(), 1, 'the first issue goes at once');
    assert.equal(await tick(), 0, 'and only once');
    await receiver.waitFor(1);
    const [first] = eventsOf(appeal.slug, 'appeal.kit');
    assert.ok(first, 'the partner has the kit');
    assert.equal(receiver.rejectedCount(), 0, 'every signature verified');
    const data = first.event.data as { issue: number; kitUrl: string; kit: KitLanguage };
    assert.equal(data.issue, 1);
    assert.equal(data.kit.language, 'en', "the webhook's language");
    for (const post of data.kit.posts) assert.ok(post.length <= NETWORK_RULES[post.network].limit);
    const image = await world.app.inject({ method: 'GET', url: data.kit.images.square.url.slice(world.deps.config.publicUrl.length) });
    assert.equal(image.statusCode, 200, 'the image the event links is served');

    world.clock.advance(29 * MINUTE);
    assert.equal(await tick(), 0, 'not before the half hour');
    world.clock.advance(MINUTE);
    assert.equal(await tick(), 1);
    await receiver.waitFor(receiver.uniqueCount());
    assert.deepEqual(
      eventsOf(appeal.slug, 'appeal.kit').map((event) => (event.event.data as { issue: number }).issue),
      [1, 2],
    );
    const history = JSON.parse((await approver()('GET', path)).body) as { schedule: { issuesDone: number }; issues: unknown[] };
    assert.equal(history.schedule.issuesDone, 2);
    assert.deepEqual(history.issues.length, 2);

    // Withdrawn: the schedule stops, the partner is told to take the kit down, and the kit is gone.
    const withdrawn = await asToken(world, 'force-a/investigator')('POST', `/api/v1/long-term-appeals/${appeal.id}/withdraw`, {
      reason: 'found',
    });
    assert.equal(withdrawn.statusCode, 204, withdrawn.body);
    await tick();
    const [gone] = eventsOf(appeal.slug, 'appeal.withdrawn');
    assert.ok(gone, 'a withdrawal event went out');
    assert.equal((gone.event.data as { takeDown: boolean }).takeDown, true);
    assert.equal((await world.app.inject({ method: 'GET', url: `/missing/${appeal.slug}/kit.json` })).statusCode, 410);
    world.clock.advance(30 * MINUTE);
    assert.equal(await tick(), 0);
    world.clock.advance(30 * MINUTE);
    assert.equal(await tick(), 0);
    assert.equal(eventsOf(appeal.slug, 'appeal.kit').length, 2, 'no kit after the withdrawal');
    const stopped = JSON.parse((await approver()('GET', path)).body) as { schedule: { stoppedAt: string | null; nextAt: string | null } };
    assert.ok(stopped.schedule.stoppedAt);
    assert.equal(stopped.schedule.nextAt, null);
    assert.equal((await approver()('PUT', path, {})).statusCode, 409, 'a withdrawn appeal is not re-issued');
  });

  it('stops when its time is up, and can be stopped by hand', async () => {
    const appeal = await publishedAppeal(world, 'Hourcase');
    const path = `/api/v1/long-term-appeals/${appeal.id}/kit-reissue`;
    assert.equal((await approver()('PUT', path, { everyMinutes: 20, forHours: 1 })).statusCode, 200);
    let issues = 0;
    for (let step = 0; step < 6; step++) {
      issues += await tick();
      world.clock.advance(20 * MINUTE);
    }
    assert.equal(issues, 4, 'at 0, 20, 40 and 60 minutes, then no more');
    await receiver.waitFor(receiver.uniqueCount());
    assert.equal(eventsOf(appeal.slug, 'appeal.kit').length, 4);

    const other = await publishedAppeal(world, 'Stopcase');
    const otherPath = `/api/v1/long-term-appeals/${other.id}/kit-reissue`;
    assert.equal((await approver()('PUT', otherPath, {})).statusCode, 200);
    assert.equal(await tick(), 1);
    const stopped = await approver()('DELETE', otherPath);
    assert.equal(stopped.statusCode, 200, stopped.body);
    world.clock.advance(30 * MINUTE);
    assert.equal(await tick(), 0);
    const { rows } = await world.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE subject_id = $1 AND action LIKE 'appeal.kit%' ORDER BY seq`,
      [other.id],
    );
    assert.deepEqual(
      rows.map((row) => row.action),
      ['appeal.kit_reissue_scheduled', 'appeal.kit_reissue_stopped'],
    );
  });
  it('tries a partner that is down again later, with the same webhook-id, and records each issue once delivered', async () => {
    const appeal = await publishedAppeal(world, 'Retrycase');
    const path = `/api/v1/long-term-appeals/${appeal.id}/kit-reissue`;
    receiver.failNext(1, 503);
    const before = receiver.rawCount();
    assert.equal((await approver()('PUT', path, {})).statusCode, 200);
    assert.equal(await tick(), 1);
    assert.equal(eventsOf(appeal.slug, 'appeal.kit').length, 0, 'the partner answered 503');
    const retrying = JSON.parse((await approver()('GET', path)).body) as { issues: { delivered: number }[] };
    assert.equal(retrying.issues[0]!.delivered, 0);
    world.clock.advance(5 * MINUTE);
    await tick();
    await receiver.waitFor(receiver.uniqueCount());
    assert.equal(eventsOf(appeal.slug, 'appeal.kit').length, 1, 'delivered on the next attempt');
    assert.equal(receiver.rawCount() - before, 1, 'the refused request is not counted as received');
    const delivered = JSON.parse((await approver()('GET', path)).body) as { issues: { partners: number; delivered: number }[] };
    assert.deepEqual(
      delivered.issues.map((issue) => [issue.partners, issue.delivered]),
      [[1, 1]],
    );
  });
});
