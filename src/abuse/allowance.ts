// The hourly allowance of the public intake forms, counted in the database so that every `serve` process
// shares it: one row per accepted submission (refusals write nothing). The client address and its network
// are kept only as keyed hashes, and rows older than the longest window are cleared as new ones come.
import { createHmac, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/database.ts';
import { instanceKey } from '../db/instance-keys.ts';
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
  const { rows } = await db.query<{ address: number; network: number; without_pow: number }>(
    `SELECT (SELECT count(*) FROM intake_allowance_uses WHERE form = $1 AND address_key = $2 AND used_at > $4)::int AS address,
            (SELECT count(*) FROM intake_allowance_uses WHERE form = $1 AND network_key = $3 AND used_at > $4)::int AS network,
            (SELECT count(*) FROM intake_allowance_uses WHERE form = $1 AND address_key = $2 AND used_at > $4 AND without_pow)::int AS without_pow`,
    [form, keys.address, keys.network, since],
  );
  const row = rows[0]!;
  return { address: row.address, network: row.network, withoutProofOfWork: row.without_pow };
}

/** Records one accepted submission, inside the transaction that stores it. */
export async function useAllowance(tx: Queryable, form: string, keys: AllowanceKeys, withoutProofOfWork: boolean, now: Date): Promise<void> {
  await tx.query(`INSERT INTO intake_allowance_uses (form, address_key, network_key, without_pow, used_at) VALUES ($1, $2, $3, $4, $5)`, [
    form,
    keys.address,
    keys.network,
    withoutProofOfWork,
    now,
  ]);
  await tx.query(`DELETE FROM intake_allowance_uses WHERE id IN (SELECT id FROM intake_allowance_uses WHERE used_at < $1 LIMIT 50)`, [new Date(now.getTime() - KEEP_MS)]);
}
