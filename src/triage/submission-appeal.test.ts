// A sighting's detail names the appeal it was sent about, on both databases: the child's name for the force
// that owns the case; for a sensitive case only with a stated reason (recorded in the audit log); and never
// for a force that reaches the sighting only because it was seen in its area, which gets the appeal's state
// and its public page. The expectations are written out by hand.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_A_POINT, FORCE_B_POINT, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { triageNewSubmission } from './intake.ts';
import type { SubmissionDetailView } from './schemas.ts';

async function submit(world: TestWorld, alertId: string | null, point: { lon: number; lat: number }): Promise<string> {
  const now = world.clock.now();
  return world.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO public_submissions (reference, kind, idempotency_key, alert_id, category, seen_at, lon, lat, description, queue, received_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'Seen by the petrol station', 'national', $6, $6) RETURNING id`,
      [
        `A-${randomUUID().slice(0, 8).toUpperCase()}`,
        alertId ? 'sighting' : 'report',
        randomUUID(),
        alertId,
        alertId ? null : 'other',
        now,
        point.lon,
        point.lat,
      ],
    );
    await triageNewSubmission(tx, rows[0]!.id, now);
    return rows[0]!.id;
  });
}

describeOnEngines("A sighting's detail names its appeal as the reader may know it", (engine) => {
  let world: TestWorld;
  let alertId: string;
  let slug: string;
  let caseId: string;
  let seenInA: string;
  let seenInB: string;

  before(async () => {
    world = await startTestWorld(engine);
    ({ alertId, slug } = await approvedAlert(world));
    caseId = (await world.db.query<{ case_id: string }>('SELECT case_id FROM alerts WHERE id = $1', [alertId])).rows[0]!.case_id;
    seenInA = await submit(world, alertId, FORCE_A_POINT);
    seenInB = await submit(world, alertId, FORCE_B_POINT);
  });
  after(() => world.close());

  const setSensitive = (sensitive: boolean) => world.db.query('UPDATE cases SET sensitive = $2 WHERE id = $1', [caseId, sensitive]);
  const read = async (who: string, id: string, headers: Record<string, string> = {}) => {
    const response = await asToken(world, who)('GET', `/api/v1/submissions/${id}`, undefined, headers);
    assert.equal(response.statusCode, 200, response.body);
    return { body: response.body, view: JSON.parse(response.body) as SubmissionDetailView };
  };
  const lastRead = async (id: string, actor: string) =>
    (
      await world.db.query<{ reason: string | null; details: { appeal?: { alertId: string; caseId: string | null; identity: string } } }>(
        `SELECT reason, details FROM audit_log LEFT JOIN audit_personal ON audit_personal.id = audit_log.personal_id WHERE action = 'submission.read' AND subject_id = $1 AND actor = $2 ORDER BY seq DESC LIMIT 1`,
        [id, actor],
      )
    ).rows[0]!;

  it('names the child and the live appeal to the force that owns the case, and audits what it showed', async () => {
    const { view } = await read('force-a/investigator', seenInA);
    assert.equal(view.appeal?.alertId, alertId);
    assert.equal(view.appeal.state, 'live');
    assert.equal(view.appeal.childName, 'Amelia Testcase');
    assert.equal(view.appeal.title, 'Child Rescue Alert: Amelia Testcase, 13, taken in Aberaeron');
    assert.match(view.appeal.caseReference ?? '', /\S/);
    assert.equal(view.appeal.caseReach, true);
    assert.equal(view.appeal.identityWithheld, false);
    assert.ok(view.appeal.publicUrl?.endsWith(`/appeals/${slug}`));
    const audit = await lastRead(seenInA, 'investigator@force-a.test');
    assert.deepEqual(audit.details.appeal, { alertId, caseId, identity: 'shown' });
  });

  it('withholds the child of a sensitive case unless a reason is given, and records the reason', async () => {
    await setSensitive(true);
    try {
      const withheld = await read('force-a/investigator', seenInA);
      assert.equal(withheld.view.appeal?.identityWithheld, true);
      assert.equal(withheld.view.appeal.childName, null);
      assert.equal(withheld.view.appeal.title, null);
      assert.equal(withheld.view.appeal.caseReach, true);
      assert.ok(!withheld.body.includes('Amelia'), 'no name without a reason');
      assert.equal((await lastRead(seenInA, 'investigator@force-a.test')).details.appeal?.identity, 'withheld');

      const reasoned = await read('force-a/investigator', seenInA, { 'x-access-reason': 'Checking the sighting against the case' });
      assert.equal(reasoned.view.appeal?.childName, 'Amelia Testcase');
      assert.equal(reasoned.view.appeal.identityWithheld, false);
      const audit = await lastRead(seenInA, 'investigator@force-a.test');
      assert.equal(audit.reason, 'Checking the sighting against the case');
      assert.equal(audit.details.appeal?.identity, 'shown');
    } finally {
      await setSensitive(false);
    }
  });

  it('gives a force that reaches the sighting only because it was seen in its area no identity, even with a reason', async () => {
    const { body, view } = await read('force-b/investigator', seenInB, { 'x-access-reason': 'Sending a patrol to the place' });
    assert.equal(view.reach, 'seen_in_area');
    assert.equal(view.appeal?.alertId, alertId);
    assert.equal(view.appeal.state, 'live');
    assert.equal(view.appeal.caseReach, false);
    assert.equal(view.appeal.identityWithheld, true);
    assert.equal(view.appeal.childName, null);
    assert.equal(view.appeal.title, null);
    assert.equal(view.appeal.caseReference, null);
    assert.ok(view.appeal.publicUrl?.endsWith(`/appeals/${slug}`), 'the public page, which anyone may open');
    assert.ok(!body.includes('Amelia') && !body.includes('Testcase'), 'nothing of who the child is');
    assert.deepEqual((await lastRead(seenInB, 'investigator@force-b.test')).details.appeal, {
      alertId,
      caseId: null,
      identity: 'withheld',
    });
  });

  it('says when the appeal has ended, and no longer points at its public page', async () => {
    await world.db.query(`UPDATE alerts SET state = 'withdrawn', withdrawn_at = now(), withdrawal_reason = 'found_safe' WHERE id = $1`, [
      alertId,
    ]);
    const owner = await read('force-a/investigator', seenInA);
    assert.equal(owner.view.appeal?.state, 'ended');
    assert.equal(owner.view.appeal.publicUrl, null);
    assert.equal(owner.view.appeal.childName, 'Amelia Testcase');
    const area = await read('force-b/investigator', seenInB);
    assert.equal(area.view.appeal?.state, 'ended');
    assert.equal(area.view.appeal.publicUrl, null);
  });

  it('has no appeal for a report', async () => {
    const report = await submit(world, null, FORCE_A_POINT);
    assert.equal((await read('force-a/investigator', report)).view.appeal, null);
  });
});
