// Alerts and recipients for dispatch tests: an approved alert over an area, through the real API (four
// eyes, second factor), and recipients written straight into the tables the sign-up and enrolment fill.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { latLngToCell } from 'h3-js';
import { cellToBigInt, SUBSCRIBER_RESOLUTION } from '../../src/geo/cells.ts';
import type { ChannelName } from '../../src/channels/channel.ts';
import type { Queryable } from '../../src/db/database.ts';
import { asToken, newChildCase, sessionFor, type TestWorld } from './app.ts';
import { jpegWithGps, multipartPhoto } from './images.ts';

export const ALERT_CRITERIA = {
  under18: { met: true, reason: 'Date of birth 2013: she is 13.' },
  imminentDanger: { met: true, reason: 'Seen pulled into a van by an unknown man.' },
  enoughInformation: { met: true, reason: 'Recent photo, van description and direction of travel.' },
};

export const ALERT_CONTENTS = [
  {
    language: 'en',
    headline: 'Child Rescue Alert: Amelia Testcase, 13, taken in Aberaeron',
    description: 'Amelia was seen being pulled into a white van outside the leisure centre.',
    instruction: 'If you see her, call 999 immediately. Do not approach.',
    contact: 'Call 999 and quote Child Rescue Alert.',
    smsText: 'CHILD RESCUE ALERT: Amelia Testcase, 13, taken in Aberaeron in a white van. If seen call 999. Do not approach.',
    broadcastText: 'Child Rescue Alert: Amelia Testcase, 13, taken in Aberaeron in a white van. Call 999.',
  },
  {
    language: 'cy',
    headline: 'Rhybudd Achub Plentyn: Amelia Testcase, 13, wedi’i chipio yn Aberaeron',
    description: 'Gwelwyd Amelia yn cael ei thynnu i fan wen y tu allan i’r ganolfan hamdden.',
    instruction: 'Os gwelwch hi, ffoniwch 999 ar unwaith. Peidiwch â mynd ati.',
    contact: 'Ffoniwch 999.',
    smsText: 'RHYBUDD ACHUB PLENTYN: Amelia Testcase, 13, Aberaeron. Ffoniwch 999. Peidiwch â mynd ati.',
    broadcastText: 'Rhybudd Achub Plentyn: Amelia Testcase, 13, Aberaeron. Ffoniwch 999.',
  },
];

/** A 30 km circle around the first force's test point. */
export const ALERT_CENTRE = { lon: -3.5, lat: 52.5 };
export const ALERT_AREA = {
  parts: [{ kind: 'circle', center: [ALERT_CENTRE.lon, ALERT_CENTRE.lat], radiusKm: 30 }],
  description: 'Within 30 km of Aberaeron',
};

/** Uploads a 600×750 JPEG carrying GPS tags to a case, as force A's investigator; returns the photo's id. */
export async function uploadCasePhoto(world: TestWorld, caseId: string): Promise<string> {
  const form = multipartPhoto(await jpegWithGps(600, 750));
  const upload = await world.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${caseId}/photos`,
    headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}`, 'content-type': form.contentType },
    payload: form.payload,
  });
  assert.equal(upload.statusCode, 201, upload.body);
  return (JSON.parse(upload.body) as { id: string }).id;
}

/** Drafts, submits and approves an alert (investigator, then an approver with a second factor). */
export async function approvedAlert(
  world: TestWorld,
  options: { capStatus?: 'Actual' | 'Exercise' | 'Test'; area?: unknown; withPhoto?: boolean; contents?: typeof ALERT_CONTENTS } = {},
): Promise<{ alertId: string; slug: string }> {
  const investigator = asToken(world, 'force-a/investigator');
  // Exercises and tests run only on cases recorded as exercises.
  const practice = options.capStatus !== undefined && options.capStatus !== 'Actual';
  const created = await investigator('POST', '/api/v1/cases', newChildCase(undefined, practice ? { exercise: true } : {}));
  assert.equal(created.statusCode, 201, created.body);
  const caseId = JSON.parse(created.body).id as string;
  await investigator('POST', `/api/v1/cases/${caseId}/risk-gradings`, { level: 'high', rationale: 'Abduction witnessed' });
  if (options.withPhoto) {
    // The draft pre-selects the case's photo.
    await uploadCasePhoto(world, caseId);
  }
  const draft = await investigator('POST', '/api/v1/alerts', { caseId });
  assert.equal(draft.statusCode, 201, draft.body);
  const drafted = JSON.parse(draft.body);
  const edited = await investigator('PATCH', `/api/v1/alerts/${drafted.id}`, {
    version: drafted.version,
    criteria: ALERT_CRITERIA,
    contents: options.contents ?? ALERT_CONTENTS,
    area: options.area ?? ALERT_AREA,
    ...(options.capStatus ? { capStatus: options.capStatus } : {}),
  });
  assert.equal(edited.statusCode, 200, edited.body);
  const submitted = await investigator('POST', `/api/v1/alerts/${drafted.id}/submit`);
  assert.equal(submitted.statusCode, 200, submitted.body);
  const approver = await sessionFor(world, 'force-a/approver');
  const approved = await approver('POST', `/api/v1/alerts/${drafted.id}/approve`, {});
  assert.equal(approved.statusCode, 200, approved.body);
  return { alertId: drafted.id as string, slug: drafted.slug as string };
}

export interface TestRecipient {
  id: string;
  channels: Partial<Record<ChannelName, { address: string; p256dh?: string; auth?: string; secret?: string; confirmed?: boolean }>>;
}

/** A recipient at a point (stored as its cell, as sign-up does), confirmed unless said otherwise. */
export async function addRecipient(
  db: Queryable,
  input: {
    at: { lon: number; lat: number }[];
    channels: TestRecipient['channels'];
    language?: string;
    exercises?: boolean;
    organisationId?: string;
    now?: Date;
  },
): Promise<TestRecipient> {
  const id = randomUUID();
  const now = input.now ?? new Date('2026-11-23T00:00:00Z');
  await db.query(
    'INSERT INTO subscribers (id, organisation_id, language, include_exercises, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)',
    [id, input.organisationId ?? null, input.language ?? 'en', input.exercises ?? false, now],
  );
  for (const [channel, c] of Object.entries(input.channels)) {
    await db.query(
      `INSERT INTO subscriber_channels (subscriber_id, channel, address, push_p256dh, push_auth, webhook_secret, confirmed_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, channel, c.address, c.p256dh ?? null, c.auth ?? null, c.secret ?? null, c.confirmed === false ? null : now, now],
    );
  }
  for (const point of input.at) {
    const cell = cellToBigInt(latLngToCell(point.lat, point.lon, SUBSCRIBER_RESOLUTION)).toString();
    await db.query('INSERT INTO subscriber_cells (cell, subscriber_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [cell, id]);
  }
  return { id, channels: input.channels };
}

/** Deliveries of an alert, by state, for assertions. */
export async function deliveryStates(db: Queryable, alertId: string): Promise<Record<string, number>> {
  const { rows } = await db.query<{ state: string; n: number }>(
    'SELECT state, count(*)::integer AS n FROM deliveries WHERE alert_id = $1 GROUP BY state',
    [alertId],
  );
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}
