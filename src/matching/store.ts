// Data access for candidate matches (`match_candidates`). Saving a record's candidates keeps every decision
// made on them: a dismissed pair reopens only when the fingerprint of what matched has changed. Lists are
// limited to the pairs the actor reaches through either side (`reachableCaseIds`, `reachableUnidentifiedIds`).
import type { Actor } from '../auth/actor.ts';
import { openCaseIds } from '../cases/match-store.ts';
import { reachableCaseIds } from '../cases/reach.ts';
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { join, sql, type Sql } from '../db/sql.ts';
import { reachableUnidentifiedIds } from '../unidentified/reach.ts';
import { openUnidentifiedIds } from '../unidentified/store.ts';
import type { FeatureScore, PairScore } from './score.ts';

export type CandidateStatus = 'open' | 'dismissed' | 'referred' | 'confirmed';

/** One side of the pairs: the candidates of a missing episode, or of a record of someone found. */
export type Side = { caseId: string } | { unidentifiedId: string };

const sideCondition = (side: Side): Sql =>
  'caseId' in side ? sql`m.case_id = ${side.caseId}` : sql`m.unidentified_id = ${side.unidentifiedId}`;

export interface ScoredPair extends PairScore {
  caseId: string;
  unidentifiedId: string;
}

export interface KeptPair extends ScoredPair {
  fingerprint: string;
}

export type ExistingPair = Row<'match_candidates', 'id' | 'case_id' | 'unidentified_id' | 'fingerprint'> & { status: CandidateStatus };

/** The pairs already kept for one side, whatever their status. */
export async function pairsOf(db: Queryable, side: Side): Promise<ExistingPair[]> {
  const { rows } = await db.query<ExistingPair>(
    sql`SELECT m.id, m.case_id, m.unidentified_id, m.status, m.fingerprint FROM match_candidates m WHERE ${sideCondition(side)}`,
  );
  return rows;
}

/**
 * Saves one side's candidates: new pairs open, kept pairs re-scored with their decision kept, a dismissed pair
 * reopened when what matched changed (decided in the statement, so a decision made meanwhile is not lost).
 * Open pairs of the side not in `pairs` are removed; decided ones stay as the record of the decision.
 * Returns the ids of the pairs that reopened.
 */
export async function saveCandidates(tx: Queryable, side: Side, pairs: readonly KeptPair[], now: Date): Promise<string[]> {
  const kept = pairs.map((pair) => sql`(${pair.caseId}::uuid, ${pair.unidentifiedId}::uuid)`);
  await tx.query(
    sql`DELETE FROM match_candidates m WHERE ${sideCondition(side)} AND m.status = 'open'
           ${kept.length > 0 ? sql`AND (m.case_id, m.unidentified_id) NOT IN (${join(kept, ', ')})` : sql``}`,
  );
  if (pairs.length === 0) return [];
  const values = pairs.map(
    (pair) =>
      sql`(${pair.caseId}::uuid, ${pair.unidentifiedId}::uuid, ${pair.score}::real, ${JSON.stringify(pair.features)}::jsonb, ${pair.fingerprint}, ${now}::timestamptz, ${now}::timestamptz)`,
  );
  const { rows } = await tx.query<Row<'match_candidates', 'id'> & { reopened: boolean }>(
    sql`INSERT INTO match_candidates AS m (case_id, unidentified_id, score, features, fingerprint, created_at, updated_at)
        VALUES ${join(values, ', ')}
        ON CONFLICT (case_id, unidentified_id) DO UPDATE SET
          score = EXCLUDED.score, features = EXCLUDED.features, fingerprint = EXCLUDED.fingerprint, updated_at = EXCLUDED.updated_at,
          status = CASE WHEN m.status = 'dismissed' AND m.fingerprint <> EXCLUDED.fingerprint THEN 'open' ELSE m.status END,
          decision_reason = CASE WHEN m.status = 'dismissed' AND m.fingerprint <> EXCLUDED.fingerprint THEN NULL ELSE m.decision_reason END,
          decided_by = CASE WHEN m.status = 'dismissed' AND m.fingerprint <> EXCLUDED.fingerprint THEN NULL ELSE m.decided_by END,
          decided_at = CASE WHEN m.status = 'dismissed' AND m.fingerprint <> EXCLUDED.fingerprint THEN NULL ELSE m.decided_at END
        RETURNING m.id,
          -- The subquery sees the table as it was before this statement: dismissed then, open now.
          (m.status = 'open' AND m.id IN (SELECT id FROM match_candidates WHERE status = 'dismissed')) AS reopened`,
  );
  return rows.filter((row) => row.reopened).map((row) => row.id);
}

