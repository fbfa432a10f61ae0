// Whether an alert exists at all, whoever may see it: `forgetmenot dispatch status` refuses an unknown id.
import type { Queryable } from '../db/database.ts';
import { sql } from '../db/sql.ts';

export async function alertExists(db: Queryable, alertId: string): Promise<boolean> {
  const found = await db.query(sql`SELECT 1 FROM alerts WHERE id = ${alertId}`);
  return found.rowCount > 0;
}
