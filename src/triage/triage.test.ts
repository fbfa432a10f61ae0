// Triage on both databases: routing to queues, ranking, clustering, reach, audited reads and
// reassignment, the map's GeoJSON, and live notification of high-priority arrivals over SSE.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_A_POINT, FORCE_B_POINT, square, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert } from '../../test/support/alerts.ts';
import { jpegWithGps } from '../../test/support/images.ts';
import { insertJurisdiction } from '../geo/jurisdictions-store.ts';
import { triageNewSubmission } from './intake.ts';

interface NewSubmission {
  kind?: 'sighting' | 'report';
  alertId?: string | null;
  category?: string | null;
  seenAt?: Date | null;
  point?: { lon: number; lat: number } | null;
  contact?: { name: string; phone: string } | null;
}

interface Stored {
  id: string;
  reference: string;
  queue: string;
  jurisdiction_code: string | null;
  priority: number;
  cluster_id: string | null;
}

/** Stores a submission and triages it in one transaction, as intake does. */
async function submit(world: TestWorld, input: NewSubmission): Promise<Stored> {
  const now = world.clock.now();
  const reference = `T-${randomUUID().slice(0, 8).toUpperCase()}`;
  const id = await world.db.transaction(async (tx) => {
    const { rows } = await tx.query<{ id: string }>(
      `INSERT INTO public_submissions (reference, kind, idempotency_key, alert_id, category, seen_at, lon, lat, description, contact_name, contact_phone, queue, received_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'Seen near the bus station', $9, $10, 'national', $11, $11) RETURNING id`,
      [
        reference,
        input.kind ?? 'sighting',
        randomUUID(),
        input.alertId ?? null,
        input.category ?? null,
        input.seenAt ?? null,
        input.point?.lon ?? null,
        input.point?.lat ?? null,
        input.contact?.name ?? null,
        input.contact?.phone ?? null,
        now,
      ],
    );
    await triageNewSubmission(tx, rows[0]!.id, now);
    return rows[0]!.id;
  });
  const { rows } = await world.db.query<Stored>(
    `SELECT s.id, s.reference, s.queue, j.code AS jurisdiction_code, s.priority, s.cluster_id FROM public_submissions s LEFT JOIN jurisdictions j ON j.id = s.jurisdiction_id WHERE s.id = $1`,
    [id],
  );
  return rows[0]!;
}

const minutesBefore = (world: TestWorld, minutes: number) => new Date(world.clock.now().getTime() - minutes * 60_000);

/** An event stream over real HTTP, collecting what arrives. */
function openEvents(baseUrl: string, token: string) {
  let text = '';
  const waiters: { test: (text: string) => boolean; resolve: () => void }[] = [];
  const request = http.get(`${baseUrl}/api/v1/submissions/events`, { headers: { authorization: `Bearer ${token}` } });
  const ready = new Promise<http.IncomingMessage>((resolve, reject) => {
    request.on('response', (response) => {
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        text += chunk;
        for (const waiter of [...waiters]) {
          if (waiter.test(text)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
          }
        }
      });
      resolve(response);
    });
    request.on('error', reject);
  });
  return {
    ready,
    until: (test: (text: string) => boolean) =>
      test(text) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push({ test, resolve })),
    events: () =>
      text
        .split('\n\n')
        .filter((block) => block.startsWith('event: submission'))
        .map((block) => JSON.parse(block.split('\ndata: ')[1]!) as { id: string; queue: string }),
    close: () => request.destroy(),
  };
}

interface TriageWorld {
  world: TestWorld;
  alertId: string;
}

function triageTokens(s: TriageWorld) {
  return {
    forceA: () => asToken(s.world, 'force-a/investigator'),
    forceB: () => asToken(s.world, 'force-b/investigator'),
    national: () => asToken(s.world, 'national/national_coordinator'),
  };
}

