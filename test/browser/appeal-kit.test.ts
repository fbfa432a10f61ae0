// The "Share this appeal" area of a long-term appeal's page in real Chromium on a 360 px phone, in English
// and in Arabic (right to left): its pictures and QR code load, nothing scrolls sideways even with the
// longest name, the copy buttons copy each network's post, and axe finds nothing.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, screenshot, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { ifStarted } from '../support/hooks.ts';
import { addPhoto, publishedAppeal } from '../../src/kits/kits.test-support.ts';

describe('The share area of an appeal page in a browser', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  let slug: string;

  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    world.deps.config.publicUrl = world.baseUrl;
    const appeal = await publishedAppeal(world, 'Wolfeschlegelsteinhausenbergerdorff-Featherstonehaugh');
    await addPhoto(world, appeal);
    slug = appeal.slug;
  });
  after(() => ifStarted(world)?.close());

  for (const language of ['en', 'ar'] as const) {
    it(`offers pictures, a QR code and posts to copy on a phone in ${language}, and passes axe`, { timeout: 180_000 }, async () => {
      const context = await world.newContext({ viewport: { width: 360, height: 800 }, locale: language === 'ar' ? 'ar' : 'en-GB' });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: world.baseUrl });
      const page = await context.newPage();
      await page.goto(`${world.baseUrl}/missing/${slug}?lang=${language}`, { waitUntil: 'load' });
      const area = page.locator('section.kit');
      await area.scrollIntoViewIfNeeded();
      await page.waitForFunction(() =>
        [...document.querySelectorAll<HTMLImageElement>('section.kit img')].every((img) => img.complete && img.naturalWidth > 0),
      );
      assert.equal(await area.locator('img').count(), 3, 'two pictures and the QR code');
      assert.equal(await area.locator('textarea').count(), 6, 'a post for each network');
      assert.equal(await scrollsSideways(page), false, 'nothing scrolls sideways at 360 px');

      const copy = area.locator('button[data-copy="kit-post-x"]');
      await copy.click();
      await page.locator('#kit-status-x').filter({ hasText: /\S/ }).waitFor();
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      assert.equal(copied, await page.locator('#kit-post-x').inputValue());
      assert.ok(copied.includes(`/missing/${slug}?lang=${language}`));

      await screenshot(page, `appeal-kit-${language}`);
      await assertAccessible(page, `the appeal page with its share area (${language})`);
    });
  }
});
