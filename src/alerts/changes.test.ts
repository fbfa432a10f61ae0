// A live alert's reach and words are a second person's decision too: its text (any language), photos and area
// change only when a different approver, signed in with a second factor, approves the requested change; new
// facts go out at once. And a case has one live alert at a time, in the API and in the database. Both engines.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, newChildCase, sessionFor, worldPerEngine, type TestWorld } from '../../test/support/app.ts';
import { ALERT_AREA, ALERT_CONTENTS, ALERT_CRITERIA, approvedAlert, uploadCasePhoto } from '../../test/support/alerts.ts';
import { expireDueAlerts } from './housekeeping.ts';

const investigator = (world: TestWorld) => asToken(world, 'force-a/investigator');
const viewOf = async (world: TestWorld, alertId: string) =>
  JSON.parse((await investigator(world)('GET', `/api/v1/alerts/${alertId}`)).body);

// One world per engine for both suites: each test raises its alerts on a case of its own.
const worldOf = worldPerEngine();

describeOnEngines('changes to a live alert', (engine) => {
  let world: TestWorld;
  const publicGet = (url: string) => world.app.inject({ method: 'GET', url });

  before(async () => {
    world = await worldOf(engine);
  });

  it('refuses a one-person rewrite of a live alert, and publishes it once a second approver approves', async () => {
    const { alertId, slug } = await approvedAlert(world, { withPhoto: true });
    const approver = await sessionFor(world, 'force-a/approver');
    const live = await viewOf(world, alertId);
    const rewritten = [ALERT_CONTENTS[0]!, { ...ALERT_CONTENTS[1]!, headline: 'Rhybudd Achub Plentyn: pennawd newydd' }];

    // The approver who approved it, signed in with a second factor, cannot change text, photos or area alone.
    for (const body of [{ contents: rewritten }, { area: { national: true } }, { photoIds: [] }]) {
      const alone = await approver('POST', `/api/v1/alerts/${alertId}/updates`, {
        version: live.version,
        note: 'Wider and reworded',
        ...body,
      });
      assert.equal(alone.statusCode, 400, alone.body);
      assert.match(String(alone.headers['content-type']), /application\/problem\+json/);
      assert.match(JSON.parse(alone.body).errors[0].pointer, /^\/body\/(contents|area|photoIds)$/);
    }
    let unchanged = await viewOf(world, alertId);
    assert.equal(unchanged.messages.length, 1, 'nothing was published');
    assert.equal(unchanged.area.national, false);
    assert.equal(unchanged.photos.length, 1);

    // New facts still go out at once, from any officer on the case.
    const sighting = await investigator(world)('POST', `/api/v1/alerts/${alertId}/updates`, {
      version: live.version,
      note: 'Van seen on the A487',
      vehicle: 'White van, CY23',
    });
    assert.equal(sighting.statusCode, 200, sighting.body);
    assert.equal(JSON.parse(sighting.body).messages.length, 2);

    // The change is requested: nothing public moves, and the approver sees what it is and what it would be.
    const version = JSON.parse(sighting.body).version;
    const requested = await approver('POST', `/api/v1/alerts/${alertId}/changes`, {
      version,
      note: 'Welsh headline corrected; national',
      contents: rewritten,
      area: { national: true },
    });
    assert.equal(requested.statusCode, 200, requested.body);
    const pending = JSON.parse(requested.body).pendingChange;
    assert.ok(pending, 'the change waits for a decision');
    assert.deepEqual(pending.differences.map((d: { field: string }) => d.field).sort(), [
      '/area/description',
      '/area/national',
      '/area/parts',
      '/contents/cy/headline',
    ]);
    const headline = pending.differences.find((d: { field: string }) => d.field === '/contents/cy/headline');
    assert.deepEqual([headline.before, headline.after], [ALERT_CONTENTS[1]!.headline, 'Rhybudd Achub Plentyn: pennawd newydd']);
    assert.equal(JSON.parse(requested.body).messages.length, 2, 'a request publishes nothing');
    assert.doesNotMatch((await publicGet(`/appeals/${slug}?lang=cy`)).body, /pennawd newydd/);

    // Someone else cannot slip in another request while this one waits.
    const second = await investigator(world)('POST', `/api/v1/alerts/${alertId}/changes`, {
      version,
      note: 'Another change',
      photoIds: [],
    });
    assert.equal(second.statusCode, 409, second.body);

    // Four eyes: not the requester, not without a second factor, not without the approver role.
    const self = await approver('POST', `/api/v1/alerts/${alertId}/changes/approve`, { changeId: pending.id });
    assert.equal(self.statusCode, 403, self.body);
    assert.match(JSON.parse(self.body).detail, /four eyes/);
    const byToken = await asToken(world, 'national/national_coordinator')('POST', `/api/v1/alerts/${alertId}/changes/approve`, {
      changeId: pending.id,
    });
    assert.equal(byToken.statusCode, 403, byToken.body);
    assert.match(JSON.parse(byToken.body).detail, /authenticator/);
    assert.equal(
      (await investigator(world)('POST', `/api/v1/alerts/${alertId}/changes/approve`, { changeId: pending.id })).statusCode,
      403,
    );
    unchanged = await viewOf(world, alertId);
    assert.equal(unchanged.messages.length, 2);
    assert.equal(unchanged.contents[1].headline, ALERT_CONTENTS[1]!.headline);

    // The coordinator's inbox lists it, with the old and the new.
    const coordinator = await sessionFor(world, 'national/national_coordinator');
    const inbox = JSON.parse((await coordinator('GET', '/api/v1/alert-changes')).body);
    const listed = inbox.items.find((item: { id: string }) => item.id === pending.id);
    assert.ok(listed, 'the pending change is in the inbox');
    assert.equal(listed.alertId, alertId);
    assert.ok(
      listed.differences.some(
        (d: { field: string; before: string; after: string }) => d.field === '/area/national' && d.before === 'false' && d.after === 'true',
      ),
    );

    const approved = await coordinator('POST', `/api/v1/alerts/${alertId}/changes/approve`, {
      changeId: pending.id,
      note: 'Agreed with the duty inspector',
    });
    assert.equal(approved.statusCode, 200, approved.body);
    const after = JSON.parse(approved.body);
    assert.equal(after.pendingChange, null);
    assert.equal(after.messages.length, 3);
    assert.equal(after.messages[2].msgType, 'Update');
    assert.equal(after.messages[2].note, 'Welsh headline corrected; national');
    assert.equal(after.area.national, true);
    assert.equal(after.contents[1].headline, 'Rhybudd Achub Plentyn: pennawd newydd');
    assert.equal(after.vehicle, 'White van, CY23', 'the new facts published before stay');
    assert.match((await publicGet(`/appeals/${slug}?lang=cy`)).body, /pennawd newydd/);
    assert.match((await publicGet(`/alerts/${alertId}/cap.xml`)).body, /pennawd newydd/);
    const { rows: audit } = await world.db.query<{ actor: string; action: string }>(
      "SELECT actor, action FROM audit_log WHERE subject_id = $1 AND action LIKE 'alert.change_%' ORDER BY seq",
      [alertId],
    );
    assert.deepEqual(
      audit.map((a) => `${a.action} ${a.actor}`),
      ['alert.change_requested approver@force-a.test', 'alert.change_approved national_coordinator@national.test'],
    );
    assert.equal((await investigator(world)('GET', '/api/v1/alert-changes')).statusCode, 200);
    assert.equal(
      JSON.parse((await coordinator('GET', '/api/v1/alert-changes')).body).items.some((i: { id: string }) => i.id === pending.id),
      false,
    );
  });

  it('sends a requested change back with a reason, leaving the live alert as it was', async () => {
    const { alertId } = await approvedAlert(world, { withPhoto: true });
    const live = await viewOf(world, alertId);
    const requested = await investigator(world)('POST', `/api/v1/alerts/${alertId}/changes`, {
      version: live.version,
      note: 'Photo removed',
      photoIds: [],
    });
    assert.equal(requested.statusCode, 200, requested.body);
    const pending = JSON.parse(requested.body).pendingChange;
    assert.deepEqual(
      pending.differences.map((d: { field: string }) => d.field),
      ['/photos'],
    );
    // The requester may replace their own request, which keeps one pending.
    const replaced = await investigator(world)('POST', `/api/v1/alerts/${alertId}/changes`, {
      version: live.version,
      note: 'Area widened',
      area: { jurisdictionCodes: ['area-a'] },
    });
    assert.equal(replaced.statusCode, 200, replaced.body);
    const current = JSON.parse(replaced.body).pendingChange;
    assert.notEqual(current.id, pending.id);
    const approver = await sessionFor(world, 'force-a/approver');
    assert.equal(
      (await approver('POST', `/api/v1/alerts/${alertId}/changes/approve`, { changeId: pending.id })).statusCode,
      409,
      'the replaced request is gone',
    );

    // On a sensitive case the inbox lists the change without naming the child; the alert asks for a reason.
    await world.db.query('UPDATE cases SET sensitive = true WHERE id = (SELECT case_id FROM alerts WHERE id = $1)', [alertId]);
    const inbox = await approver('GET', '/api/v1/alert-changes');
    const listed = JSON.parse(inbox.body).items.find((item: { id: string }) => item.id === current.id);
    assert.equal(listed.sensitive, true);
    assert.equal(listed.headline, '');
    assert.ok(!inbox.body.includes('Amelia'), 'no child is named without a reason');
    assert.deepEqual(
      listed.differences.map((d: { field: string; before: string }) => d.field),
      ['/area/description', '/area/jurisdictionCodes', '/area/parts'],
    );
    const returned = await approver('POST', `/api/v1/alerts/${alertId}/changes/return`, {
      changeId: current.id,
      reason: 'Keep it to the county for now',
    });
    assert.equal(returned.statusCode, 200, returned.body);
    // Sent without a reason, the answer leaves the child out; with one, the alert shows as it is.
    assert.equal(JSON.parse(returned.body).identityWithheld, true);
    assert.ok(!returned.body.includes('Amelia'));
    const reread = await approver('GET', `/api/v1/alerts/${alertId}`, undefined, { 'x-access-reason': 'Checking the returned change' });
    assert.equal(reread.statusCode, 200, reread.body);
    const after = JSON.parse(reread.body);
    assert.equal(after.pendingChange, null);
    assert.equal(after.messages.length, 1);
    assert.deepEqual(after.area.jurisdictionCodes, []);
    assert.equal(after.photos.length, 1);
  });
});