async function routesAReportToTheForce(s: TriageWorld): Promise<void> {
  const { world } = s;
  const inB = await submit(world, { kind: 'report', category: 'online_grooming', point: FORCE_B_POINT });
  assert.equal(inB.queue, 'jurisdiction:area-b');
  assert.equal(inB.jurisdiction_code, 'area-b');
  // In the country but in no force area.
  const countryOnly = await submit(world, { kind: 'report', category: 'other', point: { lon: 0.5, lat: 56 } });
  assert.equal(countryOnly.queue, 'national');
  assert.equal(countryOnly.jurisdiction_code, 'country');
  const nowhere = await submit(world, { kind: 'report', category: 'other' });
  assert.equal(nowhere.queue, 'national');
  assert.equal(nowhere.jurisdiction_code, null);
  const abroad = await submit(world, { kind: 'report', category: 'other', point: { lon: 20, lat: 45 } });
  assert.equal(abroad.queue, 'national');
}

async function picksUpAForceAreaAdded(s: TriageWorld): Promise<void> {
  const { world } = s;
  await insertJurisdiction(world.db, { code: 'area-c', name: 'Area C', kind: 'force_area', geometry: square(0, 55, 1, 57) });
  const inC = await submit(world, { kind: 'report', category: 'other', point: { lon: 0.5, lat: 56 } });
  assert.equal(inC.queue, 'jurisdiction:area-c');
}

async function sendsASightingOfForceA(s: TriageWorld): Promise<void> {
  const { world, alertId } = s;
  const sighting = await submit(world, { alertId, seenAt: minutesBefore(world, 10), point: FORCE_B_POINT });
  assert.equal(sighting.queue, 'jurisdiction:area-a');
  assert.equal(sighting.jurisdiction_code, 'area-b');
  const { rows } = await world.db.query<{ code: string; roles: string[] }>(
    `SELECT j.code, n.roles FROM staff_notifications n JOIN jurisdictions j ON j.id = n.jurisdiction_id WHERE n.subject_id = $1 AND n.kind = 'submission_in_area'`,
    [sighting.id],
  );
  assert.deepEqual(rows, [{ code: 'area-b', roles: ['investigator', 'approver'] }]);
  const own = await submit(world, { alertId, seenAt: minutesBefore(world, 10), point: { lon: -3.4, lat: 52.6 } });
  const { rows: none } = await world.db.query(`SELECT 1 FROM staff_notifications WHERE subject_id = $1 AND kind = 'submission_in_area'`, [
    own.id,
  ]);
  assert.equal(none.length, 0, 'a sighting in the owning force area tells nobody else');
}

async function ranksARecentNearPlausibleSighting(s: TriageWorld): Promise<void> {
  const { world, alertId } = s;
  const { forceA } = triageTokens(s);
  // 1,000 km/h from the last-seen point ten minutes after she went missing, reported long ago.
  const implausible = await submit(world, { alertId, seenAt: new Date('2026-11-23T01:40:00Z'), point: { lon: 1.5, lat: 54 } });
  const good = await submit(world, { alertId, seenAt: minutesBefore(world, 5), point: { lon: -3.45, lat: 52.45 } });
  assert.ok(good.priority >= 70, `priority ${good.priority}`);
  assert.ok(implausible.priority < 70, `priority ${implausible.priority}`);
  const list = await forceA()('GET', '/api/v1/submissions?queue=jurisdiction:area-a&kind=sighting&limit=200');
  assert.equal(list.statusCode, 200, list.body);
  const ids = (JSON.parse(list.body).items as { id: string }[]).map((item) => item.id);
  assert.ok(ids.indexOf(good.id) < ids.indexOf(implausible.id));
  const { rows } = await world.db.query<{ subject_id: string }>(
    `SELECT subject_id FROM staff_notifications WHERE kind = 'submission_high_priority' AND subject_id = ANY($1::uuid[])`,
    [[good.id, implausible.id]],
  );
  assert.deepEqual(
    rows.map((row) => row.subject_id),
    [good.id],
  );
  // A trafficking report is ranked above an "other" one.
  const trafficking = await submit(world, { kind: 'report', category: 'suspected_trafficking', point: FORCE_A_POINT });
  const other = await submit(world, { kind: 'report', category: 'other', point: FORCE_A_POINT });
  assert.ok(trafficking.priority > other.priority);
}

