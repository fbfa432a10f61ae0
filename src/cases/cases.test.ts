// Recording, grading, searching and closing cases through the API, and bad input refused with nothing
// changed, on both databases.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_B_POINT, newChildCase, worldPerEngine, type TestWorld } from '../../test/support/app.ts';
import { jpegWithGps, pngBomb, multipartPhoto } from '../../test/support/images.ts';

// One world per engine for the file's three suites: their tests record children of their own.
const worldOf = worldPerEngine();

describeOnEngines('cases: recording and editing', (engine) => {
  let world: TestWorld;
  const investigator = () => asToken(world, 'force-a/investigator');

  before(async () => {
    world = await worldOf(engine);
  });

  it('records a child, grades the risk from the answers, and keeps every grading', async () => {
    const created = await investigator()('POST', '/api/v1/cases', newChildCase());
    assert.equal(created.statusCode, 201, created.body);
    const view = JSON.parse(created.body);
    assert.match(view.reference, /^FORCE-A-2026-\d{6}$/);
    assert.equal(view.jurisdiction.code, 'area-a');
    assert.equal(view.child.givenNames, 'Amelia');
    assert.equal(view.risk.level, null);

    const answered = await investigator()('POST', `/api/v1/cases/${view.id}/risk-answers`, {
      answers: [
        { question: 'out_of_character', answer: 'yes', source: 'mother', detail: 'Never stayed out before' },
        { question: 'exploitation', answer: 'unknown', source: 'school' },
      ],
    });
    assert.equal(JSON.parse(answered.body).risk.suggestedLevel, 'medium');
    await investigator()('POST', `/api/v1/cases/${view.id}/risk-gradings`, {
      level: 'medium',
      rationale: 'Out of character, no other factors yet',
    });
    world.clock.advance(3_600_000);
    await investigator()('POST', `/api/v1/cases/${view.id}/risk-answers`, {
      answers: [{ question: 'exploitation', answer: 'yes', source: 'school', detail: 'Seen with older men in a car' }],
    });
    const regraded = JSON.parse(
      (await investigator()('POST', `/api/v1/cases/${view.id}/risk-gradings`, { level: 'high', rationale: 'Exploitation concern' })).body,
    );
    assert.equal(regraded.risk.level, 'high');
    assert.equal(regraded.risk.suggestedLevel, 'high');
    assert.deepEqual(
      regraded.risk.gradings.map((g: { level: string; suggestedLevel: string }) => `${g.level}/${g.suggestedLevel}`),
      ['medium/medium', 'high/high'],
    );
    const exploitation = regraded.risk.answers.find((a: { question: string }) => a.question === 'exploitation');
    assert.equal(exploitation.answer, 'yes', 'the latest answer to a question is the one shown');
    assert.equal(exploitation.source, 'school');
  });

  it('saves the answers sent with a grading in the same step, and saves neither when one is refused', async () => {
    const view = JSON.parse((await investigator()('POST', '/api/v1/cases', newChildCase())).body);
    const refused = await investigator()('POST', `/api/v1/cases/${view.id}/risk-gradings`, {
      level: 'high',
      rationale: 'Exploitation concern',
      answers: [
        { question: 'exploitation', answer: 'yes', source: 'school' },
        { question: 'out_of_character', answer: 'yes', source: '' },
      ],
    });
    assert.equal(refused.statusCode, 400, refused.body);
    const problem = JSON.parse(refused.body);
    assert.equal(problem.errors[0].pointer, '/body/answers/1/source');
    assert.equal(problem.errors[0].code, 'empty');
    const unchanged = JSON.parse((await investigator()('GET', `/api/v1/cases/${view.id}`)).body);
    assert.equal(unchanged.risk.answers.length, 0);
    assert.equal(unchanged.risk.gradings.length, 0);

    const graded = await investigator()('POST', `/api/v1/cases/${view.id}/risk-gradings`, {
      level: 'high',
      rationale: 'Exploitation concern',
      answers: [
        { question: 'exploitation', answer: 'yes', source: 'school' },
        { question: 'out_of_character', answer: 'yes', source: 'mother' },
      ],
    });
    assert.equal(graded.statusCode, 200, graded.body);
    const after = JSON.parse(graded.body);
    assert.equal(after.risk.answers.length, 2);
    assert.equal(after.risk.level, 'high');
    assert.deepEqual(
      after.risk.gradings.map((g: { level: string; suggestedLevel: string }) => `${g.level}/${g.suggestedLevel}`),
      ['high/high'],
      'the suggestion kept with the grading counts the answers sent with it',
    );
  });

  it('links a repeat episode to the same child and counts it', async () => {
    const first = JSON.parse(
      (await investigator()('POST', '/api/v1/cases', newChildCase(undefined, { child: { ...newChildCase().child, givenNames: 'Repeat' } })))
        .body,
    );
    await investigator()('POST', `/api/v1/cases/${first.id}/close`, { outcome: 'returned_of_own_accord' });
    const second = await investigator()('POST', '/api/v1/cases', { childId: first.child.id, lastSeen: newChildCase().lastSeen });
    assert.equal(second.statusCode, 201, second.body);
    const view = JSON.parse(second.body);
    assert.equal(view.child.id, first.child.id);
    assert.equal(view.episodes.total, 2);
    const list = JSON.parse((await investigator()('GET', '/api/v1/cases?q=repeat&status=open')).body);
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].repeatEpisodes, 1);
    // Another force cannot open an episode for a child it cannot see.
    const other = await asToken(world, 'force-b/investigator')('POST', '/api/v1/cases', {
      childId: first.child.id,
      lastSeen: newChildCase(FORCE_B_POINT).lastSeen,
    });
    assert.equal(other.statusCode, 404);
  });

  it('refuses a stale edit and a change to a closed case', async () => {
    const view = JSON.parse((await investigator()('POST', '/api/v1/cases', newChildCase())).body);
    assert.equal((await investigator()('PATCH', `/api/v1/cases/${view.id}`, { version: 1, clothing: 'Blue hoodie' })).statusCode, 200);
    const stale = await investigator()('PATCH', `/api/v1/cases/${view.id}`, { version: 1, clothing: 'Green hoodie' });
    assert.equal(stale.statusCode, 409);
    const now = JSON.parse((await investigator()('GET', `/api/v1/cases/${view.id}`)).body);
    assert.equal(now.clothing, 'Blue hoodie');
    await investigator()('POST', `/api/v1/cases/${view.id}/close`, { outcome: 'found_safe', notes: 'Found at a friend’s house' });
    const late = await investigator()('POST', `/api/v1/cases/${view.id}/risk-gradings`, { level: 'low', rationale: 'After the fact' });
    assert.equal(late.statusCode, 409);
  });

  it('leaves a closed case as it was closed: every write but a share or more protection is refused', async () => {
    const view = JSON.parse((await investigator()('POST', '/api/v1/cases', newChildCase())).body);
    const form = multipartPhoto(await jpegWithGps(300, 400));
    const upload = (headers: Record<string, string> = {}) =>
      world.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${view.id}/photos`,
        headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}`, 'content-type': form.contentType, ...headers },
        payload: form.payload,
      });
    const photo = JSON.parse((await upload()).body);
    const closed = JSON.parse((await investigator()('POST', `/api/v1/cases/${view.id}/close`, { outcome: 'found_safe' })).body);
    assert.equal(closed.status, 'closed');
    const approver = asToken(world, 'force-a/approver');

    const writes = [
      await investigator()('PATCH', `/api/v1/cases/${view.id}`, { version: closed.version, clothing: 'Blue hoodie' }),
      await investigator()('PATCH', `/api/v1/cases/${view.id}`, { version: closed.version, child: { familyName: 'Changed' } }),
      await investigator()('PATCH', `/api/v1/cases/${view.id}`, { version: closed.version, sensitive: false }),
      await investigator()('PATCH', `/api/v1/cases/${view.id}`, { version: closed.version, sensitive: true, vehicle: 'Red car' }),
      await investigator()('POST', `/api/v1/cases/${view.id}/risk-answers`, {
        answers: [{ question: 'exploitation', answer: 'yes', source: 'school' }],
      }),
      await investigator()('POST', `/api/v1/cases/${view.id}/risk-gradings`, { level: 'low', rationale: 'After the fact' }),
      await investigator()('POST', `/api/v1/cases/${view.id}/close`, { outcome: 'other' }),
      await upload(),
      await investigator()('DELETE', `/api/v1/cases/${view.id}/photos/${photo.id}`),
      await investigator()('POST', '/api/v1/alerts', { caseId: view.id }),
    ];
    for (const write of writes) {
      assert.equal(write.statusCode, 409, write.body);
      assert.match(String(write.headers['content-type']), /application\/problem\+json/);
    }
    const after = JSON.parse((await investigator()('GET', `/api/v1/cases/${view.id}`)).body);
    assert.equal(after.version, closed.version, 'nothing changed');
    assert.equal(after.clothing, closed.clothing);
    assert.equal(after.child.familyName, 'Testcase');
    assert.equal(after.photos.length, 1);
    assert.equal(after.risk.answers.length, 0);

    // Marking it sensitive protects it further and changes no detail; sharing for safeguarding stays possible.
    const protectedCase = await investigator()('PATCH', `/api/v1/cases/${view.id}`, { version: closed.version, sensitive: true });
    assert.equal(protectedCase.statusCode, 200, protectedCase.body);
    const shared = await approver(
      'POST',
      `/api/v1/cases/${view.id}/shares`,
      { organisationCode: 'council-a', reason: 'Return interview after she was found', purpose: 'return_interview' },
      { 'x-access-reason': 'Safeguarding referral' },
    );
    assert.equal(shared.statusCode, 200, shared.body);
  });
});

