// The matcher: for a record of someone found, the open missing episodes within the hard limits (read by the
// cases module), scored here and the best kept; for a missing episode, the open records within them (read by
// the unidentified module). Run after every write that changes either side, and by the benchmark.
import type { FastifyBaseLogger } from 'fastify';
import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { caseForMatching, openEpisodesWithinLimits } from '../cases/match-store.ts';
import type { Database } from '../db/database.ts';
import { openUnidentifiedWithinLimits, unidentifiedForMatching } from '../unidentified/store.ts';
import { AGE_SLACK_YEARS, caseBirthWindow, fingerprintOf, recordBirthWindow, scorePair } from './score.ts';
import { dropOpenCandidates, pairsOf, saveCandidates, type ScoredPair, type Side } from './store.ts';

/** How many candidates each record keeps (besides pairs already decided, which stay while they pass the limits). */
export const CANDIDATES_KEPT = 25;

export interface MatchRun {
  /** Pairs within the hard limits, scored. */
  considered: number;
  /** The best, highest first (at most CANDIDATES_KEPT). */
  best: ScoredPair[];
  reopened: string[];
}

const byScore = (a: ScoredPair, b: ScoredPair) =>
  b.score - a.score || (a.caseId + a.unidentifiedId).localeCompare(b.caseId + b.unidentifiedId);

/** Matches one record of someone found against every open episode, and saves its candidates. */
export async function matchUnidentified(db: Database, unidentifiedId: string, now: Date): Promise<MatchRun> {
  const record = await unidentifiedForMatching(db, unidentifiedId);
  const side: Side = { unidentifiedId };
  if (!record || record.status !== 'open') return dropSide(db, side);
  const born = recordBirthWindow(record);
  const episodes = await openEpisodesWithinLimits(db, { sex: record.sex, foundAt: record.foundAt, bornAfter: born.after, bornBy: born.by });
  const scored = episodes.map((episode) => ({ caseId: episode.id, unidentifiedId, ...scorePair(episode, record) }));
  return save(db, side, scored, (pair) => pair.caseId, now);
}

/** Matches one missing episode against every open record of someone found, and saves its candidates. */
export async function matchCase(db: Database, caseId: string, now: Date): Promise<MatchRun> {
  const episode = await caseForMatching(db, caseId);
  const side: Side = { caseId };
  if (!episode || episode.status !== 'open' || episode.exercise) return dropSide(db, side);
  const born = caseBirthWindow(episode);
  const records = await openUnidentifiedWithinLimits(db, {
    sex: episode.sex,
    lastSeenAt: episode.lastSeenAt,
    bornAfter: born.after,
    bornBy: born.by,
    slackYears: AGE_SLACK_YEARS,
  });
  const scored = records.map((record) => ({ caseId, unidentifiedId: record.id, ...scorePair(episode, record) }));
  return save(db, side, scored, (pair) => pair.unidentifiedId, now);
}

async function dropSide(db: Database, side: Side): Promise<MatchRun> {
  await db.transaction((tx) => dropOpenCandidates(tx, side));
  return { considered: 0, best: [], reopened: [] };
}

/** Keeps the best pairs, and every pair already kept whose other side still passes (re-scored, its decision kept). */
async function save(db: Database, side: Side, scored: ScoredPair[], otherSide: (pair: ScoredPair) => string, now: Date): Promise<MatchRun> {
  scored.sort(byScore);
  const best = scored.slice(0, CANDIDATES_KEPT);
  return db.transaction(async (tx) => {
    const existing = new Set((await pairsOf(tx, side)).map((pair) => ('caseId' in side ? pair.unidentified_id : pair.case_id)));
    const kept = [...best, ...scored.slice(CANDIDATES_KEPT).filter((pair) => existing.has(otherSide(pair)))].map((pair) => ({
      ...pair,
      fingerprint: fingerprintOf(pair.features),
    }));
    const reopened = await saveCandidates(tx, side, kept, now);
    for (const id of reopened)
      await appendAudit(
        tx,
        {
          actorId: null,
          actor: 'system',
          action: 'match.reopened',
          subjectType: 'match',
          subjectId: id,
          details: { because: 'matched features changed' },
        },
        now,
      );
    return { considered: scored.length, best, reopened };
  });
}

/**
 * Re-matches a side after a write that changed it has committed, in the same request. Matching never fails
 * the write: an error is logged by its kind only (a database error may quote the values it was given).
 */
export async function rematchAfterWrite(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  side: Side,
  log: Pick<FastifyBaseLogger, 'error'>,
): Promise<void> {
  try {
    if ('caseId' in side) await matchCase(deps.db, side.caseId, deps.clock());
    else await matchUnidentified(deps.db, side.unidentifiedId, deps.clock());
  } catch (error) {
    log.error({ failure: error instanceof Error ? error.name : 'unknown' }, 'matching after a change failed');
  }
}
