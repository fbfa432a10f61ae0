// What every response carries and how it travels: security headers on pages, API answers, files, 401s,
// 404s and Fastify's own refusals (400, 413, 414), HSTS when the site is on https; compression of pages,
// JSON and scripts that keeps ETag revalidation working and leaves precompressed files alone; the icon.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { TEST_ENGINES } from '../../test/support/databases.ts';
import { startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { CONSOLE_DIST } from '../console/build.ts';
import { PUBLIC_CSP } from '../public-site/routes.ts';

const SECURITY_HEADERS = [
  'x-content-type-options',
  'referrer-policy',
  'x-frame-options',
  'content-security-policy',
  'cross-origin-opener-policy',
  'permissions-policy',
];

describe('security headers on every response', () => {
  let world: TestWorld;
  let token: string;
  before(async () => {
    world = await startTestWorld(TEST_ENGINES[0]!, {
      users: { 'force-a': ['investigator'] },
      config: { publicUrl: 'https://alerts.example.org' },
    });
    token = world.tokens['force-a/investigator']!;
  });
  after(() => world.close());

  it('on answers, refusals and Fastify’s own errors, with HSTS on https', async () => {
    const auth = { authorization: `Bearer ${token}` };
    const requests: Array<[number, InjectOptions & { url: string }]> = [
      [200, { method: 'GET', url: '/healthz' }],
      [401, { method: 'GET', url: '/api/v1/cases' }],
      [404, { method: 'GET', url: '/no/such/page' }],
      [405, { method: 'DELETE', url: '/healthz' }],
      [400, { method: 'POST', url: '/api/v1/cases', headers: { ...auth, 'content-type': 'application/json' }, payload: '{"child":' }],
      [
        413,
        {
          method: 'POST',
          url: '/api/v1/cases',
          headers: { ...auth, 'content-type': 'application/json' },
          payload: JSON.stringify({ a: 'x'.repeat(1_100_000) }),
        },
      ],
      [414, { method: 'GET', url: `/api/v1/cases/${'x'.repeat(300)}`, headers: auth }],
      [400, { method: 'GET', url: '/api/v1/cases/%E0%A4%A' }],
      [200, { method: 'GET', url: '/appeals' }],
    ];
    for (const [status, request] of requests) {
      const response = await world.app.inject(request);
      assert.equal(response.statusCode, status, `${request.method} ${request.url.slice(0, 40)}: ${response.body.slice(0, 200)}`);
      for (const header of [...SECURITY_HEADERS, 'strict-transport-security']) {
        assert.ok(response.headers[header], `${status} ${request.url.slice(0, 40)} lacks ${header}`);
      }
      assert.equal(response.headers['strict-transport-security'], 'max-age=31536000');
      assert.equal(response.headers['x-frame-options'], 'DENY');
    }
    // A page keeps its own policy; answers without one get the closed default.
    const page = await world.app.inject({ method: 'GET', url: '/appeals' });
    assert.equal(page.headers['content-security-policy'], PUBLIC_CSP);
    const json = await world.app.inject({ method: 'GET', url: '/healthz' });
    assert.match(String(json.headers['content-security-policy']), /default-src 'none'.*frame-ancestors 'none'/);
  });

  it('no HSTS when the site is on plain http', async () => {
    const plain = await startTestWorld(TEST_ENGINES[0]!, { users: {} });
    try {
      const response = await plain.app.inject({ method: 'GET', url: '/healthz' });
      assert.equal(response.headers['strict-transport-security'], undefined);
      assert.equal(response.headers['x-content-type-options'], 'nosniff');
    } finally {
      await plain.close();
    }
  });
});

describe('compression and the icon', () => {
  let world: TestWorld;
  let slug: string;
  let alertId: string;
  before(async () => {
    world = await startTestWorld(TEST_ENGINES[0]!, { users: { 'force-a': ['investigator', 'approver'] } });
    ({ slug, alertId } = await approvedAlert(world));
  });
  after(() => world.close());

  it('compresses pages, JSON, feeds and scripts with brotli or gzip, and 304 still works', async () => {
    const plain = await world.app.inject({ method: 'GET', url: `/appeals/${slug}` });
    assert.equal(plain.statusCode, 200);
    assert.equal(plain.headers['content-encoding'], undefined);

    const br = await world.app.inject({ method: 'GET', url: `/appeals/${slug}`, headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(br.headers['content-encoding'], 'br');
    assert.match(String(br.headers.vary), /Accept-Encoding/i);
    assert.equal(brotliDecompressSync(br.rawPayload).toString('utf8'), plain.body);
    assert.ok(br.rawPayload.length < plain.rawPayload.length / 2, `${br.rawPayload.length} of ${plain.rawPayload.length} bytes`);

    const gzip = await world.app.inject({ method: 'GET', url: `/appeals/${slug}`, headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gzip.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gzip.rawPayload).toString('utf8'), plain.body);

    // The same ETag whatever the encoding, and revalidation answers 304 without a body.
    assert.equal(br.headers.etag, plain.headers.etag);
    const revalidated = await world.app.inject({
      method: 'GET',
      url: `/appeals/${slug}`,
      headers: { 'accept-encoding': 'br', 'if-none-match': String(br.headers.etag) },
    });
    assert.equal(revalidated.statusCode, 304);
    assert.equal(revalidated.rawPayload.length, 0);

    for (const url of ['/api/v1/openapi.json', '/widget.js', '/feeds/alerts.atom', `/alerts/${alertId}/cap.xml`]) {
      const response = await world.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip' } });
      assert.equal(response.statusCode, 200, url);
      assert.equal(response.headers['content-encoding'], 'gzip', `${url} (${String(response.headers['content-type'])})`);
    }

    // Measured on the appeal page (the page a surge hits): what compressing costs per request.
    const timeOf = async (headers: Record<string, string>) => {
      const started = performance.now();
      for (let index = 0; index < 100; index++) await world.app.inject({ method: 'GET', url: `/appeals/${slug}`, headers });
      return (performance.now() - started) / 100;
    };
    const identityMs = await timeOf({});
    const brotliMs = await timeOf({ 'accept-encoding': 'br' });
    console.log(
      `appeal page: ${plain.rawPayload.length} bytes in ${identityMs.toFixed(2)} ms, brotli ${br.rawPayload.length} bytes in ${brotliMs.toFixed(2)} ms`,
    );
  });

  it('sends the console’s precompressed files as they are', async (t) => {
    const assets = path.join(CONSOLE_DIST, 'assets');
    const script = fs.existsSync(assets)
      ? fs.readdirSync(assets).find((file) => file.endsWith('.js') && fs.existsSync(path.join(assets, `${file}.br`)))
      : undefined;
    if (!script) return t.skip('the console is not built');
    const response = await world.app.inject({ method: 'GET', url: `/console/assets/${script}`, headers: { 'accept-encoding': 'br' } });
    assert.equal(response.statusCode, 200);
    assert.equal(response.headers['content-encoding'], 'br');
    assert.deepEqual(response.rawPayload, fs.readFileSync(path.join(assets, `${script}.br`)));
  });

  it('has an icon, linked from public pages', async () => {
    const ico = await world.app.inject({ method: 'GET', url: '/favicon.ico' });
    assert.equal(ico.statusCode, 200);
    assert.equal(ico.headers['content-type'], 'image/x-icon');
    assert.deepEqual([...ico.rawPayload.subarray(0, 4)], [0, 0, 1, 0]);
    const count = ico.rawPayload.readUInt16LE(4);
    assert.ok(count >= 2);
    // Each image is a PNG where the directory says it is.
    for (let index = 0; index < count; index++) {
      const offset = ico.rawPayload.readUInt32LE(6 + 16 * index + 12);
      assert.equal(ico.rawPayload.subarray(offset + 1, offset + 4).toString('latin1'), 'PNG');
    }
    const svg = await world.app.inject({ method: 'GET', url: '/favicon.svg' });
    assert.match(String(svg.headers['content-type']), /^image\/svg\+xml/);
    assert.match(svg.body, /^<svg /);
    const page = await world.app.inject({ method: 'GET', url: `/appeals/${slug}` });
    assert.match(page.body, /<link rel="icon" href="\/favicon.svg"/);
  });
});
