// Benchmark: requests per second of an active appeal page, against a bare node:http server returning
// the same bytes, side by side in one run (the ratio is what to read: these machines are shared).
// Run: node --import tsx bench/appeal-page.ts [seconds=10] [connections=50]
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { waitFor } from './support.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const seconds = Number(process.argv[2] ?? 10);
const connections = Number(process.argv[3] ?? 50);

async function load(url: string) {
  const result = await autocannon({ url, connections, duration: seconds, pipelining: 1 });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.errors + result.non2xx };
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-bench-'));
const app = spawn(process.execPath, [path.join(ROOT, 'bin/forgetmenot.js'), 'serve'], {
  env: { ...process.env, DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '' },
  stdio: ['ignore', 'pipe', 'pipe'],
});
let bare: ChildProcess | undefined;
try {
  const port = Number((await waitFor(app, /API: +http:\/\/localhost:(\d+)\/[\s\S]*Press Ctrl\+C/))[1]);
  const base = `http://127.0.0.1:${port}`;
  const list = await (await fetch(`${base}/appeals`)).text();
  const slug = /href="\/appeals\/([0-9a-z-]+)"/.exec(list)![1]!;
  const pageUrl = `${base}/appeals/${slug}`;
  const page = await fetch(pageUrl);
  const body = Buffer.from(await page.arrayBuffer());
  const bodyFile = path.join(dataDir, 'page.html');
  fs.writeFileSync(bodyFile, body);

  // The reference: the same bytes and headers from node:http, nothing else.
  bare = spawn(
    process.execPath,
    [
      '-e',
      `const http = require('node:http'); const body = require('node:fs').readFileSync(${JSON.stringify(bodyFile)});
       const headers = { 'content-type': 'text/html; charset=utf-8', 'cache-control': ${JSON.stringify(page.headers.get('cache-control'))}, etag: ${JSON.stringify(page.headers.get('etag'))}, 'content-length': body.length };
       http.createServer((req, res) => { res.writeHead(200, headers); res.end(body); }).listen(0, '127.0.0.1', function () { console.log('port ' + this.address().port); });`,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const barePort = Number((await waitFor(bare, /port (\d+)/))[1]);
  const bareUrl = `http://127.0.0.1:${barePort}/`;

  await load(bareUrl); // warm-up of both, not counted
  await load(pageUrl);
  const bareRun = await load(bareUrl);
  const appRun = await load(pageUrl);
  const ratio = appRun.rps / bareRun.rps;
  console.log(`appeal page: ${body.length} bytes, ${seconds} s, ${connections} connections`);
  console.log(`bare node:http  ${bareRun.rps.toFixed(0)} req/s  p99 ${bareRun.p99} ms  errors ${bareRun.errors}`);
  console.log(`appeal page     ${appRun.rps.toFixed(0)} req/s  p99 ${appRun.p99} ms  errors ${appRun.errors}`);
  console.log(`ratio           ${(ratio * 100).toFixed(1)}% of bare`);
} finally {
  bare?.kill();
  app.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 500));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