describeOnEngines('cases: search, sensitive access, photos and refusals', (engine) => {
  let world: TestWorld;
  const investigator = () => asToken(world, 'force-a/investigator');
  const countRows = async (table: string) => (await world.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table}`)).rows[0]!.n;

  before(async () => {
    world = await worldOf(engine);
  });

  it('pages through search results without repeating or skipping', async () => {
    for (let i = 0; i < 7; i++) {
      world.clock.advance(60_000);
      await investigator()(
        'POST',
        '/api/v1/cases',
        newChildCase(undefined, { child: { ...newChildCase().child, familyName: `Pager${i}` } }),
      );
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/cases?q=pager&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = JSON.parse((await investigator()('GET', url)).body) as { items: { childName: string }[]; nextCursor: string | null };
      seen.push(...page.items.map((item) => item.childName));
      cursor = page.nextCursor;
    } while (cursor);
    assert.deepEqual(
      seen,
      [6, 5, 4, 3, 2, 1, 0].map((i) => `Amelia Pager${i}`),
    );
    assert.equal((await investigator()('GET', '/api/v1/cases?cursor=garbage')).statusCode, 400);
  });

  it('asks for a reason before showing a sensitive case, and records it', async () => {
    const view = JSON.parse((await investigator()('POST', '/api/v1/cases', newChildCase(undefined, { sensitive: true }))).body);
    const coordinator = asToken(world, 'national/national_coordinator');
    const refused = await coordinator('GET', `/api/v1/cases/${view.id}`);
    assert.equal(refused.statusCode, 428);
    const allowed = await coordinator('GET', `/api/v1/cases/${view.id}`, undefined, { 'x-access-reason': 'Cross-border link review' });
    assert.equal(allowed.statusCode, 200);
    const { rows } = await world.db.query<{ reason: string }>(
      `SELECT reason FROM audit_log LEFT JOIN audit_personal ON audit_personal.id = audit_log.personal_id WHERE subject_id = $1 AND action = 'case.viewed'`,
      [view.id],
    );
    assert.deepEqual(
      rows.map((r) => r.reason),
      ['Cross-border link review'],
    );
    // Drafting an alert (filled from the case) and reading it ask for the reason too.
    assert.equal((await investigator()('POST', '/api/v1/alerts', { caseId: view.id })).statusCode, 428);
    const reason = { 'x-access-reason': 'Preparing a Child Rescue Alert' };
    const draft = await investigator()('POST', '/api/v1/alerts', { caseId: view.id }, reason);
    assert.equal(draft.statusCode, 201, draft.body);
    const alertId = JSON.parse(draft.body).id as string;
    assert.equal((await investigator()('GET', `/api/v1/alerts/${alertId}`)).statusCode, 428);
    assert.equal((await investigator()('GET', `/api/v1/alerts/${alertId}`, undefined, reason)).statusCode, 200);
  });

  it('takes a reason written in any language, sent percent-encoded as header values must be Latin-1', async () => {
    const view = JSON.parse((await investigator()('POST', '/api/v1/cases', newChildCase(undefined, { sensitive: true }))).body);
    const coordinator = asToken(world, 'national/national_coordinator');
    const welsh = 'Adolygu adroddiadau’r nos';
    const arabic = 'مراجعة البلاغات الليلية';
    for (const reason of [welsh, arabic, '100% needed for the review']) {
      const header = reason.startsWith('100') ? reason : encodeURIComponent(reason);
      const allowed = await coordinator('GET', `/api/v1/cases/${view.id}`, undefined, { 'x-access-reason': header });
      assert.equal(allowed.statusCode, 200, allowed.body);
    }
    const { rows } = await world.db.query<{ reason: string }>(
      `SELECT reason FROM audit_log LEFT JOIN audit_personal ON audit_personal.id = audit_log.personal_id WHERE subject_id = $1 AND action = 'case.viewed' ORDER BY seq`,
      [view.id],
    );
    assert.deepEqual(
      rows.map((r) => r.reason),
      [welsh, arabic, '100% needed for the review'],
    );
  });

  it('uploads a photo over HTTP and serves it back without EXIF or GPS', async () => {
    const view = JSON.parse((await investigator()('POST', '/api/v1/cases', newChildCase())).body);
    // Named .png, but the bytes are a JPEG: the bytes decide.
    const form = multipartPhoto(await jpegWithGps(), 'photo', 'holiday.png');
    const upload = await world.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${view.id}/photos`,
      headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}`, 'content-type': form.contentType },
      payload: form.payload,
    });
    assert.equal(upload.statusCode, 201, upload.body);
    const photo = JSON.parse(upload.body);
    for (const variant of ['thumb', 'page', 'full']) {
      const served = await investigator()('GET', photo.urls[variant]);
      assert.equal(served.statusCode, 200);
      assert.equal(served.headers['content-type'], 'image/jpeg');
      const metadata = await sharp(served.rawPayload).metadata();
      assert.equal(metadata.exif, undefined);
    }
  });

  it('refuses bad photos and bad bodies with problem+json, storing nothing', async () => {
    const view = JSON.parse((await investigator()('POST', '/api/v1/cases', newChildCase())).body);
    const photosBefore = await countRows('photos');
    const post = (payload: Buffer | string, contentType: string) =>
      world.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${view.id}/photos`,
        headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}`, 'content-type': contentType },
        payload,
      });
    const notImage = multipartPhoto(Buffer.from('%PDF-1.4 not a photo'));
    assert.equal((await post(notImage.payload, notImage.contentType)).statusCode, 422);
    const bomb = multipartPhoto(pngBomb(60_000));
    const bombResponse = await post(bomb.payload, bomb.contentType);
    assert.equal(bombResponse.statusCode, 422);
    assert.match(JSON.parse(bombResponse.body).detail, /megapixels/);
    const huge = multipartPhoto(Buffer.alloc(world.deps.config.maxPhotoBytes + 10, 1));
    assert.equal((await post(huge.payload, huge.contentType)).statusCode, 413);
    assert.equal((await post('{"photo":"x"}', 'application/json')).statusCode, 415);
    const wrongField = multipartPhoto(await jpegWithGps(), 'picture');
    assert.equal((await post(wrongField.payload, wrongField.contentType)).statusCode, 400);
    assert.equal(await countRows('photos'), photosBefore);
  });

  it('refuses bad case bodies with the offending field and changes nothing', async () => {
    const casesBefore = await countRows('cases');
    const childrenBefore = await countRows('children');
    const base = newChildCase();
    // Each refusal names the field by pointer and says what is wrong by a stable code (with its figure),
    // which the console words in the officer's language; the sentence stays for scripts and logs.
    const cases: [string, unknown, string, Record<string, unknown>][] = [
      ['unknown field', { ...base, favouriteColour: 'red' }, '/body/favouriteColour', { code: 'unknown-field' }],
      ['wrong type', { ...base, child: { ...base.child, heightCm: '142' } }, '/body/child/heightCm', { code: 'type' }],
      [
        'longitude out of range',
        { ...base, lastSeen: { ...base.lastSeen, lon: 181 } },
        '/body/lastSeen/lon',
        { code: 'too-large', limit: 180 },
      ],
      [
        'last seen in the future',
        { ...base, lastSeen: { ...base.lastSeen, at: '2027-01-01T00:00:00Z' } },
        '/body/lastSeen/at',
        { code: 'future' },
      ],
      [
        'an adult',
        { ...base, child: { ...base.child, dateOfBirth: '2000-01-01' } },
        '/body/child/dateOfBirth',
        { code: 'not-a-child', limit: 18 },
      ],
      ['no age at all', { ...base, child: { ...base.child, dateOfBirth: undefined } }, '/body/child/dateOfBirth', { code: 'birth-or-age' }],
      [
        'both a new child and a known one',
        { ...base, childId: '00000000-0000-4000-8000-000000000000' },
        '/body/child',
        { code: 'child-or-known-child' },
      ],
      [
        'a language that is not a tag',
        { ...base, child: { ...base.child, languages: ['english!'] } },
        '/body/child/languages/0',
        { code: 'pattern' },
      ],
      [
        'a name too long',
        { ...base, child: { ...base.child, givenNames: 'x'.repeat(101) } },
        '/body/child/givenNames',
        { code: 'too-long', limit: 100 },
      ],
      ['an empty name', { ...base, child: { ...base.child, givenNames: '' } }, '/body/child/givenNames', { code: 'empty' }],
      ['no last seen', { ...base, lastSeen: undefined }, '/body/lastSeen', { code: 'required' }],
    ];
    for (const [name, body, pointer, code] of cases) {
      const response = await investigator()('POST', '/api/v1/cases', body);
      assert.equal(response.statusCode, 400, `${name}: ${response.body}`);
      assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      const problem = JSON.parse(response.body);
      assert.equal(problem.errors?.[0]?.pointer, pointer, name);
      assert.ok(problem.detail.length > 5);
      assert.ok(problem.errors[0].detail.length > 1, name);
      for (const [key, value] of Object.entries(code)) assert.equal(problem.errors[0][key], value, `${name}: ${key} in ${response.body}`);
    }
    const malformed = await world.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}`, 'content-type': 'application/json' },
      payload: '{"child": {',
    });
    assert.equal(malformed.statusCode, 400);
    const oversized = await investigator()('POST', '/api/v1/cases', { ...base, circumstances: 'x'.repeat(1_100_000) });
    assert.equal(oversized.statusCode, 413);
    const badQuestion = await investigator()('POST', `/api/v1/cases/00000000-0000-4000-8000-000000000000/risk-answers`, {
      answers: [{ question: 'favourite_food', answer: 'yes', source: 'x' }],
    });
    assert.equal(badQuestion.statusCode, 400);
    assert.equal(await countRows('cases'), casesBefore);
    assert.equal(await countRows('children'), childrenBefore);
  });
});

