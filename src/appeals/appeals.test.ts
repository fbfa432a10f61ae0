// Long-term appeals over HTTP, on both databases: published only with consent and a review date, by whom the
// roles allow and within reach; listed in the public gallery beside live alerts, found by name in another
// script, by age, area and country, in the site's languages; photos added; withdrawn everywhere when the case
// closes with the child found (gallery, page, photos, and a found note and tombstone in the PFIF feeds).
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines, type TestEngine } from '../../test/support/databases.ts';
import { asToken, FORCE_B_POINT, newChildCase, publicPageWhen, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { jpegWithGps, multipartPhoto } from '../../test/support/images.ts';

interface AppealView {
  id: string;
  slug: string;
  state: string;
  reviewDueOn: string;
  fullName: string;
  ageWhenMissing: number | null;
  country: string;
  areaCode: string;
  photos: { position: number; kind: string }[];
  pfifRecordId: string;
  version: number;
}

function publishBody(caseId: string, overrides: Record<string, unknown> = {}) {
  return {
    caseId,
    consent: { basis: 'parent_or_guardian', givenBy: 'Mother' },
    reviewDueOn: '2027-05-01',
    country: 'GB',
    contents: [
      { language: 'en', headline: 'Amelia Testcase, missing since November', description: 'Amelia is 13. She may be in a city centre.' },
      { language: 'pl', headline: 'Amelia Testcase, zaginiona od listopada', description: 'Amelia ma 13 lat.' },
    ],
    ...overrides,
  };
}

function worldOf(engine: TestEngine) {
  const state = {} as { world: TestWorld };
  before(async () => {
    state.world = await startTestWorld(engine);
  });
  after(() => state.world.close());
  return {
    get world() {
      return state.world;
    },
    as: (who: string) => asToken(state.world, who),
  };
}

async function newCase(world: TestWorld, who = 'force-a/investigator', body: Record<string, unknown> = newChildCase()): Promise<string> {
  const created = await asToken(world, who)('POST', '/api/v1/cases', body);
  assert.equal(created.statusCode, 201, created.body);
  return (JSON.parse(created.body) as { id: string }).id;
}

async function publish(world: TestWorld, caseId: string, overrides: Record<string, unknown> = {}): Promise<AppealView> {
  const published = await asToken(world, 'force-a/approver')('POST', '/api/v1/long-term-appeals', publishBody(caseId, overrides));
  assert.equal(published.statusCode, 201, published.body);
  return JSON.parse(published.body) as AppealView;
}

async function gallery(world: TestWorld, query: string): Promise<string> {
  const response = await world.app.inject({ method: 'GET', url: `/appeals?${query}` });
  assert.equal(response.statusCode, 200, response.body);
  return response.body;
}

describeOnEngines('long-term appeals', (engine) => {
  const test = worldOf(engine);

  it('publishes only with consent, a review date within a year, by a senior officer within reach; each read audited', async () => {
    const caseId = await newCase(test.world);
    const noConsent = await test.as('force-a/approver')('POST', '/api/v1/long-term-appeals', {
      ...publishBody(caseId),
      consent: undefined,
    });
    assert.equal(noConsent.statusCode, 400);
    const tooLate = await test.as('force-a/approver')(
      'POST',
      '/api/v1/long-term-appeals',
      publishBody(caseId, { reviewDueOn: '2028-06-01' }),
    );
    assert.equal(tooLate.statusCode, 400);
    assert.match(tooLate.body, /review date/);
    const byInvestigator = await test.as('force-a/investigator')('POST', '/api/v1/long-term-appeals', publishBody(caseId));
    assert.equal(byInvestigator.statusCode, 403);
    const otherForce = await test.as('force-b/approver')('POST', '/api/v1/long-term-appeals', publishBody(caseId));
    assert.equal(otherForce.statusCode, 404);
    const byAnalyst = await test.as('force-a/analyst')('GET', `/api/v1/long-term-appeals?caseId=${caseId}`);
    assert.equal(byAnalyst.statusCode, 403);

    const appeal = await publish(test.world, caseId);
    assert.equal(appeal.state, 'published');
    assert.equal(appeal.fullName, 'Amelia Testcase');
    assert.equal(appeal.ageWhenMissing, 13);
    assert.equal(appeal.areaCode, 'area-a');
    const again = await test.as('force-a/approver')('POST', '/api/v1/long-term-appeals', publishBody(caseId));
    assert.equal(again.statusCode, 409);

    const read = await test.as('force-a/investigator')('GET', `/api/v1/long-term-appeals/${appeal.id}`);
    assert.equal(read.statusCode, 200, read.body);
    const hidden = await test.as('force-b/investigator')('GET', `/api/v1/long-term-appeals/${appeal.id}`);
    assert.equal(hidden.statusCode, 404);
    const { rows } = await test.world.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE subject_id = $1 AND action LIKE 'appeal.%' ORDER BY seq`,
      [appeal.id],
    );
    assert.deepEqual(
      rows.map((row) => row.action),
      ['appeal.published', 'appeal.viewed', 'appeal.viewed'],
    );
  });

  it('lists the appeal in the gallery beside live alerts, found by name in another script, age, area and country, in each language', async () => {
    const caseId = await newCase(
      test.world,
      'force-a/investigator',
      newChildCase(undefined, { child: { ...newChildCase().child, givenNames: 'Oleksandra', familyName: 'Kovalenko' } }),
    );
    await publish(test.world, caseId, {
      contents: [{ language: 'en', headline: 'Oleksandra Kovalenko, missing since November', description: 'Oleksandra is 13.' }],
      country: 'UA',
    });
    // The gallery is a snapshot read again after a few seconds: asked until it holds the new appeal.
    const listed = await publicPageWhen(test.world, '/appeals?lang=en', (body) => /Oleksandra Kovalenko, missing/.test(body));
    assert.match(listed, /Missing for longer[\s\S]*Oleksandra Kovalenko, missing since November/);
    assert.match(await gallery(test.world, 'lang=pl'), /Zaginieni od dawna/);
    assert.match(await gallery(test.world, 'lang=uk'), /Зниклі давно/);
    assert.match(await gallery(test.world, `q=${encodeURIComponent('Олександра Коваленко')}`), /Oleksandra Kovalenko, missing/);
    assert.match(await gallery(test.world, 'q=Oleksandra&age=12-14&area=area-a&country=UA'), /Oleksandra Kovalenko, missing/);
    assert.doesNotMatch(await gallery(test.world, 'q=Oleksandra&age=0-11'), /Oleksandra Kovalenko, missing/);
    assert.doesNotMatch(await gallery(test.world, 'q=Oleksandra&area=area-b'), /Oleksandra Kovalenko, missing/);
    assert.doesNotMatch(await gallery(test.world, 'q=Oleksandra&country=GB'), /Oleksandra Kovalenko, missing/);
    assert.doesNotMatch(await gallery(test.world, 'q=Natalia'), /Oleksandra Kovalenko, missing/);
  });

  it('adds a current and an age-progressed photo, served publicly while the appeal stands', async () => {
    const caseId = await newCase(test.world);
    const form = multipartPhoto(await jpegWithGps(600, 800));
    const uploaded = await test.world.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${caseId}/photos`,
      headers: { authorization: `Bearer ${test.world.tokens['force-a/investigator']}`, 'content-type': form.contentType },
      payload: form.payload,
    });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    const photoId = (JSON.parse(uploaded.body) as { id: string }).id;
    const appeal = await publish(test.world, caseId);
    const stranger = await test.as('force-a/approver')('POST', `/api/v1/long-term-appeals/${appeal.id}/photos`, {
      photoId: '00000000-0000-4000-8000-000000000000',
      kind: 'photo',
    });
    assert.equal(stranger.statusCode, 400);
    for (const kind of ['photo', 'age_progressed']) {
      const added = await test.as('force-a/approver')('POST', `/api/v1/long-term-appeals/${appeal.id}/photos`, { photoId, kind });
      assert.equal(added.statusCode, 201, added.body);
    }
    const view = JSON.parse((await test.as('force-a/approver')('GET', `/api/v1/long-term-appeals/${appeal.id}`)).body) as AppealView;
    assert.deepEqual(
      view.photos.map((photo) => photo.kind),
      ['age_progressed', 'photo'],
    );
    const page = await test.world.app.inject({ method: 'GET', url: `/missing/${appeal.slug}` });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, new RegExp(`/missing/${appeal.slug}/photos/2\\.jpg`));
    const photo = await test.world.app.inject({ method: 'GET', url: `/missing/${appeal.slug}/photos/2.jpg` });
    assert.equal(photo.statusCode, 200);
    assert.equal(photo.headers['content-type'], 'image/jpeg');
  });

  it('is withdrawn everywhere when the case closes with the child found: page, photos, and at partners', async () => {
    const caseId = await newCase(test.world, 'force-b/investigator', newChildCase(FORCE_B_POINT));
    const published = await test.as('force-b/approver')('POST', '/api/v1/long-term-appeals', publishBody(caseId));
    assert.equal(published.statusCode, 201, published.body);
    const appeal = JSON.parse(published.body) as AppealView;
    assert.equal((await test.world.app.inject({ method: 'GET', url: `/missing/${appeal.slug}` })).statusCode, 200);

    const closed = await test.as('force-b/investigator')('POST', `/api/v1/cases/${caseId}/close`, { outcome: 'found_safe' });
    assert.equal(closed.statusCode, 200, closed.body);
    const view = JSON.parse((await test.as('force-b/investigator')('GET', `/api/v1/long-term-appeals/${appeal.id}`)).body) as {
      state: string;
      withdrawnReason: string;
    };
    assert.deepEqual([view.state, view.withdrawnReason], ['withdrawn', 'found']);
    assert.equal((await test.world.app.inject({ method: 'GET', url: `/missing/${appeal.slug}` })).statusCode, 404);

    const { rows } = await test.world.db.query<{
      record_id: string;
      kind: string;
      expiry_date: Date | null;
      fields: Record<string, string>;
    }>(`SELECT record_id, kind, expiry_date, fields FROM pfif_outbound WHERE person_record_id = $1 ORDER BY entry_seq`, [
      appeal.pfifRecordId,
    ]);
    assert.deepEqual(
      rows.map((row) => row.kind),
      ['note', 'person'],
    );
    assert.equal(rows[0]!.fields.status, 'believed_alive');
    assert.ok(rows[1]!.expiry_date, 'the person record is an expired placeholder');
    assert.deepEqual(rows[1]!.fields, {});

    const withdrawAgain = await test.as('force-b/investigator')('POST', `/api/v1/long-term-appeals/${appeal.id}/withdraw`, {
      reason: 'found',
    });
    assert.equal(withdrawAgain.statusCode, 409);
  });

  it('an officer withdraws an appeal at once when consent is withdrawn; changing it needs the current version', async () => {
    const caseId = await newCase(test.world);
    const appeal = await publish(test.world, caseId);
    const stale = await test.as('force-a/approver')('PATCH', `/api/v1/long-term-appeals/${appeal.id}`, {
      version: appeal.version + 1,
      reviewDueOn: '2027-03-01',
    });
    assert.equal(stale.statusCode, 409);
    const changed = await test.as('force-a/approver')('PATCH', `/api/v1/long-term-appeals/${appeal.id}`, {
      version: appeal.version,
      reviewDueOn: '2027-03-01',
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.equal((JSON.parse(changed.body) as AppealView).reviewDueOn, '2027-03-01');
    const withdrawn = await test.as('force-a/investigator')('POST', `/api/v1/long-term-appeals/${appeal.id}/withdraw`, {
      reason: 'consent_withdrawn',
    });
    assert.equal(withdrawn.statusCode, 204, withdrawn.body);
    assert.equal((await test.world.app.inject({ method: 'GET', url: `/missing/${appeal.slug}` })).statusCode, 404);
  });
});
