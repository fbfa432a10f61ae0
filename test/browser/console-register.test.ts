// The national register and unidentified people in real Chromium against the real server: a name typed in
// Latin letters finds a child recorded in Cyrillic by another force, with the reasons, and says which force to
// contact; a reachable child is linked to its case; an unidentified person is recorded through the form (the
// API's refusal shown by its field), found in the list and on its page, and identified; roles without the
// permissions see neither screen; axe and 360 px.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, screenshot, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { asToken, FORCE_A_POINT, FORCE_B_POINT, newChildCase } from '../support/app.ts';
import { ifStarted } from '../support/hooks.ts';
import { multipartPhoto } from '../support/images.ts';
import sharp from 'sharp';

async function recordCase(
  world: BrowserWorld,
  who: string,
  point: { lon: number; lat: number },
  givenNames: string,
  familyName: string,
  extra: Record<string, unknown> = {},
) {
  const child = { givenNames, familyName, dateOfBirth: '2012-06-01', sex: 'male', languages: ['ru'] };
  const body = newChildCase(point, { child, ...extra });
  const response = await asToken(world, who)('POST', '/api/v1/cases', body);
  assert.equal(response.statusCode, 201, response.body);
  return JSON.parse(response.body) as { id: string; reference: string };
}

async function openPage(world: BrowserWorld, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await (await world.newContext(viewport ? { viewport } : {})).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

/** A datetime-local value a day before now, in the browser's zone (the API refuses a time in the future). */
function yesterdayLocal(): string {
  const date = new Date(Date.now() - 24 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

/** An approver merges a child recorded twice from the case page, sees it in the child's history, and undoes it. */
async function mergeAndUndo(world: BrowserWorld): Promise<void> {
  const child = { familyName: 'Green', dateOfBirth: '2013-02-02', sex: 'female', languages: ['en'] };
  const kept = await asToken(world, 'force-a/investigator')(
    'POST',
    '/api/v1/cases',
    newChildCase(FORCE_A_POINT, { child: { ...child, givenNames: 'Mia' } }),
  );
  const twice = await asToken(world, 'force-a/investigator')(
    'POST',
    '/api/v1/cases',
    newChildCase(FORCE_A_POINT, { child: { ...child, givenNames: 'Mya' } }),
  );
  assert.equal(kept.statusCode, 201, kept.body);
  assert.equal(twice.statusCode, 201, twice.body);
  const keptCase = JSON.parse(kept.body) as { id: string };
  const twiceCase = JSON.parse(twice.body) as { reference: string };
  const page = await openPage(world);
  await signInToConsole(page, world, 'force-a/approver');
  await page.goto(`${world.baseUrl}/console/cases/${keptCase.id}`);
  const section = page.locator('section').filter({ has: page.getByRole('heading', { level: 2, name: 'Records merged' }) });
  await section.getByText('This child has not been merged with another record.').waitFor();
  await section.getByRole('button', { name: 'Merge another record of this child into this one' }).click();
  await section.getByRole('radio', { name: new RegExp(`Mya Green · ${twiceCase.reference}`) }).check();
  await section.getByLabel('Why these are the same child').fill('Same girl: the surname was misspelt at the first report');
  await section.getByRole('button', { name: 'Merge into this child' }).click();
  await section.getByText('The records are merged.').waitFor();
  await section.getByText('Another record of this child was merged into this one').waitFor();
  assert.match(await section.innerText(), /Because: Same girl: the surname was misspelt/);
  // From the top: the case's sticky section bar would otherwise lie over whatever passes under it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await assertAccessible(page, 'case page after a merge');
  await section.getByRole('button', { name: 'Undo this merge' }).click();
  await section.getByLabel('Why undo it').fill('Twins, not the same girl');
  await section.getByRole('button', { name: 'Undo this merge' }).click();
  await section.getByText('Undone: Twins, not the same girl').waitFor();
}

// One world and browser for the file: the tests record children and people of their own, so none needs a fresh database.
let world: BrowserWorld;
before(async () => {
  if (!browserSkip) world = await startBrowserWorld(TEST_ENGINES[0]!);
});
after(async () => ifStarted(world)?.close());

describe('console national register in Chromium', { skip: browserSkip }, () => {
  let multipart: { payload: Buffer; contentType: string };
  before(async () => {
    multipart = multipartPhoto(
      await sharp({ create: { width: 300, height: 400, channels: 3, background: '#8fbc8f' } })
        .jpeg()
        .toBuffer(),
    );
  });

  it('finds another force’s child written in Cyrillic from a Latin spelling, with reasons and the force to contact', async () => {
    await recordCase(world, 'force-b/investigator', FORCE_B_POINT, 'Константин', 'Петров');
    const own = await recordCase(world, 'force-a/investigator', FORCE_A_POINT, 'Zofia', 'Nowak');
    const photo = await asToken(world, 'force-a/investigator')('POST', `/api/v1/cases/${own.id}/photos`, multipart.payload, {
      'content-type': multipart.contentType,
    });
    assert.equal(photo.statusCode, 201, photo.body);
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'National register' }).click();
    await page.getByRole('heading', { level: 1, name: 'National register' }).waitFor();
    await assertAccessible(page, 'register search, empty');

    await page.getByLabel('Name', { exact: true }).fill('Konstantin Petrov');
    await page.getByLabel('Name', { exact: true }).press('Enter');
    const card = page.locator('.register-card').filter({ hasText: 'Константин Петров' });
    await card.waitFor();
    assert.match(page.url(), /name=Konstantin\+Petrov/, 'the search is in the address');
    const reasons = await card.locator('.reasons li').allInnerTexts();
    assert.ok(reasons.length > 0 && reasons.every((text) => text.trim() !== ''), `reasons: ${reasons.join('; ')}`);
    assert.ok(reasons.includes('“Konstantin” and “Константин” are the same name in another script'), reasons.join('; '));
    assert.match(await card.innerText(), /contact the owning force, Force B Police/);
    assert.equal(await card.getByRole('link').count(), 0, 'a case out of reach is not linked');
    await assertAccessible(page, 'register results');
    await screenshot(page, 'register-results');

    // Names swapped, own force: the case is linked, with its photo.
    await page.getByLabel('Name', { exact: true }).fill('Nowak Zofia');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const ownCard = page.locator('.register-card').filter({ hasText: 'Zofia Nowak' });
    await ownCard.getByRole('img', { name: 'Photo of Zofia Nowak' }).waitFor();
    assert.equal(await card.getByRole('img').count(), 0, 'no photo of a case out of reach');
    await ownCard.getByRole('link', { name: `Open case ${own.reference}` }).click();
    await page.waitForURL(`**/console/cases/${own.id}`);
  });

  it('reads at 360 px wide, in Arabic right to left, and says so when nothing matches', async () => {
    const page = await openPage(world, { width: 360, height: 800 });
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/register?name=Qwxyzzy+Vbnmplk`);
    await page.getByText('No child on the register matches that name').waitFor();
    assert.equal(await scrollsSideways(page), false, 'register at 360 px');
    await page.goto(`${world.baseUrl}/console/register?name=Konstantin`);
    await page.locator('.register-card').first().waitFor();
    assert.equal(await scrollsSideways(page), false, 'register results at 360 px');
    await page.goto(`${world.baseUrl}/console/unidentified/new`);
    await page.getByRole('heading', { level: 1, name: 'Record an unidentified person' }).waitFor();
    assert.equal(await scrollsSideways(page), false, 'unidentified form at 360 px');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.getByRole('heading', { level: 1, name: 'تسجيل شخص مجهول الهوية' }).waitFor();
    assert.equal(await scrollsSideways(page), false, 'unidentified form in Arabic at 360 px');
    await assertAccessible(page, 'unidentified form in Arabic at 360 px');
    await page.goto(`${world.baseUrl}/console/register?name=Konstantin`);
    await page.getByRole('heading', { level: 1, name: 'السجل الوطني' }).waitFor();
    await page.locator('.register-card').first().waitFor();
    // The reasons are worded in the reader's language, the names quoted as they were written.
    assert.match(
      await page.locator('.register-card .reasons').first().innerText(),
      /«Konstantin» و«Константин» هما الاسم نفسه بأبجدية أخرى/,
    );
    assert.equal(await scrollsSideways(page), false, 'register in Arabic at 360 px');
    await screenshot(page, 'register-ar-360');
  });

  it('merges a child recorded twice from the case page, shows it in the history, and undoes it', async () => {
    await mergeAndUndo(world);
  });

  it('leaves a sensitive child out until the officer gives a reason', async () => {
    await recordCase(world, 'force-b/investigator', FORCE_B_POINT, 'Анастасия', 'Волкова', { sensitive: true });
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/register?name=Anastasia+Volkova`);
    await page.getByText('No child on the register matches that name').waitFor();
    await page.getByText('Include sensitive cases (give a reason)').click();
    await page.getByLabel('Reason for seeing sensitive cases').fill('A girl found alone at the bus station');
    await page.getByRole('button', { name: 'Include sensitive cases' }).click();
    const card = page.locator('.register-card').filter({ hasText: 'Анастасия Волкова' });
    await card.waitFor();
    assert.match(await card.innerText(), /Sensitive/);
    assert.match(await card.innerText(), /contact the owning force, Force B Police/);
    const audit = await world.db.query<{ reason: string | null }>(
      "SELECT reason FROM audit_log LEFT JOIN audit_personal ON audit_personal.id = audit_log.personal_id WHERE action = 'register.search' ORDER BY seq DESC LIMIT 1",
    );
    assert.equal(audit.rows[0]?.reason, 'A girl found alone at the bus station');
  });
});

