// The dispatch dashboard's figures after a child is found, through the real engine against real SMTP and
// SMPP peers on loopback: the appeal, its update and the found notice counted apart (never the found
// notice as more of the appeal), in messages and in people; the end of the appeal and the final figures;
// the chart's steps with quiet ones given, not skipped; the live stream ending on the final figures.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from './support/databases.ts';
import { asToken, sessionFor, startTestWorld, type TestWorld } from './support/app.ts';
import { addRecipient, ALERT_CENTRE, approvedAlert } from './support/alerts.ts';
import { startSmtpPeer, type SmtpPeer } from './peers/smtp-peer.ts';
import { startSmppPeer, type SmppPeer } from './peers/smpp-peer.ts';
import { createEmailAdapter } from '../src/channels/email.ts';
import { createSmsAdapter } from '../src/channels/sms.ts';
import { startDispatch, type DispatchEngine } from '../src/dispatch/engine.ts';
import { dispatchProgress, dispatchSettled } from '../src/dispatch/progress.ts';
import type { DispatchProgress, DispatchTimeline, NoticeProgress } from '../src/dispatch/schemas.ts';
import { ifStarted } from './support/hooks.ts';

const IN_AREA = (i: number) => ({ lon: ALERT_CENTRE.lon + (i - 2) * 0.03, lat: ALERT_CENTRE.lat + (i % 2) * 0.03 });
/** Five people on email; the first three on SMS as well. */
const PEOPLE = 5;
const ON_SMS = 3;

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const figures = (notice: NoticeProgress | undefined, channel: string) => {
  const c = notice?.channels.find((entry) => entry.channel === channel);
  return c && { targeted: c.targeted, sent: c.sent, queued: c.queued, failed: c.failed, dropped: c.dropped };
};
const people = (notice: NoticeProgress | undefined, channel: string | null) => {
  const p = notice?.people.find((entry) => entry.channel === channel);
  return p && { targeted: p.targeted, reached: p.reached };
};

