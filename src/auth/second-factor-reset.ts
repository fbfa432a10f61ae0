import type { AppDeps } from '../app-deps.ts';
import { appendAudit } from '../audit/audit-log.ts';
import { resetTotp } from './accounts.ts';
import { endSessionsOfUser } from './sessions.ts';

/**
 * An administrator's reset of a lost second factor, the only way to remove one without a code from it: the
 * factor and any pending replacement go, every session of the account ends, and the next sign-in must set up
 * a new one. Audited. Shared by the API and the `forgetmenot user reset-second-factor` command.
 */
export async function resetSecondFactor(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  userId: string,
  by: { actorId: string | null; actor: string; ip?: string },
  options: { onlyOrganisationId?: string } = {},
): Promise<boolean> {
  const now = deps.clock();
  return deps.db.transaction(async (tx) => {
    if (!(await resetTotp(tx, userId, options.onlyOrganisationId))) return false;
    await endSessionsOfUser(tx, userId, now);
    await appendAudit(tx, { ...by, action: 'user.second_factor_reset', subjectType: 'user', subjectId: userId }, now);
    return true;
  });
}
