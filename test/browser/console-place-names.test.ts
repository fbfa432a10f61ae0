// Place names on the console's offline map, in real Chromium: with the GeoNames gazetteer loaded, the
// sightings map of an appeal last seen in mid Wales names the town a sighting was near (Rhayader) once
// zoomed to a town's scale, only cities at the country's scale, and the sighting's card says which place it
// was near. Labels take no clicks; axe on the page, in English and Arabic.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, assertGone, browserSkip, screenshot, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { approvedAlert } from '../support/alerts.ts';
import { ensureReferenceGazetteer } from '../../src/geo/reference-gazetteer.ts';
import { freshClientAddress, solvedChallenge, uniqueKey } from '../../src/reports/test-support.ts';
import { ifStarted } from '../support/hooks.ts';

describe('place names on the console map in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  let alertId: string;

  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    await ensureReferenceGazetteer(world.db);
    let slug: string;
    ({ alertId, slug } = await approvedAlert(world));
    // A sighting on the edge of Rhayader, about 20 km south of where the child was last seen.
    const response = await world.app.inject({
      method: 'POST',
      url: '/api/v1/public/sightings',
      remoteAddress: freshClientAddress(),
      payload: {
        appeal: slug,
        idempotencyKey: uniqueKey(),
        ...(await solvedChallenge(world.db, world.clock.now())),
        lat: 52.31,
        lon: -3.5,
        description: 'A girl in a red coat by the clock tower',
      },
    });
    assert.equal(response.statusCode, 201, response.body);
  });
  after(async () => ifStarted(world)?.close());

  it('names the towns near a sighting at a town scale, and only cities across the country', async () => {
    const page = await (await world.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/sightings?alert=${alertId}`);
    await page.getByRole('heading', { name: 'Sightings, most urgent first' }).waitFor();
    // The view fits the last-seen point and the sighting: a town's scale.
    const rhayader = page.locator('.leaflet-tooltip.place-label', { hasText: /^Rhayader$/ });
    await rhayader.waitFor();
    assert.equal(await rhayader.evaluate((element) => getComputedStyle(element).pointerEvents), 'none', 'a name takes no clicks');
    await page.getByText(/near \u2068?Rhayader\u2069?, [\d.]+ km from last seen/).waitFor();
    await assertAccessible(page, 'sightings map with place names');
    await screenshot(page, 'map-place-names');

    // Zoomed out to the whole country: cities only.
    const zoomOut = page.getByRole('button', { name: 'Zoom out' });
    for (let i = 0; i < 4; i++) {
      await zoomOut.click();
      await page.waitForFunction(() => !document.querySelector('.leaflet-zoom-anim'));
    }
    // Cities, largest first (a name that would overlap a larger one is left out).
    await page
      .locator('.leaflet-tooltip.place-label', { hasText: /^(Cardiff|Bristol|Swansea|Birmingham|Liverpool)$/ })
      .first()
      .waitFor();
    await assertGone(rhayader);
    assert.equal(await rhayader.count(), 0, 'a small town is not named at the country scale');
    await screenshot(page, 'map-place-names-wide');
  });

  it('keeps the names readable on a right-to-left page', async () => {
    const page = await (await world.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/sightings?alert=${alertId}`);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    const rhayader = page.locator('.leaflet-tooltip.place-label', { hasText: /^Rhayader$/ });
    await rhayader.waitFor();
    assert.equal(await rhayader.locator('span').getAttribute('dir'), 'auto');
    await assertAccessible(page, 'sightings map with place names, Arabic');
  });
});
