// Migrated templates for test databases. Starting PGlite on an empty folder (its initdb) and migrating take
// seconds per test file; copying a folder already migrated, or `CREATE DATABASE … TEMPLATE` on PostgreSQL,
// takes a fraction of that. A template is named by what made it (every migration's checksum, the migration
// runner, PGlite's build), so it is kept between runs and a changed migration gets a new one. `npm test`
// prepares both before the test files start and passes their names on in TEST_PGLITE_TEMPLATE and
// TEST_POSTGRES_TEMPLATE; a test file run alone makes or finds them itself.
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { openPglite, openPostgres, type Database } from '../../src/db/database.ts';
import { migrate, readMigrations } from '../../src/db/migrate.ts';

function templateKey(engine: string): string {
  const hash = createHash('sha256').update(engine);
  hash.update(fs.readFileSync(new URL('../../src/db/migrate.ts', import.meta.url)));
  for (const migration of readMigrations()) hash.update(`${migration.version}:${migration.checksum}\n`);
  return hash.digest('hex').slice(0, 16);
}

function pgliteVersion(): string {
  // The package exports no package.json; it sits above the resolved entry point (dist/).
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return (JSON.parse(fs.readFileSync(path.join(path.dirname(entry), '..', 'package.json'), 'utf8')) as { version: string }).version;
}

let pglite: Promise<string> | undefined;
let pgliteEmpty: Promise<string> | undefined;

/** The folder of a migrated PGlite database, made on first use. Never opened again once made: only copied. */
export function pgliteTemplate(): Promise<string> {
  pglite ??= process.env.TEST_PGLITE_TEMPLATE
    ? Promise.resolve(process.env.TEST_PGLITE_TEMPLATE)
    : makePgliteTemplate(`fmn-pglite-template-${templateKey(`pglite@${pgliteVersion()}`)}`, pgliteEmptyTemplate, migrate);
  return pglite;
}

/**
 * The folder of a PGlite database as PGlite first creates it, before any migration: its own set-up (initdb,
 * seconds of CPU) done once, for the tests of an empty database and of commands run on a new data folder.
 */
export function pgliteEmptyTemplate(): Promise<string> {
  const key = createHash('sha256').update(`pglite@${pgliteVersion()}`).digest('hex').slice(0, 16);
  pgliteEmpty ??= process.env.TEST_PGLITE_EMPTY_TEMPLATE
    ? Promise.resolve(process.env.TEST_PGLITE_EMPTY_TEMPLATE)
    : makePgliteTemplate(`fmn-pglite-empty-${key}`, undefined, () => Promise.resolve());
  return pgliteEmpty;
}

// A template counts its own files, because a cleaner of the temporary folder may remove some (old files) of one
// left unused for long; a template that has lost any is made again.
const FILE_COUNT = 'fmn-template-files';
const countFiles = (dir: string) => fs.readdirSync(dir, { recursive: true }).length;

function isWhole(dir: string): boolean {
  try {
    return Number(fs.readFileSync(path.join(dir, FILE_COUNT), 'utf8')) === countFiles(dir);
  } catch {
    return false;
  }
}

/**
 * The template folder `name` in the temporary folder, made unless a whole one is there: a copy of the template
 * `from` gives (or a database PGlite creates, without one) with `prepare` applied to it.
 */
async function makePgliteTemplate(
  name: string,
  from: (() => Promise<string>) | undefined,
  prepare: (db: Database) => Promise<unknown>,
): Promise<string> {
  const dir = path.join(os.tmpdir(), name);
  if (isWhole(dir)) return dir;
  if (fs.existsSync(dir)) {
    // Moved aside before removal, so a process copying from it fails at once rather than copying part of it.
    const damaged = `${dir}-damaged-${randomBytes(4).toString('hex')}`;
    try {
      fs.renameSync(dir, damaged);
    } catch {
      // Another process moved it first.
    }
    fs.rmSync(damaged, { recursive: true, force: true });
  }
  // Made beside its place and renamed into it, so no process sees half a template; when two make one at
  // once, the rename of the second fails (the place is taken) and its copy is dropped.
  const building = fs.mkdtempSync(`${dir}-building-`);
  try {
    const data = path.join(building, 'data');
    if (from) fs.cpSync(await from(), data, { recursive: true });
    const db = await openPglite(data);
    try {
      await prepare(db);
    } finally {
      await db.close();
    }
    fs.rmSync(path.join(data, FILE_COUNT), { force: true });
    fs.writeFileSync(path.join(data, FILE_COUNT), String(countFiles(data) + 1));
    fs.renameSync(data, dir);
  } catch (error) {
    if (!fs.existsSync(dir)) throw error;
  } finally {
    fs.rmSync(building, { recursive: true, force: true });
  }
  return dir;
}

