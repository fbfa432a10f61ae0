// The disclosure register for the police: per child and per agency, every disclosure of a child's record and every
// view of it by another agency, with the collection, alteration, combination and erasure entries the law asks
// the police to log. Read from the audit trail (src/audit/disclosure-log.ts), over the cases the reader reaches.
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { categoryOf, disclosureLogEntries, LOG_CATEGORIES, type DisclosureLogRow } from '../audit/disclosure-log.ts';
import { staffOrganisations } from '../auth/staff-names.ts';
import { reachableCaseIdsOf } from '../cases/reach.ts';
import { caseOwners } from '../cases/store.ts';
import type { Queryable } from '../db/database.ts';
import { philomenaReach, type PhilomenaReach } from '../auth/access.ts';
import { roleAllows } from '../auth/roles.ts';
import { profileOwners, reachableProfileIds } from '../philomena/store.ts';
import { listOrganisations } from '../orgs/store.ts';
import type { RegisterAnswer, RegisterEntry, RegisterQuery } from './schemas.ts';

// The register answers at most this many entries; narrow by child, case, agency, category or dates for more.
const REGISTER_LIMIT = 2000;

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The register for the actor's reach and the query; its reading is itself audited. */
export async function disclosureRegister(db: Queryable, actor: Actor, query: RegisterQuery, now: Date): Promise<RegisterAnswer> {
  const categories = query.category ? [query.category] : LOG_CATEGORIES;
  const span = { categories, from: query.from ? new Date(query.from) : undefined, to: query.to ? new Date(query.to) : undefined };
  const caseRows = await disclosureLogEntries(db, {
    ...span,
    caseIds: reachableCaseIdsOf(actor, { childId: query.childId, caseId: query.caseId }),
    limit: REGISTER_LIMIT + 1,
  });
  // The Philomena profiles the reader reaches, unless the query is about one case.
  const profiles = query.caseId ? null : registerProfileReach(actor);
  const profileRows = profiles
    ? await disclosureLogEntries(db, {
        ...span,
        subjectType: 'philomena_profile',
        caseIds: reachableProfileIds(profiles, { childId: query.childId }),
        limit: REGISTER_LIMIT + 1,
      })
    : [];
  const profileSeqs = new Set(profileRows.map((row) => row.seq));
  const rows = [...caseRows, ...profileRows].sort((a, b) => Number(b.seq) - Number(a.seq));
  const truncated = rows.length > REGISTER_LIMIT;
  const kept = rows.slice(0, REGISTER_LIMIT);
  const entries = [
    ...(await describe(
      db,
      kept.filter((row) => !profileSeqs.has(row.seq)),
    )),
    ...(await describeProfileEntries(
      db,
      kept.filter((row) => profileSeqs.has(row.seq)),
    )),
  ].sort((a, b) => b.seq - a.seq);
  const items = entries.filter(
    (entry) =>
      (query.ownViews || entry.category !== 'consultation' || entry.otherAgency) &&
      (!query.organisationCode || entry.agency?.code === query.organisationCode),
  );
  await appendAudit(
    db,
    {
      ...auditActor(actor),
      action: 'disclosure_register.read',
      subjectType: 'disclosure_register',
      details: { filters: { ...query }, entries: items.length },
    },
    now,
  );
  return { items, truncated };
}

/** Each audit entry with its case, its child, its category and the agency concerned. */
async function describe(db: Queryable, rows: DisclosureLogRow[]): Promise<RegisterEntry[]> {
  const cases = await caseOwners(
    db,
    rows.map((row) => row.subject_id),
  );
  const staff = await staffOrganisations(
    db,
    rows.flatMap((row) => (row.actor_id ? [row.actor_id] : [])),
  );
  const organisations = await listOrganisations(db);
  const byId = new Map(organisations.map((o) => [o.id, o]));
  const byCode = new Map(organisations.map((o) => [o.code, o]));
  const entries: RegisterEntry[] = [];
  for (const row of rows) {
    const owner = cases.get(row.subject_id);
    const category = categoryOf(row.action);
    if (!owner || !category) continue;
    const disclosedTo = category === 'disclosure' ? text(row.details.with) : null;
    const agency = disclosedTo ? byCode.get(disclosedTo) : byId.get(staff.get(row.actor_id ?? '')?.organisationId ?? '');
    entries.push({
      seq: row.seq,
      at: row.at.toISOString(),
      category,
      action: row.action,
      caseId: owner.id,
      caseReference: owner.reference,
      profileId: null,
      childId: owner.child_id,
      agency: agency ? { code: agency.code, name: agency.name } : null,
      otherAgency: agency !== undefined && agency.id !== owner.owning_organisation_id,
      actor: row.actor,
      reason: row.reason,
      purpose: text(row.details.purpose),
      fields: strings(row.details.fields),
    });
  }
  return entries;
}

