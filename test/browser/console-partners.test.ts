// Partner sites in the console, in real Chromium at 360 px: the national coordinator reads a partner's latest
// import with the records refused and why, changes its name and field permissions and gives it a new key (shown
// once), each checked in the database; a force's officer has no partners screen. Axe on each page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { asToken } from '../support/app.ts';
import { ifStarted } from '../support/hooks.ts';
import { hashSecret } from '../../src/auth/sessions.ts';

async function openPage(world: BrowserWorld): Promise<Page> {
  const page = await (await world.newContext({ viewport: { width: 360, height: 800 } })).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

describe('console partner sites in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    const national = asToken(world, 'national/national_coordinator');
    const created = await national('POST', '/api/v1/exchange/partners', {
      code: 'ie-site',
      name: 'Neighbouring site',
      personFields: ['sex'],
      recordDomain: 'ie.example',
    });
    assert.equal(created.statusCode, 201, created.body);
    const imported = await national('POST', '/api/v1/exchange/partners/ie-site/import', {
      document: `<?xml version="1.0"?><pfif:pfif xmlns:pfif="http://zesty.ca/pfif/1.4">
        <pfif:person><pfif:person_record_id>elsewhere.example/person.1</pfif:person_record_id><pfif:source_date>2026-11-01T00:00:00Z</pfif:source_date><pfif:full_name>Not Theirs</pfif:full_name></pfif:person>
      </pfif:pfif>`,
    });
    assert.equal(imported.statusCode, 200, imported.body);
  });
  after(async () => ifStarted(world)?.close());

  it('shows the latest import with its refusals, and changes a partner with a new key shown once', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'national/national_coordinator');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Partner sites' }).click();
    await page.getByRole('heading', { level: 1, name: 'Partner sites' }).waitFor();
    const partner = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Neighbouring site' }) });
    await partner.getByText('0 taken, 0 unchanged, 1 refused, 0 withdrawn').waitFor();
    const refusals = partner.getByRole('region', { name: 'Records refused from Neighbouring site' });
    assert.match(await refusals.innerText(), /elsewhere\.example\/person\.1[\s\S]*Person[\s\S]*domain/);
    assert.equal(await scrollsSideways(page), false, 'the partners page reflows at 360 px');
    await assertAccessible(page, 'partners');

    await partner.getByRole('button', { name: 'Change this partner' }).click();
    await partner.getByLabel('Name', { exact: true }).fill('Ireland national centre');
    await partner.getByLabel('Age', { exact: true }).check();
    await partner.getByLabel('Photo', { exact: true }).check();
    await partner.getByLabel('Give the partner a new key').check();
    await assertAccessible(page, 'partner change form');
    await partner.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByText('Ireland national centre is changed.').waitFor();
    const changed = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Ireland national centre' }) });
    const key = (await changed.locator('code', { hasText: /^fmp_/ }).innerText()).trim();
    const { rows } = await world.db.query<{ name: string; person_fields: string[]; key_hash: string }>(
      `SELECT name, person_fields, key_hash FROM pfif_partners WHERE code = 'ie-site'`,
    );
    assert.deepEqual(rows[0], { name: 'Ireland national centre', person_fields: ['sex', 'age', 'photo_url'], key_hash: hashSecret(key) });
    const { rows: audit } = await world.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'exchange.partner_changed'`,
    );
    assert.equal(audit[0]!.n, 1);
    await assertAccessible(page, 'partner changed');
  });

  it('gives a force officer no partners screen', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/approver');
    assert.equal(await page.getByRole('link', { name: 'Partner sites' }).count(), 0);
    await page.goto(`${world.baseUrl}/console/partners`);
    await page.getByRole('heading', { level: 1, name: 'Partner sites' }).waitFor();
    await page.getByRole('alert').waitFor();
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Neighbouring site' }).count(), 0);
    assert.equal(await page.getByRole('heading', { level: 2, name: 'Ireland national centre' }).count(), 0);
  });
});
