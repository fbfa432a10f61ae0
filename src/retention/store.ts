// The retention domain's own tables: periods set by administrators instead of the defaults, and the review
// decisions to keep a record longer.
import type { Queryable } from '../db/database.ts';
import type { Row } from '../db/schema.ts';
import { sql } from '../db/sql.ts';

/** The periods administrators set, by kind. */
export async function periodSettings(db: Queryable): Promise<Map<string, Row<'retention_settings', 'period_days' | 'updated_at'>>> {
  const { rows } = await db.query<Row<'retention_settings', 'kind' | 'period_days' | 'updated_at'>>(
    sql`SELECT kind, period_days, updated_at FROM retention_settings`,
  );
  return new Map(rows.map((row) => [row.kind, row]));
}

export async function savePeriod(tx: Queryable, kind: string, periodDays: number, userId: string, now: Date): Promise<void> {
  await tx.query(
    sql`INSERT INTO retention_settings (kind, period_days, updated_by, updated_at) VALUES (${kind}, ${periodDays}, ${userId}, ${now})
        ON CONFLICT (kind) DO UPDATE SET period_days = EXCLUDED.period_days, updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
  );
}

export async function clearPeriod(tx: Queryable, kind: string): Promise<void> {
  await tx.query(sql`DELETE FROM retention_settings WHERE kind = ${kind}`);
}

/** The records of a kind a reviewer decided to keep until a date not yet past. */
export async function keptRecordIds(db: Queryable, kind: string, today: string): Promise<string[]> {
  const { rows } = await db.query<{ record_id: string }>(
    sql`SELECT record_id FROM retention_reviews WHERE kind = ${kind} AND keep_until >= ${today}::date`,
  );
  return rows.map((row) => row.record_id);
}

export async function saveKeepDecision(
  tx: Queryable,
  decision: { kind: string; recordId: string; keepUntil: string; ground: string; userId: string },
  now: Date,
): Promise<void> {
  await tx.query(
    sql`INSERT INTO retention_reviews (kind, record_id, keep_until, ground, decided_by, decided_at)
        VALUES (${decision.kind}, ${decision.recordId}, ${decision.keepUntil}::date, ${decision.ground}, ${decision.userId}, ${now})
        ON CONFLICT (kind, record_id) DO UPDATE
           SET keep_until = EXCLUDED.keep_until, ground = EXCLUDED.ground, decided_by = EXCLUDED.decided_by, decided_at = EXCLUDED.decided_at`,
  );
}

/** A disposed record's decision row goes with it. */
export async function forgetDecision(tx: Queryable, kind: string, recordId: string): Promise<void> {
  await tx.query(sql`DELETE FROM retention_reviews WHERE kind = ${kind} AND record_id = ${recordId}`);
}
