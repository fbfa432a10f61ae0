// Problem profiles in real Chromium: the national centre's analyst counts episodes by a chosen dimension, with the
// chart's figures as a table and exact counts; a force's analyst sees the same small figures withheld; a role
// without profile:read has no such screen; axe on each page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { asToken, FORCE_A_POINT, newChildCase } from '../support/app.ts';
import { ifStarted } from '../support/hooks.ts';

async function openPage(world: BrowserWorld): Promise<Page> {
  const page = await (await world.newContext({})).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

/** The analyst's profile page, reached from the console's navigation; answers the counts table's body text. */
async function openProfiles(page: Page): Promise<string> {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Problem profiles' }).click();
  await page.getByRole('heading', { level: 1, name: 'Problem profiles' }).waitFor();
  const counts = page.locator('section[aria-labelledby="profile-counts"] table');
  await counts.locator('tfoot').waitFor();
  return counts.innerText();
}

/** Three girls aged 13 missing in force A: a count of 3, exact for the national centre, withheld for a force. */
async function recordThreeEpisodes(world: BrowserWorld): Promise<void> {
  for (const givenNames of ['Ffion', 'Gwen', 'Nia']) {
    const base = newChildCase(FORCE_A_POINT);
    const created = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', {
      ...base,
      child: { ...base.child, givenNames, dateOfBirth: '2013-01-15' },
    });
    assert.equal(created.statusCode, 201, created.body);
  }
}

