// The demo: two police forces with real-looking areas, the national centre, partner agencies, a member of
// staff in every role with a printed password (and TOTP secret where the role needs one), and a dozen
// fictional children with generated pictures. It fills an empty database only, through the same actions
// staff use, so everything it creates is validated and audited like real work.
import fs from 'node:fs';
import path from 'node:path';
import { randomInt } from 'node:crypto';
import type { AppDeps } from '../app-deps.ts';
import { findUserByEmail } from '../auth/accounts.ts';
import { actorFromUser, type Actor } from '../auth/actor.ts';
import { ROLE_GRANTS, type Role } from '../auth/roles.ts';
import { currentTotpCode, newTotpSecret } from '../auth/totp.ts';
import { addUser } from '../auth/account-lifecycle.ts';
import { addPhoto, closeCase, gradeRisk, recordCase, recordRiskAnswers, shareCase } from '../cases/actions.ts';
import { childIdOfCase } from '../cases/store.ts';
import { seedDemoSubscribers } from './demo-subscribers.ts';
import { seedDemoGazetteer } from '../geo/gazetteer.ts';
import { demoAlertSteps } from './demo-alerts.ts';
import { demoPhilomenaSteps } from './demo-philomena.ts';
import type { Queryable } from '../db/database.ts';
import { insertJurisdiction } from '../geo/jurisdictions-store.ts';
import { anyOrganisationExists, insertOrganisation, type OrganisationKind } from '../orgs/store.ts';
import { DEMO_CHILDREN, DEMO_EPISODES, type DemoChild, type DemoEpisode, type ForceRole } from './demo-cases.ts';
import { DEMO_JURISDICTIONS, DEMO_PLACES } from './demo-places.ts';
import { renderAvatarJpeg } from './demo-photos.ts';
import { formatTime } from '../i18n/dates.ts';
import { matchCase, matchUnidentified } from '../matching/matcher.ts';
import { recordUnidentified } from '../unidentified/actions.ts';
import { DEMO_UNIDENTIFIED } from './demo-unidentified.ts';
import { demoInterviewSteps } from './demo-interviews.ts';
import { demoAppealSteps } from './demo-appeals.ts';
import { DEMO_ARCHIVED_CHILDREN, DEMO_ARCHIVED_EPISODES } from './demo-retention.ts';

export interface DemoAccount {
  email: string;
  name: string;
  role: Role;
  /** The organisation's code. */
  organisation: string;
  password: string;
  totpSecret: string | null;
}

// The config gives the public address that published demo alerts (CAP messages) point at.
type SeedDeps = Pick<AppDeps, 'db' | 'media' | 'clock'> & { config: Pick<AppDeps['config'], 'publicUrl'> };

export const DEMO_CREDENTIALS_FILE = 'demo-accounts.json';

const SEED_BY = { actorId: null, actor: 'demo-seed' };
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;
// The staff accounts "exist" from before the earliest episode (the archived ones of demo-retention.ts, years
// ago), so the timeline reads in order; the public's subscriptions are a month old.
const ACCOUNTS_CREATED_DAYS_AGO = 9 * 365;
const SUBSCRIBERS_SIGNED_UP_DAYS_AGO = 30;
// Every child and episode of the demo: this month's, and the archived ones now due for review.
const ALL_CHILDREN = [...DEMO_CHILDREN, ...DEMO_ARCHIVED_CHILDREN];
const ALL_EPISODES = [...DEMO_ARCHIVED_EPISODES, ...DEMO_EPISODES];

// Contacts use Ofcom's numbers for drama (01632 960000–960999), which reach nobody, and .demo addresses.
const contact = (desk: string, phone: string, email: string) => ({ desk, phone, email });
export const DEMO_ORGANISATIONS: {
  code: string;
  name: string;
  kind: OrganisationKind;
  area: keyof typeof DEMO_JURISDICTIONS;
  contact?: { desk: string; phone: string; email: string };
}[] = [
  {
    code: 'dyfed-powys',
    name: 'Dyfed-Powys Police',
    kind: 'police_force',
    area: 'dyfed-powys',
    contact: contact('Missing Persons Unit (24 hours)', '01632 960101', 'missing.persons@dyfed-powys.demo'),
  },
  {
    code: 'thames-valley',
    name: 'Thames Valley Police',
    kind: 'police_force',
    area: 'thames-valley',
    contact: contact('Missing Persons Co-ordinator, Force Control Room (24 hours)', '01632 960202', 'missing.persons@thames-valley.demo'),
  },
  {
    code: 'national',
    name: 'National Missing Children Centre',
    kind: 'national_centre',
    area: 'country',
    contact: contact('Duty desk (24 hours)', '01632 960303', 'duty@national.demo'),
  },
  { code: 'oxfordshire-cc', name: 'Oxfordshire County Council Children’s Services', kind: 'local_authority', area: 'thames-valley' },
  { code: 'runaway-helpline', name: 'Runaway Helpline', kind: 'charity', area: 'country' },
  { code: 'postal-partner', name: 'Postal Partner Ltd', kind: 'partner_company', area: 'country' },
];

