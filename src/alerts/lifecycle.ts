// The life of a Child Rescue Alert: draft → awaiting approval → active → (updated)* → withdrawn | expired,
// or returned to draft / rejected by the approver. Every step is audited; every publication writes an
// immutable CAP message (Alert, Update, Cancel) referring to the earlier ones.
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../app-deps.ts';
import { auditActor, requireSecondFactorSession, type Actor } from '../auth/actor.ts';
import { roleAllows } from '../auth/roles.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { requireCase } from '../cases/actions.ts';
import { childPhotosAmong, latestChildPhotoIds } from '../cases/appeal-photos.ts';
import { ageOn, findChild, type CaseRow, type ChildRow } from '../cases/store.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { conflict, forbidden, invalid, Problem } from '../http/problem.ts';
import { formatDateTime } from '../i18n/dates.ts';
import { areaCellRanges, DEFAULT_RADIUS_KM, describeArea, resolveAlertArea } from './area.ts';
import type { CellRange } from '../geo/cells.ts';
import { fitsSegments, measureSms } from '../channels/sms-text.ts';
import { ALERT_TEXT_LIMITS, clipAtWord } from './text-limits.ts';
import { publishAlertMessage } from './messages.ts';
import { removePublicPhotos, preparePublicPhotos, type PreparedPhoto } from './public-photos.ts';
import {
  CRITERIA_LABELS,
  DEFAULT_EXPIRY_HOURS,
  MAX_EXPIRY_HOURS,
  MAX_SMS_SEGMENTS,
  type AlertChangeRequest,
  type AlertContentInput,
  type AlertDraftPatch,
  type AlertUpdateRequest,
  type CriteriaInput,
  type NewAlertRequest,
} from './schemas.ts';
import { dropPendingDeliveries, enqueueFanout } from '../dispatch/outbox.ts';
import {
  alertContents,
  alertPhotos,
  decideAlertChange,
  findPendingChange,
  insertAlertChange,
  lapsePendingChange,
  oneLiveAtATime,
  replaceAlertContents,
  requireNoOtherLiveAlert,
  requireReachableAlert,
  type AlertChangeRow,
  type AlertRow,
  type StoredArea,
} from './store.ts';

// Only the public address is read from the configuration (for links in CAP messages).
type AlertDeps = Pick<AppDeps, 'db' | 'clock' | 'media' | 'onOutbox'> & { config: Pick<AppDeps['config'], 'publicUrl'> };

const MIN_REASON_LENGTH = 10;

/** A random, unguessable public address such as "2026-k3f9x2qa7m". */
function newSlug(now: Date): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789';
  return `${now.getUTCFullYear()}-${Array.from(randomBytes(10), (b) => alphabet[b % alphabet.length]).join('')}`;
}

/** Checks each language block: a real BCP 47 tag, once each, an SMS text within two segments. */
export function checkContents(contents: readonly AlertContentInput[], pointer: string): void {
  const seen = new Set<string>();
  contents.forEach((content, i) => {
    let canonical: string;
    try {
      canonical = Intl.getCanonicalLocales(content.language)[0]!;
    } catch {
      throw invalid(
        `${pointer}/${i}/language`,
        `"${content.language}" is not a BCP 47 language tag (for example en, cy, pl, ro, ar, pt-BR)`,
        { code: 'language-tag' },
      );
    }
    if (seen.has(canonical.toLowerCase()))
      throw invalid(`${pointer}/${i}/language`, `the language ${canonical} is given twice`, { code: 'duplicate' });
    seen.add(canonical.toLowerCase());
    if (!fitsSegments(content.smsText, MAX_SMS_SEGMENTS)) {
      const m = measureSms(content.smsText);
      throw invalid(
        `${pointer}/${i}/smsText`,
        `the SMS text needs ${m.segments} ${m.encoding} segments; at most ${MAX_SMS_SEGMENTS} are allowed (${m.units} ${m.encoding === 'GSM-7' ? 'characters' : 'UCS-2 units'})`,
        { code: 'sms-too-long', limit: MAX_SMS_SEGMENTS },
      );
    }
  });
}

/** The criteria a Child Rescue Alert must meet, each confirmed with a written reason. */
export function checkCriteria(criteria: Partial<CriteriaInput> | undefined, caseRow: CaseRow, childAge: number | null): void {
  for (const key of Object.keys(CRITERIA_LABELS) as (keyof CriteriaInput)[]) {
    const criterion = criteria?.[key];
    const pointer = `/body/criteria/${key}`;
    if (!criterion || !criterion.met) {
      throw new Problem(
        422,
        'criteria-not-met',
        'The Child Rescue Alert criteria are not met',
        `${CRITERIA_LABELS[key]}: this criterion is not confirmed, so no alert can be raised.`,
        {
          errors: [{ pointer, detail: 'not confirmed', code: 'criterion-not-confirmed' }],
        },
      );
    }
    if (criterion.reason.trim().length < MIN_REASON_LENGTH) {
      throw new Problem(
        422,
        'criteria-not-met',
        'A reason is required',
        `${CRITERIA_LABELS[key]}: write the reason (at least ${MIN_REASON_LENGTH} characters).`,
        {
          errors: [{ pointer: `${pointer}/reason`, detail: 'reason too short', code: 'too-short', limit: MIN_REASON_LENGTH }],
        },
      );
    }
  }
  if (childAge !== null && childAge >= 18) {
    throw new Problem(
      422,
      'criteria-not-met',
      'The child is not under 18',
      `Case ${caseRow.reference} records the child as ${childAge}: a Child Rescue Alert is for children under 18.`,
      {
        errors: [{ pointer: '/body/criteria/under18', detail: 'the case records an adult', code: 'not-a-child', limit: 18 }],
      },
    );
  }
}

