#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner (Node 20's runner does not expand globs).
// Arguments narrow the run to paths that contain one of them: `npm test -- src/cases auth`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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
// Browser tests load the staff console; build it once here (quick when nothing changed) rather than in each test file.
const build = spawnSync(
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
