#!/usr/bin/env node
// The forgetmenot command. It runs the compiled program in dist/ (`npm run build`) when no source is newer
// than that build, and otherwise the TypeScript sources through tsx's loader: a fresh clone needs no build
// step and an edited source never runs stale. Without tsx (installed with `npm ci --omit=dev`) it runs dist/.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtMark, compiledIsCurrent } from '../scripts/build-state.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

async function tsxRegister() {
  try {
    return (await import('tsx/esm/api')).register;
  } catch {
    return undefined;
  }
}

let main;
const compiled = fs.existsSync(builtMark(root));
if (compiledIsCurrent(root)) {
  ({ main } = await import('../dist/cli.js'));
} else {
  const register = await tsxRegister();
  if (register) {
    register();
    ({ main } = await import('../src/cli.ts'));
  } else if (compiled) {
    console.error('Sources are newer than the build in dist/, and tsx is not installed: running dist/ (run `npm run build`).');
    ({ main } = await import('../dist/cli.js'));
  } else {
    console.error('No build in dist/ and no tsx to run the sources: run `npm run build`, or `npm ci` for the development dependencies.');
    process.exit(1);
  }
}
process.exitCode = await main(process.argv.slice(2));
