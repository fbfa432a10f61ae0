#!/usr/bin/env node
// Runs every *.test.ts under src/ and test/ with node's test runner (Node 20's runner does not expand globs).
// Arguments narrow the run to paths that contain one of them: `npm test -- src/cases auth`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compiledIsCurrent } from '../scripts/build-state.mjs';
import { longestFirst } from './test-order.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const sources = (file) => fs.readFileSync(path.join(root, file), 'utf8');

const files = ['src', 'test']
  .flatMap((dir) => fs.readdirSync(path.join(root, dir), { recursive: true }).map((file) => path.join(dir, String(file))))
  .filter((file) => file.endsWith('.test.ts') && !file.split(path.sep).includes('node_modules'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter)))
  .sort();
if (files.length === 0) {
  console.error(`No test files match ${filters.join(', ')}`);
  process.exit(1);
}

/** Runs node with `args` in the project; resolves with its exit code and what it printed on standard output. */
function node(args, { env = process.env, captureOutput = false } = {}) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', captureOutput ? 'pipe' : 'inherit', 'inherit'] });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ status: code ?? 1, output }));
  });
}

// Tests that run the forgetmenot command (they import test/support/command.ts) run the compiled program, as
// production does: compiled once here (quick when nothing changed), not each command's modules at every run.
// The build includes the staff console, which the browser tests load; without those tests, only the console
// is built, and only when its sources changed.
function build() {
  if (files.some((file) => sources(file).includes('support/command.ts'))) {
    return compiledIsCurrent(root) ? Promise.resolve({ status: 0 }) : node([path.join(root, 'scripts', 'build.mjs'), '--quiet']);
  }
  return node([
    '--import',
    'tsx',
    '-e',
    "const { ensureConsoleBuilt } = await import('./src/console/build.ts'); await ensureConsoleBuilt(console.log);",
  ]);
}

// Every test database is a copy of a migrated template (test/support/templates.ts): made once here, not in
// each file, while the build runs.
const prepareTemplates = () =>
  node(
    [
      '--import',
      'tsx',
      '-e',
      "const { prepareTemplates } = await import('./test/support/templates.ts'); console.log(JSON.stringify(await prepareTemplates()));",
    ],
    { captureOutput: true },
  );

const [built, prepared] = await Promise.all([build(), prepareTemplates()]);
if (built.status !== 0) process.exit(built.status);
if (prepared.status !== 0) process.exit(prepared.status);
const templates = JSON.parse(prepared.output.trim().split('\n').at(-1));
const concurrency = process.env.TEST_CONCURRENCY ?? '2';
const result = await node(['--import', 'tsx', path.join(root, 'test', 'run-files.mjs'), concurrency, ...longestFirst(files)], {
  env: { ...process.env, ...templates },
});
process.exit(result.status);
