// What local authorities, care providers and the police do with Philomena profiles, as plain functions: the
// routes call them, and so does the demo seed. Each change and its audit entry commit together.
import { ukDate } from '../i18n/dates.ts';
import type { AppDeps } from '../app-deps.ts';
import { philomenaReach, type PhilomenaReach } from '../auth/access.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { checkChild, checkNewCase, checkNotFuture, recordCaseWithin } from '../cases/actions.ts';
import { childHasEpisodeInAreas, episodesInRepeatWindow, reachableEpisodesOfChild } from '../cases/repeats.ts';
import { isRiskQuestion, suggestRiskLevel, type RiskLevel } from '../cases/risk.ts';
import type { NewCaseRequest } from '../cases/schemas.ts';
import { findReachableCase } from '../cases/store.ts';
import type { Queryable } from '../db/database.ts';
import { jurisdictionIdsByCode, jurisdictionsByIds } from '../geo/jurisdictions-store.ts';
import { conflict, forbidden, invalid, notFound } from '../http/problem.ts';
import { refuseLikelyDuplicate } from '../register/duplicates.ts';
import { copyPhotosForCase, recordCarriedPhotos } from './photos.ts';
import { caseFromProfile } from './prefill.ts';
import type { MissingReportRequest, NewProfileRequest, ProfileCaseRequest, ProfilePatch, ReviewRequest } from './schemas.ts';
import {
  findProfile,
  insertMissingReport,
  insertProfile,
  linkProfileChild,
  markReviewed,
  pickUpReport,
  updateProfileFields,
  waitingReport,
  type ProfileRow,
} from './store.ts';

type Deps = Pick<AppDeps, 'db' | 'clock'>;

function checkProfileFields(body: Partial<NewProfileRequest>, now: Date): void {
  if (body.dateOfBirth) checkChild({ dateOfBirth: body.dateOfBirth }, now, '/body');
  body.riskAnswers?.forEach((answer, i) => {
    if (!isRiskQuestion(answer.question))
      throw invalid(`/body/riskAnswers/${i}/question`, `"${answer.question}" is not one of the standard questions`, {
        code: 'unknown-question',
      });
  });
  if (body.nextReviewOn && body.nextReviewOn < ukDate(now)) throw invalid('/body/nextReviewOn', 'cannot be in the past', { code: 'past' });
}

/** The profile in the actor's reach, or the same 404 whether it is missing or out of reach. */
export async function requireProfile(db: Queryable, reach: PhilomenaReach, profileId: string, forUpdate = false): Promise<ProfileRow> {
  const row = await findProfile(db, reach, profileId, { forUpdate });
  if (!row) throw notFound('That profile');
  return row;
}

/** Only the organisation that wrote a profile changes it; a local authority reads its area's others. */
export function requireWriter(reach: PhilomenaReach, row: ProfileRow): void {
  if (reach.kind !== 'writer' || row.owning_organisation_id !== reach.organisationId)
    throw forbidden('Only the organisation that wrote this profile may change it.');
}

/** The areas a writer may give a profile (those its organisation works in), by name. */
export async function profileAreas(db: Queryable, actor: Actor): Promise<{ items: { code: string; name: string }[] }> {
  if (philomenaReach(actor, 'philomena:write').kind !== 'writer') return { items: [] };
  const areas = await jurisdictionsByIds(db, actor.jurisdictionIds);
  return { items: areas.map((area) => ({ code: area.code, name: area.name })).sort((a, b) => a.name.localeCompare(b.name, 'en-GB')) };
}

export async function createProfile(deps: Deps, actor: Actor, body: NewProfileRequest): Promise<string> {
  const reach = philomenaReach(actor, 'philomena:write');
  if (reach.kind !== 'writer') throw forbidden('Profiles are written by the local authority or the care provider.');
  const now = deps.clock();
  checkProfileFields(body, now);
  return deps.db.transaction(async (tx) => {
    const [jurisdictionId] = await jurisdictionIdsByCode(tx, [body.areaCode], '/body/areaCode');
    if (!actor.jurisdictionIds.includes(jurisdictionId!))
      throw invalid('/body/areaCode', 'is not an area your organisation works in', { code: 'out-of-area' });
    // Writers read no whole case: they may link a child who has an episode in their own areas.
    if (body.childId && !(await childHasEpisodeInAreas(tx, body.childId, actor.jurisdictionIds)))
      throw invalid('/body/childId', 'is not a child whose episodes you may see', { code: 'unknown-child' });
    const { areaCode: _area, ...profile } = body;
    const id = await insertProfile(
      tx,
      profile,
      { organisationId: actor.organisationId, jurisdictionId: jurisdictionId!, userId: actor.userId },
      now,
    );
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'philomena.created',
        subjectType: 'philomena_profile',
        subjectId: id,
        details: { area: body.areaCode },
      },
      now,
    );
    return id;
  });
}

