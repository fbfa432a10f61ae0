// The hourly allowance of the public intake forms, counted in the database so that every `serve` process
// shares it: one row per accepted submission (refusals write nothing). The client address and its network
// are kept only as keyed hashes, and rows older than the longest window are cleared as new ones come.
import { createHmac, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { instanceKey } from '../db/instance-keys.ts';
import { sql } from '../db/sql.ts';
import { addressKey, networkKey } from './network.ts';

export interface AllowanceKeys {
  address: string;
  network: string;
}

export interface AllowanceUse {
  address: number;
  network: number;
  withoutProofOfWork: number;
}

/** Longest window any allowance uses; older rows are of no use to anyone. */
const KEEP_MS = 24 * 60 * 60 * 1000;

export async function allowanceKeys(db: Queryable, ip: string, now: Date): Promise<AllowanceKeys> {
  const secret = Buffer.from(await instanceKey(db, 'intake_allowance_secret', () => randomBytes(32).toString('base64'), now), 'base64');
  const hash = (text: string) => createHmac('sha256', secret).update(text).digest('base64url');
  return { address: hash(addressKey(ip)), network: hash(networkKey(ip)) };
}

/** Accepted submissions of one form from this address and its network since `since`. */
export async function allowanceUsed(db: Queryable, form: string, keys: AllowanceKeys, since: Date): Promise<AllowanceUse> {
  const ofAddress = sql`form = ${form} AND address_key = ${keys.address} AND used_at > ${since}`;
  const { rows } = await db.query<{ address: number; network: number; without_pow: number }>(
    sql`SELECT (SELECT count(*) FROM intake_allowance_uses WHERE ${ofAddress})::int AS address,
               (SELECT count(*) FROM intake_allowance_uses WHERE form = ${form} AND network_key = ${keys.network} AND used_at > ${since})::int AS network,
               (SELECT count(*) FROM intake_allowance_uses WHERE ${ofAddress} AND without_pow)::int AS without_pow`,
  );
  const row = rows[0]!;
  return { address: row.address, network: row.network, withoutProofOfWork: row.without_pow };
}

/** Records one accepted submission, inside the transaction that stores it. */
export async function useAllowance(
  tx: Queryable,
  form: string,
  keys: AllowanceKeys,
  withoutProofOfWork: boolean,
  now: Date,
): Promise<void> {
  await tx.query(
    sql`INSERT INTO intake_allowance_uses (form, address_key, network_key, without_pow, used_at) VALUES (${form}, ${keys.address}, ${keys.network}, ${withoutProofOfWork}, ${now})`,
  );
  await tx.query(
    sql`DELETE FROM intake_allowance_uses WHERE id IN (SELECT id FROM intake_allowance_uses WHERE used_at < ${new Date(now.getTime() - KEEP_MS)} LIMIT 50)`,
  );
}
