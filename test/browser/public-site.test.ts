// The public site in real Chromium against the real server: every public page passes axe (WCAG 2.2 AA) in
// English and in Arabic, reflows at 320 px, loads under 100 KB of JavaScript; Arabic is laid out right to
// left; a sighting is sent with the keyboard alone (proof of work in a Web Worker); the signage page
// follows approvals and withdrawals live; the widget renders inside another site's page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { asToken } from '../support/app.ts';
import { approvedAlert } from '../support/alerts.ts';
import {
  assertAccessible,
  assertGone,
  browserSkip,
  eventStreamOpened,
  javascriptBytes,
  screenshot,
  scrollsSideways,
  startBrowserWorld,
  type BrowserWorld,
} from '../support/browser.ts';
import { seedDemoGazetteer } from '../../src/geo/gazetteer.ts';
import { SITE_LANGUAGES } from '../../src/i18n/i18n.ts';
import { ifStarted } from '../support/hooks.ts';

const JS_BUDGET = 100 * 1024;

/** What the tests share: the server, a live and an ended appeal, a signage screen per language, and the public pages. */
interface PublicSite {
  world: BrowserWorld;
  live: { alertId: string; slug: string };
  ended: { alertId: string; slug: string };
  screens: Record<'en' | 'ar', string>;
  /** Public pages by name, as paths without a language. */
  pages: Record<string, string>;
}

const withLang = (path: string, language: string) => `${path}${path.includes('?') ? '&' : '?'}lang=${language}`;

async function checkPage(page: Page, url: string, label: string): Promise<number> {
  await page.setViewportSize({ width: 1280, height: 900 });
  const bytes = await javascriptBytes(page, url);
  assert.ok(bytes < JS_BUDGET, `${label}: ${bytes} bytes of JavaScript`);
  await assertAccessible(page, label);
  await screenshot(page, `public-${label}`);
  await page.setViewportSize({ width: 320, height: 640 });
  assert.equal(await scrollsSideways(page), false, `${label} scrolls sideways at 320 px`);
  await screenshot(page, `public-${label}-320`);
  return bytes;
}

/** Every public page and the signage screen in one language: axe, 320 px, the JavaScript budget, the language and direction. */
async function checkEveryPublicPage({ world, screens, pages }: PublicSite, language: 'en' | 'ar'): Promise<void> {
  const context = await world.newContext({ locale: language === 'ar' ? 'ar' : 'en-GB' });
  const page = await context.newPage();
  const figures: Record<string, number> = {};
  for (const [name, path] of Object.entries(pages)) {
    figures[name] = await checkPage(page, `${world.baseUrl}${withLang(path, language)}`, `${name}-${language}`);
    assert.equal(await page.getAttribute('html', 'lang'), language, `${name} is in ${language}`);
    assert.equal(await page.getAttribute('html', 'dir'), language === 'ar' ? 'rtl' : 'ltr');
  }
  // The signage page holds an event stream open, so it never goes quiet: measured on load instead.
  let screenBytes = 0;
  page.on('response', async (response) => {
    if (response.request().resourceType() === 'script') screenBytes += (await response.body().catch(() => Buffer.alloc(0))).length;
  });
  await page.setViewportSize({ width: 1920, height: 1080 });
  // Appeals fade in as they rotate; axe must judge colours at rest, not half-way through a fade.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.goto(`${world.baseUrl}${screens[language]}`, { waitUntil: 'load' });
  await page.waitForSelector('#screen.rotating');
  await assertAccessible(page, `signage-${language}`);
  await screenshot(page, `public-signage-${language}-1920`);
  await page.setViewportSize({ width: 1080, height: 1920 });
  assert.equal(await scrollsSideways(page), false, 'signage in portrait');
  await screenshot(page, `public-signage-${language}-portrait`);
  await page.setViewportSize({ width: 320, height: 640 });
  assert.equal(await scrollsSideways(page), false, 'signage at 320 px');
  figures.signage = screenBytes;
  assert.ok(screenBytes < JS_BUDGET, `signage: ${screenBytes} bytes of JavaScript`);
  console.log(`JavaScript bytes per public page (${language}): ${JSON.stringify(figures)}`);
}

