// Runs the test files named after the concurrency on the command line with node's test runner, each in a
// process of its own, in the order given (the CLI's `--test` sorts them by path), and records each file's time.
// test/run.mjs starts it with the templates' names in the environment.
import { run } from 'node:test';
import { spec, tap } from 'node:test/reporters';
import { writeDurations } from './test-order.mjs';

const [concurrency, ...files] = process.argv.slice(2);
const durations = new Map();
let failed = false;

const stream = run({ files, concurrency: Number(concurrency) });
stream.on('test:fail', (data) => {
  if (!data.todo) failed = true;
});
// A file's time: the sum of its top-level tests (they run one after another in the file's process).
for (const event of ['test:pass', 'test:fail']) {
  stream.on(event, (data) => {
    if (data.nesting === 0 && data.file) durations.set(data.file, (durations.get(data.file) ?? 0) + data.details.duration_ms);
  });
}
stream.on('end', () => {
  writeDurations(durations);
  process.exitCode = failed ? 1 : 0;
});
// As the CLI does: readable on a terminal, TAP in CI's log.
stream.compose(process.stdout.isTTY ? spec : tap).pipe(process.stdout);
