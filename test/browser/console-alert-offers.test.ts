// Alerts partners offer us, in the console in real Chromium at 360 px: the national coordinator reads an offer's
// facts, relays one (on our public site at once) and declines another with a reason, each checked in the
// database. Axe on the list and the decline form.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { asToken } from '../support/app.ts';
import { ifStarted } from '../support/hooks.ts';
import { capToXml, childRescueInfo } from '../../src/alerts/cap.ts';
import { importAlertFeedPage } from '../../src/exchange/alert-inbound.ts';
import { findPartnerByCode } from '../../src/exchange/partners.ts';

function offeredAlert(now: Date, incident: string, headline: string): string {
  return capToXml({
    identifier: `uk.example.cra.${incident}`,
    sender: 'alerts@uk.example',
    sent: new Date(Math.floor(now.getTime() / 1000) * 1000),
    status: 'Actual',
    msgType: 'Alert',
    scope: 'Public',
    incidents: [incident],
    info: [
      childRescueInfo({
        language: 'en',
        senderName: 'North Wales Police',
        headline,
        description: 'Last seen at the ferry terminal with a woman in a green coat.',
        expires: new Date(now.getTime() + 6 * 3_600_000),
        areas: [{ areaDesc: 'Anglesey and the Irish Sea ferry ports' }],
      }),
    ],
  });
}

async function openPage(world: BrowserWorld): Promise<Page> {
  const page = await (await world.newContext({ viewport: { width: 360, height: 800 } })).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

describe('console alerts offered by partners in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    const created = await asToken(world, 'national/national_coordinator')('POST', '/api/v1/exchange/partners', {
      code: 'uk',
      name: 'United Kingdom',
      personFields: [],
      recordDomain: 'uk.example',
      receivesAlerts: true,
    });
    assert.equal(created.statusCode, 201, created.body);
    const partner = (await findPartnerByCode(world.db, 'uk'))!;
    const now = world.clock.now();
    const report = await importAlertFeedPage(
      world.db,
      partner,
      [
        { cap: offeredAlert(now, '2026-siantest01', 'Child Rescue Alert: Siân Example, 9') },
        { cap: offeredAlert(now, '2026-bryntest01', 'Child Rescue Alert: Bryn Example, 7') },
      ],
      now,
    );
    assert.equal(report.accepted, 2, JSON.stringify(report.refusals));
  });
  after(async () => ifStarted(world)?.close());

  it('relays one offer and declines another with a reason', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'national/national_coordinator');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Partners’ alerts' }).click();
    await page.getByRole('heading', { level: 1, name: 'Alerts offered by partner sites' }).waitFor();
    const sian = page.locator('section', { has: page.getByRole('heading', { level: 3, name: 'Child Rescue Alert: Siân Example, 9' }) });
    await sian.getByText('Anglesey and the Irish Sea ferry ports').waitFor();
    assert.match(await sian.innerText(), /United Kingdom \(North Wales Police\)/);
    assert.equal(await scrollsSideways(page), false, 'the offers page reflows at 360 px');
    await assertAccessible(page, 'alert offers');

    await sian.getByRole('button', { name: 'Relay this alert' }).click();
    await page.getByText('The alert is relayed and on our public site.').waitFor();
    const { rows } = await world.db.query<{ state: string; slug: string }>(
      `SELECT state, slug FROM cra_offers WHERE incident = '2026-siantest01'`,
    );
    assert.equal(rows[0]!.state, 'relayed');
    const publicPage = await page.context().request.get(`${world.baseUrl}/appeals/relayed/${rows[0]!.slug}`);
    assert.equal(publicPage.status(), 200);

    const bryn = page.locator('section', { has: page.getByRole('heading', { level: 3, name: 'Child Rescue Alert: Bryn Example, 7' }) });
    await bryn.getByRole('button', { name: 'Decline' }).click();
    await bryn.getByLabel('Reason').fill('Not in our area: the ferry does not run to us this week.');
    await assertAccessible(page, 'decline form');
    await bryn.getByRole('button', { name: 'Decline the alert' }).click();
    await page.getByText('The alert is declined.').waitFor();
    const { rows: declined } = await world.db.query<{ state: string; decline_reason: string }>(
      `SELECT state, decline_reason FROM cra_offers WHERE incident = '2026-bryntest01'`,
    );
    assert.deepEqual(declined[0], { state: 'declined', decline_reason: 'Not in our area: the ferry does not run to us this week.' });
    const { rows: audit } = await world.db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE action IN ('exchange.alert_relayed', 'exchange.alert_declined') ORDER BY seq`,
    );
    assert.deepEqual(
      audit.map((row) => row.action),
      ['exchange.alert_relayed', 'exchange.alert_declined'],
    );
  });
});