describe('console problem profiles in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    await recordThreeEpisodes(world);
  });
  after(async () => ifStarted(world)?.close());

  it('shows the national analyst exact counts by a chosen dimension, as a chart and a table', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'national/analyst');
    const byAge = await openProfiles(page);
    assert.match(byAge, /Total\s+3\s+3/, byAge);
    assert.ok(!byAge.includes('[c]'), 'the national centre sees exact figures');
    assert.equal(await page.locator('section[aria-labelledby="profile-counts"] canvas').count(), 1, 'a chart beside the table');
    await assertAccessible(page, 'profiles by age');

    await page.getByLabel('Count by').selectOption('sex');
    await page.getByRole('button', { name: 'Show profile' }).click();
    await page.waitForURL(/dimension=sex/);
    const counts = page.locator('section[aria-labelledby="profile-counts"] table');
    await counts.getByRole('columnheader', { name: 'Sex' }).waitFor();
    assert.match(await counts.getByRole('row', { name: /Female/ }).innerText(), /Female\s+3\s+3/);
    await assertAccessible(page, 'profiles by sex');

    // Local authorities by name, from the figures the server names; a code the server leaves is translated.
    await page.getByLabel('Count by').selectOption('local_authority');
    await page.getByRole('button', { name: 'Show profile' }).click();
    await page.waitForURL(/dimension=local_authority/);
    await counts.getByRole('columnheader', { name: 'Local authority' }).waitFor();
    assert.match(await counts.getByRole('row', { name: /Council A Children’s Services/ }).innerText(), /\s3\s+3/);
    await page.getByLabel('Count by').selectOption('return_interview');
    await page.getByRole('button', { name: 'Show profile' }).click();
    await counts.getByRole('columnheader', { name: 'Return interview' }).waitFor();
    assert.match(await counts.getByRole('row', { name: /Not asked/ }).innerText(), /Not asked\s+3\s+3/);
    // By map cell: hexagons on the map, shaded by episodes, with the table alternative below.
    await page.getByLabel('Count by').selectOption('cell');
    await page.getByRole('button', { name: 'Show profile' }).click();
    await page.getByRole('region', { name: 'Map of episodes by area' }).waitFor();
    await page.locator('.profile-map path.leaflet-interactive').first().waitFor();
    assert.equal(await page.locator('.profile-map path.leaflet-interactive').count(), 1, 'the three episodes share one cell');
    assert.match(await counts.getByRole('row', { name: /^85/ }).innerText(), /\s3\s+3/);
    await assertAccessible(page, 'profiles by map cell');
    await page.getByLabel('Count by').selectOption('sex');
    await page.getByRole('button', { name: 'Show profile' }).click();
    await page.waitForURL(/dimension=sex/);

    // The download links carry the profile shown; the spreadsheet comes with the session, as a spreadsheet.
    const spreadsheet = page.getByRole('link', { name: 'Download as a spreadsheet (XLSX)' }).first();
    const href = await spreadsheet.getAttribute('href');
    assert.match(href ?? '', /^\/api\/v1\/profiles\/counts\.xlsx\?.*dimension=sex/);
    const download = await page.context().request.get(`${world.baseUrl}${href}`);
    assert.equal(download.status(), 200);
    assert.equal(download.headers()['content-type'], 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');

    // Child Rescue Alert figures sit beside the profile (none in this world), every month a row.
    const alerts = page.locator('section[aria-labelledby="profile-alerts"]');
    await alerts.getByRole('heading', { name: 'Child Rescue Alerts' }).waitFor();
    assert.match(await alerts.locator('tfoot').innerText(), /Total\s+0\s+0\s+–\s+0\s+0/);
    assert.match(
      (await alerts.getByRole('link', { name: 'Download as CSV' }).getAttribute('href')) ?? '',
      /^\/api\/v1\/profiles\/alerts\.csv\?/,
    );

    // Sign-up figures come when asked for: every force area a row, every channel a column.
    await page.getByRole('button', { name: 'Show sign-up and reach figures' }).click();
    const reach = page.locator('section[aria-labelledby="profile-reach"]');
    await reach.getByRole('columnheader', { name: 'Any channel' }).waitFor();
    assert.match(await reach.getByRole('row', { name: /Area A/ }).innerText(), /Area A\s+0\s+0\s+0\s+0\s+0/);
    const reachCsv = await reach.getByRole('link', { name: 'Download as CSV' }).getAttribute('href');
    assert.equal((await page.context().request.get(`${world.baseUrl}${reachCsv}`)).status(), 200);
    assert.equal(await page.getByRole('link', { name: 'Download as CSV' }).count(), 4, 'the counts, the trend, the alerts and the reach');
    await assertAccessible(page, 'profiles with alert and reach figures');

    // Printed, it is a report: what, where, when and how, with no form, links or console navigation.
    const heading = page.locator('.profile-report-heading');
    assert.equal(await heading.isVisible(), false, 'the report heading is for paper only');
    await page.emulateMedia({ media: 'print' });
    assert.ok(await heading.isVisible());
    const printed = await heading.innerText();
    assert.match(printed, /Problem profile report/);
    assert.match(printed, /All forces \(national\)/);
    assert.match(printed, /Figures are exact/);
    assert.match(printed, /(GMT|BST)/, 'produced in UK local time');
    assert.equal(await page.getByRole('form', { name: 'Choose a profile' }).isVisible(), false);
    assert.equal(await page.getByRole('navigation', { name: 'Console' }).isVisible(), false);
    assert.equal(await page.getByRole('link', { name: 'Download as CSV' }).first().isVisible(), false);
    assert.ok(await page.locator('section[aria-labelledby="profile-notes"]').isVisible(), 'the method notes are printed');
    const pdf = await page.pdf({ format: 'A4' });
    assert.ok(pdf.subarray(0, 5).toString() === '%PDF-' && pdf.length > 10_000, 'the report prints');
    await page.emulateMedia({ media: 'screen' });
  });

  it('withholds the same small figures from a force’s analyst, and shows no screen to other roles', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/analyst');
    const byAge = await openProfiles(page);
    assert.ok(byAge.includes('[c]'), `a count of 3 is withheld: ${byAge}`);
    assert.ok(!/\b3\b/.test(byAge), `no 3 anywhere in the table: ${byAge}`);
    await assertAccessible(page, 'profiles for a force');

    const officer = await openPage(world);
    await signInToConsole(officer, world, 'force-a/investigator');
    await officer.getByRole('navigation', { name: 'Console' }).waitFor();
    assert.equal(await officer.getByRole('link', { name: 'Problem profiles' }).count(), 0);
  });
});
