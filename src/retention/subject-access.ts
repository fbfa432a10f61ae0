// Subject access and erasure: everything held about one person (a child, a reporter or witness, a subscriber),
// gathered from the domains that own it into one structured file with a readable summary; and its erasure where
// the law allows, with the ground recorded as a code in an audit entry that names no one.
import type { AppDeps } from '../app-deps.ts';
import { alertIdsOfCases, alertsOfCases, eraseAlerts } from '../alerts/erasure.ts';
import { appendAudit, auditForSubject, eraseAuditDetailsOfSubjects } from '../audit/audit-log.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { childHoldings, childOfReference, episodesOfPerson, eraseChildren, personChildIds } from '../cases/erasure.ts';
import type { Queryable } from '../db/database.ts';
import { eraseDispatchOfAlerts } from '../dispatch/erasure.ts';
import { interviewsOfChildren } from '../interviews/erasure.ts';
import { eraseProfilesOfChildren, photosOfProfiles, profilesOfChildren, sharesOfProfiles } from '../philomena/erasure.ts';
import { conflict, invalid, notFound } from '../http/problem.ts';
import { formatDateTime } from '../i18n/dates.ts';
import { eraseCandidatesOfCases } from '../matching/erasure.ts';
import { detachProfileEpisodes } from '../profiles/erasure.ts';
import { contributionsAbout } from '../sharing/store.ts';
import { eraseSubscribers, subscriberRecords, subscribersByAddress } from '../subscribers/erasure.ts';
import { eraseReporterContacts, eraseSubmissions, submissionsOfAlerts, submissionsOfReporter } from '../triage/erasure.ts';
import { unlinkIdentifiedCases } from '../unidentified/erasure.ts';
import type { ErasureGround, PersonQuery, SubjectExport } from './schemas.ts';

type Deps = Pick<AppDeps, 'db' | 'media' | 'clock'>;

function requireContact(query: PersonQuery): { email?: string; phone?: string } {
  if (!query.email && !query.phone) throw invalid('/person/email', 'Give the email address or the phone number the person used.');
  return { ...(query.email ? { email: query.email } : {}), ...(query.phone ? { phone: query.phone } : {}) };
}

async function requireChild(db: Queryable, query: PersonQuery): Promise<string[]> {
  const childId = query.childId ?? (query.caseReference ? await childOfReference(db, query.caseReference.trim()) : undefined);
  if (!query.childId && !query.caseReference)
    throw invalid('/person/childId', 'Give the child’s id or the reference of one of their episodes.');
  const ids = childId ? await personChildIds(db, childId) : [];
  if (ids.length === 0) throw notFound('The child');
  return ids;
}

/** The audit trail of these subjects, as the person may see it: what was done and when, not by which member of staff. */
async function trailOf(db: Queryable, subjectType: string, ids: readonly string[]) {
  const trail = [];
  for (const id of ids) {
    for (const entry of await auditForSubject(db, subjectType, id, { limit: 1000 })) {
      trail.push({ subject: id, action: entry.action, at: entry.at, reason: entry.reason });
    }
  }
  return trail;
}

async function childData(db: Queryable, query: PersonQuery) {
  const childIds = await requireChild(db, query);
  const holdings = await childHoldings(db, childIds);
  const caseIds = holdings.episodes.map((episode) => episode.id);
  const alerts = await alertsOfCases(db, caseIds);
  // What the public reported about the child's alerts, without the reporters' own details (third parties).
  const sightings = (
    await submissionsOfAlerts(
      db,
      alerts.map((alert) => alert.id),
    )
  ).map(({ contact_name: _name, contact_email: _email, contact_phone: _phone, ...rest }) => rest);
  const philomenaProfiles = await profilesOfChildren(db, childIds);
  const profileIds = philomenaProfiles.map((profile) => profile.id);
  return {
    ...holdings,
    philomenaProfiles,
    philomenaPhotos: await photosOfProfiles(db, profileIds),
    philomenaShares: await sharesOfProfiles(db, profileIds),
    returnInterviews: await interviewsOfChildren(db, childIds),
    agencyAdditions: await contributionsAbout(db, caseIds, profileIds),
    alerts,
    sightings,
    auditTrail: [...(await trailOf(db, 'case', caseIds)), ...(await trailOf(db, 'philomena_profile', profileIds))].sort(
      (a, b) => a.at.getTime() - b.at.getTime(),
    ),
  };
}

async function gather(db: Queryable, query: PersonQuery): Promise<Record<string, unknown[]>> {
  if (query.kind === 'child') return childData(db, query);
  if (query.kind === 'reporter') return { submissions: await submissionsOfReporter(db, requireContact(query)) };
  const ids = await subscribersByAddress(db, requireContact(query));
  return { subscriptions: await subscriberRecords(db, ids) };
}

const SECTION_TITLES: Record<string, string> = {
  children: 'The child as recorded',
  episodes: 'Missing episodes',
  riskAnswers: 'Risk assessment answers',
  riskGradings: 'Risk gradings',
  photos: 'Photographs (described; the images are supplied separately)',
  shares: 'Shared with other agencies',
  philomenaProfiles: 'Profiles kept in case the child goes missing (Philomena protocol)',
  philomenaPhotos: 'Photographs kept with the profiles (described; the images are supplied separately)',
  philomenaShares: 'Profiles shared with other agencies',
  returnInterviews: 'Return home interviews',
  agencyAdditions: 'What agencies the record was shared with added',
  alerts: 'Public appeals (Child Rescue Alerts)',
  sightings: 'Sightings and reports from the public about the appeals',
  auditTrail: 'Who looked at or changed the record, and when',
  submissions: 'Sightings and reports this person sent',
  subscriptions: 'Alert subscriptions',
};

