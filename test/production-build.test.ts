// The production build: `npm run build` in a copy of the project, then the copy runs as production installs
// it (`npm ci --omit=dev`): its node_modules holds the runtime dependencies alone, so tsx, Vite, TypeScript
// and the console's libraries (bundled into web/dist) cannot be loaded, and serving, the console and the
// geometry worker run plain JavaScript without writing a file to the install folder.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledIsCurrent } from '../scripts/build-state.mjs';
import { placeEmbeddedDatabase } from './support/templates.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODULES = fs.realpathSync(path.join(ROOT, 'node_modules'));

interface PackageJson {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

/** The project's files a clone holds, timestamps kept so that the copied console build stays current. */
function copyProject(target: string): void {
  for (const name of ['bin', 'scripts', 'src', 'web', 'package.json', 'tsconfig.json', 'tsconfig.build.json']) {
    fs.cpSync(path.join(ROOT, name), path.join(target, name), {
      recursive: true,
      preserveTimestamps: true,
      filter: (source) => !/[/\\]web[/\\]dist\.[^/\\]*$/.test(source),
    });
  }
}

/** node_modules as `npm ci --omit=dev` leaves it, as far as our own imports go: no development dependency. */
function productionModules(target: string, pkg: PackageJson): void {
  const dev = new Set(Object.keys(pkg.devDependencies));
  fs.mkdirSync(target);
  for (const entry of fs.readdirSync(MODULES)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      fs.mkdirSync(path.join(target, entry));
      for (const name of fs.readdirSync(path.join(MODULES, entry))) {
        if (!dev.has(`${entry}/${name}`)) fs.symlinkSync(path.join(MODULES, entry, name), path.join(target, entry, name));
      }
    } else if (!dev.has(entry)) {
      fs.symlinkSync(path.join(MODULES, entry), path.join(target, entry));
    }
  }
}

/** Every file under dir but node_modules, with its size and modification time. */
function snapshot(dir: string, into = new Map<string, string>()): Map<string, string> {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) snapshot(full, into);
    else {
      const stat = fs.statSync(full);
      into.set(full, `${stat.size}:${stat.mtimeMs}`);
    }
  }
  return into;
}

function serve(cwd: string, dataDir: string): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, ['bin/forgetmenot.js', 'serve'], {
    cwd,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      DATABASE_URL: '',
      DEMO_DATA: 'never',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start in 120 s:\n${output}`)), 120_000);
    const check = () => {
      const match = /API: +http:\/\/localhost:(\d+)\//.exec(output);
      if (match && output.includes('Press Ctrl+C')) {
        clearTimeout(timer);
        resolve({ child, port: Number(match[1]), output: () => output });
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}:\n${output}`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

describe('the production build', () => {
  const install = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-install-'));
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-prod-data-'));
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;

  before(async () => {
    // PGlite's own set-up on a first start is tested in test/startup.test.ts; here it starts from its copy.
    await placeEmbeddedDatabase(dataDir, 'new');
    copyProject(install);
    // `npm test` has just built the project with the same script (test/run.mjs): its build is copied rather
    // than made again; a test file run alone after a change builds in the copy.
    if (compiledIsCurrent(ROOT))
      fs.cpSync(path.join(ROOT, 'dist'), path.join(install, 'dist'), { recursive: true, preserveTimestamps: true });
    else {
      fs.symlinkSync(MODULES, path.join(install, 'node_modules'));
      const build = spawnSync(process.execPath, ['scripts/build.mjs', '--quiet'], {
        cwd: install,
        encoding: 'utf8',
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      assert.equal(build.status, 0, `npm run build failed:\n${build.stdout}\n${build.stderr}`);
      fs.unlinkSync(path.join(install, 'node_modules'));
    }
    productionModules(path.join(install, 'node_modules'), pkg);
  });
  after(() => {
    fs.rmSync(install, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it("needs none of tsx, Vite, TypeScript, the console's libraries or the test-only packages at run time", () => {
    for (const name of ['tsx', 'vite', '@vitejs/plugin-react', 'typescript', 'standardwebhooks', 'react', 'leaflet']) {
      assert.ok(name in pkg.devDependencies, `${name} is a development dependency`);
      assert.ok(!(name in pkg.dependencies), `${name} is not a runtime dependency`);
    }
    assert.ok(!('pg-cursor' in pkg.dependencies), 'pg-cursor is not used');
    const probe = spawnSync(process.execPath, ['--input-type=module', '-e', "await import('tsx/esm/api')"], {
      cwd: install,
      encoding: 'utf8',
      env: { ...process.env, NODE_OPTIONS: '' },
    });
    assert.notEqual(probe.status, 0, 'tsx cannot be loaded from the production install');
    assert.match(probe.stderr, /Cannot find package 'tsx'/);
  });

  it('serves the site, the API and the console from dist/ and writes nothing to its install folder', async () => {
    assert.ok(fs.existsSync(path.join(install, 'dist', 'cli.js')));
    assert.ok(!fs.existsSync(path.join(install, 'dist', 'geo', 'geometry-worker.test.js')), 'tests are not compiled');
    const before = snapshot(install);
    const running = await serve(install, dataDir);
    try {
      const base = `http://127.0.0.1:${running.port}`;
      assert.equal((await fetch(`${base}/readyz`)).status, 200);
      const home = await fetch(`${base}/`);
      assert.equal(home.status, 200);
      assert.match(await home.text(), /<html lang="en"/);
      assert.match(await (await fetch(`${base}/report/pow-worker.js`)).text(), /postMessage/);
      const consolePage = await fetch(`${base}/console/`);
      assert.equal(consolePage.status, 200);
      const script = /src="(\/console\/assets\/[^"]+\.js)"/.exec(await consolePage.text());
      assert.ok(script, 'the console page loads its script');
      assert.equal((await fetch(`${base}${script[1]}`)).status, 200);
      assert.match(await (await fetch(`${base}/feeds/alerts.atom`)).text(), /<feed /);
    } finally {
      await stop(running.child);
    }
    assert.doesNotMatch(running.output(), /Building the staff console|Sources are newer than the build/);
    assert.deepEqual(snapshot(install), before, 'no file in the install folder was written');
  });

  it('runs the geometry worker thread compiled', () => {
    // A script file rather than `-e`: a worker thread inherits the flags of its process, and --input-type would stop it.
    const probeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'fmn-probe-'));
    const probe = path.join(probeDir, 'probe.mjs');
    const pool = pathToFileURL(path.join(install, 'dist', 'geo', 'geometry-pool.js')).href;
    fs.writeFileSync(
      probe,
      `const { validateAreaOffThread } = await import(${JSON.stringify(pool)});\nconsole.log(JSON.stringify(await validateAreaOffThread('not an area')));\nprocess.exit(0);\n`,
    );
    const run = spawnSync(process.execPath, [probe], { cwd: install, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    fs.rmSync(probeDir, { recursive: true, force: true });
    assert.equal(run.status, 0, run.stderr);
    const problems = JSON.parse(run.stdout) as unknown[];
    assert.ok(Array.isArray(problems) && problems.length > 0, 'the worker answered with the problems of a bad area');
  });
});
