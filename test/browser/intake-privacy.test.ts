// The report and sighting forms in real Chromium, as a child on a shared family device would use them:
// nothing typed is left in localStorage, sessionStorage or cookies, during typing, after sending or once
// the tab is closed; a send the server refuses is posted once, never again as a plain form; and "Exit
// this page" (button or Shift three times) leaves for a neutral site that Back does not return from.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { approvedAlert } from '../support/alerts.ts';
import { assertAccessible, browserSkip, screenshot, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { seedDemoGazetteer } from '../../src/geo/gazetteer.ts';
import { QUICK_EXIT_URL } from '../../src/public-site/quick-exit.ts';
import { ifStarted } from '../support/hooks.ts';

const SECRET = 'my stepdad Gary Secretname';

async function storageOf(page: Page, context: BrowserContext) {
  // A string, so that the compiler adds no helpers the page does not have.
  const stored = await page.evaluate<{ local: string[]; session: string[] }>(`(() => {
    const dump = (storage) => Array.from({ length: storage.length }, (_, i) => storage.key(i) + '=' + storage.getItem(storage.key(i)));
    return { local: dump(window.localStorage), session: dump(window.sessionStorage) };
  })()`);
  return { ...stored, cookies: (await context.cookies()).map((cookie) => `${cookie.name}=${cookie.value}`) };
}

describe('The public forms keep nothing on the device', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  let slug: string;

  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    world.deps.config.publicUrl = world.baseUrl;
    await seedDemoGazetteer(world.db);
    ({ slug } = await approvedAlert(world));
  });
  after(() => ifStarted(world)?.close());

  it(
    'leaves no trace of a report in storage or cookies while typing, after sending, or after the tab is closed',
    { timeout: 120_000 },
    async () => {
      const context = await world.newContext({ locale: 'en-GB' });
      const page = await context.newPage();
      await page.goto(`${world.baseUrl}/report?lang=en`, { waitUntil: 'networkidle' });
      await page.check('#category_child_at_risk');
      await page.fill('#description', `He hurts me. ${SECRET} takes my phone.`);
      await page.fill('#who', SECRET);
      await page.fill('#place', 'Aberystwyth');
      await page.fill('#contact_name', 'Sam');
      await page.fill('#contact_phone', '07400 555123');
      await page.fill('#contact_email', 'sam@example.org');
      await page.dispatchEvent('#description', 'change');
      assert.deepEqual(await storageOf(page, context), { local: [], session: [], cookies: [] }, 'nothing kept while typing');

      await page.click('button[type=submit]');
      await page.waitForURL(/\/report\/received\/R-[0-9A-Z]{4}-[0-9A-Z]{4}/, { timeout: 60_000 });
      assert.deepEqual(await storageOf(page, context), { local: [], session: [], cookies: [] }, 'nothing kept after sending');
      await screenshot(page, 'report-received-nothing-kept');

      // Another report started on the same device later: an empty form, nothing restored.
      const unsent = await context.newPage();
      await unsent.goto(`${world.baseUrl}/report?lang=en`, { waitUntil: 'networkidle' });
      await unsent.fill('#who', SECRET);
      await unsent.close();
      await page.close();
      const next = await context.newPage();
      await next.goto(`${world.baseUrl}/report?lang=en`, { waitUntil: 'networkidle' });
      for (const field of ['#description', '#who', '#place', '#contact_name', '#contact_phone', '#contact_email'])
        assert.equal(await next.inputValue(field), '', `${field} is empty`);
      assert.equal(await next.isChecked('#category_child_at_risk'), false);
      assert.ok(!(await next.content()).includes(SECRET));
      assert.deepEqual(await storageOf(next, context), { local: [], session: [], cookies: [] }, 'nothing kept after closing');
      await assertAccessible(next, 'report form with quick exit');
    },
  );

  it('posts a sighting once when the send is refused, and shows the server’s own page', { timeout: 120_000 }, async () => {
    const context = await world.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const posts: string[] = [];
    await page.route(`**/appeals/${slug}/sighting*`, async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      posts.push(route.request().headers().accept ?? '');
      // The send fails: the server is overwhelmed and says so with a page of its own.
      await route.fulfill({
        status: 503,
        contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><html lang="en"><title>Busy</title><h1 id="busy">Try again soon</h1></html>',
      });
    });
    await page.goto(`${world.baseUrl}/appeals/${slug}/sighting?lang=en`, { waitUntil: 'networkidle' });
    await page.fill('#place', 'Aberystwyth');
    await page.fill('#description', 'A girl in a red coat at the bus station');
    await page.click('button[type=submit]');
    await page.waitForSelector('#busy', { timeout: 60_000 });
    // Long enough for a second post (the old script's plain form submit) to have been made.
    await page.waitForTimeout(2000);
    assert.equal(posts.length, 1, `posted ${posts.length} times`);
    assert.match(posts[0]!, /application\/json/);
    assert.deepEqual(await storageOf(page, context), { local: [], session: [], cookies: [] });
  });

  it('shows a refusal of the real server in place of the form, after one post', { timeout: 120_000 }, async () => {
    const context = await world.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    let posts = 0;
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().includes(`/appeals/${slug}/sighting`)) posts++;
    });
    await page.goto(`${world.baseUrl}/appeals/${slug}/sighting?lang=en`, { waitUntil: 'networkidle' });
    await page.fill('#place', 'Aberystwyth');
    await page.fill('#description', 'Near the pier');
    await page.fill('#contact_phone', '0123');
    await page.click('button[type=submit]');
    await page.waitForSelector('#error-summary', { timeout: 60_000 });
    await page.waitForTimeout(1500);
    assert.equal(posts, 1);
    assert.equal(
      await page.inputValue('#description'),
      'Near the pier',
      'what was typed is shown back by the server, not kept by the browser',
    );
    assert.deepEqual(await storageOf(page, context), { local: [], session: [], cookies: [] });
  });

  for (const how of ['button', 'Shift three times'] as const) {
    it(`leaves the report page for a neutral site with the ${how}, and Back does not return to it`, { timeout: 60_000 }, async () => {
      const context = await world.newContext({ locale: 'en-GB' });
      await context.route('https://www.bbc.co.uk/**', (route) =>
        route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Weather</title><h1>Weather</h1>' }),
      );
      const page = await context.newPage();
      await page.goto(`${world.baseUrl}/support/families?lang=en`, { waitUntil: 'networkidle' });
      await page.goto(`${world.baseUrl}/report?lang=cy`, { waitUntil: 'networkidle' });
      assert.ok(await page.isVisible('#quick-exit'));
      assert.equal(await page.textContent('#quick-exit'), 'Gadael y dudalen hon');
      assert.ok(await page.isVisible('#quick-exit-hint'), 'the shortcut is explained where it works');
      await page.fill('#who', SECRET);
      if (how === 'button') await page.click('#quick-exit');
      else {
        await page.focus('#who');
        for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
      }
      await page.waitForURL(QUICK_EXIT_URL, { timeout: 30_000 });
      await page.goBack({ waitUntil: 'load' }).catch(() => null);
      assert.ok(!page.url().includes('/report'), `Back went to ${page.url()}`);
    });
  }

  it('has a quick exit that works as a plain link without JavaScript', { timeout: 60_000 }, async () => {
    const context = await world.newContext({ locale: 'en-GB', javaScriptEnabled: false });
    await context.route('https://www.bbc.co.uk/**', (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Weather</title>' }),
    );
    const page = await context.newPage();
    await page.goto(`${world.baseUrl}/support/running-away?lang=en`);
    assert.equal(await page.isVisible('#quick-exit-hint'), false, 'no promise of a shortcut that cannot work');
    await page.click('#quick-exit');
    await page.waitForURL(QUICK_EXIT_URL);
  });
});
