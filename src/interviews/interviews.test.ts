// Return home interviews through the API on both databases: asked for when an episode closes, due 72 hours after
// the return and then overdue, written by the local authority asked, read by the police without the disclosures,
// and offered to the next episode's risk assessment.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_B_POINT, newChildCase, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import type { CaseInterviews, FullInterviewView, InterviewList, PoliceInterviewView } from './schemas.ts';

const HOUR_MS = 3_600_000;
const DISCLOSURE = 'She said a man called Dee gave her a phone';

async function closedCase(world: TestWorld, who = 'force-a/investigator', point = newChildCase().lastSeen, outcome = 'found_safe') {
  const as = asToken(world, who);
  const created = await as('POST', '/api/v1/cases', newChildCase({ lon: point.lon, lat: point.lat }));
  assert.equal(created.statusCode, 201, created.body);
  const view = JSON.parse(created.body) as { id: string; child: { id: string } };
  const closed = await as('POST', `/api/v1/cases/${view.id}/close`, { outcome });
  assert.equal(closed.statusCode, 200, closed.body);
  return { caseId: view.id, childId: view.child.id };
}

async function list(world: TestWorld, who: string, state = 'open'): Promise<InterviewList> {
  const response = await asToken(world, who)('GET', `/api/v1/return-interviews?state=${state}`);
  assert.equal(response.statusCode, 200, response.body);
  return JSON.parse(response.body) as InterviewList;
}

