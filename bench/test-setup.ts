// What each test file pays before its first test: `startTestWorld` (a fresh migrated database, the
// organisations and a user of every role, the app built), timed several times on one engine; with `open`,
// only the fresh migrated database (`engine.open()`).
//   node --import tsx bench/test-setup.ts pglite 5 [open]
//   TEST_DATABASE_URL=postgres://postgres@127.0.0.1:5432/test node --import tsx bench/test-setup.ts postgres 5 [open]
import { TEST_ENGINES } from '../test/support/databases.ts';
import { startTestWorld } from '../test/support/app.ts';

const [engineName = 'pglite', times = '5', what = 'world'] = process.argv.slice(2);
const engine = TEST_ENGINES.find((e) => e.name === engineName);
if (!engine || engine.skip) throw new Error(`engine ${engineName} is not available${engine?.skip ? `: ${engine.skip}` : ''}`);

const ms: number[] = [];
for (let i = 0; i < Number(times); i++) {
  const started = performance.now();
  const opened = what === 'open' ? await engine.open() : await startTestWorld(engine);
  ms.push(Math.round(performance.now() - started));
  await opened.close();
}
const sorted = [...ms].sort((a, b) => a - b);
console.log(
  `${engineName}: ${what === 'open' ? 'engine.open()' : 'startTestWorld'} ${ms.join(', ')} ms; median ${sorted[Math.floor(sorted.length / 2)]} ms`,
);