/** One member of staff per role, where that role works; the forces have an officer and a senior officer each. */
export const DEMO_STAFF: { organisation: string; role: Role; name: string }[] = [
  { organisation: 'dyfed-powys', role: 'investigator', name: 'DC Rhian Pritchard' },
  { organisation: 'dyfed-powys', role: 'approver', name: 'DI Gethin Lloyd' },
  { organisation: 'thames-valley', role: 'investigator', name: 'DC Priya Raman' },
  { organisation: 'thames-valley', role: 'approver', name: 'DI Sarah Whitfield' },
  { organisation: 'national', role: 'national_coordinator', name: 'Helen Mensah' },
  { organisation: 'national', role: 'analyst', name: 'Grace Liang' },
  { organisation: 'national', role: 'administrator', name: 'Martin Hale' },
  { organisation: 'oxfordshire-cc', role: 'caseworker', name: 'Joanne Fisher' },
  { organisation: 'runaway-helpline', role: 'caseworker', name: 'Sam Adebayo' },
  { organisation: 'postal-partner', role: 'partner_admin', name: 'Neil Carter' },
];

export function demoEmail(role: Role, organisation: string): string {
  return `${role.replace('_', '-')}@${organisation}.demo`;
}

export async function databaseIsEmpty(db: Queryable): Promise<boolean> {
  return !(await anyOrganisationExists(db));
}

// Consonant-vowel syllables without look-alike letters: easy to read off a terminal and type. Eight syllables
// and two digits give about 56 bits, plenty behind argon2 and the lock-out for a demo install.
const CONSONANTS = 'bdfghjkmnprstvz';
const VOWELS = 'aeiou';

function demoPassword(): string {
  const syllable = () => `${CONSONANTS[randomInt(CONSONANTS.length)]}${VOWELS[randomInt(VOWELS.length)]}`;
  const word = () => `${syllable()}${syllable()}`;
  return `${word()}-${word()}-${word()}-${word()}-${randomInt(10, 100)}`;
}

/** The date of birth that makes the child `years` old today, `days` after their birthday. */
function dateOfBirth(now: Date, age: DemoChild['age']): string {
  const birthday = Date.UTC(now.getUTCFullYear() - age.years, now.getUTCMonth(), now.getUTCDate()) - age.days * 24 * HOUR_MS;
  return new Date(birthday).toISOString().slice(0, 10);
}

/** Discloses a case to a local authority or charity, as the share route does, with its audit entry. */
interface Step {
  at: Date;
  /** Runs with the clock stopped at `at`. */
  run(deps: SeedDeps): Promise<void>;
}

interface SeedState {
  actors: Map<string, Actor>;
  photos: Map<string, Buffer>;
  caseIds: Map<string, string>;
  childIds: Map<string, string>;
}

function actorFor(state: SeedState, force: string, role: ForceRole): Actor {
  const actor = state.actors.get(demoEmail(role, force));
  if (!actor) throw new Error(`demo seed: no ${role} at ${force}`);
  return actor;
}

