// Reviews of long-term appeals, on both databases: the list of appeals to review (reach, review due first,
// overdue marked, the reading audited), and the reminder left once when a review date comes, for the senior
// officers of the area and the national centre, again after a new review date passes.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_B_POINT, newChildCase, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { remindDueAppealReviews } from './reminders.ts';

interface AppealView {
  id: string;
  caseId: string;
  reviewDueOn: string;
  reviewOverdue: boolean;
  version: number;
}

interface Notice {
  kind: string;
  subjectType: string;
  subjectId: string;
  reference: string | null;
}

async function publishedAppeal(world: TestWorld, reviewDueOn: string, point?: { lon: number; lat: number }): Promise<AppealView> {
  const force = point ? 'force-b' : 'force-a';
  const created = await asToken(world, `${force}/investigator`)('POST', '/api/v1/cases', newChildCase(point));
  assert.equal(created.statusCode, 201, created.body);
  const { id: caseId } = JSON.parse(created.body) as { id: string };
  const published = await asToken(world, `${force}/approver`)('POST', '/api/v1/long-term-appeals', {
    caseId,
    consent: { basis: 'parent_or_guardian', givenBy: 'Father' },
    reviewDueOn,
    country: 'GB',
    contents: [{ language: 'en', headline: 'Missing since November', description: 'Still missing.' }],
  });
  assert.equal(published.statusCode, 201, published.body);
  return JSON.parse(published.body) as AppealView;
}

async function reviewList(world: TestWorld, who: string): Promise<AppealView[]> {
  const listed = await asToken(world, who)('GET', '/api/v1/long-term-appeals');
  assert.equal(listed.statusCode, 200, listed.body);
  return (JSON.parse(listed.body) as { items: AppealView[] }).items;
}

async function reviewNotices(world: TestWorld, who: string): Promise<Notice[]> {
  const answer = await asToken(world, who)('GET', '/api/v1/notifications');
  assert.equal(answer.statusCode, 200, answer.body);
  return (JSON.parse(answer.body) as { items: Notice[] }).items.filter((notice) => notice.kind === 'appeal_review_due');
}

describeOnEngines('long-term appeal reviews', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());

  it('lists the appeals within reach to review, the soonest review first, and audits the reading', async () => {
    const later = await publishedAppeal(world, '2027-03-01');
    const sooner = await publishedAppeal(world, '2027-01-10');
    const elsewhere = await publishedAppeal(world, '2026-12-20', FORCE_B_POINT);

    const national = (await reviewList(world, 'national/national_coordinator')).map((a) => a.id);
    assert.ok(national.indexOf(elsewhere.id) < national.indexOf(sooner.id) && national.indexOf(sooner.id) < national.indexOf(later.id));
    const forceA = (await reviewList(world, 'force-a/approver')).map((a) => a.id);
    assert.ok(forceA.includes(sooner.id) && forceA.includes(later.id));
    assert.ok(!forceA.includes(elsewhere.id), 'another force’s appeal is out of reach');

    for (const who of ['force-a/analyst', 'council-a/caseworker', 'partner/partner_admin', 'national/administrator']) {
      const refused = await asToken(world, who)('GET', '/api/v1/long-term-appeals');
      assert.equal(refused.statusCode, 403, `${who}: ${refused.body}`);
    }
    const bad = await asToken(world, 'national/national_coordinator')('GET', '/api/v1/long-term-appeals?caseId=not-a-uuid');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.headers['content-type'] as string, /application\/problem\+json/);

    const { rows } = await world.db.query<{ details: { ids: string[] } }>(
      `SELECT details FROM audit_log WHERE action = 'appeal.listed' AND subject_type = 'long_term_appeal' ORDER BY seq`,
    );
    assert.ok(
      rows.some((row) => row.details.ids.includes(sooner.id)),
      'the list is audited with what it showed',
    );
  });

  it('reminds the people responsible once when the review date comes, shows it overdue, and again after the next date', async () => {
    const appeal = await publishedAppeal(world, '2026-12-01');
    world.clock.set(new Date('2026-11-30T12:00:00Z'));
    await remindDueAppealReviews(world.deps);
    assert.equal((await reviewNotices(world, 'force-a/approver')).length, 0, 'not before the date');

    // The review date in the UK: midnight on the 1st in London.
    world.clock.set(new Date('2026-12-01T00:05:00Z'));
    assert.ok((await remindDueAppealReviews(world.deps)) >= 1);
    assert.equal(await remindDueAppealReviews(world.deps), 0, 'once');
    for (const who of ['force-a/approver', 'national/national_coordinator']) {
      const notices = (await reviewNotices(world, who)).filter((n) => n.subjectId === appeal.caseId);
      assert.equal(notices.length, 1, who);
      assert.equal(notices[0]!.subjectType, 'case');
      assert.match(notices[0]!.reference ?? '', /^FORCE-A-/);
    }
    for (const who of ['force-b/approver', 'force-a/investigator']) {
      assert.equal((await reviewNotices(world, who)).filter((n) => n.subjectId === appeal.caseId).length, 0, `${who} is not responsible`);
    }
    const listed = (await reviewList(world, 'force-a/approver')).find((a) => a.id === appeal.id)!;
    assert.equal(listed.reviewOverdue, true);
    assert.equal((await reviewList(world, 'force-a/approver'))[0]!.id, appeal.id, 'the overdue review comes first');

    // A review recorded: the next date, reminded when it comes, once.
    const reviewed = await asToken(world, 'force-a/approver')('PATCH', `/api/v1/long-term-appeals/${appeal.id}`, {
      version: listed.version,
      reviewDueOn: '2027-02-01',
    });
    assert.equal(reviewed.statusCode, 200, reviewed.body);
    assert.equal((JSON.parse(reviewed.body) as AppealView).reviewOverdue, false);
    assert.equal(await remindDueAppealReviews(world.deps), 0);
    world.clock.set(new Date('2027-02-01T09:00:00Z'));
    await remindDueAppealReviews(world.deps);
    assert.equal(await remindDueAppealReviews(world.deps), 0);
    const notices = (await reviewNotices(world, 'force-a/approver')).filter((n) => n.subjectId === appeal.caseId);
    assert.equal(notices.length, 2);
    const { rows } = await world.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'appeal.review_reminded' AND subject_id = $1`,
      [appeal.id],
    );
    assert.equal(rows[0]!.n, 2);
  });
});