function readable(value: unknown): string {
  if (value instanceof Date) return formatDateTime(value, 'en');
  if (Array.isArray(value)) return value.map(readable).join(', ');
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return `${value}`;
  return JSON.stringify(value);
}

/** The structured data as text: a heading per kind of record, one block per record, UK dates and times. */
export function summaryOf(kind: string, data: Record<string, unknown[]>, generatedAt: Date): string {
  const lines = [`Information held by Forget-me-not about one ${kind}`, `Prepared ${formatDateTime(generatedAt, 'en')}`, ''];
  for (const [section, records] of Object.entries(data)) {
    lines.push(`== ${SECTION_TITLES[section] ?? section} (${records.length}) ==`);
    for (const record of records) {
      for (const [key, value] of Object.entries(record as Record<string, unknown>)) lines.push(`  ${key}: ${readable(value)}`);
      lines.push('');
    }
    if (records.length === 0) lines.push('  None held.', '');
  }
  return lines.join('\n');
}

/** Everything held about the person, exported; the export itself is audited (kind and counts only). */
export async function exportPerson(deps: Deps, actor: Actor, query: PersonQuery): Promise<SubjectExport> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    const data = await gather(tx, query);
    const counts = Object.fromEntries(Object.entries(data).map(([key, rows]) => [key, rows.length]));
    const records = Object.values(counts).reduce((sum, n) => sum + n, 0);
    await appendAudit(
      tx,
      { ...auditActor(actor), action: 'person.exported', subjectType: 'person', details: { kind: query.kind, counts } },
      now,
    );
    // Dates travel as ISO text in the file.
    const file = JSON.parse(JSON.stringify({ kind: query.kind, generatedAt: now, ...data })) as Record<string, unknown>;
    return { data: file, summary: summaryOf(query.kind, data, now), records };
  });
}

async function eraseChild(tx: Queryable, query: PersonQuery): Promise<{ counts: Record<string, number>; mediaKeys: string[] }> {
  const childIds = await requireChild(tx, query);
  const { caseIds, open } = await episodesOfPerson(tx, childIds);
  if (open > 0) {
    throw conflict(
      'The child has an open missing episode: the record is needed for the investigation (Data Protection Act 2018 s.47(3)). Close it first.',
    );
  }
  const alertIds = await alertIdsOfCases(tx, caseIds);
  const submissionIds = (await submissionsOfAlerts(tx, alertIds)).map((row) => row.id);
  const counts: Record<string, number> = { ...(await eraseDispatchOfAlerts(tx, alertIds)) };
  const attachmentKeys = await eraseSubmissions(tx, submissionIds);
  counts.sightings = submissionIds.length;
  const alerts = await eraseAlerts(tx, alertIds, caseIds);
  Object.assign(counts, alerts.counts);
  counts.matches = await eraseCandidatesOfCases(tx, caseIds);
  await unlinkIdentifiedCases(tx, caseIds);
  await detachProfileEpisodes(tx, caseIds);
  const philomena = await eraseProfilesOfChildren(tx, childIds, caseIds);
  Object.assign(counts, philomena.counts);
  const cases = await eraseChildren(tx, childIds);
  Object.assign(counts, cases.counts);
  counts.auditDetails =
    (await eraseAuditDetailsOfSubjects(tx, 'case', caseIds)) +
    (await eraseAuditDetailsOfSubjects(tx, 'alert', alertIds)) +
    (await eraseAuditDetailsOfSubjects(tx, 'child', childIds)) +
    (await eraseAuditDetailsOfSubjects(tx, 'submission', submissionIds)) +
    (await eraseAuditDetailsOfSubjects(tx, 'philomena_profile', philomena.profileIds));
  return { counts, mediaKeys: [...attachmentKeys, ...alerts.mediaKeys, ...cases.mediaKeys, ...philomena.mediaKeys] };
}

async function eraseOther(tx: Queryable, query: PersonQuery): Promise<Record<string, number>> {
  const contact = requireContact(query);
  if (query.kind === 'reporter') {
    const ids = await eraseReporterContacts(tx, contact);
    if (ids.length === 0) throw notFound('A sighting or report with those contact details');
    return { contactDetails: ids.length };
  }
  const ids = await subscribersByAddress(tx, contact);
  if (ids.length === 0) throw notFound('A subscriber with that address');
  return { subscribers: await eraseSubscribers(tx, ids) };
}

/**
 * Erases what is held about the person, where the law allows: a child's whole record once no episode is open
 * (with their alerts, the public's reports about them and the personal details of audit entries about them);
 * a reporter's contact details (what they saw stays with the case); a subscriber altogether. The audit entry
 * holds the kind, the ground, the office's reference and the counts: nothing that names the person.
 */
export async function erasePerson(
  deps: Deps,
  actor: Actor,
  request: { person: PersonQuery; ground: ErasureGround; requestReference?: string },
): Promise<Record<string, number>> {
  const now = deps.clock();
  const { counts, mediaKeys } = await deps.db.transaction(async (tx) => {
    const result =
      request.person.kind === 'child'
        ? await eraseChild(tx, request.person)
        : { counts: await eraseOther(tx, request.person), mediaKeys: [] };
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'person.erased',
        subjectType: 'person',
        details: {
          kind: request.person.kind,
          ground: request.ground,
          requestReference: request.requestReference ?? null,
          counts: result.counts,
        },
      },
      now,
    );
    return result;
  });
  // The rows are gone and committed; a file that will not go is not worth undoing that for.
  await Promise.all(mediaKeys.map((key) => deps.media.remove(key).catch(() => undefined)));
  return counts;
}
