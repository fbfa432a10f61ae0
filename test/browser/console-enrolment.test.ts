// Organisation enrolment in real Chromium, as a partner's administrator: a CSV with a bad row refused whole
// (nothing imported, the row named) and then imported good rows only; a recipient removed; a webhook
// registered with its secret shown once and a refused URL named beside its field; a screen created and its
// secret address opened; axe on the screen, 320 px wide, and in Arabic.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { asToken } from '../support/app.ts';
import { assertAccessible, browserSkip, screenshot, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { ifStarted } from '../support/hooks.ts';

const CSV_WITH_A_BAD_ROW = [
  'external_ref,channel,address,area,language,exercises,label',
  'depot-1,email,duty@depot.example.org,area-a,en,no,Depot 1 duty manager',
  'van-2,sms,not-a-number,area-a,cy,no,Van 2',
  'van-3,sms,+447911123456,"52.5,-3.5",en,yes,Van 3',
  '',
].join('\n');

async function upload(page: Page, mode: 'all' | 'good') {
  await page
    .getByLabel('CSV file', { exact: true })
    .setInputFiles({ name: 'staff.csv', mimeType: 'text/csv', buffer: Buffer.from(CSV_WITH_A_BAD_ROW) });
  await page.getByRole('radio', { name: mode === 'all' ? /Import nothing/ : /good rows only/ }).check();
  await page.getByRole('button', { name: 'Upload and import' }).click();
}

/** A webhook registered (after a refused address), its secret shown once, then replaced, and the old one stopped. */
async function registerWebhook(world: BrowserWorld): Promise<void> {
  const page = await (await world.newContext()).newPage();
  await signInToConsole(page, world, 'partner/partner_admin');
  await page.goto(`${world.baseUrl}/console/enrolment`);
  const form = page.getByRole('form', { name: 'Register a webhook' });
  await form.getByLabel('Name').fill('Depot displays');
  await form.getByLabel('Address (URL)').fill('http://intranet.example.org/alerts');
  await form.getByRole('radio', { name: 'Chosen areas' }).check();
  await form.getByRole('checkbox', { name: /Area A/ }).check();
  await form.getByRole('button', { name: 'Register the webhook' }).click();
  const urlError = page.locator('#webhook-url-error');
  await urlError.waitFor();
  assert.match(await urlError.innerText(), /https/);
  assert.equal(await form.getByLabel('Address (URL)').getAttribute('aria-invalid'), 'true');
  assert.equal(await form.getByLabel('Name').inputValue(), 'Depot displays', 'nothing typed is lost');

  await form.getByLabel('Address (URL)').fill('https://intranet.example.org/alerts');
  await form.getByRole('button', { name: 'Register the webhook' }).click();
  const once = page.getByRole('region', { name: 'Signing secret of Depot displays' });
  await once.waitFor();
  const secret = await once.getByLabel('Value').inputValue();
  assert.match(secret, /^whsec_/);
  assert.match(await once.innerText(), /will not be shown again/);
  await once.getByRole('button', { name: 'Copy' }).click();
  await once
    .getByRole('status')
    .filter({ hasText: /Copied|Ctrl\+C/ })
    .waitFor();
  await assertAccessible(page, 'enrolment with a webhook secret');
  await screenshot(page, 'enrolment-webhook-secret');

  const webhooks = page.getByRole('table', { name: 'Webhooks' });
  await webhooks.getByRole('rowheader', { name: 'Depot displays' }).waitFor();
  assert.match(await webhooks.innerText(), /None yet/, 'no delivery yet');
  await once.getByRole('button', { name: 'I have kept it' }).click();
  await once.waitFor({ state: 'detached' });
  await page.reload();
  await webhooks.getByRole('rowheader', { name: 'Depot displays' }).waitFor();
  assert.ok(!(await page.content()).includes(secret), 'the secret is never shown again');

  // A new secret replaces it, shown once too.
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'New secret for Depot displays' }).click();
  const rotated = page.getByRole('region', { name: 'New signing secret of Depot displays' });
  const newSecret = await rotated.getByLabel('Value').inputValue();
  assert.match(newSecret, /^whsec_/);
  assert.notEqual(newSecret, secret);

  // The old secret keeps signing for a while, until the administrator stops it.
  await rotated.getByRole('button', { name: 'I have kept it' }).click();
  assert.match(await webhooks.innerText(), /The old secret also signs until \d{1,2} [A-Z][a-z]+ \d{4} at \d\d:\d\d (GMT|BST)\./);
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByRole('button', { name: 'Stop the old secret of Depot displays' }).click();
  await page.getByText('The old secret of Depot displays no longer signs messages.').waitFor();
  await page.getByRole('button', { name: 'Stop the old secret of Depot displays' }).waitFor({ state: 'detached' });
  assert.doesNotMatch(await webhooks.innerText(), /old secret also signs/);
}

