// Philomena profiles and repeat missing over HTTP, on both databases: writing, reading, changing and reviewing a
// profile; who reaches which profile (role, organisation kind and area); the overdue-review reminder; "report
// missing now" pre-filling the case; a carer's report picked up by the police. Repeat episodes: src/cases/repeats.test.ts.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_A_POINT, PASSWORD, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { addUser } from '../auth/account-lifecycle.ts';
import { findUserByEmail } from '../auth/accounts.ts';
import { createApiToken } from '../auth/api-tokens.ts';
import { insertOrganisation } from '../orgs/store.ts';
import type { ProfileList, ProfileView, SharedProfileList, SharedProfileView } from './schemas.ts';
import type { ContributionList, RegisterAnswer } from '../sharing/schemas.ts';
import type { CaseView } from '../cases/schemas.ts';
import sharp from 'sharp';
import { jpegWithGps, multipartPhoto } from '../../test/support/images.ts';

const DAY = 86_400_000;

/** A care provider (a children's home) working in area A, with one caseworker: `care/caseworker`. */
async function addCareProvider(world: TestWorld): Promise<void> {
  const { rows } = await world.db.query<{ id: string }>(`SELECT id FROM jurisdictions WHERE code = 'area-a'`);
  await insertOrganisation(world.db, {
    code: 'care',
    name: 'Hillside Children’s Home',
    kind: 'care_provider',
    jurisdictionIds: [rows[0]!.id],
  });
  await addUser(
    world.deps,
    { email: 'caseworker@care.test', name: 'Carer', role: 'caseworker', organisationCode: 'care', password: PASSWORD },
    { actorId: null, actor: 'test' },
  );
  const user = (await findUserByEmail(world.db, 'caseworker@care.test'))!;
  world.tokens['care/caseworker'] = (await createApiToken(world.db, user.id, 'test', world.clock.now())).token;
}

function newProfile(overrides: Record<string, unknown> = {}) {
  return {
    givenNames: 'Jade',
    familyName: 'Profiled',
    dateOfBirth: '2011-06-14',
    sex: 'female',
    heightCm: 158,
    hairColour: 'dyed red',
    description: 'Slim, wears a grey hoodie, nose piercing.',
    associates: ['Tyler (older boyfriend, drives a black Golf)'],
    places: ['Retail park car park', 'Railway station'],
    phonesAndAccounts: ['07700 900123', 'Snapchat: jadeyxx'],
    medicalNeeds: 'Asthma',
    medication: 'Salbutamol inhaler',
    placement: 'Hillside Children’s Home since March',
    carerContacts: ['Hillside duty phone 01632 960000'],
    riskAnswers: [{ question: 'exploitation', answer: 'yes', detail: 'Known to the exploitation panel' }],
    photosReviewBy: '2027-02-01',
    nextReviewOn: '2026-12-20',
    areaCode: 'area-a',
    ...overrides,
  };
}

// A care provider's profile in area A: read by force A, the national centre and the local authority of area A;
// changed only by the care provider. 404 for those whose reach leaves it out, 403 for roles or kinds never allowed.
const READ_PROFILE: Record<string, number> = {
  'care/caseworker': 200,
  'council-a/caseworker': 200,
  'force-a/investigator': 200,
  'force-a/approver': 200,
  'national/national_coordinator': 200,
  'force-b/investigator': 404,
  'force-b/approver': 404,
  'charity/caseworker': 403,
  'force-a/analyst': 403,
  'force-a/administrator': 403,
  'national/analyst': 403,
  'partner/partner_admin': 403,
};
const WRITE_PROFILE: Record<string, number> = {
  'care/caseworker': 200,
  'council-a/caseworker': 403,
  'force-a/investigator': 403,
  'national/national_coordinator': 403,
  'charity/caseworker': 403,
  'force-b/investigator': 403,
  'partner/partner_admin': 403,
};

// Photos of that profile: added and removed by its writer only; seen by those who read the profile.
const UPLOAD_PHOTO: Record<string, number> = {
  'care/caseworker': 201,
  'council-a/caseworker': 403,
  'force-a/investigator': 403,
  'national/national_coordinator': 403,
  'charity/caseworker': 403,
  'force-b/investigator': 403,
  'partner/partner_admin': 403,
};

