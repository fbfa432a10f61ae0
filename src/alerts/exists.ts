// Whether an alert exists at all, whoever may see it: `forgetmenot dispatch status` refuses an unknown id.
import type { Queryable } from '../db/database.ts';

export async function alertExists(db: Queryable, alertId: string): Promise<boolean> {
  const found = await db.query('SELECT 1 FROM alerts WHERE id = $1', [alertId]);
  return found.rowCount > 0;
}
