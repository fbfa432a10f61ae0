// Signing in to the staff console in a real browser, as a test user of the test world, with a TOTP code.
import type { Page } from 'playwright-core';
import { PASSWORD } from './app.ts';
import type { BrowserWorld } from './browser.ts';
import { currentTotpCode, newTotpSecret } from '../../src/auth/totp.ts';

/** Gives the user a known TOTP secret and returns a function that makes a fresh code (never one already used). */
export async function giveSecondFactor(world: BrowserWorld, who: string): Promise<() => string> {
  const [org, role] = who.split('/');
  const secret = newTotpSecret();
  await world.db.query('UPDATE users SET totp_secret = $2, totp_enabled = true, totp_last_step = 0 WHERE lower(email) = lower($1)', [
    `${role}@${org}.test`,
    secret,
  ]);
  let lastStep = -1;
  return () => {
    // A code is accepted once per 30 s step; move the world's clock on when the same step comes round again.
    let step = Math.floor(world.clock.now().getTime() / 30_000);
    if (step <= lastStep) {
      world.clock.advance((lastStep - step + 1) * 30_000);
      step = lastStep + 1;
    }
    lastStep = step;
    return currentTotpCode(secret, world.clock.now());
  };
}

/**
 * Signs `who` ("force-a/approver") in through the console's sign-in page; ends on the console home.
 * For tests about signing in; others use `signInToConsole`, which skips the two sign-in screens.
 */
export async function signInThroughConsole(page: Page, world: BrowserWorld, who: string): Promise<() => string> {
  const [org, role] = who.split('/');
  const nextCode = await giveSecondFactor(world, who);
  await page.goto(`${world.baseUrl}/console/`);
  await page.getByLabel(/email/i).fill(`${role}@${org}.test`);
  await page.getByLabel(/password/i).fill(PASSWORD);
  await page.getByRole('button', { name: /sign in/i }).click();
  await page.getByLabel(/six-digit code/i).fill(nextCode());
  await page.getByRole('button', { name: /verify/i }).click();
  await page.getByRole('button', { name: /sign out/i }).waitFor();
  return nextCode;
}

/**
 * Signs `who` in through the API from the page's own cookie store (password, then TOTP), then opens the console home,
 * which reads the session like any reload would. Ends where `signInThroughConsole` ends, two page renders sooner.
 */
export async function signInToConsole(page: Page, world: BrowserWorld, who: string): Promise<() => string> {
  const [org, role] = who.split('/');
  const nextCode = await giveSecondFactor(world, who);
  const api = page.context().request;
  const password = await api.post(`${world.baseUrl}/api/v1/auth/sign-in`, { data: { email: `${role}@${org}.test`, password: PASSWORD } });
  if (!password.ok()) throw new Error(`sign-in of ${who} failed: ${password.status()}`);
  const { csrfToken } = (await password.json()) as { csrfToken: string };
  const code = await api.post(`${world.baseUrl}/api/v1/auth/second-factor`, {
    data: { code: nextCode() },
    headers: { 'x-csrf-token': csrfToken },
  });
  if (!code.ok()) throw new Error(`second factor of ${who} failed: ${code.status()}`);
  await page.goto(`${world.baseUrl}/console/`);
  await page.getByRole('button', { name: /sign out/i }).waitFor();
  return nextCode;
}
