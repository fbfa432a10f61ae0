// Benchmark: what each public page costs a parent on a cheap phone. Every public page of a fresh demo
// install is loaded in Debian's Chromium under Lighthouse's mobile conditions (150 ms round trip,
// 1.6 Mbit/s down, 750 kbit/s up, CPU slowed 4×), with a cold cache; for each: bytes of JavaScript, CSS,
// HTML and images, and the first contentful paint. In the same run, the floor: a one-line HTML page
// from a bare node:http server under the same conditions (no page can paint sooner than that).
// Run: node --import tsx bench/page-weight.ts [runs=3]
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../test/support/browser.ts';
import { waitFor } from './support.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const runs = Number(process.argv[2] ?? 3);

interface Measure {
  fcpMs: number;
  bytes: Record<'script' | 'stylesheet' | 'document' | 'image' | 'other', number>;
}

async function measure(browser: Browser, url: string): Promise<Measure> {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, deviceScaleFactor: 2 });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  const bytes: Measure['bytes'] = { script: 0, stylesheet: 0, document: 0, image: 0, other: 0 };
  const types = new Map<string, keyof Measure['bytes']>();
  cdp.on('Network.responseReceived', (event: { requestId: string; type: string }) => {
    const type = event.type.toLowerCase();
    types.set(event.requestId, (['script', 'stylesheet', 'document', 'image'].includes(type) ? type : 'other') as keyof Measure['bytes']);
  });
  cdp.on('Network.loadingFinished', (event: { requestId: string; encodedDataLength: number }) => {
    bytes[types.get(event.requestId) ?? 'other'] += event.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  await page.waitForTimeout(300);
  const fcpMs = await page.evaluate(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN);
  await context.close();
  return { fcpMs, bytes };
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-bench-'));
const app = spawn(process.execPath, [path.join(ROOT, 'bin/forgetmenot.js'), 'serve'], {
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    DISPATCH_WORKERS: 'in-process',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const floor = http.createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  res.end('<!doctype html><html lang="en"><title>floor</title><p>Missing child</p></html>');
});
let browser: Browser | undefined;
try {
  const port = Number((await waitFor(app, /API: +http:\/\/localhost:(\d+)\/[\s\S]*Press Ctrl\+C/))[1]);
  const base = `http://127.0.0.1:${port}`;
  await new Promise<void>((resolve) => floor.listen(0, '127.0.0.1', resolve));
  const floorUrl = `http://127.0.0.1:${(floor.address() as { port: number }).port}/`;
  const list = await (await fetch(`${base}/appeals`)).text();
  const slug = /href="\/appeals\/([0-9a-z-]+)"/.exec(list)?.[1];
  const pages: [string, string][] = [
    ['floor: one-line page from bare node:http', floorUrl],
    ['home', `${base}/`],
    ['gallery', `${base}/appeals`],
    ...(slug
      ? ([
          ['appeal page', `${base}/appeals/${slug}`],
          ['appeal page, Arabic', `${base}/appeals/${slug}?lang=ar`],
          ['sighting form', `${base}/appeals/${slug}/sighting`],
        ] as [string, string][])
      : []),
    ['report form', `${base}/report`],
    ['alert sign-up', `${base}/alerts/sign-up`],
    ['support: running away', `${base}/support/running-away`],
    ['support: families', `${base}/support/families`],
  ];
  browser = await launchBrowser();
  const rows: string[] = [];
  for (const [name, url] of pages) {
    const results: Measure[] = [];
    for (let i = 0; i < runs; i++) results.push(await measure(browser, url));
    const b = results[0]!.bytes;
    const status = (await fetch(url)).status;
    rows.push(
      `| ${name} | ${status} | ${kb(b.script)} | ${kb(b.stylesheet)} | ${kb(b.document)} | ${kb(b.image)} | ${median(results.map((r) => r.fcpMs)).toFixed(0)} ms |`,
    );
  }
  console.log(
    `Chromium, 360×740 at 2×, 150 ms RTT, 1.6 Mbit/s, CPU 4× slower, cold cache; median first contentful paint of ${runs} loads.\n`,
  );
  console.log('| page | status | JavaScript | CSS | HTML | images | first contentful paint |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
} finally {
  await browser?.close();
  floor.close();
  app.kill('SIGTERM');
  await new Promise((resolve) => app.once('exit', resolve));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
