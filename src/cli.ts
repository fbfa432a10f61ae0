// The forgetmenot command: one program, sub-commands for serving and for operations.
import { parseArgs } from 'node:util';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { openRuntime, type Runtime } from './runtime.ts';
import { createMetrics } from './ops/metrics.ts';
import { buildApp, loggerOptions } from './server.ts';
import { buildMetricsApp } from './ops/metrics-app.ts';
import { ensureConsoleBuilt } from './console/build.ts';
import { migrate } from './db/migrate.ts';
import { DatabaseError, openDatabase } from './db/database.ts';
import { verifyAuditChain } from './audit/audit-log.ts';
import { addUser, resetSecondFactor } from './auth/user-routes.ts';
import { accountsWaiting } from './auth/backoff.ts';
import { findUserByEmail, listUsers } from './auth/accounts.ts';
import { createApiToken } from './auth/api-tokens.ts';
import { isRole, ROLES, type Role } from './auth/roles.ts';
import { Problem } from './http/problem.ts';
import { describeSafely } from './ops/safe-errors.ts';
import { startAlertHousekeeping } from './alerts/housekeeping.ts';
import type { AppDeps } from './app-deps.ts';
import { startDispatch, type DispatchEngine } from './dispatch/engine.ts';
import { inboxChannels } from './dispatch/channels.ts';
import { dispatchProgress, dispatchSettled, formatProgressBars } from './dispatch/progress.ts';
import pino from 'pino';
import fs from 'node:fs';
import path from 'node:path';
import { importGazetteer } from './geo/gazetteer.ts';
import { importBoundaries, JURISDICTION_KINDS, listJurisdictionSummaries, type JurisdictionKind } from './geo/jurisdictions-store.ts';
import { describeBoundaryCheck } from './geo/boundaries.ts';
import { createOrganisation, isOrganisationKind, listOrganisations, ORGANISATION_KINDS, updateOrganisation } from './orgs/store.ts';
import { accountActivity, changeUser, disableUser, enableUser, inviteUser, issuePasswordReset, type IssuedLink } from './auth/account-lifecycle.ts';
import { mailAccountLink } from './auth/account-mail.ts';
import { formatDateTime } from './i18n/dates.ts';
import { ensureReferenceGazetteer } from './geo/reference-gazetteer.ts';
import { backup } from './backup/backup.ts';
import { restore } from './backup/restore.ts';
import { moveToPostgres } from './backup/move.ts';
import { describeBackup, describeMove } from './backup/describe.ts';
import { databaseIsEmpty, formatDemoAccounts, readDemoCredentials, seedDemo, writeDemoCredentials } from './seed/demo.ts';

type Out = (line: string) => void;

/** Who the audit log names for what an operator does at the command line. */
const CLI_ACTOR = { actorId: null, actor: 'cli' };

function codeList(value: string | boolean | undefined): string[] {
  return typeof value === 'string' ? value.split(',').map((code) => code.trim()).filter(Boolean) : [];
}

