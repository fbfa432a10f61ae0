// The staff console is a Vite build of web/ into web/dist. `serve` builds it when the sources are newer
// than the build, so `npm ci && npm start` needs no separate step; tests build it once before running.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');
export const CONSOLE_DIST = path.join(WEB_DIR, 'dist');

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSourceTime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

/** Whether web/dist is missing or older than a file under web/. */
export function consoleBuildIsStale(): boolean {
  const index = path.join(CONSOLE_DIST, 'index.html');
  if (!fs.existsSync(index)) return true;
  return newestSourceTime(WEB_DIR) > fs.statSync(index).mtimeMs;
}

/** Builds the console when stale; returns whether it built. */
export async function ensureConsoleBuilt(log: (message: string) => void = () => undefined): Promise<boolean> {
  if (!consoleBuildIsStale()) return false;
  log('Building the staff console (web/ → web/dist)...');
  const { build } = await import('vite');
  await build({ configFile: path.join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn' });
  return true;
}
