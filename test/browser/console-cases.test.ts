// The case screens in real Chromium against the real server: search with filters in the address, recording a
// case with errors shown by field, the case page (risk answers and grading, photos, closing, sharing, audit
// trail), the access reason for sensitive cases, a caseworker's read-only view, a stale edit, axe and 320 px.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
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
import { asToken, newChildCase } from '../support/app.ts';
import { multipartPhoto } from '../support/images.ts';
import { RISK_QUESTIONS } from '../../src/cases/risk.ts';
import { ifStarted } from '../support/hooks.ts';

async function recordCase(
  world: BrowserWorld,
  overrides: Record<string, unknown> = {},
): Promise<{ id: string; reference: string; version: number }> {
  const response = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', newChildCase(undefined, overrides));
  assert.equal(response.statusCode, 201, response.body);
  return JSON.parse(response.body);
}

const child = (givenNames: string, familyName: string, extra: Record<string, unknown> = {}) => ({
  givenNames,
  familyName,
  dateOfBirth: '2012-06-01',
  sex: 'male',
  heightCm: 150,
  languages: ['en'],
  ...extra,
});

async function heading(page: Page, name: string | RegExp) {
  await page.getByRole('heading', { level: 1, name }).waitFor();
}

/** A fresh browser page; waits up to a minute, as the browser shares a loaded machine with other test runs. */
async function openPage(world: BrowserWorld, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await (await world.newContext(viewport ? { viewport } : {})).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

// One world and browser for the file: every test records cases under names of its own, so none needs a fresh database.
let world: BrowserWorld;
before(async () => {
  if (!browserSkip) world = await startBrowserWorld(TEST_ENGINES[0]!);
});
after(async () => ifStarted(world)?.close());

describe('console cases in Chromium: searching, recording and paging', { skip: browserSkip }, () => {
  it('has wording for each standard risk question the server asks', () => {
    const english = JSON.parse(fs.readFileSync(new URL('../../web/src/cases/locales/en.json', import.meta.url), 'utf8')) as {
      questions: Record<string, string>;
    };
    assert.deepEqual(Object.keys(english.questions).sort(), RISK_QUESTIONS.map((q) => q.id).sort());
  });

  it('lets an investigator search, open a case, record answers and a grading, add a photo and close it', async () => {
    await recordCase(world, { child: child('Brandon', 'Searchme', { aliases: ['Bran the Quick'] }) });
    await recordCase(world, { child: child('Other', 'Person') });
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Cases' }).click();
    await heading(page, 'Cases');
    await page.getByRole('link', { name: 'Other Person' }).waitFor();
    await assertAccessible(page, 'case list');

    // An alias finds the child; the filters go into the address, so a reload keeps them.
    await page.getByLabel('Name, alias or reference').fill('Quick');
    await page.getByLabel('Status').selectOption('open');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/q=Quick/);
    assert.match(page.url(), /status=open/);
    await page.getByRole('link', { name: 'Brandon Searchme' }).waitFor();
    await assertGone(page.getByRole('link', { name: 'Other Person' }));
    await page.reload();
    await page.getByRole('link', { name: 'Brandon Searchme' }).waitFor();
    assert.equal(await page.getByLabel('Name, alias or reference').inputValue(), 'Quick');
    await screenshot(page, 'cases-list-search');

    await page.getByRole('link', { name: 'Brandon Searchme' }).click();
    await heading(page, 'Brandon Searchme');
    const alertLink = page.getByRole('link', { name: 'Request a Child Rescue Alert' });
    assert.match((await alertLink.getAttribute('href')) ?? '', /\/console\/alerts\/new\?case=[0-9a-f-]{36}$/);
    await assertAccessible(page, 'case page');

    // Risk answers: two questions answered, the others left as they were.
    await page.getByRole('button', { name: 'Record answers' }).click();
    await page.getByLabel('Who gave the answers').fill('Mother, by phone');
    await page.getByRole('group', { name: 'Is going missing out of character?' }).getByLabel('Yes', { exact: true }).check();
    await page.getByRole('group', { name: 'Has the child gone missing before?' }).getByLabel('No', { exact: true }).check();
    await page.getByRole('button', { name: /Save answers/ }).click();
    await page
      .getByText(/source: Mother, by phone/)
      .first()
      .waitFor();
    assert.equal(await page.getByText(/source: Mother, by phone/).count(), 2);
    assert.match(await page.getByRole('region', { name: 'Risk grading' }).innerText(), /Suggested by the answers\s*Medium risk/);

    // A grading without a rationale is refused by the API, by field; then a proper one is kept in the history.
    await page.getByLabel('Risk level').selectOption('high');
    await page.getByRole('button', { name: 'Save the grading' }).click();
    await page.locator('.field-problem').first().waitFor();
    assert.match(await page.getByRole('alert').first().innerText(), /Rationale/);
    await page.getByLabel('Rationale').fill('Out of character and no contact since 01:30; phone off.');
    await page.getByRole('button', { name: 'Save the grading' }).click();
    await page.getByText('Grading saved.').waitFor();
    const history = await page.getByRole('list').filter({ hasText: 'phone off' }).innerText();
    assert.match(history, /High risk/);

    // A file that is not an image is refused with a readable message; a JPEG is added and shown as a thumbnail.
    const photoInput = page.getByLabel('Photo file');
    await photoInput.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('not a photo at all') });
    await page.getByRole('button', { name: 'Upload the photo' }).click();
    const refusal = page.getByRole('region', { name: 'Photos' }).getByRole('alert');
    await refusal.waitFor();
    assert.ok((await refusal.innerText()).length > 10);
    const jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#8fbc8f' } })
      .jpeg()
      .toBuffer();
    await photoInput.setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: jpeg });
    await page.getByLabel('Caption (optional)').fill('School photo');
    await page.getByRole('button', { name: 'Upload the photo' }).click();
    await page.getByText('Photo added.').waitFor();
    const thumbnail = page.getByRole('img', { name: /School photo/ });
    await thumbnail.waitFor();
    await page.waitForFunction(() =>
      [...document.querySelectorAll('.photos img')].every((img) => (img as HTMLImageElement).naturalWidth > 0),
    );
    await screenshot(page, 'case-page-risk-photo');
    await assertAccessible(page, 'case page with answers, grading and a photo');

    // Removing asks once more.
    await page.getByRole('button', { name: 'Remove photo 1' }).click();
    await page.getByRole('button', { name: 'Yes, remove photo 1' }).click();
    await page.getByText('Photo removed.').waitFor();
    await assertGone(page.locator('.photos img'));

    // Closing asks for confirmation and then shows the outcome.
    await page.getByLabel('Outcome').selectOption('found_safe');
    await page.getByRole('button', { name: 'Close the case' }).click();
    await page.getByRole('button', { name: 'Yes, close the case' }).click();
    await page.locator('.badge.closed').first().waitFor();
    assert.match(await page.locator('main').innerText(), /Found safe/);
    assert.equal(await page.getByRole('button', { name: 'Record answers' }).count(), 0, 'a closed case is not graded');
    await assertAccessible(page, 'closed case');

    // The child goes missing again: a new episode, linked to the first, with the child's details kept.
    await page.getByRole('link', { name: 'Record a new episode for this child' }).click();
    await heading(page, 'Record a new episode');
    await page.getByLabel('Last seen at (date and time)').fill('2026-11-24T22:00');
    await page.getByLabel('Last seen where').fill('Skate park by the river');
    await page.getByLabel('Longitude').fill('-3.45');
    await page.getByLabel('Latitude').fill('52.45');
    await page.getByRole('button', { name: 'Record the case' }).click();
    await heading(page, 'Brandon Searchme');
    await page.getByText('This child has gone missing 2 times. Repeat episodes are a strong sign of harm.').waitFor();
    const episodes = page.getByRole('region', { name: 'Episodes' });
    assert.equal(await episodes.getByRole('link').count(), 1, 'the earlier episode is a link');
  });

  it('pages through results with the API’s cursor, filters kept', async () => {
    for (let i = 0; i < 27; i += 1) await recordCase(world, { child: child(`Pager${String(i).padStart(2, '0')}`, 'Pagetest') });
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/cases?q=Pagetest`);
    await page.getByText('Cases on this page: 25').waitFor();
    // Newest first.
    await page.getByRole('link', { name: 'Pager26 Pagetest' }).waitFor();
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Cases on this page: 2').waitFor();
    assert.match(page.url(), /q=Pagetest/);
    assert.match(page.url(), /cursor=/);
    await page.getByRole('link', { name: 'Pager00 Pagetest' }).waitFor();
    await assertGone(page.getByRole('button', { name: 'Next page' }));
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Cases on this page: 25').waitFor();
    await page.getByRole('link', { name: 'Pager26 Pagetest' }).waitFor();
    assert.doesNotMatch(page.url(), /cursor=/);
  });
});

/** The new-case form offering the children already recorded: a different child recorded, then a new episode of one. */
async function likelyChildrenJourney(world: BrowserWorld): Promise<void> {
  await recordCase(world, { child: child('Oskar', 'Lindqvist', { dateOfBirth: '2014-03-03' }) });
  const page = await openPage(world);
  await signInToConsole(page, world, 'force-a/investigator');
  const typeOskar = async () => {
    await page.goto(`${world.baseUrl}/console/cases?record=new`);
    await heading(page, 'Record a missing child');
    await page.getByLabel('Given names').fill('Oskar');
    await page.getByLabel('Family name').fill('Lindqvist');
    await page.getByLabel('Date of birth').fill('2014-03-03');
    await page.getByLabel('Sex', { exact: true }).selectOption('male');
    await page.getByLabel('Last seen where').fill('Library steps');
  };
  await typeOskar();
  const likely = page.getByRole('region', { name: 'Is this child already recorded?' });
  await likely.getByRole('heading', { name: 'Oskar Lindqvist' }).waitFor();
  await likely.getByText('Same name and date of birth').waitFor();
  await likely.getByText('Same date of birth').waitFor();
  await assertAccessible(page, 'new case form with likely children');
  await screenshot(page, 'case-new-likely-children');

  // A different child: recorded as a new one.
  await likely.getByRole('button', { name: 'This is a different child' }).click();
  await likely.getByRole('status').waitFor();
  await page.getByLabel('Last seen at (date and time)').fill('2026-11-22T21:15');
  await page.getByLabel('Longitude').fill('-3.4');
  await page.getByLabel('Latitude').fill('52.6');
  await page.getByRole('button', { name: 'Record the case' }).click();
  await heading(page, 'Oskar Lindqvist');
  assert.match(await page.locator('main').innerText(), /Library steps/);

  // The same child again: a new episode of one offered, keeping what was typed of the episode.
  await typeOskar();
  await likely.getByRole('heading', { name: 'Oskar Lindqvist' }).first().waitFor();
  await likely.getByRole('button', { name: 'Record a new episode of this child' }).first().click();
  await heading(page, 'Record a new episode');
  assert.equal(await page.getByLabel('Last seen where').inputValue(), 'Library steps');
  assert.match(page.url(), /record=episode&child=[0-9a-f-]{36}$/);
}

describe('console cases in Chromium: new cases, the national centre, sensitive and shared cases', { skip: browserSkip }, () => {
  it('records a new case from the form, naming each field the API refuses and losing nothing', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/cases`);
    await page.getByRole('link', { name: 'Record a new case' }).click();
    await heading(page, 'Record a missing child');
    await page.getByLabel('Given names').fill('Zofia');
    await page.getByLabel('Last seen where').fill('Bus station, stand 4');
    await page.getByRole('button', { name: 'Record the case' }).click();
    const summary = page.getByRole('alert').first();
    await summary.waitFor();
    // The summary names the field by its label and links to it; the field says what is wrong.
    // Everything plainly missing is named at once, each a link to its field.
    for (const name of ['Family name', 'Date of birth', 'Last seen at (date and time)', 'Longitude', 'Latitude']) {
      await summary.getByRole('link', { name, exact: true }).waitFor();
    }
    await assertGone(summary.getByRole('link', { name: 'Given names' }));
    assert.equal(await page.getByLabel('Family name').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Given names').inputValue(), 'Zofia', 'nothing typed is lost');
    await assertAccessible(page, 'new case form with errors');
    await screenshot(page, 'case-new-errors');
    // A session that ends mid-form (or a reload) loses nothing: the draft comes back in this tab.
    await page.reload();
    await page.getByText('What you typed earlier is back in the form.').waitFor();
    assert.equal(await page.getByLabel('Given names').inputValue(), 'Zofia');
    assert.equal(await page.getByLabel('Last seen where').inputValue(), 'Bus station, stand 4');

    await page.getByLabel('Family name').fill('Nowak');
    await page.getByLabel('Estimated age (years)').fill('19');
    await page.getByLabel('Sex', { exact: true }).selectOption('female');
    await page.getByLabel('Last seen at (date and time)').fill('2026-11-22T21:15');
    await page.getByLabel('Clothing').fill('Green parka, white trainers');
    // A click on the map sets the coordinates.
    const map = page.getByRole('region', { name: 'Map: click where the child was last seen' });
    await map.scrollIntoViewIfNeeded();
    const box = (await map.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.waitForFunction(() => (document.querySelector('#field-body-lastSeen-lon') as HTMLInputElement).value !== '');
    // Typed coordinates win, inside Force A's area.
    await page.getByLabel('Longitude').fill('-3.4');
    await page.getByLabel('Latitude').fill('52.6');
    await page.getByRole('button', { name: 'Record the case' }).click();
    // What only the server knows (a child is under 18) comes back by field too.
    await page.locator('#field-body-child-estimatedAge-problem').waitFor();
    assert.equal(await page.getByLabel('Estimated age (years)').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Clothing').inputValue(), 'Green parka, white trainers', 'nothing typed is lost');
    await page.getByLabel('Estimated age (years)').fill('13');
    await page.getByRole('button', { name: 'Record the case' }).click();
    await heading(page, 'Zofia Nowak');
    assert.match(await page.locator('main').innerText(), /Bus station, stand 4/);
    assert.match(await page.locator('main').innerText(), /Green parka/);
    // Recorded: the kept draft is gone.
    await page.goto(`${world.baseUrl}/console/cases?record=new`);
    await heading(page, 'Record a missing child');
    assert.equal(await page.getByLabel('Given names').inputValue(), '');
    await assertGone(page.getByText('What you typed earlier is back in the form.'));
  });

  it('offers the children already recorded as the name is typed: a new episode of one, or a different child', () =>
    likelyChildrenJourney(world));

  it('lets the national centre record a case for a force', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'national/national_coordinator');
    await page.goto(`${world.baseUrl}/console/cases?record=new`);
    await heading(page, 'Record a missing child');
    await page.getByLabel('Given names').fill('Hana');
    await page.getByLabel('Family name').fill('Forforce');
    await page.getByLabel('Estimated age (years)').fill('15');
    await page.getByLabel('Last seen at (date and time)').fill('2026-11-22T18:00');
    await page.getByLabel('Last seen where').fill('Railway station forecourt');
    await page.getByLabel('Longitude').fill('-1.5');
    await page.getByLabel('Latitude').fill('51.5');
    await page.getByLabel('Force responsible').selectOption('force-b');
    await page.getByRole('button', { name: 'Record the case' }).click();
    await heading(page, 'Hana Forforce');
    assert.match(await page.locator('main').innerText(), /Force B Police/);
  });

  it('asks for the reason before showing a sensitive case, and records it', async () => {
    const sensitive = await recordCase(world, { child: child('Sian', 'Private'), sensitive: true });
    const jpeg = await sharp({ create: { width: 300, height: 400, channels: 3, background: '#b0c4de' } })
      .jpeg()
      .toBuffer();
    const { payload, contentType } = multipartPhoto(jpeg);
    const uploaded = await asToken(world, 'force-a/investigator')('POST', `/api/v1/cases/${sensitive.id}/photos`, payload, {
      'content-type': contentType,
    });
    assert.equal(uploaded.statusCode, 201, uploaded.body);
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/cases/${sensitive.id}`);
    await heading(page, 'Why do you need to open this case?');
    assert.doesNotMatch(await page.locator('main').innerText(), /Sian/);
    await assertAccessible(page, 'access reason form');
    await page.getByLabel('Reason for access').fill('abc');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.getByText('Write a reason of at least 5 characters.').waitFor();
    await page.getByLabel('Reason for access').fill('Adolygu adroddiadau’r nos');
    await page.getByRole('button', { name: 'Open the case' }).click();
    await heading(page, 'Sian Private');
    // The thumbnail is fetched with the reason too (an <img src> could not send it).
    await page.locator('.photos img').waitFor();
    await page.waitForFunction(() => (document.querySelector<HTMLImageElement>('.photos img')?.naturalWidth ?? 0) > 0);
    const { rows } = await world.db.query<{ reason: string }>(
      `SELECT reason FROM audit_log LEFT JOIN audit_personal ON audit_personal.id = audit_log.personal_id WHERE subject_id = $1 AND action IN ('case.viewed', 'photo.viewed')`,
      [sensitive.id],
    );
    assert.deepEqual(
      rows.map((r) => r.reason),
      ['Adolygu adroddiadau’r nos', 'Adolygu adroddiadau’r nos'],
    );
  });

  it('lists a sensitive case without the child, finds it by name only with a reason, and records that reason', async () => {
    const sensitive = await recordCase(world, { child: child('Rhiannon', 'Hiddenwell'), sensitive: true });
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/cases?q=Hiddenwell`);
    await page.getByText('No cases match').waitFor();
    await page.goto(`${world.baseUrl}/console/cases?q=${encodeURIComponent(sensitive.reference)}`);
    await page.getByRole('link', { name: 'Sensitive case — give a reason to see who' }).waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /Rhiannon|Hiddenwell/);
    await assertAccessible(page, 'case list with a sensitive case');
    await page.goto(`${world.baseUrl}/console/cases?q=Hiddenwell`);
    await page.getByText('Include sensitive cases (give a reason)').click();
    await page.getByLabel('Reason for seeing sensitive cases').fill('Checking for a link to tonight’s referral');
    await page.getByRole('button', { name: 'Show sensitive cases' }).click();
    await page.getByRole('link', { name: 'Rhiannon Hiddenwell' }).waitFor();
    const { rows } = await world.db.query<{ reason: string; details: { caseIds: string[] } }>(
      `SELECT reason, details FROM audit_log LEFT JOIN audit_personal ON audit_personal.id = audit_log.personal_id WHERE action = 'case.searched' AND reason IS NOT NULL ORDER BY seq DESC LIMIT 1`,
    );
    assert.equal(rows[0]?.reason, 'Checking for a link to tonight’s referral');
    assert.deepEqual(rows[0].details.caseIds, [sensitive.id]);
    // The link still asks for the reason on the case itself: a list's reason is for the list.
    await page.getByRole('link', { name: 'Rhiannon Hiddenwell' }).click();
    await heading(page, 'Why do you need to open this case?');
  });

  it('shows a caseworker of the council only the fields shared with them, and takes what they add', async () => {
    const shared = await recordCase(world, { child: child('Carys', 'Shared'), circumstances: 'Argued with her stepfather' });
    await recordCase(world, { child: child('Not', 'Shared') });
    const share = await asToken(world, 'force-a/approver')('POST', `/api/v1/cases/${shared.id}/shares`, {
      organisationCode: 'council-a',
      reason: 'Section 47 enquiry',
      purpose: 'other',
      fields: ['identity', 'lastSeen'],
    });
    assert.equal(share.statusCode, 200, share.body);
    const page = await openPage(world);
    await signInToConsole(page, world, 'council-a/caseworker');
    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link', { name: 'Shared with us' }).click();
    await heading(page, 'Shared with us');
    await page.getByRole('cell', { name: 'Carys Shared' }).waitFor();
    await assertGone(page.getByRole('cell', { name: 'Not Shared' }));
    assert.equal(await nav.getByRole('link', { name: 'Cases' }).count(), 0, 'no whole cases for a caseworker');
    await page.getByRole('link', { name: shared.reference }).click();
    await heading(page, `Shared case · ${shared.reference}`);
    await page.getByText('Shared with you: Who the child is, When and where last seen.').waitFor();
    const main = await page.locator('main').innerText();
    assert.match(main, /Carys/);
    assert.match(main, /Outside the leisure centre/);
    assert.doesNotMatch(main, /Argued with her stepfather/, 'circumstances were not shared');
    await page.getByLabel('What you know', { exact: true }).fill('She stays with an aunt in Newtown at weekends');
    await page.getByRole('button', { name: 'Add it' }).click();
    await page.getByText('Added: the police can see it.').waitFor();
    await assertAccessible(page, 'shared case page');
    await screenshot(page, 'shared-case-caseworker');
    const police = await asToken(world, 'force-a/investigator')('GET', `/api/v1/cases/${shared.id}/contributions`);
    assert.match(police.body, /aunt in Newtown/);
  });
});