const HELP: Record<string, string> = {
  '': `forgetmenot: find missing children fast.

Usage: forgetmenot <command> [options]

Commands:
  serve            run the web server (public site, console, API); start here
  migrate          apply database migrations
  seed --demo      load demo organisations, staff and fictional cases into an empty database
  org add          create an organisation (police force, national centre, local authority, ...)
  org edit         rename an organisation or change the areas it answers for
  org list         list organisations with their areas
  import boundaries  load or replace jurisdiction boundaries from GeoJSON, checked feature by feature
  jurisdiction list  list jurisdictions: kind, country, organisations, when imported or replaced
  user invite      create a staff account whose person sets their own password through a one-time link
  user add         create a staff account with a password given or generated here
  user list        list staff accounts, with status and last sign-in
  user disable     disable an account: its sessions end and its API tokens are revoked at once
  user enable      enable a disabled account again
  user change      change an account's role or organisation
  user reset-password  a one-time link through which the person sets a new password
  user reset-second-factor  remove a lost second factor; the next sign-in sets up a new one
  token create     create a personal API token for a staff account
  audit verify     check that nobody has altered the audit log
  backup           back up the database and the photos into one file
  restore          restore a backup into an empty database and DATA_DIR
  move-to-postgres copy the embedded database and its photos into an empty PostgreSQL database
  import gazetteer load place names (CSV: name,lon,lat[,kind]) for typed places in public forms
  work             run the dispatch workers alone (beside "serve" with DISPATCH_WORKERS=off)
  dispatch status  show how far an alert has reached, per channel

Run "forgetmenot <command> --help" for a command's options. Configuration is by environment variables (see README).`,
  serve: `Usage: forgetmenot serve

Runs the HTTP server on PORT (default 8080). Migrations are applied at start-up. On the embedded database
(DATABASE_URL unset) an empty database is filled with demo data (DEMO_DATA=never to stop that; DEMO_DATA=always
to seed an empty PostgreSQL database too), and the demo accounts are printed.`,
  'import gazetteer': `Usage: forgetmenot import gazetteer FILE.csv

Loads a force's own place names with coordinates (columns name, lon, lat, and optionally kind: place or
postcode_district; area, to tell places of one name apart; population, for which names maps show at which
zoom) that the public can type in the sighting, report and sign-up forms. All or nothing: bad rows are listed
by line. They are added to the built-in gazetteer (GeoNames places of 1,000 people or more in the UK and
Ireland, loaded at start-up and by "forgetmenot migrate"), which is left as it is.`,
  work: `Usage: forgetmenot work

Runs the dispatch workers (fan-out, senders for email, SMS, web push and webhooks, re-issues, receipts)
without the web server. Run as many as you like against one PostgreSQL database: they share the work through
row locks. The embedded database serves one process, so with it "serve" runs the workers itself.`,
  'dispatch status': `Usage: forgetmenot dispatch status ALERT_ID [--watch]

Shows, per channel, how many recipients were targeted, sent, delivered, failed, dead-lettered or dropped, and
the time from approval to the first and last message. With --watch it redraws every second until done.`,
  migrate: 'Usage: forgetmenot migrate\n\nApplies the migrations this version has that the database lacks, then exits.',
  seed: 'Usage: forgetmenot seed --demo\n\nFills an EMPTY database with demo organisations, staff (passwords printed) and fictional cases.',
  'user add': `Usage: forgetmenot user add --email EMAIL --name NAME --role ROLE --org ORG_CODE [--password-stdin]

Creates a staff account. Roles: ${ROLES.join(', ')}.
With --password-stdin the password is read from standard input; otherwise a strong one is generated and printed.
Roles that need a second factor (approver, national_coordinator, administrator) set up an authenticator app
at first sign-in.`,
  'org add': `Usage: forgetmenot org add --code CODE --name NAME --kind KIND [--jurisdictions CODE,CODE...]

Creates an organisation. CODE is short, lower case, with "-" (e.g. "thames-valley"): accounts are added to it
by this code. Kinds: ${ORGANISATION_KINDS.join(', ')}.
--jurisdictions names the areas it answers for, by their codes (import their boundaries first): a force its
force area, the national centre the country. Recorded in the audit log.`,
  'org edit': `Usage: forgetmenot org edit --code CODE [--name NAME] [--jurisdictions CODE,CODE...]

Renames an organisation or replaces the list of areas it answers for (give the whole list). Its kind does not
change. Recorded in the audit log.`,
  'org list': 'Usage: forgetmenot org list\n\nLists organisations: code, kind, name and the codes of the areas they answer for.',
  'import boundaries': `Usage: forgetmenot import boundaries FILE.geojson --code-property NAME --name-property NAME
                                  [--kind force_area|country] [--parent COUNTRY_CODE] [--skip-invalid] [--dry-run]

Loads jurisdiction boundaries from a GeoJSON FeatureCollection of Polygon and MultiPolygon features in WGS84
longitude/latitude, as national statistics offices publish them. Name the properties that hold each area's
code and name, e.g. for the Office for National Statistics' police force areas of December 2023:
  --code-property PFA23CD --name-property PFA23NM
Each feature is checked (closed rings, no crossing boundary, positions within longitude/latitude, an area
between 0.01 km² and 350,000 km², at most 20,000 positions: use the "generalised" editions) and reported on
its own line. All or nothing by default; --skip-invalid imports the good features and leaves out the others;
--dry-run checks and reports only.
--kind: force_area (default) or country. --parent: the country (its code) the force areas lie in, so that
whoever answers for the country reaches them.
A code already imported is replaced in place: cases, alerts, report queues and organisations that use it keep
it, alerts already published keep the area they went to, and new routing uses the new shape. Audited.`,
  'jurisdiction list': 'Usage: forgetmenot jurisdiction list\n\nLists jurisdictions (without their shapes): code, kind, country, organisations, name, and when it was imported or last replaced.',
  'user invite': `Usage: forgetmenot user invite --email EMAIL --name NAME --role ROLE --org ORG_CODE

Creates a staff account without a password and prints a one-time link (valid 7 days) to give the person:
they open it and set their own password. Nobody else ever knows it. Roles: ${ROLES.join(', ')}.
Roles that need a second factor set up an authenticator app at first sign-in. Links use PUBLIC_URL.`,
  'user disable': `Usage: forgetmenot user disable --email EMAIL

Disables an account at once: its sessions end, its API tokens are revoked and unused links stop working. The
account and its history stay; "user enable" lets it sign in again. Recorded in the audit log.`,
  'user enable': 'Usage: forgetmenot user enable --email EMAIL\n\nEnables a disabled account again. It signs in afresh; its revoked API tokens stay revoked. Audited.',
  'user change': `Usage: forgetmenot user change --email EMAIL [--role ROLE] [--org ORG_CODE]

Moves an account to another role or organisation (which must be able to hold the role). Its sessions end so
that it signs in under the new role, setting up a second factor if the role needs one. Audited.
Roles: ${ROLES.join(', ')}.`,
  'user reset-password': `Usage: forgetmenot user reset-password --email EMAIL

Prints a one-time link (valid 24 hours) through which the person sets a new password; nobody chooses it for
them. Their current password works until then; setting the new one ends all their sessions. For an invited
account that never set a password, a new invitation. Audited.`,
  'user list': 'Usage: forgetmenot user list\n\nLists staff accounts: email, role, organisation, second factor, whether sign-ins wait after failed attempts, status\n(active, invited, disabled) and last sign-in (UK time).',
  'user reset-second-factor': `Usage: forgetmenot user reset-second-factor --email EMAIL

For a member of staff who lost their authenticator app: removes their second factor, ends their sessions, and
makes their next sign-in set up a new one. Recorded in the audit log. Nothing else can remove a second factor
without a code from it.`,
  'token create': 'Usage: forgetmenot token create --email EMAIL [--name NAME]\n\nCreates a personal API token (shown once) for scripts: send it as "Authorization: Bearer <token>".',
  backup: `Usage: forgetmenot backup --to FILE [--force]

Writes one file (tar) holding the database, the photos under DATA_DIR/media and a manifest with the row count
of every table. Readable by its owner only: it holds personal data, so keep it as safe as the database.
Embedded database (DATABASE_URL unset): stop "serve" first; the backup refuses while it holds DATA_DIR.
PostgreSQL (DATABASE_URL set): runs pg_dump (custom format) from PG_BINDIR, or PATH, of at least the
server's major version; the server may keep running. The password goes to pg_dump in PGPASSWORD only.
--force replaces an existing FILE.`,
  restore: `Usage: forgetmenot restore --from FILE [--force]

Restores a backup made by "forgetmenot backup", then checks the row count of every table and the photos.
Embedded database (DATABASE_URL unset): into DATA_DIR, which must be empty (--force replaces what is there);
stop "serve" first. Everything is unpacked beside DATA_DIR and renamed into place only once checked.
PostgreSQL (DATABASE_URL set): into an empty database (create one with createdb) through pg_restore, and the
photos into DATA_DIR/media (which must be empty unless --force).
A backup of an older version is migrated when the program next starts. Then run "forgetmenot audit verify".`,
  'move-to-postgres': `Usage: forgetmenot move-to-postgres [--to postgres://USER@HOST:PORT/DATABASE] [--media-to DIR]

Copies the embedded database in DATA_DIR into an empty PostgreSQL database (--to, else DATABASE_URL): applies
the migrations there, copies every table in one transaction (nothing is written if anything fails), sets the
sequences, then checks the row count of every table and the audit log's hash chain. Stop "serve" first.
Give the password in PGPASSWORD or ~/.pgpass, not in --to, where other users of the machine could read it.
Photos stay in DATA_DIR/media, where PostgreSQL deployments look too; --media-to DIR copies them to DIR
(empty or new) for a deployment with another DATA_DIR (then DATA_DIR=the folder above DIR).
The embedded database is left as it was.`,
  'audit verify': `Usage: forgetmenot audit verify [--expect-head HASH]

Walks the whole audit log and checks every entry's hash and link. Exits 0 if intact, 1 at the first broken entry.
Prints the hash of the newest entry: keep it somewhere else, and pass it later with --expect-head to prove that
no entries were removed from the end either.`,
};