/** What happens on one episode, in order: reported, questions answered, graded, photo added, shared, closed. */
function episodeSteps(episode: DemoEpisode, now: Date, state: SeedState): Step[] {
  const child = ALL_CHILDREN.find((candidate) => candidate.key === episode.childKey);
  if (!child) throw new Error(`demo seed: episode ${episode.key} names no known child`);
  const place = DEMO_PLACES[episode.place];
  if (place.force !== episode.force) throw new Error(`demo seed: ${place.town} is not in ${episode.force}`);
  const lastSeen = now.getTime() - episode.lastSeenHoursAgo * HOUR_MS;
  const reported = lastSeen + episode.reportedAfterMinutes * MINUTE_MS;
  const after = (minutes: number) => new Date(reported + minutes * MINUTE_MS);
  const caseId = () => state.caseIds.get(episode.key)!;
  const investigator = () => actorFor(state, episode.force, 'investigator');

  const steps: Step[] = [
    {
      at: after(0),
      async run(deps) {
        const knownChildId = state.childIds.get(child.key);
        const id = await recordCase(deps, investigator(), {
          ...(knownChildId ? { childId: knownChildId } : { child: { ...child.details, dateOfBirth: dateOfBirth(now, child.age) } }),
          lastSeen: { at: new Date(lastSeen).toISOString(), lon: place.lon, lat: place.lat, place: episode.spot },
          circumstances: episode.circumstances,
          clothing: episode.clothing,
          ...(episode.vehicle ? { vehicle: episode.vehicle } : {}),
          ...(episode.suspect ? { suspect: episode.suspect } : {}),
          ...(episode.sensitive ? { sensitive: true } : {}),
          ...(episode.exercise ? { exercise: true } : {}),
        });
        state.caseIds.set(episode.key, id);
        if (!knownChildId) state.childIds.set(child.key, await childIdOfCase(deps.db, id));
        // Matched as the API matches a new episode, against whoever has been found so far.
        await matchCase(deps.db, id, deps.clock());
      },
    },
    { at: after(10), run: (deps) => recordRiskAnswers(deps, investigator(), caseId(), episode.risk.answers) },
    {
      at: after(20),
      run: (deps) =>
        gradeRisk(deps, actorFor(state, episode.force, episode.risk.gradedBy), caseId(), episode.risk.level, episode.risk.rationale),
    },
    {
      at: after(30),
      async run(deps) {
        await addPhoto(deps, investigator(), caseId(), state.photos.get(child.key)!, episode.photoCaption);
      },
    },
  ];
  if (episode.share) {
    const { organisationCode, reason, purpose, afterMinutes } = episode.share;
    steps.push({
      at: after(afterMinutes),
      run: (deps) => shareCase(deps, actorFor(state, episode.force, 'approver'), caseId(), { organisationCode, reason, purpose }),
    });
  }
  if (episode.closed) {
    const { outcome, notes, afterHours } = episode.closed;
    const closedAt = new Date(lastSeen + afterHours * HOUR_MS);
    if (closedAt <= after(30)) throw new Error(`demo seed: episode ${episode.key} closes before its photo is added`);
    steps.push({
      at: closedAt,
      async run(deps) {
        await closeCase(deps, investigator(), caseId(), outcome, notes);
        await matchCase(deps.db, caseId(), deps.clock());
      },
    });
  }
  for (const step of steps) {
    if (step.at > now) throw new Error(`demo seed: episode ${episode.key} has a step in the future`);
  }
  return steps;
}

/** People found and not yet named, each recorded and matched as the API does. */
function unidentifiedSteps(now: Date, state: SeedState): Step[] {
  return DEMO_UNIDENTIFIED.map((found) => {
    const place = DEMO_PLACES[found.place];
    if (place.force !== found.force) throw new Error(`demo seed: ${place.town} is not in ${found.force}`);
    const at = new Date(now.getTime() - found.foundHoursAgo * HOUR_MS);
    const { spot, ...record } = found.record;
    return {
      at: new Date(at.getTime() + 20 * MINUTE_MS),
      async run(deps: SeedDeps) {
        const id = await recordUnidentified(deps, actorFor(state, found.force, 'investigator'), {
          ...record,
          found: { at: at.toISOString(), lon: place.lon + found.offset.lon, lat: place.lat + found.offset.lat, place: spot },
        });
        await matchUnidentified(deps.db, id, deps.clock());
      },
    };
  });
}

/**
 * Fills an empty database with the demo and returns the accounts with their passwords (shown once: the
 * database keeps only hashes). Refuses a database that has organisations already. Work is done through
 * the staff actions with the clock set to when each thing happened, so case histories and the audit log
 * read in order; if a step fails, what was done before it stays and the database must be emptied by hand.
 */
