// The sightings map and the report queues in real Chromium, against the real server: sightings sent
// through the public API for an approved appeal appear as markers (a group of two as one marker with its
// size) and as a list; the time slider changes what is shown; a sighting is opened, noted and its status
// changed; a stale save is refused and explained with the note kept; a new high-priority sighting arrives
// live; a report with an attachment is reassigned to another force; another force cannot see the queue;
// axe on each screen, in English and Arabic, and no sideways scrolling at 320 px.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { TEST_ENGINES } from '../support/databases.ts';
import {
  assertAccessible,
  assertGone,
  browserSkip,
  eventStreamOpened,
  screenshot,
  scrollsSideways,
  startBrowserWorld,
  type BrowserWorld,
} from '../support/browser.ts';
import { signInToConsole } from '../support/console.ts';
import { sessionFor } from '../support/app.ts';
import { approvedAlert } from '../support/alerts.ts';
import { jpegWithGps } from '../support/images.ts';
import { freshClientAddress, multipartBody, solvedChallenge, uniqueKey } from '../../src/reports/test-support.ts';
import { ifStarted } from '../support/hooks.ts';

const MINUTE = 60_000;

/** A public submission as the tests refer to it. */
interface Submitted {
  reference: string;
  id: string;
}

/** What the tests share: the appeal and the submissions sent before them, which later tests find as earlier ones left them. */
interface TriageState {
  world: BrowserWorld;
  alertId: string;
  slug: string;
  sightings: Record<'early' | 'first' | 'second', Submitted>;
  report: Submitted;
  otherReport: Submitted;
}

async function idOf(world: BrowserWorld, reference: string): Promise<string> {
  const { rows } = await world.db.query<{ id: string }>('SELECT id FROM public_submissions WHERE reference = $1', [reference]);
  return rows[0]!.id;
}

async function sendSighting({ world, slug }: Pick<TriageState, 'world' | 'slug'>, fields: Record<string, unknown>): Promise<Submitted> {
  const response = await world.app.inject({
    method: 'POST',
    url: '/api/v1/public/sightings',
    remoteAddress: freshClientAddress(),
    payload: { appeal: slug, idempotencyKey: uniqueKey(), ...(await solvedChallenge(world.db, world.clock.now())), ...fields },
  });
  assert.equal(response.statusCode, 201, response.body);
  const reference = (JSON.parse(response.body) as { reference: string }).reference;
  return { reference, id: await idOf(world, reference) };
}

async function sendReport(world: BrowserWorld, fields: Record<string, string>, withPhoto = false): Promise<Submitted> {
  const pow = await solvedChallenge(world.db, world.clock.now());
  const form = multipartBody(
    { idempotency_key: uniqueKey(), pow_id: pow.powId, pow_nonce: pow.powNonce, ...fields },
    withPhoto ? [{ field: 'attachment', filename: 'screen.jpg', type: 'image/jpeg', bytes: await jpegWithGps(320, 240) }] : [],
  );
  const response = await world.app.inject({
    method: 'POST',
    url: '/api/v1/public/reports',
    remoteAddress: freshClientAddress(),
    headers: { 'content-type': form.contentType },
    payload: form.payload,
  });
  assert.equal(response.statusCode, 201, response.body);
  const reference = (JSON.parse(response.body) as { reference: string }).reference;
  return { reference, id: await idOf(world, reference) };
}

const ago = (minutes: number) => new Date(Date.now() - minutes * MINUTE).toISOString();
const countText = (page: Page) => page.locator('#slider-count').innerText();

