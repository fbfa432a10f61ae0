// A profile as staff see it, and the list of profiles; each reading is audited with what it showed.
import type { PhilomenaReach } from '../auth/access.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { roleAllows } from '../auth/roles.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { reachableEpisodesOfChild } from '../cases/repeats.ts';
import { RISK_QUESTIONS } from '../cases/risk.ts';
import { ageOn } from '../cases/store.ts';
import type { Queryable } from '../db/database.ts';
import { notFound } from '../http/problem.ts';
import { ukDate } from '../i18n/dates.ts';
import type { ProfileList, ProfileView } from './schemas.ts';
import { profilePhotoViews } from './photos.ts';
import { profileShareViews } from './sharing.ts';
import { findProfile, listProfiles, waitingReport } from './store.ts';

const QUESTION_TEXT = new Map(RISK_QUESTIONS.map((q) => [q.id, q.text]));
const iso = (date: Date) => date.toISOString();

export async function openProfile(db: Queryable, actor: Actor, reach: PhilomenaReach, profileId: string, now: Date): Promise<ProfileView> {
  const row = await findProfile(db, reach, profileId);
  if (!row) throw notFound('That profile');
  const report = await waitingReport(db, profileId);
  const episodes = row.child_id ? await reachableEpisodesOfChild(db, actor, row.child_id) : [];
  const photos = await profilePhotoViews(db, profileId);
  const canWrite = reach.kind === 'writer' && reach.organisationId === row.owning_organisation_id;
  const shares = canWrite ? await profileShareViews(db, profileId, now) : [];
  await appendAudit(
    db,
    { ...auditActor(actor), action: 'philomena.viewed', subjectType: 'philomena_profile', subjectId: profileId, details: {} },
    now,
  );
  const today = ukDate(now);
  return {
    id: row.id,
    owningOrganisation: { code: row.owner_code, name: row.owner_name },
    area: { code: row.area_code, name: row.area_name },
    childId: row.child_id,
    givenNames: row.given_names,
    familyName: row.family_name,
    knownAs: row.known_as,
    dateOfBirth: row.date_of_birth,
    sex: row.sex,
    heightCm: row.height_cm,
    build: row.build,
    hairColour: row.hair_colour,
    eyeColour: row.eye_colour,
    distinguishingMarks: row.distinguishing_marks,
    languages: row.languages,
    description: row.description,
    associates: row.associates,
    places: row.places,
    phonesAndAccounts: row.phones_and_accounts,
    medicalNeeds: row.medical_needs,
    medication: row.medication,
    placement: row.placement,
    carerContacts: row.carer_contacts,
    previousEpisodes: row.previous_episodes,
    episodes: episodes.map((e) => ({ caseId: e.id, reference: e.reference, lastSeenAt: iso(e.last_seen_at), status: e.status })),
    riskAnswers: row.risk_answers.map((a) => ({
      question: a.question,
      questionText: QUESTION_TEXT.get(a.question) ?? a.question,
      answer: a.answer,
      detail: a.detail ?? '',
    })),
    photos,
    photosReviewBy: row.photos_review_by,
    nextReviewOn: row.next_review_on,
    reviewOverdue: isOverdue(row, today),
    lastReviewedAt: row.last_reviewed_at ? iso(row.last_reviewed_at) : null,
    waitingReport: report
      ? {
          id: report.id,
          lastSeen: { at: iso(report.last_seen_at), lon: report.last_seen_lon, lat: report.last_seen_lat, place: report.last_seen_place },
          circumstances: report.circumstances,
          clothing: report.clothing,
          reportedAt: iso(report.reported_at),
          reportedBy: report.reported_by,
        }
      : null,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    shares,
    canWrite,
    canMakeCase: reach.kind !== 'writer' && roleAllows(actor.role, 'case:create'),
  };
}

/** Due on or before today: the review itself, or the photos' review. */
function isOverdue(row: { next_review_on: string; photos_review_by: string | null }, today: string): boolean {
  return row.next_review_on <= today || (row.photos_review_by !== null && row.photos_review_by <= today);
}

export async function profileList(
  db: Queryable,
  actor: Actor,
  reach: PhilomenaReach,
  query: { overdue?: boolean; q?: string },
  now: Date,
): Promise<ProfileList> {
  const today = ukDate(now);
  const rows = await listProfiles(db, reach, { ...(query.overdue ? { dueOn: today } : {}), ...(query.q ? { q: query.q } : {}) });
  await appendAudit(
    db,
    {
      ...auditActor(actor),
      action: 'philomena.listed',
      subjectType: 'philomena_list',
      details: { overdue: query.overdue ?? false, q: query.q ? 'given' : null, profileIds: rows.map((row) => row.id) },
    },
    now,
  );
  return {
    today,
    items: rows.map((row) => ({
      id: row.id,
      childName: `${row.given_names} ${row.family_name}`,
      age: ageOn(row.date_of_birth, null, now) ?? 0,
      owningOrganisation: { code: row.owner_code, name: row.owner_name },
      area: { code: row.area_code, name: row.area_name },
      nextReviewOn: row.next_review_on,
      photosReviewBy: row.photos_review_by,
      reviewOverdue: isOverdue(row, today),
      reportedMissing: row.reported_missing,
    })),
  };
}
