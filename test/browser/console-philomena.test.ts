// Philomena profiles in real Chromium: a force's officer opens the profile a carer has reported missing, from the
// console's navigation, and makes the case in one action; the case opens with the child from the profile and
// the profile's risk answers. A local authority's caseworker sees the reviews due. Axe on each page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInThroughConsole, signInToConsole } from '../support/console.ts';
import { asToken, FORCE_A_POINT } from '../support/app.ts';
import { ifStarted } from '../support/hooks.ts';
import { jpegWithGps } from '../support/images.ts';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

async function openPage(world: BrowserWorld): Promise<Page> {
  const page = await (await world.newContext({})).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

describe('console Philomena profiles in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  let profileId: string;
  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    const council = asToken(world, 'council-a/caseworker');
    const written = await council('POST', '/api/v1/philomena-profiles', {
      givenNames: 'Kayla',
      familyName: 'Browsertest',
      dateOfBirth: '2012-03-04',
      sex: 'female',
      associates: ['Older male known as Deano'],
      places: ['Bus station'],
      medication: 'Insulin pen',
      placement: 'Cherwell House children’s home',
      riskAnswers: [{ question: 'online_contact', answer: 'yes' }],
      nextReviewOn: today(),
      areaCode: 'area-a',
    });
    assert.equal(written.statusCode, 201, written.body);
    const { id } = JSON.parse(written.body) as { id: string };
    profileId = id;
    const reported = await council('POST', `/api/v1/philomena-profiles/${id}/missing-reports`, {
      lastSeen: { at: new Date(Date.now() - 3_600_000).toISOString(), place: 'Cherwell House, back gate', ...FORCE_A_POINT },
    });
    assert.equal(reported.statusCode, 201, reported.body);
  });
  after(async () => ifStarted(world)?.close());

  it('lets the police of the area make the case from a reported profile in one action', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Philomena profiles' }).click();
    await page.getByRole('heading', { level: 1, name: 'Philomena profiles' }).waitFor();
    assert.match(await page.getByRole('row', { name: /Kayla Browsertest/ }).innerText(), /Reported missing/);
    await assertAccessible(page, 'profiles list');

    await page.getByRole('link', { name: 'Kayla Browsertest' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profile: Kayla Browsertest' }).waitFor();
    await assertAccessible(page, 'profile page');
    await page.getByLabel('This child is not already in the register').check();
    await page.getByRole('button', { name: 'Report missing now' }).click();
    await page.waitForURL(/\/console\/cases\/[0-9a-f-]{36}$/);
    await page.getByText('Is the child looked after (in care)?').first().waitFor();
    const body = await page.locator('main').innerText();
    assert.match(body, /Kayla/);
    assert.match(body, /Cherwell House, back gate/);
    assert.match(body, /Is the child looked after \(in care\)\?/);
  });

  it('shows a local authority caseworker the reviews due, and no repeat list to a charity', async () => {
    const page = await openPage(world);
    // A partner agency's member signs in through the form here; force staff do in the shell's tests.
    await signInThroughConsole(page, world, 'council-a/caseworker');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Philomena profiles' }).click();
    await page.getByRole('button', { name: 'Show reviews due' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profiles due for review' }).waitFor();
    assert.match(await page.getByRole('row', { name: /Kayla Browsertest/ }).innerText(), /Review due/);
    await assertAccessible(page, 'reviews due');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Repeat missing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Repeat missing' }).waitFor();
    await assertAccessible(page, 'repeat list');

    const charity = await openPage(world);
    await signInToConsole(charity, world, 'charity/caseworker');
    assert.equal(await charity.getByRole('link', { name: 'Repeat missing' }).count(), 0);
    assert.equal(await charity.getByRole('link', { name: 'Philomena profiles' }).count(), 0);
  });

  it('lets the writer change the profile, refusing a stale change until the latest is loaded', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'council-a/caseworker');
    await page.goto(`${world.baseUrl}/console/philomena/${profileId}`);
    await page.getByRole('heading', { level: 1, name: 'Profile: Kayla Browsertest' }).waitFor();
    await page.getByRole('button', { name: 'Edit the profile' }).click();
    await page.getByRole('heading', { name: 'Change the profile, then save' }).waitFor();
    await assertAccessible(page, 'profile edit form');
    await page.getByLabel('Placement', { exact: true }).fill('Banbury foster placement');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Changes saved.' }).waitFor();
    assert.match(await page.locator('main').innerText(), /Banbury foster placement/);

    // A colleague changes the medication while this writer changes the hair: the writer's save is refused,
    // the edit stays, and after loading the latest both changes stand.
    await page.getByRole('button', { name: 'Edit the profile' }).click();
    await page.getByLabel('Hair').fill('Shaved at the sides');
    const council = asToken(world, 'council-a/caseworker');
    const current = JSON.parse((await council('GET', `/api/v1/philomena-profiles/${profileId}`)).body) as { version: number };
    const colleague = await council('PATCH', `/api/v1/philomena-profiles/${profileId}`, {
      version: current.version,
      medication: 'Two insulin pens',
    });
    assert.equal(colleague.statusCode, 200, colleague.body);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('alert').filter({ hasText: 'Someone else changed this profile while you were editing' }).waitFor();
    await assertAccessible(page, 'stale profile edit');
    await page.getByRole('button', { name: 'Load the latest version' }).click();
    await page.getByRole('status').filter({ hasText: 'The latest version is shown.' }).waitFor();
    assert.equal(await page.getByLabel('Hair').inputValue(), 'Shaved at the sides');
    assert.equal(await page.getByLabel('Medication', { exact: true }).inputValue(), 'Two insulin pens');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Changes saved.' }).waitFor();
    const saved = JSON.parse((await council('GET', `/api/v1/philomena-profiles/${profileId}`)).body) as {
      hairColour: string;
      medication: string;
    };
    assert.equal(saved.hairColour, 'Shaved at the sides');
    assert.equal(saved.medication, 'Two insulin pens');
    const { rows } = await world.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE subject_id = $1 AND action = 'philomena.updated'`,
      [profileId],
    );
    assert.ok(rows[0]!.n >= 3, 'each change is audited');
  });

  it('lets a writer write a profile and add a dated photo, which the police of the area then see', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'council-a/caseworker');
    await page.goto(`${world.baseUrl}/console/philomena/new`);
    await page.getByRole('heading', { level: 1, name: 'Write a Philomena profile' }).waitFor();
    await page.getByLabel('Given names').fill('Mia');
    await page.getByLabel('Family name').fill('Photographed');
    await page.getByLabel('Date of birth').fill('2013-05-06');
    await page.getByLabel('Sex', { exact: true }).selectOption('female');
    await page.getByLabel('Places frequented').fill('Skate park\nLibrary');
    assert.equal(await page.getByLabel('Police force area').inputValue(), 'area-a', 'the only area is chosen');
    await page.getByLabel('Police force area').selectOption('area-a');
    await page.getByLabel('Review the photos by').fill('2027-06-01');
    await page.getByLabel('Next review date').fill('2027-03-01');
    await assertAccessible(page, 'new profile form');
    await page.getByRole('button', { name: 'Save the profile' }).click();
    await page.getByRole('heading', { level: 1, name: 'Profile: Mia Photographed' }).waitFor();
    const url = page.url();
    assert.match(await page.locator('main').innerText(), /Skate park/);

    await page
      .locator('#profile-photo-file')
      .setInputFiles({ name: 'mia.jpg', mimeType: 'image/jpeg', buffer: await jpegWithGps(300, 400) });
    await page.getByLabel('Date taken (if known)').fill('2026-10-01');
    await page.getByLabel('Caption (optional)').fill('Mia in her school uniform');
    await page.getByRole('button', { name: 'Add the photo' }).click();
    await page.getByRole('status').filter({ hasText: 'Photo added.' }).waitFor();
    await page.getByRole('img', { name: 'Mia in her school uniform' }).waitFor();
    const photos = await page.getByRole('region', { name: 'Recent photos' }).innerText();
    assert.match(photos, /Taken 1 Oct(ober)? 2026/);
    assert.match(photos, /1 Jun(e)? 2027/);
    await assertAccessible(page, 'profile with a photo');

    const police = await openPage(world);
    await signInToConsole(police, world, 'force-a/investigator');
    await police.goto(url);
    await police.getByRole('heading', { level: 1, name: 'Profile: Mia Photographed' }).waitFor();
    await police.getByRole('img', { name: 'Mia in her school uniform' }).waitFor();
    assert.equal(await police.getByRole('button', { name: 'Add the photo' }).count(), 0);
    assert.equal(await police.getByRole('button', { name: 'Edit the profile' }).count(), 0);
  });

  it('lets the writer share a profile with a charity, which reads only the shared fields, and the police see it in the register', async () =>
    shareProfileJourney(world));
});

/** A writer shares a profile from its page; the charity reads only the shared fields; the police see it all in the register. */
async function shareProfileJourney(world: BrowserWorld): Promise<void> {
  const care = asToken(world, 'council-a/caseworker');
  const written = await care('POST', '/api/v1/philomena-profiles', {
    givenNames: 'Nia',
    familyName: 'Sharedwith',
    dateOfBirth: '2012-08-09',
    sex: 'female',
    medication: 'Sertraline',
    previousEpisodes: 'Missing twice last spring',
    nextReviewOn: '2027-03-01',
    areaCode: 'area-a',
  });
  assert.equal(written.statusCode, 201, written.body);
  const { id } = JSON.parse(written.body) as { id: string };

  const page = await openPage(world);
  await signInToConsole(page, world, 'council-a/caseworker');
  await page.goto(`${world.baseUrl}/console/philomena/${id}`);
  await page.getByRole('heading', { level: 1, name: 'Profile: Nia Sharedwith' }).waitFor();
  await page.getByLabel('Organisation').selectOption('charity');
  await page.getByLabel('Purpose').selectOption('charity_support');
  await page.getByLabel('Reason for sharing').fill('Support work with the helpline');
  await assertAccessible(page, 'profile share form');
  await page.getByRole('button', { name: 'Share the profile' }).click();
  await page.getByRole('status').filter({ hasText: 'Profile shared.' }).waitFor();
  await page.getByRole('button', { name: 'Stop sharing with Runaway Helpline' }).waitFor();

  const charity = await openPage(world);
  await signInToConsole(charity, world, 'charity/caseworker');
  await charity.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Shared with us' }).click();
  await charity.getByRole('heading', { name: 'Philomena profiles shared with us' }).waitFor();
  await assertAccessible(charity, 'shared with us, with a profile');
  await charity.getByRole('link', { name: 'Nia Sharedwith' }).click();
  await charity.getByRole('heading', { level: 1, name: 'Shared profile: Nia Sharedwith' }).waitFor();
  const text = await charity.locator('main').innerText();
  assert.match(text, /Missing twice last spring/);
  assert.doesNotMatch(text, /Sertraline/, 'medication is not shared');
  await assertAccessible(charity, 'shared profile');
  // The charity adds what it knows; the writer sees it on the profile with its source.
  await charity.getByLabel('About').selectOption('whereabouts');
  await charity.getByRole('textbox', { name: 'What you know' }).fill('Seen at the skate park on Friday nights');
  await charity.getByRole('button', { name: 'Add it' }).click();
  await charity.getByRole('heading', { name: 'What you added' }).waitFor();
  await assertAccessible(charity, 'shared profile with an addition');
  await page.reload();
  const added = page.locator('section', { has: page.getByRole('heading', { name: 'What other agencies added' }) });
  await added.getByText('Seen at the skate park on Friday nights').waitFor();
  assert.match(await added.innerText(), /Runaway Helpline/);

  const police = await openPage(world);
  await signInToConsole(police, world, 'force-a/approver');
  await police.goto(`${world.baseUrl}/console/disclosures`);
  await police.getByLabel('Agency (code)').fill('charity');
  await police.getByRole('button', { name: 'Show' }).click();
  await police.getByRole('link', { name: 'Philomena profile' }).first().waitFor();
  assert.match(await police.locator('main').innerText(), /philomena\.shared_viewed/);
  await assertAccessible(police, 'register with profile entries');
}
