// Text and dates that cannot be stored are refused at the edge, on both databases: NUL and unpaired UTF-16
// surrogates in any JSON, form, query, path or multipart field at any depth, impossible dates and years
// outside a sane range, and a quote inside a CSV field. Each was a server error found by fuzzing; each
// must now be a refusal that stores nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from './support/databases.ts';
import { asToken, newChildCase, startTestWorld, type TestWorld } from './support/app.ts';
import { ALERT_AREA, ALERT_CONTENTS, ALERT_CRITERIA, approvedAlert } from './support/alerts.ts';
import { jpegWithGps } from './support/images.ts';
import { freshClientAddress, multipartBody, solvedChallenge, uniqueKey } from '../src/reports/test-support.ts';
import { seedDemoGazetteer } from '../src/geo/gazetteer.ts';
import { importCsv } from '../src/enrolment/enrolment.test-support.ts';
import { findUnsafeInput, MAX_INPUT_VALUES } from '../src/http/input-safety.ts';
import { isCalendarDate, parseInstant } from '../src/http/dates.ts';
import { parseSeenAt } from '../src/reports/submissions.ts';

const NUL = '\u0000';
const LONE = '\ud800';

/** `levels` objects deep, with `leaf` at the bottom. */
function nested(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = { deeper: value };
  return value;
}

describe('The edge check and the date helper', () => {
  it('finds NUL and unpaired surrogates at any depth, in values and field names, without recursion', () => {
    assert.deepEqual(findUnsafeInput(nested(100_000, `x${NUL}`), '/body')?.detail, 'must not contain NUL characters');
    assert.match(findUnsafeInput({ a: [1, { b: `x${LONE}y` }] }, '/body')!.pointer, /^\/body\/a\/1\/b$/);
    assert.ok(findUnsafeInput({ [`k${NUL}`]: 1 }, '/body'));
    assert.equal(findUnsafeInput({ a: 'ok 👍 \ud83d\ude00', b: [null, 2, true] }, '/body'), undefined, 'paired surrogates are fine');
    assert.match(findUnsafeInput(new Array(MAX_INPUT_VALUES + 1).fill(0), '/body')!.detail, /more than/);
  });

  it('refuses impossible dates and years outside a sane range', () => {
    for (const text of [
      '2026-02-30T10:00:00Z',
      '0000-01-01T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '9999-01-01T00:00:00Z',
      '2026-01-01T24:00:00Z',
      '2026-13-01T00:00:00Z',
      '2026-01-01T10:00:00+25:00',
    ]) {
      assert.equal(parseInstant(text), undefined, text);
      assert.equal(parseSeenAt(text), undefined, text);
    }
    assert.equal(parseInstant('2028-02-29T10:00:00.123+01:00')?.toISOString(), '2028-02-29T09:00:00.123Z');
    assert.equal(parseSeenAt('2026-11-23T13:05')?.toISOString(), '2026-11-23T13:05:00.000Z');
    assert.equal(parseSeenAt('2031-02-29T13:05'), undefined);
    assert.ok(isCalendarDate('2012-02-29'));
    for (const text of ['2013-02-29', '0000-01-01', '2013-04-31', '1066-10-14']) assert.equal(isCalendarDate(text), false, text);
  });
});

