// The row types in schema.ts are the migrated schema's, on both engines: a migration without `npm run db:types`
// fails here, and a column renamed there breaks the build wherever code still names it.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describeOnEngines } from '../../test/support/databases.ts';
import { schemaTypesSource } from './schema-types.ts';

describeOnEngines('row types', (engine) => {
  it('match the migrated schema (run `npm run db:types` after adding a migration)', async () => {
    const db = await engine.open();
    try {
      const committed = fs.readFileSync(new URL('./schema.ts', import.meta.url), 'utf8');
      assert.equal(await schemaTypesSource(db), committed);
    } finally {
      await db.close();
    }
  });
});
