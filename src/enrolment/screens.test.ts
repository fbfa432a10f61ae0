// Screens: the secret URL shown once, the page showing the live appeals of the screen's area and no
// others, its event stream following a withdrawal, and a revoked screen answering 404 everywhere.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_A_POINT, FORCE_B_POINT, newChildCase, sessionFor, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { jpegWithGps, multipartPhoto } from '../../test/support/images.ts';
import { addPartnerOrganisation, countRows } from './enrolment.test-support.ts';

const CRITERIA = {
  under18: { met: true, reason: 'She is 12.' },
  imminentDanger: { met: true, reason: 'Seen taken into a car.' },
  enoughInformation: { met: true, reason: 'Photo and car description.' },
};

function contents(headline: string) {
  return [
    {
      language: 'en',
      headline,
      description: `${headline}: description for the public.`,
      instruction: 'Call 999 if you see her. Do not approach.',
      contact: 'Call 999 and quote Child Rescue Alert.',
      smsText: `${headline}. If seen call 999.`,
      broadcastText: `${headline}. Call 999.`,
    },
    {
      language: 'cy',
      headline: `${headline} (Cymraeg)`,
      description: 'Disgrifiad i’r cyhoedd.',
      instruction: 'Ffoniwch 999.',
      contact: 'Ffoniwch 999.',
      smsText: `${headline}. Ffoniwch 999.`,
      broadcastText: `${headline}. Ffoniwch 999.`,
    },
  ];
}

interface SseEvent {
  event?: string;
  data?: string;
  retry?: string;
}

/** The events of a text/event-stream body, one block at a time (comments are skipped). */
async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event: SseEvent = {};
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = line.slice(0, colon) as keyof SseEvent;
        event[field] = line.slice(colon + 1).replace(/^ /, '');
      }
      if (Object.keys(event).length > 0) yield event;
    }
  }
}

async function nextAppeals(
  events: AsyncGenerator<SseEvent>,
): Promise<{ slug: string; headline: string; photoUrl: string | null; lastSeen: string }[]> {
  for (let next = await events.next(); !next.done; next = await events.next()) {
    if (next.value.event === 'appeals') return JSON.parse(next.value.data!);
  }
  throw new Error('the stream ended');
}

