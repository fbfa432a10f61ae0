// What staff do to a case, as plain functions: the API routes call them, and so does the demo seed.
// Each change and its audit entry commit together.
import { caseHasLiveAlert } from '../alerts/case-view.ts';
import type { AppDeps } from '../app-deps.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { withdrawAppealOfCaseWithin } from '../appeals/withdrawal.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { join, raw, sql, type Sql } from '../db/sql.ts';
import { forceAreasContaining } from '../geo/jurisdictions-store.ts';
import { conflict, invalid, notFound, Problem } from '../http/problem.ts';
import { removePhotoVariants, storePhoto, type StoredPhoto } from '../media/photos.ts';
import { jurisdictionsOfOrganisation, organisationByCode, organisationCodeOf } from '../orgs/store.ts';
import { refuseLikelyDuplicate } from '../register/duplicates.ts';
import { requestReturnInterview } from '../interviews/actions.ts';
import { survivorOf } from './child-merges.ts';
import { refreshEpisodeFacts } from './episode-facts.ts';
import { episodesInRepeatWindow } from './repeats.ts';
import { outOfReach } from './disclosure.ts';
import { isRiskQuestion, latestAnswers, suggestRiskLevel, type RiskLevel } from './risk.ts';
import type { CasePatch, ChildInput, NewCaseRequest, RiskAnswersRequest, ShareRequest } from './schemas.ts';
import { SHARE_TEMPLATES } from './share-fields.ts';
import { shareTerms } from './share-terms.ts';
import {
  ageOn,
  findReachableCase,
  insertChild,
  insertPhoto,
  markPhotoRemoved,
  nextCaseReference,
  revokeShare,
  updateChild,
  type CaseRow,
} from './store.ts';

type CaseDeps = Pick<AppDeps, 'db' | 'clock'>;
/** Closing a case also withdraws its long-term appeal at partners, whose record ids carry our public address. */
type ClosingDeps = CaseDeps & { config: Pick<AppDeps['config'], 'publicUrl'> };

// Last-seen times may run a few minutes ahead of our clock (a phone's clock, a typed time).
const FUTURE_SKEW_MS = 5 * 60_000;

export function checkChild(child: Partial<ChildInput>, now: Date, pointer: string): void {
  if (child.dateOfBirth) {
    const born = new Date(`${child.dateOfBirth}T00:00:00Z`);
    if (Number.isNaN(born.getTime()) || born > now)
      throw invalid(`${pointer}/dateOfBirth`, 'date of birth cannot be in the future', { code: 'future' });
    const age = ageOn(child.dateOfBirth, null, now)!;
    if (age >= 18)
      throw invalid(`${pointer}/dateOfBirth`, `the child would be ${age}; Forget-me-not records children under 18`, {
        code: 'not-a-child',
        limit: 18,
      });
  }
}

export function checkNotFuture(value: string | undefined, now: Date, pointer: string): void {
  if (value && Date.parse(value) > now.getTime() + FUTURE_SKEW_MS) throw invalid(pointer, 'cannot be in the future', { code: 'future' });
}

export async function requireCase(db: Queryable, actor: Actor, caseId: string, forUpdate = false): Promise<CaseRow> {
  const row = await findReachableCase(db, actor, caseId, { forUpdate });
  if (!row) throw outOfReach('case', caseId);
  return row;
}

/**
 * A closed case is a record of what happened: its details, risk, photos and alerts no longer change (there is
 * no reopening; a child missing again is a new episode). Shares stay possible, as safeguarding after a return
 * is often when a local authority or charity needs the case.
 */
export function requireOpen(row: CaseRow): void {
  if (row.status === 'closed')
    throw conflict(`Case ${row.reference} is closed, so it can no longer be changed; record a new episode if the child is missing again.`);
}

/**
 * Records a missing child (or a new episode of a known child) and returns the case id. A new child that seems
 * recorded already is refused unless the request confirms it is a different child (`reason`: the one given with
 * the request, under which sensitive cases take part in that check, as in the register's search).
 */
export async function recordCase(deps: CaseDeps, actor: Actor, body: NewCaseRequest, reason: string | null = null): Promise<string> {
  const now = deps.clock();
  checkNewCase(body, now);
  // A fictional child for an exercise is never the same as a child in the register. The check audits what it
  // showed in a transaction of its own, so that the entry stays when the case is refused.
  if (body.child && !body.confirmedNewChild && !body.exercise) await refuseLikelyDuplicate(deps.db, actor, body.child, reason, now);
  return deps.db.transaction((tx) => recordCaseWithin(tx, actor, body, now));
}

