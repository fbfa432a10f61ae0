// Whether the compiled program in dist/ (`npm run build`) is current: built, and no source under src/ or web/
// (tests aside) changed since. bin/forgetmenot.js runs dist/ only then; `npm test` builds when it is not.
import fs from 'node:fs';
import path from 'node:path';

function newestSource(dir) {
  if (!fs.existsSync(dir)) return 0;
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('dist') || entry.name === 'node_modules' || entry.name.endsWith('.test.ts')) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** The mark `npm run build` writes last; its absence means there is no complete build. */
export const builtMark = (root) => path.join(root, 'dist', 'BUILT');

export function compiledIsCurrent(root) {
  if (!fs.existsSync(builtMark(root))) return false;
  const built = fs.statSync(builtMark(root)).mtimeMs;
  return newestSource(path.join(root, 'src')) <= built && newestSource(path.join(root, 'web')) <= built;
}
