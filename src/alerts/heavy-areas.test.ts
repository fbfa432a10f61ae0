// Heavy geometry never holds up other requests: an area of two polygons at the vertex limit and a wide
// circle is saved, sent for approval and approved while the event loop stays responsive (health checks
// answer at once), and areas beyond the limits are refused with 422 and a pointer to the part at fault.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Position } from 'geojson';
import { TEST_ENGINES } from '../../test/support/databases.ts';
import { asToken, newChildCase, sessionFor, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { ALERT_CONTENTS, ALERT_CRITERIA } from '../../test/support/alerts.ts';
import { MAX_AREA_CELLS, MAX_CIRCLE_RADIUS_KM, MAX_VERTICES_PER_PART, type AlertAreaPart } from '../geo/alert-area.ts';
import { runGeometryTask } from '../geo/geometry-tasks.ts';
import { geometryTasksCompleted } from '../geo/geometry-pool.ts';

/** A closed ring of `positions` positions (the last repeats the first) on an ellipse: no crossings. */
function ellipse(positions: number, lon: number, lat: number, radiusDegrees: number): Position[] {
  const ring: Position[] = [];
  for (let index = 0; index < positions - 1; index++) {
    const angle = (2 * Math.PI * index) / (positions - 1);
    ring.push([lon + 1.6 * radiusDegrees * Math.cos(angle), lat + radiusDegrees * Math.sin(angle)]);
  }
  ring.push(ring[0]!);
  return ring;
}

/**
 * How long the event loop would be held if the area's geometry ran on it: the longer of checking the area
 * and filling it with cells, each timed here, inline, just before the real requests: the side-by-side
 * reference reported beside the stalls the requests caused.
 */
function inlineGeometryMs(parts: AlertAreaPart[]): number {
  const timed = (work: () => unknown) => {
    const started = performance.now();
    work();
    return performance.now() - started;
  };
  const checking = timed(() => runGeometryTask({ kind: 'validate', parts }));
  const filling = timed(() => runGeometryTask({ kind: 'ranges', parts, maxCells: MAX_AREA_CELLS }));
  return Math.max(checking, filling);
}

const polygonPart = (ring: Position[]): AlertAreaPart => ({ kind: 'polygon', geometry: { type: 'Polygon', coordinates: [ring] } });

for (const engine of TEST_ENGINES) {
  describe(`heavy alert areas (${engine.name})`, { skip: engine.skip }, () => {
    let world: TestWorld;
    before(async () => {
      world = await startTestWorld(engine, { users: { 'force-a': ['investigator', 'approver'] } });
    });
    after(() => world.close());

    async function draft(): Promise<{ id: string; version: number }> {
      const investigator = asToken(world, 'force-a/investigator');
      const created = await investigator('POST', '/api/v1/cases', newChildCase());
      assert.equal(created.statusCode, 201, created.body);
      const caseId = created.json<{ id: string }>().id;
      await investigator('POST', `/api/v1/cases/${caseId}/risk-gradings`, { level: 'high', rationale: 'Abduction witnessed' });
      const drafted = await investigator('POST', '/api/v1/alerts', { caseId });
      assert.equal(drafted.statusCode, 201, drafted.body);
      return drafted.json<{ id: string; version: number }>();
    }

    // The proof is where the work ran: every check and filling of the area is a task finished by a worker
    // thread (before they moved there, none was), while health checks keep answering. How long the event loop
    // was held is reported beside the same geometry timed inline, not asserted: on a shared machine the
    // operating system alone can hold a process for seconds (a 3 s stall was seen at load 20), so a bar in
    // time would fail for reasons that are not the code's. On an idle machine the stall is 65–160 ms against
    // 400–620 ms inline.
    it('saves and approves a heavy area in worker threads while health checks keep answering', async (t) => {
      const investigator = asToken(world, 'force-a/investigator');
      const approver = await sessionFor(world, 'force-a/approver');
      const alert = await draft();
      // Heavy in geometry rather than in size: crossing checks grow with the square of the positions, and
      // a circle of the largest radius allowed is tens of thousands of cells.
      // Serialising the area (request, database, CAP message) stays on the event loop, in time linear in
      // its positions, so the polygons are at half the limit.
      const parts: AlertAreaPart[] = [
        polygonPart(ellipse(MAX_VERTICES_PER_PART / 2, -3.6, 52.4, 0.2)),
        polygonPart(ellipse(MAX_VERTICES_PER_PART / 2, -3.0, 52.9, 0.2)),
        { kind: 'circle', center: [-3.5, 52.5], radiusKm: MAX_CIRCLE_RADIUS_KM },
      ];
      const area = { parts, description: 'Wales and the Marches' };
      const inlineMs = inlineGeometryMs(parts);
      const tasksBefore = geometryTasksCompleted();

      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      const probing = new AbortController();
      const healthTimes: number[] = [];
      const probe = (async () => {
        while (!probing.signal.aborted) {
          const started = performance.now();
          const health = await world.app.inject({ method: 'GET', url: '/healthz' });
          assert.equal(health.statusCode, 200);
          healthTimes.push(performance.now() - started);
          // Back to back, so that any stretch the event loop is held falls on a probe.
          await new Promise((resolve) => setImmediate(resolve));
        }
      })();
      try {
        const edited = await investigator('PATCH', `/api/v1/alerts/${alert.id}`, {
          version: alert.version,
          criteria: ALERT_CRITERIA,
          contents: ALERT_CONTENTS,
          area,
        });
        assert.equal(edited.statusCode, 200, edited.body);
        const submitted = await investigator('POST', `/api/v1/alerts/${alert.id}/submit`);
        assert.equal(submitted.statusCode, 200, submitted.body);
        const approved = await approver('POST', `/api/v1/alerts/${alert.id}/approve`, {});
        assert.equal(approved.statusCode, 200, approved.body);
      } finally {
        probing.abort();
        await probe;
        delay.disable();
      }
      const { rows } = await world.db.query<{ ranges: number }>(
        'SELECT count(*)::int AS ranges FROM alert_area_ranges WHERE alert_id = $1',
        [alert.id],
      );
      assert.ok(rows[0]!.ranges > 0, 'the approved area is targeted');
      const tasksAfter = geometryTasksCompleted();
      assert.ok(tasksAfter.validate > tasksBefore.validate, 'the area was checked in a worker thread');
      assert.ok(
        tasksAfter.ranges + tasksAfter.cells > tasksBefore.ranges + tasksBefore.cells,
        'the area was filled with cells in a worker thread',
      );
      const exported = await world.deps.metrics.registry.getSingleMetricAsString('fmn_geometry_tasks_completed');
      assert.match(exported, new RegExp(`fmn_geometry_tasks_completed\\{kind="validate"\\} ${tasksAfter.validate}\\b`));
      assert.ok(healthTimes.length > 0, 'health was probed while the area was worked out');
      t.diagnostic(
        `event loop held at most ${(delay.max / 1e6).toFixed(0)} ms, slowest health check ${Math.max(...healthTimes).toFixed(0)} ms, ` +
          `${healthTimes.length} checks; the same geometry inline: ${inlineMs.toFixed(0)} ms`,
      );
    });

    it('refuses areas beyond the limits with 422 and a pointer to the part', async () => {
      const investigator = asToken(world, 'force-a/investigator');
      const alert = await draft();
      const patch = (area: unknown) => investigator('PATCH', `/api/v1/alerts/${alert.id}`, { version: alert.version, area });

      const vertices = await patch({ parts: [polygonPart(ellipse(MAX_VERTICES_PER_PART + 1, -3.5, 52.5, 0.2))] });
      assert.equal(vertices.statusCode, 422, vertices.body);
      assert.match(String(vertices.headers['content-type']), /^application\/problem\+json/);
      const verticesBody = vertices.json<{ type: string; errors: { pointer: string; detail: string }[] }>();
      assert.match(verticesBody.type, /area-too-large$/);
      assert.deepEqual(
        verticesBody.errors.map((e) => e.pointer),
        ['/body/area/parts/0/geometry/coordinates'],
      );

      const circle = await patch({ parts: [{ kind: 'circle', center: [-3.5, 52.5], radiusKm: MAX_CIRCLE_RADIUS_KM + 1 }] });
      assert.equal(circle.statusCode, 422, circle.body);
      assert.deepEqual(
        circle.json<{ errors: { pointer: string }[] }>().errors.map((e) => e.pointer),
        ['/body/area/parts/0/radiusKm'],
      );

      // Few vertices, but ten degrees square: far more cells than allowed.
      const wide = await patch({
        parts: [
          polygonPart([
            [-8, 49],
            [2, 49],
            [2, 59],
            [-8, 59],
            [-8, 49],
          ]),
        ],
      });
      assert.equal(wide.statusCode, 422, wide.body);
      const wideBody = wide.json<{ detail: string; errors: { pointer: string }[] }>();
      assert.match(wideBody.detail, new RegExp(MAX_AREA_CELLS.toLocaleString('en-GB')));
      assert.deepEqual(
        wideBody.errors.map((e) => e.pointer),
        ['/body/area'],
      );

      // Nothing was stored: the draft keeps its first area and version.
      const stored = await investigator('GET', `/api/v1/alerts/${alert.id}`);
      assert.equal(stored.json<{ version: number }>().version, alert.version);
      // A mistake in shape is still a 400.
      const open = await patch({
        parts: [
          polygonPart([
            [-3, 52],
            [-2, 52],
            [-2, 53],
            [-3, 53],
          ]),
        ],
      });
      assert.equal(open.statusCode, 400, open.body);
    });
  });
}