/** A sighting sent with the keyboard alone, its proof of work solved in a Web Worker. */
async function sendSightingByKeyboard({ world, live }: PublicSite): Promise<void> {
  const context = await world.newContext({ locale: 'en-GB' });
  const page = await context.newPage();
  await page.goto(`${world.baseUrl}/appeals/${live.slug}/sighting?lang=en`, { waitUntil: 'networkidle' });
  const focused = () =>
    page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return {
        id: el?.id ?? '',
        tag: el?.tagName ?? '',
        type: (el as HTMLInputElement | null)?.type ?? '',
        text: el?.textContent.trim() ?? '',
      };
    });
  async function tabTo(match: (f: Awaited<ReturnType<typeof focused>>) => boolean, what: string) {
    for (let i = 0; i < 80; i++) {
      await page.keyboard.press('Tab');
      if (match(await focused())) return;
    }
    throw new Error(`could not reach ${what} with Tab`);
  }
  await page.keyboard.press('Tab');
  assert.equal((await focused()).text, 'Skip to content', 'the first Tab reaches the skip link');
  await tabTo((f) => f.id === 'place', 'the place field');
  await page.keyboard.type('Aberystwyth');
  await tabTo((f) => f.id === 'description', 'the description');
  await page.keyboard.type('A girl in a red coat by the bus station, walking north.');
  await tabTo((f) => f.tag === 'BUTTON' && f.type === 'submit', 'the send button');
  await screenshot(page, 'public-sighting-keyboard');
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/sighting\/received\/S-[0-9A-Z]{4}-[0-9A-Z]{4}/, { timeout: 60_000 });
  const reference = /S-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(page.url())![0];
  assert.match((await page.textContent('.reference')) ?? '', new RegExp(reference));
  const { rows } = await world.db.query<{ no_script: string | null; description: string }>(
    `SELECT details->>'noScript' AS no_script, description FROM public_submissions WHERE reference = $1`,
    [reference],
  );
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.no_script, null, 'sent with a solved proof of work, not as a no-script form');
  assert.match(rows[0]!.description, /red coat/);
  await assertAccessible(page, 'sighting receipt after sending');
}

