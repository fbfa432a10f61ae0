// A long-term appeal as staff read it; every read is audited.
import { appendAudit } from '../audit/audit-log.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { requireCase } from '../cases/actions.ts';
import { reachableCaseIds } from '../cases/reach.ts';
import type { Database, Queryable } from '../db/database.ts';
import { requireAppeal } from './actions.ts';
import { appealPersonRecordId } from './pfif-record.ts';
import { ukDate } from '../i18n/dates.ts';
import type { AppealView } from './schemas.ts';
import { appealPhotos, appealsOfCase, publishedAppealsByReview, type AppealRow } from './store.ts';

async function toView(db: Queryable, publicUrl: string, appeal: AppealRow, now: Date): Promise<AppealView> {
  const photos = await appealPhotos(db, appeal.id);
  return {
    id: appeal.id,
    caseId: appeal.case_id,
    slug: appeal.slug,
    state: appeal.state,
    consent: { basis: appeal.consent_basis, givenBy: appeal.consent_given_by, recordedAt: appeal.consent_recorded_at.toISOString() },
    reviewDueOn: appeal.review_due_on,
    reviewOverdue: appeal.state === 'published' && appeal.review_due_on <= ukDate(now),
    publishedAt: appeal.published_at.toISOString(),
    withdrawnAt: appeal.withdrawn_at?.toISOString() ?? null,
    withdrawnReason: appeal.withdrawn_reason,
    fullName: appeal.full_name,
    sex: appeal.sex,
    ageWhenMissing: appeal.age_when_missing,
    missingSince: appeal.missing_since,
    areaCode: appeal.area_code,
    country: appeal.country,
    contents: appeal.contents,
    photos: photos.map((photo) => ({ position: photo.position, kind: photo.kind, addedAt: photo.added_at.toISOString() })),
    pfifRecordId: appealPersonRecordId(publicUrl, appeal.id),
    version: appeal.version,
  };
}

export async function openAppeal(db: Database, publicUrl: string, actor: Actor, appealId: string, now: Date): Promise<AppealView> {
  return db.transaction(async (tx) => {
    const appeal = await requireAppeal(tx, actor, appealId);
    await appendAudit(tx, { ...auditActor(actor), action: 'appeal.viewed', subjectType: 'long_term_appeal', subjectId: appealId }, now);
    return toView(tx, publicUrl, appeal, now);
  });
}

export async function listAppealsOfCase(db: Database, publicUrl: string, actor: Actor, caseId: string, now: Date): Promise<AppealView[]> {
  return db.transaction(async (tx) => {
    await requireCase(tx, actor, caseId);
    const appeals = await appealsOfCase(tx, caseId);
    await appendAudit(
      tx,
      { ...auditActor(actor), action: 'appeal.listed', subjectType: 'case', subjectId: caseId, details: { ids: appeals.map((a) => a.id) } },
      now,
    );
    return Promise.all(appeals.map((appeal) => toView(tx, publicUrl, appeal, now)));
  });
}

/** The published appeals of the cases the actor reaches, the review due soonest (or overdue) first; the reading is audited. */
export async function listAppealsForReview(db: Database, publicUrl: string, actor: Actor, now: Date): Promise<AppealView[]> {
  return db.transaction(async (tx) => {
    const appeals = await publishedAppealsByReview(tx, reachableCaseIds(actor));
    await appendAudit(
      tx,
      { ...auditActor(actor), action: 'appeal.listed', subjectType: 'long_term_appeal', details: { ids: appeals.map((a) => a.id) } },
      now,
    );
    // One statement at a time on the transaction's connection.
    const views: AppealView[] = [];
    for (const appeal of appeals) views.push(await toView(tx, publicUrl, appeal, now));
    return views;
  });
}
