// A bounded, seeded fuzz of every public and staff input. The routes are read from the app itself, so a new
// route is fuzzed without anyone listing it. Requests carry hostile text (NUL, unpaired surrogates, quotes,
// huge and impossible numbers, impossible dates, deep nesting) in path parameters, query strings, JSON
// bodies, forms, multipart fields and CSV. Two things must hold for every request: no server error, and
// nothing stored when the request is refused. Runs on the embedded database, within about 40 seconds.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TEST_ENGINES } from './support/databases.ts';
import { asToken, newChildCase, startTestWorld, type TestWorld } from './support/app.ts';
import { approvedAlert, uploadCasePhoto } from './support/alerts.ts';
import { freshClientAddress, multipartBody, solvedChallenge, uniqueKey } from '../src/reports/test-support.ts';
import { seedDemoGazetteer } from '../src/geo/gazetteer.ts';
import { ifStarted } from './support/hooks.ts';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
/** Requests per family of input; the whole file stays well under a minute. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 10_000);

const HOSTILE_TEXT = [
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfff',
  '\udc00\ud800',
  '"',
  '","',
  'a"b',
  '""""',
  '\r\n',
  '1e309',
  '-1',
  '0',
  '99999999999999999999999',
  'NaN',
  'Infinity',
  '2026-02-30T10:00:00Z',
  '0000-01-01T00:00:00Z',
  '+275760-09-13T00:00:00Z',
  '9999-12-31T23:59:59+14:00',
  '2026-13-45',
  '0000-00-00',
  '\u202e\u0000',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "'; DROP TABLE cases; --",
  '%00',
  '%ud800',
  'x'.repeat(5000),
  '👍'.repeat(300),
  '00000000-0000-0000-0000-000000000000',
  '-1.5,200',
  '91,181',
];
const HOSTILE_NUMBERS = [1e308, -1e308, 2 ** 53 + 1, -0, 1e-320, 0.5, -1, 2 ** 31, -(2 ** 31) - 1, 1e21];

const hostileString = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map((text) => `${text}\u0000${text}`) },
);
const hostileNumber = fc.oneof(fc.constantFrom(...HOSTILE_NUMBERS), fc.double(), fc.integer());

/** Percent-encodes text, unpaired surrogates included (as the three bytes a careless encoder writes for them). */
function percentEncode(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (code >= 0xd800 && code <= 0xdfff)
      out +=
        `%${(0xe0 | (code >> 12)).toString(16)}%${(0x80 | ((code >> 6) & 0x3f)).toString(16)}%${(0x80 | (code & 0x3f)).toString(16)}`.toUpperCase();
    else out += encodeURIComponent(char);
  }
  return out;
}

/** A value `levels` deep, objects and arrays in turn, with `leaf` at the bottom. */
function deep(levels: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = i % 2 ? [value] : { v: value };
  return value;
}
const deepValue = fc.tuple(fc.integer({ min: 21, max: 3000 }), hostileString).map(([levels, leaf]) => deep(levels, leaf));

const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.oneof(fc.string({ maxLength: 8 }), hostileString), tie('value'), { maxKeys: 4 }),
  ),
})).value;

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  $ref?: string;
}

/** Values shaped by a route's schema, mostly plausible, with hostile leaves and extra fields here and there. */
function fromSchema(schema: JsonSchema | undefined, known: Record<string, string[]>, depth = 0): fc.Arbitrary<unknown> {
  const hostile = fc.oneof(hostileString, hostileNumber, deepValue);
  if (!schema || depth > 6) return hostileJson;
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((choice) => fromSchema(choice, known, depth + 1)));
  if (schema.const !== undefined) return fc.oneof({ weight: 5, arbitrary: fc.constant(schema.const) }, { weight: 1, arbitrary: hostile });
  if (schema.enum) return fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...schema.enum) }, { weight: 1, arbitrary: hostile });
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  let plausible: fc.Arbitrary<unknown>;
  switch (type) {
    case 'object': {
      const properties = schema.properties ?? {};
      const record = fc.record(
        Object.fromEntries(
          Object.entries(properties).map(([name, property]) => [
            name,
            known[name]
              ? fc.oneof(fc.constantFrom(...known[name]), fromSchema(property, known, depth + 1))
              : fromSchema(property, known, depth + 1),
          ]),
        ),
        { requiredKeys: (schema.required ?? []).filter((name) => name in properties) },
      );
      plausible = fc
        .tuple(record, fc.option(fc.tuple(hostileString, hostileJson), { freq: 6 }))
        .map(([value, extra]) => (extra ? { ...value, [extra[0]]: extra[1] } : value));
      break;
    }
    case 'array':
      plausible = fc.array(fromSchema(schema.items, known, depth + 1), { maxLength: 3 });
      break;
    case 'string':
      plausible =
        schema.format === 'date-time'
          ? fc.constantFrom('2026-11-23T02:00:00Z', '2026-11-22T23:00:00+01:00')
          : schema.format === 'date'
            ? fc.constantFrom('2013-04-02', '2010-01-01')
            : schema.pattern
              ? safeStringMatching(schema.pattern)
              : fc.constantFrom(
                  'Amelia',
                  'Red coat',
                  'area-a',
                  'force-b',
                  'en',
                  'https://a.example/x',
                  'person@example.org',
                  '07400 123456',
                );
      break;
    case 'integer':
    case 'number':
      plausible = fc.integer({ min: Math.max(schema.minimum ?? 0, -1000), max: Math.min(schema.maximum ?? 1000, 1000) });
      break;
    case 'boolean':
      plausible = fc.boolean();
      break;
    default:
      plausible = hostileJson;
  }
  return fc.oneof({ weight: 4, arbitrary: plausible }, { weight: 1, arbitrary: hostile });
}

