// Organisations and areas in real Chromium, for the national centre's administrator: add an organisation of
// another country, edit a force's areas, check and import a boundary file with the report per feature; at
// 1280 px and 375 px, with axe on each page. A force's administrator only sees the lists.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, screenshot, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { ifStarted } from '../support/hooks.ts';

const SAMPLE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'police-force-areas-sample.geojson');

async function openPage(world: BrowserWorld, viewport: { width: number; height: number }): Promise<Page> {
  const page = await (await world.newContext({ viewport })).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

describe('console organisations and areas in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!, { users: { 'force-a': ['administrator'], national: ['administrator'] } });
  });
  after(async () => ifStarted(world)?.close());

  it('adds and edits organisations and imports boundaries with a report per feature, at 1280 px', async () => {
    const page = await openPage(world, { width: 1280, height: 900 });
    await signInToConsole(page, world, 'national/administrator');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Organisations and areas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisations and areas' }).waitFor();
    await page.getByRole('region', { name: 'Organisations' }).getByRole('heading', { name: 'Force A Police' }).waitFor();
    await assertAccessible(page, 'organisations');

    await page.getByLabel('Code', { exact: true }).fill('centre-ie');
    await page.locator('#new-org-name').fill('Ireland’s national centre');
    await page.getByLabel('Kind', { exact: true }).selectOption('foreign_national_centre');
    await page.getByRole('button', { name: 'Add the organisation' }).click();
    await page.getByText('Ireland’s national centre was saved.').waitFor();
    const added = page
      .getByRole('region', { name: 'Organisations' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Ireland’s national centre' }) });
    await added.getByText('centre-ie · Another country’s national centre').waitFor();

    // A boundary file: checked first (nothing written), then imported.
    await page.getByLabel('GeoJSON file').setInputFiles(SAMPLE);
    await page.getByLabel('Property holding the code').fill('PFA23CD');
    await page.getByLabel('Property holding the name').fill('PFA23NM');
    await page.getByLabel('Country these areas lie in').selectOption('country');
    await page.getByRole('button', { name: 'Check only' }).click();
    await page.getByRole('heading', { name: 'Checked: nothing was written' }).waitFor();
    assert.match(
      await page.getByRole('region', { name: 'Checked: nothing was written' }).innerText(),
      /Feature 2 E23000030 Hampshire and Isle of Wight: fine/,
    );
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    await page.getByRole('heading', { name: 'Imported: 2 new, 0 replaced, 0 left out' }).waitFor();
    const areas = page.getByRole('region', { name: 'Areas' }).last();
    await areas.getByRole('cell', { name: 'Thames Valley' }).waitFor();
    await assertAccessible(page, 'boundaries imported');
    await screenshot(page, 'organisations-imported-1280');

    // The force takes on the new area.
    const force = page
      .getByRole('region', { name: 'Organisations' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { name: 'Force A Police' }) });
    await force.getByRole('button', { name: 'Edit Force A Police' }).click();
    await force.getByLabel('Areas it answers for').selectOption(['area-a', 'E23000029']);
    await force.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Force A Police was saved.').waitFor();
    await force.getByText(/Areas it answers for: .*Thames Valley/).waitFor();
    const audit = await world.db.query(
      `SELECT 1 FROM audit_log WHERE action IN ('organisation.created', 'organisation.updated', 'jurisdiction.created')`,
    );
    assert.equal(audit.rows.length, 4);

    // A file with a bad feature is refused with the feature named.
    await page.getByLabel('GeoJSON file').setInputFiles({
      name: 'bad.geojson',
      mimeType: 'application/geo+json',
      buffer: Buffer.from(
        JSON.stringify({
          type: 'FeatureCollection',
          features: [
            {
              type: 'Feature',
              properties: { PFA23CD: 'E1', PFA23NM: 'Bow tie' },
              geometry: {
                type: 'Polygon',
                coordinates: [
                  [
                    [-1, 51],
                    [0, 52],
                    [0, 51],
                    [-1, 52],
                    [-1, 51],
                  ],
                ],
              },
            },
          ],
        }),
      ),
    });
    await page.getByRole('button', { name: 'Import', exact: true }).click();
    const problem = page.getByRole('alert').filter({ hasText: 'Boundaries not imported' });
    await problem.waitFor();
    assert.match(await problem.innerText(), /E1 Bow tie: .*crosses or touches itself/);
    await assertAccessible(page, 'boundaries refused');
  });

  it('fits 375 px, and shows a force’s administrator the lists only', async () => {
    const page = await openPage(world, { width: 375, height: 800 });
    await signInToConsole(page, world, 'force-a/administrator');
    await page.goto(`${world.baseUrl}/console/organisations`);
    await page.getByRole('heading', { level: 1, name: 'Organisations and areas' }).waitFor();
    await page.getByText('Organisations and boundaries are managed by the national centre’s administrators').waitFor();
    await page.getByRole('region', { name: 'Organisations' }).getByRole('heading', { name: 'Force A Police' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add the organisation' }).count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Import', exact: true }).count(), 0);
    assert.equal(await scrollsSideways(page), false);
    await assertAccessible(page, 'organisations at 375 px');
    await screenshot(page, 'organisations-375');
  });
});
