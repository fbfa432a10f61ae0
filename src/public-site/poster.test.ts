// The printable poster over HTTP, on both databases: the facts, what to do and the QR code to the appeal
// page, in each of the alert's languages; EXERCISE on an exercise; gone with the appeal when it is withdrawn.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { ALERT_CONTENTS, approvedAlert } from '../../test/support/alerts.ts';
import { posterQrSvg, posterQrTarget } from './poster-page.ts';

/** The QR code's drawing (the path data), which the page's SVG must carry exactly. */
function qrPaths(svg: string): string[] {
  return [...svg.matchAll(/<path [^>]*d="([^"]+)"/g)].map((match) => match[1]!);
}

describeOnEngines('Printable posters', (engine) => {
  let world: TestWorld;
  let live: { alertId: string; slug: string };
  let exercise: { alertId: string; slug: string };
  let publicUrl: string;
  const get = (url: string, headers: Record<string, string> = {}) => world.app.inject({ method: 'GET', url, headers });

  before(async () => {
    world = await startTestWorld(engine);
    publicUrl = world.deps.config.publicUrl;
    live = await approvedAlert(world, { withPhoto: true });
    exercise = await approvedAlert(world, {
      capStatus: 'Exercise',
      contents: ALERT_CONTENTS.map((content) => ({ ...content, headline: `EXERCISE: ${content.headline}` })),
    });
  });
  after(() => world.close());

  it('prints the photo, the facts and what to do on one A4 sheet without the site’s navigation', async () => {
    const poster = await get(`/appeals/${live.slug}/poster`);
    assert.equal(poster.statusCode, 200);
    assert.match(String(poster.headers['content-type']), /text\/html/);
    assert.match(String(poster.headers['cache-control']), /public, max-age=30/);
    const body = poster.body;
    assert.match(body, /<html lang="en" dir="ltr">/);
    assert.match(body, /@page\{size:A4;margin:10mm\}/);
    assert.match(body, /<h1>Amelia Testcase<\/h1>/);
    assert.match(body, /<dt>Age<\/dt><dd>13<\/dd>/, 'born April 2013, last seen November 2026');
    assert.match(body, /<dt>Last seen at<\/dt><dd>Outside the leisure centre<\/dd>/);
    assert.match(body, /<dt>When<\/dt><dd>Monday, 23 November 2026 at 01:30 GMT<\/dd>/);
    assert.ok(body.includes(ALERT_CONTENTS[0]!.description), 'the description');
    assert.match(body, /If the child is in immediate danger, call 999\./);
    assert.ok(body.includes(ALERT_CONTENTS[0]!.instruction), 'the officers’ instruction');
    assert.match(
      body,
      new RegExp(
        `Report a sighting at:</p>\\s*<p class="address"><bdi class="ltr">${publicUrl.replace(/^https?:\/\//, '')}/appeals/${live.slug}</bdi></p>`,
      ),
    );
    assert.match(body, new RegExp(`<img src="/appeals/${live.slug}/photos/1\\.jpg"`), 'the photo already published for the appeal');
    assert.doesNotMatch(body, /<header class="site"|<nav class="site"|<footer class="site"/, 'no site navigation');
    assert.doesNotMatch(body, /2013-04-02|EXERCISE/);
    // The appeal page links to its poster in the language it shows.
    assert.match(
      (await get(`/appeals/${live.slug}`)).body,
      new RegExp(`<a href="/appeals/${live.slug}/poster\\?lang=en">Print a poster</a>`),
    );
    assert.match(
      (await get(`/appeals/${live.slug}?lang=cy`)).body,
      new RegExp(`<a href="/appeals/${live.slug}/poster\\?lang=cy">Argraffu poster</a>`),
    );
  });

  it('encodes the public appeal address in its QR code, in the poster’s language', async () => {
    const english = posterQrTarget(publicUrl, live.slug, 'en', ['en', 'cy']);
    assert.equal(english, `${publicUrl}/appeals/${live.slug}`);
    const welsh = posterQrTarget(publicUrl, live.slug, 'cy', ['en', 'cy']);
    assert.equal(welsh, `${publicUrl}/appeals/${live.slug}?lang=cy`);
    const englishPage = (await get(`/appeals/${live.slug}/poster?lang=en`)).body;
    const welshPage = (await get(`/appeals/${live.slug}/poster?lang=cy`)).body;
    for (const [page, target] of [
      [englishPage, english],
      [welshPage, welsh],
    ] as const) {
      const svg = page.match(/<svg [^]*?<\/svg>/)?.[0];
      assert.ok(svg, 'an inline SVG');
      assert.match(svg, /role="img" aria-label="[^"]+"/, 'named for screen readers');
      assert.deepEqual(qrPaths(svg), qrPaths(await posterQrSvg(target)), `the code of ${target}`);
    }
    assert.notDeepEqual(qrPaths(englishPage), qrPaths(welshPage));
    assert.match(englishPage, new RegExp(`<link rel="canonical" href="${english}">`));
  });

  it('is printed in each of the alert’s languages, chosen by the address or the reader’s language', async () => {
    const welsh = await get(`/appeals/${live.slug}/poster?lang=cy`);
    assert.equal(welsh.statusCode, 200);
    assert.equal(welsh.headers['content-language'], 'cy');
    assert.match(welsh.body, /<html lang="cy" dir="ltr">/);
    assert.match(welsh.body, /PLENTYN AR GOLL/);
    assert.ok(welsh.body.includes(ALERT_CONTENTS[1]!.description));
    assert.ok(!welsh.body.includes(ALERT_CONTENTS[0]!.description), 'one language per poster');
    assert.match(welsh.body, /<dt>Oed<\/dt><dd>13<\/dd>/);
    assert.match(
      welsh.body,
      new RegExp(`href="/appeals/${live.slug}/poster\\?lang=en" hreflang="en" lang="en">English</a>`),
      'links to the other language’s poster',
    );
    assert.match(
      (await get(`/appeals/${live.slug}/poster`, { cookie: 'lang=cy' })).body,
      /<html lang="cy"/,
      'the reader’s language when the alert has it',
    );
    // A language the alert does not have gives its first language, not a half-translated poster.
    const polish = await get(`/appeals/${live.slug}/poster?lang=pl`, { 'accept-language': 'pl' });
    assert.match(polish.body, /<html lang="en" dir="ltr">/);
    assert.notEqual(String(welsh.headers.etag), String(polish.headers.etag));
    assert.equal((await get(`/appeals/${live.slug}/poster?lang=cy`, { 'if-none-match': String(welsh.headers.etag) })).statusCode, 304);
  });

  it('says EXERCISE unmistakably on an exercise, in the poster’s language and in English', async () => {
    const english = await get(`/appeals/${exercise.slug}/poster`);
    assert.equal(english.statusCode, 200, 'reachable by its link, as the exercise’s page is');
    assert.equal(
      english.body.match(/<p class="practice"><span>EXERCISE: this is not a real appeal\.<\/span><\/p>/g)?.length,
      2,
      'at the top and the bottom',
    );
    assert.match(english.body, /<main class="sheet[^"]*" data-mark="EXERCISE">/, 'and across the sheet');
    assert.match(english.body, /<title>\[EXERCISE\] MISSING CHILD: Amelia Testcase<\/title>/);
    assert.match(english.body, /<p class="nophoto">No photo published<\/p>/);
    const welsh = await get(`/appeals/${exercise.slug}/poster?lang=cy`);
    assert.match(
      welsh.body,
      /<span>YMARFER: nid yw hwn yn apêl go iawn\.<\/span><span lang="en">EXERCISE: this is not a real appeal\.<\/span>/,
    );
    assert.match(welsh.body, /data-mark="YMARFER\nEXERCISE"/);
  });

  it('ends with the appeal: answered as the ended appeal page, even just after it was cached', async () => {
    const gone = await approvedAlert(world, { withPhoto: true });
    assert.equal((await get(`/appeals/${gone.slug}/poster?lang=cy`)).statusCode, 200);
    assert.equal((await get(`/appeals/${gone.slug}/poster?lang=en`)).statusCode, 200);
    const withdrawn = await asToken(world, 'force-a/investigator')('POST', `/api/v1/alerts/${gone.alertId}/withdraw`, {
      reason: 'found_safe',
    });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    const appealPage = await get(`/appeals/${gone.slug}?lang=cy`);
    for (const language of ['cy', 'en']) {
      const poster = await get(`/appeals/${gone.slug}/poster?lang=${language}`);
      assert.equal(poster.statusCode, 410, language);
      assert.equal(poster.statusCode, appealPage.statusCode);
      assert.equal(poster.headers['cache-control'], appealPage.headers['cache-control']);
      assert.equal(poster.headers.vary, appealPage.headers.vary);
      assert.match(
        poster.body,
        language === 'cy' ? /Mae&#39;r plentyn wedi&#39;i ganfod/ : /The child has been found/,
        'in the reader’s language',
      );
      assert.doesNotMatch(poster.body, /Amelia|<svg|photos\/1\.jpg/);
    }
    assert.equal((await get(`/appeals/${gone.slug}/photos/1.jpg`)).statusCode, 410, 'nor does the poster’s photo outlive it');
    assert.equal((await get('/appeals/2026-nosuchappeal/poster')).statusCode, 404);
  });
});