describe('organisation enrolment in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    // Screens' secret addresses are made from the public address: here, where the test's server listens.
    (world.deps.config as { publicUrl: string }).publicUrl = world.baseUrl;
  });
  after(async () => ifStarted(world)?.close());

  const enrolled = async () => JSON.parse((await asToken(world, 'partner/partner_admin')('GET', '/api/v1/enrolment/recipients')).body);

  it('refuses a file with a bad row whole, then imports its good rows, lists and removes them', async () => {
    const page = await (await world.newContext()).newPage();
    await signInToConsole(page, world, 'partner/partner_admin');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Enrolment' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisation enrolment' }).waitFor();
    await assertAccessible(page, 'enrolment');

    // The format and an example, with this instance's own area codes.
    await page.getByText('The file format, and an example').click();
    assert.match(await page.getByLabel('Example file').innerText(), /^external_ref,channel,address,area/);
    assert.match(await page.getByLabel('Example file').innerText(), /area-a/);

    // Uploading without a file names the field.
    await page.getByRole('button', { name: 'Upload and import' }).click();
    await page.getByText('Choose a CSV file first.').waitFor();

    await upload(page, 'all');
    const refused = page.getByRole('alert').filter({ hasText: 'Nothing was imported' });
    await refused.waitFor();
    assert.match(await refused.innerText(), /1 of 3 rows are not valid/);
    const errors = page.getByRole('table', { name: /Problems to correct: 1/ });
    const cells = await errors.locator('tbody tr').first().locator('td').allInnerTexts();
    assert.equal(cells[0], '3', 'the line');
    assert.equal(cells[1], 'address', 'the column');
    assert.match(cells[2]!, /mobile|number|phone/i, 'the reason');
    assert.equal((await enrolled()).counts.total, 0, 'all or nothing: nothing was imported');
    await assertAccessible(page, 'enrolment with a refused file');
    await screenshot(page, 'enrolment-refused');

    // The chosen file is still there: only the mode changes.
    await page.getByRole('radio', { name: /good rows only/ }).check();
    await page.getByRole('button', { name: 'Upload and import' }).click();
    const done = page.getByRole('status').filter({ hasText: 'Import finished' });
    await done.waitFor();
    assert.match(await done.innerText(), /2 added, 0 updated, 0 unchanged, 1 refused/);
    await page.getByRole('table', { name: /Rows not imported: 1/ }).waitFor();
    assert.deepEqual(
      (await enrolled()).items.map((r: { externalRef: string }) => r.externalRef),
      ['depot-1', 'van-3'],
    );

    const list = page.getByRole('table', { name: 'Recipients, page 1' });
    await list.getByRole('rowheader', { name: 'van-3' }).waitFor();
    assert.match(await page.getByText(/^2 in all/).innerText(), /1 by email, 1 by SMS, 0 by webhook/);
    await screenshot(page, 'enrolment-imported');

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Remove van-3' }).click();
    await page.getByText('van-3 was removed.').waitFor();
    await list.getByRole('rowheader', { name: 'van-3' }).waitFor({ state: 'detached' });
    assert.deepEqual(
      (await enrolled()).items.map((r: { externalRef: string }) => r.externalRef),
      ['depot-1'],
    );
  });

  it('pages through the recipients, forwards and back', async () => {
    const rows = Array.from({ length: 55 }, (_, i) => `bulk-${String(i + 1).padStart(3, '0')},email,bulk${i + 1}@example.org,area-a`);
    const imported = await world.app.inject({
      method: 'POST',
      url: '/api/v1/enrolment/recipients/import',
      headers: { authorization: `Bearer ${world.tokens['partner/partner_admin']}`, 'content-type': 'text/csv' },
      payload: ['external_ref,channel,address,area', ...rows, ''].join('\n'),
    });
    assert.equal(imported.statusCode, 200, imported.body);
    const page = await (await world.newContext()).newPage();
    await signInToConsole(page, world, 'partner/partner_admin');
    await page.goto(`${world.baseUrl}/console/enrolment`);
    const first = page.getByRole('table', { name: 'Recipients, page 1' });
    await first.getByRole('rowheader', { name: 'bulk-050' }).waitFor();
    assert.equal(await first.locator('tbody tr').count(), 50);
    assert.equal(await page.getByRole('button', { name: 'Previous page' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Next page' }).click();
    const second = page.getByRole('table', { name: 'Recipients, page 2' });
    await second.getByRole('rowheader', { name: 'depot-1' }).waitFor();
    assert.deepEqual(await second.getByRole('rowheader').allInnerTexts(), [
      'bulk-051',
      'bulk-052',
      'bulk-053',
      'bulk-054',
      'bulk-055',
      'depot-1',
    ]);
    assert.equal(await page.getByRole('button', { name: 'Next page' }).isDisabled(), true, 'the last page');
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByRole('table', { name: 'Recipients, page 1' }).getByRole('rowheader', { name: 'bulk-001' }).waitFor();
    // Filtered by channel: nobody by SMS is left.
    await page.getByLabel('Channel', { exact: true }).selectOption('sms');
    await page.getByText('No recipients on this channel.').waitFor();
  });

  it('registers a webhook and shows its secret once; names a refused URL beside its field', () => registerWebhook(world));

  it('creates a screen, opens its secret address, and switches it off', async () => {
    const context = await world.newContext();
    const page = await context.newPage();
    await signInToConsole(page, world, 'partner/partner_admin');
    await page.goto(`${world.baseUrl}/console/enrolment`);
    const form = page.getByRole('form', { name: 'Create a screen' });
    await form.getByLabel('Name').fill('Reception TV');
    await form.getByRole('button', { name: 'Create the screen' }).click();
    const once = page.getByRole('region', { name: 'Address of the screen Reception TV' });
    await once.waitFor();
    const url = await once.getByLabel('Value').inputValue();
    assert.match(url, /\/screens\/[\w-]+$/);
    const [screenPage] = await Promise.all([context.waitForEvent('page'), once.getByRole('link', { name: /Open the screen/ }).click()]);
    await screenPage.waitForLoadState();
    assert.equal(new URL(screenPage.url()).pathname, new URL(url).pathname);
    assert.match(await screenPage.locator('header.top').innerText(), /Reception TV/);
    await screenPage.close();

    const screens = page.getByRole('table', { name: 'Screens' });
    await screens.getByRole('rowheader', { name: 'Reception TV' }).waitFor();
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Switch off Reception TV' }).click();
    await page.getByText('The screen Reception TV was switched off.').waitFor();
    const gone = await page.request.get(url);
    assert.equal(gone.status(), 404, 'its address no longer works');
  });

  it('reads at 320 px and in Arabic, right to left', async () => {
    const context = await world.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    await signInToConsole(page, world, 'partner/partner_admin');
    await page.goto(`${world.baseUrl}/console/enrolment`);
    await page.getByRole('heading', { level: 1, name: 'Organisation enrolment' }).waitFor();
    await page.getByRole('table', { name: 'Recipients, page 1' }).waitFor();
    assert.equal(await scrollsSideways(page), false, 'no sideways scrolling at 320 px');
    await screenshot(page, 'enrolment-320');
    await page.getByRole('banner').getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await page.getByRole('heading', { level: 1, name: 'تسجيل المؤسسة' }).waitFor();
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    assert.equal(await scrollsSideways(page), false, 'nor in Arabic');
    await assertAccessible(page, 'enrolment in Arabic at 320 px');
    await screenshot(page, 'enrolment-ar-320');
  });
});
