// Organisations' codes and names, for other domains' lists that show who owns something.
import { sql, type Sql } from '../db/sql.ts';

/** A derived table of every organisation's `id`, `code` and `name`, to join under an alias: `JOIN ${organisationNames()} o ON o.id = …`. */
export function organisationNames(): Sql {
  return sql`(SELECT id, code, name FROM organisations)`;
}