describeOnEngines('return home interviews', (engine) => {
  let world: TestWorld;
  const council = () => asToken(world, 'council-a/caseworker');
  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());

  it('asks the local authority of the area when an episode closes, due 72 hours after the return, then overdue', async () => {
    const closedAt = world.clock.now();
    const { caseId } = await closedCase(world);
    const open = await list(world, 'council-a/caseworker');
    const interview = open.items.find((item) => item.caseId === caseId) as FullInterviewView;
    assert.ok(interview, 'the council is asked');
    assert.equal(interview.view, 'full');
    assert.equal(interview.status, 'requested');
    assert.equal(interview.organisation?.code, 'council-a');
    assert.equal(interview.child.name, 'Amelia Testcase');
    assert.equal(Date.parse(interview.dueAt) - closedAt.getTime(), 72 * HOUR_MS);
    assert.equal(interview.overdue, false);
    assert.equal((await list(world, 'council-a/caseworker', 'overdue')).items.length, 0);
    // Neither the charity nor the other force hears of it.
    assert.equal((await list(world, 'charity/caseworker', 'all')).items.length, 0);
    assert.equal((await list(world, 'force-b/investigator', 'all')).items.length, 0);
    assert.equal((await asToken(world, 'force-b/investigator')('GET', `/api/v1/return-interviews/${interview.id}`)).statusCode, 404);
    assert.equal((await asToken(world, 'force-a/analyst')('GET', '/api/v1/return-interviews')).statusCode, 403);

    world.clock.advance(72 * HOUR_MS + 60_000);
    const overdue = await list(world, 'council-a/caseworker', 'overdue');
    assert.deepEqual(
      overdue.items.map((item) => item.caseId),
      [caseId],
    );
    assert.equal(overdue.overdue, 1);
    const police = await list(world, 'force-a/investigator', 'overdue');
    assert.equal(police.items[0]!.view, 'police');
    assert.equal(police.items[0]!.overdue, true);

    // Offered late: still overdue until held or declined; held, it leaves the overdue list.
    const offered = await council()('PATCH', `/api/v1/return-interviews/${interview.id}`, { version: 1, status: 'offered' });
    assert.equal(offered.statusCode, 200, offered.body);
    assert.equal((JSON.parse(offered.body) as FullInterviewView).overdue, true);
    const held = await council()('PATCH', `/api/v1/return-interviews/${interview.id}`, {
      version: 2,
      status: 'completed',
      interviewer: 'Jo Fisher, return interviewer',
    });
    assert.equal(held.statusCode, 200, held.body);
    assert.equal((await list(world, 'council-a/caseworker', 'overdue')).overdue, 0);
  });

  it('records the interview as the local authority writes it; the police see the coded subset, never the disclosures', async () => {
    const { caseId, childId } = await closedCase(world);
    const interview = (await list(world, 'council-a/caseworker')).items.find((item) => item.caseId === caseId)!;
    const url = `/api/v1/return-interviews/${interview.id}`;
    assert.equal((await council()('PATCH', url, { version: 1, status: 'accepted' })).statusCode, 200);
    const noInterviewer = await council()('PATCH', url, { version: 2, status: 'completed' });
    assert.equal(noInterviewer.statusCode, 400, noInterviewer.body);
    assert.match(noInterviewer.body, /interviewer-required/);
    const stale = await council()('PATCH', url, { version: 1, whereabouts: 'x' });
    assert.equal(stale.statusCode, 409);
    const future = await council()('PATCH', url, {
      version: 2,
      interviewedAt: new Date(world.clock.now().getTime() + HOUR_MS).toISOString(),
    });
    assert.equal(future.statusCode, 400);
    const done = await council()('PATCH', url, {
      version: 2,
      status: 'completed',
      interviewer: 'Jo Fisher, return interviewer',
      whereabouts: 'A flat in the town centre',
      withWhom: 'Older males',
      pushFactors: ['placement_breakdown'],
      pullFactors: ['older_associates', 'money_or_gifts'],
      exploitationSigns: ['criminal', 'county_lines'],
      disclosures: DISCLOSURE,
      actions: 'Strategy discussion requested',
      referrals: ['childrens_social_care', 'police'],
    });
    assert.equal(done.statusCode, 200, done.body);
    const full = JSON.parse(done.body) as FullInterviewView;
    assert.equal(full.disclosures, DISCLOSURE);
    assert.ok(full.answeredAt && full.interviewedAt);

    // The police may read, not write.
    assert.equal((await asToken(world, 'force-a/investigator')('PATCH', url, { version: 3, actions: 'x' })).statusCode, 403);
    const policeRead = await asToken(world, 'force-a/investigator')('GET', url);
    assert.equal(policeRead.statusCode, 200);
    const police = JSON.parse(policeRead.body) as PoliceInterviewView;
    assert.equal(police.view, 'police');
    assert.deepEqual(police.exploitationSigns, ['criminal', 'county_lines']);
    assert.equal(police.whereabouts, 'A flat in the town centre');
    assert.deepEqual(police.referrals, ['childrens_social_care', 'police']);
    assert.ok(!policeRead.body.includes(DISCLOSURE), 'no disclosures for the police');
    assert.ok(!policeRead.body.includes('Strategy discussion requested'), 'no free-text actions for the police');
    assert.ok(!('disclosures' in police));

    // The case page's summary, and the next episode offered what the interview found.
    const summary = await asToken(world, 'force-a/investigator')('GET', `/api/v1/cases/${caseId}/return-interviews`);
    assert.equal(summary.statusCode, 200, summary.body);
    assert.equal((JSON.parse(summary.body) as CaseInterviews).current?.status, 'completed');
    assert.ok(!summary.body.includes(DISCLOSURE));
    const again = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', {
      ...newChildCase(),
      child: undefined,
      confirmedNewChild: undefined,
      childId,
    });
    assert.equal(again.statusCode, 201, again.body);
    const next = JSON.parse(
      (
        await asToken(world, 'force-a/investigator')(
          'GET',
          `/api/v1/cases/${(JSON.parse(again.body) as { id: string }).id}/return-interviews`,
        )
      ).body,
    ) as CaseInterviews;
    assert.equal(next.current, null);
    assert.equal(next.previous?.id, interview.id);
    const exploitation = next.suggestedAnswers.find((answer) => answer.question === 'exploitation');
    assert.ok(exploitation, 'exploitation offered for confirmation');
    assert.match(exploitation.detail, /county lines/);
    assert.match(exploitation.source, /return home interview, Council A/);
    assert.ok(next.suggestedAnswers.some((answer) => answer.question === 'missing_before'));

    // Every reading and change is audited on the case, without the disclosures.
    const { rows } = await world.db.query<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_log WHERE subject_id = $1 AND action LIKE 'interview.%' ORDER BY seq`,
      [caseId],
    );
    const actions = rows.map((row) => row.action);
    assert.ok(actions.includes('interview.requested') && actions.includes('interview.updated') && actions.includes('interview.viewed'));
    assert.ok(rows.every((row) => !JSON.stringify(row.details).includes(DISCLOSURE)));
  });

  it('asks for no interview after an exercise or a death, and none of a local authority where no authority covers the area', async () => {
    await closedCase(world, 'force-a/investigator', newChildCase().lastSeen, 'found_dead');
    const { rows } = await world.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM return_interviews i JOIN cases c ON c.id = i.case_id WHERE c.outcome = 'found_dead'`,
    );
    assert.equal(rows[0]!.n, 0);
    const exercise = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', newChildCase(undefined, { exercise: true }));
    const exerciseId = (JSON.parse(exercise.body) as { id: string }).id;
    await asToken(world, 'force-a/investigator')('POST', `/api/v1/cases/${exerciseId}/close`, { outcome: 'found_safe' });
    assert.equal((await world.db.query(`SELECT 1 FROM return_interviews WHERE case_id = $1`, [exerciseId])).rows.length, 0);

    // Force B's area has no local authority in this world: the interview waits unassigned, visible to the force.
    const { caseId } = await closedCase(world, 'force-b/investigator', { ...newChildCase().lastSeen, ...FORCE_B_POINT });
    const forceB = await list(world, 'force-b/investigator');
    const unassigned = forceB.items.find((item) => item.caseId === caseId)!;
    assert.equal(unassigned.organisation, null);
    assert.ok(!(await list(world, 'council-a/caseworker', 'all')).items.some((item) => item.caseId === caseId));
  });

  it('publishes the interview routes in the OpenAPI document', async () => {
    const doc = JSON.parse((await world.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body) as {
      paths: Record<string, unknown>;
    };
    for (const path of ['/api/v1/return-interviews', '/api/v1/return-interviews/{interviewId}', '/api/v1/cases/{caseId}/return-interviews'])
      assert.ok(doc.paths[path], path);
  });
});
