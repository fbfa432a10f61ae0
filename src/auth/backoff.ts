// Back-off for failed sign-ins, instead of a hard lock that anyone who guesses an email could use to keep
// an officer out. Failures are counted per account and per client address; past a few, attempts wait for a
// time that doubles with each further failure. An address waits whatever account it tries. An account under
// attack waits only for addresses that have failed recently, so the real officer on a clean address still
// signs in. Accounts are keyed by the email asked for, known or not, so unknown accounts behave exactly like
// known ones. Keys are stored as SHA-256, and the state lives in the database, shared by every process.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';
import { Problem } from '../http/problem.ts';
import { hashSecret } from './sessions.ts';

/** Failures an account may have before attempts on it wait. */
export const ACCOUNT_FREE_FAILURES = 5;
/** Failures an address may have before its attempts wait (higher: many officers can share one address). */
export const ADDRESS_FREE_FAILURES = 10;
/** The first wait, doubled with each further failure, up to MAX_WAIT_MS. */
export const FIRST_WAIT_MS = 1_000;
export const MAX_WAIT_MS = 15 * 60_000;
/** After this long without a failure, a key starts again from nothing. */
export const QUIET_MS = 60 * 60_000;

type Scope = 'account' | 'address';

export interface SignInKeys {
  /** The email as typed (compared without case). */
  email: string;
  address: string;
}

const keyOf = (scope: Scope, keys: SignInKeys) =>
  hashSecret(scope === 'account' ? `account:${keys.email.trim().toLowerCase()}` : `address:${keys.address}`);

export function waitAfter(failures: number, free: number): number {
  if (failures < free) return 0;
  return Math.min(MAX_WAIT_MS, FIRST_WAIT_MS * 2 ** Math.min(failures - free, 30));
}

type BackoffRow = Row<'sign_in_backoff', 'scope' | 'failures' | 'last_failed_at' | 'wait_until'> & { scope: Scope };

async function currentState(db: Queryable, keys: SignInKeys, now: Date) {
  const { rows } = await db.query<BackoffRow>(
    sql`SELECT scope, failures, last_failed_at, wait_until FROM sign_in_backoff
         WHERE (scope = 'account' AND key_hash = ${keyOf('account', keys)}) OR (scope = 'address' AND key_hash = ${keyOf('address', keys)})`,
  );
  const recent = (scope: Scope) => rows.find((row) => row.scope === scope && now.getTime() - row.last_failed_at.getTime() < QUIET_MS);
  return { account: recent('account'), address: recent('address') };
}

const tooSoon = (until: Date, now: Date) => {
  const seconds = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 1000));
  return new Problem(
    429,
    'sign-in-wait',
    'Wait before trying again',
    `There have been several failed sign-ins; try again in ${seconds} seconds.`,
    {
      headers: { 'retry-after': String(seconds) },
    },
  );
};

/**
 * Refuses (429 with Retry-After) an attempt that has to wait: any attempt from an address in back-off, and an
 * attempt on an account in back-off from an address that has failed recently. The same for every email.
 */
export async function refuseIfWaiting(db: Queryable, keys: SignInKeys, now: Date): Promise<void> {
  const { account, address } = await currentState(db, keys, now);
  if (address && address.wait_until > now) throw tooSoon(address.wait_until, now);
  if (account && account.wait_until > now && address) throw tooSoon(account.wait_until, now);
}

/** Counts a failed attempt (wrong password, unknown account, wrong code) against the account and the address. */
export async function recordSignInFailure(db: Queryable, keys: SignInKeys, now: Date): Promise<void> {
  await pruneBackoff(db, now);
  for (const [scope, free] of [
    ['account', ACCOUNT_FREE_FAILURES],
    ['address', ADDRESS_FREE_FAILURES],
  ] as const) {
    const key = keyOf(scope, keys);
    const { rows } = await db.query<Row<'sign_in_backoff', 'failures'>>(
      sql`INSERT INTO sign_in_backoff AS b (scope, key_hash, failures, last_failed_at, wait_until) VALUES (${scope}, ${key}, 1, ${now}, ${now})
          ON CONFLICT (scope, key_hash) DO UPDATE
            SET failures = CASE WHEN b.last_failed_at < ${now}::timestamptz - ${QUIET_MS} * interval '1 millisecond' THEN 1 ELSE b.failures + 1 END,
                last_failed_at = ${now}
          RETURNING failures`,
    );
    const failures = rows[0]!.failures;
    const waitUntil = new Date(now.getTime() + waitAfter(failures, free));
    await db.query(sql`UPDATE sign_in_backoff SET wait_until = ${waitUntil} WHERE scope = ${scope} AND key_hash = ${key}`);
  }
}

/** A complete sign-in (with the second factor where there is one) proves the account: its count starts again. */
export async function clearAccountBackoff(db: Queryable, email: string): Promise<boolean> {
  const { rowCount } = await db.query(
    sql`DELETE FROM sign_in_backoff WHERE scope = 'account' AND key_hash = ${keyOf('account', { email, address: '' })}`,
  );
  return rowCount > 0;
}

/** Which of these emails have sign-ins waiting now (for administrators' list of accounts). */
export async function accountsWaiting(db: Queryable, emails: string[], now: Date): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const byHash = new Map(emails.map((email) => [keyOf('account', { email, address: '' }), email]));
  const { rows } = await db.query<Row<'sign_in_backoff', 'key_hash'>>(
    sql`SELECT key_hash FROM sign_in_backoff WHERE scope = 'account' AND key_hash = ANY(${[...byHash.keys()]}::text[]) AND wait_until > ${now}`,
  );
  return new Set(rows.map((row) => byHash.get(row.key_hash)!));
}

/** Forgets failures from long ago, so the table holds only the last hour's. */
export async function pruneBackoff(db: Queryable, now: Date): Promise<void> {
  await db.query(sql`DELETE FROM sign_in_backoff WHERE last_failed_at < ${new Date(now.getTime() - QUIET_MS)}`);
}
