// Users and roles in real Chromium: an administrator of the national centre invites a person, sees the API's
// refusal of a role the organisation cannot hold by the role field, ends the wait on an account after failed
// sign-ins and sees who has a second factor; a force's administrator sees only their force; axe and 320 px in Arabic.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
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
import { giveSecondFactor, signInToConsole } from '../support/console.ts';
import { findUserByEmail } from '../../src/auth/accounts.ts';
import { ACCOUNT_FREE_FAILURES, accountsWaiting, recordSignInFailure } from '../../src/auth/backoff.ts';
import { ifStarted } from '../support/hooks.ts';

/** A fresh browser page; waits up to a minute, as the browser shares a loaded machine with other test runs. */
async function openPage(world: BrowserWorld, viewport?: { width: number; height: number }): Promise<Page> {
  const page = await (await world.newContext(viewport ? { viewport } : {})).newPage();
  page.setDefaultTimeout(60_000);
  return page;
}

describe('console users in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
  });
  after(async () => ifStarted(world)?.close());

  it('lets the national administrator invite a user, refusing a role the organisation cannot hold', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'national/administrator');
    await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Users' }).click();
    await page.getByRole('heading', { level: 1, name: 'Users and roles' }).waitFor();
    // Every organisation's accounts, with their second-factor status.
    const accounts = page.getByRole('region', { name: 'Accounts' });
    await accounts.getByRole('heading', { name: 'caseworker of council-a' }).waitFor();
    await accounts.getByRole('heading', { name: 'investigator of force-b' }).waitFor();
    const admin = accounts.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'administrator of national' }) });
    assert.match(await admin.innerText(), /Second factor set up/);
    const investigator = accounts.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'investigator of force-a' }) });
    assert.match(await investigator.innerText(), /No second factor/);
    await assertAccessible(page, 'users');

    await page.getByLabel('Full name').fill('Gwen Council');
    await page.getByLabel('Email', { exact: true }).fill('gwen@council-a.test');
    await page.getByLabel('Organisation', { exact: true }).selectOption('council-a');
    assert.match(await page.locator('#field-body-role-hint').innerText(), /can hold: Caseworker/);
    // A police role for a local authority: the API refuses it, and the form says so by the role field.
    await page.getByLabel('Role', { exact: true }).selectOption('investigator');
    assert.equal(await page.getByLabel('First password').count(), 0, 'an administrator never chooses a password');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    const problem = page.locator('#field-body-role-problem');
    await problem.waitFor();
    assert.match(await problem.innerText(), /Role: this organisation cannot hold that role/);
    assert.equal(await page.getByLabel('Role', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.equal(await page.getByLabel('Full name').inputValue(), 'Gwen Council', 'nothing typed is lost');
    await assertAccessible(page, 'add user refused');
    await screenshot(page, 'users-role-refused');

    await page.getByLabel('Role', { exact: true }).selectOption('caseworker');
    await page.getByRole('button', { name: 'Invite', exact: true }).click();
    await page.getByText('Invitation created for Gwen Council (gwen@council-a.test).').waitFor();
    const panel = page.getByRole('region', { name: 'Invitation link for Gwen Council' });
    assert.match(await panel.getByLabel('Link').inputValue(), /\/console\/set-password#[A-Za-z0-9_-]{40,}$/);
    const gwen = accounts.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Gwen Council' }) });
    await gwen.getByText('Invited, password not set yet').waitFor();
    assert.match(await gwen.innerText(), /Last sign-in: never/);
    const created = await findUserByEmail(world.db, 'gwen@council-a.test');
    assert.equal(created?.role, 'caseworker');
    await assertAccessible(page, 'invitation link');
    await screenshot(page, 'users-invited');

    // Gwen opens the link in her own browser and sets her password; the invitation is then spent.
    const code = await panel.getByLabel(/Or the code/).inputValue();
    const own = await openPage(world);
    await own.goto(`${world.baseUrl}/console/set-password#${code}`);
    await own.getByRole('heading', { level: 1, name: 'Set your password' }).waitFor();
    await assertAccessible(own, 'set password');
    await own.getByLabel('New password').fill('a passphrase only gwen knows');
    await own.getByLabel('The same password again').fill('a passphrase only gwen knows');
    await own.getByRole('button', { name: 'Set my password' }).click();
    await own.getByText('Your password is set.').waitFor();
    await screenshot(own, 'set-password-done');
    await page.reload();
    await gwen.getByText('Last sign-in: never').waitFor();
    await assertGone(gwen.getByText('Invited, password not set yet'));
  });

  it('disables and enables an account, and sends a reset link', async () => {
    const page = await openPage(world);
    await signInToConsole(page, world, 'national/administrator');
    await page.goto(`${world.baseUrl}/console/users`);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'investigator of force-b' }) });
    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Disable investigator of force-b' }).click();
    await page.getByText('investigator of force-b is disabled: their sessions ended and their API tokens were revoked.').waitFor();
    await card.getByText('Disabled', { exact: true }).waitFor();
    assert.ok((await findUserByEmail(world.db, 'investigator@force-b.test'))?.disabled_at);
    await card.getByRole('button', { name: 'Enable investigator of force-b' }).click();
    await page.getByText('investigator of force-b can sign in again.').waitFor();
    assert.equal((await findUserByEmail(world.db, 'investigator@force-b.test'))?.disabled_at, null);
    await card.getByRole('button', { name: 'Send a password reset link to investigator of force-b' }).click();
    await page.getByRole('region', { name: 'Password reset link for investigator of force-b' }).waitFor();
    await assertAccessible(page, 'reset link');
  });

  it('ends the wait on an account after failed sign-ins', async () => {
    const keys = { email: 'analyst@force-b.test', address: '10.66.0.1' };
    // Enough failures for a wait of minutes (the first waits last seconds, over before the page opens).
    for (let i = 0; i < ACCOUNT_FREE_FAILURES + 10; i++) await recordSignInFailure(world.db, keys, world.clock.now());
    const page = await openPage(world);
    await signInToConsole(page, world, 'national/administrator');
    await page.goto(`${world.baseUrl}/console/users`);
    const waiting = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'analyst of force-b' }) });
    await waiting.getByText('Sign-ins wait after failed attempts').waitFor();
    await waiting.getByRole('button', { name: 'End the wait for analyst of force-b' }).click();
    await page.getByText('analyst of force-b can sign in again at once.').waitFor();
    await page.waitForFunction(() => !document.body.innerText.includes('Sign-ins wait after failed attempts'));
    assert.equal((await accountsWaiting(world.db, [keys.email], world.clock.now())).size, 0);
  });

  it('resets a lost second factor after asking, and the account sets up a new one at its next sign-in', async () => {
    const page = await openPage(world);
    await giveSecondFactor(world, 'force-b/approver');
    await signInToConsole(page, world, 'national/administrator');
    await page.goto(`${world.baseUrl}/console/users`);
    const card = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'approver of force-b' }) });
    await card.getByText('Second factor set up').waitFor();
    const own = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'administrator of national' }) });
    assert.equal(await own.getByRole('button', { name: /Reset the second factor/ }).count(), 0, 'not one’s own');
    page.once('dialog', (dialog) => void dialog.dismiss());
    await card.getByRole('button', { name: 'Reset the second factor of approver of force-b' }).click();
    assert.equal((await findUserByEmail(world.db, 'approver@force-b.test'))?.totp_enabled, true, 'nothing happens without confirming');
    page.once('dialog', (dialog) => void dialog.accept());
    await card.getByRole('button', { name: 'Reset the second factor of approver of force-b' }).click();
    await page.getByText('The second factor of approver of force-b was reset: they set up a new one at their next sign-in.').waitFor();
    await card.getByText('Second factor required, not set up yet').waitFor();
    const after = await findUserByEmail(world.db, 'approver@force-b.test');
    assert.equal(after?.totp_enabled, false);
    assert.equal(after.totp_enrolment_required, true);
  });

  it('shows a force administrator only their own force, readable at 320 px in Arabic', async () => {
    const page = await openPage(world, { width: 320, height: 800 });
    await signInToConsole(page, world, 'force-a/administrator');
    await page.goto(`${world.baseUrl}/console/users`);
    const accounts = page.getByRole('region', { name: 'Accounts' });
    await accounts.getByRole('heading', { name: 'investigator of force-a' }).waitFor();
    await assertGone(accounts.getByRole('heading', { name: 'investigator of force-b' }));
    // Only their own organisation is offered.
    assert.deepEqual(await page.getByLabel('Organisation', { exact: true }).locator('option').allInnerTexts(), ['Force A Police']);
    assert.equal(await scrollsSideways(page), false);
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.getByRole('heading', { level: 1, name: 'المستخدمون والأدوار' }).waitFor();
    assert.equal(await scrollsSideways(page), false);
    await assertAccessible(page, 'users in Arabic at 320 px');
    await screenshot(page, 'users-ar-320');
  });
});