describe('console unidentified people in Chromium', { skip: browserSkip }, () => {
  let jpeg: Buffer;
  before(async () => {
    jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#d2b48c' } })
      .jpeg()
      .toBuffer();
  });

  it('records an unidentified person through the form, lists it, shows it and identifies it', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Unidentified people' }).click();
    await page.getByRole('heading', { level: 1, name: 'Unidentified people' }).waitFor();
    await page.getByRole('link', { name: 'Record an unidentified person' }).click();
    await page.getByRole('heading', { level: 1, name: 'Record an unidentified person' }).waitFor();

    // Nothing filled: every missing field is named at once, by the field.
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.locator('#field-body-found-place-problem').waitFor();
    assert.match(await page.locator('#field-body-kind-problem').innerText(), /Fill this in/);

    await page.getByLabel('Kind of record').selectOption('living');
    await page.getByLabel('Found at (date and time)').fill(yesterdayLocal());
    await page.getByLabel('Place found').fill('Bus station, Station Road');
    await page.getByLabel('Longitude').fill('-3.5');
    await page.getByLabel('Latitude').fill('52.5');
    await page.getByLabel('Sex').selectOption('female');
    await page.getByLabel('Age from (years)').fill('6');
    await page.getByLabel('Age to (years)').fill('200');
    await page.getByLabel('Height from (cm)').fill('110');
    await page.getByLabel('Height to (cm)').fill('125');
    await page.getByLabel('Hair colour').selectOption('dark_brown');
    await page.getByRole('button', { name: 'Add a mark' }).click();
    await page.getByLabel('Mark 1: kind').selectOption('scar');
    await page.getByLabel('Mark 1: where on the body').selectOption('left_forearm');
    await page.getByLabel('Mark 1: description').fill('Thin pale line, 3 cm');
    await page.getByRole('button', { name: 'Add a mark' }).click();
    await page.getByRole('button', { name: 'Remove mark 2' }).click();
    await page.getByLabel('Clothing').fill('Yellow raincoat, blue wellies');

    // The API refuses an age over its limit: said by the field, in words, and nothing typed is lost.
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    const ageProblem = page.locator('#field-body-ageMax-problem');
    await ageProblem.waitFor();
    assert.match(await ageProblem.innerText(), /Age to \(years\)/);
    assert.equal(await page.getByLabel('Age to (years)').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Mark 1: description').inputValue(), 'Thin pale line, 3 cm');
    await assertAccessible(page, 'unidentified form with a refusal');

    await page.getByLabel('Age to (years)').fill('8');
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    const title = page.getByRole('heading', { level: 1, name: /^Unidentified person / });
    await title.waitFor();
    const reference = (await title.innerText()).replace('Unidentified person ', '').trim();
    const main = await page.locator('main').innerText();
    assert.match(main, /6 to 8 years/);
    assert.match(main, /110 to 125 cm/);
    assert.match(main, /Dark brown/);
    assert.match(main, /Bus station, Station Road/);
    assert.match(await page.locator('.marks-list').innerText(), /Scar · Left forearm: Thin pale line, 3 cm/);
    assert.equal(await page.locator('.marks-list li').count(), 1);
    await assertAccessible(page, 'unidentified record page');
    await screenshot(page, 'unidentified-page');

    await page.getByRole('link', { name: 'Back to unidentified people' }).click();
    await page.getByRole('heading', { level: 1, name: 'Unidentified people' }).waitFor();
    await page.getByRole('link', { name: reference }).waitFor();
    await assertAccessible(page, 'unidentified list');
    await page.getByLabel('Status').selectOption('identified');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByText('No records match.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('link', { name: reference }).click();
    await title.waitFor();

    await page.getByRole('button', { name: 'Mark as identified' }).click();
    await page.getByLabel('Notes (optional)').fill('Mother came to the station');
    await page.getByRole('button', { name: 'Mark as identified' }).click();
    await page.locator('.badges').getByText('Identified').waitFor();
    assert.equal(await page.getByRole('button', { name: 'Edit the record' }).count(), 0, 'an identified record no longer changes');
    assert.match(await page.locator('main').innerText(), /Mother came to the station/);
  });

  it('edits a record with the version seen, explains a colleague’s change, and adds a photo', async () => {
    const created = await asToken(world, 'force-a/investigator')('POST', '/api/v1/unidentified', {
      kind: 'remains',
      sex: 'unknown',
      found: { at: new Date(Date.now() - 3 * 24 * 3600_000).toISOString(), lon: -3.4, lat: 52.4, place: 'Riverbank below the weir' },
      ageMin: 10,
      marks: [{ kind: 'tattoo', bodyLocation: 'right_wrist', description: 'Small star' }],
    });
    assert.equal(created.statusCode, 201, created.body);
    const record = JSON.parse(created.body) as { id: string; reference: string; version: number };
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/unidentified/${record.id}`);
    await page.getByRole('heading', { level: 1, name: `Unidentified person ${record.reference}` }).waitFor();
    assert.match(await page.locator('main').innerText(), /At least 10 years/);

    await page.getByLabel('Photo file').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.getByLabel('Caption (optional)').fill('Tattoo, right wrist');
    await page.getByRole('button', { name: 'Upload the photo' }).click();
    await page.getByText('Photo added.').waitFor();
    await page.getByRole('img', { name: /Tattoo, right wrist/ }).waitFor();

    await page.getByRole('button', { name: 'Edit the record' }).click();
    assert.equal(await page.getByLabel('Mark 1: description').inputValue(), 'Small star');
    await page.getByLabel('Place found').fill('Riverbank below the old weir');
    // Meanwhile a colleague adds a note: this edit's version is now stale.
    const latest = JSON.parse((await asToken(world, 'force-a/approver')('GET', `/api/v1/unidentified/${record.id}`)).body) as {
      version: number;
    };
    const colleague = await asToken(world, 'force-a/approver')('PATCH', `/api/v1/unidentified/${record.id}`, {
      version: latest.version,
      notes: 'Recovered by the fire service',
    });
    assert.equal(colleague.statusCode, 200, colleague.body);
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByText('Someone else changed this record while you were working on it').waitFor();
    assert.equal(await page.getByLabel('Place found').inputValue(), 'Riverbank below the old weir', 'the edit stays in the form');
    await page.getByRole('button', { name: 'Load the latest version' }).click();
    await page.getByText('The latest version is loaded').waitFor();
    await page.getByRole('button', { name: 'Save the changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    const main = await page.locator('main').innerText();
    assert.match(main, /Riverbank below the old weir/);
    assert.match(main, /Recovered by the fire service/, 'the colleague’s note is kept');
    assert.match(await page.locator('.marks-list').innerText(), /Tattoo · Right wrist: Small star/);
  });

  it('shows neither screen to a role without the permissions', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'council-a/caseworker');
    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link', { name: 'Shared with us' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'National register' }).count(), 0);
    assert.equal(await nav.getByRole('link', { name: 'Unidentified people' }).count(), 0);
    // Typed in, the screen gets the API's refusal rather than anyone's data.
    await page.goto(`${world.baseUrl}/console/unidentified`);
    await page.getByRole('alert').waitFor();
    assert.equal(await page.locator('.case-card').count(), 0);
  });
});
