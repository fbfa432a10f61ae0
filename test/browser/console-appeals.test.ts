// Long-term appeals in the console, in real Chromium at 360 px: a senior officer publishes a case's appeal with the
// consent recorded, adds an age-progressed photo, records a review and withdraws it, each checked in the
// database; the national coordinator's list shows an overdue review first and the reminder waits among the
// notices; an investigator sees neither. Axe on each page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, screenshot, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { asToken, newChildCase } from '../support/app.ts';
import { ifStarted } from '../support/hooks.ts';
import { jpegWithGps, multipartPhoto } from '../support/images.ts';
import { remindDueAppealReviews } from '../../src/appeals/reminders.ts';

/** A UK calendar day `days` from now, as a date input takes it. */
const dayFromNow = (days: number) =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date(Date.now() + days * 86_400_000));

async function openPage(world: BrowserWorld): Promise<Page> {
  const page = await (await world.newContext({ viewport: { width: 360, height: 800 } })).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

async function caseWithPhoto(world: BrowserWorld, givenNames: string): Promise<string> {
  const created = await asToken(world, 'force-a/investigator')(
    'POST',
    '/api/v1/cases',
    newChildCase(undefined, {
      child: { givenNames, familyName: 'Appealtest', dateOfBirth: '2011-06-02', sex: 'female', languages: ['en'] },
      lastSeen: { at: new Date(Date.now() - 3_600_000).toISOString(), lon: -3.5, lat: 52.5, place: 'Outside the library' },
    }),
  );
  assert.equal(created.statusCode, 201, created.body);
  const { id } = JSON.parse(created.body) as { id: string };
  const form = multipartPhoto(await jpegWithGps(600, 800));
  const uploaded = await world.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${id}/photos`,
    headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}`, 'content-type': form.contentType },
    payload: form.payload,
  });
  assert.equal(uploaded.statusCode, 201, uploaded.body);
  return id;
}

