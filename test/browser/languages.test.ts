// The language a visitor chooses, in real Chromium against the real server: Welsh chosen from the language
// menu at desktop width carries through the sign-up, sighting and report forms, a mistake and each receipt,
// in a browser that asks for English; Urdu chosen at 375 px is right to left on the report form, its
// mistake and its receipt. axe (WCAG 2.2 AA) checks every page visited; with TEST_SCREENSHOTS=1, screenshots
// go to test-artefacts/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { approvedAlert } from '../support/alerts.ts';
import { assertAccessible, browserSkip, screenshot, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { seedDemoGazetteer } from '../../src/geo/gazetteer.ts';
import { translator } from '../../src/i18n/i18n.ts';
import { ifStarted } from '../support/hooks.ts';

const cy = translator('cy');
const ur = translator('ur');

describe('The chosen language through the public forms, in a browser', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  let slug: string;

  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    await seedDemoGazetteer(world.db);
    ({ slug } = await approvedAlert(world));
  });
  after(() => ifStarted(world)?.close());

  async function expectPage(page: Page, language: string, dir: 'ltr' | 'rtl', heading: string, label: string) {
    await page.getByRole('heading', { level: 1, name: heading }).waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), language, `${label} is in ${language}`);
    assert.equal(await page.getAttribute('html', 'dir'), dir, `${label} is ${dir}`);
    await assertAccessible(page, label);
    await screenshot(page, `languages-${label}`);
  }

  it('walks sign-up, sighting and report in Welsh after choosing Welsh from the menu', { timeout: 300_000 }, async () => {
    const context = await world.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(120_000);
    const page = await context.newPage();
    await page.goto(`${world.baseUrl}/alerts/sign-up`);
    assert.equal(await page.getAttribute('html', 'lang'), 'en', 'an English browser gets English first');
    await page.locator('a[hreflang="cy"]').first().click();
    await expectPage(page, 'cy', 'ltr', cy('subscribe.signUp.title'), 'sign-up-cy');

    // A mistake, then the sign-up, in Welsh.
    await page.getByRole('button', { name: cy('subscribe.signUp.submit') }).click();
    await page.getByRole('heading', { level: 2, name: cy('subscribe.signUp.errorSummary') }).waitFor();
    await expectPage(page, 'cy', 'ltr', cy('subscribe.signUp.title'), 'sign-up-mistake-cy');
    await page.getByLabel(cy('subscribe.signUp.channelEmail'), { exact: true }).check();
    await page.getByLabel(cy('subscribe.signUp.email')).fill('cymraeg.browser@example.org');
    await page.locator('#place1').fill('Oxford');
    await page.getByLabel(cy('subscribe.signUp.consent')).check();
    assert.equal(await page.locator('#language').inputValue(), 'cy', 'the alerts default to the language chosen');
    await page.getByRole('button', { name: cy('subscribe.signUp.submit') }).click();
    await expectPage(page, 'cy', 'ltr', cy('subscribe.check.title'), 'sign-up-check-cy');

    // The bare address of an appeal, as shared: the menu's cookie keeps it Welsh.
    await page.goto(`${world.baseUrl}/appeals/${slug}`);
    assert.equal(await page.getAttribute('html', 'lang'), 'cy');
    await page
      .getByRole('link', { name: cy('appeal.reportSighting') })
      .first()
      .click();
    await expectPage(page, 'cy', 'ltr', cy('intake.sighting.title'), 'sighting-cy');
    await page.locator('#place').fill('Aberystwyth');
    await page.locator('#description').fill('Merch mewn cot felen ger y pier.');
    await page.getByRole('button', { name: cy('intake.sighting.submit') }).click();
    await page.waitForURL(/\/sighting\/received\/S-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    await expectPage(page, 'cy', 'ltr', cy('intake.sighting.receivedHeading'), 'sighting-receipt-cy');

    await page.goto(`${world.baseUrl}/report`);
    await expectPage(page, 'cy', 'ltr', cy('report.title'), 'report-cy');
    await page.getByLabel(cy('report.category.child_at_risk')).check();
    await page.locator('#description').fill('Plentyn ar ei ben ei hun yn hwyr y nos.');
    await page.getByRole('button', { name: cy('report.submit') }).click();
    await page.waitForURL(/\/report\/received\/R-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    await expectPage(page, 'cy', 'ltr', cy('report.receivedHeading'), 'report-receipt-cy');
    assert.ok(await page.getByText(cy('site.translationNote')).isVisible(), 'the page says who wrote the translation');
  });

  it('walks the report form in Urdu, right to left, on a 375 px phone', { timeout: 300_000 }, async () => {
    const context = await world.newContext({ locale: 'en-GB', viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    context.setDefaultTimeout(120_000);
    const page = await context.newPage();
    await page.goto(`${world.baseUrl}/report`);
    // The menu's entry, followed as a tap would (the menu may sit behind a control on a phone).
    const urdu = await page.locator('a[hreflang="ur"]').first().getAttribute('href');
    await page.goto(`${world.baseUrl}${urdu}`);
    await expectPage(page, 'ur', 'rtl', ur('report.title'), 'report-ur-375');
    assert.equal(await scrollsSideways(page), false, 'the Urdu report form reflows at 375 px');

    // A mistake (nothing said about what happened), answered in Urdu.
    await page.getByLabel(ur('report.category.other')).check();
    await page.getByRole('button', { name: ur('report.submit') }).click();
    await page.getByRole('heading', { level: 2, name: ur('intake.errorSummary') }).waitFor();
    await expectPage(page, 'ur', 'rtl', ur('report.title'), 'report-mistake-ur-375');
    assert.ok(await page.getByText(ur('intake.problem.descriptionRequired')).first().isVisible());

    await page.locator('#description').fill('ایک بچہ رات گئے اکیلا تھا۔');
    await page.getByRole('button', { name: ur('report.submit') }).click();
    await page.waitForURL(/\/report\/received\/R-[0-9A-Z]{4}-[0-9A-Z]{4}/);
    await expectPage(page, 'ur', 'rtl', ur('report.receivedHeading'), 'report-receipt-ur-375');
    assert.equal(await scrollsSideways(page), false, 'the Urdu receipt reflows at 375 px');

    await page.goto(`${world.baseUrl}/alerts/sign-up`);
    await expectPage(page, 'ur', 'rtl', ur('subscribe.signUp.title'), 'sign-up-ur-375');
    assert.equal(await scrollsSideways(page), false, 'the Urdu sign-up form reflows at 375 px');
  });
});
