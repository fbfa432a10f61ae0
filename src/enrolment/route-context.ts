// What every enrolment route shares: the parts of the app it uses, the permission, and a change written
// with its audit entry in one transaction.
import type { AppDeps } from '../app-deps.ts';
import { auditActor, type Actor } from '../auth/actor.ts';
import { appendAudit } from '../audit/audit-log.ts';
import type { Queryable } from '../db/database.ts';
import { invalid, notFound } from '../http/problem.ts';
import { checkLanguage } from './addresses.ts';

export const PERMISSION = 'enrolment:manage' as const;
export const tags = ['enrolment'];

export type Audited = <T>(
  actor: Actor,
  action: string,
  work: (tx: Queryable) => Promise<T>,
  details?: (result: T) => Record<string, unknown>,
) => Promise<T>;

export interface EnrolmentContext extends Pick<AppDeps, 'db' | 'clock' | 'config'> {
  /** Runs a change and its audit entry in one transaction. */
  audited: Audited;
}

export function enrolmentContext({ db, clock, config }: Pick<AppDeps, 'db' | 'clock' | 'config'>): EnrolmentContext {
  const audited: Audited = (actor, action, work, details = () => ({})) => {
    const now = clock();
    return db.transaction(async (tx) => {
      const result = await work(tx);
      await appendAudit(
        tx,
        { ...auditActor(actor), action, subjectType: 'organisation', subjectId: actor.organisationId, details: details(result) },
        now,
      );
      return result;
    });
  };
  return { db, clock, config, audited };
}

/** The result of a change, or 404 (thrown inside the transaction, so nothing is written or audited). */
export async function orNotFound<T>(change: Promise<T | false | undefined>, what: string): Promise<T> {
  const result = await change;
  if (result === false || result === undefined) throw notFound(what);
  return result;
}

export function languageOf(text: string | undefined, pointer: string): string {
  const checked = checkLanguage(text ?? 'en');
  if (!checked.ok) throw invalid(pointer, `the language ${checked.message}`, { code: 'language-tag' });
  return checked.value;
}
