// A case as staff see it. Every answer that shows a whole case is built here, by `openCase` (reading it) or
// `caseAnswer` (after a write), and both go through the sensitive-case rule (disclosure.ts): the builders of
// the full view are not exported, so no route can show a case without the rule. Its photos go the same way.
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Queryable } from '../db/database.ts';
import { notFound } from '../http/problem.ts';
import type { PhotoVariant } from '../media/photos.ts';
import { outOfReach, refuseWithoutReason, showsIdentity } from './disclosure.ts';
import { latestAnswers, RISK_QUESTIONS, suggestRiskLevel } from './risk.ts';
import type { CaseAnswer, CaseView, WithheldCaseView } from './schemas.ts';
import { episodesInRepeatWindow } from './repeats.ts';
import { caseDetails, findReachableCase, photoVariantsOf, type CaseRow } from './store.ts';

const iso = (date: Date) => date.toISOString();

/**
 * Opening a case: refused out of reach (404) or, when it is sensitive, without a reason (428); else the
 * whole case, its reading audited with the reason given.
 */
export async function openCase(db: Queryable, actor: Actor, caseId: string, reason: string | null, now: Date): Promise<CaseView> {
  const row = await findReachableCase(db, actor, caseId);
  if (!row) throw outOfReach('case', caseId);
  refuseWithoutReason(row, reason);
  await appendAudit(db, { ...auditActor(actor), action: 'case.viewed', subjectType: 'case', subjectId: caseId, reason }, now);
  return fullCaseView(db, actor, row, now);
}

/** A photo of the case's child (the key of its stored file), refused as opening the case is; its viewing audited. */
export async function openCasePhoto(
  db: Queryable,
  actor: Actor,
  photo: { caseId: string; photoId: string; variant: PhotoVariant },
  reason: string | null,
  now: Date,
): Promise<string> {
  const { caseId, photoId, variant } = photo;
  const row = await findReachableCase(db, actor, caseId);
  if (!row) throw outOfReach('case', caseId);
  refuseWithoutReason(row, reason);
  const variants = await photoVariantsOf(db, row.child_id, photoId);
  if (!variants) throw notFound('That photo');
  await appendAudit(
    db,
    { ...auditActor(actor), action: 'photo.viewed', subjectType: 'case', subjectId: caseId, reason, details: { photoId, variant } },
    now,
  );
  return variants[variant];
}

/**
 * The case as a write answers it: whole when the rule allows (a sensitive case's disclosure is then audited
 * with the reason, as opening it is), else without the child's identity.
 */
export async function caseAnswer(db: Queryable, actor: Actor, caseId: string, reason: string | null, now: Date): Promise<CaseAnswer> {
  const row = await findReachableCase(db, actor, caseId);
  if (!row) throw outOfReach('case', caseId);
  if (!showsIdentity(row, reason)) return withheldCaseView(row);
  if (row.sensitive)
    await appendAudit(db, { ...auditActor(actor), action: 'case.viewed', subjectType: 'case', subjectId: row.id, reason }, now);
  return fullCaseView(db, actor, row, now);
}

/** Everything staff see on a case page, limited to what the actor may reach. */
async function fullCaseView(db: Queryable, actor: Actor, row: CaseRow, now: Date): Promise<CaseView> {
  const { child, answers, gradings, photos, episodes, shares } = await caseDetails(db, actor, row);
  const questionText = new Map(RISK_QUESTIONS.map((q) => [q.id, q.text]));
  const latest = latestAnswers(answers);
  const recentEpisodes = row.exercise ? 1 : await episodesInRepeatWindow(db, row.child_id, row.last_seen_at);
  const photoUrl = (photoId: string, variant: string) => `/api/v1/cases/${row.id}/photos/${photoId}/${variant}`;
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    owningOrganisation: { code: row.owning_organisation_code, name: row.owning_organisation_name },
    jurisdiction: { code: row.jurisdiction_code, name: row.jurisdiction_name },
    reportedAt: iso(row.reported_at),
    lastSeen: { at: iso(row.last_seen_at), lon: row.last_seen_lon, lat: row.last_seen_lat, place: row.last_seen_place },
    circumstances: row.circumstances,
    clothing: row.clothing,
    vehicle: row.vehicle,
    suspect: row.suspect,
    sensitive: row.sensitive,
    exercise: row.exercise,
    outcome: row.outcome,
    outcomeNotes: row.outcome_notes,
    closedAt: row.closed_at ? iso(row.closed_at) : null,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    child: {
      id: child.id,
      givenNames: child.given_names,
      familyName: child.family_name,
      knownAs: child.known_as,
      aliases: child.aliases,
      dateOfBirth: child.date_of_birth,
      estimatedAge: child.estimated_age,
      sex: child.sex,
      heightCm: child.height_cm,
      build: child.build,
      hairColour: child.hair_colour,
      eyeColour: child.eye_colour,
      distinguishingMarks: child.distinguishing_marks,
      languages: child.languages,
    },
    risk: {
      level: row.risk_level,
      suggestedLevel: suggestRiskLevel(latest, recentEpisodes),
      recentEpisodes,
      answers: latest.map((a) => ({
        question: a.question,
        questionText: questionText.get(a.question) ?? a.question,
        answer: a.answer,
        detail: a.detail,
        source: a.source,
        answeredAt: iso(a.answered_at),
        recordedBy: a.recorded_by,
      })),
      gradings: gradings.map((g) => ({
        level: g.level,
        suggestedLevel: g.suggested_level,
        rationale: g.rationale,
        gradedBy: g.graded_by,
        gradedAt: iso(g.graded_at),
      })),
    },
    photos: photos.map((p) => ({
      id: p.id,
      caption: p.caption,
      width: p.width,
      height: p.height,
      createdAt: iso(p.created_at),
      urls: { thumb: photoUrl(p.id, 'thumb'), page: photoUrl(p.id, 'page'), full: photoUrl(p.id, 'full') },
    })),
    // Every episode counts (repeat missing is the strongest sign of harm); details only of those in reach.
    episodes: {
      total: episodes.length,
      items: episodes
        .filter((e) => e.reachable)
        .map((e) => ({ id: e.id, reference: e.reference, reportedAt: iso(e.reported_at), status: e.status, outcome: e.outcome })),
    },
    shares: shares.map((s) => ({
      organisationCode: s.code,
      organisationName: s.name,
      reason: s.reason,
      purpose: s.purpose,
      fields: s.fields,
      sharedAt: iso(s.shared_at),
      endsAt: iso(s.ends_at),
      ended: s.ends_at.getTime() <= now.getTime(),
    })),
    identityWithheld: false,
  };
}

/** A sensitive case without the child's identity. */
function withheldCaseView(row: CaseRow): WithheldCaseView {
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    owningOrganisation: { code: row.owning_organisation_code, name: row.owning_organisation_name },
    jurisdiction: { code: row.jurisdiction_code, name: row.jurisdiction_name },
    reportedAt: iso(row.reported_at),
    sensitive: true,
    riskLevel: row.risk_level,
    outcome: row.outcome,
    closedAt: row.closed_at ? iso(row.closed_at) : null,
    version: row.version,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    identityWithheld: true,
  };
}