/** The checks of a new case that need no database. */
export function checkNewCase(body: NewCaseRequest, now: Date): void {
  if ((body.child === undefined) === (body.childId === undefined)) {
    throw invalid('/body/child', 'give either a new child or the childId of a known child, not both or neither', {
      code: 'child-or-known-child',
    });
  }
  if (body.child) {
    checkChild(body.child, now, '/body/child');
    if (!body.child.dateOfBirth && (body.child.estimatedAge === undefined || body.child.estimatedAge === null)) {
      throw invalid('/body/child/dateOfBirth', 'give a date of birth or an estimated age', { code: 'birth-or-age' });
    }
  }
  checkNotFuture(body.lastSeen.at, now, '/body/lastSeen/at');
  checkNotFuture(body.reportedAt, now, '/body/reportedAt');
  if (body.riskAnswers) checkRiskAnswers(body.riskAnswers, now, '/body/riskAnswers');
}

/**
 * `recordCase` inside the caller's transaction, after `checkNewCase` and the likely-duplicate check: a case made
 * from a Philomena profile commits with the profile's link to the child and the pick-up of the carer's report,
 * or not at all.
 */
export async function recordCaseWithin(tx: Queryable, actor: Actor, body: NewCaseRequest, now: Date): Promise<string> {
  // The owner is the actor's own organisation; only the national centre may record for a force.
  let ownerId = actor.organisationId;
  if (body.owningOrganisationCode !== undefined) {
    const id = (await organisationByCode(tx, body.owningOrganisationCode))?.id;
    if (!id)
      throw invalid('/body/owningOrganisationCode', `no organisation has the code "${body.owningOrganisationCode}"`, {
        code: 'unknown-organisation',
      });
    if (id !== actor.organisationId && actor.role !== 'national_coordinator') {
      throw new Problem(403, 'forbidden', 'Forbidden', 'Only the national centre may record a case for another organisation.');
    }
    ownerId = id;
  }
  const ownerCode = (await organisationCodeOf(tx, ownerId))!;
  // The case sits in the owner's force area that holds the last-seen point, else any force area that
  // holds it (a child from elsewhere), else the owner's own area.
  const containing = await forceAreasContaining(tx, body.lastSeen.lon, body.lastSeen.lat);
  const ownAreas = await jurisdictionsOfOrganisation(tx, ownerId);
  const jurisdiction = containing.find((area) => ownAreas.some((own) => own.id === area.id)) ?? containing[0] ?? ownAreas[0];
  if (!jurisdiction)
    throw new Problem(409, 'no-jurisdiction', 'No jurisdiction', 'Your organisation has no jurisdiction; ask an administrator.');

  const childId = body.childId
    ? await requireKnownChild(tx, actor, body.childId, body.exercise ?? false)
    : await insertChild(tx, body.child!, now);
  const reference = await nextCaseReference(tx, ownerCode, now);
  const { rows } = await tx.query<Row<'cases', 'id'>>(
    sql`INSERT INTO cases (reference, child_id, owning_organisation_id, jurisdiction_id, reported_at, last_seen_at, last_seen_lon,
                           last_seen_lat, last_seen_place, circumstances, clothing, vehicle, suspect, sensitive, exercise, created_by, created_at, updated_at)
        VALUES (${reference}, ${childId}, ${ownerId}, ${jurisdiction.id}, ${body.reportedAt ?? now}, ${body.lastSeen.at}, ${body.lastSeen.lon},
                ${body.lastSeen.lat}, ${body.lastSeen.place}, ${body.circumstances ?? ''}, ${body.clothing ?? ''}, ${body.vehicle ?? ''},
                ${body.suspect ?? ''}, ${body.sensitive ?? false}, ${body.exercise ?? false}, ${actor.userId}, ${now}, ${now})
        RETURNING id`,
  );
  const id = rows[0]!.id;
  await appendAudit(
    tx,
    {
      ...auditActor(actor),
      action: 'case.created',
      subjectType: 'case',
      subjectId: id,
      details: {
        reference,
        childId,
        repeat: Boolean(body.childId),
        exercise: body.exercise ?? false,
        ...(body.child && body.confirmedNewChild ? { confirmedNewChild: true } : {}),
      },
    },
    now,
  );
  // Answers confirmed from the last episode or supplied by a profile are recorded with the case, never after it.
  if (body.riskAnswers && body.riskAnswers.length > 0) await insertRiskAnswers(tx, actor, id, body.riskAnswers, now);
  await refreshEpisodeFacts(tx, [childId]);
  return id;
}

