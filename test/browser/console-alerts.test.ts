// Child Rescue Alerts in the console, in real Chromium against the real API: an investigator drafts an alert
// from a case (criteria by keyboard only, English and Welsh text with the SMS counter, an area drawn and
// picked, the preview), sends it for approval; a different approver, signed in with TOTP, approves it from the
// inbox; an approver cannot approve their own request; the child is found safe and the alert withdrawn. Axe
// on every screen, and the screens at 320 px and in Arabic.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, screenshot, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { asToken, newChildCase } from '../support/app.ts';
import { ALERT_CONTENTS, ALERT_CRITERIA, approvedAlert } from '../support/alerts.ts';
import { warnExpiringAlerts } from '../../src/alerts/housekeeping.ts';
import { ifStarted } from '../support/hooks.ts';

/** What the tests share, built up in order: the alert drafted first is approved, changed and withdrawn later. */
interface ConsoleState {
  world: BrowserWorld;
  caseId: string;
  alertId: string;
}

const smsCounter = (page: Page, index: number) => page.locator('[data-testid="sms-counter"]').nth(index).innerText();

/** A page in a fresh context, patient enough for a shared, busy machine. */
async function newPage(world: BrowserWorld, options?: Parameters<BrowserWorld['newContext']>[0]): Promise<Page> {
  const context = await world.newContext(options);
  context.setDefaultTimeout(90_000);
  return context.newPage();
}

