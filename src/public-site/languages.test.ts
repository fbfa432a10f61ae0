// The visitor's language across every public journey, on both databases: chosen from the menu (its
// cookie) or by address (`?lang=`), the report, sighting and sign-up forms, their mistakes, refusals and
// receipts speak it over the browser's English; a Welsh sign-up's email link opens Welsh pages; Urdu pages
// are right to left; pages not in English say who wrote their translation.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { seedDemoGazetteer } from '../geo/gazetteer.ts';
import { SITE_LANGUAGES, translator } from '../i18n/i18n.ts';
import { freshClientAddress, multipartBody, uniqueKey } from '../reports/test-support.ts';
import { linkSecret, unsubscribeUrl } from '../subscribers/links.ts';
import { escapeHtml } from '../http/html.ts';
import { LANGUAGE_NAMES } from './language.ts';

const cy = translator('cy');
const en = translator('en');
/** A string as a page prints it (escaped), to look for in a body. */
const printed = (text: string) => escapeHtml(text);
const ENGLISH_BROWSER = { 'accept-language': 'en-GB,en;q=0.9' };

/** Requests as a visitor whose browser asks for English, each from an address of its own. */
function visitor(world: () => TestWorld) {
  const get = (url: string, headers: Record<string, string> = {}) =>
    world().app.inject({ method: 'GET', url, remoteAddress: freshClientAddress(), headers: { ...ENGLISH_BROWSER, ...headers } });
  const postMultipart = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) => {
    const form = multipartBody(fields);
    return world().app.inject({
      method: 'POST',
      url,
      remoteAddress: freshClientAddress(),
      headers: { ...ENGLISH_BROWSER, 'content-type': form.contentType, accept: 'text/html', ...headers },
      payload: form.payload,
    });
  };
  const postUrlEncoded = (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
    world().app.inject({
      method: 'POST',
      url,
      remoteAddress: freshClientAddress(),
      headers: { ...ENGLISH_BROWSER, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      payload: new URLSearchParams(fields).toString(),
    });
  return { get, postMultipart, postUrlEncoded };
}

const assertWelsh = (body: string, key: string, what: string) => {
  assert.match(body, /<html lang="cy" dir="ltr">/, `${what} is a Welsh page`);
  assert.ok(body.includes(printed(cy(key))), `${what} says ${key} in Welsh`);
  assert.ok(!body.includes(printed(en(key))), `${what} does not say ${key} in English`);
};

// Each way of choosing Welsh: the menu's cookie, and the address alone.
const WELSH_CHOICES: { name: string; query: string; headers: Record<string, string> }[] = [
  { name: 'the menu’s cookie', query: '', headers: { cookie: 'lang=cy' } },
  { name: '?lang=cy', query: '?lang=cy', headers: {} },
];

/** A Welsh sign-up's confirmation link opens Welsh pages in a browser that asks for English, and so do the pages after it. */
async function welshSignUpStaysWelsh(world: TestWorld, email: string) {
  const { get, postUrlEncoded } = visitor(() => world);
  // The form as a Welsh reader sends it: its language list starts on the page's language.
  const form = await get('/alerts/sign-up', { cookie: 'lang=cy' });
  assert.match(form.body, /<option value="cy" lang="cy" selected>/);
  const signedUp = await postUrlEncoded(
    '/alerts/sign-up',
    { channel_email: 'yes', email, place1: 'Oxford', language: 'cy', consent: 'yes' },
    { cookie: 'lang=cy' },
  );
  assert.equal(signedUp.statusCode, 200, signedUp.body);
  assertWelsh(signedUp.body, 'subscribe.check.title', 'the page after signing up');

  const { rows } = await world.db.query<{ subscriber_id: string; payload: { link: string; language: string } }>(
    `SELECT d.subscriber_id, d.payload FROM deliveries d JOIN subscriber_channels c ON c.subscriber_id = d.subscriber_id
     WHERE c.address = $1 AND d.channel = 'email' AND d.notice = 'confirm'`,
    [email],
  );
  const link = new URL(rows[0]!.payload.link);
  assert.equal(link.searchParams.get('lang'), 'cy', 'the link carries the language');

  // Opened from a mail client: no cookie, a browser asking for English.
  const opened = await get(`${link.pathname}${link.search}`);
  assert.equal(opened.statusCode, 200);
  assertWelsh(opened.body, 'subscribe.confirmLink.title', 'the page the email link opens');
  const action = /<form method="post" action="([^"]+)"/.exec(opened.body)![1]!;
  assert.match(action, /\?lang=cy$/);
  const confirmed = await postUrlEncoded(action, {});
  assert.equal(confirmed.statusCode, 200);
  assertWelsh(confirmed.body, 'subscribe.confirmed.title', 'the confirmed page');
  const manage = /<a href="(\/alerts\/manage\/[^"]+)">/.exec(confirmed.body)![1]!;
  assert.match(manage, /\?lang=cy$/);
  assertWelsh((await get(manage)).body, 'subscribe.manage.title', 'the manage page');

  // The unsubscribe link of a Welsh alert email carries Welsh too.
  const unsubscribe = new URL(
    unsubscribeUrl('http://localhost:8080', await linkSecret(world.db, world.clock.now()), rows[0]!.subscriber_id, 'cy'),
  );
  assert.equal(unsubscribe.searchParams.get('lang'), 'cy');
  assertWelsh((await get(`${unsubscribe.pathname}${unsubscribe.search}`)).body, 'subscribe.unsubscribe.title', 'the unsubscribe page');
}