describe('The public site in a browser', { skip: browserSkip }, () => {
  const site = { screens: { en: '', ar: '' } } as PublicSite;

  before(async () => {
    const world = await startBrowserWorld(TEST_ENGINES[0]!);
    site.world = world;
    // Absolute links (share cards, the widget's JSON) must point at this server.
    world.deps.config.publicUrl = world.baseUrl;
    await seedDemoGazetteer(world.db);
    const live = await approvedAlert(world, { withPhoto: true });
    const ended = await approvedAlert(world);
    site.live = live;
    site.ended = ended;
    const withdrawn = await asToken(world, 'force-a/investigator')('POST', `/api/v1/alerts/${ended.alertId}/withdraw`, {
      reason: 'found_safe',
    });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    const partner = asToken(world, 'partner/partner_admin');
    for (const language of ['en', 'ar'] as const) {
      const created = await partner('POST', '/api/v1/enrolment/screens', { name: `Lobby ${language}`, language, exercises: true });
      assert.equal(created.statusCode, 201, created.body);
      site.screens[language] = new URL(JSON.parse(created.body).url as string).pathname;
    }
    site.pages = {
      home: '/',
      gallery: '/appeals',
      appeal: `/appeals/${live.slug}`,
      'sign-up': '/alerts/sign-up',
      sighting: `/appeals/${live.slug}/sighting`,
      report: '/report',
      'support-running-away': '/support/running-away',
      'support-families': '/support/families',
      'sighting-received': `/appeals/${live.slug}/sighting/received/S-ABCD-2345`,
      'report-received': '/report/received/R-ABCD-2345',
      'ended-appeal': `/appeals/${ended.slug}`,
    };
  });
  after(() => ifStarted(site.world)?.close());

  for (const language of ['en', 'ar'] as const) {
    it(
      `has no axe violations, no sideways scroll at 320 px and under 100 KB of JavaScript on every public page, in ${language}`,
      { timeout: 240_000 },
      () => checkEveryPublicPage(site, language),
    );
  }

  it('has no axe violations on the main pages in every other site language either', { timeout: 900_000 }, async () => {
    const { world, pages } = site;
    const context = await world.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    for (const language of SITE_LANGUAGES.filter((tag) => tag !== 'en' && tag !== 'ar')) {
      for (const name of ['home', 'gallery', 'appeal', 'sighting', 'report', 'support-running-away', 'support-families']) {
        await page.setViewportSize({ width: 1280, height: 900 });
        await page.goto(`${world.baseUrl}${withLang(pages[name]!, language)}`, { waitUntil: 'load' });
        assert.equal(await page.getAttribute('html', 'lang'), language);
        await assertAccessible(page, `${name}-${language}`);
        await page.setViewportSize({ width: 320, height: 640 });
        assert.equal(await scrollsSideways(page), false, `${name}-${language} scrolls sideways at 320 px`);
      }
    }
  });

  it('shows every appeal on the signage page without JavaScript, reloading itself', { timeout: 60_000 }, async () => {
    const { world, screens, live } = site;
    const context = await world.newContext({ javaScriptEnabled: false, locale: 'en-GB', viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    await page.goto(`${world.baseUrl}${screens.en}`, { waitUntil: 'load' });
    await assertGone(page.locator('#screen.rotating'));
    assert.ok(await page.locator(`#appeals li[data-slug="${live.slug}"]`).isVisible());
    assert.match(await page.content(), /<meta http-equiv="refresh" content="60">/);
    // (axe itself needs JavaScript; the same markup passed it above.)
    await screenshot(page, 'public-signage-no-script');
  });

  it('lays Arabic out right to left, mirrored, and keeps the current page when the language is changed', { timeout: 60_000 }, async () => {
    const { world, live } = site;
    const context = await world.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(`${world.baseUrl}/appeals`);
    const english = await page.evaluate(() => ({
      brand: document.querySelector('header.site .brand')!.getBoundingClientRect().left,
      nav: document.querySelector('nav.site')!.getBoundingClientRect().left,
      direction: getComputedStyle(document.body).direction,
    }));
    assert.equal(english.direction, 'ltr');
    assert.ok(english.brand < english.nav, 'in English the name of the site is on the left');

    // The menu is plain links: it sets the cookie and returns to the same page, now in Arabic.
    await page.click('nav.langs a[hreflang="ar"]');
    await page.waitForURL(/\/appeals\?lang=ar$/);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    const arabic = await page.evaluate(() => ({
      brand: document.querySelector('header.site .brand')!.getBoundingClientRect().right,
      nav: document.querySelector('nav.site')!.getBoundingClientRect().right,
      // The text of the heading, not its box (a block fills the width either way).
      h1: (() => {
        const range = document.createRange();
        range.selectNodeContents(document.querySelector('main h1')!);
        return range.getBoundingClientRect();
      })(),
      main: document.querySelector('main')!.getBoundingClientRect(),
      direction: getComputedStyle(document.body).direction,
      textAlign: getComputedStyle(document.querySelector('main p')!).textAlign,
    }));
    assert.equal(arabic.direction, 'rtl');
    assert.ok(arabic.brand > arabic.nav, 'in Arabic the name of the site is on the right');
    assert.ok(arabic.main.right - arabic.h1.right < 40, 'the heading starts at the right edge');
    assert.ok(arabic.h1.left - arabic.main.left > 40, 'and not at the left');
    assert.ok(['start', 'right'].includes(arabic.textAlign));
    await screenshot(page, 'public-gallery-ar-mirrored');

    // The choice is remembered: a bare address now answers in Arabic.
    await page.goto(`${world.baseUrl}/support/families`);
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    // The alert has no Arabic text: its page is in Arabic around the alert's first language, marked as such.
    await page.goto(`${world.baseUrl}/appeals/${live.slug}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    assert.equal(await page.getAttribute('.appeal-text', 'lang'), 'en');
    assert.equal(await page.getAttribute('.appeal-text', 'dir'), 'ltr');
    assert.match((await page.textContent('article h1')) ?? '', /Amelia Testcase/);
  });

  it('finds a child in the gallery by name with a plain GET form, without JavaScript', { timeout: 60_000 }, async () => {
    const { world } = site;
    const context = await world.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${world.baseUrl}/appeals?lang=en`);
    await page.fill('#q', 'amelia');
    await page.selectOption('#area', 'area-a');
    await page.click('form.filters button[type=submit]');
    await page.waitForURL(/q=amelia/);
    assert.equal(await page.locator('ul.cards li').count(), 1);
    await page.goto(`${world.baseUrl}/appeals?lang=en&q=nobody-by-this-name`);
    await assertGone(page.locator('ul.cards li'));
    assert.match((await page.textContent('main')) ?? '', /No appeal matches your search/);
  });

  it('sends a sighting with the keyboard alone, the proof of work solved in a Web Worker', { timeout: 90_000 }, () =>
    sendSightingByKeyboard(site),
  );

  it('shows a newly approved appeal on the signage page at once, and drops it when withdrawn', { timeout: 120_000 }, async () => {
    const { world, screens, live } = site;
    const context = await world.newContext({ locale: 'en-GB', viewport: { width: 1920, height: 1080 } });
    const page = await context.newPage();
    const streaming = eventStreamOpened(page, '/events');
    await page.goto(`${world.baseUrl}${screens.en}`, { waitUntil: 'load' });
    await page.waitForSelector(`#appeals li[data-slug="${live.slug}"]`, { state: 'attached' });
    // The event stream is open before the change.
    await streaming;
    const fresh = await approvedAlert(world, { capStatus: 'Actual' });
    await page.waitForSelector(`#appeals li.current[data-slug="${fresh.slug}"]`, { state: 'visible', timeout: 20_000 });
    await screenshot(page, 'public-signage-live-approved');
    const withdrawn = await asToken(world, 'force-a/investigator')('POST', `/api/v1/alerts/${fresh.alertId}/withdraw`, {
      reason: 'found_safe',
    });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    await page.waitForSelector(`#appeals li[data-slug="${fresh.slug}"]`, { state: 'detached', timeout: 20_000 });
    assert.equal(await page.locator(`#appeals li[data-slug="${live.slug}"]`).count(), 1, 'the other appeal stays');
    await screenshot(page, 'public-signage-live-withdrawn');
  });

  it('renders the widget inside a page of another site, untouched by that site’s styles', { timeout: 60_000 }, async () => {
    const { world, live, ended } = site;
    const hostPage = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner news</title>
<style>*{color:#000080 !important;font-family:serif !important}a{display:none !important}li{list-style:disc !important}</style></head>
<body><main><h1>Partner news</h1><p>Our community page.</p>
<script src="${world.baseUrl}/widget.js" data-area="area-a" data-lang="cy" async></script></main></body></html>`;
    const partner = http.createServer((_request, response) =>
      response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(hostPage),
    );
    await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
    try {
      // Another origin: "localhost" and another port, where the app is on 127.0.0.1.
      const partnerUrl = `http://localhost:${(partner.address() as AddressInfo).port}/`;
      const context = await world.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      await page.goto(partnerUrl, { waitUntil: 'networkidle' });
      const link = page.locator('[data-forgetmenot-widget] a', { hasText: 'Amelia Testcase' }).first();
      await link.waitFor({ state: 'visible' });
      assert.match((await link.getAttribute('href')) ?? '', new RegExp(`^${world.baseUrl}/appeals/${live.slug}\\?lang=cy$`));
      assert.match((await link.textContent()) ?? '', /Rhybudd Achub Plentyn/, 'the appeal in Welsh, the language asked for');
      const colour = await link.evaluate((a) => getComputedStyle(a).color);
      assert.notEqual(colour, 'rgb(0, 0, 128)', 'the host page’s styles do not reach inside the widget');
      assert.equal((await page.locator('[data-forgetmenot-widget] img').count()) > 0, true, 'the photo is shown');
      assert.equal(await page.locator(`[data-forgetmenot-widget] a[href*="${ended.slug}"]`).count(), 0, 'no withdrawn appeal');
      await assertAccessible(page, 'partner page with the widget');
      await screenshot(page, 'public-widget-on-partner-site');
    } finally {
      await new Promise((resolve) => partner.close(resolve));
    }
  });
});