const BROADCAST_CALL_TO_ACTION = ' Call 999.';
/**
 * Exercises run only on cases recorded as exercises (a fictional child), and real alerts only on real
 * cases: an exercise on a real child's case would publish that child's name as practice.
 */
export function checkExerciseCase(caseRow: Pick<CaseRow, 'reference' | 'exercise'>, capStatus: AlertRow['cap_status']): void {
  const practice = capStatus !== 'Actual';
  if (practice === caseRow.exercise) return;
  throw new Problem(
    409,
    'exercise-mismatch',
    practice ? 'Exercises need an exercise case' : 'Real alerts need a real case',
    practice
      ? `Case ${caseRow.reference} is a real case: an ${capStatus === 'Exercise' ? 'exercise' : 'test'} alert can be raised only on a case recorded as an exercise, with a fictional child.`
      : `Case ${caseRow.reference} was recorded as an exercise: a real alert can be raised only on a real case.`,
    {
      errors: [
        {
          pointer: '/body/capStatus',
          detail: practice ? 'the case is not an exercise' : 'the case is an exercise',
          code: practice ? 'not-an-exercise-case' : 'exercise-case',
        },
      ],
    },
  );
}

/** English text drafted from the case, for the officer to edit: nothing is published without their review. */
function draftContentFromCase(
  child: ChildRow,
  caseRow: CaseRow,
  age: number | null,
  template: { instruction: string; contact: string } | undefined,
): AlertContentInput {
  const name = child.known_as
    ? `${child.given_names} "${child.known_as}" ${child.family_name}`
    : `${child.given_names} ${child.family_name}`;
  const pronoun = child.sex === 'female' ? 'She' : child.sex === 'male' ? 'He' : 'They';
  const details = [
    age !== null ? `${age} years old` : null,
    child.height_cm ? `${child.height_cm} cm tall` : null,
    child.build ? `${child.build} build` : null,
    child.hair_colour ? `${child.hair_colour} hair` : null,
    child.eye_colour ? `${child.eye_colour} eyes` : null,
  ].filter(Boolean);
  const description = [
    `${name} is missing and police believe ${pronoun === 'They' ? 'they are' : `${pronoun.toLowerCase()} is`} in danger.`,
    details.length ? `${pronoun} ${pronoun === 'They' ? 'are' : 'is'} ${details.join(', ')}.` : '',
    child.distinguishing_marks ? `Distinguishing marks: ${child.distinguishing_marks}.` : '',
    caseRow.clothing ? `Last seen wearing ${caseRow.clothing}.` : '',
    `Last seen at ${caseRow.last_seen_place} on ${formatDateTime(caseRow.last_seen_at, 'en')}.`,
  ]
    .filter(Boolean)
    .join(' ');
  const sms = `CHILD RESCUE ALERT: ${child.given_names} ${child.family_name}, ${age ?? ''}, missing from ${caseRow.last_seen_place}. If seen call 999. Do not approach.`;
  return {
    language: 'en',
    headline: clipAtWord(
      `Child Rescue Alert: ${child.given_names} ${child.family_name}${age !== null ? `, ${age}` : ''}, missing from ${caseRow.last_seen_place}`,
      ALERT_TEXT_LIMITS.headline,
    ),
    description: clipAtWord(description, ALERT_TEXT_LIMITS.description),
    instruction: template?.instruction ?? 'If you see them, call 999 immediately. Do not approach.',
    contact: template?.contact ?? 'Call 999. Quote the Child Rescue Alert.',
    smsText: clipAtWord(sms, 306, '...'),
    // The cell broadcast version: as much of the description as fits in whole words, then what to do.
    broadcastText: `${clipAtWord(description, ALERT_TEXT_LIMITS.broadcastText - BROADCAST_CALL_TO_ACTION.length)}${BROADCAST_CALL_TO_ACTION}`,
  };
}

async function templateFor(db: Queryable, actor: Actor, templateId: string | undefined) {
  if (!templateId) return undefined;
  const { rows } = await db.query<Row<'alert_templates', 'instruction' | 'contact' | 'organisation_id'>>(
    sql`SELECT instruction, contact, organisation_id FROM alert_templates WHERE id = ${templateId}`,
  );
  const template = rows[0];
  if (!template || (template.organisation_id !== actor.organisationId && actor.role !== 'national_coordinator')) {
    throw invalid('/body/templateId', 'no template of your organisation has that id');
  }
  return template;
}

async function checkPhotos(db: Queryable, caseRow: CaseRow, photoIds: readonly string[], pointer: string): Promise<void> {
  const rows = await childPhotosAmong(db, caseRow.child_id, photoIds);
  photoIds.forEach((id, i) => {
    if (!rows.some((row) => row.id === id)) throw invalid(`${pointer}/${i}`, 'is not a photo of this child');
  });
  if (new Set(photoIds).size !== photoIds.length) throw invalid(pointer, 'a photo is listed twice', { code: 'duplicate' });
}