/** The appeal's sightings on the map and as a list, grouped, with the time slider worked by keyboard and played. */
async function showSightingsMap({ world, alertId }: TriageState): Promise<void> {
  const page = await (await world.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  await signInToConsole(page, world, 'force-a/investigator');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Sightings map' }).click();
  await page.getByRole('heading', { name: 'Sightings map', level: 1 }).waitFor();
  // The only active appeal is chosen by itself.
  await page.getByRole('heading', { name: 'Sightings, most urgent first' }).waitFor();
  assert.equal(new URL(page.url()).searchParams.get('alert'), alertId);
  assert.equal(await countText(page), 'Showing 3 of 3 sightings');
  const list = page.getByRole('region', { name: 'Sightings, most urgent first' }).getByRole('listitem');
  assert.equal(await list.count(), 3);
  // Markers: the group of two is one marker showing its size, the early one stands alone.
  const markers = page.locator('.leaflet-marker-icon.sighting-icon');
  await markers.first().waitFor();
  assert.equal(await markers.count(), 2);
  assert.deepEqual((await markers.allInnerTexts()).map((s) => s.trim()).sort(), ['', '2']);
  assert.equal(await page.locator('.leaflet-marker-icon.last-seen-icon').count(), 1);
  assert.equal(await page.getByText('Group of 2').count(), 2);
  await assertAccessible(page, 'sightings map');
  await screenshot(page, 'triage-map');

  // The slider, by keyboard: back to the start nothing had been seen; an hour ago only the early one.
  const slider = page.getByRole('slider', { name: 'Show sightings up to' });
  await slider.focus();
  await page.keyboard.press('Home');
  await page.waitForFunction(() => document.querySelector('#slider-count')?.textContent === 'Showing 0 of 3 sightings');
  // From the end (now) back 13 five-minute steps: about an hour ago.
  await page.keyboard.press('End');
  for (let i = 0; i < 13; i++) await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => document.querySelector('#slider-count')?.textContent === 'Showing 1 of 3 sightings');
  assert.equal(await list.count(), 1);
  assert.equal(await markers.count(), 1);
  await screenshot(page, 'triage-map-slider');
  await page.getByRole('button', { name: 'Show all' }).click();
  await page.waitForFunction(() => document.querySelector('#slider-count')?.textContent === 'Showing 3 of 3 sightings');
  // Play runs through the hours since last seen and stops at now with everything shown.
  await page.getByRole('button', { name: 'Play' }).click();
  await page.getByRole('button', { name: 'Pause' }).waitFor();
  await page.getByRole('button', { name: 'Play' }).waitFor({ timeout: 20_000 });
  assert.equal(await countText(page), 'Showing 3 of 3 sightings');
}

