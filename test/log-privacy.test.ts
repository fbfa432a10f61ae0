// No personal data in logs, on both databases. Distinctive values are planted in every field of every input
// a person can send (public sightings and reports through the API and the forms, sign-up, staff cases and
// photo captions, enrolment CSV), each input is made to fail (a malformed field; then a database that refuses
// every write, whose errors carry the statement's parameters and the failing row), every line the app logs
// is captured, and none may hold a planted value.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describeOnEngines } from './support/databases.ts';
import { asToken, newChildCase, startTestWorld, type TestWorld } from './support/app.ts';
import { approvedAlert } from './support/alerts.ts';
import { jpegWithGps } from './support/images.ts';
import { freshClientAddress, multipartBody, solvedChallenge, uniqueKey } from '../src/reports/test-support.ts';
import { seedDemoGazetteer } from '../src/geo/gazetteer.ts';
import { importCsv } from '../src/enrolment/enrolment.test-support.ts';
import { loggerOptions } from '../src/server.ts';
import { main } from '../src/cli.ts';

const PLANTED = {
  name: 'Zephyrine Quillbottom',
  phone: '07412 345678',
  email: 'zephyrine.quillbottom@witness.example',
  place: 'Marrowdale Gasworks',
  description: 'Tangerine anorak near the Wexcombe sluice',
  vehicle: 'Mauve Brougham KX19 QZB',
  direction: 'towards Ollerbury Fen',
  companions: 'a man called Barnabus Thwaite',
  who: 'Ignatius Plumtree',
  link: 'https://plumtree-lair.example/profile',
  caption: 'Snapped at Gildersleeve fair',
  childName: 'Perpetua',
  familyName: 'Honeysuckle-Vane',
  clothing: 'Chartreuse wellingtons',
  externalRef: 'REF-QUOKKA-7781',
  label: 'Mrs Wilhelmina Farthingale',
} as const;

/** What the tests share: the world, whose logger writes to `lines`, an alert's slug and a case to change. */
interface LogState {
  world: TestWorld;
  slug: string;
  caseId: string;
  lines: string[];
  stream: Writable;
  /** Recipient files imported so far, so that each file's references are new. */
  imports: number;
}

// A place the gazetteer knows, so that only the field made malformed (or the database) refuses.
const sightingFields = (extra: Record<string, string> = {}) => ({
  seen_at: '',
  place: 'Aberystwyth',
  description: PLANTED.description,
  vehicle: PLANTED.vehicle,
  direction: PLANTED.direction,
  companions: PLANTED.companions,
  contact_name: PLANTED.name,
  contact_phone: PLANTED.phone,
  contact_email: PLANTED.email,
  ...extra,
});
const reportFields = (extra: Record<string, string> = {}) => ({
  category: 'online_grooming',
  description: PLANTED.description,
  who: PLANTED.who,
  place: 'Aberystwyth',
  link1: PLANTED.link,
  contact_name: PLANTED.name,
  contact_phone: PLANTED.phone,
  contact_email: PLANTED.email,
  ...extra,
});
const asApi = (fields: Record<string, string>) => ({
  ...Object.fromEntries(Object.entries(fields).filter(([key]) => !/^(seen_at|contact_|link1)/.test(key))),
  contactName: fields.contact_name,
  contactPhone: fields.contact_phone,
  contactEmail: fields.contact_email,
  ...(fields.seen_at ? { seenAt: fields.seen_at } : {}),
  ...(fields.link1 ? { links: [fields.link1] } : {}),
});
const pow = async (world: TestWorld) => solvedChallenge(world.db, world.clock.now());
const form = (world: TestWorld, url: string, fields: Record<string, string>, files: Parameters<typeof multipartBody>[1] = []) => {
  const body = multipartBody(fields, files);
  return world.app.inject({
    method: 'POST',
    url,
    remoteAddress: freshClientAddress(),
    headers: { 'content-type': body.contentType, accept: 'text/html' },
    payload: body.payload,
  });
};
const api = async (world: TestWorld, url: string, body: Record<string, unknown>) =>
  world.app.inject({
    method: 'POST',
    url,
    remoteAddress: freshClientAddress(),
    payload: { ...body, idempotencyKey: uniqueKey(), ...(await pow(world)) },
  });
/** A recipients file with planted values; each call's references differ from the last's. */
const csv = (state: LogState) => {
  const imports = ++state.imports;
  return `external_ref,channel,address,area,label\n${PLANTED.externalRef}-${imports},email,${PLANTED.email},area-a,${PLANTED.label}\n${PLANTED.externalRef}-${imports}b,sms,${PLANTED.phone},area-a,${PLANTED.label}\n`;
};