function checkExpiry(expiresAt: string | undefined, now: Date, pointer: string): Date | undefined {
  if (!expiresAt) return undefined;
  const at = new Date(expiresAt);
  if (at.getTime() <= now.getTime()) throw invalid(pointer, 'the expiry must be in the future', { code: 'past' });
  if (at.getTime() > now.getTime() + MAX_EXPIRY_HOURS * 3_600_000)
    throw invalid(pointer, `an alert runs at most ${MAX_EXPIRY_HOURS} hours before it is renewed`, {
      code: 'expiry-too-far',
      limit: MAX_EXPIRY_HOURS,
    });
  return at;
}

async function replacePhotos(db: Queryable, alertId: string, photoIds: readonly string[]): Promise<void> {
  await db.query(sql`DELETE FROM alert_photos WHERE alert_id = ${alertId}`);
  for (const [position, photoId] of photoIds.entries()) {
    await db.query(sql`INSERT INTO alert_photos (alert_id, position, photo_id) VALUES (${alertId}, ${position}, ${photoId})`);
  }
}

/** Replaces the targeting ranges of an alert: worked out before the transaction (areaRangesOf), only written here. */
async function storeAreaRanges(db: Queryable, alertId: string, ranges: readonly CellRange[]): Promise<void> {
  await db.query(sql`DELETE FROM alert_area_ranges WHERE alert_id = ${alertId}`);
  // One statement per 1,000 ranges keeps even a county of fine cells to a few round trips.
  for (let i = 0; i < ranges.length; i += 1000) {
    const chunk = ranges.slice(i, i + 1000);
    const lows = chunk.map((r) => r.min.toString());
    const highs = chunk.map((r) => r.max.toString());
    await db.query(
      sql`INSERT INTO alert_area_ranges (alert_id, low, high) SELECT ${alertId}, unnest(${lows}::bigint[]), unnest(${highs}::bigint[])`,
    );
  }
}

/** An area's targeting ranges, checked in full and within the limits; heavy, so never inside a transaction. */
async function areaRangesOf(db: Queryable, area: StoredArea): Promise<CellRange[]> {
  return areaCellRanges(await resolveAlertArea(db, area));
}

const audit = (
  tx: Queryable,
  actor: Actor,
  alertId: string,
  action: string,
  now: Date,
  details: Record<string, unknown> = {},
  reason?: string,
) => appendAudit(tx, { ...auditActor(actor), action, subjectType: 'alert', subjectId: alertId, details, reason: reason ?? null }, now);

/** Starts an alert for a case; whatever the request leaves out is drafted from the case for review. */
export async function createAlertDraft(deps: AlertDeps, actor: Actor, body: NewAlertRequest): Promise<string> {
  const { db } = deps;
  const now = deps.clock();
  const caseRow = await requireCase(db, actor, body.caseId);
  if (caseRow.status !== 'open') throw conflict(`Case ${caseRow.reference} is closed; an alert needs an open case.`);
  const capStatus = body.capStatus ?? (caseRow.exercise ? 'Exercise' : 'Actual');
  checkExerciseCase(caseRow, capStatus);
  const child = await findChild(db, caseRow.child_id);
  const age = ageOn(child.date_of_birth, child.estimated_age, now);
  const template = await templateFor(db, actor, body.templateId);
  const contents = body.contents ?? [draftContentFromCase(child, caseRow, age, template)];
  checkContents(contents, '/body/contents');
  const photoIds = body.photoIds ?? (await latestChildPhotoIds(db, caseRow.child_id, 2));
  await checkPhotos(db, caseRow, photoIds, '/body/photoIds');
  const lastSeen = body.lastSeen ?? {
    at: caseRow.last_seen_at.toISOString(),
    lon: caseRow.last_seen_lon,
    lat: caseRow.last_seen_lat,
    place: caseRow.last_seen_place,
  };
  const area: StoredArea = body.area
    ? { parts: body.area.parts ?? [], jurisdictionCodes: body.area.jurisdictionCodes ?? [], national: body.area.national ?? false }
    : {
        parts: [{ kind: 'circle', center: [lastSeen.lon, lastSeen.lat], radiusKm: DEFAULT_RADIUS_KM }],
        jurisdictionCodes: [],
        national: false,
      };
  const resolved = await resolveAlertArea(db, area);
  // Refused now if it is too large to target, rather than when a senior officer comes to approve it.
  await areaCellRanges(resolved);
  const description = body.area?.description ?? describeArea(resolved, lastSeen.place);
  const expiresAt = checkExpiry(body.expiresAt, now, '/body/expiresAt');

  return db.transaction(async (tx) => {
    const criteria = JSON.stringify(body.criteria ?? {});
    const { rows } = await tx.query<Row<'alerts', 'id'>>(
      sql`INSERT INTO alerts (slug, case_id, owning_organisation_id, jurisdiction_id, state, cap_status, criteria, area, area_description,
                              last_seen_at, last_seen_lon, last_seen_lat, last_seen_place, vehicle, suspect, expires_at, created_by, created_at, updated_at, contributors)
          VALUES (${newSlug(now)}, ${caseRow.id}, ${caseRow.owning_organisation_id}, ${caseRow.jurisdiction_id}, 'draft', ${capStatus}, ${criteria}::jsonb,
                  ${JSON.stringify(area)}::jsonb, ${description}, ${lastSeen.at}, ${lastSeen.lon}, ${lastSeen.lat}, ${lastSeen.place},
                  ${body.vehicle ?? caseRow.vehicle}, ${body.suspect ?? caseRow.suspect}, ${expiresAt ?? null}, ${actor.userId}, ${now}, ${now},
                  ARRAY[${actor.userId}::uuid]) RETURNING id`,
    );
    const alertId = rows[0]!.id;
    await replaceAlertContents(tx, alertId, contents);
    await replacePhotos(tx, alertId, photoIds);
    await audit(tx, actor, alertId, 'alert.drafted', now, { caseId: caseRow.id, capStatus });
    return alertId;
  });
}

