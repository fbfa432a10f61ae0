// Child Rescue Alert figures for analysts on both databases: a real alert counted with its time to approval,
// the people it reached through the real dispatch, the sightings it brought and its episode's outcome; an
// exercise never counted; a force analyst's figures under disclosure control; only analysts may ask.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { addRecipient, ALERT_CENTRE, approvedAlert } from '../../test/support/alerts.ts';
import { ifStarted } from '../../test/support/hooks.ts';
import { freshClientAddress, solvedChallenge, uniqueKey } from '../reports/test-support.ts';
import { startDispatch, type DispatchEngine } from '../dispatch/engine.ts';
import { medianMinutes } from './alert-figures.ts';
import { sheetRows } from './test-support.ts';
import type { AlertFiguresAnswer, ReachFiguresAnswer } from './schemas.ts';

it('takes the median of whole minutes, the middle pair’s mean when even', () => {
  assert.equal(medianMinutes([]), null);
  assert.equal(medianMinutes([7]), 7);
  assert.equal(medianMinutes([30, 10, 20]), 20);
  assert.equal(medianMinutes([10, 20, 25, 40]), 23);
});

describeOnEngines('Child Rescue Alert figures', (engine) => {
  let world: TestWorld;
  let dispatch: DispatchEngine;
  let alert: { alertId: string; slug: string };

  const figures = async (who: string, query = 'from=2026-01&to=2026-12'): Promise<AlertFiguresAnswer> => {
    const response = await asToken(world, who)('GET', `/api/v1/profiles/alerts?${query}`);
    assert.equal(response.statusCode, 200, response.body);
    return JSON.parse(response.body) as AlertFiguresAnswer;
  };

  before(async () => {
    world = await startTestWorld(engine);
    for (let i = 0; i < 3; i += 1)
      await addRecipient(world.db, { at: [ALERT_CENTRE], channels: { email: { address: `reader${i}@example.org` } } });
    dispatch = await startDispatch(world.deps, { channels: ['email'], idleMs: 50, log: () => undefined });
    world.deps.onOutbox = () => dispatch.nudge();
    alert = await approvedAlert(world);
    await approvedAlert(world, { capStatus: 'Exercise' });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const { rows } = await world.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM deliveries WHERE alert_id = $1 AND notice = 'alert' AND state IN ('sent', 'delivered')`,
        [alert.alertId],
      );
      if (rows[0]!.n === 3) break;
      assert.ok(Date.now() < deadline, 'the alert reached its three readers');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const sighting = await world.app.inject({
      method: 'POST',
      url: '/api/v1/public/sightings',
      remoteAddress: freshClientAddress(),
      payload: {
        appeal: alert.slug,
        idempotencyKey: uniqueKey(),
        ...(await solvedChallenge(world.db, world.clock.now())),
        lat: 52.41,
        lon: -4.08,
        description: 'A girl in a red coat at the bus station',
      },
    });
    assert.equal(sighting.statusCode, 201, sighting.body);
  });
  after(async () => {
    await ifStarted(dispatch)?.stop();
    await ifStarted(world)?.close();
  });

  it('counts the real alert, its approval time, the people it reached and its sightings, never the exercise', async () => {
    const answer = await figures('national/analyst');
    assert.equal(answer.disclosure, 'exact');
    const month = answer.months.find((entry) => entry.requested.count !== 0)!;
    assert.deepEqual(month.requested, { count: 1, withheld: false });
    assert.deepEqual(month.approved, { count: 1, withheld: false });
    // The test clock stands still between request and approval.
    assert.equal(month.medianMinutesToApproval, 0);
    assert.equal(month.peopleReached, 3);
    assert.equal(month.sightings, 1);
    assert.deepEqual(answer.total.requested, { count: 1, withheld: false });
    assert.equal(answer.total.peopleReached, 3);
    assert.deepEqual(answer.outcomes.find((entry) => entry.value === 'not_found_yet')!.alerts, { count: 1, withheld: false });
    assert.ok(answer.notes.some((note) => note.includes('exercises and tests are never counted')));
    assert.ok(!JSON.stringify(answer).includes(alert.slug), 'no alert is named');
  });

  it('counts the people who would receive an alert by force area and channel, and their sign-ups by month', async () => {
    const read = async (who: string) => {
      const response = await asToken(world, who)('GET', '/api/v1/profiles/reach?from=2026-01&to=2026-12');
      assert.equal(response.statusCode, 200, response.body);
      return JSON.parse(response.body) as ReachFiguresAnswer;
    };
    const national = await read('national/analyst');
    const email = national.channels.indexOf('email');
    const areaA = national.areas.find((entry) => entry.code === 'area-a')!;
    assert.deepEqual(areaA.byChannel[email], { count: 3, withheld: false });
    assert.deepEqual(areaA.subscribers, { count: 3, withheld: false });
    assert.deepEqual(national.areas.find((entry) => entry.code === 'area-b')!.subscribers, { count: 0, withheld: false });
    assert.deepEqual(national.total.subscribers, { count: 3, withheld: false });
    // The three confirmed their email in November 2026 (UK time).
    assert.deepEqual(national.signUps.find((entry) => entry.month === '2026-11')!.byChannel[email], { count: 3, withheld: false });
    assert.deepEqual(national.signUpTotal[email], { count: 3, withheld: false });
    assert.ok(!JSON.stringify(national).includes('@example.org'), 'no address');
    const forceA = await read('force-a/analyst');
    assert.deepEqual(
      forceA.areas.map((entry) => [entry.code, entry.subscribers]),
      [['area-a', { count: null, withheld: true }]],
    );
    const forceB = await read('force-b/analyst');
    assert.deepEqual(forceB.total.subscribers, { count: 0, withheld: false });
  });

  it('gives both sets of figures as CSV and as a spreadsheet, the same figures the answers hold', async () => {
    const csv = await asToken(world, 'national/analyst')('GET', '/api/v1/profiles/alerts.csv?from=2026-01&to=2026-12');
    assert.equal(csv.statusCode, 200, csv.body);
    assert.match(String(csv.headers['content-disposition']), /attachment; filename="alerts-2026-01-2026-12\.csv"/);
    const lines = csv.body.split('\r\n');
    assert.equal(lines[0], 'month,requested,approved,median minutes to approval,people reached,sightings');
    assert.ok(lines.includes('total,1,1,0,3,1'), csv.body);
    assert.ok(lines.includes('not_found_yet,1'), csv.body);
    const forceA = await asToken(world, 'force-a/analyst')('GET', '/api/v1/profiles/alerts.csv?from=2026-01&to=2026-12');
    assert.ok(forceA.body.split('\r\n').includes('total,[c],[c],,3,1'), forceA.body);

    const reach = await asToken(world, 'national/analyst')('GET', '/api/v1/profiles/reach.xlsx?from=2026-01&to=2026-12');
    assert.equal(reach.statusCode, 200, reach.body);
    const rows = await sheetRows(reach.rawPayload);
    const header = rows[1]!;
    const email = header.indexOf('email');
    assert.equal(header[0], 'force area');
    const areaA = rows.find((row) => row[0] === 'area-a')!;
    assert.equal(areaA[email], 3);
    assert.equal(areaA[header.indexOf('subscribers')], 3);
    // Below a blank row, sign-ups by the month they were confirmed, numbers as numbers.
    assert.equal(rows.find((row) => row[0] === '2026-11')![email], 3);
    assert.ok(!JSON.stringify(rows).includes('@example.org'), 'no address');
  });

  it('withholds a force’s small figures, shows another force none, and answers only analysts', async () => {
    const forceA = await figures('force-a/analyst');
    assert.equal(forceA.disclosure, 'controlled');
    assert.deepEqual(forceA.total.requested, { count: null, withheld: true });
    assert.ok(forceA.months.every((entry) => entry.medianMinutesToApproval === null));
    const forceB = await figures('force-b/analyst');
    assert.deepEqual(forceB.total.requested, { count: 0, withheld: false });
    assert.equal(forceB.total.peopleReached, 0);
    for (const who of ['force-a/approver', 'national/national_coordinator'])
      assert.equal((await asToken(world, who)('GET', '/api/v1/profiles/alerts')).statusCode, 403, who);
    const { rows } = await world.db.query<{ n: number }>("SELECT count(*)::int AS n FROM audit_log WHERE action = 'profile.alerts'");
    assert.ok(rows[0]!.n >= 3);
  });
});