/** Removes the open candidates of a side that can no longer match (a case closed, a record identified or closed). */
export async function dropOpenCandidates(tx: Queryable, side: Side): Promise<void> {
  await tx.query(sql`DELETE FROM match_candidates m WHERE ${sideCondition(side)} AND m.status = 'open'`);
}

export type CandidateRow = Row<
  'match_candidates',
  | 'id'
  | 'case_id'
  | 'unidentified_id'
  | 'score'
  | 'fingerprint'
  | 'decision_reason'
  | 'referral_kind'
  | 'decided_at'
  | 'created_at'
  | 'updated_at'
> & { status: CandidateStatus; features: FeatureScore[]; referral_kind: 'dental' | 'dna' | null; decided_by: string | null };

const CANDIDATE_SELECT = sql`
  SELECT m.id, m.case_id, m.unidentified_id, m.score, m.features, m.fingerprint, m.status, m.decision_reason, m.referral_kind,
         m.decided_at, m.created_at, m.updated_at, m.decided_by
    FROM match_candidates m`;

export interface CandidateFilter {
  side?: Side;
  /** One candidate only (still within reach). */
  candidateId?: string;
  status?: CandidateStatus;
  limit: number;
  offset: number;
}

/**
 * One page of the candidates the actor reaches through either side, open first and best first. An open pair
 * whose case or record has since ended is left out: there is nothing left to decide on it.
 */
export async function listCandidates(db: Queryable, actor: Actor, filter: CandidateFilter): Promise<CandidateRow[]> {
  const where: Sql[] = [
    sql`(m.case_id IN (${reachableCaseIds(actor)}) OR m.unidentified_id IN (${reachableUnidentifiedIds(actor)}))`,
    sql`(m.status <> 'open' OR (m.case_id IN (${openCaseIds()}) AND m.unidentified_id IN (${openUnidentifiedIds()})))`,
  ];
  if (filter.side) where.push(sideCondition(filter.side));
  if (filter.candidateId) where.push(sql`m.id = ${filter.candidateId}`);
  if (filter.status) where.push(sql`m.status = ${filter.status}`);
  const { rows } = await db.query<CandidateRow>(
    sql`${CANDIDATE_SELECT} WHERE ${join(where, ' AND ')}
         ORDER BY (m.status <> 'open'), m.score DESC, m.id
         LIMIT ${filter.limit + 1} OFFSET ${filter.offset}`,
  );
  return rows;
}

/** A candidate by id, locked for a decision; undefined if there is none. Reach is the caller's to check. */
export async function candidateForDecision(tx: Queryable, candidateId: string): Promise<CandidateRow | undefined> {
  const { rows } = await tx.query<CandidateRow>(sql`${CANDIDATE_SELECT} WHERE m.id = ${candidateId} FOR UPDATE OF m`);
  return rows[0];
}

export interface Decision {
  status: Exclude<CandidateStatus, 'open'>;
  reason: string | null;
  referralKind: 'dental' | 'dna' | null;
  by: string;
}

export async function recordDecision(tx: Queryable, candidateId: string, decision: Decision, now: Date): Promise<void> {
  await tx.query(
    sql`UPDATE match_candidates SET status = ${decision.status}, decision_reason = ${decision.reason}, referral_kind = ${decision.referralKind},
               decided_by = ${decision.by}, decided_at = ${now}, updated_at = ${now}
         WHERE id = ${candidateId}`,
  );
}

/**
 * Once a pair is confirmed, the other undecided pairs of its case and its record are dismissed, saying why,
 * so the queue holds only what is still open. Returns their ids.
 */
export async function dismissOthersOf(tx: Queryable, confirmed: CandidateRow, by: string, now: Date): Promise<string[]> {
  const { rows } = await tx.query<Row<'match_candidates', 'id'>>(
    sql`UPDATE match_candidates SET status = 'dismissed', referral_kind = NULL, decided_by = ${by}, decided_at = ${now}, updated_at = ${now},
               decision_reason = ${`Identified through another match (${confirmed.id})`}
         WHERE id <> ${confirmed.id} AND status IN ('open', 'referred')
           AND (case_id = ${confirmed.case_id} OR unidentified_id = ${confirmed.unidentified_id})
         RETURNING id`,
  );
  return rows.map((row) => row.id);
}
