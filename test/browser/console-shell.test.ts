// The console in real Chromium: sign-in with a second factor, navigation by role, languages and
// right-to-left layout, and axe on the sign-in and home screens.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ENGINES } from '../support/databases.ts';
import { assertAccessible, browserSkip, screenshot, scrollsSideways, startBrowserWorld, type BrowserWorld } from '../support/browser.ts';
import { signInThroughConsole, signInToConsole } from '../support/console.ts';
import { PASSWORD } from '../support/app.ts';
import { ifStarted } from '../support/hooks.ts';

describe('console shell in Chromium', { skip: browserSkip }, () => {
  let world: BrowserWorld;
  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
  });
  after(async () => ifStarted(world)?.close());

  it('signs an approver in with password and code, and shows only what the role may do', async () => {
    const context = await world.newContext();
    const page = await context.newPage();
    await page.goto(`${world.baseUrl}/console/`);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await assertAccessible(page, 'sign-in');
    await signInThroughConsole(page, world, 'force-a/approver');
    const nav = page.getByRole('navigation', { name: 'Console' });
    await nav.getByRole('link', { name: 'Cases' }).waitFor();
    await nav.getByRole('link', { name: 'Approvals' }).waitFor();
    assert.equal(await nav.getByRole('link', { name: 'Users' }).count(), 0, 'an approver does not manage users');
    await assertAccessible(page, 'console home');
    await screenshot(page, 'console-home');
    // Reloading keeps the session (the cookie and the CSRF token come back from /auth/session).
    await page.reload();
    await page.getByRole('button', { name: 'Sign out' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
  });

  it('refuses a wrong password with a readable message', async () => {
    const page = await (await world.newContext()).newPage();
    await page.goto(`${world.baseUrl}/console/`);
    await page.getByLabel(/email/i).fill('investigator@force-a.test');
    await page.getByLabel(/password/i).fill(`${PASSWORD}x`);
    await page.getByRole('button', { name: /sign in/i }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    assert.match(await alert.innerText(), /wrong|incorrect|not/i);
  });

  it('switches to Arabic and lays the console out right to left, readable at 320 px', async () => {
    const context = await world.newContext({ viewport: { width: 320, height: 700 } });
    const page = await context.newPage();
    await signInToConsole(page, world, 'force-a/investigator');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    assert.equal(await page.getAttribute('html', 'lang'), 'ar');
    await page.getByRole('button', { name: 'تسجيل الخروج' }).waitFor();
    assert.equal(await scrollsSideways(page), false);
    await assertAccessible(page, 'console home in Arabic');
    await screenshot(page, 'console-home-ar-320');
  });
});
