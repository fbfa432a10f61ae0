// The dispatch dashboard of an appeal whose child was found, in real Chromium: open while the appeal runs,
// it turns, without a reload, into the final figures when the found notice has gone; it says when the
// appeal ended (British time), shows the appeal and the found notice as two sections with their own
// figures in messages and in people, and no longer says "Live". At 1280 px, 375 px and in Arabic, with axe.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import {
  assertAccessible,
  assertGone,
  browserSkip,
  screenshot,
  scrollsSideways,
  startBrowserWorld,
  type BrowserWorld,
} from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { addRecipient, ALERT_CENTRE, approvedAlert } from '../support/alerts.ts';
import { startDispatch, type DispatchEngine } from '../../src/dispatch/engine.ts';
import { dispatchProgress, dispatchSettled } from '../../src/dispatch/progress.ts';
import { ifStarted } from '../support/hooks.ts';

/** Three people on email, one of them on SMS too. */
const EMAILS = 3;

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('dispatch dashboard after the child is found, in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  let engine: DispatchEngine;
  let alertId: string;

  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    for (let i = 0; i < EMAILS; i++) {
      await addRecipient(world.db, {
        at: [{ lon: ALERT_CENTRE.lon + i * 0.02, lat: ALERT_CENTRE.lat }],
        channels: { email: { address: `found${i}@example.org` }, ...(i === 0 ? { sms: { address: '+447911123400' } } : {}) },
      });
    }
    engine = await startDispatch(world.deps, { channels: ['email', 'sms'], idleMs: 100, log: () => undefined });
    world.deps.onOutbox = () => engine.nudge();
    ({ alertId } = await approvedAlert(world));
    await until('the appeal sent', async () => {
      const progress = await dispatchProgress(world.db, alertId);
      return dispatchSettled(progress) && progress.channels.find((c) => c.channel === 'email')!.sent === EMAILS;
    });
  });
  after(async () => {
    await ifStarted(engine)?.stop();
    await ifStarted(world)?.close();
  });

  /** The live line's words, exactly: "Live" must not be among them once the appeal has ended. */
  const liveLine = (page: Page) => page.locator('.live-line [role="status"]');

  async function assertEndedPage(page: Page, label: string) {
    await page.getByText(/^Ended at \d{2}:\d{2} (GMT|BST) on \d{1,2} [A-Z][a-z]+ \d{4}\.$/).waitFor();
    assert.equal(await liveLine(page).innerText(), 'Final figures: nothing more will be sent.');
    await assertGone(page.getByText('Live', { exact: true }));
    await page.getByRole('heading', { level: 2, name: 'The appeal' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Found notice' }).waitFor();
    const appeal = page.getByRole('table', { name: 'The appeal: delivery per channel' });
    const found = page.getByRole('table', { name: 'Found notice: delivery per channel' });
    for (const table of [appeal, found]) {
      const email = table.getByRole('row', { name: /^Email/ });
      assert.equal(
        await email.locator('td[data-figure="targeted"]').innerText(),
        String(EMAILS),
        `${label}: ${EMAILS} emails, not ${EMAILS * 2}`,
      );
      assert.equal(await email.locator('td[data-figure="sent"]').innerText(), String(EMAILS));
      assert.equal(await table.getByRole('row', { name: /^SMS/ }).locator('td[data-figure="targeted"]').innerText(), '1');
      // Four messages, three people.
      const all = table.locator('tfoot tr');
      assert.equal(await all.locator('td[data-figure="sent"]').innerText(), String(EMAILS + 1));
      assert.equal(await all.locator('td[data-figure="peopleReached"]').innerText(), String(EMAILS));
    }
    await page
      .getByText(`People: ${EMAILS} of ${EMAILS} reached on at least one channel (${EMAILS + 1} messages sent).`)
      .first()
      .waitFor();
    await assertAccessible(page, `ended dispatch dashboard, ${label}`);
  }

  it('turns into the final figures when the found notice has gone, without a reload, at 1280 px', async () => {
    const page = await (await world.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/alerts/${alertId}/dispatch`);
    await page.getByRole('table', { name: 'The appeal: delivery per channel' }).waitFor();
    await liveLine(page)
      .filter({ hasText: /^Live$/ })
      .waitFor();
    await assertGone(page.getByRole('heading', { level: 2, name: 'Found notice' }));

    const withdrawn = await world.app.inject({
      method: 'POST',
      url: `/api/v1/alerts/${alertId}/withdraw`,
      headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}` },
      payload: { reason: 'found_safe', note: 'Found at a friend’s house' },
    });
    assert.equal(withdrawn.statusCode, 200, withdrawn.body);
    await liveLine(page).filter({ hasText: 'Final figures' }).waitFor();
    await assertEndedPage(page, '1280 px, live');
    // The chart names each notice's lines.
    const chart = page.getByRole('img', { name: /Messages out/ });
    assert.match((await chart.getAttribute('aria-label'))!, new RegExp(`Found notice: Email ${EMAILS}`));
    await screenshot(page, 'dispatch-dashboard-ended');

    // Opened afterwards: the same, and no live stream is opened at all.
    const streams: string[] = [];
    page.on('request', (request) => request.url().includes('/dispatch/events') && streams.push(request.url()));
    await page.reload();
    await assertEndedPage(page, '1280 px, reloaded');
    assert.deepEqual(streams, []);
  });

  it('reads at 375 px and in Arabic, right to left', async () => {
    const page = await (await world.newContext({ viewport: { width: 375, height: 740 } })).newPage();
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/alerts/${alertId}/dispatch`);
    await assertEndedPage(page, '375 px');
    assert.equal(await scrollsSideways(page), false, 'no sideways scrolling at 375 px');
    await screenshot(page, 'dispatch-dashboard-ended-375');

    await page.getByRole('banner').getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.getByRole('heading', { level: 2, name: 'النداء', exact: true }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'إشعار العثور' }).waitFor();
    await page.getByText(/^انتهى في /).waitFor();
    assert.equal(await liveLine(page).innerText(), 'الأرقام النهائية: لن يُرسل شيء آخر.');
    await assertGone(page.getByText('مباشر', { exact: true }));
    assert.equal(await scrollsSideways(page), false, 'nor in Arabic');
    await assertAccessible(page, 'ended dispatch dashboard in Arabic at 375 px');
    await screenshot(page, 'dispatch-dashboard-ended-ar-375');
  });
});
