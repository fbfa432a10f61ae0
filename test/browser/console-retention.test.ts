// Retention in real Chromium at 360 px: the national centre's administrator keeps one record due for review on
// a ground and lets another go (asked twice); a national coordinator finds a child by a case reference, reads
// the summary, downloads the file (sent with Cache-Control: no-store), is refused the erasure while the episode
// is open and erases the record once it is closed, with the ground and the office's reference; the database is
// checked after each step. A force officer has no Retention link, and the address says the page is not theirs.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, screenshot, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { asToken, newChildCase } from '../support/app.ts';
import { ifStarted } from '../support/hooks.ts';

const YEAR_MS = 365 * 86_400_000;
const NARROW = { width: 360, height: 800 };

async function openPage(world: BrowserWorld): Promise<Page> {
  const page = await (await world.newContext({ viewport: NARROW, acceptDownloads: true })).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

async function checkPage(page: Page, label: string): Promise<void> {
  await assertAccessible(page, label);
  await screenshot(page, `retention-${label.replaceAll(' ', '-')}`);
  assert.equal(await scrollsSideways(page), false, `${label} scrolls sideways at 360 px`);
}

/** A new case of a child with a family name of its own; closed `closedYearsAgo` years ago when given. */
async function childCase(world: BrowserWorld, familyName: string, closedYearsAgo?: number) {
  const investigator = asToken(world, 'force-a/investigator');
  const created = await investigator(
    'POST',
    '/api/v1/cases',
    newChildCase(undefined, { child: { ...newChildCase().child, givenNames: 'Tamsin', familyName } }),
  );
  assert.equal(created.statusCode, 201, created.body);
  const { id, reference } = JSON.parse(created.body) as { id: string; reference: string };
  if (closedYearsAgo !== undefined) {
    await world.db.query(`UPDATE cases SET status = 'closed', outcome = 'found_safe', closed_at = $2 WHERE id = $1`, [
      id,
      new Date(Date.now() - closedYearsAgo * YEAR_MS),
    ]);
  }
  const { rows } = await world.db.query<{ child_id: string }>('SELECT child_id::text AS child_id FROM cases WHERE id = $1', [id]);
  return { id, reference, childId: rows[0]!.child_id };
}

const childExists = async (world: BrowserWorld, childId: string) =>
  (await world.db.query('SELECT 1 FROM children WHERE id = $1', [childId])).rowCount > 0;

describe('console retention in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
  });
  after(async () => ifStarted(world)?.close());

  it('lets the national administrator keep one record due for review and let another go', async () => {
    const toKeep = await childCase(world, 'Keepwell', 8);
    const toLetGo = await childCase(world, 'Letgo', 7);
    const page = await openPage(world);
    await signInToConsole(page, world, 'national/administrator');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Retention' }).click();
    await page.getByRole('heading', { level: 1, name: 'Retention and review' }).waitFor();
    await page.getByRole('row', { name: new RegExp(toKeep.reference) }).waitFor();
    await checkPage(page, 'retention page');

    // Keep: a ground and a date are asked for, in words, before anything is sent.
    await page.getByRole('button', { name: `Decide on the record of ${toKeep.reference}` }).click();
    await page.getByRole('heading', { name: `Decision on the record of ${toKeep.reference}` }).waitFor();
    await page.getByLabel('Keep it until a date, on a recorded ground').check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByText('Ground for keeping it: choose one.').first().waitFor();
    await page.getByText('Keep until: give a date.').first().waitFor();
    await checkPage(page, 'decision with problems');
    await page.getByLabel('Ground for keeping it').selectOption('linked_investigation');
    const keepUntil = new Date(Date.now() + 2 * YEAR_MS).toISOString().slice(0, 10);
    await page.getByLabel('Keep until', { exact: true }).fill(keepUntil);
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `The record of ${toKeep.reference} is kept until` })
      .waitFor();
    assert.match(await page.getByRole('status').filter({ hasText: 'is kept until' }).innerText(), /Linked to an investigation/);
    const { rows: kept } = await world.db.query<{ ground: string; keep_until: string }>(
      `SELECT ground, keep_until::text AS keep_until FROM retention_reviews WHERE record_id = $1`,
      [toKeep.childId],
    );
    assert.deepEqual(kept, [{ ground: 'linked_investigation', keep_until: keepUntil }]);
    assert.equal(await page.getByRole('row', { name: new RegExp(toKeep.reference) }).count(), 0, 'kept: off the queue');

    // Let go: asked once more, then the whole record is erased.
    await page.getByRole('button', { name: `Decide on the record of ${toLetGo.reference}` }).click();
    await page.getByLabel('Let it go: erase the child’s whole record now').check();
    await page.getByRole('button', { name: 'Record the decision' }).click();
    await page.getByRole('alert').filter({ hasText: 'It cannot be undone' }).waitFor();
    assert.equal(await childExists(world, toLetGo.childId), true, 'nothing is erased before the second confirmation');
    await checkPage(page, 'dispose confirmation');
    await page.getByRole('button', { name: 'Erase the record' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `The record of ${toLetGo.reference} was erased.` })
      .waitFor();
    assert.equal(await childExists(world, toLetGo.childId), false);
    await page.getByText('No record is due for review.').waitFor();
    await checkPage(page, 'queue after the decisions');
  });

  it('takes a national coordinator through subject access, a download and an erasure refused while the child is missing', async () => {
    const child = await childCase(world, 'Subjectson');
    const page = await openPage(world);
    await signInToConsole(page, world, 'national/national_coordinator');
    await page.goto(`${world.baseUrl}/console/retention`);
    await page.getByRole('heading', { level: 1, name: 'Retention and review' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Subject access and erasure' }).waitFor();
    assert.equal(await page.getByRole('button', { name: /^Decide on/ }).count(), 0, 'a coordinator does not decide reviews');

    await page.getByRole('button', { name: 'Find what is held' }).click();
    await page.getByText('Case reference: fill this in.').first().waitFor();
    await page.getByLabel('Case reference').fill(child.reference);
    const exported = page.waitForResponse((response) => response.url().endsWith('/api/v1/subject-access/export'));
    await page.getByRole('button', { name: 'Find what is held' }).click();
    assert.equal((await exported).headers()['cache-control'], 'no-store');
    await page.getByRole('heading', { name: /^What is held: \d+ records$/ }).waitFor();
    assert.match(await page.getByRole('region', { name: 'Summary of what is held' }).innerText(), /given_names: Tamsin/);
    await checkPage(page, 'subject access result');

    // The same screen in Arabic, right to left: every string translated, nothing wider than the phone.
    const language = page.locator('header select');
    await language.selectOption('ar');
    await page.getByRole('heading', { level: 2, name: 'حق الاطلاع على البيانات ومحوها' }).waitFor();
    await page.getByRole('button', { name: 'نزِّل الملف (JSON)' }).waitFor();
    await checkPage(page, 'subject access in Arabic');
    await language.selectOption('en');

    const downloading = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the file (JSON)' }).click();
    const download = await downloading;
    assert.match(download.suggestedFilename(), /^subject-access-child-\d{4}-\d{2}-\d{2}\.json$/);
    const file = JSON.parse(fs.readFileSync(await download.path(), 'utf8')) as { kind: string; episodes: { reference: string }[] };
    assert.equal(file.kind, 'child');
    assert.equal(file.episodes[0]!.reference, child.reference);

    // Erasure: a ground and the office's reference, asked twice, refused while the episode is open.
    await page.getByRole('button', { name: 'Erase…' }).click();
    await page.getByText('Legal ground: choose one.').first().waitFor();
    await page.getByText('Data protection office’s reference: fill this in.').first().waitFor();
    await page.getByLabel('Legal ground').selectOption('no_longer_needed');
    await page.getByLabel('Data protection office’s reference').fill('DPO-2026-0077');
    await page.getByRole('button', { name: 'Erase…' }).click();
    await page.getByRole('alert').filter({ hasText: 'This cannot be undone' }).waitFor();
    await checkPage(page, 'erasure confirmation');
    await page.getByRole('button', { name: 'Erase permanently' }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: 'This was changed or cannot be done now' })
      .filter({ hasText: 'The child has an open missing episode' })
      .waitFor();
    assert.equal(await childExists(world, child.childId), true);
    await checkPage(page, 'erasure refused');

    const closed = await asToken(world, 'force-a/investigator')('POST', `/api/v1/cases/${child.id}/close`, {
      outcome: 'found_safe',
      notes: 'Home safe.',
    });
    assert.equal(closed.statusCode, 200, closed.body);
    await page.getByRole('button', { name: 'Erase…' }).click();
    await page.getByRole('button', { name: 'Erase permanently' }).click();
    await page.getByRole('status').filter({ hasText: 'Erased under reference DPO-2026-0077' }).waitFor();
    assert.equal(await page.getByRole('region', { name: 'Summary of what is held' }).count(), 0, 'the export is let go');
    assert.equal(await childExists(world, child.childId), false);
    assert.equal((await world.db.query('SELECT 1 FROM cases WHERE id = $1', [child.id])).rowCount, 0);
    const { rows } = await world.db.query<{ details: Record<string, unknown> }>(
      `SELECT details FROM audit_log WHERE action = 'person.erased' ORDER BY seq DESC LIMIT 1`,
    );
    assert.equal(rows[0]!.details.requestReference, 'DPO-2026-0077');
    assert.equal(rows[0]!.details.ground, 'no_longer_needed');
    assert.ok(!JSON.stringify(rows[0]!.details).includes('Subjectson'));
    await checkPage(page, 'erased');
  });

  it('gives a force officer no Retention link, and the page says it is not theirs', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'force-a/investigator');
    assert.equal(await page.getByRole('link', { name: 'Retention' }).count(), 0);
    await page.goto(`${world.baseUrl}/console/retention`);
    await page.getByText('This page is for the national centre’s data protection office').waitFor();
    assert.equal(await page.getByRole('heading', { level: 2 }).count(), 0, 'no schedule, queue or search');
    await checkPage(page, 'retention refused');
    const admin = await openPage(world);
    await signInToConsole(admin, world, 'force-a/administrator');
    assert.equal(await admin.getByRole('link', { name: 'Retention' }).count(), 0, 'the API answers the national centre only');
  });
});
