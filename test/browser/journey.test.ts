// The whole journey in real Chromium against the real server, the real dispatch engine and a real SMTP
// peer on loopback: a member of the public signs up for alerts and confirms by the emailed link; an
// investigator records a missing child and requests a Child Rescue Alert; a different senior officer,
// signed in with a TOTP code, approves it; the subscriber's email arrives; someone who saw the child
// reports it from the appeal page; the investigator sees the sighting on the map; the child is found,
// the alert withdrawn and the case closed, and the appeal page no longer shows the child.
// With TEST_SCREENSHOTS=1, a screenshot of each step is saved in test-artefacts/journey-*.png.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { BrowserContext, Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, screenshot, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { ALERT_CRITERIA } from '../support/alerts.ts';
import { startSmtpPeer, type SmtpPeer } from '../peers/smtp-peer.ts';
import { createEmailAdapter } from '../../src/channels/email.ts';
import { startDispatch, type DispatchEngine } from '../../src/dispatch/engine.ts';
import { seedDemoGazetteer } from '../../src/geo/gazetteer.ts';
import { ifStarted } from '../support/hooks.ts';

const CHILD = { given: 'Carys', family: 'Journeytest' };
const SUBSCRIBER = 'parent.journey@example.org';
// Llanidloes, a place in the built-in gazetteer, a few km from where the child was last seen.
const LAST_SEEN = { lon: '-3.5', lat: '52.5' };

