// Candidates as a reviewer sees them: both records side by side, each only as far as the viewer may see it.
// A case out of reach, or sensitive without a reason (src/cases/disclosure.ts), shows its reference and force
// but no child, and the values it gave to the features are withheld; a record of another force shows its
// reference only. Every list is audited with what it showed, in the transaction that read it.
import type { Actor } from '../auth/actor.ts';
import { auditActor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { showsIdentity } from '../cases/disclosure.ts';
import { caseSidesForReview, type CaseSideRow } from '../cases/match-store.ts';
import { ageOn } from '../cases/store.ts';
import type { Queryable } from '../db/database.ts';
import { unidentifiedSidesForReview, type UnidentifiedSideRow } from '../unidentified/store.ts';
import type { CandidateList, CandidateListQuery, CandidateView } from './schemas.ts';
import { listCandidates, type CandidateRow, type Side } from './store.ts';

function caseSide(row: CaseSideRow, reason: string | null): CandidateView['case'] {
  const shown = row.reachable && showsIdentity(row, reason);
  return {
    id: row.id,
    reference: row.reference,
    status: row.status,
    owningOrganisationCode: row.owning_organisation_code,
    owningOrganisationName: row.owning_organisation_name,
    sensitive: row.sensitive,
    reachable: row.reachable,
    identityWithheld: !shown,
    child: shown
      ? {
          name: `${row.given_names} ${row.family_name}`.trim(),
          sex: row.sex,
          dateOfBirth: row.date_of_birth,
          ageWhenLastSeen: ageOn(row.date_of_birth, row.estimated_age, row.last_seen_at),
          heightCm: row.height_cm,
          build: row.build,
          hairColour: row.hair_colour,
          eyeColour: row.eye_colour,
          distinguishingMarks: row.distinguishing_marks,
        }
      : null,
    lastSeen: shown ? { at: row.last_seen_at.toISOString(), place: row.last_seen_place } : null,
    clothing: shown ? row.clothing : null,
  };
}

function unidentifiedSide(row: UnidentifiedSideRow): CandidateView['unidentified'] {
  return {
    id: row.id,
    reference: row.reference,
    kind: row.kind,
    status: row.status,
    owningOrganisationCode: row.owning_organisation_code,
    owningOrganisationName: row.owning_organisation_name,
    reachable: row.reachable,
    description: row.reachable
      ? {
          found: { at: row.found_at.toISOString(), place: row.found_place },
          sex: row.sex,
          age: { min: row.age_min, max: row.age_max },
          heightCm: { min: row.height_min_cm, max: row.height_max_cm },
          build: row.build,
          hairColour: row.hair_colour,
          eyeColour: row.eye_colour,
          marks: row.marks.map((mark) => ({ kind: mark.kind, bodyLocation: mark.bodyLocation, description: mark.description })),
          clothing: row.clothing,
          belongings: row.belongings,
        }
      : null,
  };
}

function candidateView(row: CandidateRow, episode: CaseSideRow, record: UnidentifiedSideRow, reason: string | null): CandidateView {
  const caseView = caseSide(episode, reason);
  const recordView = unidentifiedSide(record);
  return {
    id: row.id,
    score: row.score,
    status: row.status,
    decisionReason: row.decision_reason,
    referralKind: row.referral_kind,
    decidedAt: row.decided_at?.toISOString() ?? null,
    updatedAt: row.updated_at.toISOString(),
    features: row.features.map((feature) => ({
      feature: feature.feature,
      contribution: feature.contribution,
      case: caseView.identityWithheld ? null : feature.case,
      unidentified: recordView.reachable ? feature.unidentified : null,
    })),
    case: caseView,
    unidentified: recordView,
  };
}

/** One page of candidates (the national queue, or one side's), audited with the pairs and children it showed. */
export async function candidatePage(
  tx: Queryable,
  actor: Actor,
  query: CandidateListQuery,
  side: Side | undefined,
  reason: string | null,
  now: Date,
): Promise<CandidateList> {
  const limit = query.limit ?? 25;
  const offset = query.offset ?? 0;
  const found = await listCandidates(tx, actor, { side, status: query.status, limit, offset });
  const items = await candidateViews(tx, actor, found.slice(0, limit), reason);
  await auditShown(
    tx,
    actor,
    {
      of: side ? ('caseId' in side ? 'case' : 'unidentified') : 'queue',
      subjectId: side ? ('caseId' in side ? side.caseId : side.unidentifiedId) : null,
      filters: { status: query.status ?? null, limit, offset },
    },
    items,
    reason,
    now,
  );
  return { items, nextOffset: found.length > limit ? offset + limit : null };
}

/** One candidate within reach, as a list shows it (for a link to a candidate on another page); audited. */
export async function oneCandidate(
  tx: Queryable,
  actor: Actor,
  candidateId: string,
  reason: string | null,
  now: Date,
): Promise<CandidateView | undefined> {
  const found = await listCandidates(tx, actor, { candidateId, limit: 1, offset: 0 });
  const items = await candidateViews(tx, actor, found.slice(0, 1), reason);
  if (items.length === 0) return undefined;
  await auditShown(tx, actor, { of: 'candidate', subjectId: candidateId, filters: {} }, items, reason, now);
  return items[0];
}

async function candidateViews(tx: Queryable, actor: Actor, rows: CandidateRow[], reason: string | null): Promise<CandidateView[]> {
  const cases = await caseSidesForReview(tx, actor, [...new Set(rows.map((row) => row.case_id))]);
  const records = await unidentifiedSidesForReview(tx, actor, [...new Set(rows.map((row) => row.unidentified_id))]);
  return rows.map((row) => candidateView(row, cases.get(row.case_id)!, records.get(row.unidentified_id)!, reason));
}

/** What a list or a single candidate showed, and whose identity it withheld. */
async function auditShown(
  tx: Queryable,
  actor: Actor,
  shown: { of: string; subjectId: string | null; filters: Record<string, unknown> },
  items: CandidateView[],
  reason: string | null,
  now: Date,
): Promise<void> {
  await appendAudit(
    tx,
    {
      ...auditActor(actor),
      action: 'match.listed',
      subjectType: 'match_list',
      subjectId: shown.subjectId,
      reason,
      details: {
        of: shown.of,
        filters: shown.filters,
        candidateIds: items.map((item) => item.id),
        casesShown: [...new Set(items.filter((item) => !item.case.identityWithheld).map((item) => item.case.id))],
        identityWithheld: [...new Set(items.filter((item) => item.case.identityWithheld).map((item) => item.case.id))],
        recordsShown: [...new Set(items.filter((item) => item.unidentified.reachable).map((item) => item.unidentified.id))],
      },
    },
    now,
  );
}
