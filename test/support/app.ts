// An app built from test parts: a fresh database on the chosen engine, a temporary media folder,
// a clock the test can move, and a small world of organisations and staff of every role.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { AppDeps } from '../../src/app-deps.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Database } from '../../src/db/database.ts';
import { filesystemMediaStore } from '../../src/media/media-store.ts';
import { createMetrics } from '../../src/ops/metrics.ts';
import { buildApp, type BuildOptions } from '../../src/server.ts';
import { addUser } from '../../src/auth/account-lifecycle.ts';
import { createApiToken } from '../../src/auth/api-tokens.ts';
import { findUserByEmail } from '../../src/auth/accounts.ts';
import type { Role } from '../../src/auth/roles.ts';
import { currentTotpCode, newTotpSecret } from '../../src/auth/totp.ts';
import { insertJurisdiction } from '../../src/geo/jurisdictions-store.ts';
import { insertOrganisation, type OrganisationKind } from '../../src/orgs/store.ts';
import { SNAPSHOT_TTL_MS } from '../../src/public-site/active-appeals.ts';
import type { TestEngine } from './databases.ts';

export interface TestClock {
  now: () => Date;
  set(date: Date): void;
  advance(ms: number): void;
}

export function testClock(start = new Date('2026-11-23T03:00:00Z')): TestClock {
  let current = start.getTime();
  return { now: () => new Date(current), set: (date) => (current = date.getTime()), advance: (ms) => (current += ms) };
}

/** A clock that runs with real time (browsers drop cookies that expired by their own clock); set and advance shift it. */
export function liveClock(): TestClock {
  let offset = 0;
  return {
    now: () => new Date(Date.now() + offset),
    set: (date) => (offset = date.getTime() - Date.now()),
    advance: (ms) => (offset += ms),
  };
}

export const PASSWORD = 'correct horse battery staple';

/** A square area [west, south] to [east, north]. */
export function square(west: number, south: number, east: number, north: number) {
  return {
    type: 'Polygon' as const,
    coordinates: [
      [
        [west, south],
        [east, south],
        [east, north],
        [west, north],
        [west, south],
      ],
    ],
  };
}

// Two neighbouring forces inside one country; points inside each for cases.
export const FORCE_A_POINT = { lon: -3.5, lat: 52.5 };
export const FORCE_B_POINT = { lon: -1.5, lat: 51.5 };

export interface TestWorld {
  app: FastifyInstance;
  db: Database;
  deps: AppDeps;
  clock: TestClock;
  mediaDir: string;
  /** Bearer tokens by "<org>/<role>", e.g. "force-a/investigator". */
  tokens: Record<string, string>;
  close(): Promise<void>;
}

const CLOSE_GRACE_MS = 1_000;

export const ORGS: { code: string; name: string; kind: OrganisationKind; jurisdiction: string }[] = [
  { code: 'force-a', name: 'Force A Police', kind: 'police_force', jurisdiction: 'area-a' },
  { code: 'force-b', name: 'Force B Police', kind: 'police_force', jurisdiction: 'area-b' },
  { code: 'national', name: 'National Missing Children Centre', kind: 'national_centre', jurisdiction: 'country' },
  { code: 'council-a', name: 'Council A Children’s Services', kind: 'local_authority', jurisdiction: 'area-a' },
  { code: 'charity', name: 'Runaway Helpline', kind: 'charity', jurisdiction: 'country' },
  { code: 'partner', name: 'Postal Partner Ltd', kind: 'partner_company', jurisdiction: 'country' },
];

/** Every user of the default test world as "org/role", in a fixed order: the rows of the access matrices. */
export const TEST_USERS = [
  'force-a/investigator',
  'force-a/approver',
  'force-a/analyst',
  'force-a/administrator',
  'force-b/investigator',
  'force-b/approver',
  'force-b/analyst',
  'force-b/administrator',
  'national/national_coordinator',
  'national/analyst',
  'national/administrator',
  'council-a/caseworker',
  'charity/caseworker',
  'partner/partner_admin',
] as const;
export type TestUser = (typeof TEST_USERS)[number];

export const DEFAULT_USERS: Record<string, Role[]> = {};
for (const user of TEST_USERS) {
  const [org, role] = user.split('/') as [string, Role];
  (DEFAULT_USERS[org] ??= []).push(role);
}

