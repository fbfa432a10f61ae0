// The appeal page as people use it, in real Chromium: on a 375 × 740 phone the first screen holds the child's
// name and age, the photo, where and when last seen and both actions, under the one marker of what kind of
// appeal it is, with the site's menu folded behind one control (which opens without script and with the
// keyboard); at 1280 px the facts sit beside the photo; the same in Arabic, right to left. Every public page
// shares the folded menu. axe (WCAG 2.2 AA) on each page visited.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { approvedAlert } from '../support/alerts.ts';
import { assertAccessible, browserSkip, screenshot, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { ifStarted } from '../support/hooks.ts';

const PHONE = { width: 375, height: 740 };
const DESKTOP = { width: 1280, height: 900 };

interface Box {
  top: number;
  bottom: number;
  left: number;
  right: number;
}

/** Where each selector's first element is, relative to the top of the page scrolled to its start. */
async function boxes<K extends string>(page: Page, selectors: Record<K, string>): Promise<Record<K, Box>> {
  const found = await page.evaluate(
    (wanted: Record<string, string>) => {
      window.scrollTo(0, 0);
      return Object.fromEntries(
        Object.entries(wanted).map(([name, selector]) => {
          const element = document.querySelector(selector);
          if (!element) throw new Error(`nothing matches ${selector}`);
          const { top, bottom, left, right } = element.getBoundingClientRect();
          return [name, { top, bottom, left, right }];
        }),
      );
    },
    selectors as Record<string, string>,
  );
  return found as Record<K, Box>;
}

const FIRST_SCREEN = {
  name: 'article h1',
  photo: '.appeal-photo img',
  ageLabel: 'dl.facts dt:nth-of-type(1)',
  age: 'dl.facts dd:nth-of-type(1)',
  lastSeen: 'dl.facts dd:nth-of-type(2)',
  when: 'dl.facts dd:nth-of-type(2) time',
  call: '.actions .call',
  sighting: '.actions a[href*="/sighting"]',
  marker: '.appeal-kind',
};

describe('The appeal page on a phone and at a desk', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  let live: { alertId: string; slug: string };
  let exercise: { alertId: string; slug: string };

  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    world.deps.config.publicUrl = world.baseUrl;
    live = await approvedAlert(world, { withPhoto: true });
    exercise = await approvedAlert(world, { capStatus: 'Exercise', withPhoto: true });
  });
  after(() => ifStarted(world)?.close());

  async function assertMenuFolds(page: Page, label: string) {
    const summary = page.locator('details.menu > summary');
    const firstLink = page.locator('nav.site a').first();
    assert.ok(await summary.isVisible(), `${label}: one control for the menu`);
    assert.equal(await firstLink.isVisible(), false, `${label}: the menu is folded`);
    // The keyboard opens it: Tab reaches the control (after the skip link and the site's name), Enter opens.
    await summary.focus();
    await page.keyboard.press('Enter');
    await firstLink.waitFor({ state: 'visible' });
    assert.equal(await page.locator('nav.site a').count(), 5);
    await assertAccessible(page, `${label}, menu open`);
    await screenshot(page, `appeal-layout-${label}-menu`);
    await page.keyboard.press('Enter');
    await firstLink.waitFor({ state: 'hidden' });
  }

  for (const language of ['en', 'ar'] as const) {
    it(
      `shows the name, age, photo, last seen and both actions on a phone's first screen, menu folded, in ${language}`,
      { timeout: 120_000 },
      async () => {
        const context = await world.newContext({ viewport: PHONE, locale: language === 'ar' ? 'ar' : 'en-GB' });
        const page = await context.newPage();
        await page.goto(`${world.baseUrl}/appeals/${live.slug}?lang=${language}`, { waitUntil: 'load' });
        assert.equal(await page.getAttribute('html', 'dir'), language === 'ar' ? 'rtl' : 'ltr');
        await assertAccessible(page, `appeal-${language}-375`);
        assert.equal(await scrollsSideways(page), false);
        const placed = await boxes(page, FIRST_SCREEN);
        for (const [name, box] of Object.entries(placed)) {
          assert.ok(
            box.top >= 0 && box.bottom <= PHONE.height,
            `${name} is on the first screen (${Math.round(box.top)}–${Math.round(box.bottom)} px)`,
          );
        }
        assert.ok(placed.photo.bottom - placed.photo.top >= 200, 'the photo is large enough to recognise a face');
        assert.equal(await page.textContent('article h1'), 'Amelia Testcase');
        assert.equal((await page.textContent(FIRST_SCREEN.age))?.trim(), '13');
        assert.match((await page.textContent(FIRST_SCREEN.lastSeen)) ?? '', /Outside the leisure centre/);
        assert.equal(await page.getAttribute('.actions .call', 'href'), 'tel:999');
        // The first photo is fetched first, never lazily.
        assert.equal(await page.getAttribute(FIRST_SCREEN.photo, 'fetchpriority'), 'high');
        assert.equal(await page.getAttribute(FIRST_SCREEN.photo, 'loading'), null);
        assert.equal(await page.evaluate(() => (document.querySelector('.appeal-photo img') as HTMLImageElement).complete), true);
        // One marker of the kind of appeal, and no other.
        assert.equal(await page.locator('.appeal-kind').count(), 1);
        assert.equal(await page.locator('.banner, .kicker, .tag').count(), 0);
        if (language === 'ar') {
          // Right to left: labels on the right, their values to their left.
          const facts = await boxes(page, { label: 'dl.facts dt', value: 'dl.facts dd' });
          assert.ok(facts.label.left > facts.value.left, 'the label is to the right of its value');
        }
        await screenshot(page, `appeal-layout-${language}-375`);
        await assertMenuFolds(page, `appeal-${language}-375`);
      },
    );

    it(`puts the facts beside the photo at 1280 px, the menu open, in ${language}`, { timeout: 90_000 }, async () => {
      const context = await world.newContext({ viewport: DESKTOP, locale: language === 'ar' ? 'ar' : 'en-GB' });
      const page = await context.newPage();
      await page.goto(`${world.baseUrl}/appeals/${live.slug}?lang=${language}`, { waitUntil: 'load' });
      await assertAccessible(page, `appeal-${language}-1280`);
      const placed = await boxes(page, { ...FIRST_SCREEN, facts: 'dl.facts' });
      const { photo, facts, name } = placed;
      assert.ok(facts.top < photo.bottom && facts.bottom > photo.top, 'the facts share the photo’s vertical band');
      assert.ok(name.top < photo.bottom, 'so does the name');
      if (language === 'ar') assert.ok(facts.right <= photo.left, 'right to left: the facts are to the left of the photo');
      else assert.ok(facts.left >= photo.right, 'the facts are to the right of the photo');
      for (const [key, box] of Object.entries(placed)) assert.ok(box.bottom <= DESKTOP.height, `${key} is on the first screen`);
      assert.ok(photo.bottom - photo.top <= 600, 'the photo does not fill the screen');
      // On a wide screen the menu is laid out in full, with no control to open it.
      assert.ok(await page.locator('nav.site a').first().isVisible());
      assert.equal(await page.locator('details.menu > summary').isVisible(), false);
      assert.ok(await page.locator('nav.langs').isVisible());
      await screenshot(page, `appeal-layout-${language}-1280`);
    });
  }

  it('marks an exercise once, unmistakably, and offers no 999 link for it', { timeout: 60_000 }, async () => {
    const context = await world.newContext({ viewport: PHONE, locale: 'en-GB' });
    const page = await context.newPage();
    await page.goto(`${world.baseUrl}/appeals/${exercise.slug}?lang=en`, { waitUntil: 'load' });
    await assertAccessible(page, 'exercise-375');
    assert.equal(await page.locator('.appeal-kind').count(), 1);
    assert.equal(await page.locator('.banner, .kicker, .tag').count(), 0);
    assert.match((await page.textContent('.appeal-kind')) ?? '', /^EXERCISE: this is not a real appeal\.$/);
    const { marker, sighting } = await boxes(page, { marker: '.appeal-kind', sighting: FIRST_SCREEN.sighting });
    assert.ok(marker.bottom < 200, 'the exercise is said at the top');
    assert.ok(sighting.bottom <= PHONE.height);
    assert.equal(await page.locator('a[href^="tel:999"]').count(), 0, 'no one is asked to ring 999 for a fictional child');
    assert.match((await page.textContent('.actions .call')) ?? '', /do not call 999/);
    await screenshot(page, 'appeal-layout-exercise-375');
  });

  it(
    'folds the menu on every public page on a phone, opening without script, and lays it out at 1280 px',
    { timeout: 240_000 },
    async () => {
      const pages: Record<string, string> = {
        home: '/',
        gallery: '/appeals',
        'sign-up': '/alerts/sign-up',
        report: '/report',
        sighting: `/appeals/${live.slug}/sighting`,
        privacy: '/privacy',
        'support-families': '/support/families',
      };
      const phone = await (await world.newContext({ viewport: PHONE, locale: 'en-GB' })).newPage();
      const noScript = await (await world.newContext({ viewport: PHONE, locale: 'en-GB', javaScriptEnabled: false })).newPage();
      const desk = await (await world.newContext({ viewport: DESKTOP, locale: 'en-GB' })).newPage();
      for (const [name, path] of Object.entries(pages)) {
        for (const language of ['en', 'ar']) {
          const url = `${world.baseUrl}${path}?lang=${language}`;
          await phone.goto(url, { waitUntil: 'load' });
          const { header } = await boxes(phone, { header: 'header.site' });
          assert.ok(header.bottom - header.top < 100, `${name}-${language}: the header is one short bar on a phone`);
          await assertMenuFolds(phone, `${name}-${language}-375`);

          await desk.goto(url, { waitUntil: 'load' });
          assert.ok(await desk.locator('nav.site a').first().isVisible(), `${name}-${language}: the menu is open at 1280 px`);
          assert.equal(await desk.locator('details.menu > summary').isVisible(), false);
        }
        // Without JavaScript the control is the browser's own.
        await noScript.goto(`${world.baseUrl}${path}?lang=en`, { waitUntil: 'load' });
        assert.equal(await noScript.locator('nav.site a').first().isVisible(), false);
        await noScript.click('details.menu > summary');
        await noScript.locator('nav.site a').first().waitFor({ state: 'visible' });
      }
    },
  );
});
