// The staff console is a Vite build of web/ into web/dist. Run from the TypeScript sources, `serve` builds it
// when the sources are newer than the build, so `npm ci && npm start` needs no separate step; tests build it
// once before running. The compiled program (`npm run build`, dist/) and NODE_ENV=production never build it:
// they serve what `npm run build` made and write nothing to the install folder.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

export const WEB_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web');
export const CONSOLE_DIST = path.join(WEB_DIR, 'dist');

function newestSourceTime(dir: string): number {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('dist') || entry.name === 'node_modules') continue;
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

/** Brotli and gzip copies of scripts and styles, served as they are to browsers that accept them. */
function compressAssets(dir: string): void {
  if (!fs.existsSync(dir)) return;
  for (const name of fs.readdirSync(dir)) {
    if (!/\.(js|css|json|svg)$/.test(name)) continue;
    const content = fs.readFileSync(path.join(dir, name));
    fs.writeFileSync(
      path.join(dir, `${name}.br`),
      zlib.brotliCompressSync(content, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }),
    );
    fs.writeFileSync(path.join(dir, `${name}.gz`), zlib.gzipSync(content, { level: 9 }));
  }
}

/** Whether this module runs compiled (dist/) rather than from its TypeScript source. */
export const RUNNING_COMPILED = !import.meta.url.endsWith('.ts');

/** Builds the console when stale, from the sources outside production; returns whether it built. */
export async function ensureConsoleBuilt(log: (message: string) => void = () => undefined): Promise<boolean> {
  if (RUNNING_COMPILED || process.env.NODE_ENV === 'production') {
    if (!fs.existsSync(path.join(CONSOLE_DIST, 'index.html'))) log('The staff console has not been built: run `npm run build`.');
    return false;
  }
  if (!consoleBuildIsStale()) return false;
  await buildConsole(log);
  return true;
}

/** Builds web/ into web/dist with Brotli and gzip copies of its assets. Vite is a development dependency. */
export async function buildConsole(log: (message: string) => void = () => undefined): Promise<void> {
  log('Building the staff console (web/ → web/dist)...');
  const { build } = await import('vite');
  // Built beside the live folder and swapped in, so pages being served meanwhile never miss their assets.
  const staging = `${CONSOLE_DIST}.building-${process.pid}`;
  try {
    await build({ configFile: path.join(WEB_DIR, 'vite.config.ts'), logLevel: 'warn', build: { outDir: staging, emptyOutDir: true } });
    compressAssets(path.join(staging, 'assets'));
    const old = `${CONSOLE_DIST}.old-${process.pid}`;
    if (fs.existsSync(CONSOLE_DIST)) fs.renameSync(CONSOLE_DIST, old);
    fs.renameSync(staging, CONSOLE_DIST);
    fs.rmSync(old, { recursive: true, force: true });
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
