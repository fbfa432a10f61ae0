// Real Chromium (Debian's /usr/bin/chromium, driven by playwright-core; never a downloaded browser) against
// the real server listening on loopback, with axe-core for WCAG checks and screenshots kept as artefacts.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import type { TestEngine } from './databases.ts';
import { liveClock, startTestWorld, type TestWorld } from './app.ts';
import type { Role } from '../../src/auth/roles.ts';
import { ensureConsoleBuilt } from '../../src/console/build.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** A reason to skip browser tests, or false. CI installs Chromium, so there they always run. */
export const browserSkip: string | false = fs.existsSync(CHROMIUM_PATH)
  ? false
  : `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium; browser tests skipped)`;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Screenshots of each step, for people to look at (with TEST_SCREENSHOTS=1); not committed. */
export const ARTEFACTS_DIR = path.join(root, 'test-artefacts');

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Without the background-networking flags Chromium tries to reach Google's hosts at every start.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export interface BrowserWorld extends TestWorld {
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  browser: Browser;
  /** A fresh context (cookies, storage) with the given options; closed with the world. */
  newContext(options?: Parameters<Browser['newContext']>[0]): Promise<BrowserContext>;
}

/**
 * A test world (fresh database, every role) whose app listens on a loopback port, and a browser.
 * test/run.mjs builds the console before any test runs; a file run alone builds it here when web/ has changed.
 */
export async function startBrowserWorld(
  engine: TestEngine,
  options: { users?: Partial<Record<string, Role[]>> } = {},
): Promise<BrowserWorld> {
  await ensureConsoleBuilt((message) => process.stderr.write(`${message}\n`));
  // Real time: the browser drops session cookies that expired by its own clock.
  const world = await startTestWorld(engine, { ...options, clock: liveClock() });
  await world.app.listen({ host: '127.0.0.1', port: 0 });
  const address = world.app.server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await launchBrowser();
  const contexts: BrowserContext[] = [];
  return {
    ...world,
    baseUrl,
    browser,
    async newContext(contextOptions) {
      // bypassCSP lets axe-core be injected into pages whose policy forbids inline scripts.
      const context = await browser.newContext({ bypassCSP: true, ...contextOptions });
      // Test files run two at a time on shared cores: patience rather than flaky waits.
      context.setDefaultTimeout(60_000);
      contexts.push(context);
      return context;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await world.close();
    },
  };
}

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

/** WCAG 2.0/2.1/2.2 A and AA rules on the page as it is now. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  // The console moves between screens without loading a page, so axe is often still there from the last check.
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.addScriptTag({ content: axeSource });
  return page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (ctx: unknown, opts: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 200) })),
    }));
  });
}

/** Throws with a readable list when axe finds anything. */
export async function assertAccessible(page: Page, label: string): Promise<void> {
  const violations = await axeViolations(page);
  if (violations.length > 0) {
    const lines = violations.map(
      (v) =>
        `- ${v.id} (${v.impact}): ${v.help}\n    ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')} ${n.html}`)
          .join('\n    ')}`,
    );
    throw new Error(`axe found ${violations.length} violation(s) on ${label}:\n${lines.join('\n')}`);
  }
}

/** True when the page scrolls sideways: text at 320 px must reflow (WCAG 1.4.10). */
export async function scrollsSideways(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1);
}

/** Bytes of JavaScript the page downloaded (transfer size of every script response). */
export async function javascriptBytes(page: Page, url: string): Promise<number> {
  let bytes = 0;
  const onResponse = async (response: import('playwright-core').Response) => {
    const type = response.headers()['content-type'] ?? '';
    if (response.request().resourceType() === 'script' || type.includes('javascript')) {
      bytes += (await response.body().catch(() => Buffer.alloc(0))).length;
    }
  };
  page.on('response', onResponse);
  await page.goto(url, { waitUntil: 'networkidle' });
  page.off('response', onResponse);
  return bytes;
}

/**
 * A full-page screenshot of the step for people to look at, taken only when TEST_SCREENSHOTS is set: no test
 * reads it back, and each one costs the browser a full layout and paint (half a second under load).
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (!process.env.TEST_SCREENSHOTS) return;
  fs.mkdirSync(ARTEFACTS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(ARTEFACTS_DIR, `${name}.png`), fullPage: true });
}

/**
 * Resolves once the page has opened an event stream whose address contains `path` (its response has begun):
 * from then on the server sends the page what changes. Start waiting before the page opens it.
 */
export async function eventStreamOpened(page: Page, path: string): Promise<void> {
  await page.waitForResponse(
    (response) => response.url().includes(path) && (response.headers()['content-type'] ?? '').startsWith('text/event-stream'),
  );
}

/**
 * Waits until nothing matches: a list that is replaced after a search or a
 * filter can still show its old rows for a moment, so a bare count races it.
 */
export async function assertGone(locator: Locator, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let count = await locator.count();
  while (count > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    count = await locator.count();
  }
  if (count > 0) throw new Error(`expected nothing to match ${String(locator)}, found ${count}`);
}
