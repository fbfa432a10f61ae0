// Sightings of an active appeal on both databases: the form and the API, what is stored (the point, the
// original photo with its EXIF, never public), refusals that store nothing, an ended appeal, idempotency,
// proof-of-work, the honeypot, rate limits, and hostile text rendered inert.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { powSolves } from '../abuse/pow.ts';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { jpegWithGps } from '../../test/support/images.ts';
import { seedDemoGazetteer } from '../geo/gazetteer.ts';
import { freshClientAddress, multipartBody, solvedChallenge, uniqueKey, XSS } from '../reports/test-support.ts';

/** Ways to send sightings of the appeal, and to count what it has stored, once the world has started. */
function sightingHelpers(appeal: () => { world: TestWorld; slug: string; alertId: string }) {
  const countRows = async () => {
    const { world, alertId } = appeal();
    return Number(
      (await world.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM public_submissions WHERE alert_id = $1`, [alertId])).rows[0]!.n,
    );
  };
  const postApi = (body: Record<string, unknown>, ip = freshClientAddress()) =>
    appeal().world.app.inject({ method: 'POST', url: '/api/v1/public/sightings', remoteAddress: ip, payload: body });
  const postForm = (
    fields: Record<string, string>,
    files: Parameters<typeof multipartBody>[1] = [],
    ip = freshClientAddress(),
    accept = 'text/html',
  ) => {
    const { world, slug } = appeal();
    const form = multipartBody(fields, files);
    return world.app.inject({
      method: 'POST',
      url: `/appeals/${slug}/sighting`,
      remoteAddress: ip,
      headers: { 'content-type': form.contentType, accept },
      payload: form.payload,
    });
  };
  const validApiBody = async (extra: Record<string, unknown> = {}) => {
    const { world, slug } = appeal();
    return {
      appeal: slug,
      idempotencyKey: uniqueKey(),
      ...(await solvedChallenge(world.db, world.clock.now())),
      lat: 52.41,
      lon: -4.08,
      description: 'A girl in a red coat at the bus station',
      ...extra,
    };
  };
  return { countRows, postApi, postForm, validApiBody };
}

describeOnEngines('Sightings of an appeal: taking, refusing and placing them', (engine) => {
  let world: TestWorld;
  let slug: string;
  let alertId: string;

  const { countRows, postApi, postForm, validApiBody } = sightingHelpers(() => ({ world, slug, alertId }));

  before(async () => {
    world = await startTestWorld(engine);
    ({ slug, alertId } = await approvedAlert(world));
    await seedDemoGazetteer(world.db);
  });
  after(() => world.close());

  it('takes a sighting through the form with a photo, keeps the original bytes with EXIF, and never serves it publicly', async () => {
    const form = await world.app.inject({ method: 'GET', url: `/appeals/${slug}/sighting` });
    assert.equal(form.statusCode, 200);
    assert.equal(form.headers['cache-control'], 'no-store');
    const key = /name="idempotency_key" value="([^"]+)"/.exec(form.body)![1]!;
    const photo = await jpegWithGps(800, 600);
    const sent = await postForm(
      {
        idempotency_key: key,
        ...(await solvedChallenge(world.db, world.clock.now()).then((s) => ({ pow_id: s.powId, pow_nonce: s.powNonce }))),
        place: 'Aberystwyth',
        description: 'Walking towards the pier',
        vehicle: 'Blue van',
      },
      [{ field: 'photo', filename: 'p.jpg', type: 'image/jpeg', bytes: photo }],
    );
    assert.equal(sent.statusCode, 200, sent.body);
    const reference = /class="reference">(S-[0-9A-Z]{4}-[0-9A-Z]{4})</.exec(sent.body)?.[1];
    assert.ok(reference, 'the receipt shows a reference');
    const { rows } = await world.db.query<{ id: string; lon: number; lat: number; details: Record<string, unknown>; queue: string }>(
      `SELECT id, lon, lat, details, queue FROM public_submissions WHERE reference = $1`,
      [reference],
    );
    assert.equal(rows.length, 1);
    assert.ok(Math.abs(rows[0]!.lat - 52.41) < 0.1 && Math.abs(rows[0]!.lon - -4.08) < 0.1, 'the typed place is found in the gazetteer');
    assert.equal(rows[0]!.details.vehicle, 'Blue van');
    assert.equal(rows[0]!.details.noScript, undefined, 'a solved challenge is not flagged');
    const { rows: files } = await world.db.query<{ media_key: string; sha256: string; content_type: string }>(
      `SELECT media_key, sha256, content_type FROM submission_attachments WHERE submission_id = $1`,
      [rows[0]!.id],
    );
    assert.equal(files.length, 1);
    assert.equal(files[0]!.sha256, createHash('sha256').update(photo).digest('hex'));
    const stored = await world.deps.media.get(files[0]!.media_key);
    assert.ok(stored && stored.bytes.equals(photo), 'the original bytes are kept as sent');
    assert.ok((await sharp(stored.bytes).metadata()).exif, 'with their EXIF');
    // Not under any public path: the appeal's photo route only serves the appeal's own public copies.
    for (const url of [
      `/appeals/${slug}/photos/1.jpg`,
      `/appeals/${slug}/photos/2.jpg`,
      `/media/${files[0]!.media_key}`,
      `/${files[0]!.media_key}`,
    ]) {
      const response = await world.app.inject({ method: 'GET', url });
      assert.ok(!response.rawPayload.includes(photo.subarray(0, 2000)), `${url} serves the sighting photo`);
    }
  });

  it('takes a sighting through the API, and a repeat of its idempotency key gets the same reference and no second row', async () => {
    const body = await validApiBody({
      seenAt: new Date(world.clock.now().getTime() - 3600_000).toISOString(),
      direction: 'North',
      contactPhone: '01970 123456',
    });
    const first = await postApi(body);
    assert.equal(first.statusCode, 201, first.body);
    const reference = JSON.parse(first.body).reference as string;
    assert.match(reference, /^S-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    const again = await postApi(body);
    assert.equal(again.statusCode, 200, again.body);
    assert.equal(JSON.parse(again.body).reference, reference);
    const { rows } = await world.db.query<{ n: number; phone: string; lat: number }>(
      `SELECT count(*)::int AS n, min(contact_phone) AS phone, min(lat) AS lat FROM public_submissions WHERE idempotency_key = $1`,
      [body.idempotencyKey],
    );
    assert.deepEqual(rows[0], { n: 1, phone: '+441970123456', lat: 52.41 });
  });

  it('refuses a future time, coordinates out of range, a missing description, and oversized or non-image files, storing nothing', async () => {
    const before = await countRows();
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ seenAt: new Date(world.clock.now().getTime() + 3600_000).toISOString() }, /future/],
      [{ seenAt: '2020-01-01T10:00:00Z' }, /before the child went missing/],
      [{ lat: 95 }, /latitude/],
      [{ lon: -200 }, /longitude/],
      [{ description: '   ' }, /what you saw/i],
      [{ description: 'x'.repeat(4001) }, /4000/],
      [{ vehicle: 'v'.repeat(501) }, /500/],
      [{ contactEmail: 'not-an-address' }, /email/i],
    ];
    for (const [change, message] of cases) {
      const response = await postApi(await validApiBody(change));
      assert.equal(response.statusCode, 400, `${JSON.stringify(change).slice(0, 60)}: ${response.body}`);
      assert.match(JSON.parse(response.body).detail, message);
    }
    const fields = { idempotency_key: uniqueKey(), place: 'Aberystwyth', description: 'Seen' };
    const notImage = await postForm(fields, [
      { field: 'photo', filename: 'x.jpg', type: 'image/jpeg', bytes: Buffer.from('%PDF-1.7 not a photo at all') },
    ]);
    assert.equal(notImage.statusCode, 422);
    assert.match(notImage.body, /not a photo we can read/);
    const huge = await postForm(fields, [
      { field: 'photo', filename: 'x.jpg', type: 'image/jpeg', bytes: Buffer.alloc(10 * 1024 * 1024 + 10, 1) },
    ]);
    assert.equal(huge.statusCode, 413);
    const missing = await postForm({ idempotency_key: uniqueKey(), place: 'Aberystwyth' });
    assert.equal(missing.statusCode, 422);
    assert.match(missing.body, /aria-invalid="true"/);
    assert.equal(await countRows(), before, 'nothing was stored');
  });

  it('offers choices for an ambiguous place and takes the chosen one', async () => {
    const key = uniqueKey();
    const first = await postForm({ idempotency_key: key, place: 'New', description: 'Seen near the shops' });
    assert.equal(first.statusCode, 422);
    const choice = /name="place_choice" value="(\d+)"/.exec(first.body)?.[1];
    assert.ok(choice, first.body.slice(0, 400));
    const chosen = await postForm({ idempotency_key: key, place: 'New', place_choice: choice, description: 'Seen near the shops' });
    assert.equal(chosen.statusCode, 200, chosen.body.slice(0, 500));
    const { rows } = await world.db.query<{ lat: number | null }>(`SELECT lat FROM public_submissions WHERE idempotency_key = $1`, [key]);
    assert.ok(rows[0]?.lat !== null && rows[0]?.lat !== undefined);
  });

  it('never refuses a sighting at a place it does not know: keeps the words for staff, shown as not recognised', async () => {
    const national = asToken(world, 'national/national_coordinator');
    // Through the API: taken at once, with its words and no point.
    const api = await postApi(await validApiBody({ lat: undefined, lon: undefined, place: 'Cwmystwyth Mine Road' }));
    assert.equal(api.statusCode, 201, api.body);
    const viaApi = (
      await world.db.query<{ lat: number | null; place_text: string }>(
        'SELECT lat, place_text FROM public_submissions WHERE reference = $1',
        [JSON.parse(api.body).reference],
      )
    ).rows[0]!;
    assert.deepEqual(viaApi, { lat: null, place_text: 'Cwmystwyth Mine Road' });
    // Through the form without script, a name nothing is spelt like is taken at once too.
    const key = uniqueKey();
    const form = await postForm({ idempotency_key: key, place: 'Qwzx Farm Lane', description: 'By the gate' });
    assert.equal(form.statusCode, 200, form.body.slice(0, 400));
    const list = await national('GET', '/api/v1/submissions?kind=sighting&limit=200');
    const item = (
      JSON.parse(list.body) as { items: { placeText: string | null; placeUnrecognised: boolean; nearPlace: unknown }[] }
    ).items.find((i) => i.placeText === 'Qwzx Farm Lane');
    assert.ok(item, 'staff see it in their queue');
    assert.equal(item.placeUnrecognised, true);
    assert.equal(item.nearPlace, null);
  });

  it('answers a near spelling with suggestions to pick from, without script, and keeps what was typed if none fits', async () => {
    const key = uniqueKey();
    const first = await postForm({ idempotency_key: key, place: 'Aberystwth', description: 'On the promenade' });
    assert.equal(first.statusCode, 422, 'asked once, not refused');
    assert.match(first.body, /Did you mean one of these\?/);
    const suggestion = /name="place_choice" value="(\d+)"><label for="place_choice_\d+">Aberystwyth, /.exec(first.body)?.[1];
    assert.ok(suggestion, first.body.slice(0, 2000));
    assert.match(first.body, /value="typed"><label for="place_choice_typed">None of these: send “\u2068Aberystwth\u2069” as I typed it/);
    const picked = await postForm({ idempotency_key: key, place: 'Aberystwth', place_choice: suggestion, description: 'On the promenade' });
    assert.equal(picked.statusCode, 200, picked.body.slice(0, 400));
    const stored = (
      await world.db.query<{ lat: number | null; place_text: string }>(
        'SELECT lat, place_text FROM public_submissions WHERE idempotency_key = $1',
        [key],
      )
    ).rows[0]!;
    assert.ok(stored.lat !== null && Math.abs(stored.lat - 52.41) < 0.1);
    assert.equal(stored.place_text, 'Aberystwyth');

    const keepKey = uniqueKey();
    const kept = await postForm({ idempotency_key: keepKey, place: 'Aberystwth', place_choice: 'typed', description: 'On the promenade' });
    assert.equal(kept.statusCode, 200, kept.body.slice(0, 400));
    const keptRow = (
      await world.db.query<{ lat: number | null; place_text: string }>(
        'SELECT lat, place_text FROM public_submissions WHERE idempotency_key = $1',
        [keepKey],
      )
    ).rows[0]!;
    assert.deepEqual(keptRow, { lat: null, place_text: 'Aberystwth' });
  });
});

describeOnEngines('Sightings of an appeal: suggestions, proofs, limits and an ended appeal', (engine) => {
  let world: TestWorld;
  let slug: string;
  let alertId: string;

  const { countRows, postApi, postForm, validApiBody } = sightingHelpers(() => ({ world, slug, alertId }));

  before(async () => {
    world = await startTestWorld(engine);
    ({ slug, alertId } = await approvedAlert(world));
    await seedDemoGazetteer(world.db);
  });
  after(() => world.close());

  it('suggests places as people type, from a small public JSON answer with a rate limit', async () => {
    const response = await world.app.inject({ method: 'GET', url: '/api/v1/public/places?q=aber', remoteAddress: freshClientAddress() });
    assert.equal(response.statusCode, 200);
    assert.match(String(response.headers['x-ratelimit-limit']), /^\d+$/, 'rate limited like the other public endpoints');
    const items = (JSON.parse(response.body) as { items: { id: number; name: string; label: string }[] }).items;
    assert.ok(items.length > 0 && items.length <= 8);
    assert.ok(items.some((item) => item.name === 'Aberystwyth' && item.label.startsWith('Aberystwyth, ')));
    assert.ok(
      items.some((item) => item.name === 'Cardigan'),
      'a Welsh name (Aberteifi) suggests its place',
    );
    assert.equal((await world.app.inject({ method: 'GET', url: '/api/v1/public/places?q=' })).statusCode, 400);
    const form = await world.app.inject({ method: 'GET', url: `/appeals/${slug}/sighting` });
    assert.match(form.body, /data-suggest="\/api\/v1\/public\/places"/);
    assert.match(form.body, /<datalist id="place-suggestions">/);
  });

  it('accepts a form without JavaScript under a smaller allowance, flagged for staff', async () => {
    const ip = freshClientAddress();
    const references: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await postForm({ idempotency_key: uniqueKey(), lat: '52.4', lon: '-4.0', description: `No script ${i}` }, [], ip);
      assert.equal(response.statusCode, 200, response.body.slice(0, 300));
      references.push(/class="reference">([^<]+)</.exec(response.body)![1]!);
    }
    const { rows } = await world.db.query<{ flag: boolean }>(
      `SELECT (details->>'noScript')::boolean AS flag FROM public_submissions WHERE reference = $1`,
      [references[0]],
    );
    assert.equal(rows[0]!.flag, true);
    const fourth = await postForm({ idempotency_key: uniqueKey(), lat: '52.4', lon: '-4.0', description: 'One too many' }, [], ip);
    assert.equal(fourth.statusCode, 429);
  });

  it('refuses a missing, wrong, reused or expired proof-of-work on the API, and accepts a valid one', async () => {
    const before = await countRows();
    const noPow = await postApi({ ...(await validApiBody()), powId: undefined, powNonce: undefined });
    assert.equal(noPow.statusCode, 403);
    const good = await solvedChallenge(world.db, world.clock.now(), 8);
    // A nonce past the first solution is a solution too once in 256 at 8 bits: take the next that is not.
    let wrongNonce = Number(good.powNonce) + 1;
    while (powSolves(good.powId, String(wrongNonce), 8)) wrongNonce++;
    const wrong = await postApi({ ...(await validApiBody()), powId: good.powId, powNonce: String(wrongNonce) });
    assert.equal(wrong.statusCode, 403, wrong.body);
    const unknown = await postApi({ ...(await validApiBody()), powId: 'AAAAAAAAAAAAAAAAAAAAAA', powNonce: '1' });
    assert.equal(unknown.statusCode, 403);
    assert.equal(await countRows(), before, 'nothing stored for bad solutions');
    const accepted = await postApi({ ...(await validApiBody()), ...good });
    assert.equal(accepted.statusCode, 201, accepted.body);
    const reused = await postApi({ ...(await validApiBody()), ...good });
    assert.equal(reused.statusCode, 403, 'a challenge works once');
    const old = await solvedChallenge(world.db, new Date(world.clock.now().getTime() - 11 * 60_000));
    const expired = await postApi({ ...(await validApiBody()), ...old });
    assert.equal(expired.statusCode, 403, 'an expired challenge is refused');
    assert.equal(await countRows(), before + 1);
  });

  it('hands out challenges a browser can solve', async () => {
    const response = await world.app.inject({ method: 'GET', url: '/api/v1/public/challenge' });
    assert.equal(response.statusCode, 200);
    const challenge = JSON.parse(response.body);
    assert.ok(challenge.difficulty >= 12 && challenge.difficulty <= 24);
    assert.ok(new Date(challenge.expiresAt).getTime() > world.clock.now().getTime());
    const { solvePow } = await import('../abuse/pow.ts');
    const accepted = await postApi({
      ...(await validApiBody()),
      powId: challenge.id,
      powNonce: solvePow(challenge.id, challenge.difficulty),
    });
    assert.equal(accepted.statusCode, 201, accepted.body);
  });

  it('pretends to take what fills the honeypot, and stores nothing', async () => {
    const before = await countRows();
    const response = await postForm({
      idempotency_key: uniqueKey(),
      lat: '52.4',
      lon: '-4.0',
      description: 'Bot',
      website: 'http://spam.example',
    });
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /class="reference">S-/);
    const api = await postApi({ ...(await validApiBody()), website: 'spam' });
    assert.equal(api.statusCode, 201);
    assert.equal(await countRows(), before);
  });

  it('limits one address by its accepted sightings; refused posts do not count', async () => {
    const ip = '10.250.1.1';
    // Refusals (here: no appeal named) use none of the allowance.
    for (let i = 0; i < 12; i++) assert.equal((await postApi({ appeal: slug, powId: 'x', powNonce: 'y' }, ip)).statusCode, 400);
    for (let i = 0; i < 10; i++) assert.equal((await postApi(await validApiBody(), ip)).statusCode, 201);
    assert.equal((await postApi(await validApiBody(), ip)).statusCode, 429);
    // The network's own allowance is covered in allowance.test.ts.
  });

  it('renders HTML and script in every field inert on the receipt and the form', async () => {
    const fields = {
      idempotency_key: uniqueKey(),
      lat: '52.4',
      lon: '-4.0',
      place: XSS,
      description: XSS,
      direction: XSS,
      companions: XSS,
      vehicle: XSS,
      contact_name: XSS,
    };
    const receipt = await postForm({
      ...fields,
      ...(await solvedChallenge(world.db, world.clock.now()).then((s) => ({ pow_id: s.powId, pow_nonce: s.powNonce }))),
    });
    assert.equal(receipt.statusCode, 200, receipt.body.slice(0, 300));
    const refused = await postForm({ ...fields, idempotency_key: uniqueKey(), contact_email: XSS, seen_at: XSS });
    assert.equal(refused.statusCode, 422);
    for (const body of [receipt.body, refused.body]) {
      assert.ok(!body.includes('<script>alert'), 'no live script');
      assert.ok(!body.includes('<img src=x'), 'no live element');
      assert.ok(body.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'), 'the text is shown escaped');
    }
  });

  it('refuses sightings once the appeal has ended', async () => {
    const before = await countRows();
    const withdrawn = await asToken(world, 'force-a/investigator')('POST', `/api/v1/alerts/${alertId}/withdraw`, { reason: 'found_safe' });
    assert.ok([200, 201].includes(withdrawn.statusCode), withdrawn.body);
    const page = await world.app.inject({ method: 'GET', url: `/appeals/${slug}/sighting` });
    assert.equal(page.statusCode, 410);
    // Found, and nothing of how: the same words whatever the outcome.
    assert.match(page.body, /The child has been found\. Thank you for your help\. The appeal has ended\./);
    assert.doesNotMatch(page.body, /safe/i);
    assert.ok(!page.body.includes('<form'), 'no form to fill in');
    const form = await postForm({ idempotency_key: uniqueKey(), lat: '52.4', lon: '-4.0', description: 'Late' });
    assert.equal(form.statusCode, 410);
    const api = await postApi(await validApiBody());
    assert.equal(api.statusCode, 410);
    assert.equal(await countRows(), before);
  });
});