describe('console cases in Chromium: stale edits, sharing, the keyboard and Arabic', { skip: browserSkip }, () => {
  it('explains a stale edit and reloads the latest version without losing the edit', async () => {
    const record = await recordCase(world, { child: child('Dylan', 'Stale') });
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/cases/${record.id}`);
    await heading(page, 'Dylan Stale');
    await page.getByRole('button', { name: 'Edit details' }).click();
    await page.getByRole('textbox', { name: 'Clothing' }).fill('Blue hoodie, grey joggers');
    // A colleague changes the case meanwhile.
    const colleague = await asToken(world, 'force-a/investigator')('PATCH', `/api/v1/cases/${record.id}`, {
      version: record.version,
      vehicle: 'Silver hatchback',
    });
    assert.equal(colleague.statusCode, 200, colleague.body);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Someone else changed this case while you were editing').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Clothing' }).inputValue(), 'Blue hoodie, grey joggers');
    await assertAccessible(page, 'stale edit notice');
    await page.getByRole('button', { name: 'Load the latest version' }).click();
    await page.getByText(/The latest version is shown above/).waitFor();
    assert.match(await page.getByRole('region', { name: 'Last seen', exact: true }).innerText(), /Silver hatchback/);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByText('Changes saved.').waitFor();
    const text = await page.getByRole('region', { name: 'Last seen', exact: true }).innerText();
    assert.match(text, /Blue hoodie, grey joggers/);
    assert.match(text, /Silver hatchback/);
  });

  it('lets an approver share a case and read its audit trail', async () => {
    const record = await recordCase(world, { child: child('Elin', 'Audited') });
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/approver');
    await page.goto(`${world.baseUrl}/console/cases/${record.id}`);
    await heading(page, 'Elin Audited');
    await page.getByLabel('Organisation').selectOption('charity');
    await page.getByLabel('Reason for sharing').fill('Return interview by the helpline');
    // A summer day (the next 15 July): the share runs to the end of it in BST, an hour before midnight UTC.
    const today = new Date().toISOString().slice(0, 10);
    const summer = `${Number(today.slice(0, 4)) + (today.slice(5) >= '07-14' ? 1 : 0)}-07-15`;
    await page.getByLabel('Share ends on').fill(summer);
    await page.getByRole('button', { name: 'Share the case' }).click();
    await page.getByText('Case shared.').waitFor();
    const { rows: shares } = await world.db.query<{ ends_at: Date }>(`SELECT ends_at FROM case_shares WHERE case_id = $1`, [record.id]);
    assert.equal(shares[0]!.ends_at.toISOString(), `${summer}T22:59:59.999Z`);
    await page.getByRole('button', { name: 'Stop sharing with Runaway Helpline' }).waitFor();
    await page.getByRole('button', { name: 'Show the audit trail' }).click();
    const trail = page.getByRole('region', { name: 'Audit trail' });
    await trail.getByText('Case shared').waitFor();
    const text = await trail.innerText();
    assert.match(text, /Case recorded/);
    assert.match(text, /Case viewed/);
    await assertAccessible(page, 'case page with audit trail');
    await page.getByRole('button', { name: 'Stop sharing with Runaway Helpline' }).click();
    await page.getByText('Sharing stopped.').waitFor();
    await assertGone(page.getByRole('button', { name: 'Stop sharing with Runaway Helpline' }));

    // An administrator reads the trail of a case in their area without reading the child's record.
    const admin = await openPage(world);
    await signInToConsole(admin, world, 'force-a/administrator');
    await admin.goto(`${world.baseUrl}/console/cases/${record.id}`);
    await heading(admin, 'This case cannot be shown');
    assert.doesNotMatch(await admin.locator('main').innerText(), /Elin/);
    await admin.getByRole('button', { name: 'Show the audit trail' }).click();
    await admin.getByRole('region', { name: 'Audit trail' }).getByText('Sharing stopped').waitFor();
    await assertAccessible(admin, 'audit trail for an administrator');
  });

  it('works from the keyboard alone: forms take focus when opened and give it back when closed', async () => {
    const record = await recordCase(world, { child: child('Gethin', 'Keys') });
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/cases/${record.id}`);
    await heading(page, 'Gethin Keys');
    const focused = () => page.evaluate(() => `${document.activeElement?.tagName} ${document.activeElement?.textContent ?? ''}`.trim());
    await page.getByRole('button', { name: 'Record answers' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await focused(), 'H3 Record answers');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => (document.activeElement as HTMLElement).id), 'field-body-answers-0-source');
    await page.keyboard.type('Foster carer');
    // The first question's radio group: arrow keys move between answers.
    const firstYes = page
      .getByRole('group', { name: 'Is the person reporting worried for a specific reason?' })
      .getByLabel('Yes', { exact: true });
    await firstYes.focus();
    await page.keyboard.press('Space');
    assert.ok(await firstYes.isChecked());
    await page.getByRole('button', { name: /Save answers/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(/source: Foster carer/).waitFor();
    assert.equal(await focused(), 'BUTTON Record answers', 'focus returns to the button that opened the form');
  });

  it('reads at 320 px wide and in Arabic, right to left', async () => {
    const record = await recordCase(world, { child: child('Fatima', 'Narrow') });
    const page = await openPage(world, { width: 320, height: 800 });
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/cases`);
    await heading(page, 'Cases');
    assert.equal(await scrollsSideways(page), false, 'case list at 320 px');
    await page.goto(`${world.baseUrl}/console/cases/${record.id}`);
    await heading(page, 'Fatima Narrow');
    assert.equal(await scrollsSideways(page), false, 'case page at 320 px');
    await page.getByRole('button', { name: 'Record answers' }).click();
    assert.equal(await scrollsSideways(page), false, 'risk answers at 320 px');
    await screenshot(page, 'case-page-320');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.getByRole('heading', { level: 2, name: 'تقييم الخطورة' }).waitFor();
    assert.equal(await scrollsSideways(page), false, 'case page in Arabic at 320 px');
    await assertAccessible(page, 'case page in Arabic at 320 px');
    await screenshot(page, 'case-page-ar-320');
    await page.goto(`${world.baseUrl}/console/cases?record=new`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.equal(await scrollsSideways(page), false, 'new case form in Arabic at 320 px');
    await assertAccessible(page, 'new case form in Arabic at 320 px');
    await screenshot(page, 'case-new-ar-320');
  });
});