describeOnEngines('one live alert per case', (engine) => {
  let world: TestWorld;

  before(async () => {
    world = await worldOf(engine);
  });

  it('lets a case have one live alert at a time, in the API and in the database', async () => {
    const created = await investigator(world)('POST', '/api/v1/cases', newChildCase());
    const caseId = JSON.parse(created.body).id as string;
    await uploadCasePhoto(world, caseId);
    const draft = async () => {
      const made = await investigator(world)('POST', '/api/v1/alerts', {
        caseId,
        criteria: ALERT_CRITERIA,
        contents: ALERT_CONTENTS,
        area: ALERT_AREA,
      });
      assert.equal(made.statusCode, 201, made.body);
      return JSON.parse(made.body) as { id: string };
    };
    const first = await draft();
    const second = await draft();
    const third = await draft();
    assert.equal((await investigator(world)('POST', `/api/v1/alerts/${first.id}/submit`)).statusCode, 200);

    // A second request while the first awaits approval, and again once it is active: 409, nothing changed.
    const whileWaiting = await investigator(world)('POST', `/api/v1/alerts/${second.id}/submit`);
    assert.equal(whileWaiting.statusCode, 409, whileWaiting.body);
    assert.match(String(whileWaiting.headers['content-type']), /application\/problem\+json/);
    assert.match(JSON.parse(whileWaiting.body).detail, /one live alert/);
    const approver = await sessionFor(world, 'force-a/approver');
    assert.equal((await approver('POST', `/api/v1/alerts/${first.id}/approve`, {})).statusCode, 200);
    assert.equal((await investigator(world)('POST', `/api/v1/alerts/${second.id}/submit`)).statusCode, 409);
    assert.equal((await viewOf(world, second.id)).state, 'draft');

    // The database refuses it too, whatever path a write takes.
    // (The error names the index but carries no values: see DatabaseError.)
    const refusedByIndex = (error: unknown) => {
      const e = error as { code?: string; constraint?: string };
      assert.equal(e.code, '23505');
      assert.equal(e.constraint, 'alerts_one_live_per_case');
      return true;
    };
    await assert.rejects(world.db.query("UPDATE alerts SET state = 'awaiting_approval' WHERE id = $1", [second.id]), refusedByIndex);
    await assert.rejects(world.db.query("UPDATE alerts SET state = 'active' WHERE id = $1", [third.id]), refusedByIndex);

    // Two requests racing: exactly one goes through.
    assert.equal((await investigator(world)('POST', `/api/v1/alerts/${first.id}/withdraw`, { reason: 'cancelled' })).statusCode, 200);
    const raced = await Promise.all([second, third].map((a) => investigator(world)('POST', `/api/v1/alerts/${a.id}/submit`)));
    assert.deepEqual(raced.map((r) => r.statusCode).sort(), [200, 409]);
    const { rows } = await world.db.query<{ n: number }>(
      "SELECT count(*)::int AS n FROM alerts WHERE case_id = $1 AND state IN ('awaiting_approval', 'active')",
      [caseId],
    );
    assert.equal(rows[0]!.n, 1);

    // Once the live one has ended (here by expiry), the next may go.
    const waiting = raced[0]!.statusCode === 200 ? second : third;
    const next = waiting === second ? third : second;
    const active = JSON.parse((await approver('POST', `/api/v1/alerts/${waiting.id}/approve`, {})).body);
    world.clock.set(new Date(new Date(active.expiresAt).getTime() + 1000));
    await expireDueAlerts(world.deps);
    assert.equal((await investigator(world)('POST', `/api/v1/alerts/${next.id}/submit`)).statusCode, 200);
  });
});
