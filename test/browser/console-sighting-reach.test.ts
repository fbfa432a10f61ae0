// A sighting of force A's appeal seen in force B's area, in real Chromium: force B's investigator finds it
// in their list, marked as seen in their area, opens it (no 404), adds a note and changes its status, and
// is not offered to pass it to another queue (that is force A's call); force A's sightings seen in A's own
// area stay out of B's list. At 1280 px and 375 px, with axe.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { TEST_ENGINES } from '../support/databases.ts';
import {
  assertAccessible,
  assertGone,
  browserSkip,
  screenshot,
  scrollsSideways,
  startBrowserWorld,
  type BrowserWorld,
} from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { FORCE_A_POINT, FORCE_B_POINT } from '../support/app.ts';
import { approvedAlert } from '../support/alerts.ts';
import { triageNewSubmission } from '../../src/triage/intake.ts';
import { ifStarted } from '../support/hooks.ts';

describe("a sighting seen in another force's area, in Chromium", { skip: browserSkip }, () => {
  let world: BrowserWorld;
  const seen: Record<'inB' | 'inA', { id: string; reference: string }> = {} as never;

  /** A sighting of the appeal, stored and triaged as intake does. */
  async function sighting(alertId: string, point: { lon: number; lat: number }, description: string) {
    const now = world.clock.now();
    const reference = `S-${randomUUID().slice(0, 8).toUpperCase()}`;
    const id = await world.db.transaction(async (tx) => {
      const { rows } = await tx.query<{ id: string }>(
        `INSERT INTO public_submissions (reference, kind, idempotency_key, alert_id, seen_at, lon, lat, description, queue, received_at, updated_at)
         VALUES ($1, 'sighting', $2, $3, $4, $5, $6, $7, 'national', $4, $4) RETURNING id`,
        [reference, randomUUID(), alertId, now, point.lon, point.lat, description],
      );
      await triageNewSubmission(tx, rows[0]!.id, now);
      return rows[0]!.id;
    });
    return { id, reference };
  }

  before(async () => {
    world = await startBrowserWorld(TEST_ENGINES[0]!);
    const { alertId } = await approvedAlert(world);
    seen.inB = await sighting(alertId, FORCE_B_POINT, 'A girl in a red coat at the bus station, with a man in his forties');
    seen.inA = await sighting(alertId, FORCE_A_POINT, 'Seen by the harbour wall');
  });
  after(() => ifStarted(world)?.close());

  for (const viewport of [
    { width: 1280, height: 1000 },
    { width: 375, height: 740 },
  ]) {
    it(`lets force B open and work it from its list at ${viewport.width} px`, async () => {
      const page = await (await world.newContext({ viewport })).newPage();
      await signInToConsole(page, world, 'force-b/investigator');
      await page.goto(`${world.baseUrl}/console/reports`);
      const open = page.getByRole('button', { name: new RegExp(seen.inB.reference) });
      await open.waitFor();
      await assertGone(page.getByRole('button', { name: new RegExp(seen.inA.reference) }));
      const item = page.getByRole('listitem').filter({ has: open });
      await item.getByText('Seen in your area').waitFor();
      await assertAccessible(page, `force B's list at ${viewport.width} px`);

      await open.click();
      const detail = page.getByRole('region', { name: `Sighting ${seen.inB.reference}` });
      await detail.waitFor();
      await detail.getByText('A girl in a red coat at the bus station').waitFor();
      await detail.getByText(/^Seen in your force's area, for another force's appeal/).waitFor();
      // Passing it on is force A's call, and A's sightings map is not B's to open.
      assert.equal(await detail.getByLabel('Pass to another queue').count(), 0);
      assert.equal(await detail.getByRole('link', { name: 'Show on the sightings map' }).count(), 0);
      await assertAccessible(page, `a sighting in force B's area, opened by force B, at ${viewport.width} px`);
      assert.equal(await scrollsSideways(page), false, `no sideways scrolling at ${viewport.width} px`);
      await screenshot(page, `sighting-seen-in-area-${viewport.width}`);

      const note = `Patrol sent to the bus station (${viewport.width} px).`;
      await detail.getByLabel('Note').fill(note);
      if (viewport.width === 1280) await detail.getByLabel('Status').selectOption('reviewed');
      await detail.getByRole('button', { name: 'Save note' }).click();
      await detail.getByText('Saved.').waitFor();
      await detail.getByText(note).waitFor();
      const { rows } = await world.db.query<{ status: string; queue: string }>(
        'SELECT status, queue FROM public_submissions WHERE id = $1',
        [seen.inB.id],
      );
      assert.deepEqual(rows[0], { status: 'reviewed', queue: 'jurisdiction:area-a' }, "still in force A's queue");
      const { rows: audited } = await world.db.query<{ action: string; details: { reason: string } }>(
        `SELECT action, details FROM audit_log WHERE subject_id = $1 AND actor = 'investigator@force-b.test' ORDER BY seq`,
        [seen.inB.id],
      );
      assert.ok(audited.some((row) => row.action === 'submission.read') && audited.some((row) => row.action === 'submission.triage'));
      assert.ok(audited.every((row) => row.details.reason === 'routed to your force'));
    });
  }
});