describeOnEngines('The visitor’s language on every public journey', (engine) => {
  let world: TestWorld;
  let slug: string;
  let emailCounter = 0;

  const { get, postMultipart, postUrlEncoded } = visitor(() => world);

  before(async () => {
    world = await startTestWorld(engine);
    ({ slug } = await approvedAlert(world));
    await seedDemoGazetteer(world.db);
  });
  after(() => world.close());

  it('sets the cookie from the menu and returns to the page in the language chosen', async () => {
    const chosen = await get('/language/cy?next=%2Freport');
    assert.equal(chosen.statusCode, 303);
    assert.equal(chosen.headers.location, '/report?lang=cy');
    assert.match(String(chosen.headers['set-cookie']), /^lang=cy;/);
  });

  for (const choice of WELSH_CHOICES) {
    it(`renders the report, sighting and sign-up forms in Welsh, chosen by ${choice.name}`, async () => {
      const forms: [string, string][] = [
        ['/report', 'report.title'],
        [`/appeals/${slug}/sighting`, 'intake.sighting.title'],
        ['/alerts/sign-up', 'subscribe.signUp.title'],
      ];
      for (const [path, key] of forms) {
        const response = await get(`${path}${choice.query}`, choice.headers);
        assert.equal(response.statusCode, 200, path);
        assertWelsh(response.body, key, path);
        assert.equal(response.headers['content-language'], 'cy', path);
        assert.ok(response.body.includes(printed(cy('site.translationNote'))), `${path} says who wrote the translation`);
        // The form posts back in the same language, whatever the cookie does afterwards.
        assert.match(response.body, /<form [^>]*action="[^"]*\?lang=cy/, `${path} posts with its language`);
      }
      const signUp = await get(`/alerts/sign-up${choice.query}`, choice.headers);
      assert.match(String(signUp.headers.vary), /Cookie/, 'a cache keeps the sign-up page apart per language cookie');
    });

    it(`answers mistakes in the report, sighting and sign-up forms in Welsh, chosen by ${choice.name}`, async () => {
      const report = await postMultipart(
        `/report${choice.query}`,
        { idempotency_key: uniqueKey(), category: 'other', description: '' },
        choice.headers,
      );
      assert.equal(report.statusCode, 422);
      assertWelsh(report.body, 'intake.problem.descriptionRequired', 'the report form with a mistake');
      assert.ok(report.body.includes(printed(cy('intake.errorSummary'))));

      const sighting = await postMultipart(
        `/appeals/${slug}/sighting${choice.query}`,
        { idempotency_key: uniqueKey(), place: 'Aberystwyth', description: '' },
        choice.headers,
      );
      assert.equal(sighting.statusCode, 422);
      assertWelsh(sighting.body, 'intake.problem.descriptionRequired', 'the sighting form with a mistake');

      const signUp = await postUrlEncoded(
        `/alerts/sign-up${choice.query}`,
        { email: 'someone@example.org', place1: 'Oxford', consent: 'yes' },
        choice.headers,
      );
      assert.equal(signUp.statusCode, 422);
      assertWelsh(signUp.body, 'subscribe.error.channelRequired', 'the sign-up form with a mistake');
    });

    it(`refuses a post from another site with a page in Welsh, chosen by ${choice.name}`, async () => {
      const crossSite = { ...choice.headers, 'sec-fetch-site': 'cross-site', origin: 'https://elsewhere.example' };
      const refusals = [
        await postMultipart(`/report${choice.query}`, { idempotency_key: uniqueKey(), category: 'other', description: 'x' }, crossSite),
        await postMultipart(
          `/appeals/${slug}/sighting${choice.query}`,
          { idempotency_key: uniqueKey(), place: 'Aberystwyth', description: 'x' },
          crossSite,
        ),
        await postUrlEncoded(
          `/alerts/sign-up${choice.query}`,
          { channel_email: 'yes', email: 'someone@example.org', place1: 'Oxford', consent: 'yes' },
          crossSite,
        ),
      ];
      for (const refused of refusals) {
        assert.equal(refused.statusCode, 403);
        assertWelsh(refused.body, 'formError.crossSite', 'the refusal');
        assert.match(refused.body, /href="[^"]+\?lang=cy">/, 'with a way back in Welsh');
      }
    });

    it(`shows the report and sighting receipts in Welsh, chosen by ${choice.name}`, async () => {
      const report = await postMultipart(
        `/report${choice.query}`,
        { idempotency_key: uniqueKey(), category: 'other', description: 'A worry about a child' },
        choice.headers,
      );
      assert.equal(report.statusCode, 200, report.body);
      assertWelsh(report.body, 'report.receivedHeading', 'the report receipt');
      assert.ok(report.body.includes(printed(cy('report.category.other'))), 'what was sent is labelled in Welsh');

      const sighting = await postMultipart(
        `/appeals/${slug}/sighting${choice.query}`,
        { idempotency_key: uniqueKey(), place: 'Aberystwyth', description: 'By the pier' },
        choice.headers,
      );
      assert.equal(sighting.statusCode, 200, sighting.body);
      assertWelsh(sighting.body, 'intake.sighting.receivedHeading', 'the sighting receipt');

      // The form's script asks for JSON, then opens the receipt's address: it keeps the form's language.
      const json = await postMultipart(
        `/appeals/${slug}/sighting?lang=cy`,
        { idempotency_key: uniqueKey(), place: 'Aberystwyth', description: 'By the harbour' },
        { accept: 'application/json' },
      );
      assert.equal(json.statusCode, 200, json.body);
      const receiptUrl = (JSON.parse(json.body) as { receiptUrl: string }).receiptUrl;
      assert.match(receiptUrl, /\?lang=cy$/);
      assertWelsh((await get(receiptUrl)).body, 'intake.sighting.receivedHeading', 'the sighting receipt by its address');
      const reportJson = await postMultipart(
        '/report?lang=cy',
        { idempotency_key: uniqueKey(), category: 'other', description: 'Another worry' },
        { accept: 'application/json' },
      );
      const reportReceipt = (JSON.parse(reportJson.body) as { receiptUrl: string }).receiptUrl;
      assert.match(reportReceipt, /\?lang=cy$/);
      // And a bare receipt address follows the menu's cookie.
      assertWelsh(
        (await get(reportReceipt.split('?')[0]!, { cookie: 'lang=cy' })).body,
        'report.receivedHeading',
        'the report receipt by the cookie',
      );
    });
  }

  it('answers an appeal that is not there with a page in the reader’s language, not the API’s problem+json', async () => {
    for (const path of ['/appeals/2026-nosuchappeal', '/appeals/2026-nosuchappeal/sighting']) {
      const missing = await get(path, { cookie: 'lang=cy' });
      assert.equal(missing.statusCode, 404, path);
      assert.match(String(missing.headers['content-type']), /^text\/html/);
      assertWelsh(missing.body, 'site.notFoundTitle', `${path}, not found`);
      assert.match(missing.body, /href="\/appeals\?lang=cy"/, 'with a way on');
    }
    const urdu = await get('/appeals/2026-nosuchappeal?lang=ur');
    assert.match(urdu.body, /<html lang="ur" dir="rtl">/);
  });

  it('sends a Welsh sign-up a confirmation link that opens Welsh pages, in a browser that asks for English', () =>
    welshSignUpStaysWelsh(world, `cymraeg${++emailCounter}@example.org`));

  it('serves Urdu pages right to left, by address and by the menu’s cookie, with Urdu in every language menu', async () => {
    const ur = translator('ur');
    const paths = [
      '/',
      '/appeals',
      `/appeals/${slug}/sighting`,
      '/report',
      '/alerts/sign-up',
      '/support/running-away',
      '/support/families',
      '/privacy',
    ];
    for (const path of paths) {
      for (const [url, headers] of [
        [`${path}${path.includes('?') ? '&' : '?'}lang=ur`, {}],
        [path, { cookie: 'lang=ur' }],
      ] as const) {
        const response = await get(url, headers);
        assert.equal(response.statusCode, 200, url);
        assert.match(response.body, /<html lang="ur" dir="rtl">/, `${url} is Urdu, right to left`);
        assert.ok(response.body.includes(printed(ur('site.translationNote'))), `${url} says who wrote the translation`);
      }
    }
    const english = await get('/?lang=en');
    assert.ok(english.body.includes(`>${LANGUAGE_NAMES.ur}</a>`), 'Urdu is in the language menu, named in Urdu');
    assert.ok(english.body.includes('lang="ur" hreflang="ur"'));
    assert.ok(!english.body.includes('translation-note'), 'English pages need no translation note');
    assert.ok(
      SITE_LANGUAGES.every((language) => english.body.includes(`>${LANGUAGE_NAMES[language]}<`)),
      'every site language is in the menu',
    );
  });
});
