// The dispatch dashboard and the development inbox in real Chromium: an alert approved through the API,
// the dispatch engine started at a slow email rate, and the figures climbing live on the page (server-sent
// events, no reload), and saying so when the stream stops; the chart and its table; the re-issue schedule
// set, with a refused value named beside its field; the emails in the development inbox, labelled as not
// sent, filtered, and shown as text and as HTML in a sandboxed frame; axe on both screens, 320 px, Arabic.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
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
import { ifStarted } from '../support/hooks.ts';

const EMAILS = 16;

/** The engine the dashboard watches, kept so that the suite stops it afterwards. */
interface Running {
  engine?: DispatchEngine;
}

/** The approver watches the dashboard while the engine sends at two emails a second: the figures climb live, then the chart. */
async function watchFiguresClimb(world: BrowserWorld, alertId: string, running: Running): Promise<void> {
  const page = await (await world.newContext()).newPage();
  await signInToConsole(page, world, 'force-a/approver');
  await page.goto(`${world.baseUrl}/console/alerts/${alertId}/dispatch`);
  await page.getByRole('heading', { level: 1, name: 'Dispatch: who has been reached' }).waitFor();
  const table = page.getByRole('table', { name: 'Delivery per channel' });
  const emailRow = table.getByRole('row', { name: /^Email/ });
  const sentEmails = emailRow.locator('td[data-figure="sent"]');
  await sentEmails.waitFor();
  assert.equal(await sentEmails.innerText(), '0', 'nothing sent before the workers start');
  await assertAccessible(page, 'dispatch dashboard before sending');

  // Two emails a second, so the page sees the figures on their way up.
  running.engine = await startDispatch(
    { ...world.deps, config: { ...world.deps.config, rateLimits: { email: 2, sms: 2, push: 1000, webhook: 1000 } } },
    { channels: ['email', 'sms'], idleMs: 100, lanes: 1, tuning: { batchSize: 2 }, log: () => undefined },
  );
  const seen = new Set<number>();
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const value = Number((await sentEmails.innerText()).replace(/\D/g, ''));
    seen.add(value);
    if (value === EMAILS + 1) break;
    await page.waitForTimeout(250);
  }
  const steps = [...seen].sort((a, b) => a - b);
  assert.equal(steps[steps.length - 1], EMAILS + 1, `every email sent: ${steps.join(', ')}`);
  assert.ok(
    steps.filter((n) => n > 0 && n < EMAILS + 1).length >= 2,
    `figures seen on their way up, without a reload: ${steps.join(', ')}`,
  );
  assert.equal(await emailRow.locator('td[data-figure="targeted"]').innerText(), String(EMAILS + 1));
  assert.equal(
    await emailRow.locator('td[data-figure="delivered"]').innerText(),
    String(EMAILS + 1),
    'the development inbox counts as delivered',
  );
  await table.getByRole('row', { name: /^SMS/ }).locator('td[data-figure="sent"]').filter({ hasText: '1' }).waitFor();
  await page.getByRole('status').filter({ hasText: 'Everything targeted has been sent or settled.' }).waitFor();
  assert.notEqual(await emailRow.locator('td').nth(7).innerText(), '—', 'time to the first email');

  // The chart, and its figures as a table.
  // The chart's points come from the timeline, which may follow the table by one step: wait for the last.
  const chart = page.getByRole('img', { name: new RegExp(`Messages out[\\s\\S]*Email ${EMAILS + 1}\\b`) });
  await chart.waitFor();
  await page.getByText("The chart's figures as a table").click();
  const figures = page.getByRole('table', { name: 'Messages out since approval, per channel' });
  const lastRow = figures.locator('tbody tr').last();
  assert.match(await lastRow.innerText(), new RegExp(`\\b${EMAILS + 1}\\b`));
  assert.ok((await figures.locator('tbody tr').count()) >= 3, 'several points in time');
  await assertAccessible(page, 'dispatch dashboard after sending');
  await screenshot(page, 'dispatch-dashboard');

  // Opened afterwards, the chart is drawn from the server's timeline.
  await page.reload();
  await page.getByText("The chart's figures as a table").click();
  assert.ok((await page.getByRole('table', { name: 'Messages out since approval, per channel' }).locator('tbody tr').count()) >= 2);
}

