// Problem profiles through the API on both databases: facts kept current as cases change, reach by role and
// organisation, disclosure control for forces, no identity in any answer, CSV, trend, audit and OpenAPI.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines, type TestEngine } from '../../test/support/databases.ts';
import { asToken, FORCE_B_POINT, newChildCase, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import type { ProfileAnswer, TrendAnswer } from './schemas.ts';
import { sheetRows } from './test-support.ts';

type Request = ReturnType<typeof asToken>;

async function recordCase(as: Request, body: Record<string, unknown>): Promise<{ id: string; childId: string }> {
  const response = await as('POST', '/api/v1/cases', body);
  assert.equal(response.statusCode, 201, response.body);
  const view = JSON.parse(response.body) as { id: string; child: { id: string } };
  return { id: view.id, childId: view.child.id };
}

async function profile(as: Request, query: string): Promise<ProfileAnswer> {
  const response = await as('GET', `/api/v1/profiles/counts?${query}`);
  assert.equal(response.statusCode, 200, response.body);
  return JSON.parse(response.body) as ProfileAnswer;
}

const row = (answer: ProfileAnswer, value: string) => answer.rows.find((entry) => entry.value === value)!;
const PERIOD = 'from=2026-01&to=2026-11';

interface Scenario {
  world: TestWorld;
  repeatedChild: { id: string; childId: string };
}

/** Force A: one child three times within 90 days, six other children; force B: two children. */
async function recordScenario(world: TestWorld): Promise<Scenario> {
  const a = asToken(world, 'force-a/investigator');
  const b = asToken(world, 'force-b/investigator');
  const first = await recordCase(
    a,
    newChildCase(undefined, { lastSeen: { at: '2026-09-01T10:00:00Z', lon: -3.5, lat: 52.5, place: 'Park' } }),
  );
  await recordCase(a, {
    ...newChildCase(),
    child: undefined,
    confirmedNewChild: undefined,
    childId: first.childId,
    lastSeen: { at: '2026-10-01T10:00:00Z', lon: -3.5, lat: 52.5, place: 'Park' },
  });
  const third = await recordCase(a, { ...newChildCase(), child: undefined, confirmedNewChild: undefined, childId: first.childId });
  for (let i = 0; i < 6; i += 1) await recordCase(a, newChildCase());
  for (let i = 0; i < 2; i += 1) await recordCase(b, newChildCase(FORCE_B_POINT));
  return { world, repeatedChild: third };
}

async function nationalSeesExactFiguresOfEveryForce({ world }: Scenario): Promise<void> {
  const answer = await profile(asToken(world, 'national/analyst'), `dimension=force&${PERIOD}`);
  assert.equal(answer.disclosure, 'exact');
  assert.equal(answer.area, 'national');
  assert.deepEqual(row(answer, 'area-a').episodes, { count: 9, withheld: false });
  assert.deepEqual(row(answer, 'area-a').children, { count: 7, withheld: false });
  assert.deepEqual(row(answer, 'area-b').episodes, { count: 2, withheld: false });
  assert.equal(row(answer, 'area-a').label, 'Area A');
  assert.deepEqual(answer.total.episodes, { count: 11, withheld: false });
  assert.deepEqual(answer.total.children, { count: 9, withheld: false });
}

async function forceSeesItsAreaUnderControl({ world }: Scenario): Promise<void> {
  const as = asToken(world, 'force-b/analyst');
  const answer = await profile(as, `dimension=force&${PERIOD}`);
  assert.equal(answer.disclosure, 'controlled');
  assert.deepEqual(
    answer.rows.map((entry) => entry.value),
    ['area-b'],
  );
  // Two episodes: fewer than 5, so the figure and the total are withheld.
  assert.deepEqual(row(answer, 'area-b').episodes, { count: null, withheld: true });
  assert.deepEqual(answer.total.episodes, { count: null, withheld: true });
  assert.ok(answer.notes.some((note) => note.includes('nearest 5')));
  const other = await as('GET', `/api/v1/profiles/counts?dimension=sex&force=area-a&${PERIOD}`);
  assert.equal(other.statusCode, 400, other.body);
  const a = await profile(asToken(world, 'force-a/analyst'), `dimension=repeat&${PERIOD}`);
  // Force A: 1 repeat (withheld) and 8 others, so the 8 goes too; the total 9 shows rounded to 10.
  assert.deepEqual(row(a, 'yes').episodes, { count: null, withheld: true });
  assert.deepEqual(row(a, 'no').episodes, { count: null, withheld: true });
  assert.deepEqual(a.total.episodes, { count: 10, withheld: false });
}

async function onlyProfileReadersMayAsk({ world }: Scenario): Promise<void> {
  for (const who of [
    'force-a/investigator',
    'national/national_coordinator',
    'council-a/caseworker',
    'partner/partner_admin',
    'national/administrator',
  ]) {
    const response = await asToken(world, who)('GET', `/api/v1/profiles/counts?dimension=sex&${PERIOD}`);
    assert.equal(response.statusCode, 403, `${who}: ${response.body}`);
    assert.match(String(response.headers['content-type']), /application\/problem\+json/);
  }
  const anonymous = await world.app.inject({ method: 'GET', url: `/api/v1/profiles/counts?dimension=sex&${PERIOD}` });
  assert.equal(anonymous.statusCode, 401);
}

async function noIdentityInAnyAnswer({ world }: Scenario): Promise<void> {
  const as = asToken(world, 'national/analyst');
  for (const dimension of [
    'force',
    'age_band',
    'sex',
    'in_care',
    'risk',
    'hour',
    'weekday',
    'month',
    'duration',
    'outcome',
    'repeat',
    'exploitation',
    'cell',
    'local_authority',
    'return_interview',
  ]) {
    const body = (await as('GET', `/api/v1/profiles/counts?dimension=${dimension}&${PERIOD}`)).body;
    for (const secret of ['Amelia', 'Testcase', 'leisure centre', 'Red coat', 'FORCE-A-'])
      assert.ok(!body.includes(secret), `${dimension} shows ${secret}`);
  }
}

async function factsFollowTheCase({ world, repeatedChild }: Scenario): Promise<void> {
  const analyst = asToken(world, 'national/analyst');
  const officer = asToken(world, 'force-a/investigator');
  assert.deepEqual(row(await profile(analyst, `dimension=repeat&${PERIOD}`), 'yes').episodes.count, 1);
  assert.equal(row(await profile(analyst, `dimension=in_care&${PERIOD}`), 'yes').episodes.count, 0);
  const answered = await officer('POST', `/api/v1/cases/${repeatedChild.id}/risk-answers`, {
    answers: [
      { question: 'in_care', answer: 'yes', source: 'Parent' },
      { question: 'exploitation', answer: 'yes', source: 'Parent' },
    ],
  });
  assert.equal(answered.statusCode, 200, answered.body);
  assert.equal(row(await profile(analyst, `dimension=in_care&${PERIOD}`), 'yes').episodes.count, 1);
  assert.equal(row(await profile(analyst, `dimension=exploitation&repeat=yes&${PERIOD}`), 'yes').episodes.count, 1);
  world.clock.advance(3 * 3_600_000);
  const closed = await officer('POST', `/api/v1/cases/${repeatedChild.id}/close`, { outcome: 'found_safe' });
  assert.equal(closed.statusCode, 200, closed.body);
  const durations = await profile(analyst, `dimension=duration&${PERIOD}`);
  // Last seen 01:30, closed 06:00: under 6 hours.
  assert.equal(row(durations, 'under_6_hours').episodes.count, 1);
  assert.equal(row(await profile(analyst, `dimension=outcome&${PERIOD}`), 'found_safe').episodes.count, 1);
  // Exercises are never counted.
  await officer('POST', '/api/v1/cases', newChildCase(undefined, { exercise: true }));
  assert.equal((await profile(analyst, `dimension=sex&${PERIOD}`)).total.episodes.count, 11);
}

/** Runs after factsFollowTheCase, which closed the repeated child's third episode (found safe, 3 hours later). */
async function byLocalAuthorityAndReturnInterview({ world, repeatedChild }: Scenario): Promise<void> {
  const analyst = asToken(world, 'national/analyst');
  const authorities = await profile(analyst, `dimension=local_authority&${PERIOD}`);
  // Council A holds area A; no local authority covers area B.
  assert.deepEqual(
    authorities.rows.map((entry) => [entry.value, entry.label, entry.episodes.count, entry.children.count]),
    [
      ['council-a', 'Council A Children’s Services', 9, 7],
      ['none', null, 2, 2],
    ],
  );
  const interviews = async () =>
    Object.fromEntries(
      (await profile(analyst, `dimension=return_interview&${PERIOD}`)).rows.map((entry) => [entry.value, entry.episodes.count]),
    );
  assert.deepEqual(await interviews(), { done: 0, declined: 0, overdue: 0, in_time: 1, not_asked: 10 });
  // Past its 72 hours the same interview counts as overdue, with no write in between.
  world.clock.advance(73 * 3_600_000);
  assert.deepEqual(await interviews(), { done: 0, declined: 0, overdue: 1, in_time: 0, not_asked: 10 });
  const council = asToken(world, 'council-a/caseworker');
  const found = await council('GET', '/api/v1/return-interviews?state=overdue');
  assert.equal(found.statusCode, 200, found.body);
  const overdue = (JSON.parse(found.body) as { items: { id: string; caseId: string }[] }).items;
  const interviewId = overdue.find((item) => item.caseId === repeatedChild.id)!.id;
  const held = await council('PATCH', `/api/v1/return-interviews/${interviewId}`, {
    version: 1,
    status: 'completed',
    interviewer: 'Jo Fisher, return interviewer',
  });
  assert.equal(held.statusCode, 200, held.body);
  assert.deepEqual(await interviews(), { done: 1, declined: 0, overdue: 0, in_time: 0, not_asked: 10 });
  // Filtered by interview: the one held was a repeat episode.
  assert.equal(row(await profile(analyst, `dimension=repeat&returnInterview=done&${PERIOD}`), 'yes').episodes.count, 1);
  // A force analyst sees only the authorities of its own area.
  const forceB = await profile(asToken(world, 'force-b/analyst'), `dimension=local_authority&${PERIOD}`);
  assert.deepEqual(
    forceB.rows.map((entry) => entry.value),
    ['none'],
  );
}

async function trendComparesWithTheYearBefore({ world }: Scenario): Promise<void> {
  const response = await asToken(world, 'national/analyst')('GET', `/api/v1/profiles/trend?${PERIOD}`);
  assert.equal(response.statusCode, 200, response.body);
  const trend = JSON.parse(response.body) as TrendAnswer;
  assert.equal(trend.months.length, 11);
  const november = trend.months.find((month) => month.month === '2026-11')!;
  assert.equal(november.episodes.count, 9);
  assert.equal(november.yearBefore.episodes.count, 0);
  assert.equal(trend.months.find((month) => month.month === '2026-09')!.episodes.count, 1);
}

async function csvAndAudit({ world }: Scenario): Promise<void> {
  const response = await asToken(world, 'force-a/analyst')('GET', `/api/v1/profiles/counts.csv?dimension=age_band&${PERIOD}`);
  assert.equal(response.statusCode, 200, response.body);
  assert.match(String(response.headers['content-type']), /^text\/csv/);
  const lines = response.body.split('\r\n');
  assert.equal(lines[0], 'age_band,label,episodes,children');
  assert.ok(lines.includes('total,,10,5'), response.body);
  assert.ok(lines.some((line) => line.startsWith('[c],')));
  const { rows } = await world.db.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM audit_log WHERE action = 'profile.read' AND actor = 'analyst@force-a.test'",
  );
  assert.ok(rows[0]!.n >= 2);
  const openapi = JSON.parse((await world.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body) as {
    paths: Record<string, unknown>;
  };
  for (const path of ['/api/v1/profiles/counts', '/api/v1/profiles/trend', '/api/v1/profiles/counts.csv', '/api/v1/profiles/forces'])
    assert.ok(openapi.paths[path], path);
}

async function spreadsheetExports({ world }: Scenario): Promise<void> {
  const counts = await asToken(world, 'force-a/analyst')('GET', `/api/v1/profiles/counts.xlsx?dimension=age_band&${PERIOD}`);
  assert.equal(counts.statusCode, 200, counts.body);
  assert.equal(counts.headers['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(String(counts.headers['content-disposition']), /attachment; filename="profile-age_band-2026-01-2026-11\.xlsx"/);
  const rows = await sheetRows(counts.rawPayload);
  assert.deepEqual(rows[1], ['age_band', 'label', 'episodes', 'children']);
  // The same figures as the CSV, numbers as numbers and withheld ones as [c].
  assert.ok(
    rows.some((row) => row[0] === 'total' && row[2] === 10 && row[3] === 5),
    JSON.stringify(rows),
  );
  assert.ok(rows.some((row) => row.includes('[c]')));
  assert.ok(rows.some((row) => row[0] === 'note'));
  assert.ok(!JSON.stringify(rows).includes('analyst@'), 'nothing about who asked');

  const trend = await asToken(world, 'national/analyst')('GET', `/api/v1/profiles/trend.xlsx?${PERIOD}`);
  assert.equal(trend.statusCode, 200, trend.body);
  const months = await sheetRows(trend.rawPayload);
  const november = months.find((row) => row[0] === '2026-11');
  assert.ok(november, 'months stay text, not dates');
  assert.equal(november[1], 9);
  const openapi = JSON.parse((await world.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body) as {
    paths: Record<string, unknown>;
  };
  assert.ok(openapi.paths['/api/v1/profiles/counts.xlsx'] && openapi.paths['/api/v1/profiles/trend.xlsx']);
}

function profileSuite(engine: TestEngine): void {
  let scenario: Scenario;
  before(async () => {
    scenario = await recordScenario(await startTestWorld(engine));
  });
  after(() => scenario.world.close());
  it('gives the national centre exact figures for every force', () => nationalSeesExactFiguresOfEveryForce(scenario));
  it('gives a force its own area under disclosure control', () => forceSeesItsAreaUnderControl(scenario));
  it('answers only those allowed profile:read', () => onlyProfileReadersMayAsk(scenario));
  it('never shows a name, a reference or free text', () => noIdentityInAnyAnswer(scenario));
  it('keeps the facts current as the case changes', () => factsFollowTheCase(scenario));
  it('counts by local authority and by return home interview, overdue as read', () => byLocalAuthorityAndReturnInterview(scenario));
  it('compares each month with the same month a year before', () => trendComparesWithTheYearBefore(scenario));
  it('exports CSV and audits every profile', () => csvAndAudit(scenario));
  it('exports the same figures as a spreadsheet', () => spreadsheetExports(scenario));
  it('publishes national and force figures under disclosure control, in the visitor’s language', () =>
    publicPageInTheVisitorsLanguage(scenario));
}

describeOnEngines('problem profiles', profileSuite);

async function publicPageInTheVisitorsLanguage({ world }: Scenario): Promise<void> {
  const response = await world.app.inject({ method: 'GET', url: '/statistics', headers: { 'accept-language': 'cy' } });
  assert.equal(response.statusCode, 200, response.body);
  assert.match(response.body, /<html lang="cy"/);
  assert.ok(response.body.includes('Plant ar goll: ystadegau'));
  // September and October: two episodes of one child in area A, withheld, and the totals with them.
  assert.ok(response.body.includes('<td>[c]</td>'));
  assert.ok(!/<td>[1-4]<\/td>/.test(response.body), 'no figure from 1 to 4');
  assert.ok(!response.body.includes('Amelia'));
  assert.match(String(response.headers['cache-control']), /max-age=600/);
}
