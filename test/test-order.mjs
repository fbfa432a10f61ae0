// The order test files start in: the longest first, so that the last file to start is a short one and no long
// file runs alone at the end while the other core idles. Each run records every file's time for the next.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Each file's time (ms) in the last run that ran it, by path from the project's root; not committed. */
export const durationsFile = path.join(root, 'test-artefacts', 'test-durations.json');

export function readDurations() {
  try {
    return JSON.parse(fs.readFileSync(durationsFile, 'utf8'));
  } catch {
    return {};
  }
}

export function writeDurations(measured) {
  const known = readDurations();
  for (const [file, ms] of measured) known[path.relative(root, file)] = Math.round(ms);
  fs.mkdirSync(path.dirname(durationsFile), { recursive: true });
  fs.writeFileSync(durationsFile, `${JSON.stringify(known, null, 1)}\n`);
}

/**
 * `files` (paths from the root), longest first by their last recorded time. A file with no record yet (a new
 * one, or every file on a fresh clone) goes before all of them, browser tests first, then the larger first:
 * browser tests are the slow ones, and an unknown file must not be the one left running at the end.
 */
export function longestFirst(files) {
  const known = readDurations();
  const size = (file) => fs.statSync(path.join(root, file)).size;
  const browser = (file) => file.split(path.sep).includes('browser');
  const unknown = files
    .filter((file) => known[file] === undefined)
    .sort((a, b) => Number(browser(b)) - Number(browser(a)) || size(b) - size(a));
  const recorded = files.filter((file) => known[file] !== undefined).sort((a, b) => known[b] - known[a]);
  return [...unknown, ...recorded];
}