describe('dispatch dashboard and development inbox in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  const running: Running = {};
  let alertId: string;

  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    for (let i = 0; i < EMAILS; i++) {
      await addRecipient(world.db, {
        at: [{ lon: ALERT_CENTRE.lon + (i % 4) * 0.02, lat: ALERT_CENTRE.lat + Math.floor(i / 4) * 0.02 }],
        channels: { email: { address: `reader${i}@example.org` } },
      });
    }
    await addRecipient(world.db, { at: [ALERT_CENTRE], channels: { sms: { address: '+447911123456' } } });
    await addRecipient(world.db, { at: [ALERT_CENTRE], language: 'cy', channels: { email: { address: 'darllenydd@example.org' } } });
    ({ alertId } = await approvedAlert(world));
  });
  after(async () => {
    await running.engine?.stop();
    await ifStarted(world)?.close();
  });

  it('shows the figures climbing live as the engine sends, with a chart and its table', () => watchFiguresClimb(world, alertId, running));

  it('sets a re-issue schedule and names a refused value beside its field', async () => {
    const page = await (await world.newContext()).newPage();
    await signInToConsole(page, world, 'force-a/approver');
    await page.goto(`${world.baseUrl}/console/alerts/${alertId}/dispatch`);
    const form = page.getByRole('form', { name: 'Set a re-issue schedule' });
    await page.getByText('No re-issue schedule.').waitFor();
    await form.getByLabel('Every (minutes)').fill('2');
    await form.getByRole('button', { name: 'Start re-issuing' }).click();
    const error = page.locator('#reissue-every-error');
    await error.waitFor();
    assert.match(await error.innerText(), /5/);
    assert.equal(await form.getByLabel('Every (minutes)').getAttribute('aria-invalid'), 'true');
    assert.equal(await form.getByLabel('For (hours from now)').inputValue(), '24', 'the other field keeps its value');

    await form.getByLabel('Every (minutes)').fill('30');
    await form.getByRole('button', { name: 'Start re-issuing' }).click();
    await page.getByText('The re-issue schedule was saved.').waitFor();
    await page.getByText('30 minutes').waitFor();
    const changeForm = page.getByRole('form', { name: 'Change the schedule' });
    await changeForm.waitFor();
    await assertAccessible(page, 'dispatch dashboard with a re-issue schedule');
    page.once('dialog', (dialog) => void dialog.accept());
    await changeForm.getByRole('button', { name: 'Stop re-issuing' }).click();
    await page.getByText('Re-issuing was stopped.').waitFor();
    await page.getByRole('term').filter({ hasText: 'Stopped' }).waitFor();
  });

  it('does not offer re-issue changes to an investigator', async () => {
    const page = await (await world.newContext()).newPage();
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/alerts/${alertId}/dispatch`);
    await page.getByRole('heading', { level: 2, name: 'Re-issue schedule' }).waitFor();
    await page.getByRole('table', { name: 'Delivery per channel' }).waitFor();
    await assertGone(page.getByRole('button', { name: /re-issuing/ }));
  });

  it('says so when the live figures stop', async () => {
    const page = await (await world.newContext()).newPage();
    await signInToConsole(page, world, 'force-a/investigator');
    // The stream refused (as when the session has ended): the page must not go on saying "Live".
    await page.route('**/dispatch/events', (route) => route.fulfill({ status: 401, contentType: 'application/problem+json', body: '{}' }));
    await page.goto(`${world.baseUrl}/console/alerts/${alertId}/dispatch`);
    await page.getByRole('table', { name: 'Delivery per channel' }).waitFor();
    await page.getByText('Live updates stopped: reload the page.', { exact: false }).waitFor();
  });

  it('lists the emails in the development inbox, labelled as not sent, filtered, as text and sandboxed HTML', async () => {
    const page = await (await world.newContext()).newPage();
    await signInToConsole(page, world, 'national/administrator');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Development inbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Development inbox' }).waitFor();
    const label = page.getByRole('note');
    assert.match(await label.innerText(), /Nothing here was sent/);
    // The channels line follows once the inbox's first page has loaded.
    await label.filter({ hasText: /Email, SMS/ }).waitFor();
    const list = page.getByRole('list').filter({ has: page.getByRole('article') });
    await list.getByRole('article').first().waitFor();
    assert.equal(await list.getByRole('article').count(), EMAILS + 2);
    await assertAccessible(page, 'development inbox');
    await screenshot(page, 'dev-inbox');

    await page.getByLabel('Address contains').fill('DARLLEN');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForFunction(() => document.querySelectorAll('article').length === 1);
    const message = list.getByRole('article').first();
    assert.match(await message.innerText(), /darllenydd@example\.org/);
    assert.match(await message.getByRole('heading').innerText(), /Rhybudd Achub Plentyn/);
    await message.getByRole('button', { name: 'Show the message' }).click();
    assert.match(await message.locator('pre').innerText(), /\/alerts\/unsubscribe\//);
    await message.getByRole('button', { name: 'HTML' }).click();
    const frame = message.locator('iframe');
    await frame.waitFor();
    assert.equal(await frame.getAttribute('sandbox'), '', 'no scripts, an origin of its own');
    const inside = message.frameLocator('iframe');
    assert.match(await inside.locator('h1').innerText(), /Rhybudd Achub Plentyn/);
    assert.equal(
      await frame.evaluate((f) => (f as HTMLIFrameElement).contentDocument),
      null,
      'the console cannot reach into it, nor it into the console',
    );
    await assertAccessible(page, 'development inbox with an email as HTML');
    await screenshot(page, 'dev-inbox-html');

    await page.getByRole('button', { name: 'Show all' }).click();
    await page.getByLabel('Channel').selectOption('sms');
    await page.waitForFunction(() => document.querySelectorAll('article').length === 1);
    assert.match(await list.getByRole('article').first().innerText(), /\+447911123456/);
  });

  it('shows new messages without a reload', async () => {
    const page = await (await world.newContext()).newPage();
    await signInToConsole(page, world, 'national/administrator');
    await page.goto(`${world.baseUrl}/console/dev-inbox`);
    await page.getByRole('article').first().waitFor();
    const before = await page.getByRole('article').count();
    await world.db.query(
      `INSERT INTO dev_inbox (channel, address, subject, body, created_at) VALUES ('email', 'late@example.org', 'A late message', 'Hello', now())`,
    );
    await page.getByText('New messages: 1').waitFor({ timeout: 15_000 });
    assert.equal(await page.getByRole('article').count(), before + 1);
    assert.match(await page.getByRole('article').first().innerText(), /A late message/, 'newest first');
  });

  it('reads at 320 px and in Arabic', async () => {
    const context = await world.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    await signInToConsole(page, world, 'force-a/approver');
    await page.goto(`${world.baseUrl}/console/alerts/${alertId}/dispatch`);
    await page.getByRole('table', { name: 'Delivery per channel' }).waitFor();
    assert.equal(await scrollsSideways(page), false, 'dashboard: no sideways scrolling at 320 px');
    await screenshot(page, 'dispatch-dashboard-320');
    await page.getByRole('banner').getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.getByRole('heading', { level: 1 }).filter({ hasNotText: 'Dispatch' }).waitFor();
    assert.equal(await scrollsSideways(page), false, 'nor in Arabic');
    await assertAccessible(page, 'dispatch dashboard in Arabic at 320 px');
    await screenshot(page, 'dispatch-dashboard-ar-320');

    const admin = await (await world.newContext({ viewport: { width: 320, height: 800 } })).newPage();
    await signInToConsole(admin, world, 'national/administrator');
    await admin.goto(`${world.baseUrl}/console/dev-inbox`);
    await admin.getByRole('article').first().waitFor();
    assert.equal(await scrollsSideways(admin), false, 'inbox: no sideways scrolling at 320 px');
    await assertAccessible(admin, 'development inbox at 320 px');
    await screenshot(admin, 'dev-inbox-320');
  });
});
