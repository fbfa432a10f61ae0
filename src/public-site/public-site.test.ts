// The public site's pages over HTTP, on both databases: the home page and gallery show live appeals only
// (never an ended one), search and filters, paging, the language menu and its cookie, the appeal page in
// the reader's language around the alert's text, the support pages, and the widget's JSON (public fields,
// CORS, ETag).
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_B_POINT, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { ALERT_CONTENTS, approvedAlert } from '../../test/support/alerts.ts';
import { isRightToLeft, SITE_LANGUAGES, translator } from '../i18n/i18n.ts';
import { ageBandOf, foldForSearch } from './active-appeals.ts';
import { escapeHtml } from '../http/html.ts';
import { LANGUAGE_NAMES, safeReturnPath } from './language.ts';

type Appeal = { alertId: string; slug: string };

/** The appeals the pages show: one live with a photo, one elsewhere, one ended, and an exercise. */
async function publishAppeals(world: TestWorld): Promise<Record<'live' | 'elsewhere' | 'ended' | 'exercise', Appeal>> {
  const live = await approvedAlert(world, { withPhoto: true });
  // Drawn around a point in the second force's area (the alert belongs to the first force).
  const elsewhere = await approvedAlert(world, {
    area: { parts: [{ kind: 'circle', center: [FORCE_B_POINT.lon, FORCE_B_POINT.lat], radiusKm: 5 }] },
  });
  const ended = await approvedAlert(world);
  // An exercise whose officers marked the headline themselves, as people do.
  const exercise = await approvedAlert(world, {
    capStatus: 'Exercise',
    contents: ALERT_CONTENTS.map((content) => ({
      ...content,
      headline: `EXERCISE: ${content.headline}`,
      smsText: `EXERCISE: ${content.smsText}`,
    })),
  });
  const withdrawn = await asToken(world, 'force-a/investigator')('POST', `/api/v1/alerts/${ended.alertId}/withdraw`, {
    reason: 'found_safe',
  });
  assert.equal(withdrawn.statusCode, 200, withdrawn.body);
  return { live, elsewhere, ended, exercise };
}