export async function updateProfile(deps: Deps, actor: Actor, profileId: string, patch: ProfilePatch): Promise<string[]> {
  const reach = philomenaReach(actor, 'philomena:write');
  const now = deps.clock();
  checkProfileFields(patch, now);
  return deps.db.transaction(async (tx) => {
    const row = await requireProfile(tx, reach, profileId, true);
    requireWriter(reach, row);
    if (row.version !== patch.version)
      throw conflict(
        `Someone changed this profile since you opened it (version ${row.version}, you sent ${patch.version}); reload and try again.`,
      );
    const changed = await updateProfileFields(tx, profileId, patch, now);
    await appendAudit(
      tx,
      { ...auditActor(actor), action: 'philomena.updated', subjectType: 'philomena_profile', subjectId: profileId, details: { changed } },
      now,
    );
    return changed;
  });
}

/** A review: the writer has checked the profile (and its photos) with the child's carers, and sets the next date. */
export async function reviewProfile(deps: Deps, actor: Actor, profileId: string, review: ReviewRequest): Promise<void> {
  const reach = philomenaReach(actor, 'philomena:write');
  const now = deps.clock();
  if (review.nextReviewOn <= ukDate(now)) throw invalid('/body/nextReviewOn', 'must be after today', { code: 'past' });
  await deps.db.transaction(async (tx) => {
    const row = await requireProfile(tx, reach, profileId, true);
    requireWriter(reach, row);
    await markReviewed(
      tx,
      profileId,
      { nextReviewOn: review.nextReviewOn, photosReviewBy: review.photosReviewBy, userId: actor.userId },
      now,
    );
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'philomena.reviewed',
        subjectType: 'philomena_profile',
        subjectId: profileId,
        details: { nextReviewOn: review.nextReviewOn },
      },
      now,
    );
  });
}

/** A carer reports the child missing: a report waiting for the police of the area, who make the case from it. */
export async function reportMissing(deps: Deps, actor: Actor, profileId: string, body: MissingReportRequest): Promise<string> {
  const reach = philomenaReach(actor, 'philomena:write');
  const now = deps.clock();
  checkNotFuture(body.lastSeen.at, now, '/body/lastSeen/at');
  return deps.db.transaction(async (tx) => {
    await requireProfile(tx, reach, profileId, true);
    const reportId = await insertMissingReport(
      tx,
      { profileId, lastSeen: body.lastSeen, circumstances: body.circumstances ?? '', clothing: body.clothing ?? '', userId: actor.userId },
      now,
    );
    if (!reportId) throw conflict('This child is already reported missing; the police of the area have the report.');
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'philomena.reported_missing',
        subjectType: 'philomena_profile',
        subjectId: profileId,
        details: { reportId },
      },
      now,
    );
    return reportId;
  });
}

/**
 * "Report missing now": the police of the area make the case from the profile in one action, everything the
 * profile holds pre-filled (the child, what the writer knows, the risk answers it can give). The case, the
 * profile's link to the register's child and the pick-up of a carer's waiting report commit together.
 */
export async function makeCaseFromProfile(
  deps: Pick<AppDeps, 'db' | 'clock' | 'media'>,
  actor: Actor,
  profileId: string,
  body: ProfileCaseRequest,
  reason: string | null,
): Promise<{ caseId: string; reference: string; suggestedLevel: RiskLevel }> {
  const reach = philomenaReach(actor, 'philomena:read');
  if (reach.kind === 'writer')
    throw forbidden('The police of the area make the case: report the child missing from the profile, and they pick it up.');
  const now = deps.clock();
  const { db } = deps;
  const row = await requireProfile(db, reach, profileId);
  const report = await waitingReport(db, profileId);
  const episodes = row.child_id ? await reachableEpisodesOfChild(db, actor, row.child_id) : [];
  const request: NewCaseRequest = caseFromProfile(row, body, report, episodes.length);
  checkNewCase(request, now);
  if (request.child && !request.confirmedNewChild) await refuseLikelyDuplicate(db, actor, request.child, reason, now);
  // The profile's photos go with the case, as copies the case owns (made before the transaction, removed if it fails).
  const carried = await copyPhotosForCase(deps, profileId);
  try {
    return await db.transaction(async (tx) => {
      const locked = await requireProfile(tx, reach, profileId, true);
      if (locked.version !== row.version) throw conflict('The profile changed while the case was being made; try again.');
      const caseId = await recordCaseWithin(tx, actor, request, now);
      const made = (await findReachableCase(tx, actor, caseId))!;
      const photoIds = await recordCarriedPhotos(tx, { childId: made.child_id, caseId }, carried.photos, now);
      if (!row.child_id) await linkProfileChild(tx, profileId, made.child_id);
      if (report) await pickUpReport(tx, report.id, caseId, now);
      await appendAudit(
        tx,
        {
          ...auditActor(actor),
          action: 'philomena.case_made',
          subjectType: 'philomena_profile',
          subjectId: profileId,
          details: { caseId, reportId: report?.id ?? null, riskAnswers: request.riskAnswers?.map((a) => a.question) ?? [], photoIds },
        },
        now,
      );
      const recent = await episodesInRepeatWindow(tx, made.child_id, made.last_seen_at);
      const suggestedLevel = suggestRiskLevel(request.riskAnswers ?? [], recent);
      return { caseId, reference: made.reference, suggestedLevel };
    });
  } catch (error) {
    await carried.discard();
    throw error;
  }
}
