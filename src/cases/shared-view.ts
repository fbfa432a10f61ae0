// A case as an agency it was shared with sees it: only the groups of fields its share names, only while the share
// is live (not revoked, end date not passed). This is the one way a receiving agency (a local authority, a charity,
// another force) reads a shared case; `caseReach` gives them no whole case. Each opening is audited.
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Queryable } from '../db/database.ts';
import { outOfReach, refuseWithoutReason } from './disclosure.ts';
import { latestAnswers, RISK_QUESTIONS } from './risk.ts';
import type { SharedCaseList, SharedCaseView } from './schemas.ts';
import { ageOn, caseDetails, findChild, findSharedCase, listSharedCases, type SharedCaseRow } from './store.ts';
import type { ShareField } from './share-fields.ts';

const iso = (date: Date) => date.toISOString();

/** The cases shared with the actor's organisation now; the child named only when the share names the identity. */
export async function sharedCasesOf(db: Queryable, actor: Actor, now: Date): Promise<SharedCaseList> {
  const rows = await listSharedCases(db, actor.organisationId, now);
  const items = [];
  for (const row of rows) {
    let childName: string | null = null;
    if (row.fields.includes('identity') && !row.sensitive) {
      const child = await findChild(db, row.child_id);
      childName = `${child.given_names} ${child.family_name}`;
    }
    items.push({
      id: row.id,
      reference: row.reference,
      status: row.status,
      owningOrganisation: { code: row.owning_organisation_code, name: row.owning_organisation_name },
      purpose: row.purpose,
      fields: row.fields,
      sharedAt: iso(row.shared_at),
      endsAt: iso(row.ends_at),
      childName,
    });
  }
  await appendAudit(
    db,
    { ...auditActor(actor), action: 'case.shared_listed', subjectType: 'case_list', details: { caseIds: rows.map((row) => row.id) } },
    now,
  );
  return { items };
}

/**
 * Opening a shared case: 404 (audited as refused) when no live share discloses it to the actor's organisation,
 * 428 for a sensitive case without a reason; else the shared fields, the opening audited with them.
 */
export async function openSharedCase(
  db: Queryable,
  actor: Actor,
  caseId: string,
  reason: string | null,
  now: Date,
): Promise<{ view: SharedCaseView; row: SharedCaseRow }> {
  const row = await findSharedCase(db, actor.organisationId, caseId, now);
  if (!row) throw outOfReach('case', caseId);
  refuseWithoutReason(row, reason);
  await appendAudit(
    db,
    {
      ...auditActor(actor),
      action: 'case.shared_viewed',
      subjectType: 'case',
      subjectId: caseId,
      reason,
      details: { fields: row.fields, purpose: row.purpose },
    },
    now,
  );
  return { view: await sharedFields(db, actor, row, now), row };
}

/** The share's fields of the case; the groups it does not name are left out of the answer altogether. */
async function sharedFields(db: Queryable, actor: Actor, row: SharedCaseRow, now: Date): Promise<SharedCaseView> {
  const shared = (field: ShareField) => row.fields.includes(field);
  const { child, answers, episodes } = await caseDetails(db, actor, row);
  const questionText = new Map(RISK_QUESTIONS.map((q) => [q.id, q.text]));
  const view: SharedCaseView = {
    id: row.id,
    reference: row.reference,
    status: row.status,
    owningOrganisation: { code: row.owning_organisation_code, name: row.owning_organisation_name },
    share: { purpose: row.purpose, reason: row.reason, fields: row.fields, sharedAt: iso(row.shared_at), endsAt: iso(row.ends_at) },
  };
  if (shared('identity'))
    view.identity = {
      givenNames: child.given_names,
      familyName: child.family_name,
      knownAs: child.known_as,
      aliases: child.aliases,
      dateOfBirth: child.date_of_birth,
      age: ageOn(child.date_of_birth, child.estimated_age, now),
      sex: child.sex,
    };
  if (shared('description'))
    view.description = {
      heightCm: child.height_cm,
      build: child.build,
      hairColour: child.hair_colour,
      eyeColour: child.eye_colour,
      distinguishingMarks: child.distinguishing_marks,
      languages: child.languages,
    };
  if (shared('lastSeen')) view.lastSeen = { at: iso(row.last_seen_at), place: row.last_seen_place };
  if (shared('circumstances'))
    view.circumstances = { circumstances: row.circumstances, clothing: row.clothing, vehicle: row.vehicle, suspect: row.suspect };
  if (shared('risk'))
    view.risk = {
      level: row.risk_level,
      answers: latestAnswers(answers).map((a) => ({
        question: a.question,
        questionText: questionText.get(a.question) ?? a.question,
        answer: a.answer,
      })),
    };
  if (shared('episodes'))
    view.episodes = {
      total: episodes.length,
      items: episodes.map((e) => ({ reportedAt: iso(e.reported_at), status: e.status, outcome: e.outcome })),
    };
  if (shared('outcome')) view.outcome = { outcome: row.outcome, closedAt: row.closed_at ? iso(row.closed_at) : null };
  return view;
}
