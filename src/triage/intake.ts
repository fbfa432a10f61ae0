// Where a new submission goes and how urgent it is: placeholder, filled in by the triage work.
import type { Queryable } from '../db/database.ts';

/**
 * Called in the transaction that stores a new submission (after its row is inserted): routes it to a queue
 * (the force whose area holds its point, the alert's owning force for a sighting, else national triage),
 * and sets its priority and cluster.
 */
export async function triageNewSubmission(tx: Queryable, submissionId: string, now: Date): Promise<void> {
  await tx.query(`UPDATE public_submissions SET queue = 'national', updated_at = $2 WHERE id = $1`, [submissionId, now]);
}