function requireState(alert: AlertRow, states: AlertRow['state'][], action: string): void {
  if (!states.includes(alert.state)) {
    throw conflict(`This alert is ${alert.state.replace('_', ' ')}; it cannot be ${action}.`);
  }
}

/** The area worked out before a transaction is still the alert's inside it. */
function requireSameArea(before: AlertRow, now: AlertRow): void {
  if (JSON.stringify(before.area) !== JSON.stringify(now.area)) {
    throw conflict('Someone changed the area of this alert meanwhile; reload and try again.');
  }
}

function requireVersion(alert: AlertRow, version: number): void {
  if (alert.version !== version) {
    throw conflict(`Someone changed this alert since you opened it (version ${alert.version}, you sent ${version}); reload and try again.`);
  }
}

export async function updateAlertDraft(deps: AlertDeps, actor: Actor, alertId: string, patch: AlertDraftPatch): Promise<void> {
  const { db } = deps;
  const now = deps.clock();
  if (patch.contents) checkContents(patch.contents, '/body/contents');
  const expiresAt = checkExpiry(patch.expiresAt, now, '/body/expiresAt');
  // The area is checked and bounded before the transaction: its geometry can take seconds (in a worker).
  const area: StoredArea | undefined = patch.area
    ? { parts: patch.area.parts ?? [], jurisdictionCodes: patch.area.jurisdictionCodes ?? [], national: patch.area.national ?? false }
    : undefined;
  const resolved = area ? await resolveAlertArea(db, area) : undefined;
  if (resolved) await areaCellRanges(resolved);
  await db.transaction(async (tx) => {
    const alert = await requireReachableAlert(tx, actor, alertId, true);
    requireState(alert, ['draft'], 'edited as a draft (publish an update instead)');
    requireVersion(alert, patch.version);
    const caseRow = await requireCase(tx, actor, alert.case_id);
    if (patch.capStatus) checkExerciseCase(caseRow, patch.capStatus);
    if (patch.photoIds) await checkPhotos(tx, caseRow, patch.photoIds, '/body/photoIds');
    const lastSeen = patch.lastSeen;
    const criteria = patch.criteria ? JSON.stringify(patch.criteria) : null;
    const storedArea = area ? JSON.stringify(area) : null;
    const description = patch.area?.description ?? (resolved ? describeArea(resolved, lastSeen?.place ?? alert.last_seen_place) : null);
    await tx.query(
      sql`UPDATE alerts SET cap_status = COALESCE(${patch.capStatus ?? null}, cap_status), criteria = COALESCE(${criteria}::jsonb, criteria),
                 area = COALESCE(${storedArea}::jsonb, area), area_description = COALESCE(${description}, area_description),
                 last_seen_at = COALESCE(${lastSeen?.at ?? null}, last_seen_at), last_seen_lon = COALESCE(${lastSeen?.lon ?? null}, last_seen_lon),
                 last_seen_lat = COALESCE(${lastSeen?.lat ?? null}, last_seen_lat), last_seen_place = COALESCE(${lastSeen?.place ?? null}, last_seen_place),
                 vehicle = COALESCE(${patch.vehicle ?? null}, vehicle), suspect = COALESCE(${patch.suspect ?? null}, suspect),
                 expires_at = COALESCE(${expiresAt ?? null}, expires_at), updated_at = ${now}, version = version + 1,
                 contributors = CASE WHEN ${actor.userId}::uuid = ANY(contributors) THEN contributors ELSE array_append(contributors, ${actor.userId}::uuid) END
           WHERE id = ${alertId}`,
    );
    if (patch.contents) await replaceAlertContents(tx, alertId, patch.contents);
    if (patch.photoIds) await replacePhotos(tx, alertId, patch.photoIds);
    await audit(tx, actor, alertId, 'alert.draft_changed', now, { changed: Object.keys(patch).filter((k) => k !== 'version') });
  });
}

/** Everything an alert must have before a senior officer sees it, and again when they approve it. */
async function checkReadyToPublish(db: Queryable, actor: Actor, alert: AlertRow, now: Date): Promise<void> {
  const caseRow = await requireCase(db, actor, alert.case_id);
  if (caseRow.status !== 'open') throw conflict(`Case ${caseRow.reference} is closed; the child is no longer missing.`);
  checkExerciseCase(caseRow, alert.cap_status);
  const child = await findChild(db, caseRow.child_id);
  checkCriteria(alert.criteria, caseRow, ageOn(child.date_of_birth, child.estimated_age, now));
  const contents = await alertContents(db, alert.id);
  if (contents.length === 0) throw invalid('/body/contents', 'the alert has no text', { code: 'no-text' });
  checkContents(contents, '/body/contents');
  // Checked in full when saved, and again (outside the transaction) by submit and approval.
  await resolveAlertArea(db, alert.area, undefined, { stored: true });
  if (alert.expires_at && alert.expires_at.getTime() <= now.getTime())
    throw invalid('/body/expiresAt', 'the expiry has passed; set a new one', { code: 'past' });
}