/** Every input once, with planted values; `broken` names one field to make malformed. */
async function sendEverything(state: LogState, broken: { seenAt?: string; dateOfBirth?: string; email?: string }): Promise<number[]> {
  const { world, slug, caseId } = state;
  const statuses: number[] = [];
  const seen: Record<string, string> = broken.seenAt ? { seen_at: broken.seenAt } : {};
  const photo = await jpegWithGps(64, 48);
  const powFields = async () => {
    const solved = await pow(world);
    return { pow_id: solved.powId, pow_nonce: solved.powNonce, idempotency_key: uniqueKey() };
  };
  const note = (response: { statusCode: number }) => response.statusCode;
  statuses.push(note(await api(world, '/api/v1/public/sightings', { appeal: slug, ...asApi(sightingFields(seen)) })));
  statuses.push(
    note(
      await form(world, `/appeals/${slug}/sighting`, { ...(await powFields()), ...sightingFields(seen) }, [
        { field: 'photo', filename: `${PLANTED.name}.jpg`, type: 'image/jpeg', bytes: photo },
      ]),
    ),
  );
  statuses.push(note(await api(world, '/api/v1/public/reports', asApi(reportFields(seen)))));
  statuses.push(note(await form(world, '/report', { ...(await powFields()), ...reportFields(seen) })));
  const email = broken.email ?? PLANTED.email;
  statuses.push(
    (
      await world.app.inject({
        method: 'POST',
        url: '/api/v1/public/subscriptions',
        remoteAddress: freshClientAddress(),
        payload: { email, phone: PLANTED.phone, places: [{ name: PLANTED.place }, { name: 'Oxford' }], consent: true },
      })
    ).statusCode,
  );
  statuses.push(
    (
      await world.app.inject({
        method: 'POST',
        url: '/alerts/sign-up',
        remoteAddress: freshClientAddress(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
        payload: new URLSearchParams({
          channel_email: 'yes',
          email,
          channel_sms: 'yes',
          phone: PLANTED.phone,
          place1: 'Oxford',
          place2: PLANTED.place,
          language: 'en',
          consent: 'yes',
        }).toString(),
      })
    ).statusCode,
  );
  const investigator = asToken(world, 'force-a/investigator');
  const child = {
    givenNames: PLANTED.childName,
    familyName: PLANTED.familyName,
    dateOfBirth: broken.dateOfBirth ?? '2013-04-02',
    sex: 'female',
    languages: ['en'],
  };
  const newCase = newChildCase(undefined, { clothing: PLANTED.clothing, circumstances: PLANTED.description });
  statuses.push(
    note(
      await investigator('POST', '/api/v1/cases', {
        ...newCase,
        child: { ...newCase.child, ...child },
        lastSeen: { ...newCase.lastSeen, place: PLANTED.place },
      }),
    ),
  );
  statuses.push(
    note(
      await investigator('PATCH', `/api/v1/cases/${caseId}`, {
        version: 1,
        child,
        clothing: PLANTED.clothing,
        circumstances: PLANTED.description,
      }),
    ),
  );
  statuses.push(note(await investigator('GET', `/api/v1/cases?q=${encodeURIComponent(PLANTED.familyName)}`)));
  const caption = multipartBody({ caption: PLANTED.caption }, [
    { field: 'photo', filename: `${PLANTED.familyName}.jpg`, type: 'image/jpeg', bytes: photo },
  ]);
  statuses.push(
    (
      await world.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${caseId}/photos`,
        headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}`, 'content-type': caption.contentType },
        payload: caption.payload,
      })
    ).statusCode,
  );
  statuses.push(note(await importCsv(world, 'partner/partner_admin', csv(state), '?mode=good-rows')));
  statuses.push(
    note(
      await importCsv(
        world,
        'partner/partner_admin',
        `${csv(state)}${PLANTED.externalRef}-3,email,"${PLANTED.email}"x,area-a,"${PLANTED.label}\n`,
      ),
    ),
  );
  return statuses;
}

function assertNothingPlanted(lines: string[]): void {
  const log = lines.join('');
  for (const [field, value] of Object.entries(PLANTED)) {
    for (const form of new Set([
      value,
      value.toLowerCase(),
      encodeURIComponent(value),
      value.replace(/ /g, '+'),
      value.split(' ').pop()!,
    ])) {
      const at = log.toLowerCase().indexOf(form.toLowerCase());
      assert.equal(at, -1, `the log holds the planted ${field}: …${log.slice(Math.max(0, at - 300), at + 100)}…`);
    }
  }
}

