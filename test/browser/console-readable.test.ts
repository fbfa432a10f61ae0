// The console says what things are, in words an officer can act on, at a desk (1280 px), on a phone (375 px)
// and in Arabic: a refused form names each field and says what to do (never the validator's text); grading
// while answers are still on the form saves them with it; the case page's sections are a bar that stays in
// reach and in the address; notices are sentences with a link; the alert page links its sightings map; a
// partner's area is named by its force area; dates are British (no "Dec 6, 2026" and no AM/PM). Axe on each.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, screenshot, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { asToken, newChildCase } from '../support/app.ts';
import { approvedAlert } from '../support/alerts.ts';
import { ifStarted } from '../support/hooks.ts';

const US_DATE = /\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]* \d{1,2}, \d{4}|\b\d{1,2}:\d{2}\s?(AM|PM)\b|\d{4}-\d{2}-\d{2}T/;
const VALIDATOR = /must (match|NOT|be|have)|\/body\/|The request is not valid/;

const WIDTHS = [
  { name: '1280', viewport: { width: 1280, height: 900 }, language: 'en' },
  { name: '375', viewport: { width: 375, height: 740 }, language: 'en' },
  { name: 'ar', viewport: { width: 375, height: 740 }, language: 'ar' },
] as const;

describe('console says what things are, in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
  });
  after(async () => ifStarted(world)?.close());

  async function openPage(viewport: { width: number; height: number }, language: string): Promise<Page> {
    const context = await world.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    // Signing in happens in English (the helper finds fields by their English labels); then the language.
    (page as Page & { language?: string }).language = language;
    return page;
  }

  async function signIn(page: Page, who: string) {
    await signInToConsole(page, world, who);
    const language = (page as Page & { language?: string }).language ?? 'en';
    await page.evaluate((lang) => localStorage.setItem('fmn-console-lang', lang), language);
  }

  for (const { name, viewport, language } of WIDTHS) {
    it(`names a refused case field in words, and grading saves the answers on the form (${name})`, async () => {
      const page = await openPage(viewport, language);
      await signIn(page, 'force-a/investigator');
      await page.goto(`${world.baseUrl}/console/cases?record=new`);
      await page.locator('#field-body-child-givenNames').fill('Rhian');
      await page.locator('#field-body-child-familyName').fill('Words');
      await page.locator('#field-body-child-estimatedAge').fill('12');
      await page.locator('#field-body-child-sex').selectOption('female');
      await page.locator('#field-body-child-languages').fill('english!');
      await page.locator('#field-body-lastSeen-at').fill('2026-11-22T21:15');
      await page.locator('#field-body-lastSeen-place').fill('Market square');
      await page.locator('#field-body-lastSeen-lon').fill('-3.4');
      await page.locator('#field-body-lastSeen-lat').fill('52.6');
      await page.locator('main form button[type="submit"]').first().click();
      const problem = page.locator('#field-body-child-languages-problem');
      await problem.waitFor();
      const words = await problem.innerText();
      assert.match(words, language === 'ar' ? /رموز اللغات/ : /^Languages spoken: use language codes such as en, cy, pl or ar\.$/);
      const summary = await page.getByRole('alert').first().innerText();
      assert.doesNotMatch(summary, VALIDATOR, summary);
      assert.doesNotMatch(words, VALIDATOR);
      await assertAccessible(page, `refused case form (${name})`);
      await screenshot(page, `readable-refusal-${name}`);

      // A case with fifteen questions: one answer chosen on the form, not saved, then a grading.
      const created = await asToken(world, 'force-a/investigator')(
        'POST',
        '/api/v1/cases',
        newChildCase(undefined, { child: { ...newChildCase().child, givenNames: `Grade${name}` } }),
      );
      const caseId = JSON.parse(created.body).id as string;
      await page.goto(`${world.baseUrl}/console/cases/${caseId}`);
      await page.locator('#risk-heading').waitFor();
      assert.equal(await scrollsSideways(page), false, `case page (${name})`);
      await page.locator('section[aria-labelledby="risk-heading"] button.secondary').first().click();
      // Large targets: each answer is a row at least 44 px tall, chosen by a click anywhere on it.
      const exploitation = page.locator('fieldset').filter({ has: page.locator('input[name="q-exploitation"]') });
      const yes = exploitation.locator('label').first();
      await yes.scrollIntoViewIfNeeded();
      const box = (await yes.boundingBox())!;
      assert.ok(box.height >= 44, `answer row is ${box.height} px tall`);
      await page.mouse.click(box.x + box.width - 4, box.y + box.height / 2);
      assert.equal(await exploitation.locator('input[value="yes"]').isChecked(), true, 'a click on the label chooses it');
      await page.locator('#field-body-answers-0-source').fill('Mother, by phone');
      // The grading form says the answers are unsaved and the level follows what they suggest.
      await page.locator('#grading-unsaved').waitFor();
      assert.equal(await page.locator('#field-body-level').inputValue(), 'high');
      await page.locator('#field-body-rationale').fill('Seen with older men in a car');
      await assertAccessible(page, `grading with unsaved answers (${name})`);
      await page.locator('form[aria-labelledby="grading-form-heading"] button[type="submit"]').click();
      await page.locator('#grading-unsaved').waitFor({ state: 'detached' });
      const saved = JSON.parse((await asToken(world, 'force-a/investigator')('GET', `/api/v1/cases/${caseId}`)).body);
      assert.deepEqual(
        saved.risk.answers.map((a: { question: string; answer: string }) => `${a.question}:${a.answer}`),
        ['exploitation:yes'],
        'the answer on the form was saved with the grading',
      );
      assert.deepEqual(
        saved.risk.gradings.map((g: { level: string; suggestedLevel: string }) => `${g.level}/${g.suggestedLevel}`),
        ['high/high'],
      );

      // Sections: a bar of links that stays in reach; the address keeps the section across a reload.
      const sections = page.locator('nav.case-sections');
      await sections.locator('a[href="#photos-heading"]').click();
      await page.waitForFunction(() => window.location.hash === '#photos-heading');
      assert.equal(await sections.locator('a[href="#photos-heading"]').getAttribute('aria-current'), 'location');
      const navBox = (await sections.boundingBox())!;
      assert.ok(navBox.y <= 1 && navBox.y >= -1, `the section bar stays at the top (y ${navBox.y})`);
      for (const link of await sections.locator('a').all())
        assert.ok((await link.boundingBox())!.height >= 44, 'section links are large targets');
      await page.reload();
      await page.locator('#photos-heading').waitFor();
      await page.waitForFunction(() => {
        const top = document.getElementById('photos-heading')!.getBoundingClientRect().top;
        return top >= 0 && top < window.innerHeight / 2;
      });
      // British dates throughout the page.
      const text = await page.locator('main').innerText();
      assert.doesNotMatch(text, US_DATE, 'no US or ISO dates');
      if (language === 'en') {
        assert.match(text, /\d{1,2} [A-Z][a-z]+ \d{4} at \d{2}:\d{2} (GMT|BST)/);
        assert.match(text, /1 April 2014|2 April 2013/, 'the date of birth as the UK writes it');
      }
      assert.equal(await scrollsSideways(page), false, `case page with sections (${name})`);
      await assertAccessible(page, `case page sections (${name})`);
      await screenshot(page, `readable-case-sections-${name}`);
    });
  }

  it('says what each notice is with a link, links an alert to its sightings map, and names a partner’s area, at 1280, 375 and in Arabic', async () => {
    const { alertId } = await approvedAlert(world);
    const { rows } = await world.db.query<{ id: string; reference: string }>(
      `SELECT a.jurisdiction_id AS id, c.reference FROM alerts a JOIN cases c ON c.id = a.case_id WHERE a.id = $1`,
      [alertId],
    );
    await world.db.query(
      `INSERT INTO staff_notifications (jurisdiction_id, roles, kind, subject_type, subject_id, message, created_at)
       VALUES ($1, $2, 'alert_expiring', 'alert', $3, 'expires soon', now())`,
      [rows[0]!.id, ['approver', 'national_coordinator'], alertId],
    );
    const screen = await asToken(world, 'partner/partner_admin')('POST', '/api/v1/enrolment/screens', {
      name: 'Depot canteen',
      area: { jurisdictionCodes: ['area-a'] },
      language: 'en',
    });
    assert.equal(screen.statusCode, 201, screen.body);

    for (const { name, viewport, language } of WIDTHS) {
      const page = await openPage(viewport, language);
      await signIn(page, 'force-a/approver');
      await page.goto(`${world.baseUrl}/console/approvals`);
      const notices = page.locator('section[aria-labelledby="notices-heading"]');
      const link = notices.locator(`a[href="/console/alerts/${alertId}"]`);
      await link.waitFor();
      const notice = await notices.innerText();
      assert.doesNotMatch(notice, /alert_expiring|expires soon/, 'no raw code, no stored English');
      assert.ok(notice.includes(rows[0]!.reference), 'the notice names the case');
      if (language === 'en') assert.match(notice, /is about to expire\. Renew it if the child is still missing/);
      assert.doesNotMatch(notice, US_DATE);
      await assertAccessible(page, `notices (${name})`);
      await screenshot(page, `readable-notices-${name}`);

      await link.click();
      const mapLink = page.locator(`a[href="/console/sightings?alert=${alertId}"]`);
      await mapLink.waitFor();
      if (language === 'en') assert.equal(await mapLink.innerText(), 'Sightings map');
      assert.doesNotMatch(await page.locator('main').innerText(), US_DATE);
      await assertAccessible(page, `alert page with its sightings map link (${name})`);
      await mapLink.click();
      await page.waitForURL(/\/console\/sightings\?alert=/);
      await page.context().close();

      const partnerPage = await openPage(viewport, language);
      await signIn(partnerPage, 'partner/partner_admin');
      await partnerPage.goto(`${world.baseUrl}/console/enrolment`);
      const row = partnerPage.locator('tr').filter({ hasText: 'Depot canteen' });
      await row.waitFor();
      assert.match(await row.innerText(), /Area A/, 'the area is named by its force area');
      assert.doesNotMatch(await row.innerText(), /H3 cells/);
      assert.doesNotMatch(await partnerPage.locator('main').innerText(), US_DATE);
      await assertAccessible(partnerPage, `partner's named area (${name})`);
      await screenshot(partnerPage, `readable-partner-area-${name}`);
      await partnerPage.context().close();
    }
  });
});
