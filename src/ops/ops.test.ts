// Readiness answers within 2 s when the database does not (every connection held by transactions that
// do not finish), and /metrics can be taken off the public port (METRICS_PORT) or put behind a token
// (METRICS_TOKEN).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { TEST_ENGINES } from '../../test/support/databases.ts';
import { startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { loadConfig } from '../config.ts';
import { buildMetricsApp } from './metrics-app.ts';

for (const engine of TEST_ENGINES) {
  describe(`readiness (${engine.name})`, { skip: engine.skip }, () => {
    let world: TestWorld;
    before(async () => {
      world = await startTestWorld(engine, { users: {} });
    });
    after(() => world.close());

    it('answers 503 within 2 s while the database does not answer, and 200 once it does', async () => {
      assert.equal((await world.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
      // Every connection of the pool (five in the tests; the embedded database has one) held open.
      let release!: () => void;
      const held = new Promise<void>((resolve) => (release = resolve));
      const blockers = Array.from({ length: 5 }, () => world.db.transaction(() => held));
      await new Promise((resolve) => setTimeout(resolve, 100));
      // Never wait on the old behaviour for ever: the database comes back after 4 s in any case.
      const safety = setTimeout(release, 4000);
      try {
        const started = performance.now();
        const [first, second] = await Promise.all([
          world.app.inject({ method: 'GET', url: '/readyz' }),
          world.app.inject({ method: 'GET', url: '/readyz' }),
        ]);
        const elapsed = performance.now() - started;
        assert.equal(first.statusCode, 503, first.body);
        assert.equal(second.statusCode, 503, second.body);
        assert.ok(elapsed < 2000, `readiness took ${elapsed.toFixed(0)} ms`);
        assert.equal(first.json<{ status: string }>().status, 'database unreachable');
      } finally {
        release();
        clearTimeout(safety);
        await Promise.all(blockers);
      }
      assert.equal((await world.app.inject({ method: 'GET', url: '/readyz' })).statusCode, 200);
    });
  });
}

describe('metrics', () => {
  const TOKEN = 'metrics-token-0123456789abcdef';

  it('needs the bearer token when METRICS_TOKEN is set', async () => {
    const world = await startTestWorld(TEST_ENGINES[0]!, { users: {}, config: { metricsToken: TOKEN } });
    try {
      const without = await world.app.inject({ method: 'GET', url: '/metrics' });
      assert.equal(without.statusCode, 401);
      assert.match(String(without.headers['content-type']), /^application\/problem\+json/);
      assert.match(String(without.headers['www-authenticate']), /^Bearer/);
      const wrong = await world.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
      assert.equal(wrong.statusCode, 401);
      const right = await world.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: `Bearer ${TOKEN}` } });
      assert.equal(right.statusCode, 200);
      assert.match(right.body, /fmn_http_request_duration_seconds/);
    } finally {
      await world.close();
    }
  });

  it('is served only by the second listener when METRICS_PORT is set', async () => {
    const world = await startTestWorld(TEST_ENGINES[0]!, { users: {}, config: { metricsPort: 9464 } });
    const metricsApp = await buildMetricsApp(world.deps);
    try {
      assert.equal((await world.app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404);
      const metrics = await metricsApp.inject({ method: 'GET', url: '/metrics' });
      assert.equal(metrics.statusCode, 200);
      assert.match(metrics.body, /fmn_http_request_duration_seconds/);
      assert.equal((await metricsApp.inject({ method: 'GET', url: '/healthz' })).statusCode, 404);
      assert.equal((await metricsApp.inject({ method: 'GET', url: '/api/v1/cases' })).statusCode, 404);
    } finally {
      await metricsApp.close();
      await world.close();
    }
  });

  it('reads METRICS_PORT and METRICS_TOKEN, refusing bad values', () => {
    const config = loadConfig({ METRICS_PORT: '9464', METRICS_TOKEN: TOKEN });
    assert.equal(config.metricsPort, 9464);
    assert.equal(config.metricsToken, TOKEN);
    assert.equal(loadConfig({}).metricsPort, undefined);
    assert.throws(() => loadConfig({ METRICS_PORT: 'x' }), /METRICS_PORT/);
    assert.throws(() => loadConfig({ METRICS_PORT: '8080' }), /METRICS_PORT: must differ from PORT/);
    assert.throws(() => loadConfig({ METRICS_TOKEN: 'short' }), /METRICS_TOKEN/);
  });
});
