// Benchmark: Lighthouse's four scores (performance, accessibility, best practices, SEO) on the public pages a
// member of the public uses most, under Lighthouse's mobile preset (a mid-range phone, slow 4G, CPU slowed 4×).
// Starts `forgetmenot serve` on a fresh embedded database with the demo data, finds the demo's appeal (an
// exercise, so it is on no public list: it is reached from the Atom feed), runs Lighthouse once per page in
// Debian's Chromium, prints a table and, with --write, adds it to bench/RESULTS.md. The first row is the floor
// measured in the same run: a one-line page from a bare node:http server, so a busy machine shows as such.
// Run: node bench/lighthouse.mjs [--runs=3] [--write]
/* global fetch */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const runs = Number(process.argv.find((arg) => arg.startsWith('--runs='))?.slice('--runs='.length) ?? 3);
const write = process.argv.includes('--write');
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const TARGET = 95;

/** Resolves with the first match of `pattern` in the child's output; rejects if it exits first. */
function waitFor(child, pattern) {
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = pattern.exec(output);
      if (match) resolve(match);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => reject(new Error(`forgetmenot serve exited with ${code}: ${output}`)));
  });
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-lighthouse-'));
const app = spawn(process.execPath, [path.join(ROOT, 'bin/forgetmenot.js'), 'serve'], {
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DATABASE_URL: '',
    DEMO_DATA: 'always',
    DISPATCH_WORKERS: 'in-process',
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const floor = http.createServer((request, response) => {
  if (request.url !== '/') return response.writeHead(204).end();
  response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
  response.end(
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="description" content="The floor: the least a page can cost."><title>floor</title></head><body><p>Missing child</p></body></html>',
  );
});
let chrome;
try {
  await new Promise((resolve) => floor.listen(0, '127.0.0.1', resolve));
  const floorUrl = `http://127.0.0.1:${floor.address().port}/`;
  const port = Number((await waitFor(app, /API: +http:\/\/localhost:(\d+)\/[\s\S]*Press Ctrl\+C/))[1]);
  const base = `http://127.0.0.1:${port}`;
  // The demo's live appeal is an exercise: no public list shows it, the feed does.
  const feed = await (await fetch(`${base}/feeds/alerts.atom`)).text();
  const listed = await (await fetch(`${base}/appeals`)).text();
  const slug = /\/appeals\/([0-9]{4}-[a-z0-9]{6,20})/.exec(`${listed}\n${feed}`)?.[1];
  if (!slug) throw new Error('the demo data has no live appeal');
  const pages = [
    ['floor: one-line page, bare node:http', floorUrl],
    ['home', '/'],
    ['gallery', '/appeals'],
    ['appeal', `/appeals/${slug}`],
    ['sign-up', '/alerts/sign-up'],
    ['report', '/report'],
    ['sighting', `/appeals/${slug}/sighting`],
  ];
  chrome = await chromeLauncher.launch({
    chromePath: CHROMIUM_PATH,
    chromeFlags: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const rows = [];
  for (const [name, pagePath] of pages) {
    const scores = Object.fromEntries(CATEGORIES.map((category) => [category, []]));
    const failing = new Set();
    const blocking = [];
    const loadBefore = os.loadavg()[0];
    for (let i = 0; i < runs; i++) {
      // Lighthouse's default configuration is the mobile preset (Moto G Power, slow 4G, CPU 4× slower).
      const url = pagePath.startsWith('http') ? pagePath : `${base}${pagePath}`;
      // A trace Chromium failed to record (NO_NAVSTART on a busy machine) says nothing of the page: run it again.
      let lhr;
      for (let attempt = 1; ; attempt++) {
        lhr = (
          await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES, formFactor: 'mobile' })
        ).lhr;
        if (!lhr.runtimeError) break;
        if (attempt === 5) throw new Error(`${name}: ${lhr.runtimeError.message}`);
        console.error(`${name}: ${lhr.runtimeError.code}, running again`);
      }
      blocking.push(lhr.audits['total-blocking-time'].numericValue);
      for (const category of CATEGORIES) {
        const { score, auditRefs } = lhr.categories[category];
        scores[category].push(Math.round(score * 100));
        for (const ref of auditRefs) {
          const audit = lhr.audits[ref.id];
          if (ref.weight > 0 && audit.score !== null && audit.score < 0.9) failing.add(`${ref.id} ${Math.round(audit.score * 100)}`);
        }
      }
    }
    const figures = CATEGORIES.map((category) => median(scores[category]));
    // The one-minute load average as the page's runs began and ended: the simulated blocking time grows with it.
    const load = `${loadBefore.toFixed(1)}–${os.loadavg()[0].toFixed(1)}`;
    const tbt = `${Math.round(median(blocking))} (${blocking.map((value) => Math.round(value)).join(', ')})`;
    rows.push({
      name,
      pagePath: pagePath.startsWith('http') ? '/' : pagePath.replace(slug, ':slug'),
      figures,
      tbt,
      load,
      failing: [...failing],
      floor: pagePath === floorUrl,
    });
    console.error(
      `${name}: ${figures.join(' / ')}  TBT ${tbt} ms, load ${load}${failing.size ? `  (below 90: ${[...failing].join(', ')})` : ''}`,
    );
  }
  const table = [
    '| page | path | performance | accessibility | best practices | SEO | total blocking time, ms: median (runs) | load average |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows.map((row) => `| ${row.name} | \`${row.pagePath}\` | ${row.figures.join(' | ')} | ${row.tbt} | ${row.load} |`),
  ].join('\n');
  console.log(
    `Lighthouse ${lighthouse.version ?? '12.2.3'}, mobile preset, Chromium at ${CHROMIUM_PATH}; median of ${runs} run(s) per page.\n`,
  );
  console.log(table);
  const low = rows.filter((row) => !row.floor && row.figures.some((figure) => figure < TARGET));
  if (low.length) console.log(`\nBelow ${TARGET}: ${low.map((row) => `${row.name} (${row.failing.join(', ')})`).join('; ')}`);
  if (write) {
    const date = `${new Date().toISOString().slice(0, 16).replace('T', ' at ')} UTC`;
    const section = `
## Lighthouse on the public pages, mobile (\`bench/lighthouse.mjs\`)

\`\`\`sh
node bench/lighthouse.mjs --runs=${runs} --write
\`\`\`

Starts \`forgetmenot serve\` on a fresh embedded database with the demo data and runs Lighthouse 12.2.3 through
its Node API (chrome-launcher, Debian's Chromium, headless) with its default mobile preset: a Moto G Power
screen, slow 4G (150 ms round trip, 1.6 Mbit/s), CPU slowed 4×, every category at its default audits. The
appeal is the demo's live one, an exercise (reached from the Atom feed, as no public list shows exercises);
the sighting form is that appeal's. Median of ${runs} run(s) per page, run on ${date} on the shared two-core machine;
the last column is the one-minute load average as each page's runs began and ended.
The first row is the floor measured in the same run, a one-line page from a bare \`node:http\` server: what
the machine allows. Lighthouse simulates the slow phone by multiplying the main thread's work by four, so on
a busy machine its total blocking time (and so the performance score) moves from run to run even for that
page; the median of several runs is the figure to read.
The target is at least ${TARGET} in every category on every page.

${table}
`;
    fs.appendFileSync(path.join(ROOT, 'bench/RESULTS.md'), section);
    console.error('Added to bench/RESULTS.md');
  }
  process.exitCode = low.length ? 1 : 0;
} finally {
  await chrome?.kill();
  floor.close();
  app.kill('SIGTERM');
  await new Promise((resolve) => (app.exitCode !== null ? resolve() : app.once('exit', resolve)));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