/** The child of a repeat episode: not merged away, reached through an earlier episode, and as real as the new one. */
async function requireKnownChild(tx: Queryable, actor: Actor, childId: string, exercise: boolean): Promise<string> {
  const survivor = await survivorOf(tx, childId);
  if (survivor)
    throw new Problem(
      409,
      'child-merged',
      'This child was merged',
      'This record was merged into another child: record the episode there.',
      {
        members: { intoChildId: survivor },
      },
    );
  // A repeat episode: the actor must be able to reach an earlier episode of this child.
  const { rows: earlier } = await tx.query<Row<'cases', 'id' | 'exercise'>>(
    sql`SELECT id, exercise FROM cases WHERE child_id = ${childId}`,
  );
  let reachable = false;
  for (const episode of earlier) reachable ||= (await findReachableCase(tx, actor, episode.id)) !== undefined;
  if (!reachable) throw notFound('That child');
  // A fictional child stays in exercises and a real child out of them: an exercise alert publishes the name.
  if (earlier.some((episode) => episode.exercise !== exercise)) {
    throw new Problem(
      409,
      'exercise-mismatch',
      'Exercise and real cases do not mix',
      exercise
        ? 'This child has real episodes: an exercise needs a new, fictional child.'
        : 'This child was recorded for exercises: a real case needs the real child.',
      {
        errors: [{ pointer: '/body/exercise', detail: 'does not match the earlier episodes of this child', code: 'exercise-mismatch' }],
      },
    );
  }
  return childId;
}

/** Applies an edit made against `patch.version`; refuses a stale one. Returns the changed field names. */
export async function updateCase(deps: CaseDeps, actor: Actor, caseId: string, patch: CasePatch): Promise<string[]> {
  const now = deps.clock();
  if (patch.child) checkChild(patch.child, now, '/body/child');
  if (patch.lastSeen) checkNotFuture(patch.lastSeen.at, now, '/body/lastSeen/at');
  return deps.db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId, true);
    // Marking a closed case sensitive protects it further and changes none of its details: the one edit allowed.
    const onlyProtects = patch.sensitive === true && Object.keys(patch).every((key) => key === 'version' || key === 'sensitive');
    if (!onlyProtects) requireOpen(row);
    if (row.version !== patch.version) {
      throw conflict(
        `Someone changed case ${row.reference} since you opened it (version ${row.version}, you sent ${patch.version}); reload and try again.`,
      );
    }
    const changed: string[] = [];
    if (patch.child) changed.push(...(await updateChild(tx, row.child_id, patch.child, now)).map((field) => `child.${field}`));
    const sets: Sql[] = [];
    const set = (column: keyof Row<'cases'>, value: string | number | boolean, field: string) => {
      sets.push(sql`${raw(column)} = ${value}`);
      changed.push(field);
    };
    if (patch.lastSeen) {
      set('last_seen_at', patch.lastSeen.at, 'lastSeen.at');
      set('last_seen_lon', patch.lastSeen.lon, 'lastSeen.lon');
      set('last_seen_lat', patch.lastSeen.lat, 'lastSeen.lat');
      set('last_seen_place', patch.lastSeen.place, 'lastSeen.place');
    }
    for (const field of ['circumstances', 'clothing', 'vehicle', 'suspect', 'sensitive'] as const) {
      if (patch[field] !== undefined) set(field, patch[field], field);
    }
    await tx.query(
      sql`UPDATE cases SET ${join([...sets, sql`updated_at = ${now}`, sql`version = version + 1`], ', ')} WHERE id = ${caseId}`,
    );
    await refreshEpisodeFacts(tx, [row.child_id]);
    await appendAudit(
      tx,
      { ...auditActor(actor), action: 'case.updated', subjectType: 'case', subjectId: caseId, details: { changed } },
      now,
    );
    return changed;
  });
}

function checkRiskAnswers(answers: RiskAnswersRequest['answers'], now: Date, pointer = '/body/answers'): void {
  answers.forEach((answer, i) => {
    if (!isRiskQuestion(answer.question))
      throw invalid(`${pointer}/${i}/question`, `"${answer.question}" is not one of the standard questions`, {
        code: 'unknown-question',
      });
    checkNotFuture(answer.answeredAt, now, `${pointer}/${i}/answeredAt`);
  });
}

