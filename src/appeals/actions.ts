// Long-term appeals: publishing one for an open case with the consent recorded, changing its text or review
// date, adding updated and age-progressed photos, withdrawing it. Each change is audited and reaches partners
// through the PFIF feeds in the same transaction.
import { randomBytes } from 'node:crypto';
import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { requireCase, requireOpen } from '../cases/actions.ts';
import { childPhotosAmong } from '../cases/appeal-photos.ts';
import { ageOn, findChild } from '../cases/store.ts';
import type { Queryable } from '../db/database.ts';
import { putOutbound } from '../exchange/outbound.ts';
import { conflict, invalid, notFound } from '../http/problem.ts';
import { nameKeys } from '../register/names/index.ts';
import { appealPersonRecord } from './pfif-record.ts';
import type { AddAppealPhotoRequest, ChangeAppealRequest, PublishAppealRequest } from './schemas.ts';
import { APPEAL_LIMITS } from './schemas.ts';
import { appealPhotos, findAppeal, insertAppeal, insertAppealPhoto, publishedAppealOfCase, updateAppeal, type AppealRow } from './store.ts';
import { withdrawAppealWithin } from './withdrawal.ts';
import type { Static } from '@sinclair/typebox';

type AppealDeps = Pick<AppDeps, 'db' | 'clock' | 'media'> & { config: Pick<AppDeps['config'], 'publicUrl'> };

function checkReviewDate(reviewDueOn: string, now: Date, pointer: string): void {
  const due = new Date(`${reviewDueOn}T00:00:00Z`);
  const latest = new Date(now);
  latest.setUTCMonth(latest.getUTCMonth() + APPEAL_LIMITS.reviewMonths);
  if (Number.isNaN(due.getTime()) || due.getTime() <= now.getTime() || due.getTime() > latest.getTime()) {
    throw invalid(pointer, `the review date must be after today and within ${APPEAL_LIMITS.reviewMonths} months`, { code: 'review-date' });
  }
}

function checkLanguages(contents: readonly { language: string }[], pointer: string): void {
  const seen = new Set<string>();
  for (const content of contents) {
    const language = content.language.toLowerCase();
    if (seen.has(language))
      throw invalid(pointer, `the appeal's text is given twice in ${content.language}`, { code: 'duplicate-language' });
    seen.add(language);
  }
}

/** Rewrites the appeal's PFIF person record from what is now stored (after any change in this transaction). */
async function republish(tx: Queryable, publicUrl: string, appealId: string, now: Date): Promise<AppealRow> {
  const appeal = (await findAppeal(tx, appealId))!;
  const photos = await appealPhotos(tx, appealId);
  const latest = photos.find((photo) => photo.public_key !== null);
  await putOutbound(tx, appealPersonRecord(publicUrl, appeal, latest?.position ?? null), now);
  return appeal;
}

export async function publishAppeal(deps: AppealDeps, actor: Actor, body: PublishAppealRequest): Promise<string> {
  const now = deps.clock();
  checkReviewDate(body.reviewDueOn, now, '/body/reviewDueOn');
  checkLanguages(body.contents, '/body/contents');
  return deps.db.transaction(async (tx) => {
    const row = await requireCase(tx, actor, body.caseId, true);
    requireOpen(row);
    if (row.exercise) throw conflict(`Case ${row.reference} is an exercise: an exercise is never published to the public.`);
    // The case row is locked: two requests to publish for one case are taken one after the other.
    if (await publishedAppealOfCase(tx, row.id))
      throw conflict(`Case ${row.reference} already has a published long-term appeal: change that one instead.`);
    const child = await findChild(tx, row.child_id);
    const fullName = `${child.given_names} ${child.family_name}`.trim();
    const appealId = await insertAppeal(
      tx,
      {
        caseId: row.id,
        slug: randomBytes(6).toString('hex'),
        consentBasis: body.consent.basis,
        consentGivenBy: body.consent.givenBy,
        consentRecordedBy: actor.userId,
        reviewDueOn: body.reviewDueOn,
        fullName,
        nameKeys: nameKeys(fullName).keys,
        sex: child.sex,
        ageWhenMissing: ageOn(child.date_of_birth, child.estimated_age, row.last_seen_at),
        missingSince: row.last_seen_at.toISOString().slice(0, 10),
        areaCode: row.jurisdiction_code,
        country: body.country,
        contents: body.contents,
      },
      now,
    );
    await republish(tx, deps.config.publicUrl, appealId, now);
    await appendAudit(
      tx,
      {
        ...auditActor(actor),
        action: 'appeal.published',
        subjectType: 'long_term_appeal',
        subjectId: appealId,
        details: { caseId: row.id, consentBasis: body.consent.basis, languages: body.contents.map((c) => c.language) },
      },
      now,
    );
    return appealId;
  });
}

