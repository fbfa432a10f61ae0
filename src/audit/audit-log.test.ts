// The audit chain: intact after real use; broken at the right entry after a row is altered or removed
// directly in the database (as a superuser could, bypassing the append-only trigger).
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, newChildCase, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { appendAudit, verifyAuditChain } from './audit-log.ts';

describeOnEngines('audit log', (engine) => {
  let world: TestWorld;
  let caseId: string;
  before(async () => {
    world = await startTestWorld(engine);
    const investigator = asToken(world, 'force-a/investigator');
    caseId = JSON.parse((await investigator('POST', '/api/v1/cases', newChildCase())).body).id;
    await investigator('GET', `/api/v1/cases/${caseId}`);
    await investigator('PATCH', `/api/v1/cases/${caseId}`, { version: 1, vehicle: 'Silver estate car' });
    await asToken(world, 'national/national_coordinator')('GET', `/api/v1/cases/${caseId}`);
  });
  after(() => world.close());

  it('records who viewed and changed a case, with the fields changed but not their values', async () => {
    const response = await asToken(world, 'force-a/approver')('GET', `/api/v1/cases/${caseId}/audit`);
    assert.equal(response.statusCode, 200);
    const items = JSON.parse(response.body).items as { actor: string; action: string; details: Record<string, unknown> }[];
    const actions = items.map((item) => `${item.actor} ${item.action}`);
    assert.ok(actions.includes('investigator@force-a.test case.created'));
    assert.ok(actions.includes('investigator@force-a.test case.viewed'));
    assert.ok(actions.includes('national_coordinator@national.test case.viewed'));
    const update = items.find((item) => item.action === 'case.updated')!;
    assert.deepEqual(update.details.changed, ['vehicle']);
    assert.ok(!JSON.stringify(items).includes('Silver estate car'), 'the audit log names fields, not personal data');
  });

  it('verifies an intact chain', async () => {
    const verdict = await verifyAuditChain(world.db);
    assert.deepEqual(verdict.ok, true, JSON.stringify(verdict));
    assert.ok(verdict.entries > 15, `${verdict.entries} entries`);
  });

  it('refuses UPDATE and DELETE through the ordinary path', async () => {
    await assert.rejects(world.db.query(`UPDATE audit_log SET actor = 'someone else' WHERE seq = 3`), /append-only/);
    await assert.rejects(world.db.query('DELETE FROM audit_log WHERE seq = 3'), /append-only/);
  });

  it('finds the first altered entry after a superuser edits one directly', async () => {
    const { rows } = await world.db.query<{ seq: number }>(`SELECT seq FROM audit_log WHERE action = 'case.viewed' ORDER BY seq LIMIT 1`);
    const target = rows[0]!.seq;
    await world.db.transaction(async (tx) => {
      // A superuser can switch triggers off; the hash chain is what still catches the edit.
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(`UPDATE audit_log SET actor = 'nobody@force-a.test' WHERE seq = $1`, [target]);
    });
    const verdict = await verifyAuditChain(world.db);
    assert.equal(verdict.ok, false);
    assert.equal(verdict.brokenAt, target);
    assert.match(verdict.problem, /altered/);
    // Put it back, and the chain is whole again.
    await world.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query(`UPDATE audit_log SET actor = 'investigator@force-a.test' WHERE seq = $1`, [target]);
    });
    assert.equal((await verifyAuditChain(world.db)).ok, true);
  });

  it('keeps reasons and addresses outside the chain: an altered one is caught, an erased one leaves the chain whole', async () => {
    const { rows } = await world.db.query<{ id: string }>(
      `SELECT p.id FROM audit_personal p JOIN audit_log a ON a.personal_id = p.id ORDER BY a.seq LIMIT 1`,
    );
    const personalId = rows[0]!.id;
    await world.db.query(`UPDATE audit_personal SET ip = '203.0.113.66' WHERE id = $1`, [personalId]);
    const altered = await verifyAuditChain(world.db);
    if (altered.ok) assert.fail('an altered address went unnoticed');
    assert.match(altered.problem, /reason or address of entry \d+ was altered/);
    await world.db.query('DELETE FROM audit_personal WHERE id = $1', [personalId]);
    const erased = await verifyAuditChain(world.db);
    assert.deepEqual(erased.ok && erased.erasedDetails, 1);
  });

  it('finds a removed entry', async () => {
    const { rows } = await world.db.query<{ seq: number }>('SELECT max(seq)::int AS seq FROM audit_log');
    const target = rows[0]!.seq - 2;
    await world.db.transaction(async (tx) => {
      await tx.query(`SET LOCAL session_replication_role = replica`);
      await tx.query('DELETE FROM audit_log WHERE seq = $1', [target]);
    });
    const verdict = await verifyAuditChain(world.db);
    assert.equal(verdict.ok, false);
    assert.equal(verdict.brokenAt, target);
  });

  it('keeps the chain whole when many entries are written at once', async () => {
    const fresh = await engine.open();
    try {
      await Promise.all(
        Array.from({ length: 40 }, (_, i) =>
          fresh.transaction((tx) =>
            appendAudit(tx, { actorId: null, actor: 'test', action: 'test.parallel', subjectType: 'test', details: { i } }, new Date()),
          ),
        ),
      );
      const verdict = await verifyAuditChain(fresh);
      assert.deepEqual(verdict.ok && verdict.entries, 40);
    } finally {
      await fresh.close();
    }
  });
});