export async function submitAlert(deps: AlertDeps, actor: Actor, alertId: string): Promise<void> {
  const now = deps.clock();
  // A draft saved under earlier limits is refused here, not in front of the approver; outside the transaction.
  const draft = await requireReachableAlert(deps.db, actor, alertId);
  requireState(draft, ['draft'], 'sent for approval');
  await areaRangesOf(deps.db, draft.area);
  await oneLiveAtATime(() =>
    deps.db.transaction(async (tx) => {
      const alert = await requireReachableAlert(tx, actor, alertId, true);
      requireState(alert, ['draft'], 'sent for approval');
      requireSameArea(draft, alert);
      await checkReadyToPublish(tx, actor, alert, now);
      // One live alert per case: a second one would split the public's attention and the updates.
      await requireNoOtherLiveAlert(tx, alert.case_id, alert.id);
      await tx.query(
        sql`UPDATE alerts SET state = 'awaiting_approval', requested_by = ${actor.userId}, requested_at = ${now}, decision_note = NULL, updated_at = ${now}, version = version + 1,
                 contributors = CASE WHEN ${actor.userId}::uuid = ANY(contributors) THEN contributors ELSE array_append(contributors, ${actor.userId}::uuid) END
           WHERE id = ${alertId}`,
      );
      await audit(tx, actor, alertId, 'alert.requested', now, {
        criteria: Object.fromEntries(Object.entries(alert.criteria).map(([key, value]) => [key, value.met === true])),
      });
    }),
  );
}

/**
 * The four-eyes rule: a different person from everyone in `excluded`, who may approve for this area, signed
 * in with a second factor. It guards the first approval of an alert and every change to a live one.
 */
function checkFourEyes(actor: Actor, excluded: readonly (string | null)[], what: { mine: string; approving: string }): void {
  if (!roleAllows(actor.role, 'alert:approve')) throw forbidden('Only an approver or a national coordinator may decide on an alert.');
  if (excluded.includes(actor.userId)) throw forbidden(`${what.mine}: a different senior officer must decide on it (four eyes).`);
  if (!actor.secondFactor) {
    throw new Problem(
      403,
      'second-factor-required',
      'Second factor required',
      `${what.approving} needs a session signed in with your authenticator code; API tokens cannot approve.`,
    );
  }
}

function checkApprover(actor: Actor, alert: AlertRow): void {
  checkFourEyes(actor, [alert.requested_by, ...alert.contributors], {
    mine: 'You drafted, edited or requested this alert',
    approving: 'Approving an alert',
  });
}

function checkChangeApprover(actor: Actor, change: AlertChangeRow): void {
  checkFourEyes(actor, [change.requested_by], { mine: 'You requested this change', approving: 'Approving a change to a live alert' });
}

export async function returnAlert(deps: AlertDeps, actor: Actor, alertId: string, reason: string, finalRejection: boolean): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const alert = await requireReachableAlert(tx, actor, alertId, true);
    requireState(alert, ['awaiting_approval'], finalRejection ? 'rejected' : 'returned');
    checkApprover(actor, alert);
    await tx.query(
      sql`UPDATE alerts SET state = ${finalRejection ? 'rejected' : 'draft'}, decision_note = ${reason}, updated_at = ${now}, version = version + 1 WHERE id = ${alertId}`,
    );
    await audit(tx, actor, alertId, finalRejection ? 'alert.rejected' : 'alert.returned', now, {}, reason);
  });
}

/** Writes the next CAP message of an alert inside the caller's transaction. */
async function publishMessage(
  tx: Queryable,
  deps: AlertDeps,
  actor: Actor,
  alertId: string,
  msgType: 'Alert' | 'Update' | 'Cancel',
  note: string | null,
  now: Date,
): Promise<{ id: string; identifier: string }> {
  return publishAlertMessage(tx, deps.config.publicUrl, alertId, msgType, note, now, actor.userId);
}

/** Makes the public photo copies, runs `work`, and cleans up copies if it fails: no half-published photos. */
async function withPublicPhotos<T>(
  deps: AlertDeps,
  photoIds: readonly string[],
  work: (photos: PreparedPhoto[]) => Promise<T>,
): Promise<T> {
  const prepared = await preparePublicPhotos(deps.db, deps.media, photoIds);
  try {
    return await work(prepared);
  } catch (error) {
    await removePublicPhotos(
      deps.media,
      prepared.map((p) => p.key),
    );
    throw error;
  }
}

async function setPublicPhotos(tx: Queryable, alertId: string, photos: readonly PreparedPhoto[]): Promise<void> {
  for (const photo of photos) {
    await tx.query(
      sql`UPDATE alert_photos SET public_key = ${photo.key}, public_bytes = ${photo.bytes}, public_sha1 = ${photo.sha1} WHERE alert_id = ${alertId} AND photo_id = ${photo.photoId}`,
    );
  }
}