export async function startTestWorld(
  engine: TestEngine,
  options: { users?: Partial<Record<string, Role[]>>; clock?: TestClock; config?: Partial<Config>; logger?: BuildOptions['logger'] } = {},
): Promise<TestWorld> {
  const db = await engine.open();
  const clock = options.clock ?? testClock();
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-media-'));
  const config = { ...loadConfig({}), dataDir: mediaDir, logLevel: 'silent' as const, ...options.config };
  const deps: AppDeps = {
    db,
    media: filesystemMediaStore(mediaDir),
    config,
    clock: clock.now,
    metrics: createMetrics({ defaultMetrics: false }),
  };

  const areas = {
    country: await insertJurisdiction(db, { code: 'country', name: 'The Country', kind: 'country', geometry: square(-8, 49.8, 2, 59) }),
  } as Record<string, string>;
  const parentId = areas.country;
  areas['area-a'] = await insertJurisdiction(db, {
    code: 'area-a',
    name: 'Area A',
    kind: 'force_area',
    geometry: square(-5, 51.8, -2.6, 53.4),
    parentId,
  });
  areas['area-b'] = await insertJurisdiction(db, {
    code: 'area-b',
    name: 'Area B',
    kind: 'force_area',
    geometry: square(-2.6, 51, -0.5, 52.2),
    parentId,
  });
  for (const org of ORGS)
    await insertOrganisation(db, { code: org.code, name: org.name, kind: org.kind, jurisdictionIds: [areas[org.jurisdiction]!] });

  // By default: every role each organisation may hold.
  const users = options.users ?? DEFAULT_USERS;
  const tokens: Record<string, string> = {};
  for (const [org, roles] of Object.entries(users)) {
    for (const role of roles ?? []) {
      const email = `${role}@${org}.test`;
      await addUser(
        deps,
        { email, name: `${role} of ${org}`, role, organisationCode: org, password: PASSWORD },
        { actorId: null, actor: 'test' },
      );
      const user = (await findUserByEmail(db, email))!;
      tokens[`${org}/${role}`] = (await createApiToken(db, user.id, 'test', clock.now())).token;
    }
  }

  const app = await buildApp(deps, { logger: options.logger ?? false });
  return {
    app,
    db,
    deps,
    clock,
    mediaDir,
    tokens,
    async close() {
      // A connection a client opened and never sent a request on keeps a listening server open until Node's
      // headers timeout (a minute); what is still open a second into closing is not waited for.
      const cut = setTimeout(() => app.server.closeAllConnections(), CLOSE_GRACE_MS);
      await app.close();
      clearTimeout(cut);
      await db.close();
      fs.rmSync(mediaDir, { recursive: true, force: true });
    },
  };
}

/**
 * One test world per engine for all the suites of a file that ask for it, started by the first to ask and closed
 * after the file's last test: each world costs seconds to start. Only for suites whose tests use data of their
 * own and never need a database that nothing else has written to. Call it at the top level of the file.
 */
export function worldPerEngine(options: Parameters<typeof startTestWorld>[1] = {}): (engine: TestEngine) => Promise<TestWorld> {
  const worlds = new Map<TestEngine['name'], Promise<TestWorld>>();
  after(async () => {
    for (const world of worlds.values()) await (await world.catch(() => undefined))?.close();
  });
  return (engine) => {
    const world = worlds.get(engine.name) ?? startTestWorld(engine, options);
    worlds.set(engine.name, world);
    return world;
  };
}

/**
 * The body of the public page at `url` once `shows` holds for it, else the last body read in `timeoutMs`. Public
 * lists are snapshots read again a few seconds after they were loaded, so a change made elsewhere shows within
 * that time: asking again until it shows costs what is left of the snapshot's life, not a fixed wait for all of it.
 * Twice that life is allowed, for a loaded machine.
 */
export async function publicPageWhen(
  world: TestWorld,
  url: string,
  shows: (body: string) => boolean,
  timeoutMs = 2 * SNAPSHOT_TTL_MS,
): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const { body } = await world.app.inject({ method: 'GET', url });
    if (shows(body) || performance.now() > deadline) return body;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A JSON request as the holder of a token. */
export function asToken(world: TestWorld, who: string) {
  const token = world.tokens[who];
  if (!token) throw new Error(`no test user ${who}`);
  return (
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    world.app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${token}`, ...headers },
      ...(body === undefined ? {} : { payload: body as object }),
    });
}

/**
 * A new case of a child, Amelia Testcase by default. Tests record her many times over, so each request says she
 * is a different child from any recorded before (tests of the duplicate check leave `confirmedNewChild` out).
 */
export function newChildCase(point = FORCE_A_POINT, overrides: Record<string, unknown> = {}) {
  return {
    confirmedNewChild: true,
    child: {
      givenNames: 'Amelia',
      familyName: 'Testcase',
      dateOfBirth: '2013-04-02',
      sex: 'female',
      heightCm: 142,
      hairColour: 'brown',
      languages: ['en'],
    },
    lastSeen: { at: '2026-11-23T01:30:00Z', lon: point.lon, lat: point.lat, place: 'Outside the leisure centre' },
    circumstances: 'Did not come home after swimming.',
    clothing: 'Red coat, black jeans',
    ...overrides,
  };
}

/**
 * A browser-like session for a test user who has signed in with password and TOTP (approvers need one):
 * requests carry the session cookie and, on writes, the CSRF token.
 */
export async function sessionFor(world: TestWorld, who: string) {
  const [org, role] = who.split('/');
  const email = `${role}@${org}.test`;
  const secret = newTotpSecret();
  await world.db.query('UPDATE users SET totp_secret = $2, totp_enabled = true, totp_last_step = 0 WHERE lower(email) = lower($1)', [
    email,
    secret,
  ]);
  const signIn = await world.app.inject({ method: 'POST', url: '/api/v1/auth/sign-in', payload: { email, password: PASSWORD } });
  if (signIn.statusCode !== 200) throw new Error(`sign-in failed: ${signIn.body}`);
  const cookie = String(signIn.headers['set-cookie']).split(';')[0]!;
  const csrf = (JSON.parse(signIn.body) as { csrfToken: string }).csrfToken;
  const second = await world.app.inject({
    method: 'POST',
    url: '/api/v1/auth/second-factor',
    headers: { cookie, 'x-csrf-token': csrf },
    payload: { code: currentTotpCode(secret, world.clock.now()) },
  });
  if (second.statusCode !== 200) throw new Error(`second factor failed: ${second.body}`);
  // The second factor gives the session a new cookie value.
  const activeCookie = String(second.headers['set-cookie']).split(';')[0]!;
  return (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<LightMyRequestResponse> =>
    world.app.inject({
      method,
      url,
      headers: { ...headers, cookie: activeCookie, 'x-csrf-token': csrf },
      ...(body === undefined ? {} : { payload: body as object }),
    });
}