/** An investigator drafts an alert from the case, previews it and sends it for approval; its id goes into the state. */
async function draftAlert(state: ConsoleState): Promise<void> {
  const { world, caseId } = state;
  const page = await newPage(world, { viewport: { width: 1280, height: 900 } });
  await signInToConsole(page, world, 'force-a/investigator');

  // From the alert list: find the open case, then start from it.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Alerts' }).click();
  await page.getByRole('link', { name: 'Start a new alert' }).click();
  await page.getByLabel('Name or case reference').fill('Testcase');
  await page.getByRole('button', { name: 'Search' }).click();
  await assertAccessible(page, 'choose a case');
  await page.getByRole('link', { name: /Amelia Testcase/ }).click();
  await page.getByRole('button', { name: 'Start the draft' }).waitFor();
  assert.ok(page.url().endsWith(`/console/alerts/new?case=${caseId}`));
  await assertAccessible(page, 'alert start');
  await page.getByRole('button', { name: 'Start the draft' }).click();
  await page.getByRole('heading', { name: 'Alert draft' }).waitFor();
  const alertId = /\/alerts\/([0-9a-f-]{36})\/edit/.exec(page.url())![1]!;
  state.alertId = alertId;
  // Pre-filled from the case by the API.
  assert.match(await page.getByLabel('Headline').first().inputValue(), /Amelia Testcase/);
  await assertAccessible(page, 'alert composer');

  // Sending it without the criteria: the API's 422 is shown readably, naming the criterion, with a link to it.
  await page.getByRole('button', { name: 'Save and send for approval' }).click();
  const refusal = page.getByRole('alert').filter({ hasText: 'criteria' });
  await refusal.waitFor();
  assert.match(await refusal.innerText(), /under 18/);
  assert.match(await refusal.innerText(), /confirm this criterion and give your reason/);

  // Keyboard only: the problem's link moves focus to the criterion; Space ticks, Tab moves, typing writes.
  await refusal.getByRole('link').first().focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'field-criteria-under18');
  for (const key of ['under18', 'imminentDanger', 'enoughInformation'] as const) {
    assert.equal(await page.evaluate(() => document.activeElement?.id), `field-criteria-${key}`);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.id), `field-criteria-${key}-reason`);
    await page.keyboard.type(ALERT_CRITERIA[key].reason);
    await page.keyboard.press('Tab');
  }
  for (const key of ['under18', 'imminentDanger', 'enoughInformation']) {
    assert.equal(await page.locator(`#field-criteria-${key}`).isChecked(), true, key);
  }
  await page.getByRole('button', { name: 'Save draft' }).focus();
  await page.keyboard.press('Enter');
  await page.getByRole('status').filter({ hasText: 'Draft saved' }).waitFor();

  // English text: the SMS counter follows the typing, counted by the server's own code.
  const en = ALERT_CONTENTS[0]!;
  await page.locator('#field-contents-0-headline').fill(en.headline);
  const before = await smsCounter(page, 0);
  await page.locator('#field-contents-0-smsText').fill(en.smsText);
  const afterShort = await smsCounter(page, 0);
  assert.notEqual(afterShort, before);
  assert.match(afterShort, /1 SMS segment\(s\), \u2068?GSM-7\u2069?, 110 units/);
  await page.locator('#field-contents-0-smsText').fill(`${en.smsText} ${en.smsText}`);
  assert.match(await smsCounter(page, 0), /2 SMS segment\(s\), \u2068?GSM-7\u2069?, 221 units/);
  await page.locator('#field-contents-0-smsText').fill(en.smsText);

  // Welsh: a second language, whose ŵ and â need UCS-2.
  await page.getByLabel('Add a language').fill('cy');
  await page.getByRole('button', { name: 'Add language' }).click();
  await page.getByRole('group', { name: /Text in Cymraeg|Text in Welsh/ }).waitFor();
  const cy = ALERT_CONTENTS[1]!;
  for (const field of ['headline', 'description', 'instruction', 'contact', 'smsText', 'broadcastText'] as const) {
    await page.locator(`#field-contents-1-${field}`).fill(cy[field]);
  }
  assert.match(await smsCounter(page, 1), /UCS-2/);
  assert.match(await page.locator('#field-contents-1-smsText-count').innerText(), /UCS-2 because of: .*â/);
  assert.match(await page.locator('#field-contents-1-broadcastText-count').innerText(), /of 360 characters/);

  // The area: a circle drawn on the map with the mouse, plus a whole force area picked from the list.
  await page.getByRole('button', { name: 'Draw a circle' }).click();
  const map = page.getByRole('region', { name: 'Map of the alert area' });
  const box = (await map.boundingBox())!;
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 5 });
  await page.mouse.click(box.x + box.width / 2 + 60, box.y + box.height / 2);
  await page
    .getByText(/^Circle of [\d.]+ km around/)
    .nth(1)
    .waitFor();
  // And a triangle: three corners, then the first again to close it.
  await page.getByRole('button', { name: 'Draw a polygon' }).click();
  const corners: [number, number][] = [
    [-120, -80],
    [-40, -80],
    [-80, -20],
  ];
  for (const [dx, dy] of [...corners, corners[0]!]) {
    await page.mouse.move(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy, { steps: 3 });
    await page.mouse.click(box.x + box.width / 2 + dx, box.y + box.height / 2 + dy);
  }
  await page.getByRole('button', { name: 'Remove Polygon 3' }).waitFor();
  await page.getByRole('checkbox', { name: 'Area A' }).check();

  // The preview, rendered by the server's own renderers from the unsaved draft, in the chosen language.
  await page.getByLabel('Preview language').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Show the preview' }).click();
  await page.getByTestId('preview-sms').waitFor();
  assert.equal(await page.getByTestId('preview-sms').innerText(), cy.smsText);
  const appealFrame = page.frameLocator('iframe[title="Public appeal page as the public will see it"]');
  // The appeal page is headed by the child's name, under one Welsh marker of its kind, with the Welsh text.
  await appealFrame.getByRole('heading', { name: 'Amelia Testcase' }).waitFor();
  await appealFrame.getByText('Rhybudd Achub Plentyn', { exact: true }).waitFor();
  await appealFrame.getByText(cy.description).waitFor();
  const emailFrame = page.frameLocator('iframe[title="Email as recipients will see it"]');
  await emailFrame.getByText(cy.description).waitFor();
  // A change after the preview says the preview is out of date.
  await page.locator('#field-contents-1-contact').fill('Ffoniwch 999 ar unwaith.');
  await page.getByText('The draft has changed since this preview').waitFor();
  await page.getByRole('button', { name: 'Refresh the preview' }).click();
  await page
    .getByRole('status')
    .filter({ hasText: /^Rendered/ })
    .waitFor();
  await assertAccessible(page, 'alert composer with its preview');
  await screenshot(page, 'alert-composer');

  await page.getByRole('button', { name: 'Save and send for approval' }).click();
  await page.getByText('Sent for approval. A different senior officer must approve it.').waitFor();
  assert.match(await page.locator('.status-line').innerText(), /Awaiting approval/);
  await assertAccessible(page, 'alert page awaiting approval');

  const stored = JSON.parse((await asToken(world, 'force-a/investigator')('GET', `/api/v1/alerts/${alertId}`)).body);
  assert.equal(stored.state, 'awaiting_approval');
  assert.deepEqual(
    stored.contents.map((c: { language: string }) => c.language),
    ['en', 'cy'],
  );
  assert.equal(stored.area.parts.length, 3, 'the pre-filled circle, the drawn circle and the triangle');
  assert.equal(stored.area.parts[2].kind, 'polygon');
  assert.equal(stored.area.parts[2].geometry.coordinates[0].length, 4, 'three corners and the closing one');
  assert.deepEqual(stored.area.jurisdictionCodes, ['area-a']);
  assert.equal(stored.criteria.imminentDanger.reason, ALERT_CRITERIA.imminentDanger.reason);

  // The list shows it under its state.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Alerts' }).click();
  await page.getByRole('heading', { name: 'Child Rescue Alerts' }).waitFor();
  assert.match(await page.getByRole('region', { name: /Awaiting approval/ }).innerText(), /Amelia Testcase/);
  await assertAccessible(page, 'alert list');
  await screenshot(page, 'alert-list');
}