/** Groups of sub-commands: "forgetmenot user --help" lists a group's commands. */
const GROUPS = ['user', 'token', 'audit', 'dispatch', 'import', 'org', 'jurisdiction'];

function groupHelp(group: string): string {
  const lines = HELP['']!.split('\n').filter((line) => line.startsWith(`  ${group} `));
  return `Usage: forgetmenot ${group} <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "forgetmenot ${group} <command> --help" for a command's options.`;
}

/** Emails a one-time link to its person through the mail relay, if there is one, and prints it for the operator. */
async function showLink(out: Out, config: Config, issued: IssuedLink, what: string): Promise<void> {
  const mailing = await mailAccountLink(config, issued);
  const until = formatDateTime(issued.expiresAt, 'en');
  if (mailing === 'sent') out(`${what} for ${issued.email} was emailed to them. The same link, should it not arrive (it works once, until ${until}):`);
  else {
    if (mailing === 'failed') out('The mail relay (SMTP_URL) did not take the email: pass the link on yourself.');
    out(`${what} for ${issued.email}. Give them this link (it works once, until ${until}):`);
  }
  out(`  ${issued.link}`);
  out(`or, on the console's "set your password" page, this code: ${issued.code}`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function generatedPassword(): string {
  // 20 characters from a 54-character alphabet without look-alikes: about 115 bits.
  const alphabet = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  const bytes = crypto.getRandomValues(new Uint8Array(20));
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join('');
}

async function withRuntime<T>(config: Config, work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(config);
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

async function serve(config: Config, out: Out): Promise<number> {
  const started = Date.now();
  const runtime = await openRuntime(config);
  const clock = () => new Date();
  const embedded = !config.databaseUrl;
  const seedWanted = config.demoData === 'always' || (config.demoData === 'auto' && embedded);
  if (seedWanted && (await databaseIsEmpty(runtime.db))) {
    out('Empty database: loading demo data (fictional children, generated photos)...');
    const accounts = await seedDemo({ db: runtime.db, media: runtime.media, clock, config });
    writeDemoCredentials(config.dataDir, accounts);
  }
  await ensureConsoleBuilt(out);
  const deps: AppDeps = { db: runtime.db, media: runtime.media, config, clock, metrics: createMetrics({ defaultMetrics: true }) };
  const app = await buildApp(deps, { logger: loggerOptions(config.logLevel) });
  const stopHousekeeping = startAlertHousekeeping({ db: runtime.db, media: runtime.media, clock, config }, (error) => app.log.error({ err: error }, 'alert housekeeping failed'));
  let dispatch: DispatchEngine | undefined;
  if (config.dispatchWorkers === 'in-process') {
    dispatch = await startDispatch(deps, {
      log: (message, error) => app.log.error({ err: error }, message),
      onResults: (channel, results) => {
        for (const result of results) deps.metrics.deliveries.inc({ channel, outcome: result.state });
      },
    });
    deps.onOutbox = dispatch.nudge;
  }
  const metricsApp = config.metricsPort === undefined ? undefined : await buildMetricsApp(deps);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    stopHousekeeping();
    await metricsApp?.close();
    await app.close();
    await dispatch?.stop();
    await runtime.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  await metricsApp?.listen({ port: config.metricsPort, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const local = `http://localhost:${port}`;
  out('');
  out(`Forget-me-not is running (${embedded ? `embedded database in ${config.dataDir}` : 'PostgreSQL'}), ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  out(`  Staff console: ${local}/console/`);
  out(`  Public site:  ${local}/appeals   (Atom: ${local}/feeds/alerts.atom)`);
  out(`  API:          ${local}/api/v1/   (OpenAPI: ${local}/api/v1/openapi.json)`);
  const metricsUrl = config.metricsPort === undefined ? `${local}/metrics` : `http://localhost:${config.metricsPort}/metrics (METRICS_PORT only)`;
  out(`  Health:       ${local}/healthz   ${local}/readyz   ${metricsUrl}${config.metricsToken ? ' (needs METRICS_TOKEN)' : ''}`);
  out(`  Alerts sign-up: ${local}/alerts/sign-up`);
  const inbox = inboxChannels(config);
  out(
    config.dispatchWorkers === 'off'
      ? '  Dispatch:     workers off here (DISPATCH_WORKERS=off): run "forgetmenot work"'
      : `  Dispatch:     workers running in this process${inbox.length ? `; ${inbox.join(' and ')} go to the development inbox (${local}/api/v1/dev-inbox), not to real people` : ''}`,
  );
  // Links in pages, feeds and CAP messages use PUBLIC_URL; say so when it is not this address.
  if (process.env.PUBLIC_URL && config.publicUrl !== local) out(`  Public URL:   ${config.publicUrl}`);
  const demo = readDemoCredentials(config.dataDir);
  if (demo) {
    out('');
    out('Demo accounts (fictional data; the codes change every 30 s: add the secret to an authenticator app):');
    out(formatDemoAccounts(demo, new Date()));
  }
  out('');
  out('Press Ctrl+C to stop.');
  return new Promise<number>(() => undefined);
}

async function work(config: Config, out: Out): Promise<number> {
  const runtime = await openRuntime(config);
  const log = pino(loggerOptions(config.logLevel));
  const deps = { db: runtime.db, media: runtime.media, config, clock: () => new Date() };
  const engine = await startDispatch(deps, { log: (message, error) => log.error({ err: error }, message) });
  const inbox = inboxChannels(config);
  out(`Dispatch workers running (${config.databaseUrl ? 'PostgreSQL' : `embedded database in ${config.dataDir}`}).${inbox.length ? ` ${inbox.join(' and ')} go to the development inbox.` : ''} Ctrl+C to stop.`);
  return new Promise<number>((resolve) => {
    const stop = async () => {
      await engine.stop();
      await runtime.close();
      resolve(0);
    };
    process.once('SIGINT', () => void stop());
    process.once('SIGTERM', () => void stop());
  });
}

export async function main(argv: string[], out: Out = (line) => process.stdout.write(`${line}\n`), err: Out = (line) => process.stderr.write(`${line}\n`)): Promise<number> {
  const [command = '', maybeSub = ''] = argv;
  const hasSub = GROUPS.includes(command);
  if (hasSub && (maybeSub === '' || maybeSub === '--help' || maybeSub === '-h' || maybeSub === 'help')) {
    out(groupHelp(command));
    return maybeSub === '' ? 2 : 0;
  }
  const name = hasSub ? `${command} ${maybeSub}` : command;
  const rest = argv.slice(hasSub ? 2 : 1);
  if (command === '' || command === '--help' || command === '-h' || command === 'help') {
    out(HELP['']!);
    return 0;
  }
  // "forgetmenot import --help" (or just "forgetmenot import"): the group's commands and how to get each one's help.
  if (hasSub && (maybeSub === '' || maybeSub === '--help' || maybeSub === '-h' || maybeSub === 'help')) {
    const commands = Object.keys(HELP).filter((key) => key.startsWith(`${command} `));
    out(`Usage: forgetmenot ${command} <command> [options]\n\nCommands:\n${commands.map((key) => `  ${key}`).join('\n')}\n\nRun "forgetmenot <command> --help" for a command's options.`);
    return maybeSub === '' ? 2 : 0;
  }
  if (!(name in HELP)) {
    err(`forgetmenot: unknown command "${name}". Run "forgetmenot --help".`);
    return 2;
  }

  let values: Record<string, string | boolean | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: rest,
      options: {
        help: { type: 'boolean', short: 'h' },
        demo: { type: 'boolean' },
        code: { type: 'string' },
        kind: { type: 'string' },
        jurisdictions: { type: 'string' },
        'code-property': { type: 'string' },
        'name-property': { type: 'string' },
        parent: { type: 'string' },
        'skip-invalid': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        email: { type: 'string' },
        name: { type: 'string' },
        role: { type: 'string' },
        org: { type: 'string' },
        'password-stdin': { type: 'boolean' },
        'expect-head': { type: 'string' },
        watch: { type: 'boolean' },
        to: { type: 'string' },
        from: { type: 'string' },
        force: { type: 'boolean' },
        'media-to': { type: 'string' },
      },
      allowPositionals: name === 'dispatch status' || name === 'import gazetteer' || name === 'import boundaries',
      strict: true,
    }));
  } catch (error) {
    err(`forgetmenot ${name}: ${(error as Error).message}`);
    return 2;
  }
  if (values.help) {
    out(HELP[name]!);
    return 0;
  }

  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      err(`forgetmenot: configuration error: ${error.message}`);
      return 2;
    }
    throw error;
  }

  try {
    switch (name) {
      case 'serve':
        return await serve(config, out);
      case 'migrate': {
        const db = await openDatabase(config);
        try {
          const applied = await migrate(db);
          out(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date.');
          const places = await ensureReferenceGazetteer(db);
          if (places.loaded) out(`Loaded the gazetteer: ${places.places} places (GeoNames, CC BY 4.0).`);
        } finally {
          await db.close();
        }
        return 0;
      }
      case 'seed': {
        if (!values.demo) {
          err('forgetmenot seed: say --demo (the only seed there is).');
          return 2;
        }
        return await withRuntime(config, async ({ db, media }) => {
          if (!(await databaseIsEmpty(db))) {
            err('forgetmenot seed: the database already has data; demo data goes into an empty database only.');
            return 1;
          }
          const accounts = await seedDemo({ db, media, clock: () => new Date(), config });
          writeDemoCredentials(config.dataDir, accounts);
          out(formatDemoAccounts(accounts, new Date()));
          return 0;
        });
      }
      case 'user add': {
        const missing = ['email', 'name', 'role', 'org'].filter((key) => !values[key]);
        if (missing.length) {
          err(`forgetmenot user add: missing ${missing.map((m) => `--${m}`).join(', ')}`);
          return 2;
        }
        const role = String(values.role);
        if (!isRole(role)) {
          err(`forgetmenot user add: --role must be one of ${ROLES.join(', ')}`);
          return 2;
        }
        const password = values['password-stdin'] ? await readStdin() : generatedPassword();
        return await withRuntime(config, async ({ db }) => {
          await addUser(
            { db, clock: () => new Date() },
            { email: String(values.email), name: String(values.name), role, organisationCode: String(values.org), password },
            { actorId: null, actor: 'cli' },
          );
          out(`Created ${values.email} (${role}, ${values.org}).`);
          if (!values['password-stdin']) out(`Password: ${password}`);
          return 0;
        });
      }
      case 'user list':
        return await withRuntime(config, async ({ db }) => {
          const users = await listUsers(db);
          const now = new Date();
          const waiting = await accountsWaiting(db, users.map((user) => user.email), now);
          const activity = await accountActivity(db, users.map((user) => user.id));
          out(['EMAIL', 'ROLE', 'ORGANISATION', '2FA', 'SIGN-INS', 'STATUS', 'LAST SIGN-IN'].join('\t'));
          for (const user of users) {
            const seen = activity.get(user.id);
            const status = user.disabled_at ? 'disabled' : seen?.awaitingPassword ? 'invited' : 'active';
            const last = seen?.lastSignInAt ? formatDateTime(seen.lastSignInAt, 'en') : 'never';
            out([user.email, user.role, user.organisation_code, user.totp_enabled ? 'yes' : 'no', waiting.has(user.email) ? 'waiting' : '', status, last].join('\t'));
          }
          return 0;
        });
      case 'user reset-second-factor': {
        if (!values.email) {
          err('forgetmenot user reset-second-factor: missing --email');
          return 2;
        }
        return await withRuntime(config, async ({ db }) => {
          const user = await findUserByEmail(db, String(values.email));
          if (!user || !(await resetSecondFactor({ db, clock: () => new Date() }, user.id, { actorId: null, actor: 'cli' }))) {
            err(`forgetmenot user reset-second-factor: no account has the email ${values.email}`);
            return 1;
          }
          out(`Reset the second factor of ${user.email}: their sessions ended, and their next sign-in sets up a new one.`);
          return 0;
        });
      }
      case 'user invite': {
        const missing = ['email', 'name', 'role', 'org'].filter((key) => !values[key]);
        if (missing.length) {
          err(`forgetmenot user invite: missing ${missing.map((m) => `--${m}`).join(', ')}`);
          return 2;
        }
        const role = String(values.role);
        if (!isRole(role)) {
          err(`forgetmenot user invite: --role must be one of ${ROLES.join(', ')}`);
          return 2;
        }
        return await withRuntime(config, async ({ db }) => {
          const issued = await inviteUser(
            { db, clock: () => new Date(), config },
            { email: String(values.email), name: String(values.name), role, organisationCode: String(values.org) },
            CLI_ACTOR,
          );
          out(`Invited ${issued.email} (${role}, ${values.org}).`);
          await showLink(out, config, issued, 'An invitation');
          return 0;
        });
      }
      case 'user disable':
      case 'user enable':
      case 'user reset-password':
      case 'user change': {
        if (!values.email) {
          err(`forgetmenot ${name}: missing --email`);
          return 2;
        }
        if (name === 'user change') {
          if (!values.role && !values.org) {
            err('forgetmenot user change: say --role, --org or both');
            return 2;
          }
          if (values.role && !isRole(String(values.role))) {
            err(`forgetmenot user change: --role must be one of ${ROLES.join(', ')}`);
            return 2;
          }
        }
        return await withRuntime(config, async ({ db }) => {
          const user = await findUserByEmail(db, String(values.email));
          if (!user) {
            err(`forgetmenot ${name}: no account has the email ${values.email}`);
            return 1;
          }
          const deps = { db, clock: () => new Date(), config };
          if (name === 'user disable') {
            await disableUser(deps, user.id, CLI_ACTOR);
            out(`Disabled ${user.email}: their sessions ended and their API tokens were revoked.`);
          } else if (name === 'user enable') {
            await enableUser(deps, user.id, CLI_ACTOR);
            out(`Enabled ${user.email}: they can sign in again.`);
          } else if (name === 'user reset-password') {
            await showLink(out, config, await issuePasswordReset(deps, user.id, CLI_ACTOR), 'A password reset link');
          } else {
            const change = { ...(values.role ? { role: String(values.role) as Role } : {}), ...(values.org ? { organisationCode: String(values.org) } : {}) };
            await changeUser(deps, user.id, change, CLI_ACTOR);
            const after = (await findUserByEmail(db, user.email))!;
            out(`${user.email} is now ${after.role} at ${after.organisation_code}; their sessions ended.`);
          }
          return 0;
        });
      }
      case 'org add': {
        const missing = ['code', 'name', 'kind'].filter((key) => !values[key]);
        if (missing.length) {
          err(`forgetmenot org add: missing ${missing.map((m) => `--${m}`).join(', ')}`);
          return 2;
        }
        if (!isOrganisationKind(String(values.kind))) {
          err(`forgetmenot org add: --kind must be one of ${ORGANISATION_KINDS.join(', ')}`);
          return 2;
        }
        return await withRuntime(config, async ({ db }) => {
          await createOrganisation(
            db,
            { code: String(values.code), name: String(values.name), kind: String(values.kind), jurisdictionCodes: codeList(values.jurisdictions) },
            CLI_ACTOR,
            new Date(),
          );
          out(`Created ${values.code} (${values.kind}): ${values.name}.`);
          return 0;
        });
      }
      case 'org edit': {
        if (!values.code || (values.name === undefined && values.jurisdictions === undefined)) {
          err('forgetmenot org edit: give --code and at least one of --name, --jurisdictions');
          return 2;
        }
        return await withRuntime(config, async ({ db }) => {
          await updateOrganisation(
            db,
            String(values.code),
            { ...(values.name !== undefined ? { name: String(values.name) } : {}), ...(values.jurisdictions !== undefined ? { jurisdictionCodes: codeList(values.jurisdictions) } : {}) },
            CLI_ACTOR,
            new Date(),
          );
          out(`Updated ${values.code}.`);
          return 0;
        });
      }
      case 'org list':
        return await withRuntime(config, async ({ db }) => {
          out(['CODE', 'KIND', 'NAME', 'AREAS'].join('\t'));
          for (const o of await listOrganisations(db)) out([o.code, o.kind, o.name, o.jurisdiction_codes.join(',')].join('\t'));
          return 0;
        });
      case 'jurisdiction list':
        return await withRuntime(config, async ({ db }) => {
          out(['CODE', 'KIND', 'COUNTRY', 'ORGANISATIONS', 'NAME', 'IMPORTED', 'REPLACED'].join('\t'));
          for (const j of await listJurisdictionSummaries(db)) {
            out([j.code, j.kind, j.parentCode ?? '', j.organisationCodes.join(','), j.name, formatDateTime(j.importedAt, 'en'), j.replacedAt ? formatDateTime(j.replacedAt, 'en') : ''].join('\t'));
          }
          return 0;
        });
      case 'import boundaries': {
        const file = positionals[0];
        const missing = ['code-property', 'name-property'].filter((key) => !values[key]);
        if (!file || missing.length) {
          err(`forgetmenot import boundaries: give the GeoJSON file${missing.length ? ` and ${missing.map((m) => `--${m}`).join(', ')}` : ''} (see --help)`);
          return 2;
        }
        const kind = String(values.kind ?? 'force_area');
        if (!(JURISDICTION_KINDS as readonly string[]).includes(kind)) {
          err(`forgetmenot import boundaries: --kind must be one of ${JURISDICTION_KINDS.join(', ')}`);
          return 2;
        }
        let text: string;
        try {
          text = fs.readFileSync(file, 'utf8');
        } catch {
          err(`forgetmenot import boundaries: cannot read ${file}`);
          return 1;
        }
        return await withRuntime(config, async ({ db }) => {
          const outcome = await importBoundaries(
            db,
            text,
            {
              codeProperty: String(values['code-property']),
              nameProperty: String(values['name-property']),
              kind: kind as JurisdictionKind,
              parentCode: values.parent ? String(values.parent) : undefined,
              skipInvalid: values['skip-invalid'] === true,
              dryRun: values['dry-run'] === true,
              source: file.split(/[\\/]/).pop(),
            },
            CLI_ACTOR,
            new Date(),
          );
          for (const feature of outcome.features) {
            const line = describeBoundaryCheck(feature);
            (feature.problems.length ? err : out)(feature.outcome === 'checked' || feature.outcome === 'refused' ? line : `${line} [${feature.outcome}]`);
          }
          if (outcome.refused) {
            err(`forgetmenot import boundaries: ${outcome.refused}`);
            return 1;
          }
          out(
            values['dry-run']
              ? `Checked: ${outcome.features.length - outcome.skipped} would be imported, ${outcome.skipped} left out. Nothing was written (--dry-run).`
              : `Imported: ${outcome.created} new, ${outcome.replaced} replaced, ${outcome.skipped} left out.`,
          );
          return 0;
        });
      }
      case 'token create': {
        if (!values.email) {
          err('forgetmenot token create: missing --email');
          return 2;
        }
        return await withRuntime(config, async ({ db }) => {
          const user = await findUserByEmail(db, String(values.email));
          if (!user) {
            err(`forgetmenot token create: no account has the email ${values.email}`);
            return 1;
          }
          const token = await createApiToken(db, user.id, String(values.name ?? 'cli'), new Date());
          out(token.token);
          return 0;
        });
      }
      case 'work':
        return await work(config, out);
      case 'import gazetteer': {
        const file = positionals[0];
        if (!file) {
          err('forgetmenot import gazetteer: give the CSV file');
          return 2;
        }
        const text = fs.readFileSync(file, 'utf8');
        return await withRuntime(config, async ({ db }) => {
          const result = await importGazetteer(db, text);
          if (!result.ok) {
            for (const problem of result.errors) err(`line ${problem.line}: ${problem.detail}`);
            return 1;
          }
          out(`Imported ${result.imported} places.`);
          return 0;
        });
      }
      case 'dispatch status': {
        const alertId = positionals[0];
        if (!alertId || !/^[0-9a-f-]{36}$/i.test(alertId)) {
          err('forgetmenot dispatch status: give the alert id, e.g. forgetmenot dispatch status 6f1c...');
          return 2;
        }
        return await withRuntime(config, async ({ db }) => {
          const exists = await db.query('SELECT 1 FROM alerts WHERE id = $1', [alertId]);
          if (exists.rowCount === 0) {
            err(`forgetmenot dispatch status: no alert has the id ${alertId}`);
            return 1;
          }
          for (let first = true; ; first = false) {
            const progress = await dispatchProgress(db, alertId);
            const lines = formatProgressBars(progress);
            // Redraw in place on a terminal; print once per refresh otherwise.
            if (!first && process.stdout.isTTY) process.stdout.write(`\x1b[${lines.length}A\x1b[0J`);
            for (const line of lines) out(line);
            if (!values.watch || dispatchSettled(progress)) return 0;
            await new Promise((resolve) => setTimeout(resolve, 1000));
          }
        });
      }
      case 'backup': {
        if (!values.to) {
          err('forgetmenot backup: give --to FILE');
          return 2;
        }
        const manifest = await backup({ dataDir: config.dataDir, databaseUrl: config.databaseUrl }, String(values.to), { force: values.force === true }, err);
        out(`Backed up ${describeBackup(manifest)} to ${values.to}.`);
        return 0;
      }
      case 'restore': {
        if (!values.from) {
          err('forgetmenot restore: give --from FILE');
          return 2;
        }
        const manifest = await restore({ dataDir: config.dataDir, databaseUrl: config.databaseUrl }, String(values.from), { force: values.force === true }, err);
        out(`Restored ${describeBackup(manifest)} into ${config.databaseUrl ? `the database and ${config.dataDir}` : config.dataDir}; every table's rows and the photos were checked.`);
        out('Run "forgetmenot audit verify" next, and compare its head with the one you kept.');
        return 0;
      }
      case 'move-to-postgres': {
        const target = values.to === undefined ? config.databaseUrl : String(values.to);
        if (!target) {
          err('forgetmenot move-to-postgres: give --to postgres://USER@HOST:PORT/DATABASE, or set DATABASE_URL');
          return 2;
        }
        let password: string;
        try {
          const parsed = new URL(target);
          if (parsed.protocol !== 'postgres:' && parsed.protocol !== 'postgresql:') throw new Error('protocol');
          password = parsed.password;
        } catch {
          err('forgetmenot move-to-postgres: --to must be a postgres:// URL');
          return 2;
        }
        if (values.to !== undefined && password) {
          err('forgetmenot move-to-postgres: leave the password out of --to (other users of the machine can read command lines); set PGPASSWORD or use ~/.pgpass');
          return 2;
        }
        if (!fs.existsSync(path.join(config.dataDir, 'pglite', 'PG_VERSION'))) {
          err(`forgetmenot move-to-postgres: ${config.dataDir} (DATA_DIR) holds no embedded database`);
          return 1;
        }
        const mediaTo = values['media-to'] === undefined ? undefined : String(values['media-to']);
        return await withRuntime({ ...config, databaseUrl: undefined }, async ({ db }) => {
          const report = await moveToPostgres(db, target, { from: path.join(config.dataDir, 'media'), ...(mediaTo ? { to: mediaTo } : {}) }, () => undefined);
          for (const line of describeMove(report, path.join(config.dataDir, 'media'))) out(line);
          return 0;
        });
      }
      case 'audit verify':
        return await withRuntime(config, async ({ db }) => {
          const verdict = await verifyAuditChain(db);
          if (!verdict.ok) {
            out(`BROKEN at entry ${verdict.brokenAt}: ${verdict.problem} (${verdict.entries} entries read)`);
            return 1;
          }
          if (values['expect-head'] && values['expect-head'] !== verdict.headHash) {
            const known = await db.query('SELECT 1 FROM audit_log WHERE hash = $1', [values['expect-head']]);
            out(
              known.rowCount > 0
                ? `OK: ${verdict.entries} entries; the expected head is in the chain and newer entries follow it. Head: ${verdict.headHash}`
                : `BROKEN: the expected head ${values['expect-head']} is not in the log: entries were removed from the end.`,
            );
            return known.rowCount > 0 ? 0 : 1;
          }
          out(`OK: ${verdict.entries} entries, every hash and link intact. Head: ${verdict.headHash}`);
          return 0;
        });
    }
  } catch (error) {
    if (error instanceof Problem) {
      err(`forgetmenot ${name}: ${error.detail}`);
      return 1;
    }
    // Database errors arrive without their values (see DatabaseError); a library's or Node's message can quote
    // the data that caused it, so of those only the class and codes are printed. Our own plain errors say what to do.
    const own = error instanceof DatabaseError || (error instanceof Error && error.constructor === Error && !('code' in error));
    err(`forgetmenot ${name}: ${own ? (error as Error).message : `failed: ${describeSafely(error)}`}`);
    return 1;
  }
  return 2;
}