async function insertRiskAnswers(
  tx: Queryable,
  actor: Actor,
  caseId: string,
  answers: RiskAnswersRequest['answers'],
  now: Date,
): Promise<void> {
  for (const answer of answers) {
    await tx.query(
      sql`INSERT INTO risk_answers (case_id, question, answer, detail, source, answered_at, recorded_by, recorded_at)
          VALUES (${caseId}, ${answer.question}, ${answer.answer}, ${answer.detail ?? ''}, ${answer.source}, ${answer.answeredAt ?? now}, ${actor.userId}, ${now})`,
    );
  }
  await appendAudit(
    tx,
    {
      ...auditActor(actor),
      action: 'case.risk_answered',
      subjectType: 'case',
      subjectId: caseId,
      details: { questions: answers.map((a) => a.question) },
    },
    now,
  );
}

export async function recordRiskAnswers(
  deps: CaseDeps,
  actor: Actor,
  caseId: string,
  answers: RiskAnswersRequest['answers'],
): Promise<void> {
  const now = deps.clock();
  checkRiskAnswers(answers, now);
  await deps.db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId, true);
    requireOpen(row);
    await insertRiskAnswers(tx, actor, caseId, answers, now);
    await refreshEpisodeFacts(tx, [row.child_id]);
  });
}

/**
 * Grades or re-grades the risk; the suggestion from the answers at that moment is kept beside it. Answers
 * sent with the grading are saved first, in the same transaction, so the grading and its suggestion see them.
 */
export async function gradeRisk(
  deps: CaseDeps,
  actor: Actor,
  caseId: string,
  level: RiskLevel,
  rationale: string,
  newAnswers: RiskAnswersRequest['answers'] = [],
): Promise<void> {
  const now = deps.clock();
  checkRiskAnswers(newAnswers, now);
  await deps.db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId, true);
    requireOpen(row);
    if (newAnswers.length > 0) await insertRiskAnswers(tx, actor, caseId, newAnswers, now);
    const { rows: answers } = await tx.query<Row<'risk_answers', 'question' | 'answer'> & { answer: 'yes' | 'no' | 'unknown' }>(
      sql`SELECT question, answer FROM risk_answers WHERE case_id = ${caseId} ORDER BY recorded_at, id`,
    );
    const recentEpisodes = row.exercise ? 1 : await episodesInRepeatWindow(tx, row.child_id, row.last_seen_at);
    const suggested = suggestRiskLevel(latestAnswers(answers), recentEpisodes);
    await tx.query(
      sql`INSERT INTO risk_gradings (case_id, level, suggested_level, rationale, graded_by, graded_at)
          VALUES (${caseId}, ${level}, ${suggested}, ${rationale}, ${actor.userId}, ${now})`,
    );
    await tx.query(sql`UPDATE cases SET risk_level = ${level}, updated_at = ${now}, version = version + 1 WHERE id = ${caseId}`);
    await refreshEpisodeFacts(tx, [row.child_id]);
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'case.graded',
        subjectType: 'case',
        subjectId: caseId,
        details: { from: row.risk_level, to: level, suggested },
      },
      now,
    );
  });
}

export async function closeCase(
  deps: ClosingDeps,
  actor: Actor,
  caseId: string,
  outcome: string,
  notes: string | undefined,
): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction((tx) => closeCaseWithin(tx, actor, caseId, outcome, notes, now, deps.config.publicUrl));
}

/**
 * Closes an open case inside the caller's transaction: the close route, and a confirmed match (src/matching/),
 * which identifies the record of the person found in the same transaction. Returns the closed case.
 */
export async function closeCaseWithin(
  tx: Queryable,
  actor: Actor,
  caseId: string,
  outcome: string,
  notes: string | undefined,
  now: Date,
  publicUrl: string,
): Promise<CaseRow> {
  const row = await requireCase(tx, actor, caseId, true);
  requireOpen(row);
  // A closed case must not leave an appeal public: the alert is withdrawn first, with its Cancel.
  if (await caseHasLiveAlert(tx, caseId))
    throw conflict(
      'This case has a Child Rescue Alert that is active or awaiting approval: withdraw it first (found safe, found or cancelled).',
    );
  await tx.query(
    sql`UPDATE cases SET status = 'closed', outcome = ${outcome}, outcome_notes = ${notes ?? null}, closed_at = ${now}, updated_at = ${now},
                         version = version + 1
         WHERE id = ${caseId}`,
  );
  await appendAudit(tx, { ...auditActor(actor), action: 'case.closed', subjectType: 'case', subjectId: caseId, details: { outcome } }, now);
  await requestReturnInterview(
    tx,
    actor,
    { caseId, childId: row.child_id, jurisdictionId: row.jurisdiction_id, outcome, exercise: row.exercise },
    now,
  );
  // After the interview request, so that profiles count the episode's interview as asked.
  await refreshEpisodeFacts(tx, [row.child_id]);
  // A long-term appeal ends with the case, here and at every partner (src/appeals/withdrawal.ts).
  await withdrawAppealOfCaseWithin(tx, publicUrl, caseId, outcome, auditActor(actor), now);
  return row;
}