// Sharing that profile: only its writer shares it.
const SHARE_PROFILE: Record<string, number> = {
  'care/caseworker': 200,
  'council-a/caseworker': 403,
  'force-a/investigator': 403,
  'force-a/approver': 403,
  'national/national_coordinator': 403,
  'charity/caseworker': 403,
  'partner/partner_admin': 403,
};
// Reading it once shared with the charity for its support: the charity alone, as a recipient.
const READ_SHARED_PROFILE: Record<string, number> = {
  'charity/caseworker': 200,
  'council-a/caseworker': 404,
  'force-a/investigator': 404,
  'force-b/investigator': 404,
  'partner/partner_admin': 403,
  'force-a/analyst': 403,
};

const json = <T>(response: { body: string }) => JSON.parse(response.body) as T;

describeOnEngines('Philomena profiles', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine);
    await addCareProvider(world);
  });
  after(() => world.close());

  const as = (who: string) => asToken(world, who);
  const create = async (who = 'council-a/caseworker', overrides: Record<string, unknown> = {}) => {
    const response = await as(who)('POST', '/api/v1/philomena-profiles', newProfile(overrides));
    assert.equal(response.statusCode, 201, response.body);
    return json<ProfileView>(response);
  };
  const auditActions = async (subjectId: string) =>
    (await world.db.query<{ action: string }>(`SELECT action FROM audit_log WHERE subject_id = $1 ORDER BY seq`, [subjectId])).rows.map(
      (row) => row.action,
    );
  const context: Context = { world: () => world, as, create, auditActions };

  it('a local authority writes, changes and reviews a profile; every view and change is audited', async () => {
    const profile = await create();
    assert.equal(profile.area.code, 'area-a');
    assert.deepEqual(profile.associates, ['Tyler (older boyfriend, drives a black Golf)']);
    assert.equal(profile.canWrite, true);
    assert.equal(profile.canMakeCase, false);

    const stale = await as('council-a/caseworker')('PATCH', `/api/v1/philomena-profiles/${profile.id}`, {
      version: 99,
      medication: 'None',
    });
    assert.equal(stale.statusCode, 409);
    const patched = await as('council-a/caseworker')('PATCH', `/api/v1/philomena-profiles/${profile.id}`, {
      version: profile.version,
      places: ['Retail park car park'],
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual(json<ProfileView>(patched).places, ['Retail park car park']);

    const review = await as('council-a/caseworker')('POST', `/api/v1/philomena-profiles/${profile.id}/reviews`, {
      nextReviewOn: '2027-03-01',
    });
    assert.equal(review.statusCode, 200, review.body);
    assert.equal(json<ProfileView>(review).nextReviewOn, '2027-03-01');
    assert.ok(json<ProfileView>(review).lastReviewedAt);
    const past = await as('council-a/caseworker')('POST', `/api/v1/philomena-profiles/${profile.id}/reviews`, {
      nextReviewOn: '2026-11-01',
    });
    assert.equal(past.statusCode, 400);

    assert.equal((await as('force-a/investigator')('GET', `/api/v1/philomena-profiles/${profile.id}`)).statusCode, 200);
    const actions = await auditActions(profile.id);
    for (const action of ['philomena.created', 'philomena.updated', 'philomena.reviewed', 'philomena.viewed'])
      assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);
  });

  it('refuses a profile outside the writer’s areas and unknown risk questions, and writes nothing', async () => {
    const before = (await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM philomena_profiles')).rows[0]!.n;
    const outside = await as('council-a/caseworker')('POST', '/api/v1/philomena-profiles', newProfile({ areaCode: 'area-b' }));
    assert.equal(outside.statusCode, 400, outside.body);
    const question = await as('council-a/caseworker')(
      'POST',
      '/api/v1/philomena-profiles',
      newProfile({ riskAnswers: [{ question: 'favourite_colour', answer: 'yes' }] }),
    );
    assert.equal(question.statusCode, 400);
    const adult = await as('council-a/caseworker')('POST', '/api/v1/philomena-profiles', newProfile({ dateOfBirth: '1990-01-01' }));
    assert.equal(adult.statusCode, 400);
    assert.equal((await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM philomena_profiles')).rows[0]!.n, before);
  });

  it('lists the reviews due (today or earlier) as the writers’ reminder', async () => {
    const due = await create('council-a/caseworker', { nextReviewOn: '2026-11-23', givenNames: 'Duetoday' });
    const photos = await create('council-a/caseworker', {
      nextReviewOn: '2027-01-10',
      photosReviewBy: '2026-11-23',
      givenNames: 'Oldphotos',
    });
    const later = await create('council-a/caseworker', { nextReviewOn: '2026-11-24', photosReviewBy: null, givenNames: 'Notyet' });
    const list = json<ProfileList>(await as('council-a/caseworker')('GET', '/api/v1/philomena-profiles?overdue=true'));
    assert.equal(list.today, '2026-11-23');
    const ids = list.items.map((item) => item.id);
    assert.ok(ids.includes(due.id) && ids.includes(photos.id));
    assert.ok(!ids.includes(later.id));
    assert.ok(list.items.every((item) => item.reviewOverdue));
    // A review takes the profile off the list.
    await as('council-a/caseworker')('POST', `/api/v1/philomena-profiles/${due.id}/reviews`, { nextReviewOn: '2027-02-01' });
    const after = json<ProfileList>(await as('council-a/caseworker')('GET', '/api/v1/philomena-profiles?overdue=true'));
    assert.ok(!after.items.some((item) => item.id === due.id));
  });

  describe('who reaches a profile', () => {
    let profileId: string;
    before(async () => {
      profileId = (await create('care/caseworker')).id;
    });
    for (const [who, status] of Object.entries(READ_PROFILE)) {
      it(`${who} reads it: ${status}`, async () => {
        assert.equal((await as(who)('GET', `/api/v1/philomena-profiles/${profileId}`)).statusCode, status);
        const list = await as(who)('GET', '/api/v1/philomena-profiles');
        if (status === 403) assert.equal(list.statusCode, 403);
        else
          assert.equal(
            json<ProfileList>(list).items.some((item) => item.id === profileId),
            status === 200,
          );
      });
    }
    for (const [who, status] of Object.entries(WRITE_PROFILE)) {
      it(`${who} changes it: ${status}`, async () => {
        const version = json<ProfileView>(await as('care/caseworker')('GET', `/api/v1/philomena-profiles/${profileId}`)).version;
        const patch = await as(who)('PATCH', `/api/v1/philomena-profiles/${profileId}`, { version, medication: `by ${who}` });
        assert.equal(patch.statusCode, status, patch.body);
      });
    }
    it('only the police make the case, and a charity or partner cannot write a profile at all', async () => {
      const body = { lastSeen: { at: '2026-11-23T01:00:00Z', place: 'Home', ...FORCE_A_POINT }, confirmedNewChild: true };
      assert.equal((await as('council-a/caseworker')('POST', `/api/v1/philomena-profiles/${profileId}/case`, body)).statusCode, 403);
      assert.equal((await as('care/caseworker')('POST', `/api/v1/philomena-profiles/${profileId}/case`, body)).statusCode, 403);
      assert.equal((await as('force-b/investigator')('POST', `/api/v1/philomena-profiles/${profileId}/case`, body)).statusCode, 404);
      assert.equal((await as('charity/caseworker')('POST', '/api/v1/philomena-profiles', newProfile())).statusCode, 403);
      assert.equal((await as('force-a/investigator')('POST', '/api/v1/philomena-profiles', newProfile())).statusCode, 403);
    });
  });

  it('“report missing now” makes the case with everything the profile holds, and links the child for next time', async () => {
    const profile = await create('council-a/caseworker', { givenNames: 'Prefill' });
    const made = await as('force-a/investigator')('POST', `/api/v1/philomena-profiles/${profile.id}/case`, {
      lastSeen: { at: '2026-11-23T02:00:00Z', place: 'Hillside Children’s Home', ...FORCE_A_POINT },
      clothing: 'Grey hoodie',
      confirmedNewChild: true,
    });
    assert.equal(made.statusCode, 201, made.body);
    const { caseId, suggestedLevel } = json<{ caseId: string; suggestedLevel: string }>(made);
    assert.equal(suggestedLevel, 'high', 'a yes to exploitation suggests high');
    const view = json<CaseView>(await as('force-a/investigator')('GET', `/api/v1/cases/${caseId}`));
    assert.equal(view.child.givenNames, 'Prefill');
    assert.equal(view.child.dateOfBirth, '2011-06-14');
    assert.equal(view.child.heightCm, 158);
    assert.equal(view.clothing, 'Grey hoodie');
    for (const text of ['Tyler (older boyfriend', 'Retail park car park', 'Snapchat: jadeyxx', 'Salbutamol', 'Hillside duty phone'])
      assert.ok(view.circumstances.includes(text), `circumstances hold ${text}`);
    const answers = Object.fromEntries(view.risk.answers.map((a) => [a.question, a.answer]));
    assert.deepEqual(answers, { in_care: 'yes', medical_needs: 'yes', exploitation: 'yes' });
    assert.ok(view.risk.answers.every((a) => a.source.startsWith('Philomena profile')));

    const linked = json<ProfileView>(await as('council-a/caseworker')('GET', `/api/v1/philomena-profiles/${profile.id}`));
    assert.equal(linked.childId, view.child.id);
    // The next time is a repeat episode of the same child, and missing before is now answered.
    world.clock.advance(DAY);
    const again = await as('force-a/investigator')('POST', `/api/v1/philomena-profiles/${profile.id}/case`, {
      lastSeen: { at: '2026-11-24T02:00:00Z', place: 'Railway station', ...FORCE_A_POINT },
    });
    assert.equal(again.statusCode, 201, again.body);
    const second = json<CaseView>(await as('force-a/investigator')('GET', `/api/v1/cases/${json<{ caseId: string }>(again).caseId}`));
    assert.equal(second.child.id, view.child.id);
    assert.equal(second.episodes.total, 2);
    assert.ok(second.risk.answers.some((a) => a.question === 'missing_before' && a.answer === 'yes'));
    world.clock.set(new Date('2026-11-23T03:00:00Z'));
  });

  it('a carer’s report waits on the profile until the police make the case from it', async () => {
    const profile = await create('care/caseworker', { givenNames: 'Reported' });
    const lastSeen = { at: '2026-11-23T02:30:00Z', place: 'Hillside Children’s Home, back gate', ...FORCE_A_POINT };
    const report = await as('care/caseworker')('POST', `/api/v1/philomena-profiles/${profile.id}/missing-reports`, {
      lastSeen,
      circumstances: 'Left through the back gate after a phone call.',
    });
    assert.equal(report.statusCode, 201, report.body);
    const twice = await as('care/caseworker')('POST', `/api/v1/philomena-profiles/${profile.id}/missing-reports`, { lastSeen });
    assert.equal(twice.statusCode, 409);

    const list = json<ProfileList>(await as('force-a/investigator')('GET', '/api/v1/philomena-profiles'));
    assert.equal(list.items[0]!.reportedMissing, true, 'reported children come first');
    const seen = json<ProfileView>(await as('force-a/investigator')('GET', `/api/v1/philomena-profiles/${profile.id}`));
    assert.equal(seen.waitingReport?.lastSeen.place, lastSeen.place);
    assert.equal(seen.canMakeCase, true);

    const made = await as('force-a/investigator')('POST', `/api/v1/philomena-profiles/${profile.id}/case`, { confirmedNewChild: true });
    assert.equal(made.statusCode, 201, made.body);
    const view = json<CaseView>(await as('force-a/investigator')('GET', `/api/v1/cases/${json<{ caseId: string }>(made).caseId}`));
    assert.equal(view.lastSeen.place, lastSeen.place);
    assert.ok(view.circumstances.startsWith('Left through the back gate'));
    const after = json<ProfileView>(await as('force-a/investigator')('GET', `/api/v1/philomena-profiles/${profile.id}`));
    assert.equal(after.waitingReport, null);
    // Without a waiting report, the police must say where the child was last seen.
    const none = await as('force-a/investigator')('POST', `/api/v1/philomena-profiles/${profile.id}/case`, {});
    assert.equal(none.statusCode, 400);
  });

  areaTests(context);
  photoTests(context);
  shareTests(context);
});

interface Context {
  world: () => TestWorld;
  as: (who: string) => ReturnType<typeof asToken>;
  create: (who?: string, overrides?: Record<string, unknown>) => Promise<ProfileView>;
  auditActions: (subjectId: string) => Promise<string[]>;
}

function photoTests(ctx: Context): void {
  const { as, create, auditActions } = ctx;
  describe('photos on a profile', () => {
    let profileId: string;
    let photo: ProfileView['photos'][number];
    const upload = async (who: string, id: string, fields: Record<string, string> = {}, bytes?: Buffer) => {
      const form = multipartPhoto(bytes ?? (await jpegWithGps(300, 400)), 'photo', 'photo.jpg', fields);
      return ctx.world().app.inject({
        method: 'POST',
        url: `/api/v1/philomena-profiles/${id}/photos`,
        headers: { authorization: `Bearer ${ctx.world().tokens[who]}`, 'content-type': form.contentType },
        payload: form.payload,
      });
    };
    const countPhotos = async () =>
      (await ctx.world().db.query<{ n: number }>(`SELECT count(*)::int AS n FROM philomena_photos`)).rows[0]!.n;
    before(async () => {
      profileId = (await create('care/caseworker', { givenNames: 'Pictured' })).id;
      const added = await upload('care/caseworker', profileId, { caption: 'School photo', takenOn: '2026-09-10' });
      assert.equal(added.statusCode, 201, added.body);
      photo = json<ProfileView['photos'][number]>(added);
    });

    it('the writer adds a photo with its date; it is served without EXIF or GPS and every view is audited', async () => {
      assert.equal(photo.takenOn, '2026-09-10');
      assert.deepEqual([photo.width, photo.height], [400, 300], 'the orientation is applied');
      const view = json<ProfileView>(await as('force-a/investigator')('GET', `/api/v1/philomena-profiles/${profileId}`));
      assert.deepEqual(
        view.photos.map((p) => [p.id, p.caption, p.takenOn]),
        [[photo.id, 'School photo', '2026-09-10']],
      );
      assert.equal(view.photosReviewBy, '2027-02-01');
      for (const variant of ['thumb', 'page', 'full'] as const) {
        const served = await as('force-a/investigator')('GET', photo.urls[variant]);
        assert.equal(served.statusCode, 200);
        assert.equal(served.headers['content-type'], 'image/jpeg');
        assert.equal(served.headers['cache-control'], 'private, no-store');
        const metadata = await sharp(served.rawPayload).metadata();
        assert.equal(metadata.exif, undefined);
      }
      const actions = await auditActions(profileId);
      assert.ok(actions.includes('philomena.photo_added'));
      assert.equal(actions.filter((a) => a === 'philomena.photo_viewed').length, 3);
    });

    for (const [who, status] of Object.entries(UPLOAD_PHOTO)) {
      it(`${who} adds a photo: ${status}`, async () => {
        const before = await countPhotos();
        const response = await upload(who, profileId);
        assert.equal(response.statusCode, status, response.body);
        if (status !== 201) assert.equal(await countPhotos(), before, 'nothing stored');
      });
    }
    for (const [who, status] of Object.entries(READ_PROFILE)) {
      it(`${who} sees a photo: ${status}`, async () => {
        assert.equal((await as(who)('GET', photo.urls.thumb)).statusCode, status);
      });
    }

    it('refuses a photo dated in the future or a file that is no photo, storing nothing', async () => {
      const before = await countPhotos();
      const future = await upload('care/caseworker', profileId, { takenOn: '2027-01-01' });
      assert.equal(future.statusCode, 400, future.body);
      assert.equal(future.headers['content-type'], 'application/problem+json; charset=utf-8');
      const notPhoto = await upload('care/caseworker', profileId, {}, Buffer.from('%PDF-1.4 not a photo'));
      assert.equal(notPhoto.statusCode, 422, notPhoto.body);
      assert.equal(await countPhotos(), before);
    });

    it('only the writer removes a photo; a removed photo is no longer served', async () => {
      const extra = json<ProfileView['photos'][number]>(await upload('care/caseworker', profileId));
      const url = `/api/v1/philomena-profiles/${profileId}/photos/${extra.id}`;
      assert.equal((await as('council-a/caseworker')('DELETE', url)).statusCode, 403);
      assert.equal((await as('force-a/investigator')('DELETE', url)).statusCode, 403);
      assert.equal((await as('care/caseworker')('DELETE', url)).statusCode, 204);
      assert.equal((await as('force-a/investigator')('GET', extra.urls.thumb)).statusCode, 404);
      assert.ok((await auditActions(profileId)).includes('philomena.photo_removed'));
    });

    it('“report missing now” carries the photos into the case, as copies the case owns', async () => {
      const before = json<ProfileView>(await as('care/caseworker')('GET', `/api/v1/philomena-profiles/${profileId}`)).photos;
      const made = await as('force-a/investigator')('POST', `/api/v1/philomena-profiles/${profileId}/case`, {
        lastSeen: { at: '2026-11-23T02:00:00Z', place: 'Hillside Children’s Home', ...FORCE_A_POINT },
        confirmedNewChild: true,
      });
      assert.equal(made.statusCode, 201, made.body);
      const caseId = json<{ caseId: string }>(made).caseId;
      const view = json<CaseView>(await as('force-a/investigator')('GET', `/api/v1/cases/${caseId}`));
      assert.equal(view.photos.length, before.length);
      assert.ok(view.photos.some((p) => p.caption === 'School photo'));
      // Removing the profile's photo leaves the case's copy whole.
      assert.equal((await as('care/caseworker')('DELETE', `/api/v1/philomena-profiles/${profileId}/photos/${photo.id}`)).statusCode, 204);
      const casePhoto = view.photos.find((p) => p.caption === 'School photo')!;
      // A photo whose file is lost does not hold up the case: the case is made with the others.
      const lost = await create('care/caseworker', { givenNames: 'Lostphoto' });
      const uploaded = json<ProfileView['photos'][number]>(await upload('care/caseworker', lost.id, { caption: 'Lost' }));
      await upload('care/caseworker', lost.id, { caption: 'Kept' });
      const { rows } = await ctx
        .world()
        .db.query<{ variants: Record<string, string> }>(`SELECT variants FROM philomena_photos WHERE id = $1`, [uploaded.id]);
      await ctx.world().deps.media.remove(rows[0]!.variants.page!);
      const withLoss = await as('force-a/investigator')('POST', `/api/v1/philomena-profiles/${lost.id}/case`, {
        lastSeen: { at: '2026-11-23T02:00:00Z', place: 'Hillside Children’s Home', ...FORCE_A_POINT },
        confirmedNewChild: true,
      });
      assert.equal(withLoss.statusCode, 201, withLoss.body);
      const lossView = json<CaseView>(
        await as('force-a/investigator')('GET', `/api/v1/cases/${json<{ caseId: string }>(withLoss).caseId}`),
      );
      assert.deepEqual(
        lossView.photos.map((p) => p.caption),
        ['Kept'],
      );
      const served = await as('force-a/investigator')('GET', casePhoto.urls.full);
      assert.equal(served.statusCode, 200);
      assert.equal((await sharp(served.rawPayload).metadata()).exif, undefined);
    });
  });
}

function shareTests(ctx: Context): void {
  const { as, create, auditActions } = ctx;
  describe('sharing a profile with need-to-know', () => {
    let profileId: string;
    let photoUrl: string;
    const share = (who: string, body: Record<string, unknown>) =>
      as(who)('POST', `/api/v1/philomena-profiles/${profileId}/shares`, {
        organisationCode: 'charity',
        reason: 'Support work with the helpline',
        purpose: 'charity_support',
        ...body,
      });
    before(async () => {
      profileId = (await create('care/caseworker', { givenNames: 'Shared' })).id;
      const form = multipartPhoto(await jpegWithGps(200, 200));
      const added = await ctx.world().app.inject({
        method: 'POST',
        url: `/api/v1/philomena-profiles/${profileId}/photos`,
        headers: { authorization: `Bearer ${ctx.world().tokens['care/caseworker']}`, 'content-type': form.contentType },
        payload: form.payload,
      });
      assert.equal(added.statusCode, 201, added.body);
      const shared = await share('care/caseworker', {});
      assert.equal(shared.statusCode, 200, shared.body);
      const view = json<ProfileView>(shared);
      assert.deepEqual(
        view.shares.map((s) => [s.organisationCode, s.purpose, s.fields]),
        [['charity', 'charity_support', ['identity', 'photos', 'history']]],
      );
      photoUrl = view.photos[0]!.urls.thumb.replace('/philomena-profiles/', '/shared-profiles/');
    });

    it('the agency reads only the shared fields, and its photos, until the share ends; every reading is audited', async () => {
      const list = json<SharedProfileList>(await as('charity/caseworker')('GET', '/api/v1/shared-profiles'));
      const item = list.items.find((i) => i.id === profileId)!;
      assert.equal(item.childName, 'Shared Profiled');
      const read = await as('charity/caseworker')('GET', `/api/v1/shared-profiles/${profileId}`);
      assert.equal(read.statusCode, 200, read.body);
      const view = json<SharedProfileView>(read);
      assert.equal(view.identity?.givenNames, 'Shared');
      assert.equal(view.photos?.length, 1);
      assert.equal(view.history?.previousEpisodes, '');
      for (const withheld of ['description', 'contacts', 'medical', 'placement', 'risk'])
        assert.equal(withheld in view, false, `${withheld} is not shared`);
      assert.doesNotMatch(read.body, /Salbutamol|jadeyxx|Tyler/);
      const photo = await as('charity/caseworker')('GET', photoUrl);
      assert.equal(photo.statusCode, 200);
      assert.equal((await sharp(photo.rawPayload).metadata()).exif, undefined);
      const actions = await auditActions(profileId);
      for (const action of ['philomena.shared', 'philomena.shared_viewed', 'philomena.shared_photo_viewed'])
        assert.ok(actions.includes(action), `${action} in ${actions.join(', ')}`);

      // The register of the police of the area shows the disclosure and the charity's readings.
      const register = json<RegisterAnswer>(
        await as('force-a/approver')('GET', '/api/v1/disclosure-register?organisationCode=charity'),
      ).items.filter((e) => e.profileId === profileId);
      assert.ok(register.some((e) => e.action === 'philomena.shared' && e.category === 'disclosure' && e.purpose === 'charity_support'));
      assert.ok(register.some((e) => e.action === 'philomena.shared_viewed' && e.category === 'consultation' && e.otherAgency));
      assert.ok(register.every((e) => e.caseId === null));
    });

    for (const [who, status] of Object.entries(READ_SHARED_PROFILE)) {
      it(`${who} reads the shared profile: ${status}`, async () => {
        assert.equal((await as(who)('GET', `/api/v1/shared-profiles/${profileId}`)).statusCode, status);
        if (status !== 403) assert.equal((await as(who)('GET', photoUrl)).statusCode, status);
      });
    }
    for (const [who, status] of Object.entries(SHARE_PROFILE)) {
      it(`${who} shares the profile: ${status}`, async () => {
        const response = await share(who, { organisationCode: 'council-a' });
        assert.equal(response.statusCode, status, response.body);
      });
    }

    it('refuses a share without fields, with the writer itself, or ending in the past', async () => {
      assert.equal((await share('care/caseworker', { purpose: 'other' })).statusCode, 400);
      assert.equal((await share('care/caseworker', { organisationCode: 'care' })).statusCode, 400);
      assert.equal((await share('care/caseworker', { endsAt: '2026-01-01T00:00:00Z' })).statusCode, 400);
      assert.equal((await share('care/caseworker', { fields: ['diary'] })).statusCode, 400);
      const recipients = await as('care/caseworker')('GET', '/api/v1/philomena-profiles/share-recipients');
      assert.equal(recipients.statusCode, 200, recipients.body);
      const codes = json<{ items: { code: string }[] }>(recipients).items.map((o) => o.code);
      assert.ok(codes.includes('charity') && codes.includes('force-a') && !codes.includes('care') && !codes.includes('partner'));
      assert.equal((await as('charity/caseworker')('GET', '/api/v1/philomena-profiles/share-recipients')).statusCode, 403);
      assert.equal((await as('force-a/investigator')('GET', '/api/v1/philomena-profiles/share-recipients')).statusCode, 403);
    });

    it('the agency adds what it knows; the writer and the police of the area see it with its source', async () => {
      const text = 'Seen twice at the skate park on Friday nights';
      const contributions = (who: string, path: string) => as(who)('GET', `/api/v1/${path}/${profileId}/contributions`);
      const added = await as('charity/caseworker')('POST', `/api/v1/shared-profiles/${profileId}/contributions`, {
        category: 'whereabouts',
        text,
      });
      assert.equal(added.statusCode, 201, added.body);
      assert.equal(json<ContributionList>(await contributions('charity/caseworker', 'shared-profiles')).items[0]?.text, text);
      for (const who of ['care/caseworker', 'force-a/investigator']) {
        const seen = await contributions(who, 'philomena-profiles');
        assert.equal(seen.statusCode, 200, `${who}: ${seen.body}`);
        assert.deepEqual(
          json<ContributionList>(seen).items.map((c) => [c.organisation.name, c.category, c.text]),
          [['Runaway Helpline', 'whereabouts', text]],
        );
      }
      // Another force reaches no profile of this area; no agency without a share adds or reads; nothing short or empty is kept.
      assert.equal((await contributions('force-b/investigator', 'philomena-profiles')).statusCode, 404);
      assert.equal((await contributions('force-b/investigator', 'shared-profiles')).statusCode, 404);
      const refused = await as('force-b/investigator')('POST', `/api/v1/shared-profiles/${profileId}/contributions`, {
        category: 'risk',
        text,
      });
      assert.equal(refused.statusCode, 404, refused.body);
      const short = await as('charity/caseworker')('POST', `/api/v1/shared-profiles/${profileId}/contributions`, {
        category: 'risk',
        text: 'x',
      });
      assert.equal(short.statusCode, 400, short.body);
      const actions = await auditActions(profileId);
      for (const action of ['share.contribution_added', 'share.contributions_viewed']) assert.ok(actions.includes(action), action);
    });

    it('a share that names no photos shows none; a share stopped or ended shows nothing', async () => {
      const narrowed = await share('care/caseworker', { purpose: 'other', fields: ['risk'] });
      assert.equal(narrowed.statusCode, 200, narrowed.body);
      const view = json<SharedProfileView>(await as('charity/caseworker')('GET', `/api/v1/shared-profiles/${profileId}`));
      assert.equal(view.identity, undefined);
      assert.ok(view.risk?.some((a) => a.question === 'exploitation'));
      assert.equal((await as('charity/caseworker')('GET', photoUrl)).statusCode, 404);
      const listed = json<SharedProfileList>(await as('charity/caseworker')('GET', '/api/v1/shared-profiles')).items;
      assert.equal(listed.find((i) => i.id === profileId)?.childName, null);

      ctx.world().clock.advance(31 * DAY);
      assert.equal((await as('charity/caseworker')('GET', `/api/v1/shared-profiles/${profileId}`)).statusCode, 404);
      ctx.world().clock.set(new Date('2026-11-23T03:00:00Z'));

      assert.equal((await as('care/caseworker')('DELETE', `/api/v1/philomena-profiles/${profileId}/shares/charity`)).statusCode, 204);
      assert.equal((await as('charity/caseworker')('GET', `/api/v1/shared-profiles/${profileId}`)).statusCode, 404);
      assert.equal((await as('care/caseworker')('DELETE', `/api/v1/philomena-profiles/${profileId}/shares/charity`)).statusCode, 404);
    });
  });
}

function areaTests({ as }: Context): void {
  it('offers each writer the areas its organisation works in, and no one else any', async () => {
    const areas = await as('council-a/caseworker')('GET', '/api/v1/philomena-profiles/areas');
    assert.equal(areas.statusCode, 200, areas.body);
    assert.deepEqual(
      json<{ items: { code: string }[] }>(areas).items.map((a) => a.code),
      ['area-a'],
    );
    assert.equal((await as('charity/caseworker')('GET', '/api/v1/philomena-profiles/areas')).statusCode, 403);
    assert.equal((await as('force-a/investigator')('GET', '/api/v1/philomena-profiles/areas')).statusCode, 403);
  });
}