/** A different approver approves the drafted alert from the inbox and updates and renews it; a change to it is approved by a third officer. */
async function approveFromInbox(state: ConsoleState): Promise<void> {
  const { world, alertId } = state;
  // Another alert, live and an hour from expiry: the approvers get a notice.
  const expiring = await approvedAlert(world);
  await world.db.query(`UPDATE alerts SET expires_at = now() + interval '1 hour' WHERE id = $1`, [expiring.alertId]);
  assert.equal(await warnExpiringAlerts(world.deps), 1);

  const page = await newPage(world);
  await signInToConsole(page, world, 'force-a/approver');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Approvals' }).click();
  await page.getByRole('heading', { name: 'Approvals' }).waitFor();
  const row = page.getByRole('row').filter({ hasText: 'Amelia Testcase' });
  await row.waitFor();
  assert.match(await row.innerText(), /investigator@force-a\.test/);
  assert.match(await row.innerText(), /\d+ min/);
  const notice = page.getByRole('region', { name: 'Notices' }).getByRole('listitem');
  // A notice says what it is about in words and links to its alert.
  assert.match(await notice.innerText(), /Child Rescue Alert for case \S+ is about to expire/);
  assert.equal(await notice.getByRole('link', { name: /^Open the alert/ }).getAttribute('href'), `/console/alerts/${expiring.alertId}`);
  await assertAccessible(page, 'approver inbox');
  await screenshot(page, 'approver-inbox');

  await row.getByRole('link').click();
  await page.getByRole('button', { name: 'Approve and publish' }).click();
  await page.getByLabel('Note for the record (not published)').fill('Criteria met; abduction witnessed.');
  await page.getByRole('button', { name: 'Approve and publish now' }).click();
  await page.getByRole('status').filter({ hasText: 'Approved' }).waitFor();
  assert.match(await page.locator('.status-line').innerText(), /Active/);
  assert.match(await page.getByRole('table').innerText(), /Alert/);
  await page.getByRole('link', { name: 'Delivery dashboard' }).waitFor();
  await assertAccessible(page, 'alert page active');
  await screenshot(page, 'alert-page-active');

  // New facts go out as an Update; the expiry moves with a renewal.
  await page.getByRole('button', { name: 'Publish an update' }).click();
  await page.getByLabel('Vehicle').fill('White Ford Transit van, partial registration CY23');
  await page.getByLabel('What changed, in a sentence').fill('Van seen heading north on the A487.');
  await page.getByRole('button', { name: 'Publish the update' }).click();
  await page.getByRole('status').filter({ hasText: 'Update published' }).waitFor();
  assert.match(await page.getByRole('table').innerText(), /Update\s+.*Van seen heading north/s);
  await page.getByRole('button', { name: 'Renew' }).click();
  await page.getByRole('button', { name: 'Renew' }).last().click();
  await page.getByRole('status').filter({ hasText: 'Renewed' }).waitFor();
  const live = JSON.parse((await asToken(world, 'force-a/investigator')('GET', `/api/v1/alerts/${alertId}`)).body);
  assert.equal(live.vehicle, 'White Ford Transit van, partial registration CY23');
  assert.ok(new Date(live.expiresAt).getTime() > Date.now() + 30 * 3_600_000, 'renewed beyond the default 24 hours');

  // Widening the area and rewriting the text of the live alert is asked for, previewed first, and goes out
  // only when a different senior officer, signed in with a second factor, approves it.
  await page.getByRole('link', { name: 'Change the text, area or photos' }).click();
  await page.getByRole('heading', { name: 'Ask for a change to the live alert' }).waitFor();
  assert.equal(await page.getByRole('group', { name: 'Child Rescue Alert criteria' }).count(), 0, 'criteria were decided at approval');
  await page.getByRole('checkbox', { name: 'Area B' }).check();
  await page
    .locator('#field-contents-0-description')
    .fill('Amelia was pulled into a white van; the van was later seen near the border with Area B.');
  await page.getByRole('button', { name: 'Show the preview' }).click();
  assert.match(await page.getByTestId('preview-sms').innerText(), /^Update: CHILD RESCUE ALERT/);
  await page.getByLabel('What changed, in a sentence').fill('Area widened to Area B after a sighting near the border.');
  await page.getByRole('button', { name: 'Ask for the change to be approved' }).click();
  await page.getByText('Change requested.').waitFor();
  const changePanel = page.getByRole('region', { name: 'Change waiting for approval' });
  assert.match(await changePanel.innerText(), /You requested this change/);
  assert.equal(await changePanel.getByRole('button', { name: 'Approve and publish the change' }).count(), 0, 'not for the one who asked');
  const requested = JSON.parse((await asToken(world, 'force-a/investigator')('GET', `/api/v1/alerts/${alertId}`)).body);
  assert.deepEqual(requested.area.jurisdictionCodes, ['area-a'], 'nothing changes before the second approval');
  assert.equal(requested.messages.filter((m: { msgType: string }) => m.msgType === 'Update').length, 2);

  // The national coordinator's inbox shows what changes, as it is and as it would be, and they approve it.
  const national = await newPage(world);
  await signInToConsole(national, world, 'national/national_coordinator');
  await national.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Approvals' }).click();
  const changes = national.getByRole('region', { name: /Changes to live alerts waiting for a decision \(1\)/ });
  await changes.waitFor();
  const jurisdictions = changes.getByRole('row').filter({ hasText: 'Whole areas' });
  assert.match(await jurisdictions.innerText(), /area-a\s+area-a, area-b/);
  assert.match(await changes.innerText(), /border with Area B/);
  await assertAccessible(national, 'approver inbox with a change');
  await changes.getByRole('link').first().click();
  await national.getByRole('button', { name: 'Approve and publish the change' }).click();
  await national.getByRole('button', { name: 'Approve and publish now' }).click();
  await national.getByRole('region', { name: 'Change waiting for approval' }).waitFor({ state: 'detached' });
  const widened = JSON.parse((await asToken(world, 'force-a/investigator')('GET', `/api/v1/alerts/${alertId}`)).body);
  assert.deepEqual(widened.area.jurisdictionCodes, ['area-a', 'area-b']);
  assert.match(widened.contents[0].description, /border with Area B/);
  assert.equal(widened.messages.filter((m: { msgType: string }) => m.msgType === 'Update').length, 3);
}

