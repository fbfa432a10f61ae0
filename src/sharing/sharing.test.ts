// Sharing with need-to-know through the API on both databases: a share's fields enforced by the server, its end
// date, agencies adding what they know (shown to the police with its source), forces sharing with forces, and the
// disclosure register with its CSV.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, newChildCase, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import type { SharedCaseList } from '../cases/schemas.ts';
import type { ContributionList, RegisterAnswer, SharedCaseAnswer } from './schemas.ts';

const HOUR_MS = 3_600_000;
const CIRCUMSTANCES = 'Did not come home after swimming.';

/** The register of the case's child after the scenario above: each disclosure, view, addition and change, and its CSV. */
async function registerListsEverything(world: TestWorld, caseId: string, childId: string): Promise<void> {
  const charity = () => asToken(world, 'charity/caseworker');
  const approver = () => asToken(world, 'force-a/approver');
  const as = approver();
  const answer = await as('GET', `/api/v1/disclosure-register?childId=${childId}`);
  assert.equal(answer.statusCode, 200, answer.body);
  const register = JSON.parse(answer.body) as RegisterAnswer;
  const has = (category: string, action: string, agency: string) =>
    register.items.some((e) => e.category === category && e.action === action && e.agency?.code === agency);
  assert.ok(has('disclosure', 'case.shared', 'charity'), 'the share with the charity');
  assert.ok(has('disclosure', 'case.shared', 'force-b'), 'the share with force B');
  assert.ok(has('disclosure', 'interview.requested', 'council-a'), 'the interview request');
  assert.ok(has('consultation', 'case.shared_viewed', 'charity'), 'the charity’s views');
  assert.ok(has('consultation', 'case.shared_viewed', 'force-b'), 'force B’s views');
  assert.ok(has('collection', 'share.contribution_added', 'charity'), 'what the charity added');
  assert.ok(has('collection', 'case.created', 'force-a') && has('alteration', 'case.closed', 'force-a'));
  assert.ok(has('alteration', 'interview.updated', 'council-a'));
  const share = register.items.find((e) => e.action === 'case.shared' && e.agency?.code === 'charity')!;
  assert.equal(share.purpose, 'other');
  assert.equal(share.reason, 'Support after the interview');
  assert.equal(share.caseId, caseId);
  assert.ok(register.items.every((e) => e.childId === childId));
  // Views by the owning force itself are in the case's audit trail, not the register, unless asked for.
  assert.ok(!register.items.some((e) => e.category === 'consultation' && !e.otherAgency));
  const own = JSON.parse((await as('GET', `/api/v1/disclosure-register?childId=${childId}&ownViews=true`)).body) as RegisterAnswer;
  assert.ok(own.items.some((e) => e.category === 'consultation' && e.agency?.code === 'force-a'));

  const charityOnly = JSON.parse((await as('GET', `/api/v1/disclosure-register?organisationCode=charity`)).body) as RegisterAnswer;
  assert.ok(charityOnly.items.length >= 4 && charityOnly.items.every((e) => e.agency?.code === 'charity'));
  const disclosures = JSON.parse((await as('GET', `/api/v1/disclosure-register?category=disclosure`)).body) as RegisterAnswer;
  assert.ok(disclosures.items.length >= 4 && disclosures.items.every((e) => e.category === 'disclosure'));

  const csv = await as('GET', `/api/v1/disclosure-register.csv?childId=${childId}`);
  assert.equal(csv.statusCode, 200);
  assert.equal(csv.headers['content-type'], 'text/csv; charset=utf-8');
  const lines = csv.body.trim().split('\r\n');
  assert.equal(lines[0], 'seq,at,category,action,case,child,agency,other agency,by,reason,purpose,fields');
  assert.equal(lines.length, register.items.length + 1);
  assert.ok(
    lines.some((line) => line.includes('case.shared') && line.includes('Runaway Helpline') && line.includes('Support after the interview')),
  );

  // Out of reach, nothing; without the permission, refused.
  const forceB = JSON.parse(
    (await asToken(world, 'force-b/approver')('GET', `/api/v1/disclosure-register?childId=${childId}`)).body,
  ) as RegisterAnswer;
  assert.deepEqual(forceB.items, []);
  assert.equal((await asToken(world, 'force-a/investigator')('GET', '/api/v1/disclosure-register')).statusCode, 403);
  assert.equal((await charity()('GET', '/api/v1/disclosure-register.csv')).statusCode, 403);
}

