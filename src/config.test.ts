import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from './config.ts';

describe('configuration', () => {
  it('has working defaults', () => {
    const config = loadConfig({});
    assert.equal(config.port, 8080);
    assert.equal(config.databaseUrl, undefined);
    assert.match(config.dataDir, /data$/);
    assert.equal(config.publicUrl, 'http://localhost:8080');
    assert.equal(config.logLevel, 'info');
  });

  for (const [variable, value] of [
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://localhost/db'],
    ['DATABASE_URL', 'not a url'],
    ['PUBLIC_URL', 'ftp://example.org'],
    ['LOG_LEVEL', 'loud'],
    ['SESSION_IDLE_MINUTES', '0'],
    ['DEMO_DATA', 'sometimes'],
    ['TRUST_PROXY_HOPS', '-1'],
    ['MAP_TILE_URL', 'https://tiles.example.org/tile.png'],
    ['MAP_TILE_URL', 'file:///{z}/{x}/{y}.png'],
  ]) {
    it(`stops on ${variable}=${value} with a message naming the variable`, () => {
      assert.throws(
        () => loadConfig({ [variable!]: value }),
        (error: unknown) => error instanceof ConfigError && error.variable === variable && error.message.startsWith(`${variable}:`),
      );
    });
  }

  it('accepts PostgreSQL URLs and trims the public URL', () => {
    const config = loadConfig({ DATABASE_URL: 'postgresql://u:p@db:5432/fmn', PUBLIC_URL: 'https://missing.example.org/', PORT: '9000' });
    assert.equal(config.databaseUrl, 'postgresql://u:p@db:5432/fmn');
    assert.equal(config.publicUrl, 'https://missing.example.org');
    assert.equal(config.port, 9000);
  });

  it('takes a map tile URL with its placeholders, and none by default', () => {
    assert.equal(loadConfig({}).mapTileUrl, undefined);
    const config = loadConfig({ MAP_TILE_URL: 'https://tiles.example.org/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© Example' });
    assert.equal(config.mapTileUrl, 'https://tiles.example.org/{z}/{x}/{y}.png');
    assert.equal(config.mapTileAttribution, '© Example');
  });
});
