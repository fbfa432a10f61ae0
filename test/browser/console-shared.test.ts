// "Shared with us" in real Chromium: a case marked sensitive and shared with a charity opens for the charity only
// after a reason is given, as the case page asks; the reason is kept with the reading in the audit trail's personal
// details. Axe on each page.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { asToken, newChildCase } from '../support/app.ts';
import { ifStarted } from '../support/hooks.ts';

describe('console shared cases in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  let caseId: string;
  let reference: string;
  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    const recorded = await asToken(world, 'force-a/investigator')(
      'POST',
      '/api/v1/cases',
      newChildCase(undefined, {
        child: { givenNames: 'Seren', familyName: 'Sensitive', dateOfBirth: '2011-02-03', sex: 'female' },
        sensitive: true,
      }),
    );
    assert.equal(recorded.statusCode, 201, recorded.body);
    ({ id: caseId, reference } = JSON.parse(recorded.body) as { id: string; reference: string });
    const shared = await asToken(world, 'force-a/approver')('POST', `/api/v1/cases/${caseId}/shares`, {
      organisationCode: 'charity',
      reason: 'Support after the return home',
      purpose: 'charity_support',
    });
    assert.ok(shared.statusCode < 300, shared.body);
  });
  after(async () => ifStarted(world)?.close());

  it('asks the receiving agency for a reason before showing a sensitive shared case, and records it', async () => {
    const page = await (await world.newContext({})).newPage();
    page.setDefaultTimeout(60_000);
    await signInToConsole(page, world, 'charity/caseworker');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Shared with us' }).click();
    await page.getByRole('heading', { level: 1, name: 'Shared with us' }).waitFor();
    await page.getByRole('link', { name: reference }).click();
    await page.getByRole('heading', { level: 1, name: 'Why do you need to open this case?' }).waitFor();
    assert.doesNotMatch(await page.locator('main').innerText(), /Seren/);
    await assertAccessible(page, 'reason for a sensitive shared case');
    assert.equal(
      await page.getByRole('link', { name: 'All shared cases' }).getAttribute('href'),
      '/console/shared',
      'back to the shared list, named so',
    );
    const reason = 'Planning the support visit (cyfarfod cymorth)';
    await page.getByLabel('Reason for access').fill(reason);
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.getByText(/Seren/).first().waitFor();
    await assertAccessible(page, 'sensitive shared case');
    const { rows } = await world.db.query<{ reason: string }>(
      `SELECT p.reason FROM audit_log a JOIN audit_personal p ON p.id = a.personal_id
        WHERE a.action = 'case.shared_viewed' AND a.subject_id = $1`,
      [caseId],
    );
    assert.deepEqual(
      rows.map((r) => r.reason),
      [reason],
    );
  });
});