/** Database errors logged by the workers or printed by a command hold no planted value. */
async function logDatabaseErrorsSafely(state: LogState): Promise<void> {
  const { world, lines, stream } = state;
  lines.length = 0;
  // The dispatch workers and the housekeeping log through a pino logger built from loggerOptions.
  const log = pino(loggerOptions('trace') as pino.LoggerOptions, stream);
  const failure = await world.db
    .query('INSERT INTO subscriber_channels (subscriber_id, channel, address, created_at) VALUES ($1, $2, $3, $4)', [
      PLANTED.name,
      'email',
      PLANTED.email,
      PLANTED.phone,
    ])
    .then(
      () => undefined,
      (error: unknown) => error,
    );
  assert.ok(failure instanceof Error, 'the statement failed');
  log.error({ err: failure }, 'dispatch send failed; trying again');
  log.error(failure);
  log.warn({ error: failure, cause: new Error(PLANTED.description, { cause: failure }) }, 'submission events failed');
  log.error({ err: new Error(`could not deliver to ${PLANTED.email}`, { cause: failure }) }, 'send failed');
  assert.ok(lines.length === 4);
  assertNothingPlanted(lines);
  // The message itself holds the failing value: whatever prints it later cannot leak it.
  assert.doesNotMatch(String(failure.message), /Quillbottom|07700/);
  for (const key of ['detail', 'where', 'params', 'query'])
    assert.equal((failure as unknown as Record<string, unknown>)[key], undefined, `no ${key}`);

  // A command that fails prints only what is safe.
  const printed: string[] = [];
  await main(
    ['import', 'gazetteer', `/nonexistent/${PLANTED.familyName}.csv`],
    (line) => printed.push(line),
    (line) => printed.push(line),
  );
  assert.ok(printed.length > 0);
  assert.doesNotMatch(printed.join('\n'), /Honeysuckle/);
}

describeOnEngines('No personal data in logs', (engine) => {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const state = { lines, stream, imports: 0 } as LogState;

  before(async () => {
    const world = await startTestWorld(engine, { logger: { ...loggerOptions('trace'), stream } });
    state.world = world;
    ({ slug: state.slug } = await approvedAlert(world));
    await seedDemoGazetteer(world.db);
    const created = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', newChildCase());
    state.caseId = JSON.parse(created.body).id;
    lines.length = 0;
  });
  after(() => state.world.close());

  it('logs no planted value when fields are malformed', async () => {
    const statuses = await sendEverything(state, {
      seenAt: '0000-01-01T00:00:00Z',
      dateOfBirth: '0000-02-30',
      email: `${PLANTED.email}@@`,
    });
    assert.ok(
      statuses.some((status) => status >= 400),
      'inputs were refused',
    );
    for (const far of ['+275760-09-13T00:00:00Z', '9999-12-31T23:59:59+14:00', '1066-10-14T09:00:00Z'])
      await sendEverything(state, { seenAt: far });
    assert.ok(lines.length > 20, 'requests were logged');
    assertNothingPlanted(lines);
  });

  it('logs no planted value when the database refuses every write', async () => {
    const { world } = state;
    // A constraint no new row meets: every insert and update fails inside the database with an error that
    // carries the statement's parameters and "Failing row contains (…)": the class of error that leaked.
    for (const table of ['public_submissions', 'subscriber_channels', 'subscribers', 'children', 'cases', 'photos']) {
      await world.db.query(`ALTER TABLE ${table} ADD CONSTRAINT refuses_every_write CHECK (false) NOT VALID`);
    }
    try {
      lines.length = 0;
      const statuses = await sendEverything(state, {});
      assert.ok(statuses.filter((status) => status === 500).length >= 6, `the writes failed in the database: ${statuses.join(' ')}`);
      const failures = lines.filter((line) => line.includes('request failed'));
      assert.ok(failures.length >= 6, 'the failures are logged');
      const logged = JSON.parse(failures[0]!) as { err: { type: string; code: string; constraint?: string }; route: string };
      assert.equal(logged.err.code, '23514', 'with the SQLSTATE');
      assert.equal(logged.err.constraint, 'refuses_every_write', 'and the constraint');
      assert.match(logged.route, /^\/api\/v1\/|^\/appeals|^\/report/);
      assertNothingPlanted(lines);
    } finally {
      for (const table of ['public_submissions', 'subscriber_channels', 'subscribers', 'children', 'cases', 'photos']) {
        await world.db.query(`ALTER TABLE ${table} DROP CONSTRAINT refuses_every_write`);
      }
    }
  });

  it('keeps database errors safe however the workers and commands log or print them', () => logDatabaseErrorsSafely(state));
});