describe('Child Rescue Alerts in the console', { skip: browserSkip }, () => {
  const state = {} as ConsoleState;

  before(async () => {
    state.world = await startBrowserWorld(TEST_ENGINES[0]!);
    const created = await asToken(state.world, 'force-a/investigator')('POST', '/api/v1/cases', newChildCase());
    assert.equal(created.statusCode, 201, created.body);
    state.caseId = JSON.parse(created.body).id;
  });
  after(async () => ifStarted(state.world)?.close());

  it('lets an investigator draft an alert from a case, preview it and send it for approval', () => draftAlert(state));

  it('lets a different approver, signed in with TOTP, approve it from the inbox', () => approveFromInbox(state));

  it('refuses an approver who requested the alert themselves, and says why', async () => {
    const { world } = state;
    const approver = asToken(world, 'force-a/approver');
    const created = await approver(
      'POST',
      '/api/v1/cases',
      newChildCase(undefined, { child: { givenNames: 'Osian', familyName: 'Owncase', dateOfBirth: '2014-01-01', sex: 'male' } }),
    );
    const ownCaseId = JSON.parse(created.body).id;
    const draft = JSON.parse((await approver('POST', '/api/v1/alerts', { caseId: ownCaseId })).body);
    const edited = await approver('PATCH', `/api/v1/alerts/${draft.id}`, { version: draft.version, criteria: ALERT_CRITERIA });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal((await approver('POST', `/api/v1/alerts/${draft.id}/submit`)).statusCode, 200);

    const page = await newPage(world);
    await signInToConsole(page, world, 'force-a/approver');
    await page.goto(`${world.baseUrl}/console/alerts/${draft.id}`);
    await page.getByRole('button', { name: 'Approve and publish' }).click();
    await page.getByRole('button', { name: 'Approve and publish now' }).click();
    const refusal = page.getByRole('alert');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /different senior officer must decide|four eyes/);
    assert.match(await page.locator('.status-line').innerText(), /Awaiting approval/);
    await assertAccessible(page, 'own approval refused');
    await screenshot(page, 'alert-own-approval-refused');

    // Another senior officer sends it back with a reason, which the composer then shows.
    const national = await newPage(world);
    await signInToConsole(national, world, 'national/national_coordinator');
    await national.goto(`${world.baseUrl}/console/alerts/${draft.id}`);
    await national.getByRole('button', { name: 'Return to draft' }).click();
    await national.getByLabel(/^Reason/).fill('The description needs the clothing he was wearing.');
    await national.getByRole('button', { name: 'Return to draft' }).last().click();
    await national.getByRole('status').filter({ hasText: 'Returned to draft' }).waitFor();
    await page.goto(`${world.baseUrl}/console/alerts/${draft.id}/edit`);
    await page.getByText('The description needs the clothing he was wearing.').waitFor();
  });

  it('asks why before opening a sensitive case, and sends the reason with the request', async () => {
    const { world } = state;
    const created = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', newChildCase(undefined, { sensitive: true }));
    assert.equal(created.statusCode, 201, created.body);
    const sensitiveId = JSON.parse(created.body).id;
    const page = await newPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/alerts/new?case=${sensitiveId}`);
    await page.getByLabel('Reason for opening the case').fill('Raising a Child Rescue Alert for this child.');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.getByRole('button', { name: 'Start the draft' }).click();
    await page.getByRole('heading', { name: 'Alert draft' }).waitFor();
    const { rows } = await world.db.query<{ reason: string }>(
      `SELECT reason FROM audit_log LEFT JOIN audit_personal ON audit_personal.id = audit_log.personal_id WHERE action = 'alert.viewed' AND reason LIKE 'Raising%'`,
    );
    assert.ok(rows.length > 0, 'the reason is audited with the view');
  });

  it('withdraws the alert when the child is found safe', async () => {
    const { world, alertId } = state;
    const page = await newPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/alerts/${alertId}`);
    await page.getByRole('button', { name: 'Withdraw' }).click();
    await page.getByRole('radio', { name: 'Found safe' }).check();
    await page.getByLabel('Note for the record (not published)').fill('Found at a friend’s house, unharmed.');
    await page.getByRole('button', { name: 'Withdraw now' }).click();
    await page.getByRole('status').filter({ hasText: 'Withdrawn' }).waitFor();
    assert.match(await page.evaluate(() => document.activeElement?.textContent ?? ''), /Withdrawn/, 'focus moves to what happened');
    assert.match(await page.locator('.status-line').innerText(), /Withdrawn/);
    assert.match(await page.getByRole('table').innerText(), /Cancel/);
    assert.match(
      await page
        .getByText(/Found safe/)
        .first()
        .innerText(),
      /Found safe/,
    );
    const stored = JSON.parse((await asToken(world, 'force-a/investigator')('GET', `/api/v1/alerts/${alertId}`)).body);
    assert.equal(stored.withdrawalReason, 'found_safe');
    await assertAccessible(page, 'alert withdrawn');
  });

  it('reads at 320 px and in Arabic, right to left, on every alert screen', async () => {
    const { world, caseId, alertId } = state;
    const page = await newPage(world, { viewport: { width: 320, height: 720 } });
    await signInToConsole(page, world, 'force-a/approver');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    const screens: [string, string][] = [
      ['/console/alerts', 'تنبيهات إنقاذ الأطفال'],
      ['/console/approvals', 'الموافقات'],
      [`/console/alerts/${alertId}`, ''],
      [`/console/alerts/new?case=${caseId}`, 'ابدأ تنبيه إنقاذ طفل'],
    ];
    for (const [path, heading] of screens) {
      await page.goto(`${world.baseUrl}${path}`);
      await page.waitForFunction(() => document.documentElement.dir === 'rtl');
      if (heading) await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      else await page.locator('.status-line').waitFor();
      assert.equal(await scrollsSideways(page), false, `${path} scrolls sideways at 320 px`);
      await assertAccessible(page, `${path} in Arabic at 320 px`);
      await screenshot(page, `alert-screen-ar-320-${screens.findIndex(([p]) => p === path)}`);
    }
    await screenshot(page, 'alert-start-ar-320');

    // The composer of a fresh draft, the longest screen.
    const draft = JSON.parse((await asToken(world, 'force-a/investigator')('POST', '/api/v1/alerts', { caseId })).body);
    await page.goto(`${world.baseUrl}/console/alerts/${draft.id}/edit`);
    await page.getByRole('heading', { name: 'مسودة التنبيه', level: 1 }).waitFor();
    assert.equal(await scrollsSideways(page), false, 'the composer scrolls sideways at 320 px');
    await assertAccessible(page, 'composer in Arabic at 320 px');
    await screenshot(page, 'alert-composer-ar-320');
  });
});
