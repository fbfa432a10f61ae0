// What "forgetmenot --help" and each command's --help print.
import { ROLES } from '../auth/roles.ts';
import { ORGANISATION_KINDS } from '../orgs/store.ts';

export const HELP: Record<string, string> = {
  '': `forgetmenot: find missing children fast.

Usage: forgetmenot <command> [options]

Commands:
  serve            run the web server (public site, console, API); start here
  migrate          apply database migrations
  seed --demo      load demo organisations, staff and fictional cases into an empty database
  seed --history-years N   add a fictional national history of missing episodes for profiles
  org add          create an organisation (police force, national centre, local authority, ...)
  org edit         rename an organisation, or change the areas it answers for or its contact
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
  retention run    delete or anonymise what is past its retention period
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
  seed: 'Usage: forgetmenot seed [--demo] [--history-years N [--history-scale S]]\n\n--demo fills an EMPTY database with demo organisations, staff (passwords printed) and fictional cases.\n--history-years N generates N years of fictional missing episodes over every force area (about 75,000 children and 215,000 episodes a year, times --history-scale, default 1), as profile facts only, marked synthetic; made once.',
  'user add': `Usage: forgetmenot user add --email EMAIL --name NAME --role ROLE --org ORG_CODE [--password-stdin]

Creates a staff account. Roles: ${ROLES.join(', ')}.
With --password-stdin the password is read from standard input; otherwise a strong one is generated and printed.
Roles that need a second factor (approver, national_coordinator, administrator) set up an authenticator app
at first sign-in.`,
  'org add': `Usage: forgetmenot org add --code CODE --name NAME --kind KIND [--jurisdictions CODE,CODE...]
                        [--contact-desk TEXT] [--contact-phone NUMBER] [--contact-email ADDRESS]

Creates an organisation. CODE is short, lower case, with "-" (e.g. "thames-valley"): accounts are added to it
by this code. Kinds: ${ORGANISATION_KINDS.join(', ')}.
--jurisdictions names the areas it answers for, by their codes (import their boundaries first): a force its
force area, the national centre the country. The contact is who answers about one of its children, day and
night (e.g. --contact-desk "Missing Persons Unit (24 hours)"): the national register gives it to other forces
that find the child and cannot open the case. Recorded in the audit log.`,
  'org edit': `Usage: forgetmenot org edit --code CODE [--name NAME] [--jurisdictions CODE,CODE...]
                         [--contact-desk TEXT] [--contact-phone NUMBER] [--contact-email ADDRESS]

Renames an organisation, replaces the list of areas it answers for (give the whole list) or changes its
contact (an empty value, "", removes that part). Its kind does not change. Recorded in the audit log.`,
  'org list':
    'Usage: forgetmenot org list\n\nLists organisations: code, kind, name, the codes of the areas they answer for and their contact.',
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
  'jurisdiction list':
    'Usage: forgetmenot jurisdiction list\n\nLists jurisdictions (without their shapes): code, kind, country, organisations, name, and when it was imported or last replaced.',
  'user invite': `Usage: forgetmenot user invite --email EMAIL --name NAME --role ROLE --org ORG_CODE

Creates a staff account without a password and prints a one-time link (valid 7 days) to give the person:
they open it and set their own password. Nobody else ever knows it. Roles: ${ROLES.join(', ')}.
Roles that need a second factor set up an authenticator app at first sign-in. Links use PUBLIC_URL.`,
  'user disable': `Usage: forgetmenot user disable --email EMAIL

Disables an account at once: its sessions end, its API tokens are revoked and unused links stop working. The
account and its history stay; "user enable" lets it sign in again. Recorded in the audit log.`,
  'user enable':
    'Usage: forgetmenot user enable --email EMAIL\n\nEnables a disabled account again. It signs in afresh; its revoked API tokens stay revoked. Audited.',
  'user change': `Usage: forgetmenot user change --email EMAIL [--role ROLE] [--org ORG_CODE]

Moves an account to another role or organisation (which must be able to hold the role). Its sessions end so
that it signs in under the new role, setting up a second factor if the role needs one. Audited.
Roles: ${ROLES.join(', ')}.`,
  'user reset-password': `Usage: forgetmenot user reset-password --email EMAIL

Prints a one-time link (valid 24 hours) through which the person sets a new password; nobody chooses it for
them. Their current password works until then; setting the new one ends all their sessions. For an invited
account that never set a password, a new invitation. Audited.`,
  'user list':
    'Usage: forgetmenot user list\n\nLists staff accounts: email, role, organisation, second factor, whether sign-ins wait after failed attempts, status\n(active, invited, disabled) and last sign-in (UK time).',
  'user reset-second-factor': `Usage: forgetmenot user reset-second-factor --email EMAIL

For a member of staff who lost their authenticator app: removes their second factor, ends their sessions, and
makes their next sign-in set up a new one. Recorded in the audit log. Nothing else can remove a second factor
without a code from it.`,
  'token create':
    'Usage: forgetmenot token create --email EMAIL [--name NAME]\n\nCreates a personal API token (shown once) for scripts: send it as "Authorization: Bearer <token>".',
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
  'retention run': `Usage: forgetmenot retention run

Applies the retention schedule once (docs/retention.md): deletes or anonymises every record past its period,
in batches, each audited with the kind and count only. "serve" also runs it daily at 02:30 UTC. Records due
for review (missing episodes) are left to the review queue in the console.`,
};

/** Groups of sub-commands: "forgetmenot user --help" lists a group's commands. */
export const GROUPS = ['user', 'token', 'audit', 'dispatch', 'import', 'org', 'jurisdiction', 'retention'];

export function groupHelp(group: string): string {
  const lines = HELP['']!.split('\n').filter((line) => line.startsWith(`  ${group} `));
  return `Usage: forgetmenot ${group} <command> [options]\n\nCommands:\n${lines.join('\n')}\n\nRun "forgetmenot ${group} <command> --help" for a command's options.`;
}