// Copies go to memory where Linux offers it (/dev/shm): a copy there takes a tenth of the time on disk.
const COPIES_DIR = (() => {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
})();

const copies = new Set<string>();
process.on('exit', () => {
  for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * A copy of a PGlite template (the migrated one unless `empty`) in a folder of its own; `removePgliteCopy`
 * removes it (and exit, if not).
 */
export async function copyPgliteTemplate({ empty = false }: { empty?: boolean } = {}): Promise<string> {
  const template = await (empty ? pgliteEmptyTemplate() : pgliteTemplate());
  const dir = fs.mkdtempSync(path.join(COPIES_DIR, 'fmn-test-db-'));
  copies.add(dir);
  fs.cpSync(template, dir, { recursive: true });
  return dir;
}

export function removePgliteCopy(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  copies.delete(dir);
}

/**
 * Gives a data folder (made if need be) an embedded database in `pglite/`, where the forgetmenot command and
 * other processes find it: as PGlite creates it on a first run, before any migration (`new`), or `migrated`.
 * A copy of a template, so a test that needs such a folder does not wait for PGlite's set-up again.
 */
export async function placeEmbeddedDatabase(dataDir: string, state: 'new' | 'migrated'): Promise<string> {
  fs.mkdirSync(dataDir, { recursive: true });
  const template = await (state === 'new' ? pgliteEmptyTemplate() : pgliteTemplate());
  fs.cpSync(template, path.join(dataDir, 'pglite'), { recursive: true });
  return dataDir;
}

/** The URL of another database on the same PostgreSQL server. */
export function databaseUrl(url: string, database: string): string {
  const other = new URL(url);
  other.pathname = `/${database}`;
  return other.toString();
}

let postgres: Promise<string> | undefined;

/**
 * The name of a migrated PostgreSQL database to copy, made on first use. No one may connect to it (a
 * database is copied only while nobody is connected), so copies never fail for that.
 */
export function postgresTemplate(url: string): Promise<string> {
  postgres ??= process.env.TEST_POSTGRES_TEMPLATE ? Promise.resolve(process.env.TEST_POSTGRES_TEMPLATE) : makePostgresTemplate(url);
  return postgres;
}

async function makePostgresTemplate(url: string): Promise<string> {
  const name = `fmn_template_${templateKey('postgres')}`;
  const admin = await openPostgres(url, { max: 1 });
  try {
    if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount > 0) return name;
    // As with PGlite: made under a name of its own, then renamed; the loser of a race drops its copy.
    const building = `${name}_${randomBytes(4).toString('hex')}`;
    await admin.query(`CREATE DATABASE ${building} TEMPLATE template0`);
    try {
      const db = await openPostgres(databaseUrl(url, building), { max: 1 });
      try {
        await migrate(db);
      } finally {
        await db.close();
      }
      await admin.query(`ALTER DATABASE ${building} RENAME TO ${name}`);
    } catch (error) {
      await admin.query(`DROP DATABASE IF EXISTS ${building} WITH (FORCE)`);
      if ((await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 0) throw error;
      return name;
    }
    await admin.query(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    return name;
  } finally {
    await admin.close();
  }
}

/** Makes both templates (PostgreSQL only with TEST_DATABASE_URL) and returns their names as environment variables. */
export async function prepareTemplates(): Promise<Record<string, string>> {
  const env: Record<string, string> = {
    TEST_PGLITE_EMPTY_TEMPLATE: await pgliteEmptyTemplate(),
    TEST_PGLITE_TEMPLATE: await pgliteTemplate(),
  };
  if (process.env.TEST_DATABASE_URL) env.TEST_POSTGRES_TEMPLATE = await postgresTemplate(process.env.TEST_DATABASE_URL);
  return env;
}