/** Whose profiles' entries the reader sees: those of the profiles they reach, when their role reads profiles at all. */
function registerProfileReach(actor: Actor): PhilomenaReach | null {
  if (!roleAllows(actor.role, 'philomena:read')) return null;
  if (!PROFILE_READERS.has(actor.organisationKind)) return null;
  return philomenaReach(actor, 'philomena:read');
}
const PROFILE_READERS = new Set(['local_authority', 'care_provider', 'police_force', 'national_centre']);

/** Each audit entry about a profile, with its child (when linked) and the agency concerned. */
async function describeProfileEntries(db: Queryable, rows: DisclosureLogRow[]): Promise<RegisterEntry[]> {
  if (rows.length === 0) return [];
  const owners = await profileOwners(
    db,
    rows.map((row) => row.subject_id),
  );
  const staff = await staffOrganisations(
    db,
    rows.flatMap((row) => (row.actor_id ? [row.actor_id] : [])),
  );
  const organisations = await listOrganisations(db);
  const byId = new Map(organisations.map((o) => [o.id, o]));
  const byCode = new Map(organisations.map((o) => [o.code, o]));
  return rows.flatMap((row): RegisterEntry[] => {
    const owner = owners.get(row.subject_id);
    const category = categoryOf(row.action);
    if (!owner || !category) return [];
    const disclosedTo = category === 'disclosure' ? text(row.details.with) : null;
    const agency = disclosedTo ? byCode.get(disclosedTo) : byId.get(staff.get(row.actor_id ?? '')?.organisationId ?? '');
    return [
      {
        seq: row.seq,
        at: row.at.toISOString(),
        category,
        action: row.action,
        caseId: null,
        caseReference: null,
        profileId: owner.id,
        childId: owner.child_id,
        agency: agency ? { code: agency.code, name: agency.name } : null,
        otherAgency: agency !== undefined && agency.id !== owner.owning_organisation_id,
        actor: row.actor,
        reason: row.reason,
        purpose: text(row.details.purpose),
        fields: strings(row.details.fields),
      },
    ];
  });
}

function cell(value: string | number | boolean | null): string {
  let content = value === null ? '' : String(value);
  // A cell a spreadsheet would read as a formula is prefixed with an apostrophe.
  if (/^[=+\-@\t\r]/.test(content)) content = `'${content}`;
  return /[",\n\r]/.test(content) ? `"${content.replace(/"/g, '""')}"` : content;
}

export function registerCsv(answer: RegisterAnswer): string {
  const header = ['seq', 'at', 'category', 'action', 'case', 'child', 'agency', 'other agency', 'by', 'reason', 'purpose', 'fields'];
  const lines = answer.items.map((e) =>
    [
      e.seq,
      e.at,
      e.category,
      e.action,
      e.caseReference ?? `profile ${e.profileId}`,
      e.childId,
      e.agency?.name ?? '',
      e.otherAgency,
      e.actor,
      e.reason,
      e.purpose,
      e.fields.join(' '),
    ]
      .map(cell)
      .join(','),
  );
  const note = answer.truncated
    ? ['', cell('note') + ',' + cell(`only the latest ${REGISTER_LIMIT} entries: narrow the query for more`)]
    : [];
  return [header.join(','), ...lines, ...note].join('\r\n') + '\r\n';
}