function safeStringMatching(pattern: string): fc.Arbitrary<string> {
  try {
    return fc.stringMatching(new RegExp(pattern));
  } catch {
    return fc.string({ maxLength: 10 });
  }
}

interface Route {
  method: string;
  url: string;
}

/** Every route of the app, from its own routing table (server-sent event streams left out: they never end). */
function routesOf(world: TestWorld): Route[] {
  const stack: { depth: number; path: string }[] = [];
  const routes: Route[] = [];
  for (const line of world.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.*?) \(([A-Z, ]+)\)$/.exec(line.replace(/\u00a0/g, ' '));
    if (!match) continue;
    const depth = match[1]!.length / 4;
    while (stack.length > 0 && stack[stack.length - 1]!.depth >= depth) stack.pop();
    const path = (stack[stack.length - 1]?.path ?? '') + match[2]!;
    stack.push({ depth, path });
    for (const method of match[3]!.split(', ')) {
      if (method !== 'HEAD' && method !== 'OPTIONS' && !path.endsWith('/events')) routes.push({ method, url: path });
    }
  }
  return routes;
}

/** The tables a refused request must leave as they were (not the audit log: refusals may be audited). */
const STORED_TABLES = [
  'public_submissions',
  'submission_attachments',
  'submission_notes',
  'cases',
  'children',
  'photos',
  'risk_answers',
  'risk_gradings',
  'case_shares',
  'share_contributions',
  'return_interviews',
  'unidentified_people',
  'unidentified_marks',
  'unidentified_photos',
  'match_candidates',
  'alerts',
  'alert_contents',
  'alert_photos',
  'alert_messages',
  'alert_templates',
  'alert_reissue_schedules',
  'subscribers',
  'subscriber_channels',
  'subscriber_cells',
  'screens',
  'users',
  'api_tokens',
  'organisations',
  'jurisdictions',
];

type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      {
        requestBody?: { content?: Record<string, { schema: JsonSchema }> };
        parameters?: { in: string; name: string; schema: JsonSchema }[];
      }
    >
  >;
};

/** What the fuzz properties share: the world, its routes and documentation, and the ids and tokens worth trying. */
interface FuzzState {
  world: TestWorld;
  routes: Route[];
  openapi: OpenApi;
  known: Record<string, string[]>;
  tokens: string[];
  slug: string;
  /** Answers by status code, for the diagnostic after each property. */
  tally: Map<number, number>;
}

/** Where a test reports its request tally. */
interface Diagnostics {
  diagnostic(message: string): void;
}

async function counts(world: TestWorld): Promise<string> {
  const { rows } = await world.db.query<{ counts: string }>(
    `SELECT concat_ws(',', ${STORED_TABLES.map((table) => `(SELECT count(*) FROM ${table})`).join(', ')}) AS counts`,
  );
  return rows[0]!.counts;
}

type Sent = { method: string; url: string; headers: Record<string, string>; payload?: string | Buffer };

async function send(state: FuzzState, request: Sent, label: string): Promise<void> {
  const { world, tally } = state;
  const before = await counts(world);
  const response = await world.app.inject({ ...request, method: request.method as 'GET', remoteAddress: freshClientAddress() });
  tally.set(response.statusCode, (tally.get(response.statusCode) ?? 0) + 1);
  const shown = `${label}: ${request.method} ${JSON.stringify(request.url).slice(0, 200)} ${JSON.stringify(String(request.payload ?? '')).slice(0, 400)}`;
  assert.ok(response.statusCode < 500, `server error ${response.statusCode} for ${shown}: ${response.body.slice(0, 300)}`);
  if (response.statusCode >= 400)
    assert.equal(await counts(world), before, `refused with ${response.statusCode} but stored something: ${shown}`);
}

