// Regenerates src/db/schema.ts from the migrations: run `npm run db:types` after adding a migration.
import fs from 'node:fs';
import { openPglite } from '../src/db/database.ts';
import { migrate } from '../src/db/migrate.ts';
import { schemaTypesSource } from '../src/db/schema-types.ts';

const db = await openPglite(undefined);
try {
  await migrate(db);
  const target = new URL('../src/db/schema.ts', import.meta.url);
  fs.writeFileSync(target, await schemaTypesSource(db));
  console.log(`Wrote ${target.pathname}`);
} finally {
  await db.close();
}
