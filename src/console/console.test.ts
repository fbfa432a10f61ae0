// Serving the built console: its pages fall back to index.html under a strict policy, hashed assets are
// cached for good, a missing build says how to build it, and the map settings come from configuration.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig } from '../config.ts';
import { CONSOLE_CSP, registerConsoleRoutes } from './routes.ts';

async function appFor(distDir: string, env: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = Fastify();
  await registerConsoleRoutes(app, { config: loadConfig(env) }, distDir);
  await app.ready();
  return app;
}

describe('console files', () => {
  let dist: string;
  let app: FastifyInstance;
  before(async () => {
    dist = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-console-'));
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>console</title>');
    fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log(1)');
    fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.js.br'), zlib.brotliCompressSync('console.log(1)'));
    app = await appFor(dist, { MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png' });
  });
  after(async () => {
    await app.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('answers every console path with index.html under the console policy', async () => {
    for (const url of ['/console/', '/console/cases/123', '/console/alerts/new?case=1']) {
      const response = await app.inject(url);
      assert.equal(response.statusCode, 200, url);
      assert.match(response.body, /<title>console<\/title>/);
      assert.equal(response.headers['content-security-policy'], CONSOLE_CSP);
      assert.equal(response.headers['cache-control'], 'no-cache');
    }
    assert.equal((await app.inject('/console')).statusCode, 302);
  });

  it('serves hashed assets for a year and 404s a missing one', async () => {
    const asset = await app.inject('/console/assets/index-abc123.js');
    assert.equal(asset.statusCode, 200);
    assert.match(String(asset.headers['cache-control']), /max-age=31536000.*immutable|immutable.*max-age=31536000/);
    assert.equal((await app.inject('/console/assets/nothing.js')).statusCode, 404);
    const compressed = await app.inject({ url: '/console/assets/index-abc123.js', headers: { 'accept-encoding': 'br, gzip' } });
    assert.equal(compressed.headers['content-encoding'], 'br');
    assert.equal(zlib.brotliDecompressSync(compressed.rawPayload).toString(), 'console.log(1)');
  });

  it('gives the map settings', async () => {
    const settings = JSON.parse((await app.inject('/console/settings.json')).body);
    assert.deepEqual(settings, { mapTileUrl: 'https://tiles.example.org/{z}/{x}/{y}.png', mapTileAttribution: null });
  });

  it('says how to build the console when it has not been built', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-console-empty-'));
    const bare = await appFor(empty);
    const response = await bare.inject('/console/');
    assert.equal(response.statusCode, 503);
    assert.match(response.body, /npm run build/);
    await bare.close();
    fs.rmSync(empty, { recursive: true, force: true });
  });
});