/** A sighting opened from its group's marker, noted and its status changed; a stale save is refused and explained. */
async function noteSighting({ world, alertId, sightings }: TriageState): Promise<void> {
  const page = await (await world.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  await signInToConsole(page, world, 'force-a/investigator');
  await page.goto(`${world.baseUrl}/console/sightings?alert=${alertId}`);
  // Clicking the group's marker opens one of its members.
  await page.locator('.leaflet-marker-icon.sighting-icon', { hasText: '2' }).click();
  await page.waitForURL(/sighting=/);
  assert.ok([sightings.first.id, sightings.second.id].includes(new URL(page.url()).searchParams.get('sighting')!));
  await page.getByRole('button', { name: sightings.first.reference }).click();
  const detail = page.getByRole('region', { name: `Sighting ${sightings.first.reference}` });
  await detail.waitFor();
  await detail.getByText('Pat Witness').waitFor();
  await detail.getByText('Girl in a red coat getting out of a white van').waitFor();
  // It names the appeal's child and links to the alert.
  const appeal = detail.getByRole('link', { name: /About the appeal for \W?Amelia Testcase/ });
  await appeal.waitFor();
  assert.match((await appeal.getAttribute('href')) ?? '', new RegExp(`/alerts/${alertId}$`));

  // Saving without a note names the field.
  await detail.getByRole('button', { name: 'Save note' }).click();
  await detail.getByText('Write a note saying what you did or decided.').waitFor();
  assert.equal(await detail.getByLabel('Note').getAttribute('aria-invalid'), 'true');

  await detail.getByLabel('Note').fill('Called the witness: she is sure it was Amelia.');
  await detail.getByLabel('Status').selectOption('reviewed');
  await detail.getByRole('button', { name: 'Save note' }).click();
  await detail.getByText('Saved.').waitFor();
  await detail.getByText('Called the witness: she is sure it was Amelia.').waitFor();
  const { rows } = await world.db.query<{ status: string }>('SELECT status FROM public_submissions WHERE id = $1', [sightings.first.id]);
  assert.equal(rows[0]!.status, 'reviewed');
  await assertAccessible(page, 'sighting detail');
  await screenshot(page, 'triage-sighting-detail');

  // Someone else works it meanwhile: the save is refused, explained, and the note is kept.
  const approver = await sessionFor(world, 'force-a/approver');
  const other = await approver('POST', `/api/v1/submissions/${sightings.first.id}/triage`, {
    note: 'Passed to the search team',
    status: 'actioned',
  });
  assert.equal(other.statusCode, 200, other.body);
  await detail.getByLabel('Note').fill('Second call to the witness.');
  await detail.getByRole('button', { name: 'Save note' }).click();
  await detail.getByText('Not saved: someone else changed this submission').waitFor();
  assert.equal(await detail.getByLabel('Note').inputValue(), 'Second call to the witness.');
  await detail.getByText('Passed to the search team').waitFor();
  // Read again, it saves.
  await detail.getByRole('button', { name: 'Save note' }).click();
  await detail.getByText('Saved.').waitFor();
  await detail.getByText('Second call to the witness.', { exact: true }).waitFor();
}

/** The report queue filtered to reports; a report opened by keyboard, its attachment fetched, and passed to Area B. */
async function passReportOn({ world, report, otherReport }: TriageState): Promise<void> {
  const page = await (await world.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
  await signInToConsole(page, world, 'force-a/investigator');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Report queues' }).click();
  await page.getByRole('heading', { name: 'Report queues', level: 1 }).waitFor();
  await page.getByRole('heading', { name: 'Most urgent first' }).waitFor();
  assert.ok(await page.getByText('Area A').first().isVisible(), 'the queue summary names the force area');
  // Only reports, by filter.
  await page.getByLabel('Kind').selectOption('report');
  await page.getByRole('button', { name: 'Show', exact: true }).click();
  await page.waitForURL(/kind=report/);
  const items = page.locator('.submission-list > li');
  // Once the filtered list is in, no sighting is left in it.
  await page.waitForFunction(() => {
    const refs = [...document.querySelectorAll('.submission-list .ref')].map((e) => e.textContent);
    return refs.length > 0 && refs.every((ref) => ref.startsWith('R-'));
  });
  assert.equal(await items.count(), 2);
  assert.ok(await page.getByText('No JavaScript post').isVisible(), 'the report sent without JavaScript is flagged');
  await assertAccessible(page, 'report queues');

  // By keyboard: the item's button opens the detail and focus lands on its heading.
  await page.getByRole('button', { name: new RegExp(report.reference) }).focus();
  await page.keyboard.press('Enter');
  const detail = page.getByRole('region', { name: `Report ${report.reference}` });
  await detail.waitFor();
  await page.waitForFunction(
    (text) => document.activeElement?.tagName === 'H2' && document.activeElement.textContent === text,
    `Report ${report.reference}`,
  );
  const download = detail.getByRole('link', { name: /Download attachment 1 \(JPEG/ });
  const href = await download.getAttribute('href');
  assert.match(href!, new RegExp(`^/api/v1/submissions/${report.id}/attachments/[0-9a-f-]{36}$`));
  const fetched = await page.evaluate(async (url) => (await fetch(url, { credentials: 'same-origin' })).status, href!);
  assert.equal(fetched, 200);
  await assertAccessible(page, 'report detail');
  await screenshot(page, 'triage-report-detail');

  await detail.getByLabel('Note').fill('The school is in Area B: passing it to them.');
  await detail.getByLabel('Pass to another queue').selectOption({ label: 'Area B' });
  await detail.getByRole('button', { name: 'Save note and pass on' }).click();
  await detail.getByText(`${report.reference} was passed to Area B.`).waitFor();
  const { rows } = await world.db.query<{ queue: string }>('SELECT queue FROM public_submissions WHERE id = $1', [report.id]);
  assert.equal(rows[0]!.queue, 'jurisdiction:area-b');
  // It leaves force A's list.
  await page.getByRole('button', { name: new RegExp(otherReport.reference) }).waitFor();
  await assertGone(page.getByRole('button', { name: new RegExp(report.reference) }));
}

/** A world with an approved alert, three sightings of it (two close together) and two reports, one with a photo. */
async function startWithSubmissions(state: TriageState): Promise<void> {
  const world = await startBrowserWorld(TEST_ENGINES[0]!);
  state.world = world;
  ({ alertId: state.alertId, slug: state.slug } = await approvedAlert(world));
  const { sightings } = state;
  // Two sightings 200 m and ten minutes apart (one group), and one three hours earlier elsewhere.
  sightings.early = await sendSighting(state, {
    lat: 52.3,
    lon: -3.3,
    seenAt: ago(180),
    description: 'A girl in a red coat at the petrol station',
  });
  sightings.first = await sendSighting(state, {
    lat: 52.45,
    lon: -3.45,
    seenAt: ago(20),
    description: 'Girl in a red coat getting out of a white van',
    contactName: 'Pat Witness',
    contactPhone: '01970 622000',
  });
  sightings.second = await sendSighting(state, {
    lat: 52.4518,
    lon: -3.45,
    seenAt: ago(10),
    description: 'Same girl walking towards the bus station',
  });
  state.report = await sendReport(
    world,
    {
      category: 'child_at_risk',
      description: 'A man keeps offering lifts to children outside the school gates',
      lat: '52.5',
      lon: '-3.5',
    },
    true,
  );
  state.otherReport = await sendReport(world, {
    category: 'online_grooming',
    description: 'An adult messaging my 12-year-old on a game chat',
    lat: '52.4',
    lon: '-3.6',
  });
  // As the HTML form without JavaScript would have stored it.
  await world.db.query(`UPDATE public_submissions SET details = details || '{"noScript": true}'::jsonb WHERE id = $1`, [
    state.otherReport.id,
  ]);
}

describe('sightings map and report queues in Chromium', { skip: browserSkip }, () => {
  const state = { sightings: {} } as TriageState;

  before(() => startWithSubmissions(state));
  after(async () => ifStarted(state.world)?.close());

  it("shows the appeal's sightings on the map and as a list, grouped, with a time slider", () => showSightingsMap(state));

  it('opens a sighting, shows its contact details, adds a note and changes its status; a stale save is explained', () =>
    noteSighting(state));

  it('puts a new high-priority sighting on the map live', async () => {
    const { world, alertId } = state;
    const page = await (await world.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    await signInToConsole(page, world, 'force-a/investigator');
    const streaming = eventStreamOpened(page, '/api/v1/submissions/events');
    await page.goto(`${world.baseUrl}/console/sightings?alert=${alertId}`);
    await page.getByRole('heading', { name: 'Sightings, most urgent first' }).waitFor();
    const before = await countText(page);
    assert.equal(before, 'Showing 3 of 3 sightings');
    // The event stream is open before the sighting arrives.
    await streaming;
    const fresh = await sendSighting(state, {
      lat: 52.49,
      lon: -3.49,
      seenAt: ago(2),
      description: 'Just now: the girl at the leisure centre',
    });
    await page.getByText(`New high-priority sighting ${fresh.reference}`, { exact: false }).waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => document.querySelector('#slider-count')?.textContent === 'Showing 4 of 4 sightings');
    await page.getByRole('button', { name: fresh.reference, exact: true }).waitFor();
  });

  it('shows the report queue, opens a report with its attachment, and passes it to another force', () => passReportOn(state));

  it("keeps force A's queue from force B's investigator, who sees what was passed to them", async () => {
    const { world, alertId, sightings, report, otherReport } = state;
    const page = await (await world.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    await signInToConsole(page, world, 'force-b/investigator');
    const streaming = eventStreamOpened(page, '/api/v1/submissions/events');
    await page.goto(`${world.baseUrl}/console/reports`);
    await page.getByRole('heading', { name: 'Most urgent first' }).waitFor();
    await page.getByRole('button', { name: new RegExp(report.reference) }).waitFor();
    await assertGone(page.getByRole('button', { name: new RegExp(otherReport.reference) }));
    await assertGone(page.getByRole('button', { name: new RegExp(sightings.first.reference) }));
    assert.equal(await page.getByText('Area A').count(), 0, 'no queue of force A is offered');
    // A new urgent report in B's area is announced live; the list takes it when asked.
    await streaming;
    const urgent = await sendReport(world, {
      category: 'suspected_trafficking',
      description: 'Two girls taken into a flat above the car wash',
      lat: '51.5',
      lon: '-1.5',
      seenAt: ago(5),
    });
    await page.getByText(`Latest: ${urgent.reference} in Area B.`).waitFor({ timeout: 15_000 });
    await page.getByRole('button', { name: 'Refresh the list' }).click();
    await page.getByRole('button', { name: new RegExp(urgent.reference) }).waitFor();
    // Asking for force A's report directly: not found, said readably.
    await page.goto(`${world.baseUrl}/console/reports?id=${otherReport.id}`);
    await page
      .getByRole('alert')
      .getByText(/not found/i)
      .first()
      .waitFor();
    // And force A's appeal is not on its map.
    await page.goto(`${world.baseUrl}/console/sightings?alert=${alertId}`);
    await page
      .getByRole('alert')
      .getByText(/not found/i)
      .first()
      .waitFor();
    await assertGone(page.locator('.leaflet-marker-icon.sighting-icon'));
  });

  it('pages through a long queue with Show more, and filters to high priority', async () => {
    const { world } = state;
    // Thirty older, low-priority reports straight into force A's queue (as intake would have routed them).
    for (let i = 0; i < 30; i++) {
      await world.db.query(
        `INSERT INTO public_submissions (reference, kind, idempotency_key, category, description, queue, priority, received_at, updated_at)
         VALUES ($1, 'report', $2, 'other', $3, 'jurisdiction:area-a', $4, now() - interval '2 days', now() - interval '2 days')`,
        [`R-PAGE-${String(i).padStart(4, '0')}`, uniqueKey(), `Older report number ${i}`, 5 + i / 10],
      );
    }
    const page = await (await world.newContext({ viewport: { width: 1280, height: 1000 } })).newPage();
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/reports`);
    const items = page.locator('.submission-list > li');
    await page.getByRole('button', { name: 'Show more' }).waitFor();
    assert.equal(await items.count(), 25);
    const { rows } = await world.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM public_submissions WHERE queue = 'jurisdiction:area-a'`,
    );
    // Pages of 25 until the queue is exhausted; no repeats.
    while (await page.getByRole('button', { name: 'Show more' }).count()) {
      const before = await items.count();
      await page.getByRole('button', { name: 'Show more' }).click();
      await page.waitForFunction((n) => document.querySelectorAll('.submission-list > li').length > n, before);
    }
    assert.equal(await items.count(), rows[0]!.n);
    const references = await page.locator('.submission-list .ref').allInnerTexts();
    assert.equal(new Set(references).size, references.length);
    // The most urgent stay on top; the old low ones are last.
    assert.match(references.at(-1)!, /^R-PAGE-/);
    await page.getByLabel('Priority').selectOption('high');
    await page.getByRole('button', { name: 'Show', exact: true }).click();
    await page.waitForURL(/priority=high/);
    await page.waitForFunction(
      () =>
        document.querySelectorAll('.submission-list > li').length > 0 &&
        !document.querySelector('.submission-list')?.textContent.includes('R-PAGE-'),
    );
    for (const text of await page
      .locator('.submission-list .badge.high, .submission-list .badge.medium, .submission-list .badge.low')
      .allInnerTexts()) {
      assert.match(text, /^High priority/);
    }
  });

  it('reflows at 320 px and lays both screens out right to left in Arabic', async () => {
    const { world, alertId, sightings, otherReport } = state;
    const context = await world.newContext({ viewport: { width: 320, height: 800 } });
    const page = await context.newPage();
    await signInToConsole(page, world, 'force-a/investigator');
    await page.goto(`${world.baseUrl}/console/sightings?alert=${alertId}&sighting=${sightings.second.id}`);
    await page.getByRole('region', { name: `Sighting ${sightings.second.reference}` }).waitFor();
    await screenshot(page, 'triage-map-320');
    const wide = await page.evaluate(() =>
      [...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
        .slice(0, 5)
        .map((e) => `${e.tagName}.${e.className}`),
    );
    assert.equal(await scrollsSideways(page), false, `the map screen scrolls sideways at 320 px: ${wide.join(', ')}`);
    await assertAccessible(page, 'sightings map at 320 px');
    // A sighting opened in the queue links to its place on the map.
    await page.goto(`${world.baseUrl}/console/reports?id=${sightings.early.id}`);
    await page.getByRole('link', { name: 'Show on the sightings map' }).click();
    await page.getByRole('region', { name: `Sighting ${sightings.early.reference}` }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('alert'), alertId);
    await page.goto(`${world.baseUrl}/console/reports?id=${otherReport.id}`);
    await page.getByRole('region', { name: `Report ${otherReport.reference}` }).waitFor();
    assert.equal(await scrollsSideways(page), false, 'the report queues scroll sideways at 320 px');
    await screenshot(page, 'triage-reports-320');

    await page.getByRole('combobox', { name: 'Language' }).selectOption('ar');
    await page.waitForFunction(() => document.documentElement.dir === 'rtl');
    await page.getByRole('heading', { name: 'قوائم انتظار البلاغات', level: 1 }).waitFor();
    await page.getByText('أُرسل دون JavaScript').first().waitFor();
    assert.equal(await scrollsSideways(page), false);
    await assertAccessible(page, 'report queues in Arabic at 320 px');
    await screenshot(page, 'triage-reports-ar-320');
    await page.goto(`${world.baseUrl}/console/sightings?alert=${alertId}`);
    await page.getByRole('heading', { name: 'خريطة المشاهدات', level: 1 }).waitFor();
    await page.getByText(/^عرض \d+ من \d+ مشاهدة$/).waitFor();
    assert.equal(await scrollsSideways(page), false);
    await assertAccessible(page, 'sightings map in Arabic at 320 px');
    await screenshot(page, 'triage-map-ar-320');
  });
});