export async function approveAlert(deps: AlertDeps, actor: Actor, alertId: string, note: string | undefined): Promise<void> {
  const now = new Date(Math.floor(deps.clock().getTime() / 1000) * 1000);
  const pending = await requireReachableAlert(deps.db, actor, alertId);
  requireState(pending, ['awaiting_approval'], 'approved');
  checkApprover(actor, pending);
  const photoIds = (await alertPhotos(deps.db, alertId)).map((p) => p.photo_id);
  // Targeting is worked out before the transaction opens (in a worker): a large area takes seconds, and
  // nobody else should wait on the alert's row lock meanwhile.
  const ranges = await areaRangesOf(deps.db, pending.area);
  await withPublicPhotos(deps, photoIds, (prepared) =>
    oneLiveAtATime(() =>
      deps.db.transaction(async (tx) => {
        const alert = await requireReachableAlert(tx, actor, alertId, true);
        requireState(alert, ['awaiting_approval'], 'approved');
        checkApprover(actor, alert);
        requireSameArea(pending, alert);
        await checkReadyToPublish(tx, actor, alert, now);
        await requireNoOtherLiveAlert(tx, alert.case_id, alert.id);
        const expiresAt = alert.expires_at ?? new Date(now.getTime() + DEFAULT_EXPIRY_HOURS * 3_600_000);
        await tx.query(
          sql`UPDATE alerts SET state = 'active', approved_by = ${actor.userId}, approved_at = ${now}, decision_note = ${note ?? null}, expires_at = ${expiresAt},
                   updated_at = ${now}, version = version + 1
             WHERE id = ${alertId}`,
        );
        await storeAreaRanges(tx, alertId, ranges);
        await setPublicPhotos(tx, alertId, prepared);
        // The approver's note is internal (kept in the audit log), never published.
        const message = await publishMessage(tx, deps, actor, alertId, 'Alert', null, now);
        // The fan-out is queued in the same transaction: approved means it will go out (transactional outbox).
        await enqueueFanout(tx, { alertId, messageId: message.id, notice: 'alert', now });
        await audit(tx, actor, alertId, 'alert.approved', now, { message: message.identifier, secondFactor: actor.secondFactor }, note);
      }),
    ),
  );
  deps.onOutbox?.();
}

/** What one Update changes; each field left out stays as it is. */
interface LiveChange {
  contents?: readonly AlertContentInput[];
  area?: StoredArea;
  areaDescription?: string;
  photoIds?: readonly string[];
  lastSeen?: AlertUpdateRequest['lastSeen'];
  vehicle?: string;
  suspect?: string;
}

/**
 * Writes an Update of an active alert and queues its fan-out. `decide` runs first inside the transaction,
 * on the locked alert, to check who may publish it; `record` audits it in the same transaction.
 */
async function writeUpdate(
  deps: AlertDeps,
  actor: Actor,
  alertId: string,
  change: LiveChange,
  note: string,
  now: Date,
  decide: (tx: Queryable, alert: AlertRow) => Promise<void> | void,
  record: (tx: Queryable, messageIdentifier: string) => Promise<void>,
): Promise<void> {
  const oldPhotos = await alertPhotos(deps.db, alertId);
  const newPhotoIds = change.photoIds ?? oldPhotos.map((p) => p.photo_id);
  // Worked out before the transaction, like approval's: a large area takes seconds.
  const ranges = change.area ? await areaRangesOf(deps.db, change.area) : undefined;
  // Photos kept keep their public copies; new ones get copies; dropped ones lose theirs after commit.
  const added = change.photoIds ? newPhotoIds.filter((id) => !oldPhotos.some((p) => p.photo_id === id)) : [];
  const dropped = change.photoIds ? oldPhotos.filter((p) => !newPhotoIds.includes(p.photo_id)) : [];
  await withPublicPhotos(deps, added, (prepared) =>
    deps.db.transaction(async (tx) => {
      const alert = await requireReachableAlert(tx, actor, alertId, true);
      requireState(alert, ['active'], 'updated');
      await decide(tx, alert);
      const storedArea = change.area ? JSON.stringify(change.area) : null;
      const areaDescription = change.area ? (change.areaDescription ?? null) : null;
      const lastSeen = change.lastSeen;
      await tx.query(
        sql`UPDATE alerts SET area = COALESCE(${storedArea}::jsonb, area), area_description = COALESCE(${areaDescription}, area_description),
                   last_seen_at = COALESCE(${lastSeen?.at ?? null}, last_seen_at), last_seen_lon = COALESCE(${lastSeen?.lon ?? null}, last_seen_lon),
                   last_seen_lat = COALESCE(${lastSeen?.lat ?? null}, last_seen_lat), last_seen_place = COALESCE(${lastSeen?.place ?? null}, last_seen_place),
                   vehicle = COALESCE(${change.vehicle ?? null}, vehicle), suspect = COALESCE(${change.suspect ?? null}, suspect), updated_at = ${now}, version = version + 1
             WHERE id = ${alertId}`,
      );
      if (change.contents) await replaceAlertContents(tx, alertId, change.contents);
      if (change.photoIds) {
        await tx.query(sql`DELETE FROM alert_photos WHERE alert_id = ${alertId}`);
        for (const [position, photoId] of newPhotoIds.entries()) {
          const kept = oldPhotos.find((p) => p.photo_id === photoId);
          await tx.query(
            sql`INSERT INTO alert_photos (alert_id, position, photo_id, public_key, public_bytes, public_sha1)
                VALUES (${alertId}, ${position}, ${photoId}, ${kept?.public_key ?? null}, ${kept?.public_bytes ?? null}, ${kept?.public_sha1 ?? null})`,
          );
        }
        await setPublicPhotos(tx, alertId, prepared);
      }
      if (ranges) await storeAreaRanges(tx, alertId, ranges);
      const message = await publishMessage(tx, deps, actor, alertId, 'Update', note, now);
      await enqueueFanout(tx, { alertId, messageId: message.id, notice: 'update', now });
      await record(tx, message.identifier);
    }),
  );
  deps.onOutbox?.();
  await removePublicPhotos(
    deps.media,
    dropped.map((p) => p.public_key).filter((k): k is string => k !== null),
  );
}