/**
 * Discloses a case for safeguarding: to a local authority, a charity or another force, for a purpose, with the
 * groups of fields it needs (the purpose's template unless named) and an end date; audited with the reason.
 * Sharing again with the same organisation replaces the earlier share.
 */
export async function shareCase(deps: CaseDeps, actor: Actor, caseId: string, request: ShareRequest): Promise<void> {
  const now = deps.clock();
  const { organisationCode, reason, purpose } = request;
  const { target, fields, endsAt } = await shareTerms(deps.db, actor, request, SHARE_TEMPLATES, now);
  await deps.db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId, true);
    if (target.id === row.owning_organisation_id)
      throw invalid('/body/organisationCode', 'that organisation owns the case', { code: 'share-not-allowed' });
    await tx.query(
      sql`INSERT INTO case_shares (case_id, organisation_id, reason, purpose, fields, ends_at, shared_by, shared_at)
          VALUES (${caseId}, ${target.id}, ${reason}, ${purpose}, ${[...fields]}::text[], ${endsAt}, ${actor.userId}, ${now})
          ON CONFLICT (case_id, organisation_id) DO UPDATE SET reason = EXCLUDED.reason, purpose = EXCLUDED.purpose, fields = EXCLUDED.fields,
            ends_at = EXCLUDED.ends_at, shared_by = EXCLUDED.shared_by, shared_at = EXCLUDED.shared_at, revoked_at = NULL`,
    );
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'case.shared',
        subjectType: 'case',
        subjectId: caseId,
        reason,
        details: { with: organisationCode, purpose, fields: [...fields], endsAt: endsAt.toISOString() },
      },
      now,
    );
  });
}

/** Stops sharing a case with an organisation (audited); 404 if it was not shared with it. */
export async function unshareCase(deps: CaseDeps, actor: Actor, caseId: string, organisationCode: string): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    await requireCase(tx, actor, caseId, true);
    const organisation = await organisationByCode(tx, organisationCode);
    if (!organisation || !(await revokeShare(tx, caseId, organisation.id, now))) throw notFound('That share');
    await appendAudit(
      tx,
      { ...auditActor(actor), action: 'case.unshared', subjectType: 'case', subjectId: caseId, details: { with: organisationCode } },
      now,
    );
  });
}

/** Removes a photo of an open case's child (audited), then its stored files. */
export async function removePhoto(
  deps: Pick<AppDeps, 'db' | 'clock' | 'media'>,
  actor: Actor,
  caseId: string,
  photoId: string,
): Promise<void> {
  const now = deps.clock();
  const variants = await deps.db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, caseId, true);
    requireOpen(row);
    const removed = await markPhotoRemoved(tx, row.child_id, photoId, now);
    if (!removed) throw notFound('That photo');
    await appendAudit(
      tx,
      { ...auditActor(actor), action: 'photo.removed', subjectType: 'case', subjectId: caseId, details: { photoId } },
      now,
    );
    return removed;
  });
  await removePhotoVariants(deps.media, variants);
}

/** Re-encodes and stores a photo of the case's child; on any failure no file or row is left behind. */
export async function addPhoto(
  deps: Pick<AppDeps, 'db' | 'clock' | 'media'>,
  actor: Actor,
  caseId: string,
  upload: Buffer,
  caption: string,
): Promise<{ photoId: string; stored: StoredPhoto; createdAt: Date }> {
  requireOpen(await requireCase(deps.db, actor, caseId));
  const stored = await storePhoto(deps.media, upload);
  const now = deps.clock();
  try {
    const photoId = await deps.db.transaction(async (tx) => {
      const row = await requireCase(tx, actor, caseId, true);
      // Checked again under the lock: the case may have been closed while the photo was re-encoded.
      requireOpen(row);
      const id = await insertPhoto(
        tx,
        { childId: row.child_id, caseId, caption, width: stored.width, height: stored.height, variants: stored.variants, by: actor.userId },
        now,
      );
      await appendAudit(
        tx,
        { ...auditActor(actor), action: 'photo.added', subjectType: 'case', subjectId: caseId, details: { photoId: id } },
        now,
      );
      return id;
    });
    return { photoId, stored, createdAt: now };
  } catch (error) {
    await removePhotoVariants(deps.media, stored.variants).catch(() => undefined);
    throw error;
  }
}