const authorisation = (state: FuzzState) =>
  fc.oneof(
    { weight: 1, arbitrary: fc.constant<string | undefined>(undefined) },
    { weight: 4, arbitrary: fc.constantFrom(...state.tokens) },
  );
const paramValue = (state: FuzzState, name: string) =>
  fc.oneof(
    { weight: 3, arbitrary: state.known[name] ? fc.constantFrom(...state.known[name]) : fc.constantFrom('x') },
    { weight: 2, arbitrary: hostileString },
  );
const fillPath = (state: FuzzState, url: string) => {
  const names = [...url.matchAll(/:([A-Za-z]+)|\*/g)].map((match) => match[1] ?? 'wildcard');
  return fc.tuple(...names.map((name) => paramValue(state, name))).map((values) => {
    let index = 0;
    return url.replace(/:([A-Za-z]+)|\*/g, () => percentEncode(String(values[index++])));
  });
};
const openapiOperation = (state: FuzzState, route: Route) =>
  state.openapi.paths[route.url.replace(/:([A-Za-z]+)/g, '{$1}')]?.[route.method.toLowerCase()];
const queryFor = (state: FuzzState, route: Route) => {
  const documented = (openapiOperation(state, route)?.parameters ?? []).filter((parameter) => parameter.in === 'query');
  const names = [...documented.map((parameter) => parameter.name), 'q', 'cursor', 'lang', 'limit', 'from'];
  return fc
    .array(fc.tuple(fc.constantFrom(...names), fc.oneof(hostileString, fc.constantFrom('10', 'en', 'open', '2026-11-23T00:00:00Z'))), {
      maxLength: 3,
    })
    .map((pairs) => (pairs.length ? `?${pairs.map(([name, value]) => `${name}=${percentEncode(value)}`).join('&')}` : ''));
};

/** A world with an approved alert, a case with a photo and a draft, the tokens to try and the routes to fuzz. */
async function startFuzzWorld(state: FuzzState): Promise<void> {
  // Only the accounts the fuzz signs in as: each costs a password hash.
  const world = await startTestWorld(TEST_ENGINES[0]!, {
    users: {
      'force-a': ['investigator', 'approver', 'administrator'],
      national: ['national_coordinator'],
      partner: ['partner_admin'],
      'council-a': ['caseworker'],
    },
  });
  state.world = world;
  await seedDemoGazetteer(world.db);
  const { slug } = await approvedAlert(world, { withPhoto: true });
  state.slug = slug;
  const investigator = asToken(world, 'force-a/investigator');
  const caseId = JSON.parse((await investigator('POST', '/api/v1/cases', newChildCase())).body).id as string;
  const photoId = await uploadCasePhoto(world, caseId);
  const draft = JSON.parse((await investigator('POST', '/api/v1/alerts', { caseId })).body) as { id: string };
  const unidentified = JSON.parse(
    (
      await investigator('POST', '/api/v1/unidentified', {
        kind: 'living',
        found: { at: '2026-11-22T18:00:00Z', lon: -3.5, lat: 52.5, place: 'Bus station' },
        sex: 'unknown',
      })
    ).body,
  ) as { id: string };
  const { rows: alerts } = await world.db.query<{ id: string }>('SELECT id FROM alerts');
  const { rows: accounts } = await world.db.query<{ id: string }>('SELECT id FROM users');
  Object.assign(state.known, {
    caseId: [caseId],
    alertId: [...alerts.map((row) => row.id), draft.id],
    slug: [slug],
    photoId: [photoId],
    variant: ['thumb', 'page', 'full'],
    userId: accounts.map((row) => row.id),
    organisationCode: ['force-b', 'council-a'],
    organisationCodes: ['force-b'],
    caseIdentifier: [caseId],
    unidentifiedId: [unidentified.id],
    language: ['en', 'cy', 'ar'],
    file: ['1.jpg', 'index.xml'],
    appeal: [slug],
    reference: ['S-ABCD-1234', 'R-ABCD-1234'],
    version: ['1', '2'],
  });
  for (const who of [
    'force-a/investigator',
    'force-a/approver',
    'force-a/administrator',
    'national/national_coordinator',
    'partner/partner_admin',
    'council-a/caseworker',
  ]) {
    state.tokens.push(world.tokens[who]!);
  }
  state.routes = routesOf(world);
  state.openapi = JSON.parse((await world.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).body);
  assert.ok(state.routes.length > 80, `the routes are read from the app (${state.routes.length})`);
}