async function pagesThroughAQueueWithA(s: TriageWorld): Promise<void> {
  const { world } = s;
  const { national } = triageTokens(s);
  const seen: { id: string; priority: number }[] = [];
  let cursor: string | null = null;
  do {
    const page = await national()('GET', `/api/v1/submissions?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.statusCode, 200, page.body);
    const body = JSON.parse(page.body) as { items: { id: string; priority: number }[]; nextCursor: string | null };
    seen.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  const { rows } = await world.db.query<{ count: number }>('SELECT count(*)::integer AS count FROM public_submissions');
  assert.equal(new Set(seen.map((item) => item.id)).size, rows[0]!.count);
  for (let i = 1; i < seen.length; i++) assert.ok(seen[i - 1]!.priority >= seen[i]!.priority);
  const bad = await national()('GET', '/api/v1/submissions?cursor=not-a-cursor');
  assert.equal(bad.statusCode, 400);
}

async function groupsSightingsWithin500MAnd(s: TriageWorld): Promise<void> {
  const { world, alertId } = s;
  const first = await submit(world, { alertId, seenAt: minutesBefore(world, 20), point: { lon: -3.3, lat: 52.3 } });
  // About 200 m away, ten minutes later.
  const second = await submit(world, { alertId, seenAt: minutesBefore(world, 10), point: { lon: -3.3, lat: 52.3018 } });
  // Same place, an hour earlier: not the same moment.
  const earlier = await submit(world, { alertId, seenAt: minutesBefore(world, 80), point: { lon: -3.3, lat: 52.3 } });
  // Two kilometres away at the same time.
  const away = await submit(world, { alertId, seenAt: minutesBefore(world, 15), point: { lon: -3.3, lat: 52.318 } });
  assert.equal(first.cluster_id, first.id);
  assert.equal(second.cluster_id, first.id);
  assert.equal(earlier.cluster_id, earlier.id);
  assert.equal(away.cluster_id, away.id);
}

async function keepsAForceSQueueFrom(s: TriageWorld): Promise<void> {
  const { world } = s;
  const { forceB, national } = triageTokens(s);
  const inA = await submit(world, { kind: 'report', category: 'child_at_risk', point: FORCE_A_POINT });
  assert.equal((await forceB()('GET', `/api/v1/submissions/${inA.id}`)).statusCode, 404);
  assert.equal((await forceB()('GET', '/api/v1/submissions?queue=jurisdiction:area-a')).statusCode, 404);
  assert.equal((await forceB()('GET', '/api/v1/submissions?queue=national')).statusCode, 404);
  const listB = JSON.parse((await forceB()('GET', '/api/v1/submissions?limit=200')).body) as {
    items: { queue: string; reach: string; jurisdictionCode: string | null }[];
  };
  assert.ok(listB.items.length > 0);
  // B's own queue, and sightings of A's appeal seen in B's area (B is nearest the child).
  assert.ok(
    listB.items.every(
      (item) => item.queue === 'jurisdiction:area-b' || (item.reach === 'seen_in_area' && item.jurisdictionCode === 'area-b'),
    ),
  );
  const listAll = JSON.parse((await national()('GET', '/api/v1/submissions?limit=200')).body) as { items: { queue: string }[] };
  const queues = new Set(listAll.items.map((item) => item.queue));
  for (const queue of ['national', 'jurisdiction:area-a', 'jurisdiction:area-b']) assert.ok(queues.has(queue), queue);
  assert.equal((await national()('GET', `/api/v1/submissions/${inA.id}`)).statusCode, 200);
  assert.equal(
    (await forceB()('POST', `/api/v1/submissions/${inA.id}/triage`, { note: 'mine now', queue: 'jurisdiction:area-b' })).statusCode,
    404,
  );
}

async function filtersAQueueByLeastPriority(s: TriageWorld): Promise<void> {
  const { world, alertId } = s;
  const { forceA, national } = triageTokens(s);
  const high = await submit(world, { alertId, seenAt: minutesBefore(world, 3), point: { lon: -3.48, lat: 52.48 } });
  const low = await submit(world, { kind: 'report', category: 'other', point: FORCE_A_POINT });
  assert.ok(high.priority >= 70 && low.priority < 70);
  const filtered = JSON.parse((await forceA()('GET', '/api/v1/submissions?minPriority=70&limit=200')).body) as {
    items: { id: string; priority: number }[];
  };
  assert.ok(filtered.items.some((item) => item.id === high.id));
  assert.ok(filtered.items.every((item) => item.priority >= 70));
  assert.equal((await forceA()('GET', '/api/v1/submissions?minPriority=101')).statusCode, 400);
  const queuesA = JSON.parse((await forceA()('GET', '/api/v1/submissions/queues')).body) as {
    items: { queue: string; jurisdictionName: string | null; newCount: number; openCount: number }[];
  };
  assert.deepEqual(
    queuesA.items.map((q) => q.queue),
    ['jurisdiction:area-a'],
  );
  const { rows } = await world.db.query<{ count: number }>(
    `SELECT count(*)::integer AS count FROM public_submissions WHERE queue = 'jurisdiction:area-a' AND status = 'new'`,
  );
  assert.equal(queuesA.items[0]!.newCount, rows[0]!.count);
  assert.ok(queuesA.items[0]!.jurisdictionName);
  const queuesAll = JSON.parse((await national()('GET', '/api/v1/submissions/queues')).body) as { items: { queue: string }[] };
  assert.equal(queuesAll.items[0]!.queue, 'national');
  assert.ok(queuesAll.items.some((q) => q.queue === 'jurisdiction:area-b'));
}

async function showsContactDetailsOnlyInThe(s: TriageWorld): Promise<void> {
  const { world } = s;
  const { forceA } = triageTokens(s);
  const withContact = await submit(world, {
    kind: 'report',
    category: 'child_at_risk',
    point: FORCE_A_POINT,
    contact: { name: 'Pat Witness', phone: '+447700900123' },
  });
  const list = await forceA()('GET', '/api/v1/submissions?limit=200');
  assert.ok(!list.body.includes('Pat Witness'));
  assert.ok(!list.body.includes('+447700900123'));
  const item = (JSON.parse(list.body).items as { id: string; hasContact: boolean }[]).find((entry) => entry.id === withContact.id);
  assert.equal(item?.hasContact, true);
  const detail = await forceA()('GET', `/api/v1/submissions/${withContact.id}`);
  assert.equal(detail.statusCode, 200, detail.body);
  assert.equal(detail.headers['cache-control'], 'no-store');
  assert.deepEqual(JSON.parse(detail.body).contact, { name: 'Pat Witness', phone: '+447700900123', email: null });
  const { rows } = await world.db.query<{ actor: string; details: { contactFields: string[] } }>(
    `SELECT actor, details FROM audit_log WHERE subject_type = 'submission' AND subject_id = $1 AND action = 'submission.read'`,
    [withContact.id],
  );
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.actor, 'investigator@force-a.test');
  assert.deepEqual(rows[0]!.details.contactFields, ['contact_name', 'contact_phone']);
}

async function servesAnOriginalAttachmentAsAn(s: TriageWorld): Promise<void> {
  const { world } = s;
  const { forceA, forceB } = triageTokens(s);
  const report = await submit(world, { kind: 'report', category: 'other', point: FORCE_A_POINT });
  const bytes = await jpegWithGps(200, 150);
  const key = await world.deps.media.put(bytes, 'image/jpeg');
  const { rows } = await world.db.query<{ id: string }>(
    `INSERT INTO submission_attachments (submission_id, media_key, content_type, bytes, sha256, created_at) VALUES ($1, $2, 'image/jpeg', $3, 'abc', $4) RETURNING id`,
    [report.id, key, bytes.length, world.clock.now()],
  );
  const url = `/api/v1/submissions/${report.id}/attachments/${rows[0]!.id}`;
  const download = await forceA()('GET', url);
  assert.equal(download.statusCode, 200);
  assert.deepEqual(download.rawPayload, bytes);
  assert.match(String(download.headers['content-disposition']), /^attachment; filename="T-[0-9A-F-]+-[0-9a-f]{8}\.jpg"$/);
  assert.equal(download.headers['cache-control'], 'no-store');
  const detail = JSON.parse((await forceA()('GET', `/api/v1/submissions/${report.id}`)).body) as { attachments: { id: string }[] };
  assert.deepEqual(
    detail.attachments.map((a) => a.id),
    [rows[0]!.id],
  );
  assert.equal((await forceB()('GET', url)).statusCode, 404);
  assert.equal((await world.app.inject({ method: 'GET', url })).statusCode, 401);
  assert.equal((await forceA()('GET', `/api/v1/submissions/${report.id}/attachments/${randomUUID()}`)).statusCode, 404);
  const audited = await world.db.query(`SELECT 1 FROM audit_log WHERE subject_id = $1 AND action = 'submission.attachment.read'`, [
    report.id,
  ]);
  assert.equal(audited.rows.length, 1);
}

async function movesASubmissionBetweenQueuesAnd(s: TriageWorld): Promise<void> {
  const { world } = s;
  const { forceA, forceB } = triageTokens(s);
  const report = await submit(world, { kind: 'report', category: 'other', point: FORCE_A_POINT });
  const unknownQueue = await forceA()('POST', `/api/v1/submissions/${report.id}/triage`, {
    note: 'wrong force',
    queue: 'jurisdiction:nowhere',
  });
  assert.equal(unknownQueue.statusCode, 400, unknownQueue.body);
  const reviewed = await forceA()('POST', `/api/v1/submissions/${report.id}/triage`, {
    note: 'Read; the place is in B',
    status: 'reviewed',
  });
  assert.equal(reviewed.statusCode, 200, reviewed.body);
  const stale = await forceA()('POST', `/api/v1/submissions/${report.id}/triage`, {
    note: 'again',
    expectedUpdatedAt: '2020-01-01T00:00:00.000Z',
  });
  assert.equal(stale.statusCode, 409);
  const backToNew = await forceA()('POST', `/api/v1/submissions/${report.id}/triage`, { note: 'undo', status: 'new' });
  assert.equal(backToNew.statusCode, 409);
  const moved = await forceA()('POST', `/api/v1/submissions/${report.id}/triage`, { note: 'For force B', queue: 'jurisdiction:area-b' });
  assert.equal(moved.statusCode, 200, moved.body);
  assert.equal(JSON.parse(moved.body).queue, 'jurisdiction:area-b');
  assert.equal((await forceA()('GET', `/api/v1/submissions/${report.id}`)).statusCode, 404);
  const inB = await forceB()('GET', `/api/v1/submissions/${report.id}`);
  assert.equal(inB.statusCode, 200);
  const notes = (JSON.parse(inB.body) as { notes: { status: string | null; queue: string | null; note: string }[] }).notes;
  assert.deepEqual(
    notes.map((n) => [n.status, n.queue, n.note]),
    [
      ['reviewed', null, 'Read; the place is in B'],
      [null, 'jurisdiction:area-b', 'For force B'],
    ],
  );
  const { rows } = await world.db.query<{ action: string; details: Record<string, string> }>(
    `SELECT action, details FROM audit_log WHERE subject_id = $1 AND action IN ('submission.triage', 'submission.reassign') ORDER BY seq`,
    [report.id],
  );
  assert.deepEqual(
    rows.map((row) => [row.action, row.details.fromQueue, row.details.toQueue, row.details.toStatus]),
    [
      ['submission.triage', 'jurisdiction:area-a', 'jurisdiction:area-a', 'reviewed'],
      ['submission.reassign', 'jurisdiction:area-a', 'jurisdiction:area-b', 'reviewed'],
    ],
  );
}

async function givesAnAlertSSightingsAs(s: TriageWorld): Promise<void> {
  const { world, alertId } = s;
  const { forceA, forceB, national } = triageTokens(s);
  // One sighting passed to the other force: it is theirs to work, and leaves this force's map.
  const { rows: located } = await world.db.query<{ id: string }>(
    `SELECT id FROM public_submissions WHERE alert_id = $1 AND kind = 'sighting' AND lon IS NOT NULL AND queue = 'jurisdiction:area-a' ORDER BY received_at LIMIT 1`,
    [alertId],
  );
  assert.ok(located[0], 'a located sighting in force A’s queue');
  const passed = await forceA()('POST', `/api/v1/submissions/${located[0].id}/triage`, {
    note: 'Seen in B’s area',
    queue: 'jurisdiction:area-b',
  });
  assert.equal(passed.statusCode, 200, passed.body);
  const response = await forceA()('GET', `/api/v1/alerts/${alertId}/sightings.geojson`);
  assert.equal(response.statusCode, 200, response.body);
  assert.match(String(response.headers['content-type']), /^application\/geo\+json/);
  const collection = JSON.parse(response.body) as {
    type: string;
    features: { id: string; type: string; geometry: { type: string; coordinates: number[] }; properties: Record<string, unknown> }[];
  };
  assert.equal(collection.type, 'FeatureCollection');
  const { rows } = await world.db.query<{ count: number }>(
    `SELECT count(*)::integer AS count FROM public_submissions WHERE alert_id = $1 AND kind = 'sighting' AND lon IS NOT NULL AND queue = 'jurisdiction:area-a'`,
    [alertId],
  );
  assert.equal(collection.features.length, rows[0]!.count);
  assert.ok(!collection.features.some((f) => f.id === located[0]!.id), 'the sighting passed to force B is not on force A’s map');
  // The national centre works every queue, and sees every located sighting.
  const everything = JSON.parse((await national()('GET', `/api/v1/alerts/${alertId}/sightings.geojson`)).body) as {
    features: { id: string }[];
  };
  const { rows: all } = await world.db.query<{ count: number }>(
    `SELECT count(*)::integer AS count FROM public_submissions WHERE alert_id = $1 AND kind = 'sighting' AND lon IS NOT NULL`,
    [alertId],
  );
  assert.equal(everything.features.length, all[0]!.count);
  assert.ok(everything.features.some((f) => f.id === located[0]!.id));
  for (const feature of collection.features) {
    assert.equal(feature.type, 'Feature');
    assert.equal(feature.geometry.type, 'Point');
    assert.equal(feature.geometry.coordinates.length, 2);
    assert.deepEqual(Object.keys(feature.properties).sort(), [
      'clusterId',
      'exercise',
      'id',
      'nearPlace',
      'priority',
      'receivedAt',
      'reference',
      'seenAt',
      'status',
    ]);
    assert.equal(feature.properties.exercise, false);
    assert.ok(!('contact' in feature.properties));
  }
  assert.equal((await forceB()('GET', `/api/v1/alerts/${alertId}/sightings.geojson`)).statusCode, 404);
}

async function sendsANewHighPrioritySubmission(s: TriageWorld): Promise<void> {
  const { world, alertId } = s;
  await world.app.listen({ port: 0, host: '127.0.0.1' });
  const baseUrl = `http://127.0.0.1:${(world.app.server.address() as AddressInfo).port}`;
  const streamA = openEvents(baseUrl, world.tokens['force-a/investigator']!);
  const streamB = openEvents(baseUrl, world.tokens['force-b/investigator']!);
  try {
    assert.equal((await streamA.ready).statusCode, 200);
    assert.equal((await streamB.ready).statusCode, 200);
    await Promise.all([streamA.until((text) => text.includes('retry:')), streamB.until((text) => text.includes('retry:'))]);
    const forA = await submit(world, { alertId, seenAt: minutesBefore(world, 2), point: { lon: -3.49, lat: 52.49 } });
    await streamA.until((text) => text.includes(forA.id));
    // Then one in B's queue: B's stream is in order, so had A's reached it, it would come first.
    const forB = await submit(world, { kind: 'report', category: 'suspected_trafficking', point: FORCE_B_POINT });
    await streamB.until((text) => text.includes(forB.id));
    assert.deepEqual(
      streamB.events().map((event) => event.id),
      [forB.id],
    );
    assert.deepEqual(
      streamA.events().map((event) => event.id),
      [forA.id],
    );
    assert.equal(streamA.events()[0]!.queue, 'jurisdiction:area-a');
  } finally {
    streamA.close();
    streamB.close();
  }
}

async function marksSightingsOfAnExerciseAnd(s: TriageWorld): Promise<void> {
  const { world } = s;
  const { forceA, national } = triageTokens(s);
  const drill = await approvedAlert(world, { capStatus: 'Exercise' });
  // As urgent as a sighting gets: recent, near and plausible. A real report of little urgency beside it.
  const practice = await submit(world, { alertId: drill.alertId, seenAt: minutesBefore(world, 1), point: { lon: -3.49, lat: 52.49 } });
  const real = await submit(world, { kind: 'report', category: 'other' });
  assert.ok(practice.priority > real.priority, 'the exercise would top the queue on priority alone');

  const seen: { id: string; exercise: boolean; priority: number }[] = [];
  let cursor: string | null = null;
  do {
    const page = await national()('GET', `/api/v1/submissions?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.statusCode, 200, page.body);
    const body = JSON.parse(page.body) as { items: typeof seen; nextCursor: string | null };
    seen.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  const { rows: counted } = await world.db.query<{ count: number }>('SELECT count(*)::integer AS count FROM public_submissions');
  assert.equal(new Set(seen.map((item) => item.id)).size, counted[0]!.count, 'every submission once');
  const first = seen.findIndex((item) => item.exercise);
  assert.deepEqual(
    seen.map((item) => item.exercise),
    seen.map((_, i) => i >= first),
    'every real submission before every exercise',
  );
  assert.equal(seen.find((item) => item.id === practice.id)?.exercise, true);
  assert.equal(seen.find((item) => item.id === real.id)?.exercise, false);
  assert.ok(seen.findIndex((item) => item.id === real.id) < seen.findIndex((item) => item.id === practice.id));

  const detail = JSON.parse((await forceA()('GET', `/api/v1/submissions/${practice.id}`)).body) as { exercise: boolean };
  assert.equal(detail.exercise, true);
  const map = JSON.parse((await forceA()('GET', `/api/v1/alerts/${drill.alertId}/sightings.geojson`)).body) as {
    features: { properties: { exercise: boolean } }[];
  };
  assert.deepEqual(
    map.features.map((f) => f.properties.exercise),
    [true],
  );
  const { rows: notices } = await world.db.query<{ message: string }>('SELECT message FROM staff_notifications WHERE subject_id = $1', [
    practice.id,
  ]);
  assert.ok(notices.length > 0 && notices.every((n) => n.message.startsWith('EXERCISE: ')), JSON.stringify(notices));
}

// One world for the whole story: later tests work the sightings and reports the earlier ones sent.
describeOnEngines('Triage of sightings and reports', (engine) => {
  const state = {} as TriageWorld;

  before(async () => {
    state.world = await startTestWorld(engine, {
      users: { 'force-a': ['investigator', 'approver'], 'force-b': ['investigator'], national: ['national_coordinator'] },
    });
    // Last seen at FORCE_A_POINT at 01:30; the clock reads 03:00.
    ({ alertId: state.alertId } = await approvedAlert(state.world));
  });
  after(() => state.world.close());

  it('routes a report to the force area holding its point, else to national triage', () => routesAReportToTheForce(state));

  it('picks up a force area added to the table without a restart', () => picksUpAForceAreaAdded(state));

  it("sends a sighting of force A's appeal seen in force B's area to A's queue, and tells B", () => sendsASightingOfForceA(state));

  it('ranks a recent, near, plausible sighting above an old, far, implausible one, and flags the first', () =>
    ranksARecentNearPlausibleSighting(state));

  it('pages through a queue with a cursor, in priority order, without repeats', () => pagesThroughAQueueWithA(state));

  it('groups sightings within 500 m and 30 minutes of an earlier one of the same appeal', () => groupsSightingsWithin500MAnd(state));

  it("keeps a force's queue from another force (404) and shows every queue to the national centre", () => keepsAForceSQueueFrom(state));

  it('filters a queue by least priority, and lists the queues within reach with what waits in each', () =>
    filtersAQueueByLeastPriority(state));

  it('shows contact details only in the detail view, and audits that read', () => showsContactDetailsOnlyInThe(state));

  it('serves an original attachment as an audited, uncached download only within reach', () => servesAnOriginalAttachmentAsAn(state));

  it('moves a submission between queues and through its statuses, audited, with notes', () => movesASubmissionBetweenQueuesAnd(state));

  it("gives an alert's sightings as GeoJSON points with times, within the alert's reach", () => givesAnAlertSSightingsAs(state));

  it("sends a new high-priority submission live to the owning force's investigator, not to another force's", () =>
    sendsANewHighPrioritySubmission(state));

  it('marks sightings of an exercise and ranks them after every real submission, on every page, map and notice', () =>
    marksSightingsOfAnExerciseAnd(state));
});
