// Each table has one owning module that alone reads and writes it (docs/architecture.md); other domains call
// its functions. This reads every statement written in src/ and names each table touched outside its owner.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const OWNERS: Record<string, string> = {
  account_links: 'auth',
  api_tokens: 'auth',
  sessions: 'auth',
  sign_in_backoff: 'auth',
  users: 'auth',
  organisations: 'orgs',
  organisation_jurisdictions: 'orgs',
  jurisdictions: 'geo',
  gazetteer_places: 'geo',
  gazetteer_sources: 'geo',
  children: 'cases',
  child_name_keys: 'cases',
  name_forms: 'cases',
  name_words: 'cases',
  child_merges: 'cases',
  cases: 'cases',
  risk_answers: 'cases',
  risk_gradings: 'cases',
  photos: 'cases',
  case_shares: 'cases',
  audit_log: 'audit',
  audit_personal: 'audit',
  alerts: 'alerts',
  alert_contents: 'alerts',
  alert_photos: 'alerts',
  alert_area_ranges: 'alerts',
  alert_messages: 'alerts',
  alert_changes: 'alerts',
  alert_templates: 'alerts',
  staff_notifications: 'alerts',
  dispatch_jobs: 'dispatch',
  deliveries: 'dispatch',
  delivery_tallies: 'dispatch',
  delivery_seconds: 'dispatch',
  alert_reissue_schedules: 'dispatch',
  dev_inbox: 'dispatch',
  subscribers: 'subscribers',
  subscriber_channels: 'subscribers',
  subscriber_cells: 'subscribers',
  screens: 'enrolment',
  public_submissions: 'triage',
  submission_attachments: 'triage',
  submission_notes: 'triage',
  pow_challenges: 'abuse',
  intake_allowance_uses: 'abuse',
  unidentified_people: 'unidentified',
  unidentified_marks: 'unidentified',
  unidentified_photos: 'unidentified',
  match_candidates: 'matching',
  profile_episodes: 'profiles',
  profile_month_counts: 'profiles',
  return_interviews: 'interviews',
  share_contributions: 'sharing',
  philomena_profiles: 'philomena',
  philomena_missing_reports: 'philomena',
  philomena_photos: 'philomena',
  philomena_shares: 'philomena',
  long_term_appeals: 'appeals',
  long_term_appeal_photos: 'appeals',
  appeal_kit_schedules: 'kits',
  appeal_kit_sends: 'kits',
  pfif_partners: 'exchange',
  pfif_outbound: 'exchange',
  pfif_inbound: 'exchange',
  pfif_import_runs: 'exchange',
  cra_outbound: 'exchange',
  cra_offers: 'exchange',
  retention_settings: 'retention',
  retention_reviews: 'retention',
  schema_migrations: 'db',
  instance_keys: 'db',
};

// Reads every table from the catalogue by name, to copy the whole database.
const READS_EVERY_TABLE = new Set(['backup']);

const ROOT = path.resolve(import.meta.dirname, '..');
const STATEMENT_TABLE = /\b(?:FROM|JOIN|INTO|UPDATE|TABLE|USING|TRUNCATE)\s+(?:ONLY\s+)?([a-z_]+)\b/g;

function sourceFiles(): string[] {
  return fs
    .readdirSync(path.join(ROOT, 'src'), { recursive: true })
    .map(String)
    .filter(
      (file) =>
        file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.test-support.ts') && file !== path.join('db', 'schema.ts'),
    );
}

/** `folder file → table` for each table a file's statements name outside the table's owner. */
export function tablesTouchedOutsideOwner(): string[] {
  const found = new Set<string>();
  for (const file of sourceFiles()) {
    const folder = file.includes(path.sep) ? file.split(path.sep)[0]! : file;
    if (READS_EVERY_TABLE.has(folder)) continue;
    // Comments may name tables in prose; only code counts.
    const code = fs.readFileSync(path.join(ROOT, 'src', file), 'utf8').replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
    for (const match of code.matchAll(STATEMENT_TABLE)) {
      const owner = OWNERS[match[1]!];
      if (owner !== undefined && owner !== folder) found.add(`${file.split(path.sep).join('/')} → ${match[1]}`);
    }
  }
  return [...found].sort();
}

it('every table in the schema has an owning module', () => {
  const schema = fs.readFileSync(path.join(ROOT, 'src/db/schema.ts'), 'utf8');
  const tables = [...schema.matchAll(/^ {2}(\w+): \{$/gm)].map((match) => match[1]!);
  assert.deepEqual(
    tables.filter((table) => OWNERS[table] === undefined),
    [],
  );
});

it('no module reads or writes a table another module owns', () => {
  assert.deepEqual(tablesTouchedOutsideOwner(), []);
});