describeOnEngines('cases: exercises, odd input and the service documents', (engine) => {
  let world: TestWorld;
  const investigator = () => asToken(world, 'force-a/investigator');

  before(async () => {
    world = await worldOf(engine);
  });

  it('records an exercise case, and lists exercises after every real case, page after page', async () => {
    await investigator()('POST', '/api/v1/cases', newChildCase());
    const created = await investigator()('POST', '/api/v1/cases', newChildCase(undefined, { exercise: true }));
    assert.equal(created.statusCode, 201, created.body);
    const exercise = JSON.parse(created.body) as { id: string; exercise: boolean };
    assert.equal(exercise.exercise, true);
    await investigator()('POST', '/api/v1/cases', newChildCase());
    const seen: { id: string; exercise: boolean }[] = [];
    let cursor: string | null = null;
    do {
      const page = await investigator()('GET', `/api/v1/cases?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      assert.equal(page.statusCode, 200, page.body);
      const body = JSON.parse(page.body) as { items: typeof seen; nextCursor: string | null };
      seen.push(...body.items);
      cursor = body.nextCursor;
    } while (cursor);
    assert.equal(new Set(seen.map((item) => item.id)).size, seen.length, 'no case twice');
    const first = seen.findIndex((item) => item.exercise);
    assert.ok(first >= 0 && seen.find((item) => item.id === exercise.id)?.exercise === true);
    assert.deepEqual(
      seen.map((item) => item.exercise),
      seen.map((_, i) => i >= first),
      'every real case before every exercise, though the exercise is not the oldest',
    );
  });

  it('answers odd input with 400, never 500', async () => {
    const cursor = Buffer.from(JSON.stringify({ reportedAt: '2020-01-01T00:00:00Z', id: '-'.repeat(36) })).toString('base64url');
    const oldCursor = Buffer.from(
      JSON.stringify({ reportedAt: '+275760-09-13T00:00:00.000Z', id: '00000000-0000-4000-8000-000000000000' }),
    ).toString('base64url');
    for (const url of [
      `/api/v1/cases?cursor=${cursor}`,
      `/api/v1/cases?cursor=${oldCursor}`,
      '/api/v1/cases?q=%00',
      '/api/v1/cases?reportedFrom=0000-01-01T00:00:00Z',
    ]) {
      assert.equal((await investigator()('GET', url)).statusCode, 400, url);
    }
    const nul = await investigator()(
      'POST',
      '/api/v1/cases',
      newChildCase(undefined, { child: { ...newChildCase().child, givenNames: 'A\u0000' } }),
    );
    assert.equal(nul.statusCode, 400);
    assert.equal((await world.app.inject({ method: 'GET', url: '/cap/%00.xml' })).statusCode, 400);
    const view = JSON.parse((await investigator()('POST', '/api/v1/cases', newChildCase())).body);
    const noBoundary = await world.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${view.id}/photos`,
      headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}`, 'content-type': 'multipart/form-data' },
      payload: 'garbage',
    });
    assert.equal(noBoundary.statusCode, 400, noBoundary.body);
    const truncated = await world.app.inject({
      method: 'POST',
      url: `/api/v1/cases/${view.id}/photos`,
      headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}`, 'content-type': 'multipart/form-data; boundary=xyz' },
      payload: '--xyz\r\nContent-Disposition: form-data; name="photo"; filename="a.jpg"\r\n\r\nabc',
    });
    assert.ok([400, 422].includes(truncated.statusCode), `${truncated.statusCode} ${truncated.body}`);
  });

  it('publishes the OpenAPI 3.1 document with the case routes and their schemas', async () => {
    const response = await world.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const document = JSON.parse(response.body);
    assert.equal(document.openapi, '3.1.0');
    assert.ok(document.paths['/api/v1/cases'].post.requestBody);
    assert.ok(document.paths['/api/v1/cases/{caseId}'].get.responses['200']);
  });

  it('answers health, readiness and metrics', async () => {
    assert.equal((await world.app.inject({ method: 'GET', url: '/healthz' })).statusCode, 200);
    assert.equal((await world.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    const metrics = await world.app.inject({ method: 'GET', url: '/metrics' });
    assert.match(metrics.body, /fmn_http_request_duration_seconds_bucket/);
    assert.ok(!metrics.body.includes('Amelia'), 'no personal data in metrics');
  });
});