export async function seedDemo(deps: SeedDeps): Promise<DemoAccount[]> {
  if (!(await databaseIsEmpty(deps.db)))
    throw new Error('The database already has organisations: demo data goes into an empty database only.');
  const now = deps.clock();
  const accountsCreatedAt = new Date(now.getTime() - ACCOUNTS_CREATED_DAYS_AGO * 24 * HOUR_MS);
  const at = (when: Date): SeedDeps => ({ ...deps, clock: () => when });

  await deps.db.transaction(async (tx) => {
    const { country, ...forces } = DEMO_JURISDICTIONS;
    const areaIds: Record<string, string> = { country: await insertJurisdiction(tx, country) };
    for (const [key, area] of Object.entries(forces)) areaIds[key] = await insertJurisdiction(tx, { ...area, parentId: areaIds.country });
    for (const organisation of DEMO_ORGANISATIONS) {
      const { area, ...fields } = organisation;
      await insertOrganisation(tx, { ...fields, jurisdictionIds: [areaIds[area]!] });
    }
  });

  const state: SeedState = { actors: new Map(), photos: new Map(), caseIds: new Map(), childIds: new Map() };
  const accounts: DemoAccount[] = [];
  for (const member of DEMO_STAFF) {
    const account: DemoAccount = {
      email: demoEmail(member.role, member.organisation),
      name: member.name,
      role: member.role,
      organisation: member.organisation,
      password: demoPassword(),
      totpSecret: ROLE_GRANTS[member.role].secondFactorRequired ? newTotpSecret() : null,
    };
    const { email, name, role, password, totpSecret } = account;
    await addUser(
      at(accountsCreatedAt),
      { email, name, role, organisationCode: member.organisation, password, ...(totpSecret ? { totpSecret } : {}) },
      SEED_BY,
    );
    const user = (await findUserByEmail(deps.db, account.email))!;
    state.actors.set(account.email, actorFromUser(user, { via: 'token', sessionId: null, secondFactor: true, ip: '127.0.0.1' }));
    accounts.push(account);
  }

  const pictures = await Promise.all(
    ALL_CHILDREN.map(async (child) => {
      const { givenNames, familyName, hairColour, eyeColour } = child.details;
      return [
        child.key,
        await renderAvatarJpeg({ givenNames, familyName, hairColour: hairColour ?? '', eyeColour: eyeColour ?? '', looks: child.looks }),
      ] as const;
    }),
  );
  for (const [key, jpeg] of pictures) state.photos.set(key, jpeg);

  await seedDemoSubscribers(deps.db, new Date(now.getTime() - SUBSCRIBERS_SIGNED_UP_DAYS_AGO * 24 * HOUR_MS));
  await seedDemoGazetteer(deps.db);

  // Every step of every episode, oldest first (sort is stable, so an episode's own steps keep their order).
  const alertSteps = demoAlertSteps(now, {
    actor: (force: string, role: ForceRole) => actorFor(state, force, role),
    caseId: (episodeKey: string) => state.caseIds.get(episodeKey)!,
  });
  const steps = [
    ...ALL_EPISODES.flatMap((episode) => episodeSteps(episode, now, state)),
    ...unidentifiedSteps(now, state),
    ...alertSteps,
    ...demoInterviewSteps(
      now,
      (episodeKey) => state.caseIds.get(episodeKey)!,
      () => state.actors.get(demoEmail('caseworker', 'oxfordshire-cc'))!,
    ),
    ...demoPhilomenaSteps(now, {
      caseworker: () => state.actors.get(demoEmail('caseworker', 'oxfordshire-cc'))!,
      childId: (childKey) => state.childIds.get(childKey),
    }),
    ...demoAppealSteps(now, {
      approver: () => actorFor(state, 'thames-valley', 'approver'),
      caseId: (episodeKey) => state.caseIds.get(episodeKey)!,
      childId: (childKey) => state.childIds.get(childKey),
    }),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  if (steps[0] && steps[0].at <= accountsCreatedAt) throw new Error('demo seed: an episode starts before the staff accounts exist');
  for (const step of steps) await step.run(at(step.at));
  return accounts;
}

/** Keeps the demo accounts beside the data, readable by the owner only, so `serve` can print them each start. */
export function writeDemoCredentials(dataDir: string, accounts: DemoAccount[]): void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, DEMO_CREDENTIALS_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  const content = {
    note: 'Demo accounts of this install (fictional data). Anyone with this file can sign in as these accounts; keep it private.',
    accounts,
  };
  fs.writeFileSync(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  // The mode above applies only when the file is created; make sure of it before it takes the real name.
  fs.chmodSync(temporary, 0o600);
  fs.renameSync(temporary, file);
}

function isDemoAccount(value: unknown): value is DemoAccount {
  if (typeof value !== 'object' || value === null) return false;
  const account = value as Record<string, unknown>;
  return (
    ['email', 'name', 'role', 'organisation', 'password'].every((field) => typeof account[field] === 'string') &&
    (account.totpSecret === null || typeof account.totpSecret === 'string') &&
    Object.hasOwn(ROLE_GRANTS, account.role as string)
  );
}

/** The saved demo accounts; undefined when there are none, or the file is not one this program wrote. */
export function readDemoCredentials(dataDir: string): DemoAccount[] | undefined {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dataDir, DEMO_CREDENTIALS_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const accounts = (JSON.parse(text) as { accounts?: unknown }).accounts;
    return Array.isArray(accounts) && accounts.every(isDemoAccount) ? accounts : undefined;
  } catch {
    return undefined;
  }
}

/** A plain-text table of the accounts, with the second-factor code that is valid at `now`. */
export function formatDemoAccounts(accounts: DemoAccount[], now: Date): string {
  const header = ['Email', 'Role', 'Organisation', 'Password', 'TOTP secret', `Code at ${formatTime(now, 'en', { seconds: true })}`];
  const rows = accounts.map((account) => [
    account.email,
    account.role,
    account.organisation,
    account.password,
    account.totpSecret ?? '-',
    account.totpSecret ? currentTotpCode(account.totpSecret, now) : '-',
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => cell.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