/**
 * An Update with new facts, published at once by any officer on the case: a vehicle or suspect seen, a new
 * last-seen time and place, and the note saying what is new (the CAP note). The appeal itself (its text in
 * any language, its photos, its area) changes only through a change request that a second person approves.
 */
export async function publishAlertUpdate(deps: AlertDeps, actor: Actor, alertId: string, update: AlertUpdateRequest): Promise<void> {
  const now = new Date(Math.floor(deps.clock().getTime() / 1000) * 1000);
  await writeUpdate(
    deps,
    actor,
    alertId,
    { lastSeen: update.lastSeen, vehicle: update.vehicle, suspect: update.suspect },
    update.note,
    now,
    (_tx, alert) => requireVersion(alert, update.version),
    async (tx, identifier) => {
      await audit(tx, actor, alertId, 'alert.updated', now, {
        message: identifier,
        changed: Object.keys(update).filter((k) => !['version', 'note'].includes(k)),
      });
    },
  );
}

const changedFields = (change: { contents?: unknown; area?: unknown; photoIds?: unknown }) =>
  (['contents', 'area', 'photoIds'] as const).filter((field) => change[field] !== undefined && change[field] !== null);

/**
 * Asks for a change to a live alert's text, photos or area. Nothing is published until a different approver,
 * signed in with a second factor, approves it; the requester may replace their own pending request.
 */
export async function requestAlertChange(deps: AlertDeps, actor: Actor, alertId: string, body: AlertChangeRequest): Promise<void> {
  const now = deps.clock();
  if (!body.contents && !body.area && !body.photoIds)
    throw invalid('/body', 'say what changes: the text (contents), the photos (photoIds) or the area');
  if (body.contents) checkContents(body.contents, '/body/contents');
  const before = await requireReachableAlert(deps.db, actor, alertId);
  requireState(before, ['active'], 'changed');
  const caseRow = await requireCase(deps.db, actor, before.case_id);
  if (body.photoIds) await checkPhotos(deps.db, caseRow, body.photoIds, '/body/photoIds');
  const area: StoredArea | undefined = body.area
    ? { parts: body.area.parts ?? [], jurisdictionCodes: body.area.jurisdictionCodes ?? [], national: body.area.national ?? false }
    : undefined;
  const resolved = area ? await resolveAlertArea(deps.db, area) : undefined;
  // Bounds are checked when the change is asked for, not in front of the approver.
  if (resolved) await areaCellRanges(resolved);
  const areaDescription = body.area ? (body.area.description ?? describeArea(resolved!, before.last_seen_place)) : undefined;
  await oneLiveAtATime(() =>
    deps.db.transaction(async (tx) => {
      const alert = await requireReachableAlert(tx, actor, alertId, true);
      requireState(alert, ['active'], 'changed');
      requireVersion(alert, body.version);
      const pending = await findPendingChange(tx, alertId, true);
      if (pending && pending.requested_by !== actor.userId) {
        throw conflict(
          `A change requested by ${pending.requested_by_email} is waiting for approval: an approver decides on it before another can be asked for.`,
        );
      }
      if (pending) {
        await decideAlertChange(tx, pending.id, 'superseded', actor.userId, now, null);
        await audit(tx, actor, alertId, 'alert.change_superseded', now, { change: pending.id });
      }
      const changeId = await insertAlertChange(tx, {
        alertId,
        note: body.note,
        contents: body.contents,
        area,
        areaDescription,
        photoIds: body.photoIds,
        requestedBy: actor.userId,
        now,
      });
      await audit(tx, actor, alertId, 'alert.change_requested', now, { change: changeId, changed: changedFields(body) });
    }),
  );
}

async function requirePendingChange(db: Queryable, alertId: string, changeId: string, forUpdate = false): Promise<AlertChangeRow> {
  const pending = await findPendingChange(db, alertId, forUpdate);
  if (!pending || pending.id !== changeId)
    throw conflict('That change is no longer waiting for approval (it was decided, replaced or the alert ended); reload.');
  return pending;
}

