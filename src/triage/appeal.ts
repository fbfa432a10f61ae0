// What a sighting's detail says of the appeal it was sent about, under the same rule as every staff answer
// that names a child (src/cases/disclosure.ts): the child's name only to a reader who reaches the case, and
// for a sensitive case only with a stated reason. A force that reaches the sighting only because it was
// seen in its area does not reach the case, so it learns where the public page is and nothing of the child.
import { appealUrl } from '../alerts/messages.ts';
import { appealOfSubmission, type AppealOfSubmission } from '../alerts/triage-view.ts';
import type { Actor } from '../auth/actor.ts';
import { showsIdentity } from '../cases/disclosure.ts';
import { findChild, findReachableCase } from '../cases/store.ts';
import type { Queryable } from '../db/database.ts';
import type { SubmissionAppeal } from './schemas.ts';

function publicState(row: Pick<AppealOfSubmission, 'state' | 'expires_at'>, now: Date): SubmissionAppeal['state'] {
  if (row.state === 'active') return row.expires_at !== null && row.expires_at.getTime() <= now.getTime() ? 'ended' : 'live';
  return row.state === 'withdrawn' || row.state === 'expired' ? 'ended' : 'not_public';
}

/** The appeal as this reader may see it, with what the audit entry of the read should record of it. */
export async function submissionAppeal(
  db: Queryable,
  publicUrl: string,
  actor: Actor,
  alertId: string | null,
  reason: string | null,
  now: Date,
): Promise<{ appeal: SubmissionAppeal | null; audit: Record<string, unknown> | null }> {
  if (alertId === null) return { appeal: null, audit: null };
  const row = await appealOfSubmission(db, alertId);
  if (!row) return { appeal: null, audit: null };
  const state = publicState(row, now);
  const reachedCase = await findReachableCase(db, actor, row.case_id);
  const caseReach = reachedCase !== undefined;
  const shown = caseReach && showsIdentity(reachedCase, reason);
  // The child is read only for a reader who may be told who it is.
  const child = shown ? await findChild(db, reachedCase.child_id) : undefined;
  const childName = child
    ? child.known_as
      ? `${child.given_names} "${child.known_as}" ${child.family_name}`
      : `${child.given_names} ${child.family_name}`
    : null;
  return {
    appeal: {
      alertId: row.alert_id,
      state,
      caseReference: reachedCase ? reachedCase.reference : null,
      childName,
      title: shown ? row.headline : null,
      // Anyone may open the public page while the appeal is live; the answer itself names nobody.
      publicUrl: state === 'live' ? appealUrl(publicUrl, row.slug) : null,
      caseReach,
      identityWithheld: !shown,
    },
    audit: { alertId: row.alert_id, caseId: caseReach ? row.case_id : null, identity: shown ? 'shown' : 'withheld' },
  };
}
