// Withdrawing a long-term appeal everywhere at once: off the gallery, its photos no longer served, and at
// every partner (a found note, then the person record replaced by an expired placeholder in our PFIF feeds).
// Shared by the withdraw route and case close, which withdraws the case's appeal in its own transaction.
import { appendAudit, type AuditEntry } from '../audit/audit-log.ts';
import type { Queryable } from '../db/database.ts';
import { putOutbound, tombstoneOutbound } from '../exchange/outbound.ts';
import { endKitReissueWithin } from '../kits/reissue-store.ts';
import { appealFoundNote, appealPersonRecordId } from './pfif-record.ts';
import { markAppealWithdrawn, publishedAppealOfCase, type AppealRow } from './store.ts';

export async function withdrawAppealWithin(
  tx: Queryable,
  publicUrl: string,
  appeal: Pick<AppealRow, 'id'>,
  reason: string,
  who: Pick<AuditEntry, 'actorId' | 'actor' | 'ip'>,
  now: Date,
  announceAlive = true,
): Promise<string[]> {
  const keys = await markAppealWithdrawn(tx, appeal.id, reason, now);
  if (reason === 'found') await putOutbound(tx, appealFoundNote(publicUrl, appeal.id, now, announceAlive), now);
  await tombstoneOutbound(tx, appealPersonRecordId(publicUrl, appeal.id), now);
  // Partners that were sent the appeal's social media kit are told to take it down; its schedule stops.
  await endKitReissueWithin(tx, appeal.id, now);
  await appendAudit(
    tx,
    { ...who, action: 'appeal.withdrawn', subjectType: 'long_term_appeal', subjectId: appeal.id, details: { reason } },
    now,
  );
  return keys;
}

/**
 * Closing a case withdraws its published long-term appeal, if it has one, in the same transaction: a found
 * child ("found" outcomes) is announced as found to partners; any other outcome only withdraws.
 * Returns the stored keys of the appeal's public photos, to remove once the transaction commits.
 */
export async function withdrawAppealOfCaseWithin(
  tx: Queryable,
  publicUrl: string,
  caseId: string,
  outcome: string,
  who: Pick<AuditEntry, 'actorId' | 'actor' | 'ip'>,
  now: Date,
): Promise<string[]> {
  const appeal = await publishedAppealOfCase(tx, caseId);
  if (!appeal) return [];
  // A child found dead is withdrawn as found, but partners are not told more than that the appeal has ended.
  const reason = outcome === 'other' ? 'review_ended' : 'found';
  return withdrawAppealWithin(tx, publicUrl, appeal, reason, who, now, outcome !== 'found_dead');
}
