#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner (Node 20's runner does not expand globs).
// Arguments narrow the run to paths that contain one of them: `npm test -- src/cases auth`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledIsCurrent } from '../scripts/build-state.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const files = ['src', 'test']
  .flatMap((dir) => fs.readdirSync(path.join(root, dir), { recursive: true }).map((file) => path.join(dir, String(file))))
  .filter((file) => file.endsWith('.test.ts') && !file.split(path.sep).includes('node_modules'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`No test files match ${filters.join(', ')}`);
  process.exit(1);
}
// Tests that run the forgetmenot command (they import test/support/command.ts) run the compiled program, as
// production does: compiled once here (quick when nothing changed), not each command's modules at every run.
// The build includes the staff console, which the browser tests load; without those tests, only the console
// is built, and only when its sources changed.
const runsTheCommand = files.some((file) => fs.readFileSync(path.join(root, file), 'utf8').includes('support/command.ts'));
const build = runsTheCommand
  ? compiledIsCurrent(root)
    ? { status: 0 }
    : spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs'), '--quiet'], { cwd: root, stdio: 'inherit' })
  : spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        "const { ensureConsoleBuilt } = await import('./src/console/build.ts'); await ensureConsoleBuilt(console.log);",
      ],
      { cwd: root, stdio: 'inherit' },
    );
if (build.status !== 0) process.exit(build.status ?? 1);
// Every test database is a copy of one migrated template (test/support/templates.ts): make it once here, not in each file.
const prepared = spawnSync(
  process.execPath,
  [
    '--import',
    'tsx',
    '-e',
    "const { prepareTemplates } = await import('./test/support/templates.ts'); console.log(JSON.stringify(await prepareTemplates()));",
  ],
  { cwd: root, stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8' },
);
if (prepared.status !== 0) process.exit(prepared.status ?? 1);
const templates = JSON.parse(prepared.stdout.trim().split('\n').at(-1));
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ...templates },
});
process.exit(result.status ?? 1);
