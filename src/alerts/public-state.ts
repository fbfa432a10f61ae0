// What the public may see of an alert, decided in one place for every public surface (pages, photos,
// CAP, Atom): only active, unexpired alerts show anything of the child.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';

/** Why an appeal ended, as the public may know it: found, never how (safe, harmed or dead). */
export type EndReason = 'found' | 'cancelled' | 'expired';

export interface PublicAlertState {
  id: string;
  slug: string;
  state: string;
  capStatus: 'Actual' | 'Exercise' | 'Test';
  version: number;
  /** Set when the appeal is over for the public (withdrawn, or past its expiry even before the sweeper runs). */
  ended: EndReason | null;
  /** Not yet public (draft, awaiting approval, rejected): it does not exist for the public. */
  hidden: boolean;
}

type StateRow = Row<'alerts', 'id' | 'slug' | 'state' | 'version' | 'expires_at'> & {
  cap_status: PublicAlertState['capStatus'];
  withdrawal_reason: 'found_safe' | 'found' | 'cancelled' | null;
};

export async function publicAlertState(
  db: Queryable,
  key: { slug: string } | { id: string },
  now: Date,
): Promise<PublicAlertState | undefined> {
  const where = 'slug' in key ? sql`slug = ${key.slug}` : sql`id = ${key.id}`;
  const { rows } = await db.query<StateRow>(
    sql`SELECT id, slug, state, cap_status, version, withdrawal_reason, expires_at FROM alerts WHERE ${where}`,
  );
  const row = rows[0];
  if (!row) return undefined;
  const expired =
    row.state === 'expired' || (row.state === 'active' && row.expires_at !== null && row.expires_at.getTime() <= now.getTime());
  // "Found", whatever the outcome: the public never learns whether the child was found safe, harmed or dead.
  const withdrawn: EndReason = row.withdrawal_reason === 'found_safe' || row.withdrawal_reason === 'found' ? 'found' : 'cancelled';
  const ended: EndReason | null = row.state === 'withdrawn' ? withdrawn : expired ? 'expired' : null;
  return {
    id: row.id,
    slug: row.slug,
    state: row.state,
    capStatus: row.cap_status,
    version: row.version,
    ended,
    hidden: !['active', 'withdrawn', 'expired'].includes(row.state),
  };
}