describeOnEngines('Public site: appeals, gallery and pages', (engine) => {
  let world: TestWorld;
  let live: Appeal;
  let elsewhere: Appeal;
  let ended: Appeal;
  let exercise: Appeal;
  const get = (url: string, headers: Record<string, string> = {}) => world.app.inject({ method: 'GET', url, headers });

  before(async () => {
    world = await startTestWorld(engine);
    ({ live, elsewhere, ended, exercise } = await publishAppeals(world));
  });
  after(() => world.close());

  it('shows the live appeals and the helplines on the home page, never an ended appeal', async () => {
    const home = await get('/');
    assert.equal(home.statusCode, 200);
    assert.match(home.body, new RegExp(`href="/appeals/${live.slug}"`), 'appeal links are the bare address people share');
    assert.doesNotMatch(home.body, new RegExp(ended.slug), 'an ended appeal is not listed');
    for (const number of ['999', '116 000', '0800 1111']) assert.ok(home.body.includes(number), number);
    assert.match(home.body, /href="tel:08001111"/);
    assert.match(home.body, /href="\/alerts\/sign-up\?lang=en"/);
    assert.match(home.body, /href="\/support\/running-away\?lang=en"/);
    assert.match(String(home.headers['content-security-policy']), /script-src 'self'/);
    assert.match(String(home.headers.vary), /Accept-Language, Cookie/);
  });

  it('searches the gallery by name, area and age band with plain GET parameters', async () => {
    const all = await get('/appeals');
    assert.equal(all.statusCode, 200);
    assert.ok(all.body.includes(live.slug) && all.body.includes(elsewhere.slug));
    assert.ok(!all.body.includes(ended.slug), 'never a closed case');
    assert.match(all.body, /<form class="filters" method="get" action="\/appeals"/);

    const byName = await get('/appeals?q=AMÉLIA%20testcase');
    assert.ok(byName.body.includes(live.slug), 'case and accents do not matter');
    assert.ok(!(await get('/appeals?q=nobody')).body.includes(live.slug));

    const areaB = await get('/appeals?area=area-b');
    assert.ok(areaB.body.includes(elsewhere.slug), 'an appeal drawn over the second force area is found there');
    assert.ok(!areaB.body.includes(live.slug), 'and one drawn only over the first is not');
    assert.ok((await get('/appeals?area=country')).body.includes(live.slug), 'a country holds its force areas');

    // The test child was born in 2013 and went missing in November 2026: 13.
    assert.ok((await get('/appeals?age=12-14')).body.includes(live.slug));
    assert.ok(!(await get('/appeals?age=0-11')).body.includes(live.slug));
    // Unknown filters are ignored rather than refused; over-long ones are refused.
    assert.equal((await get('/appeals?area=nowhere&age=old')).statusCode, 200);
    assert.equal((await get(`/appeals?q=${'x'.repeat(101)}`)).statusCode, 400);
    // Whatever is typed is printed escaped.
    const xss = await get(`/appeals?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    assert.ok(!xss.body.includes('<script>alert(1)'), 'escaped');
  });

  it('keeps exercises off every public list, but in the feeds and reachable by link, saying EXERCISE once', async () => {
    for (const url of ['/', '/appeals', '/appeals?q=exercise', '/api/v1/public/appeals', '/api/v1/public/appeals?area=area-a']) {
      const response = await get(url);
      assert.equal(response.statusCode, 200, url);
      if (!url.includes('q=')) assert.ok(response.body.includes(live.slug), `${url} lists the real appeal`);
      assert.ok(!response.body.includes(exercise.slug), `${url} does not list the exercise`);
    }
    const page = await get(`/appeals/${exercise.slug}`);
    assert.equal(page.statusCode, 200, 'the link still works');
    assert.match(page.body, /EXERCISE: this is not a real appeal\./);
    for (const property of ['og:title', 'twitter:title']) {
      const title = page.body.match(new RegExp(`<meta (?:property|name)="${property}" content="([^"]*)"`))![1]!;
      assert.equal(title.match(/EXERCISE/gi)?.length, 1, `${property}: ${title}`);
    }
    const title = page.body.match(/<title>([^<]*)<\/title>/)![1]!;
    assert.equal(title.match(/EXERCISE/gi)?.length, 1, title);
    const feed = (await get('/feeds/alerts.atom')).body;
    const entry = feed.split('<entry').find((part) => part.includes(exercise.slug))!;
    assert.ok(entry, 'the exercise stays in the Atom feed, for aggregators to filter');
    const entryTitle = entry.match(/<title[^>]*>([^<]*)<\/title>/)![1]!;
    assert.equal(entryTitle.match(/EXERCISE/gi)?.length, 1, entryTitle);
    assert.match(entryTitle, /^\[EXERCISE\] Child Rescue Alert/);
    assert.match((await get(`/alerts/${exercise.alertId}/cap.xml`)).body, /<status>Exercise<\/status>/);
    // A witness's form names the appeal with its mark, once.
    const form = await get(`/appeals/${exercise.slug}/sighting`);
    assert.equal(form.statusCode, 200);
    assert.equal(form.body.match(/EXERCISE/gi)?.length, 1, 'the sighting form says EXERCISE once');
    assert.match(form.body, /<bdi>\[EXERCISE\] Child Rescue Alert: Amelia Testcase/);
  });

  it('opens the appeal page with one marker of its kind, the child’s name and age, where and when last seen, and the two actions', async () => {
    const real = (await get(`/appeals/${live.slug}?lang=en`)).body;
    assert.equal(real.match(/class="appeal-kind/g)?.length, 1, 'one marker');
    assert.match(real, /<p class="appeal-kind">Child Rescue Alert<\/p>/);
    assert.doesNotMatch(real, /class="(?:banner|kicker|tag)"/, 'no banner, kicker or tag besides');
    assert.match(real, /<h1>Amelia Testcase<\/h1>/, 'the name is the heading, not the headline with its label');
    assert.match(real, /<dt>Age<\/dt><dd>13<\/dd>/, 'her age when last seen (born April 2013, missing November 2026)');
    assert.match(
      real,
      /<dt>Last seen<\/dt><dd>[^<]*<span>Outside the leisure centre<\/span><br><time datetime="2026-11-23T01:30:00.000Z">Monday, 23 November 2026 at 01:30 GMT<\/time>/,
    );
    assert.match(real, /<a class="button call" href="tel:999">Call 999<\/a>/);
    assert.match(real, new RegExp(`<a class="button quiet" href="/appeals/${live.slug}/sighting\\?lang=en">I&#39;ve seen this child</a>`));
    // The largest image is fetched first, never lazily, with its size given so nothing moves when it arrives.
    const photo = /<figure class="appeal-photo"><img ([^>]*)>/.exec(real)?.[1] ?? '';
    assert.match(photo, /fetchpriority="high"/);
    assert.match(photo, /width="600" height="750"/);
    assert.doesNotMatch(photo, /loading="lazy"/);
    assert.match(real, /<meta name="description" content="CHILD RESCUE ALERT: Amelia Testcase/);

    const practice = (await get(`/appeals/${exercise.slug}?lang=cy`)).body;
    assert.equal(practice.match(/class="appeal-kind/g)?.length, 1, 'one marker on an exercise too');
    assert.match(practice, /<p class="appeal-kind practice" role="note">YMARFER: nid yw hwn yn apêl go iawn\.<\/p>/);
    assert.doesNotMatch(practice, /href="tel:999"/, 'no one is asked to ring 999 for a fictional child');
    assert.match(practice, /<p class="button call practice">Ymarfer yn unig: peidiwch â ffonio 999<\/p>/);
  });

  it('gives every public page a description, and lets search engines index the blank forms but not a filled one', async () => {
    for (const url of [
      '/',
      '/appeals',
      `/appeals/${live.slug}`,
      '/alerts/sign-up',
      '/report',
      `/appeals/${live.slug}/sighting`,
      '/support/families',
      '/privacy',
    ]) {
      const response = await get(`${url}${url.includes('?') ? '&' : '?'}lang=pl`);
      assert.equal(response.statusCode, 200, url);
      assert.match(response.body, /<meta name="description" content="[^"]{20,}">/, url);
      assert.equal(response.body.match(/<meta name="description"/g)?.length, 1, `${url}: one description`);
    }
    for (const url of ['/report', `/appeals/${live.slug}/sighting`]) {
      const blank = await get(url);
      assert.equal(blank.headers['x-robots-tag'], undefined, url);
      assert.doesNotMatch(blank.body, /name="robots"/, url);
      assert.equal(blank.headers['cache-control'], 'no-store', `${url}: its one-use key is never cached`);
    }
    const fromPartner = await get(`/report?from=${encodeURIComponent('https://partner.example/page')}`);
    assert.equal(fromPartner.headers['x-robots-tag'], 'noindex');
    const refused = await world.app.inject({
      method: 'POST',
      url: '/report?lang=en',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'description=',
    });
    assert.equal(refused.headers['x-robots-tag'], 'noindex', `a form printed back with what was typed (${refused.statusCode})`);
  });

  it('pages the gallery', async () => {
    const beyond = await get('/appeals?page=99');
    assert.equal(beyond.statusCode, 200, 'a page past the end shows the last page');
    assert.match(beyond.body, /Children missing now: 2\./);
  });
});

describeOnEngines('Public site: languages, widget and withdrawal', (engine) => {
  let world: TestWorld;
  let live: Appeal;
  let elsewhere: Appeal;
  let ended: Appeal;
  const get = (url: string, headers: Record<string, string> = {}) => world.app.inject({ method: 'GET', url, headers });

  before(async () => {
    world = await startTestWorld(engine);
    ({ live, elsewhere, ended } = await publishAppeals(world));
  });
  after(() => world.close());

  it('switches language through the menu, remembers it in a cookie and returns to the same page', async () => {
    const menu = (await get('/appeals?q=amelia')).body;
    assert.match(menu, /href="\/language\/cy\?next=%2Fappeals%3Fq%3Damelia"/);
    const switched = await get('/language/cy?next=%2Fappeals%3Fq%3Damelia');
    assert.equal(switched.statusCode, 303);
    assert.equal(switched.headers.location, '/appeals?q=amelia&lang=cy');
    const cookie = String(switched.headers['set-cookie']);
    assert.match(cookie, /^lang=cy;/);
    assert.match(cookie, /HttpOnly/);
    const remembered = await get('/support/families', { cookie: 'lang=cy' });
    assert.match(remembered.body, /<html lang="cy" dir="ltr">/);
    assert.match(remembered.body, /Ydy’ch plentyn ar goll\?/);
    // Never a redirect off the site.
    for (const next of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const response = await get(`/language/ar?next=${encodeURIComponent(next)}`);
      assert.equal(response.headers.location, '/?lang=ar', next);
    }
    assert.equal(safeReturnPath('/appeals\r\nSet-Cookie: x=1'), '/');
  });

  it('shows the appeal page in the reader’s language around the alert’s text, in the alert’s first language when it has not the reader’s', async () => {
    const polish = await get(`/appeals/${live.slug}`, { 'accept-language': 'pl' });
    assert.equal(polish.statusCode, 200);
    assert.match(polish.body, /<html lang="pl" dir="ltr">/);
    assert.match(
      polish.body,
      /<div class="appeal-text" lang="en"><p>Amelia was seen/,
      'the alert has no Polish: its first language, marked',
    );
    assert.match(polish.body, /Ostatnio widziane|Widziałem to dziecko/);
    const welsh = await get(`/appeals/${live.slug}`, { cookie: 'lang=cy' });
    assert.match(welsh.body, /<div class="appeal-text"><p>Gwelwyd Amelia/, 'the alert has Welsh: the reader’s language');
    const arabic = await get(`/appeals/${live.slug}?lang=ar`);
    assert.match(arabic.body, /<html lang="ar" dir="rtl">/);
    assert.match(arabic.body, /<div class="appeal-text" lang="en" dir="ltr">/);
    // Each variant has its own ETag and still answers 304.
    const etag = String(arabic.headers.etag);
    assert.notEqual(etag, String(welsh.headers.etag));
    assert.equal((await get(`/appeals/${live.slug}?lang=ar`, { 'if-none-match': etag })).statusCode, 304);
    const endedPage = await get(`/appeals/${ended.slug}?lang=ro`);
    assert.equal(endedPage.statusCode, 410);
    assert.match(endedPage.body, /<html lang="ro"/);
    assert.doesNotMatch(endedPage.body, /Amelia/);
  });

  it('shows the home page in every site language, with a menu naming each language in itself', async () => {
    for (const language of SITE_LANGUAGES) {
      const t = translator(language);
      const home = await get(`/?lang=${language}`);
      assert.equal(home.statusCode, 200);
      assert.match(home.body, new RegExp(`<html lang="${language}" dir="${isRightToLeft(language) ? 'rtl' : 'ltr'}">`));
      for (const key of ['home.title', 'home.intro', 'nav.appeals', 'helplines.title']) {
        assert.ok(home.body.includes(escapeHtml(t(key))), `${language} ${key}`);
      }
      if (language !== 'en')
        assert.ok(!home.body.includes(escapeHtml(translator('en')('home.intro'))), `${language}: no English left in the page`);
      assert.match(home.body, new RegExp(`href="/alerts/sign-up\\?lang=${language}"`), `${language}: links keep the language`);
      for (const other of SITE_LANGUAGES) {
        assert.ok(
          home.body.includes(`hreflang="${other}">${LANGUAGE_NAMES[other]}</a>`) || other === language,
          `${language}: menu offers ${other}`,
        );
      }
      assert.ok(
        home.body.includes(`<span lang="${language}" aria-current="true">${LANGUAGE_NAMES[language]}</span>`),
        `${language}: menu marks itself`,
      );
    }
  });

  it('has both support pages in every language', async () => {
    for (const language of SITE_LANGUAGES) {
      for (const path of ['/support/running-away', '/support/families']) {
        const response = await get(`${path}?lang=${language}`);
        assert.equal(response.statusCode, 200);
        assert.match(response.body, new RegExp(`<html lang="${language}" dir="${isRightToLeft(language) ? 'rtl' : 'ltr'}">`));
        assert.ok(response.body.includes('116 000'), `${language} ${path} gives the helpline`);
        assert.ok((response.body.match(/<h2>/g) ?? []).length >= 4, `${language} ${path} has its sections`);
      }
    }
    assert.match((await get('/support/running-away?lang=en')).body, /You are not in trouble/);
  });

  it('serves the widget and its JSON: public fields only, cacheable, readable from any origin', async () => {
    const script = await get('/widget.js');
    assert.equal(script.statusCode, 200);
    assert.match(String(script.headers['content-type']), /javascript/);
    assert.doesNotMatch(script.body, /innerHTML/);
    const response = await get('/api/v1/public/appeals?area=area-b&lang=cy', { origin: 'https://partner.example' });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['access-control-allow-origin'], '*');
    assert.match(String(response.headers['cache-control']), /public, max-age=30/);
    const body = JSON.parse(response.body) as { language: string; direction: string; items: Record<string, unknown>[] };
    assert.equal(body.language, 'cy');
    assert.deepEqual(
      body.items.map((item) => item.slug),
      [elsewhere.slug],
      'only the appeal whose area reaches the second force area',
    );
    const item = body.items[0]!;
    assert.match(String(item.headline), /Rhybudd Achub Plentyn/);
    assert.match(String(item.url), new RegExp(`/appeals/${elsewhere.slug}\\?lang=cy$`));
    assert.equal(item.photoUrl, null);
    const withPhoto = JSON.parse((await get('/api/v1/public/appeals?area=area-a')).body) as {
      items: { slug: string; photoUrl: string | null }[];
    };
    assert.match(String(withPhoto.items.find((i) => i.slug === live.slug)?.photoUrl), /\/appeals\/[^/]+\/photos\/1\.jpg$/);
    assert.deepEqual(Object.keys(item).sort(), [
      'capStatus',
      'headline',
      'language',
      'lastSeenAt',
      'lastSeenPlace',
      'lastSeenWhen',
      'photoUrl',
      'sightingUrl',
      'slug',
      'url',
    ]);
    assert.ok(!response.body.includes('2013-04-02'), 'no date of birth');
    assert.equal(
      (await get('/api/v1/public/appeals?area=area-b&lang=cy', { 'if-none-match': String(response.headers.etag) })).statusCode,
      304,
    );
    const arabic = JSON.parse((await get('/api/v1/public/appeals?lang=ar')).body) as { direction: string; items: unknown[] };
    assert.equal(arabic.direction, 'rtl');
    assert.equal(arabic.items.length, 2);
    assert.equal((await get('/api/v1/public/appeals?limit=1000')).statusCode, 400);
  });

  it('takes a withdrawn appeal off the home page, gallery and widget at once', async () => {
    const gone = await approvedAlert(world);
    assert.ok((await get('/appeals')).body.includes(gone.slug));
    const withdrawn = await asToken(world, 'force-a/investigator')('POST', `/api/v1/alerts/${gone.alertId}/withdraw`, { reason: 'found' });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    for (const url of ['/', '/appeals', '/api/v1/public/appeals']) assert.ok(!(await get(url)).body.includes(gone.slug), url);
  });
});

it('folds names for search and bands ages', () => {
  assert.equal(foldForSearch('Zoë ŁUKASZ Ștefan'), 'zoe lukasz stefan');
  assert.equal(ageBandOf(11), '0-11');
  assert.equal(ageBandOf(12), '12-14');
  assert.equal(ageBandOf(17), '15-17');
  assert.equal(ageBandOf(null), null);
});