describeOnEngines('Dispatch figures per notice, after withdrawal', (engine) => {
  let world: TestWorld;
  let smtp: SmtpPeer;
  let smpp: SmppPeer;
  let dispatch: DispatchEngine;
  let alertId: string;

  before(async () => {
    world = await startTestWorld(engine);
    world.deps.clock = () => new Date();
    [smtp, smpp] = await Promise.all([startSmtpPeer(), startSmppPeer()]);
    for (let i = 0; i < PEOPLE; i++) {
      await addRecipient(world.db, {
        at: [IN_AREA(i)],
        channels: {
          email: { address: `person${i}@example.org` },
          ...(i < ON_SMS ? { sms: { address: `+44770090${String(1000 + i).slice(1)}` } } : {}),
        },
      });
    }
    dispatch = await startDispatch(world.deps, {
      channels: ['email', 'sms'],
      idleMs: 50,
      tuning: { retryBaseMs: 200, retryMaxMs: 1000 },
      log: () => undefined,
      adapters: (events) => ({
        email: createEmailAdapter({ url: smtp.url, from: 'Child Rescue Alert <alerts@forgetmenot.test>' }),
        sms: createSmsAdapter({ url: smpp.url, sourceAddress: 'ChildAlert', events }),
      }),
    });
    world.deps.onOutbox = () => dispatch.nudge();

    // The appeal, then an update, then the child is found: each sent in full before the next.
    ({ alertId } = await approvedAlert(world));
    const settledAt = async (emails: number) => {
      await smtp.waitFor(emails, 90_000);
      await until('settled', async () => dispatchSettled(await dispatchProgress(world.db, alertId)));
    };
    await settledAt(PEOPLE);
    const approver = await sessionFor(world, 'force-a/approver');
    const view = JSON.parse((await approver('GET', `/api/v1/alerts/${alertId}`)).body) as { version: number };
    const updated = await approver('POST', `/api/v1/alerts/${alertId}/updates`, {
      version: view.version,
      vehicle: 'White Ford Transit, partial plate WX19',
      note: 'Vehicle identified',
    });
    assert.equal(updated.statusCode, 200, updated.body);
    await settledAt(PEOPLE * 2);
    const withdrawn = await world.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${alertId}/withdraw`,
      headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}` },
      payload: { reason: 'found_safe', note: 'Found at a friend’s house' },
    });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    await settledAt(PEOPLE * 3);
  });
  after(async () => {
    await ifStarted(dispatch)?.stop();
    await Promise.all([ifStarted(smtp)?.close(), ifStarted(smpp)?.close()]);
    await ifStarted(world)?.close();
  });

  const progressOf = async () => {
    const response = await asToken(world, 'force-a/investigator')('GET', `/api/v1/alerts/${alertId}/dispatch`);
    assert.equal(response.statusCode, 200, response.body);
    return JSON.parse(response.body) as DispatchProgress;
  };

  it('counts the appeal, its update and the found notice apart, per channel and state', async () => {
    const progress = await progressOf();
    assert.deepEqual(
      progress.notices.map((n) => n.notice),
      ['alert', 'update', 'found'],
    );
    const [alert, update, found] = progress.notices;
    const all = { sent: PEOPLE, queued: 0, failed: 0, dropped: 0 };
    assert.deepEqual(figures(alert, 'email'), { targeted: PEOPLE, ...all });
    assert.deepEqual(figures(alert, 'sms'), { targeted: ON_SMS, ...all, sent: ON_SMS });
    assert.deepEqual(figures(update, 'email'), { targeted: PEOPLE, ...all });
    assert.deepEqual(figures(found, 'email'), { targeted: PEOPLE, ...all }, 'five found notices, not ten more of the appeal');
    assert.deepEqual(figures(found, 'sms'), { targeted: ON_SMS, ...all, sent: ON_SMS });
    assert.deepEqual(figures(alert, 'push'), { targeted: 0, sent: 0, queued: 0, failed: 0, dropped: 0 });
    // Every notice together is still there, for the command line.
    assert.equal(progress.channels.find((c) => c.channel === 'email')!.targeted, PEOPLE * 3);
    // The found notice's times count from the withdrawal, the appeal's from approval.
    assert.ok(found!.startedAt && progress.endedAt);
    assert.ok(Date.parse(found!.startedAt) >= Date.parse(progress.approvedAt!));
    const foundEmail = found!.channels.find((c) => c.channel === 'email')!;
    assert.equal(foundEmail.msToFirst, Date.parse(foundEmail.firstSentAt!) - Date.parse(found!.startedAt));
  });

  it('counts people as well as messages: a person on email and SMS is one person reached', async () => {
    const [alert, , found] = (await progressOf()).notices;
    assert.deepEqual(people(alert, 'email'), { targeted: PEOPLE, reached: PEOPLE });
    assert.deepEqual(people(alert, 'sms'), { targeted: ON_SMS, reached: ON_SMS });
    assert.deepEqual(people(alert, null), { targeted: PEOPLE, reached: PEOPLE }, `${PEOPLE + ON_SMS} messages, ${PEOPLE} people`);
    assert.deepEqual(people(found, null), { targeted: PEOPLE, reached: PEOPLE });
    const messages = alert!.channels.reduce((sum, c) => sum + c.sent, 0);
    assert.equal(messages, PEOPLE + ON_SMS);
  });

  it('says when the appeal ended, and that these are the final figures', async () => {
    const progress = await progressOf();
    const { rows } = await world.db.query<{ withdrawn_at: Date }>('SELECT withdrawn_at FROM alerts WHERE id = $1', [alertId]);
    assert.equal(progress.endedHow, 'withdrawn');
    assert.equal(progress.endedAt, rows[0]!.withdrawn_at.toISOString());
    assert.equal(progress.final, true);
  });

  it('gives every step of the chart per notice, quiet ones too, each series from zero', async () => {
    const response = await asToken(world, 'force-a/investigator')('GET', `/api/v1/alerts/${alertId}/dispatch/timeline`);
    assert.equal(response.statusCode, 200, response.body);
    const timeline = JSON.parse(response.body) as DispatchTimeline;
    for (const notice of ['alert', 'update', 'found'] as const) {
      for (const [channel, total] of [
        ['email', PEOPLE],
        ['sms', ON_SMS],
      ] as const) {
        const series = timeline.points.filter((p) => p.notice === notice && p.channel === channel);
        assert.ok(series.length > 0, `${notice} ${channel}`);
        assert.equal(series[series.length - 1]!.out, total, `${notice} ${channel}: its own total, not the alert's`);
        assert.equal(series[series.length - 1]!.atSeconds, timeline.lastSeconds, 'drawn to the end');
        series.forEach((point, i) => {
          if (i > 0)
            assert.equal(point.atSeconds - series[i - 1]!.atSeconds, timeline.bucketSeconds, `${notice} ${channel}: no step skipped`);
          if (i > 0) assert.ok(point.out >= series[i - 1]!.out);
        });
        if (series[0]!.atSeconds > 0) assert.equal(series[0]!.out, 0, 'a series rises from zero at its start');
      }
    }
  });

  it('streams the final figures once and ends the stream', async () => {
    await world.app.listen({ port: 0, host: '127.0.0.1' });
    const address = world.app.server.address() as { port: number };
    const response = await fetch(`http://127.0.0.1:${address.port}/api/v1/alerts/${alertId}/dispatch/events`, {
      headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}` },
    });
    assert.equal(response.status, 200);
    // The body ends by itself: the server closed the stream after the final figures.
    const text = await response.text();
    const events = text.split('\n\n').filter((block) => block.startsWith('event: progress'));
    assert.equal(events.length, 1);
    const data = JSON.parse(events[0]!.split('\ndata: ')[1]!) as DispatchProgress;
    assert.equal(data.final, true);
    assert.deepEqual(
      people(
        data.notices.find((n) => n.notice === 'found'),
        null,
      ),
      { targeted: PEOPLE, reached: PEOPLE },
    );
  });
});
