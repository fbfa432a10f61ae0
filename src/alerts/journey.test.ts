// The Child Rescue Alert journey from request to withdrawal, on both databases: criteria, four eyes with a
// second factor, the appeal page, CAP 1.2 validated against the official schema, Atom, an Update, and a
// withdrawal after which no public URL shows the child.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, newChildCase, sessionFor, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { ALERT_CONTENTS, ALERT_CRITERIA, uploadCasePhoto } from '../../test/support/alerts.ts';
import { CAP_XSD, validateAgainstXsd } from '../../test/support/xmllint.ts';
import { parseCapXml } from './cap.ts';
import { expireDueAlerts } from './housekeeping.ts';

const CRITERIA = ALERT_CRITERIA;
const CONTENTS = ALERT_CONTENTS;

function assertValidCap(xml: string) {
  const result = validateAgainstXsd(xml, CAP_XSD);
  assert.equal(result.valid, true, result.errors);
  return parseCapXml(xml);
}

describeOnEngines('Child Rescue Alert journey', (engine) => {
  let world: TestWorld;
  let caseId: string;
  const investigator = () => asToken(world, 'force-a/investigator');
  const publicGet = (url: string, headers: Record<string, string> = {}) => world.app.inject({ method: 'GET', url, headers });

  before(async () => {
    world = await startTestWorld(engine);
    const created = await investigator()('POST', '/api/v1/cases', newChildCase());
    caseId = JSON.parse(created.body).id;
    await uploadCasePhoto(world, caseId);
    await investigator()('POST', `/api/v1/cases/${caseId}/risk-gradings`, { level: 'high', rationale: 'Abduction witnessed' });
  });
  after(() => world.close());

  it('runs from request to withdrawal, leaving nothing public about the child', async () => {
    // The investigator drafts: the photo and text are pre-filled from the case, then replaced by theirs.
    const draft = await investigator()('POST', '/api/v1/alerts', { caseId });
    assert.equal(draft.statusCode, 201, draft.body);
    const drafted = JSON.parse(draft.body);
    assert.equal(drafted.state, 'draft');
    assert.equal(drafted.photos.length, 1, 'the case photo is pre-selected');
    assert.match(drafted.contents[0].description, /Amelia Testcase/);
    const alertId = drafted.id as string;

    // Without the criteria confirmed, the request is refused and nothing changes.
    const early = await investigator()('POST', `/api/v1/alerts/${alertId}/submit`);
    assert.equal(early.statusCode, 422, early.body);
    assert.match(JSON.parse(early.body).detail, /under 18/);

    const edited = await investigator()('PATCH', `/api/v1/alerts/${alertId}`, {
      version: drafted.version,
      criteria: CRITERIA,
      contents: CONTENTS,
      area: { parts: [{ kind: 'circle', center: [-3.5, 52.5], radiusKm: 30 }], description: 'Within 30 km of Aberaeron' },
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(JSON.parse(edited.body).contents[1].sms.encoding, 'UCS-2', 'Welsh ’ and â need UCS-2');
    const submitted = await investigator()('POST', `/api/v1/alerts/${alertId}/submit`);
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.equal(JSON.parse(submitted.body).state, 'awaiting_approval');

    // Not public before approval.
    const slug = drafted.slug as string;
    assert.equal((await publicGet(`/appeals/${slug}`)).statusCode, 404);

    // Four eyes: an investigator may not approve; an approver with a token (no second factor) may not either.
    assert.equal((await investigator()('POST', `/api/v1/alerts/${alertId}/approve`, {})).statusCode, 403);
    const byToken = await asToken(world, 'force-a/approver')('POST', `/api/v1/alerts/${alertId}/approve`, {});
    assert.equal(byToken.statusCode, 403);
    assert.match(JSON.parse(byToken.body).detail, /second factor|authenticator/);
    // An approver of another force cannot even see it.
    const otherForce = await sessionFor(world, 'force-b/approver');
    assert.equal((await otherForce('POST', `/api/v1/alerts/${alertId}/approve`, {})).statusCode, 404);

    const approver = await sessionFor(world, 'force-a/approver');
    const approved = await approver('POST', `/api/v1/alerts/${alertId}/approve`, { note: 'Approved by duty superintendent' });
    assert.equal(approved.statusCode, 200, approved.body);
    const active = JSON.parse(approved.body);
    assert.equal(active.state, 'active');
    assert.equal(active.messages.length, 1);
    assert.ok(active.area.cellRanges > 0, 'the area is stored as H3 cell ranges for targeting');
    assert.ok(active.expiresAt, 'a default expiry is set');

    // The appeal page is live, in the reader's language, with share cards carrying the photo.
    const pageResponse = await publicGet(`/appeals/${slug}`);
    assert.equal(pageResponse.statusCode, 200);
    assert.match(pageResponse.body, /Amelia Testcase/);
    assert.match(pageResponse.body, /<meta property="og:image" content="http:\/\/localhost:8080\/appeals\/[^"]+\/photos\/1\.jpg">/);
    assert.ok(pageResponse.headers.etag);
    assert.match(String(pageResponse.headers['cache-control']), /public, max-age=30/);
    assert.equal((await publicGet(`/appeals/${slug}`, { 'if-none-match': String(pageResponse.headers.etag) })).statusCode, 304);
    const welsh = await publicGet(`/appeals/${slug}`, { 'accept-language': 'cy-GB,cy;q=0.9,en;q=0.5' });
    assert.match(welsh.body, /<html lang="cy"/);
    assert.match(welsh.body, /Rhybudd Achub Plentyn: Amelia/);
    assert.match(welsh.body, /Gwelwyd ddiwethaf/);
    const photoUrl = `/appeals/${slug}/photos/1.jpg`;
    const photo = await publicGet(photoUrl);
    assert.equal(photo.statusCode, 200);
    assert.equal(photo.headers['content-type'], 'image/jpeg');

    // CAP 1.2: valid against the official schema, with the Child Rescue Alert codes, both languages, area and photo.
    const capResponse = await publicGet(`/alerts/${alertId}/cap.xml`);
    assert.equal(capResponse.statusCode, 200);
    assert.match(String(capResponse.headers['content-type']), /application\/cap\+xml/);
    const alertMessage = assertValidCap(capResponse.body);
    assert.equal(alertMessage.msgType, 'Alert');
    assert.equal(alertMessage.status, 'Actual');
    assert.deepEqual(
      alertMessage.info.map((i) => i.language),
      ['en', 'cy'],
    );
    const info = alertMessage.info[0]!;
    assert.deepEqual(
      [info.categories[0], info.event, info.urgency, info.severity, info.certainty],
      ['Rescue', 'Child Abduction', 'Immediate', 'Severe', 'Likely'],
    );
    assert.deepEqual(info.eventCodes, [{ valueName: 'SAME', value: 'CAE' }]);
    assert.equal(info.areas?.[0]?.circles?.[0]?.radiusKm, 30);
    assert.equal(info.resources?.[0]?.mimeType, 'image/jpeg');
    assert.equal(info.resources[0].size, photo.rawPayload.length);
    assert.match(info.resources[0].digest ?? '', /^[0-9a-f]{40}$/);
    assert.ok(!capResponse.body.includes('Exif'), 'no metadata leaks into CAP');

    // Atom lists it, linking to its CAP.
    const feed = await publicGet('/feeds/alerts.atom');
    assert.equal(feed.statusCode, 200);
    assert.match(feed.body, /Child Rescue Alert: Amelia Testcase/);
    const firstCapUrl = new URL(/href="([^"]+\/cap\/[^"]+\.xml)"/.exec(feed.body)![1]!).pathname;
    assert.equal((await publicGet(firstCapUrl)).statusCode, 200);
    assert.match((await publicGet('/appeals')).body, new RegExp(slug));

    // An Update with a vehicle sighting references the Alert.
    const updated = await investigator()('POST', `/api/v1/alerts/${alertId}/updates`, {
      version: active.version,
      note: 'Van seen heading north on the A487',
      vehicle: 'White Ford Transit van, partial registration CY23',
    });
    assert.equal(updated.statusCode, 200, updated.body);
    const updateXml = (await publicGet(`/alerts/${alertId}/cap.xml`)).body;
    const updateMessage = assertValidCap(updateXml);
    assert.equal(updateMessage.msgType, 'Update');
    assert.equal(updateMessage.references?.[0]?.identifier, alertMessage.identifier);
    assert.match((await publicGet(`/appeals/${slug}`)).body, /White Ford Transit/);

    // Rewriting the published text is not a new fact: an Update cannot carry it (it needs a change request
    // approved by a second approver, see changes.test.ts).
    const rewrite = await investigator()('POST', `/api/v1/alerts/${alertId}/updates`, {
      version: JSON.parse(updated.body).version,
      note: 'New text',
      contents: [CONTENTS[0]],
    });
    assert.equal(rewrite.statusCode, 400);
    assert.equal(JSON.parse(rewrite.body).errors[0].pointer, '/body/contents');
    // The case cannot be closed while its appeal is public.
    assert.equal((await investigator()('POST', `/api/v1/cases/${caseId}/close`, { outcome: 'found_safe' })).statusCode, 409);

    // Found: one action withdraws it everywhere.
    const current = JSON.parse(updated.body);
    const withdrawn = await investigator()('POST', `/api/v1/alerts/${alertId}/withdraw`, {
      reason: 'found_safe',
      note: 'Found at 22 Mill Lane with her uncle',
    });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    assert.equal(JSON.parse(withdrawn.body).state, 'withdrawn');
    const cancelXml = (await publicGet(`/alerts/${alertId}/cap.xml`)).body;
    const cancel = assertValidCap(cancelXml);
    assert.equal(cancel.msgType, 'Cancel');
    assert.deepEqual(
      cancel.references?.map((r) => r.identifier),
      [alertMessage.identifier, updateMessage.identifier],
    );

    const endedPage = await publicGet(`/appeals/${slug}`);
    assert.equal(endedPage.statusCode, 410);
    // Found, and nothing of how: a "found safe" would tell, by its absence, when a child was not.
    assert.match(endedPage.body, /The child has been found\. Thank you for your help\. The appeal has ended\./);
    assert.doesNotMatch(endedPage.body, /safe/i);

    // No public URL still returns the child's name or photo.
    const publicUrls = [
      `/appeals/${slug}`,
      `/appeals/${slug}?lang=cy`,
      `/appeals/${slug}/sighting`,
      photoUrl,
      '/appeals',
      '/feeds/alerts.atom',
      `/alerts/${alertId}/cap.xml`,
      ...current.messages.map((m: { capUrl: string }) => new URL(m.capUrl).pathname),
      ...JSON.parse(withdrawn.body).messages.map((m: { capUrl: string }) => new URL(m.capUrl).pathname),
    ];
    for (const url of publicUrls) {
      const response = await publicGet(url);
      assert.ok(!response.body.includes('Mill Lane'), `${url} publishes where the child was found`);
      assert.ok(!response.body.includes('leisure centre'), `${url} still gives the last-seen place`);
      assert.ok(!response.body.includes('Amelia'), `${url} still names the child`);
      assert.ok(!response.body.includes('Testcase'), `${url} still names the child`);
      assert.ok(!response.rawPayload.includes(photo.rawPayload.subarray(200, 400)), `${url} still serves the photo`);
      assert.ok([200, 410].includes(response.statusCode), `${url}: ${response.statusCode}`);
    }
    assert.equal((await publicGet(photoUrl)).statusCode, 410);
    const publicFiles = await world.db.query('SELECT 1 FROM alert_photos WHERE alert_id = $1 AND public_key IS NOT NULL', [alertId]);
    assert.equal(publicFiles.rowCount, 0, 'public photo copies are deleted');

    // And the withdrawn alert takes no more changes.
    const late = await investigator()('POST', `/api/v1/alerts/${alertId}/updates`, { version: 99, note: 'too late', vehicle: 'x' });
    assert.equal(late.statusCode, 409);
  });
});

/** Exercises go out only on exercise cases, with fictional children; real alerts only on real cases. */
async function exerciseRulesHold(world: TestWorld, caseId: string) {
  const investigator = () => asToken(world, 'force-a/investigator');
  const refused = (response: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string) => {
    assert.equal(response.statusCode, 409, `${what}: ${response.body}`);
    assert.match(String(response.headers['content-type']), /^application\/problem\+json/);
    assert.equal(JSON.parse(response.body).type, 'https://forgetmenot.example/problems/exercise-mismatch');
  };
  const alertsOf = async (id: string) =>
    (await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM alerts WHERE case_id = $1', [id])).rows[0]!.n;
  const before = await alertsOf(caseId);
  // A real child's case: an exercise or a test would publish that child's name.
  for (const capStatus of ['Exercise', 'Test']) {
    refused(
      await investigator()('POST', '/api/v1/alerts', { caseId, criteria: CRITERIA, contents: CONTENTS, capStatus }),
      `${capStatus} on a real case`,
    );
  }
  const real = JSON.parse((await investigator()('POST', '/api/v1/alerts', { caseId, criteria: CRITERIA, contents: CONTENTS })).body);
  refused(
    await investigator()('PATCH', `/api/v1/alerts/${real.id}`, { version: real.version, capStatus: 'Exercise' }),
    'a real draft turned into an exercise',
  );
  assert.equal(await alertsOf(caseId), before + 1, 'only the real draft was stored');
  // An exercise raised on a real case before this rule cannot go out.
  await world.db.query("UPDATE alerts SET cap_status = 'Exercise' WHERE id = $1", [real.id]);
  refused(await investigator()('POST', `/api/v1/alerts/${real.id}/submit`), 'an old exercise on a real case');
  await investigator()('POST', `/api/v1/alerts/${real.id}/withdraw`, { reason: 'cancelled' });

  // An exercise case, with a fictional child: its alerts are exercises, never real.
  const created = await investigator()(
    'POST',
    '/api/v1/cases',
    newChildCase(undefined, {
      exercise: true,
      child: { givenNames: 'Exercise', familyName: 'Fictional', estimatedAge: 9, sex: 'male', languages: ['en'] },
    }),
  );
  assert.equal(created.statusCode, 201, created.body);
  const exerciseCase = JSON.parse(created.body);
  assert.equal(exerciseCase.exercise, true);
  refused(
    await investigator()('POST', '/api/v1/alerts', {
      caseId: exerciseCase.id,
      criteria: CRITERIA,
      contents: CONTENTS,
      capStatus: 'Actual',
    }),
    'a real alert on an exercise case',
  );
  const drafted = await investigator()('POST', '/api/v1/alerts', { caseId: exerciseCase.id, criteria: CRITERIA, contents: CONTENTS });
  assert.equal(drafted.statusCode, 201, drafted.body);
  assert.equal(JSON.parse(drafted.body).capStatus, 'Exercise', 'an exercise case drafts an exercise');
  refused(
    await investigator()('PATCH', `/api/v1/alerts/${JSON.parse(drafted.body).id}`, {
      version: JSON.parse(drafted.body).version,
      capStatus: 'Actual',
    }),
    'an exercise turned real',
  );

  // A child stays on one side: no exercise episode for a real child, no real episode for a fictional one.
  const { rows } = await world.db.query<{ child_id: string }>(
    'SELECT child_id FROM cases WHERE id = ANY($1::uuid[]) ORDER BY id = $2 DESC',
    [[caseId, exerciseCase.id], caseId],
  );
  const [realChild, fictionalChild] = rows.map((row) => row.child_id);
  const { child: _child, ...episode } = newChildCase();
  refused(
    await investigator()('POST', '/api/v1/cases', { ...episode, childId: realChild, exercise: true }),
    'an exercise episode of a real child',
  );
  refused(await investigator()('POST', '/api/v1/cases', { ...episode, childId: fictionalChild }), 'a real episode of a fictional child');
  await investigator()('POST', `/api/v1/alerts/${JSON.parse(drafted.body).id}/withdraw`, { reason: 'cancelled' });
}

describeOnEngines('Child Rescue Alert journey: refusals, exercises and areas', (engine) => {
  let world: TestWorld;
  let caseId: string;
  const investigator = () => asToken(world, 'force-a/investigator');
  const publicGet = (url: string, headers: Record<string, string> = {}) => world.app.inject({ method: 'GET', url, headers });

  before(async () => {
    world = await startTestWorld(engine);
    const created = await investigator()('POST', '/api/v1/cases', newChildCase());
    caseId = JSON.parse(created.body).id;
    await uploadCasePhoto(world, caseId);
    await investigator()('POST', `/api/v1/cases/${caseId}/risk-gradings`, { level: 'high', rationale: 'Abduction witnessed' });
  });
  after(() => world.close());

  it('refuses what the rules forbid, changing nothing', async () => {
    const draft = JSON.parse((await investigator()('POST', '/api/v1/alerts', { caseId, criteria: CRITERIA, contents: CONTENTS })).body);
    const alertId = draft.id as string;
    const patch = (body: Record<string, unknown>) =>
      investigator()('PATCH', `/api/v1/alerts/${alertId}`, { version: draft.version, ...body });

    const crossing = {
      kind: 'polygon',
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [-4, 52],
            [-3, 53],
            [-3, 52],
            [-4, 53],
            [-4, 52],
          ],
        ],
      },
    };
    const badArea = await patch({ area: { parts: [crossing] } });
    assert.equal(badArea.statusCode, 400);
    assert.match(JSON.parse(badArea.body).errors[0].pointer, /^\/body\/area\/parts\/0/);
    assert.equal((await patch({ area: { parts: [{ kind: 'circle', center: [200, 52], radiusKm: 5 }] } })).statusCode, 400);
    assert.equal((await patch({ area: { parts: { type: 'Point' } } })).statusCode, 400);
    const longSms = await patch({ contents: [{ ...CONTENTS[0]!, smsText: 'ŵ'.repeat(140) }] });
    assert.equal(longSms.statusCode, 400);
    assert.match(JSON.parse(longSms.body).detail, /segments/);
    const badLanguage = await patch({ contents: [{ ...CONTENTS[0]!, language: 'english!' }] });
    assert.equal(badLanguage.statusCode, 400);
    assert.equal((await patch({ contents: [CONTENTS[0], CONTENTS[0]] })).statusCode, 400, 'a language twice');
    assert.equal((await patch({ criteria: { ...CRITERIA, imminentDanger: { met: false, reason: '' } } })).statusCode, 200);
    const notMet = await investigator()('POST', `/api/v1/alerts/${alertId}/submit`);
    assert.equal(notMet.statusCode, 422);
    assert.match(JSON.parse(notMet.body).detail, /imminent danger/);
    const unchanged = JSON.parse((await investigator()('GET', `/api/v1/alerts/${alertId}`)).body);
    assert.equal(unchanged.state, 'draft');
    assert.equal(unchanged.version, draft.version + 1);

    // A caseworker may not request alerts; an approver may not approve their own request.
    assert.equal((await asToken(world, 'council-a/caseworker')('POST', '/api/v1/alerts', { caseId })).statusCode, 403);
    const approver = await sessionFor(world, 'force-a/approver');
    await approver('PATCH', `/api/v1/alerts/${alertId}`, { version: unchanged.version, criteria: CRITERIA });
    assert.equal((await approver('POST', `/api/v1/alerts/${alertId}/submit`)).statusCode, 200);
    const self = await approver('POST', `/api/v1/alerts/${alertId}/approve`, {});
    assert.equal(self.statusCode, 403);
    assert.match(JSON.parse(self.body).detail, /four eyes/);
    // Another officer sends it back with a reason.
    const coordinator = await sessionFor(world, 'national/national_coordinator');
    const returned = await coordinator('POST', `/api/v1/alerts/${alertId}/return`, { reason: 'Add the van registration' });
    assert.equal(JSON.parse(returned.body).state, 'draft');
    assert.equal(JSON.parse(returned.body).decisionNote, 'Add the van registration');
  });

  it('marks exercises everywhere, and expires alerts like a withdrawal', async () => {
    const exerciseCase = JSON.parse((await investigator()('POST', '/api/v1/cases', newChildCase(undefined, { exercise: true }))).body)
      .id as string;
    const draft = JSON.parse(
      (
        await investigator()('POST', '/api/v1/alerts', {
          caseId: exerciseCase,
          criteria: CRITERIA,
          contents: CONTENTS,
          capStatus: 'Exercise',
        })
      ).body,
    );
    await investigator()('POST', `/api/v1/alerts/${draft.id}/submit`);
    const approver = await sessionFor(world, 'force-a/approver');
    const approved = JSON.parse((await approver('POST', `/api/v1/alerts/${draft.id}/approve`, {})).body);
    const page = await publicGet(`/appeals/${draft.slug}`);
    assert.match(page.body, /EXERCISE: this is not a real appeal/);
    const cap = assertValidCap((await publicGet(`/alerts/${draft.id}/cap.xml`)).body);
    assert.equal(cap.status, 'Exercise');
    assert.match((await publicGet('/feeds/alerts.atom')).body, /\[EXERCISE\]/);

    world.clock.set(new Date(new Date(approved.expiresAt).getTime() + 1000));
    assert.equal((await publicGet(`/appeals/${draft.slug}`)).statusCode, 410);
    assert.equal((await publicGet(`/appeals/${draft.slug}/photos/1.jpg`)).statusCode, 410);
    assert.equal((await publicGet(`/alerts/${draft.id}/cap.xml`)).statusCode, 410);
    assert.ok(!(await publicGet('/feeds/alerts.atom')).body.includes(draft.slug));
    // Housekeeping then records the expiry, which frees the case for its next alert (one live at a time).
    await expireDueAlerts(world.deps);
    assert.equal(JSON.parse((await investigator()('GET', `/api/v1/alerts/${draft.id}`)).body).state, 'expired');
  });

  it('raises exercises only on cases recorded as exercises, and real alerts only on real cases', () => exerciseRulesHold(world, caseId));

  it('keeps four eyes when the approver drafted and a colleague submitted', async () => {
    const approver = await sessionFor(world, 'force-a/approver');
    const draft = JSON.parse((await approver('POST', '/api/v1/alerts', { caseId, criteria: CRITERIA, contents: CONTENTS })).body);
    assert.equal((await investigator()('POST', `/api/v1/alerts/${draft.id}/submit`)).statusCode, 200);
    const self = await approver('POST', `/api/v1/alerts/${draft.id}/approve`, {});
    assert.equal(self.statusCode, 403);
    assert.match(JSON.parse(self.body).detail, /four eyes/);
    await investigator()('POST', `/api/v1/alerts/${draft.id}/withdraw`, { reason: 'cancelled' });
  });

  it('publishes whole-jurisdiction and national areas as CAP polygons', async () => {
    const approver = await sessionFor(world, 'force-a/approver');
    for (const area of [{ jurisdictionCodes: ['area-a'] }, { national: true }]) {
      const draft = JSON.parse(
        (await investigator()('POST', '/api/v1/alerts', { caseId, criteria: CRITERIA, contents: CONTENTS, area })).body,
      );
      assert.equal((await investigator()('POST', `/api/v1/alerts/${draft.id}/submit`)).statusCode, 200);
      const approved = JSON.parse((await approver('POST', `/api/v1/alerts/${draft.id}/approve`, {})).body);
      const cap = assertValidCap((await publicGet(`/alerts/${draft.id}/cap.xml`)).body);
      const polygon = cap.info[0]!.areas![0]!.polygons![0]!;
      if ('national' in area) {
        assert.equal(approved.area.cellRanges, 0, 'a national alert targets everyone: no cell filter');
        assert.match(cap.info[0]!.areas![0]!.areaDesc, /National: The Country/);
        assert.deepEqual(polygon[0], [-8, 49.8]);
      } else {
        assert.ok(approved.area.cellRanges > 0);
        assert.equal(cap.info[0]!.areas![0]!.areaDesc, 'Area A');
        assert.deepEqual(polygon[0], [-5, 51.8]);
      }
      await investigator()('POST', `/api/v1/alerts/${draft.id}/withdraw`, { reason: 'cancelled' });
    }
    const unknown = await investigator()('POST', '/api/v1/alerts', { caseId, area: { jurisdictionCodes: ['atlantis'] } });
    assert.equal(unknown.statusCode, 400);
    assert.match(JSON.parse(unknown.body).detail, /atlantis/);
  });
});
