// The printable poster in real Chromium: printed to PDF on A4 it is exactly one page, in English and in
// Arabic (right to left), even with every text of the alert at its longest; on screen it passes axe and
// reflows on a phone; the appeal page's "Print a poster" link opens it.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { ALERT_CONTENTS, approvedAlert } from '../support/alerts.ts';
import { assertAccessible, browserSkip, screenshot, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { ALERT_TEXT_LIMITS } from '../../src/alerts/text-limits.ts';
import { ifStarted } from '../support/hooks.ts';

const ARABIC_CONTENT = {
  language: 'ar',
  headline: 'تنبيه إنقاذ طفل: أميليا تستكيس، 13 عاماً، اختُطفت في أبيرايرون',
  description: 'شوهدت أميليا وهي تُسحب إلى شاحنة بيضاء خارج المركز الترفيهي. ترتدي معطفاً أحمر وحذاءً رياضياً أبيض.',
  instruction: 'إذا رأيتها فاتصل بالرقم 999 فوراً. لا تقترب منها.',
  contact: 'اتصل بالرقم 999 واذكر تنبيه إنقاذ الطفل.',
  smsText: 'تنبيه إنقاذ طفل: أميليا تستكيس، 13، أبيرايرون. اتصل بالرقم 999.',
  broadcastText: 'تنبيه إنقاذ طفل: أميليا تستكيس، 13، أبيرايرون. اتصل بالرقم 999.',
};

/** Page objects in a PDF (each `/Type /Page`, never the `/Type /Pages` tree above them). */
function pdfPageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
}

describe('The printable poster in a browser', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  let live: { alertId: string; slug: string };
  let longest: { alertId: string; slug: string };

  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    world.deps.config.publicUrl = world.baseUrl;
    live = await approvedAlert(world, { withPhoto: true, contents: [ALERT_CONTENTS[0]!, ARABIC_CONTENT] });
    // An exercise (marked at the top and the bottom, in two languages) with every text at the most the console
    // allows: the poster still fits its sheet.
    const words = (limit: number) => 'Amelia was last seen near the harbour wall wearing a red coat. '.repeat(200).slice(0, limit).trim();
    longest = await approvedAlert(world, {
      withPhoto: true,
      capStatus: 'Exercise',
      contents: ALERT_CONTENTS.map((content) => ({
        ...content,
        description: words(ALERT_TEXT_LIMITS.description),
        instruction: words(ALERT_TEXT_LIMITS.instruction),
      })),
    });
    await world.db.query('UPDATE alerts SET vehicle = $2, suspect = $2, last_seen_place = $3 WHERE id = $1', [
      longest.alertId,
      words(400),
      words(200),
    ]);
  });
  after(() => ifStarted(world)?.close());

  async function printedPages(page: Page, url: string, label: string): Promise<number> {
    await page.goto(url, { waitUntil: 'load' });
    assert.ok(
      await page.evaluate(() => [...document.images].every((img) => img.complete && img.naturalWidth > 0)),
      `${label}: the photo loaded`,
    );
    const pdf = await page.pdf({ format: 'A4' });
    // What it prints, for people to look at: the print styles on a sheet-sized view.
    await page.setViewportSize({ width: 794, height: 1123 });
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, `poster-print-${label}`);
    await page.emulateMedia({ media: null });
    return pdfPageCount(pdf);
  }

  for (const language of ['en', 'ar'] as const) {
    it(`prints exactly one A4 page in ${language}, and its screen version passes axe`, { timeout: 180_000 }, async () => {
      const context = await world.newContext({ locale: language === 'ar' ? 'ar' : 'en-GB' });
      const page = await context.newPage();
      const url = `${world.baseUrl}/appeals/${live.slug}/poster?lang=${language}`;
      assert.equal(await printedPages(page, url, language), 1);
      assert.equal(await page.getAttribute('html', 'lang'), language);
      assert.equal(await page.getAttribute('html', 'dir'), language === 'ar' ? 'rtl' : 'ltr');
      await page.setViewportSize({ width: 1280, height: 900 });
      await assertAccessible(page, `poster-${language}`);
      await screenshot(page, `poster-${language}`);
      // In right to left the photo sits on the right, the start of the line.
      const photo = await page.locator('.facts-row img').boundingBox();
      const facts = await page.locator('.facts-row dl').boundingBox();
      assert.ok(photo && facts);
      assert.equal(photo.x > facts.x, language === 'ar', 'the photo is at the start of the line');
      await page.setViewportSize({ width: 375, height: 740 });
      assert.equal(await scrollsSideways(page), false, 'reflows on a phone');
      await assertAccessible(page, `poster-${language}-375`);
      await screenshot(page, `poster-${language}-375`);
    });
  }

  it('fits one page with every text of the alert at its longest', { timeout: 120_000 }, async () => {
    const page = await (await world.newContext()).newPage();
    for (const language of ['en', 'cy']) {
      assert.equal(
        await printedPages(page, `${world.baseUrl}/appeals/${longest.slug}/poster?lang=${language}`, `longest-${language}`),
        1,
        language,
      );
    }
    await page.getByText('Rhagor ar dudalen yr apêl.').waitFor();
  });

  it('is linked from the appeal page', { timeout: 60_000 }, async () => {
    const page = await (await world.newContext({ locale: 'en-GB' })).newPage();
    await page.goto(`${world.baseUrl}/appeals/${live.slug}`);
    await page.getByRole('link', { name: 'Print a poster' }).click();
    await page.waitForURL(`**/appeals/${live.slug}/poster?lang=en`);
    await page.getByRole('heading', { level: 1, name: 'Amelia Testcase' }).waitFor();
    await page.getByRole('img', { name: 'QR code that opens the appeal page' }).waitFor();
  });
});