describeOnEngines('Screens', (engine) => {
  let world: TestWorld;
  let baseUrl: string;
  const partner = () => asToken(world, 'partner/partner_admin');
  let inArea: { id: string; slug: string };
  let elsewhere: { id: string; slug: string };
  let exercise: { id: string; slug: string };
  let areaScreen: { id: string; url: string };
  let nationalScreen: { id: string; url: string };
  const pathOf = (url: string) => new URL(url).pathname;

  async function activeAlert(
    force: 'force-a' | 'force-b',
    point: { lon: number; lat: number },
    headline: string,
    options: { photo?: boolean; capStatus?: string } = {},
  ) {
    const investigator = asToken(world, `${force}/investigator`);
    const practice = options.capStatus !== undefined && options.capStatus !== 'Actual';
    const caseId = JSON.parse((await investigator('POST', '/api/v1/cases', newChildCase(point, practice ? { exercise: true } : {}))).body)
      .id as string;
    if (options.photo) {
      const form = multipartPhoto(await jpegWithGps(600, 750));
      const upload = await world.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/photos`,
        headers: { authorization: `Bearer ${world.tokens[`${force}/investigator`]}`, 'content-type': form.contentType },
        payload: form.payload,
      });
      assert.equal(upload.statusCode, 201, upload.body);
    }
    const draft = await investigator('POST', '/api/v1/alerts', {
      caseId,
      criteria: CRITERIA,
      contents: contents(headline),
      area: { parts: [{ kind: 'circle', center: [point.lon, point.lat], radiusKm: 10 }] },
      ...(options.capStatus ? { capStatus: options.capStatus } : {}),
    });
    assert.equal(draft.statusCode, 201, draft.body);
    const { id, slug } = JSON.parse(draft.body) as { id: string; slug: string };
    assert.equal((await investigator('POST', `/api/v1/alerts/${id}/submit`)).statusCode, 200);
    const approver = await sessionFor(world, `${force}/approver`);
    const approved = await approver('POST', `/api/v1/alerts/${id}/approve`, {});
    assert.equal(approved.statusCode, 200, approved.body);
    return { id, slug };
  }

  before(async () => {
    world = await startTestWorld(engine);
    await addPartnerOrganisation(world, 'rival');
    baseUrl = await world.app.listen({ port: 0, host: '127.0.0.1' });
    inArea = await activeAlert('force-a', FORCE_A_POINT, 'Appeal in Area A', { photo: true });
    elsewhere = await activeAlert('force-b', FORCE_B_POINT, 'Appeal in Area B');
    exercise = await activeAlert('force-a', { lon: -3.2, lat: 52.2 }, 'Exercise in Area A', { capStatus: 'Exercise' });
  });
  after(() => world.close());

  it('creates a screen whose secret address is shown once and stored only as a hash', async () => {
    const created = await partner()('POST', '/api/v1/enrolment/screens', {
      name: 'Depot 4 canteen',
      area: { jurisdictionCodes: ['area-a'] },
      language: 'en',
    });
    assert.equal(created.statusCode, 201, created.body);
    areaScreen = JSON.parse(created.body);
    assert.match(areaScreen.url, /^http:\/\/localhost:8080\/screens\/[A-Za-z0-9_-]{43}$/);
    const token = areaScreen.url.split('/').pop()!;
    assert.equal(await countRows(world, `screens WHERE token_hash = encode(sha256(convert_to($1, 'UTF8')), 'hex')`, [token]), 1);
    assert.equal(
      await countRows(world, `screens WHERE row_to_json(screens)::text LIKE '%' || $1 || '%'`, [token]),
      0,
      'the token itself is not stored',
    );

    const national = await partner()('POST', '/api/v1/enrolment/screens', { name: 'Head office lobby', language: 'cy', exercises: true });
    assert.equal(national.statusCode, 201, national.body);
    nationalScreen = JSON.parse(national.body);
    assert.equal((nationalScreen as unknown as { cells: number }).cells, 0, 'no area: every appeal in the country');

    const list = await partner()('GET', '/api/v1/enrolment/screens');
    assert.ok(!list.body.includes(token), 'the list never shows the address');
    assert.deepEqual(
      JSON.parse(list.body).items.map((s: { name: string }) => s.name),
      ['Depot 4 canteen', 'Head office lobby'],
    );
    assert.deepEqual(
      JSON.parse(list.body).items.map((s: { areaNames: string[] }) => s.areaNames),
      [['Area A'], []],
      'areas named by the force areas they fall in',
    );
  });

  it('shows the live appeals of its area and none from elsewhere, in a page that needs no script', async () => {
    const page = await world.app.inject({ method: 'GET', url: pathOf(areaScreen.url) });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /text\/html/);
    assert.match(page.body, /Appeal in Area A/);
    assert.ok(!page.body.includes('Appeal in Area B'), 'an appeal outside the area is not shown');
    assert.ok(!page.body.includes('Exercise in Area A'), 'exercises only where the screen asked for them');
    assert.match(page.body, new RegExp(`<img src="/appeals/${inArea.slug}/photos/1\\.jpg"`));
    assert.match(page.body, /Outside the leisure centre/, 'where the child was last seen');
    assert.match(page.body, /Call 999 and quote Child Rescue Alert/);
    assert.match(page.body, /<noscript><meta http-equiv="refresh" content="60"><\/noscript>/);
    assert.match(page.body, /<script src="\/screens\/screen\.js" defer><\/script>/);
    assert.doesNotMatch(page.body, /<script(?![^>]*\bsrc=)/, 'no inline script');
    assert.match(String(page.headers['content-security-policy']), /script-src 'self'/);
    assert.equal(page.headers['cache-control'], 'no-store');
    assert.equal(page.headers['referrer-policy'], 'no-referrer');
    const script = await world.app.inject({ method: 'GET', url: '/screens/screen.js' });
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /javascript/);
    assert.match(script.body, /new EventSource/);
    assert.doesNotMatch(script.body, /innerHTML/);
    assert.equal((await world.app.inject({ method: 'GET', url: '/screens/screen.css' })).statusCode, 200);

    const seen = await world.db.query<{ last_seen_at: Date | null }>('SELECT last_seen_at FROM screens WHERE id = $1', [areaScreen.id]);
    assert.ok(seen.rows[0]!.last_seen_at, 'last seen is recorded');

    const national = await world.app.inject({ method: 'GET', url: pathOf(nationalScreen.url) });
    assert.match(national.body, /<html lang="cy" dir="ltr">/);
    assert.match(national.body, /Appeal in Area A \(Cymraeg\)/, 'the appeal in the screen’s language');
    assert.match(national.body, /Appeal in Area B \(Cymraeg\)/);
    assert.match(national.body, /Exercise in Area A/);
  });

  it('streams the appeals, and drops a withdrawn appeal from the screen at once', { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}${pathOf(areaScreen.url)}/events`, { signal: controller.signal });
    try {
      assert.equal(response.status, 200);
      assert.match(String(response.headers.get('content-type')), /^text\/event-stream/);
      const events = sseEvents(response.body!);
      const first = await events.next();
      assert.ok(first.value.retry, 'the stream tells the browser how soon to reconnect');
      const shown = await nextAppeals(events);
      assert.deepEqual(
        shown.map((a) => a.slug),
        [inArea.slug],
      );
      assert.equal(shown[0]!.photoUrl, `/appeals/${inArea.slug}/photos/1.jpg`);

      const withdrawn = await asToken(world, 'force-a/investigator')('POST', `/api/v1/alerts/${inArea.id}/withdraw`, {
        reason: 'found_safe',
      });
      assert.equal(withdrawn.statusCode, 200, withdrawn.body);
      assert.deepEqual(await nextAppeals(events), [], 'the next event no longer has the appeal');
    } finally {
      controller.abort();
    }
    const page = await world.app.inject({ method: 'GET', url: pathOf(areaScreen.url) });
    assert.ok(!page.body.includes('Appeal in Area A'), 'nothing of an ended appeal');
    assert.ok(!page.body.includes(inArea.slug));
    assert.match(page.body, /There are no active appeals in this area right now/);
  });

  it('keeps each organisation to its own screens', async () => {
    const rival = asToken(world, 'rival/partner_admin');
    assert.deepEqual(JSON.parse((await rival('GET', '/api/v1/enrolment/screens')).body).items, []);
    assert.equal((await rival('DELETE', `/api/v1/enrolment/screens/${nationalScreen.id}`)).statusCode, 404);
    assert.equal((await world.app.inject({ method: 'GET', url: pathOf(nationalScreen.url) })).statusCode, 200, 'still live');
    assert.equal((await asToken(world, 'force-a/investigator')('POST', '/api/v1/enrolment/screens', { name: 'x' })).statusCode, 403);
  });

  it('answers 404 once revoked, and ends the streams already open', { timeout: 60_000 }, async () => {
    const controller = new AbortController();
    const response = await fetch(`${baseUrl}${pathOf(nationalScreen.url)}/events`, { signal: controller.signal });
    try {
      const events = sseEvents(response.body!);
      assert.deepEqual((await nextAppeals(events)).map((a) => a.slug).sort(), [elsewhere.slug, exercise.slug].sort());
      assert.equal((await partner()('DELETE', `/api/v1/enrolment/screens/${nationalScreen.id}`)).statusCode, 204);
      assert.deepEqual(await nextAppeals(events), [], 'told to show nothing');
      assert.equal((await events.next()).done, true, 'and the stream ends');
    } finally {
      controller.abort();
    }
    const page = await world.app.inject({ method: 'GET', url: pathOf(nationalScreen.url) });
    assert.equal(page.statusCode, 404);
    assert.ok(!page.body.includes('Appeal in Area B'));
    assert.equal((await world.app.inject({ method: 'GET', url: `${pathOf(nationalScreen.url)}/events` })).statusCode, 404);
    assert.equal((await world.app.inject({ method: 'GET', url: '/screens/not-a-token' })).statusCode, 404);
    const listed = JSON.parse((await partner()('GET', '/api/v1/enrolment/screens')).body).items.find(
      (s: { id: string }) => s.id === nationalScreen.id,
    );
    assert.ok(listed.revokedAt);
    assert.equal((await partner()('DELETE', `/api/v1/enrolment/screens/${nationalScreen.id}`)).statusCode, 404, 'already off');
  });
});