describeOnEngines('sharing with need-to-know', (engine) => {
  let world: TestWorld;
  let caseId: string;
  let childId: string;
  const approver = () => asToken(world, 'force-a/approver');
  const charity = () => asToken(world, 'charity/caseworker');
  const council = () => asToken(world, 'council-a/caseworker');

  before(async () => {
    world = await startTestWorld(engine);
    const created = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', newChildCase());
    ({
      id: caseId,
      child: { id: childId },
    } = JSON.parse(created.body) as { id: string; child: { id: string } });
  });
  after(() => world.close());

  it('shows the charity only the fields of its template, and never the whole case', async () => {
    const share = await approver()('POST', `/api/v1/cases/${caseId}/shares`, {
      organisationCode: 'charity',
      reason: 'Support after repeated episodes',
      purpose: 'charity_support',
    });
    assert.equal(share.statusCode, 200, share.body);
    const listed = (JSON.parse(share.body) as { shares: { organisationCode: string; fields: string[]; endsAt: string }[] }).shares[0]!;
    assert.deepEqual(listed.fields, ['identity', 'episodes', 'outcome']);
    assert.equal(Date.parse(listed.endsAt) - world.clock.now().getTime(), 90 * 24 * HOUR_MS);

    const mine = JSON.parse((await charity()('GET', '/api/v1/shared-cases')).body) as SharedCaseList;
    assert.deepEqual(
      mine.items.map((item) => [item.id, item.childName]),
      [[caseId, 'Amelia Testcase']],
    );
    const opened = await charity()('GET', `/api/v1/shared-cases/${caseId}`);
    assert.equal(opened.statusCode, 200, opened.body);
    const view = JSON.parse(opened.body) as SharedCaseAnswer;
    assert.equal(view.identity?.familyName, 'Testcase');
    assert.equal(view.episodes?.total, 1);
    for (const withheld of ['lastSeen', 'circumstances', 'risk', 'description', 'returnInterview'] as const)
      assert.ok(!(withheld in view), withheld);
    assert.ok(!opened.body.includes(CIRCUMSTANCES) && !opened.body.includes('Red coat') && !opened.body.includes('leisure centre'));
    // The whole case stays out of reach: no case route, and no other organisation's share.
    assert.equal((await charity()('GET', `/api/v1/cases/${caseId}`)).statusCode, 403);
    assert.equal((await council()('GET', `/api/v1/shared-cases/${caseId}`)).statusCode, 404);
  });

  it('refuses a share without fields, ending in the past or running over a year, or with the owner itself', async () => {
    const share = (body: Record<string, unknown>) =>
      approver()('POST', `/api/v1/cases/${caseId}/shares`, { organisationCode: 'council-a', reason: 'Strategy meeting', ...body });
    assert.match((await share({ purpose: 'other' })).body, /fields-required/);
    const past = await share({ purpose: 'return_interview', endsAt: new Date(world.clock.now().getTime() - 1000).toISOString() });
    assert.equal(past.statusCode, 400);
    const long = await share({
      purpose: 'return_interview',
      endsAt: new Date(world.clock.now().getTime() + 400 * 24 * HOUR_MS).toISOString(),
    });
    assert.equal(long.statusCode, 400);
    assert.equal((await share({ purpose: 'other', fields: ['bogus'] })).statusCode, 400);
    assert.equal((await share({ purpose: 'strategy_meeting', organisationCode: 'force-a' })).statusCode, 400);
    assert.equal((await council()('GET', '/api/v1/shared-cases')).body, JSON.stringify({ items: [] }));
  });

  it('ends a share at its end date: nothing to read or add after it', async () => {
    const ends = new Date(world.clock.now().getTime() + 2 * HOUR_MS).toISOString();
    const share = await approver()('POST', `/api/v1/cases/${caseId}/shares`, {
      organisationCode: 'council-a',
      reason: 'Where she was last seen, for the home visit',
      purpose: 'other',
      fields: ['lastSeen'],
      endsAt: ends,
    });
    assert.equal(share.statusCode, 200, share.body);
    const view = JSON.parse((await council()('GET', `/api/v1/shared-cases/${caseId}`)).body) as SharedCaseAnswer;
    assert.equal(view.lastSeen?.place, 'Outside the leisure centre');
    assert.ok(!('identity' in view));
    world.clock.advance(2 * HOUR_MS + 1000);
    assert.equal((await council()('GET', `/api/v1/shared-cases/${caseId}`)).statusCode, 404);
    assert.deepEqual((JSON.parse((await council()('GET', '/api/v1/shared-cases')).body) as SharedCaseList).items, []);
    const late = await council()('POST', `/api/v1/shared-cases/${caseId}/contributions`, { category: 'other', text: 'Too late' });
    assert.equal(late.statusCode, 404);
    // The police still see the share, marked ended.
    const shares = (
      JSON.parse((await approver()('GET', `/api/v1/cases/${caseId}`)).body) as { shares: { organisationCode: string; ended: boolean }[] }
    ).shares;
    assert.equal(shares.find((s) => s.organisationCode === 'council-a')?.ended, true);
  });

  it('shows the police what an agency added, with its source', async () => {
    const added = await charity()('POST', `/api/v1/shared-cases/${caseId}/contributions`, {
      category: 'whereabouts',
      text: 'She has called our helpline twice from Newtown',
    });
    assert.equal(added.statusCode, 201, added.body);
    const police = await asToken(world, 'force-a/investigator')('GET', `/api/v1/cases/${caseId}/contributions`);
    assert.equal(police.statusCode, 200, police.body);
    const item = (JSON.parse(police.body) as ContributionList).items[0]!;
    assert.equal(item.text, 'She has called our helpline twice from Newtown');
    assert.equal(item.organisation.name, 'Runaway Helpline');
    assert.equal(item.addedBy, 'caseworker@charity.test');
    assert.equal((await asToken(world, 'force-b/investigator')('GET', `/api/v1/cases/${caseId}/contributions`)).statusCode, 404);
    // The charity sees its own additions on the shared case.
    const view = JSON.parse((await charity()('GET', `/api/v1/shared-cases/${caseId}`)).body) as SharedCaseAnswer;
    assert.equal(view.contributions.length, 1);
  });

  it('lets a force share with another force, which then reads the shared fields only', async () => {
    const share = await approver()('POST', `/api/v1/cases/${caseId}/shares`, {
      organisationCode: 'force-b',
      reason: 'Child believed to be travelling into your area',
      purpose: 'other',
      fields: ['identity', 'description', 'lastSeen', 'circumstances'],
    });
    assert.equal(share.statusCode, 200, share.body);
    const forceB = asToken(world, 'force-b/investigator');
    const view = JSON.parse((await forceB('GET', `/api/v1/shared-cases/${caseId}`)).body) as SharedCaseAnswer;
    assert.equal(view.circumstances?.circumstances, CIRCUMSTANCES);
    assert.equal(view.description?.heightCm, 142);
    assert.ok(!('risk' in view));
    assert.equal((await forceB('GET', `/api/v1/cases/${caseId}`)).statusCode, 404, 'no whole case through the share');
  });

  it('shares the police view of the return interview when the share names it', async () => {
    await approver()('POST', `/api/v1/cases/${caseId}/close`, { outcome: 'found_safe' });
    const interview = (
      JSON.parse((await council()('GET', '/api/v1/return-interviews')).body) as { items: { id: string; caseId: string }[] }
    ).items.find((item) => item.caseId === caseId)!;
    await council()('PATCH', `/api/v1/return-interviews/${interview.id}`, {
      version: 1,
      status: 'completed',
      interviewer: 'Jo',
      disclosures: 'Private words',
      exploitationSigns: ['sexual'],
    });
    await approver()('POST', `/api/v1/cases/${caseId}/shares`, {
      organisationCode: 'charity',
      reason: 'Support after the interview',
      purpose: 'other',
      fields: ['returnInterview'],
    });
    const answer = await charity()('GET', `/api/v1/shared-cases/${caseId}`);
    const view = JSON.parse(answer.body) as SharedCaseAnswer;
    assert.deepEqual(view.returnInterview?.exploitationSigns, ['sexual']);
    assert.ok(!answer.body.includes('Private words'));
    assert.ok(!('identity' in view));
  });

  it('lists every disclosure and every view by another agency in the register, per child and per agency, and as CSV', () =>
    registerListsEverything(world, caseId, childId));

  it('publishes the sharing routes in the OpenAPI document', async () => {
    const doc = JSON.parse((await world.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body) as {
      paths: Record<string, unknown>;
    };
    for (const path of [
      '/api/v1/shared-cases',
      '/api/v1/shared-cases/{caseId}',
      '/api/v1/shared-cases/{caseId}/contributions',
      '/api/v1/cases/{caseId}/contributions',
      '/api/v1/disclosure-register',
      '/api/v1/disclosure-register.csv',
    ])
      assert.ok(doc.paths[path], path);
  });
});
