// Philomena profiles and return home interviews under the retention schedule, each with its own entry: a
// profile untouched for a year is deleted with its missing reports (not one at the boundary, one with a report
// waiting for the police, or one whose child is missing now); an interview's words about people are cleared six
// years after the child's return and its coded answers stay. Each batch's audit entry names no one, and a child
// with a profile and a report that made their case can still be erased whole.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { verifyAuditChain } from '../audit/audit-log.ts';
import { asToken, newChildCase, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { describeOnEngines } from '../../test/support/databases.ts';

const DAY_MS = 86_400_000;
const YEAR_DAYS = 365;
const ASSOCIATE = 'Older male known as Grimbold';
const ADDED = 'Goes to the arcade on Quillon Street after school';
const DISCLOSURE = 'Stayed at a flat above the Quillon Street bookmakers';

/** Closes the child's episode and records the return interview that followed, with a disclosure. */
async function closeWithInterview(db: TestWorld['db'], child: { caseId: string; childId: string }, returnedAt: Date) {
  await db.query(`UPDATE cases SET status = 'closed', outcome = 'found_safe', closed_at = $2 WHERE id = $1`, [child.caseId, returnedAt]);
  await db.query(
    `INSERT INTO return_interviews (case_id, child_id, returned_at, requested_at, due_at, disclosures, updated_at)
       VALUES ($1, $2, $3, $3, $3, $4, $3)`,
    [child.caseId, child.childId, returnedAt, DISCLOSURE],
  );
}

/** The disclosures of a subject access export's profiles: to whom, for what, which fields. */
function disclosures(data: Record<string, unknown[]>) {
  const shares = data.philomenaShares as { organisation: string; purpose: string; fields: string[] }[];
  return shares.map(({ organisation, purpose, fields }) => ({ organisation, purpose, fields }));
}

/** A photo (its file stored), a share with the charity and what the charity added, hung on a profile; answers the photo's file. */
async function photoAndShare(world: TestWorld, profileId: string): Promise<string> {
  const key = await world.deps.media.put(Buffer.from([0xff, 0xd8, 0xff, 0xd9]), 'image/jpeg');
  await world.db.query(
    `INSERT INTO philomena_photos (profile_id, width, height, variants, uploaded_by, created_at)
       SELECT $1, 1, 1, jsonb_build_object('full', $2::text), u.id, now() FROM users u WHERE u.email = 'caseworker@council-a.test'`,
    [profileId, key],
  );
  await world.db.query(
    `INSERT INTO philomena_shares (profile_id, organisation_id, reason, purpose, fields, ends_at, shared_by, shared_at)
       SELECT $1, o.id, 'Strategy meeting', 'strategy_meeting', ARRAY['description'], now() + interval '30 days', u.id, now()
         FROM organisations o, users u WHERE o.code = 'charity' AND u.email = 'caseworker@council-a.test'`,
    [profileId],
  );
  await world.db.query(
    `INSERT INTO share_contributions (profile_id, organisation_id, category, body, added_by, added_at)
       SELECT $1, o.id, 'whereabouts', $2, u.id, now() FROM organisations o, users u WHERE o.code = 'charity' AND u.email = 'caseworker@charity.test'`,
    [profileId, ADDED],
  );
  return key;
}
/** What remains hung on a profile: photos, shares and additions. */
const photosAndSharesOf = async (world: TestWorld, profileId: string) =>
  (await world.db.query('SELECT 1 FROM philomena_photos WHERE profile_id = $1', [profileId])).rowCount +
  (await world.db.query('SELECT 1 FROM share_contributions WHERE profile_id = $1', [profileId])).rowCount +
  (await world.db.query('SELECT 1 FROM philomena_shares WHERE profile_id = $1', [profileId])).rowCount;

describeOnEngines('retention of Philomena profiles and return interviews', (engine) => {
  let world: TestWorld;
  let now: Date;
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const older = (date: Date) => new Date(date.getTime() - 1);
  const admin = () => asToken(world, 'national/administrator');

  before(async () => {
    world = await startTestWorld(engine);
    now = world.clock.now();
  });
  after(() => world.close());

  /** A child's case through the API; closed at `closedAt` when given. */
  async function childCase(closedAt?: Date): Promise<{ caseId: string; childId: string; reference: string }> {
    const created = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', newChildCase());
    assert.equal(created.statusCode, 201, created.body);
    const { id, reference } = JSON.parse(created.body) as { id: string; reference: string };
    if (closedAt) {
      await world.db.query(`UPDATE cases SET status = 'closed', outcome = 'found_safe', closed_at = $2 WHERE id = $1`, [id, closedAt]);
    }
    const { rows } = await world.db.query<{ child_id: string }>('SELECT child_id::text AS child_id FROM cases WHERE id = $1', [id]);
    return { caseId: id, childId: rows[0]!.child_id, reference };
  }

  /** A profile last written at `at`, for a child of the register when given. */
  async function profile(at: Date, childId: string | null = null): Promise<string> {
    const id = randomUUID();
    await world.db.query(
      `INSERT INTO philomena_profiles (id, owning_organisation_id, jurisdiction_id, child_id, given_names, family_name, date_of_birth, sex,
                                       associates, next_review_on, created_by, created_at, updated_at)
         SELECT $1, o.id, (SELECT id FROM jurisdictions ORDER BY id LIMIT 1), $2, 'Kayla', 'Retentiontest', '2012-03-04', 'female',
                ARRAY[$3], '2030-01-01', u.id, $4, $4
           FROM organisations o, users u WHERE o.code = 'council-a' AND u.email = 'caseworker@council-a.test'`,
      [id, childId, ASSOCIATE, at],
    );
    return id;
  }

  async function missingReport(profileId: string, at: Date, caseId: string | null): Promise<void> {
    await world.db.query(
      `INSERT INTO philomena_missing_reports (profile_id, last_seen_at, last_seen_place, last_seen_lon, last_seen_lat, reported_by, reported_at,
                                              case_id, picked_up_at)
         SELECT $1, $2, 'The back gate', -1.25, 51.75, id, $2, $3, CASE WHEN $3::uuid IS NULL THEN NULL ELSE $2::timestamptz END
           FROM users WHERE email = 'caseworker@council-a.test'`,
      [profileId, at, caseId],
    );
  }

  async function interview(returnedAt: Date): Promise<string> {
    const { caseId, childId } = await childCase(returnedAt);
    const { rows } = await world.db.query<{ id: string }>(
      `INSERT INTO return_interviews (case_id, child_id, returned_at, requested_at, due_at, status, interviewer, interviewed_at,
                                      whereabouts, with_whom, push_factors, exploitation_signs, disclosures, actions, referrals, updated_at)
         VALUES ($1, $2, $3, $3, $3, 'completed', 'Ms Interviewer', $3, $4, 'Two older boys', ARRAY['placement_breakdown'],
                 ARRAY['county_lines'], $4, 'Referred to the exploitation team', ARRAY['childrens_social_care'], $3)
       RETURNING id::text AS id`,
      [caseId, childId, returnedAt, DISCLOSURE],
    );
    return rows[0]!.id;
  }

  /** A photo file and a share hung on a profile, as the profile's writer would add them; returns the photo's file key. */
  const profileExists = async (id: string) => (await world.db.query('SELECT 1 FROM philomena_profiles WHERE id = $1', [id])).rowCount > 0;

  it('deletes profiles no longer in use and clears the words of old interviews, each as its own entry of the schedule', async () => {
    const atBoundary = await profile(daysAgo(YEAR_DAYS));
    const unused = await profile(older(daysAgo(YEAR_DAYS)));
    // Its report made a case long ago: picked up, nothing waits.
    await missingReport(unused, daysAgo(3 * YEAR_DAYS), (await childCase(daysAgo(3 * YEAR_DAYS))).caseId);
    const unusedPhoto = await photoAndShare(world, unused);
    const waiting = await profile(daysAgo(2 * YEAR_DAYS));
    await missingReport(waiting, daysAgo(2 * YEAR_DAYS), null);
    const missingChild = await childCase();
    const ofMissingChild = await profile(daysAgo(2 * YEAR_DAYS), missingChild.childId);
    const reviewedLately = await profile(daysAgo(2 * YEAR_DAYS));
    await world.db.query('UPDATE philomena_profiles SET last_reviewed_at = $2 WHERE id = $1', [reviewedLately, daysAgo(30)]);

    const interviewAt = await interview(daysAgo(6 * YEAR_DAYS));
    const interviewPast = await interview(older(daysAgo(6 * YEAR_DAYS)));

    const schedule = JSON.parse((await admin()('GET', '/api/v1/retention/schedule')).body) as { items: { kind: string; due: number }[] };
    const due = Object.fromEntries(schedule.items.map((item) => [item.kind, item.due]));
    assert.equal(due.philomena_profiles, 1);
    assert.equal(due.return_interviews, 1);

    const run = await admin()('POST', '/api/v1/retention/run');
    assert.equal(run.statusCode, 200, run.body);
    const done = Object.fromEntries(
      (JSON.parse(run.body) as { items: { kind: string; done: number }[] }).items.map((i) => [i.kind, i.done]),
    );
    assert.equal(done.philomena_profiles, 1);
    assert.equal(done.return_interviews, 1);

    assert.equal(await profileExists(unused), false);
    assert.equal((await world.db.query('SELECT 1 FROM philomena_missing_reports WHERE profile_id = $1', [unused])).rowCount, 0);
    // Its photos (with their files) and its shares go with it.
    assert.equal(await photosAndSharesOf(world, unused), 0);
    assert.equal(await world.deps.media.get(unusedPhoto), undefined);
    for (const [id, why] of [
      [atBoundary, 'exactly at the end of its period'],
      [waiting, 'a report waits for the police'],
      [ofMissingChild, 'the child is missing now'],
      [reviewedLately, 'reviewed a month ago'],
    ] as const)
      assert.equal(await profileExists(id), true, why);

    const { rows } = await world.db.query<Record<string, unknown>>(
      `SELECT id::text AS id, interviewer, whereabouts, with_whom, disclosures, actions, push_factors, exploitation_signs, referrals, status
         FROM return_interviews WHERE id = ANY($1::uuid[])`,
      [[interviewAt, interviewPast]],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    assert.equal(byId.get(interviewAt)!.disclosures, DISCLOSURE, 'exactly at the end of its period');
    assert.deepEqual(byId.get(interviewPast), {
      id: interviewPast,
      interviewer: '',
      whereabouts: '',
      with_whom: '',
      disclosures: '',
      actions: '',
      push_factors: ['placement_breakdown'],
      exploitation_signs: ['county_lines'],
      referrals: ['childrens_social_care'],
      status: 'completed',
    });

    // Audited with the kind, the action, the count and the cutoff: nothing about anyone.
    const { rows: applied } = await world.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'retention.applied' AND subject_id IN ('philomena_profiles', 'return_interviews')`,
    );
    assert.equal(applied.length, 2);
    assert.ok(applied.every((row) => Object.keys(row.details).sort().join() === 'action,cutoff,kind,records'));
    assert.ok(!JSON.stringify(applied).includes('Kayla') && !JSON.stringify(applied).includes('Quillon'));
    assert.equal((await verifyAuditChain(world.db)).ok, true);

    const again = JSON.parse((await admin()('POST', '/api/v1/retention/run')).body) as { items: { kind: string; done: number }[] };
    assert.ok(again.items.every((item) => item.done === 0));
  });

  it('exports and erases a child with a profile, a report that made their case, and a return interview', async () => {
    const child = await childCase();
    const profileId = await profile(daysAgo(10), child.childId);
    await missingReport(profileId, daysAgo(5), child.caseId);
    const photo = await photoAndShare(world, profileId);
    await closeWithInterview(world.db, child, daysAgo(1));
    const coordinator = asToken(world, 'national/national_coordinator');
    const person = { kind: 'child', caseReference: child.reference };
    const exported = await coordinator('POST', '/api/v1/subject-access/export', person);
    assert.equal(exported.statusCode, 200, exported.body);
    const { data, summary } = JSON.parse(exported.body) as { data: Record<string, unknown[]>; summary: string };
    assert.equal(data.philomenaProfiles!.length, 1);
    // The profile's photo (described) and its disclosure to the charity, with the purpose and fields shared.
    assert.equal(data.philomenaPhotos!.length, 1);
    assert.deepEqual(disclosures(data), [{ organisation: 'Runaway Helpline', purpose: 'strategy_meeting', fields: ['description'] }]);
    assert.match(summary, /== Profiles shared with other agencies \(1\) ==/);
    assert.deepEqual(
      (data.agencyAdditions as { organisation: string; body: string }[]).map((row) => [row.organisation, row.body]),
      [['Runaway Helpline', ADDED]],
    );
    assert.equal(data.returnInterviews!.length, 1);
    assert.ok(JSON.stringify(data).includes(ASSOCIATE) && JSON.stringify(data).includes(DISCLOSURE));
    assert.match(summary, /== Return home interviews \(1\) ==/);

    const erased = await coordinator('POST', '/api/v1/subject-access/erase', {
      person,
      ground: 'no_longer_needed',
      requestReference: 'DPO-2026-0099',
    });
    assert.equal(erased.statusCode, 200, erased.body);
    const { counts } = JSON.parse(erased.body) as { counts: Record<string, number> };
    assert.equal(counts.philomenaProfiles, 1);
    assert.equal(counts.philomenaMissingReports, 1);
    assert.equal(await profileExists(profileId), false);
    assert.equal(await photosAndSharesOf(world, profileId), 0);
    assert.equal(await world.deps.media.get(photo), undefined);
    assert.equal((await world.db.query('SELECT 1 FROM return_interviews WHERE child_id = $1', [child.childId])).rowCount, 0);
    assert.equal((await verifyAuditChain(world.db)).ok, true);
  });
});
