// The hourly allowance of the public forms counts accepted submissions only, shared through the database;
// a refusal of any public form (limit, cross-site, size) is a page in the reader's language, while the
// JSON API keeps answering problem+json. On both databases.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { allowanceKeys, useAllowance } from '../abuse/allowance.ts';
import { seedDemoGazetteer } from '../geo/gazetteer.ts';
import { freshClientAddress, multipartBody, solvedChallenge, uniqueKey } from '../reports/test-support.ts';

describeOnEngines('The public forms’ allowance', (engine) => {
  let world: TestWorld;
  let slug: string;

  /** A post as the form's script sends it: multipart, asking for JSON, with a solved challenge. */
  const postSighting = async (fields: Record<string, string>, ip: string, headers: Record<string, string> = {}) => {
    const pow = await solvedChallenge(world.db, world.clock.now());
    const form = multipartBody({ idempotency_key: uniqueKey(), pow_id: pow.powId, pow_nonce: pow.powNonce, ...fields });
    return world.app.inject({
      method: 'POST',
      url: `/appeals/${slug}/sighting`,
      remoteAddress: ip,
      headers: { 'content-type': form.contentType, accept: 'application/json', ...headers },
      payload: form.payload,
    });
  };
  const good = { lat: '52.41', lon: '-4.08', description: 'A girl in a red coat at the bus station' };
  /** Uses up `count` of an address's allowance for a form, as accepted submissions would. */
  const used = async (form: string, ip: string, count: number) => {
    const keys = await allowanceKeys(world.db, ip, world.clock.now());
    for (let i = 0; i < count; i++) await useAllowance(world.db, form, keys, false, world.clock.now());
  };

  before(async () => {
    world = await startTestWorld(engine);
    ({ slug } = await approvedAlert(world));
    await seedDemoGazetteer(world.db);
  });
  after(() => world.close());

  it('lets a witness with three sightings and four typos (each sent twice, as the old script did) send another', async () => {
    const ip = freshClientAddress();
    for (let i = 0; i < 3; i++) assert.equal((await postSighting({ ...good, description: `Sighting ${i}` }, ip)).statusCode, 200);
    const typos: Record<string, string>[] = [
      { contact_phone: '0123' },
      { contact_email: 'me@' },
      { lat: '95' },
      { seen_at: 'yesterday-ish' },
    ];
    for (const typo of typos) {
      for (let twice = 0; twice < 2; twice++) {
        const refused = await postSighting({ ...good, ...typo }, ip);
        assert.equal(refused.statusCode, 422);
        assert.match(String(refused.headers['content-type']), /^text\/html/);
      }
    }
    const fourth = await postSighting({ ...good, description: 'Seen again, at the station' }, ip);
    assert.equal(fourth.statusCode, 200, fourth.body.slice(0, 300));
    assert.match(fourth.body, /"reference":"S-/);
  });

  it('counts only accepted sightings: the eleventh in an hour is refused with a page in Welsh when Welsh was chosen', async () => {
    const ip = freshClientAddress();
    await used('sighting', ip, 9);
    assert.equal((await postSighting(good, ip)).statusCode, 200, 'the tenth is accepted');
    const refused = await postSighting(good, ip, { cookie: 'lang=cy', 'accept-language': 'en-GB' });
    assert.equal(refused.statusCode, 429);
    assert.match(String(refused.headers['content-type']), /^text\/html/);
    assert.match(refused.body, /<html lang="cy"/);
    assert.match(refused.body, /Mae llawer wedi’i anfon o’ch cysylltiad/);
    assert.match(refused.body, /href="\/appeals\/[^"]+\/sighting\?lang=cy"/, 'with a way back to the form');
    // Without JavaScript (a plain form post asking for HTML), the same page.
    const form = multipartBody({ idempotency_key: uniqueKey(), ...good });
    const plain = await world.app.inject({
      method: 'POST',
      url: `/appeals/${slug}/sighting?lang=cy`,
      remoteAddress: ip,
      headers: { 'content-type': form.contentType, accept: 'text/html' },
      payload: form.payload,
    });
    assert.equal(plain.statusCode, 429);
    assert.match(plain.body, /<html lang="cy"/);
  });

  it('shares a network’s allowance, and the API answers its limit with problem+json', async () => {
    await used('sighting', '10.251.7.1', 60);
    const pow = await solvedChallenge(world.db, world.clock.now());
    const api = await world.app.inject({
      method: 'POST',
      url: '/api/v1/public/sightings',
      remoteAddress: '10.251.7.200',
      payload: { appeal: slug, idempotencyKey: uniqueKey(), ...pow, lat: 52.41, lon: -4.08, description: 'From the same network' },
    });
    assert.equal(api.statusCode, 429);
    assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
    assert.equal(JSON.parse(api.body).type, 'https://forgetmenot.example/problems/rate-limited');
  });

  it('answers the report form’s limit and a cross-site post with pages in the reader’s language', async () => {
    const ip = freshClientAddress();
    await used('report', ip, 10);
    const form = multipartBody({ idempotency_key: uniqueKey(), category: 'other', description: 'Worried about a child' });
    const limited = await world.app.inject({
      method: 'POST',
      url: '/report?lang=pl',
      remoteAddress: ip,
      headers: { 'content-type': form.contentType },
      payload: form.payload,
    });
    assert.equal(limited.statusCode, 429);
    assert.match(limited.body, /<html lang="pl"/);
    assert.match(limited.body, /W ciągu ostatniej godziny/);
    const crossSite = await world.app.inject({
      method: 'POST',
      url: '/report?lang=ro',
      remoteAddress: freshClientAddress(),
      headers: { 'content-type': form.contentType, 'sec-fetch-site': 'cross-site' },
      payload: form.payload,
    });
    assert.equal(crossSite.statusCode, 403);
    assert.match(crossSite.body, /<html lang="ro"/);
  });

  it('answers the sign-up, unsubscribe and manage forms’ refusals with pages, never JSON', async () => {
    const ip = freshClientAddress();
    const post = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      world.app.inject({
        method: 'POST',
        url,
        remoteAddress: ip,
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: new URLSearchParams(fields).toString(),
      });
    // A mistake in the form: the page again, in the language chosen from the menu (its cookie).
    const mistake = await post(
      '/alerts/sign-up',
      { channel_email: 'yes', email: 'not-an-address' },
      { cookie: 'lang=cy', 'accept-language': 'en-GB' },
    );
    assert.equal(mistake.statusCode, 422);
    assert.match(mistake.body, /<html lang="cy"/);
    let last = await post('/alerts/sign-up', {}, { cookie: 'lang=cy' });
    for (let i = 0; i < 12 && last.statusCode !== 429; i++) last = await post('/alerts/sign-up', {}, { cookie: 'lang=cy' });
    assert.equal(last.statusCode, 429);
    assert.match(String(last.headers['content-type']), /^text\/html/);
    assert.match(last.body, /<html lang="cy"/);
    const crossSite = await world.app.inject({
      method: 'POST',
      url: '/alerts/manage/00000000-0000-4000-8000-000000000000/token/settings?lang=ar',
      remoteAddress: freshClientAddress(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site' },
      payload: 'exercises=yes',
    });
    assert.equal(crossSite.statusCode, 403);
    assert.match(crossSite.body, /<html lang="ar" dir="rtl"/);
    const tooLarge = await world.app.inject({
      method: 'POST',
      url: '/alerts/unsubscribe/00000000-0000-4000-8000-000000000000/token',
      remoteAddress: freshClientAddress(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: `x=${'a'.repeat(20_000)}`,
    });
    assert.equal(tooLarge.statusCode, 413);
    assert.match(String(tooLarge.headers['content-type']), /^text\/html/);
  });
});