/** The appeal if the actor reaches its case; the case row too, for the checks of a change. */
export async function requireAppeal(tx: Queryable, actor: Actor, appealId: string, forUpdate = false): Promise<AppealRow> {
  const appeal = await findAppeal(tx, appealId, forUpdate);
  if (!appeal) throw notFound(`Long-term appeal ${appealId}`);
  // Reach is the case's: out of reach reads the same as missing.
  await requireCase(tx, actor, appeal.case_id).catch(() => {
    throw notFound(`Long-term appeal ${appealId}`);
  });
  return appeal;
}

function requirePublished(appeal: AppealRow, version?: number): void {
  if (appeal.state !== 'published') throw conflict('This appeal has been withdrawn: publish a new one if the child is missing again.');
  if (version !== undefined && version !== appeal.version)
    throw conflict('This appeal has changed since you opened it: reload it and make your change again.');
}

export async function changeAppeal(deps: AppealDeps, actor: Actor, appealId: string, body: ChangeAppealRequest): Promise<void> {
  const now = deps.clock();
  if (body.reviewDueOn !== undefined) checkReviewDate(body.reviewDueOn, now, '/body/reviewDueOn');
  if (body.contents !== undefined) checkLanguages(body.contents, '/body/contents');
  await deps.db.transaction(async (tx) => {
    const appeal = await requireAppeal(tx, actor, appealId, true);
    requirePublished(appeal, body.version);
    await updateAppeal(tx, appealId, { reviewDueOn: body.reviewDueOn, contents: body.contents }, now);
    await republish(tx, deps.config.publicUrl, appealId, now);
    const fields = Object.keys(body).filter((key) => key !== 'version');
    await appendAudit(
      tx,
      { ...auditActor(actor), action: 'appeal.changed', subjectType: 'long_term_appeal', subjectId: appealId, details: { fields } },
      now,
    );
  });
}

/** Adds a photo of the child (a current one or an age-progressed image) as the appeal's newest. */
export async function addAppealPhoto(
  deps: AppealDeps,
  actor: Actor,
  appealId: string,
  body: Static<typeof AddAppealPhotoRequest>,
): Promise<number> {
  const now = deps.clock();
  const appeal = await requireAppeal(deps.db, actor, appealId);
  requirePublished(appeal);
  const caseRow = await requireCase(deps.db, actor, appeal.case_id);
  const [photo] = await childPhotosAmong(deps.db, caseRow.child_id, [body.photoId]);
  const stored = photo ? await deps.media.get(photo.variants.page ?? '') : undefined;
  if (!photo || !stored) throw invalid('/body/photoId', "that is not one of this child's photos", { code: 'not-child-photo' });
  const publicKey = await deps.media.put(stored.bytes, stored.contentType);
  try {
    return await deps.db.transaction(async (tx) => {
      const locked = await requireAppeal(tx, actor, appealId, true);
      requirePublished(locked);
      const position = await insertAppealPhoto(tx, appealId, { photoId: photo.id, kind: body.kind, publicKey }, now);
      await republish(tx, deps.config.publicUrl, appealId, now);
      await appendAudit(
        tx,
        {
          ...auditActor(actor),
          action: 'appeal.photo_added',
          subjectType: 'long_term_appeal',
          subjectId: appealId,
          details: { photoId: photo.id, kind: body.kind },
        },
        now,
      );
      return position;
    });
  } catch (error) {
    await deps.media.remove(publicKey);
    throw error;
  }
}

export async function withdrawAppeal(deps: AppealDeps, actor: Actor, appealId: string, reason: string): Promise<void> {
  const now = deps.clock();
  const keys = await deps.db.transaction(async (tx) => {
    const appeal = await requireAppeal(tx, actor, appealId, true);
    requirePublished(appeal);
    return withdrawAppealWithin(tx, deps.config.publicUrl, appeal, reason, auditActor(actor), now);
  });
  await Promise.all(keys.map((key) => deps.media.remove(key)));
}