const params = { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false, endOnFailure: true };

/** Runs a property within its bounds; fails with fast-check's report (seed, path, counterexample). */
async function fuzz<T>(state: FuzzState, property: fc.IAsyncProperty<T>, options: fc.Parameters<T>, context: Diagnostics): Promise<void> {
  const { tally } = state;
  tally.clear();
  const details = await fc.check(property, options);
  const statuses = [...tally]
    .sort(([a], [b]) => a - b)
    .map(([status, count]) => `${status}×${count}`)
    .join(' ');
  context.diagnostic(`${details.numRuns} requests${details.interrupted ? ' (stopped at the time limit)' : ''}: ${statuses}`);
  if (details.failed) throw new Error(fc.defaultReportMessage(details) ?? 'the property failed');
  assert.ok(details.numRuns >= 20, `too few requests ran (${details.numRuns}) to mean anything`);
}

/** Every route, with hostile path parameters, query strings and JSON bodies. */
async function fuzzRoutes(state: FuzzState, t: Diagnostics): Promise<void> {
  const { known } = state;
  const request = fc.integer({ min: 0, max: 10_000 }).chain((index) => {
    const route = state.routes[index % state.routes.length]!;
    const schema = openapiOperation(state, route)?.requestBody?.content?.['application/json']?.schema;
    return fc.record({
      route: fc.constant(route),
      url: fillPath(state, route.url),
      query: queryFor(state, route),
      token: authorisation(state),
      body:
        route.method === 'GET' || route.method === 'DELETE'
          ? fc.constant(undefined)
          : fc.oneof(
              { weight: 3, arbitrary: fromSchema(schema, known) },
              { weight: 1, arbitrary: hostileJson },
              { weight: 1, arbitrary: deepValue },
            ),
    });
  });
  await fuzz(
    state,
    fc.asyncProperty(request, async ({ route, url, query, token, body }) => {
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      if (body !== undefined) headers['content-type'] = 'application/json';
      await send(
        state,
        { method: route.method, url: url + query, headers, ...(body === undefined ? {} : { payload: JSON.stringify(body) }) },
        'route',
      );
    }),
    { ...params, numRuns: RUNS * 3 },
    t,
  );
}

/** Sightings and reports, through the API and the forms, JSON and multipart. */
async function fuzzSubmissions(state: FuzzState, t: Diagnostics): Promise<void> {
  const { world, slug } = state;
  const fieldNames = [
    'description',
    'place',
    'place_choice',
    'seen_at',
    'lat',
    'lon',
    'vehicle',
    'direction',
    'companions',
    'who',
    'category',
    'link1',
    'contact_name',
    'contact_phone',
    'contact_email',
    'from',
  ];
  // Mostly one field changed at a time, so that the rest of the submission is good and the hostile
  // value travels as far as it can (into the database), sometimes a few at once or a stray field.
  const fieldValue = fc.oneof(
    { weight: 3, arbitrary: hostileString },
    { weight: 1, arbitrary: fc.constantFrom('Aberystwyth', 'A girl in a red coat', 'online_grooming', '52.41', '2026-11-23T01:00') },
  );
  const fieldName = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...fieldNames) }, { weight: 1, arbitrary: hostileString });
  const fields = fc.array(fc.tuple(fieldName, fieldValue), { minLength: 1, maxLength: 3 }).map((pairs) => Object.fromEntries(pairs));
  const target = fc.constantFrom('sighting-form', 'sighting-api', 'report-form', 'report-api');
  const encoding = fc.constantFrom('multipart', 'json');
  await fuzz(
    state,
    fc.asyncProperty(
      target,
      encoding,
      fields,
      fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
      async (where, how, extra, withPow) => {
        const base: Record<string, string> = {
          description: 'A girl in a red coat',
          lat: '52.41',
          lon: '-4.08',
          category: 'online_grooming',
          idempotency_key: uniqueKey(),
        };
        if (where.startsWith('sighting')) base.appeal = slug;
        if (withPow) {
          const solved = await solvedChallenge(world.db, world.clock.now());
          Object.assign(base, { pow_id: solved.powId, pow_nonce: solved.powNonce });
        }
        const all = { ...base, ...extra };
        const url = {
          'sighting-form': `/appeals/${slug}/sighting`,
          'sighting-api': '/api/v1/public/sightings',
          'report-form': '/report',
          'report-api': '/api/v1/public/reports',
        }[where];
        if (how === 'multipart' || where.endsWith('form')) {
          const body = multipartBody(all);
          await send(
            state,
            {
              method: 'POST',
              url,
              headers: { 'content-type': body.contentType, accept: where.endsWith('form') ? 'text/html' : 'application/json' },
              payload: body.payload,
            },
            where,
          );
        } else {
          const json: Record<string, unknown> = {
            ...all,
            idempotencyKey: all.idempotency_key,
            powId: all.pow_id,
            powNonce: all.pow_nonce,
            seenAt: all.seen_at,
            lat: Number(all.lat),
            lon: Number(all.lon),
            links: all.link1 ? [all.link1] : undefined,
          };
          await send(state, { method: 'POST', url, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(json) }, where);
        }
      },
    ),
    params,
    t,
  );
}

