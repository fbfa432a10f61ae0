#!/usr/bin/env node
// `npm run build`: the program compiled to plain JavaScript in dist/ (mirroring src/), with the files it reads
// beside its modules at run time (migrations, locales, public scripts), and the staff console built into web/dist.
// The result runs with `node bin/forgetmenot.js` and neither tsx nor Vite, so production can install with
// `npm ci --omit=dev` once it is built.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const src = path.join(root, 'src');
const dist = path.join(root, 'dist');
const quiet = process.argv.includes('--quiet');
const log = (message) => {
  if (!quiet) console.log(message);
};

// Every non-TypeScript file under src/ is read at run time (SQL, JSON, browser scripts), except the worker
// entry that registers tsx for the sources: the compiled worker is loaded directly.
function copyAssets(from, to) {
  for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, entry.name);
    if (entry.isDirectory()) copyAssets(source, target);
    else if (!entry.name.endsWith('.ts') && !entry.name.endsWith('.mjs')) {
      fs.mkdirSync(to, { recursive: true });
      fs.copyFileSync(source, target);
    }
  }
}

fs.rmSync(dist, { recursive: true, force: true });
log('Compiling src/ → dist/...');
const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], {
  cwd: root,
  stdio: 'inherit',
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
copyAssets(src, dist);

const { buildConsole, consoleBuildIsStale } = await import(pathToFileURL(path.join(dist, 'console', 'build.js')).href);
if (consoleBuildIsStale()) await buildConsole(log);
else log('The staff console (web/dist) is up to date.');

// Written last: bin/forgetmenot.js runs dist/ only when no source is newer than this mark.
fs.writeFileSync(path.join(dist, 'BUILT'), `${new Date().toISOString()}\n`);
log('Built: `node bin/forgetmenot.js serve` runs dist/.');