/** A different approver with a second factor approves a requested change: it goes out as an Update. */
export async function approveAlertChange(
  deps: AlertDeps,
  actor: Actor,
  alertId: string,
  changeId: string,
  decisionNote: string | undefined,
): Promise<void> {
  const now = new Date(Math.floor(deps.clock().getTime() / 1000) * 1000);
  const alert = await requireReachableAlert(deps.db, actor, alertId);
  requireState(alert, ['active'], 'changed');
  const requested = await requirePendingChange(deps.db, alertId, changeId);
  checkChangeApprover(actor, requested);
  await writeUpdate(
    deps,
    actor,
    alertId,
    {
      contents: requested.contents ?? undefined,
      area: requested.area ?? undefined,
      areaDescription: requested.area_description ?? undefined,
      photoIds: requested.photo_ids ?? undefined,
    },
    requested.note,
    now,
    async (tx, locked) => {
      const change = await requirePendingChange(tx, alertId, changeId, true);
      checkChangeApprover(actor, change);
      if (change.photo_ids) await checkPhotos(tx, await requireCase(tx, actor, locked.case_id), change.photo_ids, '/body/photoIds');
      if (change.contents) checkContents(change.contents, '/body/contents');
    },
    async (tx, identifier) => {
      await decideAlertChange(tx, changeId, 'approved', actor.userId, now, decisionNote ?? null);
      await audit(
        tx,
        actor,
        alertId,
        'alert.change_approved',
        now,
        {
          change: changeId,
          requestedBy: requested.requested_by,
          changed: changedFields({
            contents: requested.contents ?? undefined,
            area: requested.area ?? undefined,
            photoIds: requested.photo_ids ?? undefined,
          }),
          message: identifier,
          secondFactor: actor.secondFactor,
        },
        decisionNote,
      );
    },
  );
}

/** An approver sends a requested change back with a reason; the live alert stays as it is. */
export async function returnAlertChange(deps: AlertDeps, actor: Actor, alertId: string, changeId: string, reason: string): Promise<void> {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const alert = await requireReachableAlert(tx, actor, alertId, true);
    requireState(alert, ['active'], 'changed');
    const change = await requirePendingChange(tx, alertId, changeId, true);
    checkChangeApprover(actor, change);
    await decideAlertChange(tx, changeId, 'returned', actor.userId, now, reason);
    await audit(tx, actor, alertId, 'alert.change_returned', now, { change: changeId }, reason);
  });
}

/** Detaches the public photo copies of an alert and returns their keys, to delete once committed. */
export async function clearPublicPhotos(tx: Queryable, alertId: string): Promise<string[]> {
  const { rows } = await tx.query<{ public_key: string }>(
    sql`SELECT public_key FROM alert_photos WHERE alert_id = ${alertId} AND public_key IS NOT NULL`,
  );
  await tx.query(sql`UPDATE alert_photos SET public_key = NULL, public_bytes = NULL, public_sha1 = NULL WHERE alert_id = ${alertId}`);
  return rows.map((r) => r.public_key);
}

export async function withdrawAlert(
  deps: AlertDeps,
  actor: Actor,
  alertId: string,
  reason: 'found_safe' | 'found' | 'cancelled',
  note: string | undefined,
): Promise<void> {
  const now = new Date(Math.floor(deps.clock().getTime() / 1000) * 1000);
  const removed = await deps.db.transaction(async (tx) => {
    const alert = await requireReachableAlert(tx, actor, alertId, true);
    requireState(alert, ['active', 'draft', 'awaiting_approval'], 'withdrawn');
    const wasPublic = alert.state === 'active';
    const keys = await clearPublicPhotos(tx, alertId);
    await lapsePendingChange(tx, alertId, now);
    await tx.query(
      sql`UPDATE alerts SET state = 'withdrawn', withdrawn_by = ${actor.userId}, withdrawn_at = ${now}, withdrawal_reason = ${reason}, updated_at = ${now}, version = version + 1
           WHERE id = ${alertId}`,
    );
    // A draft that never went public needs no Cancel: nobody outside saw it.
    // The withdrawal note (where the child was found) stays in the audit log: the Cancel says nothing of it.
    const message = wasPublic ? await publishMessage(tx, deps, actor, alertId, 'Cancel', null, now) : null;
    if (message) {
      // Whatever has not left yet is dropped; those who were told get a short notice that it is over.
      await dropPendingDeliveries(tx, alertId);
      await enqueueFanout(tx, { alertId, messageId: message.id, notice: reason === 'cancelled' ? 'withdrawn' : 'found', now });
    }
    await audit(tx, actor, alertId, 'alert.withdrawn', now, { reason, message: message?.identifier ?? null }, note);
    return keys;
  });
  await removePublicPhotos(deps.media, removed);
  deps.onOutbox?.();
}

export async function renewAlert(deps: AlertDeps, actor: Actor, alertId: string, expiresAtText: string): Promise<void> {
  const now = new Date(Math.floor(deps.clock().getTime() / 1000) * 1000);
  const expiresAt = checkExpiry(expiresAtText, now, '/body/expiresAt')!;
  await deps.db.transaction(async (tx) => {
    const alert = await requireReachableAlert(tx, actor, alertId, true);
    requireState(alert, ['active'], 'renewed');
    if (!roleAllows(actor.role, 'alert:renew')) throw forbidden('Only an approver may renew an alert.');
    requireSecondFactorSession(actor, 'Renewing an alert');
    await tx.query(
      sql`UPDATE alerts SET expires_at = ${expiresAt}, expiry_warned_at = NULL, updated_at = ${now}, version = version + 1 WHERE id = ${alertId}`,
    );
    // A renewal is news for aggregators (a later expiry), not for people: no fan-out.
    const message = await publishMessage(tx, deps, actor, alertId, 'Update', `Renewed until ${formatDateTime(expiresAt, 'en')}`, now);
    await audit(tx, actor, alertId, 'alert.renewed', now, { expiresAt: expiresAt.toISOString(), message: message.identifier });
  });
}