/** Sign-up forms, photo captions and enrolment CSV files. */
async function fuzzSignUpsAndFiles(state: FuzzState, t: Diagnostics): Promise<void> {
  const { world, known } = state;
  const signUpNames = ['email', 'phone', 'channel_email', 'channel_sms', 'place1', 'place2', 'wide1', 'language', 'consent', 'code'];
  const formFields = fc.dictionary(
    fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...signUpNames) }, { weight: 1, arbitrary: hostileString }),
    fc.oneof(hostileString, fc.constantFrom('yes', 'Oxford', 'person@example.org', '07400 123456', 'en')),
    { maxKeys: 6 },
  );
  const csvCell = fc.oneof(
    hostileString,
    fc.constantFrom(
      'r1',
      'email',
      'sms',
      'webhook',
      'a@example.org',
      '07400 123456',
      'area-a',
      'yes',
      'Mrs "Bee" Jones',
      '"quoted ""twice"""',
      '52.5,-3.5',
    ),
  );
  const csv = fc
    .tuple(
      fc.constantFrom(
        'external_ref,channel,address,area',
        'external_ref,channel,address,area,language,exercises,label',
        'external_ref,"chan"nel,address,area',
        '\u0000',
      ),
      fc.array(fc.array(csvCell, { minLength: 1, maxLength: 8 }), { maxLength: 5 }),
      fc.constantFrom('\n', '\r\n'),
    )
    .map(([header, rows, newline]) => [header, ...rows.map((row) => row.join(','))].join(newline) + newline);
  const family = fc.oneof(
    fc.record({
      kind: fc.constant('sign-up-form' as const),
      url: fc.constantFrom('/alerts/sign-up', '/alerts/confirm-code', '/api/v1/public/subscriptions'),
      fields: formFields,
    }),
    fc.record({
      kind: fc.constant('caption' as const),
      fields: fc.dictionary(fc.oneof(fc.constant('caption'), hostileString), hostileString, { maxKeys: 3 }),
    }),
    fc.record({
      kind: fc.constant('csv' as const),
      csv,
      mode: fc.constantFrom('', '?mode=good-rows', `?mode=${encodeURIComponent('\u0000')}`),
    }),
  );
  await fuzz(
    state,
    fc.asyncProperty(family, async (input) => {
      if (input.kind === 'sign-up-form') {
        await send(
          state,
          {
            method: 'POST',
            url: input.url,
            headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
            payload: new URLSearchParams(input.fields).toString(),
          },
          'sign-up form',
        );
      } else if (input.kind === 'caption') {
        const body = multipartBody(input.fields, [
          { field: 'photo', filename: 'p.jpg', type: 'image/jpeg', bytes: Buffer.from('not a photo') },
        ]);
        await send(
          state,
          {
            method: 'POST',
            url: `/api/v1/cases/${known.caseId![0]}/photos`,
            headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}`, 'content-type': body.contentType },
            payload: body.payload,
          },
          'caption',
        );
      } else {
        await send(
          state,
          {
            method: 'POST',
            url: `/api/v1/enrolment/recipients/import${input.mode}`,
            headers: { authorization: `Bearer ${world.tokens['partner/partner_admin']}`, 'content-type': 'text/csv' },
            payload: input.csv,
          },
          'csv',
        );
      }
    }),
    params,
    t,
  );
}

describe('Fuzzing every input', { skip: TEST_ENGINES[0]!.skip }, () => {
  const state = { known: {}, tokens: [] as string[], slug: '', tally: new Map<number, number>() } as FuzzState;

  before(() => startFuzzWorld(state));
  after(() => ifStarted(state.world)?.close());

  it('answers hostile path parameters, query strings and JSON bodies on every route without a server error', (t) => fuzzRoutes(state, t));

  it('answers hostile sightings and reports, through the API and the forms, JSON and multipart', (t) => fuzzSubmissions(state, t));

  it('answers hostile sign-ups, photo captions and enrolment files', (t) => fuzzSignUpsAndFiles(state, t));
});