/** Requests to the world `world()` returns once it has started, and a count of what they may have stored. */
function edgeRequests(world: () => TestWorld) {
  const stored = async () => {
    const { rows } = await world().db.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM public_submissions)::int + (SELECT count(*) FROM photos)::int + (SELECT count(*) FROM cases)::int
            + (SELECT count(*) FROM subscribers)::int + (SELECT count(*) FROM alerts)::int AS n`,
    );
    return rows[0]!.n;
  };
  const json = (method: 'POST' | 'PATCH', url: string, body: unknown, headers: Record<string, string> = {}) =>
    // JSON.stringify writes an unpaired surrogate as the escape "\ud800", which JSON.parse turns back into one.
    world().app.inject({
      method,
      url,
      remoteAddress: freshClientAddress(),
      headers: { 'content-type': 'application/json', ...headers },
      payload: JSON.stringify(body),
    });
  const form = (
    url: string,
    fields: Record<string, string>,
    headers: Record<string, string> = {},
    files: Parameters<typeof multipartBody>[1] = [],
  ) => {
    const body = multipartBody(fields, files);
    return world().app.inject({
      method: 'POST',
      url,
      remoteAddress: freshClientAddress(),
      headers: { 'content-type': body.contentType, accept: 'text/html', ...headers },
      payload: body.payload,
    });
  };
  const powForm = async () => {
    const solved = await solvedChallenge(world().db, world().clock.now());
    return { pow_id: solved.powId, pow_nonce: solved.powNonce, idempotency_key: uniqueKey() };
  };
  const powApi = async () => ({ idempotencyKey: uniqueKey(), ...(await solvedChallenge(world().db, world().clock.now())) });
  return { stored, json, form, powForm, powApi };
}

/** The response is a refusal, answered as a problem (API) or a page (form). */
function refused(response: { statusCode: number; headers: Record<string, unknown>; body: string }, kind: 'api' | 'form', label: string) {
  assert.ok(response.statusCode >= 400 && response.statusCode < 500, `${label}: ${response.statusCode} ${response.body.slice(0, 300)}`);
  assert.match(String(response.headers['content-type']), kind === 'api' ? /application\/problem\+json/ : /text\/html/, label);
}

describeOnEngines('Input that cannot be stored is refused at the edge', (engine) => {
  let world: TestWorld;
  let slug: string;
  let caseId: string;
  let draftId: string;
  let draftVersion: number;

  const staff = { authorization: '' };
  const { stored, json, form, powForm, powApi } = edgeRequests(() => world);

  before(async () => {
    world = await startTestWorld(engine);
    staff.authorization = `Bearer ${world.tokens['force-a/investigator']}`;
    ({ slug } = await approvedAlert(world));
    await seedDemoGazetteer(world.db);
    const investigator = asToken(world, 'force-a/investigator');
    caseId = JSON.parse((await investigator('POST', '/api/v1/cases', newChildCase())).body).id;
    const draft = JSON.parse((await investigator('POST', '/api/v1/alerts', { caseId })).body);
    draftId = draft.id;
    draftVersion = draft.version;
  });
  after(() => world.close());

  it('refuses NUL in the multipart text fields of sightings, reports and photo captions', async () => {
    const before = await stored();
    const sighting = { place: 'Aberystwyth', description: `A girl${NUL} in a red coat`, vehicle: 'Blue van' };
    refused(await form(`/appeals/${slug}/sighting`, { ...(await powForm()), ...sighting }), 'form', 'sighting form');
    refused(
      await form('/api/v1/public/sightings', { appeal: slug, ...(await powForm()), ...sighting }, { accept: 'application/json' }),
      'api',
      'sighting API',
    );
    const report = { category: 'online_grooming', description: 'Messages to my niece', who: `An adult${NUL}` };
    refused(await form('/report', { ...(await powForm()), ...report }), 'form', 'report form');
    refused(await form('/api/v1/public/reports', { ...(await powForm()), ...report }, { accept: 'application/json' }), 'api', 'report API');
    const photo = await jpegWithGps(64, 48);
    const caption = await form(
      `/api/v1/cases/${caseId}/photos`,
      { caption: `At the fair${NUL}` },
      { ...staff, accept: 'application/json' },
      [{ field: 'photo', filename: 'p.jpg', type: 'image/jpeg', bytes: photo }],
    );
    refused(caption, 'api', 'photo caption');
    assert.equal(await stored(), before, 'nothing was stored');
  });

  it('refuses unpaired surrogates in any text stored as JSON', async () => {
    const before = await stored();
    for (const field of ['vehicle', 'direction', 'companions']) {
      refused(
        await json('POST', '/api/v1/public/sightings', {
          appeal: slug,
          ...(await powApi()),
          lat: 52.41,
          lon: -4.08,
          description: 'Seen',
          [field]: `x${LONE}`,
        }),
        'api',
        field,
      );
    }
    refused(
      await json('POST', '/api/v1/public/reports', {
        ...(await powApi()),
        category: 'online_grooming',
        description: 'Messages',
        who: `x${LONE}`,
      }),
      'api',
      'who',
    );
    refused(
      await json('POST', '/api/v1/public/reports', {
        ...(await powApi()),
        category: 'online_grooming',
        description: 'Messages',
        links: [`https://a.example/${LONE}`],
      }),
      'api',
      'links',
    );
    const criteria = { ...ALERT_CRITERIA, imminentDanger: { met: true, reason: `Seen taken${LONE}` } };
    refused(
      await json(
        'PATCH',
        `/api/v1/alerts/${draftId}`,
        { version: draftVersion, criteria, contents: ALERT_CONTENTS, area: ALERT_AREA },
        staff,
      ),
      'api',
      'criteria reason',
    );
    const area = { ...ALERT_AREA, parts: [{ ...ALERT_AREA.parts[0], properties: { name: `Ring${LONE}` } }] };
    refused(
      await json(
        'PATCH',
        `/api/v1/alerts/${draftId}`,
        { version: draftVersion, criteria: ALERT_CRITERIA, contents: ALERT_CONTENTS, area },
        staff,
      ),
      'api',
      'area properties',
    );
    refused(await json('POST', '/api/v1/cases', { ...newChildCase(), clothing: `Red coat${LONE}` }, staff), 'api', 'case text');
    assert.equal(await stored(), before, 'nothing was stored');
  });

  it('refuses NUL nested deeper than any fixed limit, in query strings and paths too', async () => {
    const area = { ...ALERT_AREA, parts: [{ ...ALERT_AREA.parts[0], properties: nested(40, `deep${NUL}`) }] };
    refused(
      await json(
        'PATCH',
        `/api/v1/alerts/${draftId}`,
        { version: draftVersion, criteria: ALERT_CRITERIA, contents: ALERT_CONTENTS, area },
        staff,
      ),
      'api',
      'deep NUL',
    );
    refused(await world.app.inject({ method: 'GET', url: '/api/v1/cases?q=Amelia%00', headers: staff }), 'api', 'query');
    refused(await world.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}%00`, headers: staff }), 'api', 'path');
  });

  it("refuses out-of-range years and impossible dates in a report's time, a sighting's and a case's", async () => {
    const before = await stored();
    for (const seenAt of ['0000-01-01T00:00:00Z', '+275760-09-13T00:00:00Z', '9999-12-31T23:59:59Z', '2026-02-30T10:00:00Z']) {
      refused(
        await json('POST', '/api/v1/public/reports', { ...(await powApi()), category: 'online_grooming', description: 'Messages', seenAt }),
        'api',
        `report ${seenAt}`,
      );
      refused(
        await json('POST', '/api/v1/public/sightings', {
          appeal: slug,
          ...(await powApi()),
          lat: 52.41,
          lon: -4.08,
          description: 'Seen',
          seenAt,
        }),
        'api',
        `sighting ${seenAt}`,
      );
      refused(
        await form('/report', { ...(await powForm()), category: 'online_grooming', description: 'Messages', seen_at: seenAt }),
        'form',
        `report form ${seenAt}`,
      );
    }
    const child = newChildCase();
    refused(
      await json('POST', '/api/v1/cases', { ...child, child: { ...child.child, dateOfBirth: '0000-01-01' } }, staff),
      'api',
      'year 0 birth',
    );
    refused(
      await json('POST', '/api/v1/cases', { ...child, child: { ...child.child, dateOfBirth: '2014-02-30' } }, staff),
      'api',
      '30 February',
    );
    refused(
      await json('POST', '/api/v1/cases', { ...child, lastSeen: { ...child.lastSeen, at: '2026-02-30T10:00:00Z' } }, staff),
      'api',
      'last seen 30 February',
    );
    assert.equal(await stored(), before, 'nothing was stored');
  });

  it('answers a quote inside a CSV field with the 422 row report', async () => {
    const response = await importCsv(
      world,
      'partner/partner_admin',
      'external_ref,channel,address,area,label\nr1,email,a@example.org,area-a,Mrs "Bee" Jones\nr2,email,b"c@example.org,area-a,\n',
    );
    assert.equal(response.statusCode, 422, response.body);
    const problem = JSON.parse(response.body) as { detail: string; errors: { line: number; column: string | null }[] };
    assert.deepEqual(
      problem.errors.map((error) => [error.line, error.column]),
      [[3, 'address']],
      'only the bad address is reported; a quote in a label is text',
    );
    const closing = await importCsv(
      world,
      'partner/partner_admin',
      'external_ref,channel,address,area\nr1,email,a@example.org,area-a\nr2,email,"b"c@example.org",area-a\n',
    );
    assert.equal(closing.statusCode, 422, closing.body);
    assert.equal(JSON.parse(closing.body).errors[0].line, 3, "a stray quote in a quoted field is that row's problem too");
    const { rows } = await world.db.query<{ n: number }>("SELECT count(*)::int AS n FROM subscribers WHERE external_ref IN ('r1', 'r2')");
    assert.equal(rows[0]!.n, 0);
  });
});