describe('console long-term appeals in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  let caseId: string;
  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    caseId = await caseWithPhoto(world, 'Nadia');
  });
  after(async () => ifStarted(world)?.close());

  it('publishes with consent, adds an age-progressed photo, records a review and withdraws, each stored', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/approver');
    await page.goto(`${world.baseUrl}/console/cases/${caseId}`);
    const section = page.locator('section', { has: page.getByRole('heading', { level: 2, name: 'Long-term appeal' }) });
    await section.getByText('No long-term appeal is published for this case.').waitFor();

    // Refused first without consent: the problem names the field in words.
    await section.getByRole('button', { name: 'Publish the appeal' }).click();
    await section.getByRole('alert').filter({ hasText: 'Consent given on the basis of' }).first().waitFor();
    await assertAccessible(page, 'appeal publish form with problems');

    await section.getByLabel('Consent given on the basis of').selectOption('parent_or_guardian');
    await section.getByLabel('Consent given by').fill('Mother');
    await section.getByLabel('First review by').fill(dayFromNow(60));
    await section.getByLabel('Headline of text 1').fill('Nadia Appealtest, missing since last year');
    await section.getByLabel('Description of text 1').fill('Nadia may be in a city centre. Call 116 000 if you see her.');
    await section.getByRole('button', { name: 'Publish the appeal' }).click();
    await section.getByText('The long-term appeal is published.').waitFor();
    const published = await world.db.query<{
      id: string;
      state: string;
      consent_basis: string;
      consent_given_by: string;
      review_due_on: string;
    }>(
      `SELECT id, state, consent_basis, consent_given_by, review_due_on::text AS review_due_on FROM long_term_appeals WHERE case_id = $1`,
      [caseId],
    );
    assert.equal(published.rows.length, 1);
    const appeal = published.rows[0]!;
    assert.deepEqual(
      { state: appeal.state, basis: appeal.consent_basis, givenBy: appeal.consent_given_by, review: appeal.review_due_on },
      { state: 'published', basis: 'parent_or_guardian', givenBy: 'Mother', review: dayFromNow(60) },
    );
    assert.equal(await scrollsSideways(page), false, 'the case page reflows at 360 px');
    await assertAccessible(page, 'published appeal');

    await section.getByLabel('Photo', { exact: true }).selectOption({ index: 1 });
    await section.getByLabel('Age-progressed image').check();
    await section.getByRole('button', { name: 'Add the photo' }).click();
    await section.getByText('The photo is added to the appeal.').waitFor();
    await section.getByRole('img', { name: 'Nadia Appealtest, age-progressed image 1 of the appeal' }).waitFor();
    const photos = await world.db.query<{ kind: string }>(`SELECT kind FROM long_term_appeal_photos WHERE appeal_id = $1`, [appeal.id]);
    assert.deepEqual(
      photos.rows.map((row) => row.kind),
      ['age_progressed'],
    );
    // The element comes before its bytes: wait for the image itself to load (or fail) before judging it.
    const progressed = section.getByRole('img', { name: /age-progressed image 1/ });
    // It loads lazily: in view, as a reader would bring it.
    await progressed.scrollIntoViewIfNeeded();
    const loaded = await progressed.evaluate((img: HTMLImageElement) =>
      img.complete && img.naturalWidth > 0
        ? true
        : new Promise<boolean>((resolve) => {
            img.addEventListener('load', () => resolve(img.naturalWidth > 0), { once: true });
            img.addEventListener('error', () => resolve(false), { once: true });
          }),
    );
    assert.equal(loaded, true, 'the public copy of the photo is shown');

    await section.getByLabel('Next review by').fill(dayFromNow(120));
    await section.getByRole('button', { name: 'Record the review' }).click();
    await section.getByText('The review is recorded with its next date.').waitFor();
    const reviewed = await world.db.query<{ review_due_on: string }>(
      `SELECT review_due_on::text AS review_due_on FROM long_term_appeals WHERE id = $1`,
      [appeal.id],
    );
    assert.equal(reviewed.rows[0]!.review_due_on, dayFromNow(120));
    await assertAccessible(page, 'appeal reviewed');
    await screenshot(page, 'console-appeal-reviewed');

    await section.getByLabel('Reason').selectOption('found');
    await section.getByRole('button', { name: 'Withdraw the appeal' }).click();
    await section.getByRole('button', { name: 'Yes, withdraw it everywhere' }).click();
    await section.getByText('The appeal is withdrawn everywhere.').waitFor();
    await section.getByText('No long-term appeal is published for this case.').waitFor();
    const withdrawn = await world.db.query<{ state: string; withdrawn_reason: string; public_keys: number }>(
      `SELECT state, withdrawn_reason, (SELECT count(*)::int FROM long_term_appeal_photos p WHERE p.appeal_id = a.id AND p.public_key IS NOT NULL) AS public_keys
         FROM long_term_appeals a WHERE id = $1`,
      [appeal.id],
    );
    assert.deepEqual(withdrawn.rows[0], { state: 'withdrawn', withdrawn_reason: 'found', public_keys: 0 });
    await assertAccessible(page, 'appeal withdrawn');
  });

  it('lists an overdue review first for the national centre, with its reminder among the notices', async () => {
    const overdueCase = await caseWithPhoto(world, 'Zofia');
    const laterCase = await caseWithPhoto(world, 'Ioana');
    for (const [id, days] of [
      [laterCase, 200],
      [overdueCase, 30],
    ] as const) {
      const published = await asToken(world, 'force-a/approver')('POST', '/api/v1/long-term-appeals', {
        caseId: id,
        consent: { basis: 'local_authority', givenBy: 'Council A Children’s Services' },
        reviewDueOn: dayFromNow(days),
        country: 'GB',
        contents: [{ language: 'en', headline: 'Missing for months', description: 'Still missing.' }],
      });
      assert.equal(published.statusCode, 201, published.body);
    }
    // The review date passes: as if the appeal had been published a month before its review.
    await world.db.query(`UPDATE long_term_appeals SET review_due_on = $2::date WHERE case_id = $1`, [overdueCase, dayFromNow(-1)]);
    assert.ok((await remindDueAppealReviews(world.deps)) >= 1);

    const page = await openPage(world);
    await signInToConsole(page, world, 'national/national_coordinator');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Long-term appeals' }).click();
    await page.getByRole('heading', { level: 1, name: 'Long-term appeals' }).waitFor();
    const rows = page.getByRole('region', { name: 'Long-term appeals by review date' }).getByRole('row');
    await rows.nth(1).waitFor();
    assert.match(await rows.nth(1).innerText(), /Zofia Appealtest[\s\S]*Review overdue/);
    assert.match(await rows.nth(2).innerText(), /Ioana Appealtest[\s\S]*Published/);
    assert.equal(await scrollsSideways(page), false, 'the list reflows at 360 px');
    await assertAccessible(page, 'appeals list');
    await screenshot(page, 'console-appeals-list');

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Approvals' }).click();
    const notice = page.getByRole('listitem').filter({ hasText: 'is due for review' });
    await notice.first().waitFor();
    assert.match(await notice.first().innerText(), /Review due/);
    await assertAccessible(page, 'notices');

    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Long-term appeals' }).click();
    await page.getByRole('link', { name: 'Zofia Appealtest' }).click();
    await page.getByRole('heading', { level: 2, name: 'Long-term appeal' }).waitFor();
    await page.getByText('Review overdue').first().waitFor();
  });

  it('shows an investigator neither the appeals list nor the appeal section', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    assert.equal(await page.getByRole('link', { name: 'Long-term appeals' }).count(), 0);
    await page.goto(`${world.baseUrl}/console/cases/${caseId}`);
    await page.getByRole('heading', { level: 2, name: 'Photos' }).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Long-term appeal' }).count(), 0);
  });
});