describe('from sign-up to found, in the browser', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  let smtp: SmtpPeer;
  let dispatch: DispatchEngine;
  let step = 0;

  async function page(options?: Parameters<BrowserWorld['newContext']>[0]): Promise<Page> {
    const context: BrowserContext = await world.newContext(options);
    // A shared, busy machine: be patient rather than flaky.
    context.setDefaultTimeout(90_000);
    return context.newPage();
  }
  const shot = (p: Page, name: string) => screenshot(p, `journey-${String(++step).padStart(2, '0')}-${name}`);
  const emailsTo = (address: string) => smtp.messages.filter((m) => m.envelope.to.includes(address));

  async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    // The place names people type into the sighting form.
    await seedDemoGazetteer(world.db);
    smtp = await startSmtpPeer();
    dispatch = await startDispatch(world.deps, {
      channels: ['email'],
      idleMs: 50,
      log: () => undefined,
      adapters: () => ({ email: createEmailAdapter({ url: smtp.url, from: 'Child Rescue Alert <alerts@forgetmenot.test>' }) }),
    });
    world.deps.onOutbox = () => dispatch.nudge();
  });
  after(async () => {
    await ifStarted(dispatch)?.stop();
    await ifStarted(smtp)?.close();
    await ifStarted(world)?.close();
  });

  it('takes a child from missing to found, and every person along the way sees what they should', { timeout: 15 * 60_000 }, async () => {
    // 1. A parent signs up for email alerts around Llanidloes and confirms by the link emailed to them.
    const parent = await page({ locale: 'en-GB' });
    await parent.goto(`${world.baseUrl}/alerts/sign-up?lang=en`);
    await parent.locator('#channel_email').check();
    await parent.locator('#email').fill(SUBSCRIBER);
    await parent.locator('#place1').fill('Llanidloes');
    await parent.locator('#consent').check();
    await parent.getByRole('button', { name: 'Sign up' }).click();
    await parent.getByRole('heading', { name: 'Check your messages' }).waitFor();
    await shot(parent, 'signed-up');
    await until('the confirmation email', () => emailsTo(SUBSCRIBER).length >= 1);
    const link = /https?:\/\/\S+\/alerts\/confirm\/\S+/.exec(emailsTo(SUBSCRIBER)[0]!.text!)![0];
    await parent.goto(`${world.baseUrl}${new URL(link).pathname}`);
    await parent.getByRole('button', { name: 'Start my alerts' }).click();
    await parent.getByRole('heading', { name: 'You are signed up' }).waitFor();
    await assertAccessible(parent, 'sign-up confirmed');
    await shot(parent, 'confirmed');

    // 2. An investigator records the missing child in the console.
    const investigator = await page({ viewport: { width: 1280, height: 900 } });
    await signInToConsole(investigator, world, 'force-a/investigator');
    await investigator.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Cases' }).click();
    await investigator.getByRole('link', { name: 'Record a new case' }).click();
    await investigator.getByRole('heading', { name: 'Record a missing child', level: 1 }).waitFor();
    await investigator.getByLabel('Given names').fill(CHILD.given);
    await investigator.getByLabel('Family name').fill(CHILD.family);
    await investigator.getByLabel('Date of birth').fill('2014-03-09');
    await investigator.getByLabel('Sex', { exact: true }).selectOption('female');
    const lastSeenAt = new Date(Date.now() - 90 * 60_000);
    const local = new Date(lastSeenAt.getTime() - lastSeenAt.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await investigator.getByLabel('Last seen at (date and time)').fill(local);
    await investigator.getByLabel('Last seen where').fill('Outside the school gates');
    await investigator.getByLabel('Longitude').fill(LAST_SEEN.lon);
    await investigator.getByLabel('Latitude').fill(LAST_SEEN.lat);
    await investigator.getByLabel('Clothing').fill('Yellow raincoat, blue wellies');
    await investigator.getByRole('button', { name: 'Record the case' }).click();
    await investigator.getByRole('heading', { name: `${CHILD.given} ${CHILD.family}`, level: 1 }).waitFor();
    const caseId = /\/console\/cases\/([0-9a-f-]{36})/.exec(investigator.url())![1]!;
    await shot(investigator, 'case-recorded');

    // 3. ...and requests a Child Rescue Alert: criteria with reasons, the text, the area pre-filled around last seen.
    await investigator.getByRole('link', { name: 'Request a Child Rescue Alert' }).click();
    await investigator.getByRole('button', { name: 'Start the draft' }).click();
    await investigator.getByRole('heading', { name: 'Alert draft' }).waitFor();
    const alertId = /\/alerts\/([0-9a-f-]{36})\/edit/.exec(investigator.url())![1]!;
    for (const key of ['under18', 'imminentDanger', 'enoughInformation'] as const) {
      await investigator.locator(`#field-criteria-${key}`).check();
      await investigator.locator(`#field-criteria-${key}-reason`).fill(ALERT_CRITERIA[key].reason);
    }
    const text = {
      headline: `Child Rescue Alert: ${CHILD.given} ${CHILD.family}, 12, missing near Llanidloes`,
      description: `${CHILD.given} was last seen outside the school gates wearing a yellow raincoat.`,
      instruction: 'If you see her, call 999 immediately. Do not approach.',
      contact: 'Call 999 and quote Child Rescue Alert.',
      smsText: `CHILD RESCUE ALERT: ${CHILD.given} ${CHILD.family}, 12, yellow raincoat, near Llanidloes. If seen call 999.`,
      broadcastText: `Child Rescue Alert: ${CHILD.given} ${CHILD.family}, 12, near Llanidloes. Call 999.`,
    };
    for (const [field, value] of Object.entries(text)) await investigator.locator(`#field-contents-0-${field}`).fill(value);
    await shot(investigator, 'alert-composed');
    await investigator.getByRole('button', { name: 'Save and send for approval' }).click();
    await investigator.getByText('Sent for approval. A different senior officer must approve it.').waitFor();
    await shot(investigator, 'alert-requested');

    // 4. A different senior officer, signed in with a TOTP code, approves it from the inbox.
    const approver = await page();
    await signInToConsole(approver, world, 'force-a/approver');
    await approver.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Approvals' }).click();
    const row = approver.getByRole('row').filter({ hasText: CHILD.family });
    await row.waitFor();
    await row.getByRole('link').click();
    await approver.getByRole('button', { name: 'Approve and publish' }).click();
    await approver.getByLabel('Note for the record (not published)').fill('Criteria met.');
    await approver.getByRole('button', { name: 'Approve and publish now' }).click();
    await approver.getByRole('status').filter({ hasText: 'Approved' }).waitFor();
    assert.match(await approver.locator('.status-line').innerText(), /Active/);
    await shot(approver, 'approved');

    // 5. The subscriber's email arrives at the SMTP peer, naming the child.
    await until('the alert email', () => emailsTo(SUBSCRIBER).length >= 2);
    const alertEmail = emailsTo(SUBSCRIBER)[1]!;
    assert.match(alertEmail.subject, new RegExp(CHILD.family));
    assert.match(alertEmail.text ?? '', /999/);
    const appealUrl = /https?:\/\/\S+\/appeals\/[0-9a-z-]+/.exec(alertEmail.text ?? '')?.[0];
    assert.ok(appealUrl, 'the email links to the appeal page');

    // 6. Someone who saw her opens the appeal and reports a sighting.
    const witness = await page({ locale: 'en-GB', viewport: { width: 390, height: 844 } });
    const appealPath = new URL(appealUrl).pathname;
    await witness.goto(`${world.baseUrl}${appealPath}?lang=en`);
    await witness.getByRole('heading', { name: new RegExp(CHILD.family), level: 1 }).waitFor();
    await assertAccessible(witness, 'appeal page');
    await shot(witness, 'appeal');
    await witness.getByRole('link', { name: /seen/i }).first().click();
    await witness.locator('#place').fill('Llanidloes');
    await witness.locator('#description').fill('A girl in a yellow raincoat by the market hall, walking towards the bridge.');
    await shot(witness, 'sighting-form');
    await witness.getByRole('button', { name: 'Send to the police' }).click();
    await witness.waitForURL(/\/sighting\/received\/S-[0-9A-Z]{4}-[0-9A-Z]{4}/, { timeout: 120_000 });
    const reference = /S-[0-9A-Z]{4}-[0-9A-Z]{4}/.exec(witness.url())![0];
    await shot(witness, 'sighting-received');

    // 7. The investigator sees it on the sightings map.
    await investigator.goto(`${world.baseUrl}/console/sightings?alert=${alertId}`);
    await investigator.getByRole('heading', { name: 'Sightings, most urgent first' }).waitFor();
    await investigator.getByRole('button', { name: reference, exact: true }).waitFor();
    assert.ok((await investigator.locator('.leaflet-marker-icon, .leaflet-interactive').count()) > 0, 'markers on the map');
    await shot(investigator, 'sightings-map');

    // 8. She is found safe: the alert is withdrawn and the case closed.
    await investigator.goto(`${world.baseUrl}/console/alerts/${alertId}`);
    await investigator.getByRole('button', { name: 'Withdraw' }).click();
    await investigator.getByRole('radio', { name: 'Found safe' }).check();
    await investigator.getByLabel('Note for the record (not published)').fill('Found at her grandmother’s house.');
    await investigator.getByRole('button', { name: 'Withdraw now' }).click();
    await investigator.getByRole('status').filter({ hasText: 'Withdrawn' }).waitFor();
    await investigator.goto(`${world.baseUrl}/console/cases/${caseId}`);
    await investigator.getByLabel('Outcome').selectOption('found_safe');
    await investigator.getByRole('button', { name: 'Close the case' }).click();
    await investigator.getByRole('button', { name: 'Yes, close the case' }).click();
    await investigator.locator('.badge.closed').first().waitFor();
    await shot(investigator, 'case-closed');

    // 9. The appeal page no longer shows the child, nor does the gallery; the subscriber gets a short found notice.
    const reader = await page({ locale: 'en-GB' });
    const ended = await reader.goto(`${world.baseUrl}${appealPath}?lang=en`);
    assert.equal(ended?.status(), 410);
    const endedText = await reader.locator('body').innerText();
    assert.doesNotMatch(endedText, new RegExp(CHILD.family));
    assert.doesNotMatch(endedText, new RegExp(CHILD.given));
    await assertAccessible(reader, 'ended appeal');
    await shot(reader, 'appeal-ended');
    await reader.goto(`${world.baseUrl}/appeals?lang=en`);
    assert.doesNotMatch(await reader.locator('body').innerText(), new RegExp(CHILD.family));
    await until('the found notice', () => emailsTo(SUBSCRIBER).length >= 3);
    const notice = emailsTo(SUBSCRIBER)[2]!;
    assert.doesNotMatch(`${notice.subject}\n${notice.text}`, new RegExp(CHILD.family), 'the found notice does not name the child');
  });
});
