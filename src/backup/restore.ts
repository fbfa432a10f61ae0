// Restoring a backup into a fresh instance. Everything is unpacked and checked in a folder beside its
// destination and renamed into place at the end, so a failed restore never leaves a half-written DATA_DIR.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { openPostgres } from '../db/database.ts';
import { lockDataDir } from '../runtime.ts';
import { DATABASE_FOLDER, extractArchive, MANIFEST_FILE, MEDIA_FOLDER, readManifest, tallyMedia, type BackupManifest } from './archive.ts';
import { PGLITE_DUMP, POSTGRES_DUMP, type BackupPlace, type Out } from './backup.ts';
import { locateTool, postgresEnvironment, runTool, serverMajorVersion } from './postgres-tools.ts';
import { countDifferences, countRows, type RowSource } from './tables.ts';

const LOCK_FILE = 'pglite.lock';

async function checkCounts(db: RowSource, manifest: BackupManifest): Promise<void> {
  const differences = countDifferences(manifest.rowCounts, await countRows(db, Object.keys(manifest.rowCounts)));
  if (differences.length) throw new Error(`the restored database does not hold what was backed up: ${differences.join('; ')}`);
}

function checkMedia(root: string, manifest: BackupManifest): void {
  const found = tallyMedia(root);
  if (found.files !== manifest.media.files || found.bytes !== manifest.media.bytes) {
    throw new Error(
      `the restored media store does not hold what was backed up: ${found.files} files of ${found.bytes} bytes, expected ${manifest.media.files} of ${manifest.media.bytes}`,
    );
  }
}

/** Puts `fresh` where `target` is; an existing `target` is set aside and removed only once `fresh` is in place. */
function replaceFolder(fresh: string, target: string): void {
  if (!fs.existsSync(target)) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.renameSync(fresh, target);
    return;
  }
  const aside = `${target}.replaced-${Date.now()}`;
  fs.renameSync(target, aside);
  try {
    fs.renameSync(fresh, target);
  } catch (error) {
    fs.renameSync(aside, target);
    throw error;
  }
  fs.rmSync(aside, { recursive: true, force: true });
}

/** A folder beside `target` (so the final rename stays on one file system), removed whatever happens. */
async function besides<T>(target: string, work: (staging: string) => Promise<T>): Promise<T> {
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const staging = fs.mkdtempSync(path.join(path.dirname(target), `.${path.basename(target)}.restoring-`));
  try {
    return await work(staging);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

function wrongEngine(manifest: BackupManifest, restoringInto: 'pglite' | 'postgres'): Error | undefined {
  if (manifest.engine === restoringInto) return undefined;
  return new Error(
    manifest.engine === 'pglite'
      ? 'this is a backup of the embedded database: unset DATABASE_URL to restore it into DATA_DIR (then "forgetmenot move-to-postgres" copies it into PostgreSQL)'
      : 'this is a backup of a PostgreSQL database: set DATABASE_URL to an empty database to restore it',
  );
}

export async function restoreEmbedded(file: string, dataDir: string, options: { force: boolean }): Promise<BackupManifest> {
  const manifest = readManifest(file);
  const refusal = wrongEngine(manifest, 'pglite');
  if (refusal) throw refusal;
  // The lock refuses while a server uses DATA_DIR; it is the only file a fresh DATA_DIR holds.
  const unlock = lockDataDir(dataDir);
  try {
    const present = fs.readdirSync(dataDir).filter((name) => name !== LOCK_FILE);
    if (present.length && !options.force)
      throw new Error(
        `${dataDir} is not empty (${present.join(', ')}): restore into an empty DATA_DIR, or pass --force to replace what is there`,
      );
    await besides(dataDir, async (staging) => {
      await extractArchive(file, staging);
      const dump = fs.readFileSync(path.join(staging, DATABASE_FOLDER, PGLITE_DUMP));
      const lite = await PGlite.create({ dataDir: path.join(staging, 'pglite'), loadDataDir: new Blob([dump]) });
      try {
        await checkCounts(lite, manifest);
      } finally {
        await lite.close();
      }
      fs.rmSync(path.join(staging, DATABASE_FOLDER), { recursive: true });
      fs.rmSync(path.join(staging, MANIFEST_FILE));
      checkMedia(path.join(staging, MEDIA_FOLDER), manifest);
      replaceFolder(staging, dataDir);
    });
  } finally {
    unlock();
  }
  return manifest;
}

/** Whether a PostgreSQL database holds any table of its own. */
async function hasTables(db: RowSource): Promise<boolean> {
  const { rows } = await db.query<{ count: string }>(
    `SELECT count(*)::text AS count FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'`,
  );
  return Number(rows[0]!.count) > 0;
}

export async function restorePostgres(
  file: string,
  databaseUrl: string,
  dataDir: string,
  options: { force: boolean },
  err: Out,
): Promise<BackupManifest> {
  const manifest = readManifest(file);
  const refusal = wrongEngine(manifest, 'postgres');
  if (refusal) throw refusal;
  const mediaRoot = path.join(dataDir, MEDIA_FOLDER);
  if (tallyMedia(mediaRoot).files > 0 && !options.force)
    throw new Error(`${mediaRoot} is not empty: restore into an empty DATA_DIR, or pass --force to replace its media`);
  const connection = postgresEnvironment(databaseUrl);
  const db = await openPostgres(databaseUrl, { max: 1 });
  try {
    if (await hasTables(db))
      throw new Error(
        'the database is not empty: restore into a new, empty database (e.g. "createdb forgetmenot_restored"); nothing was changed',
      );
    const pgRestore = locateTool('pg_restore', await serverMajorVersion(db));
    const dumpMajor = Number(/(\d+)(?:\.\d+)?/.exec(manifest.pgDumpVersion ?? '')?.[1] ?? 0);
    if (pgRestore.major < dumpMajor)
      throw new Error(
        `${pgRestore.command} is version ${pgRestore.major}, older than the pg_dump ${dumpMajor} that wrote this backup: set PG_BINDIR to the folder of a newer pg_restore`,
      );
    await besides(mediaRoot, async (staging) => {
      await extractArchive(file, staging);
      // libpq's default: the database named after the user.
      const database = connection.PGDATABASE ?? process.env.PGDATABASE ?? connection.PGUSER ?? process.env.PGUSER ?? os.userInfo().username;
      await runTool(
        pgRestore.command,
        [
          '--no-owner',
          '--no-privileges',
          '--single-transaction',
          '--exit-on-error',
          `--dbname=${database}`,
          path.join(staging, DATABASE_FOLDER, POSTGRES_DUMP),
        ],
        connection,
        err,
      );
      await checkCounts(db, manifest);
      const media = path.join(staging, MEDIA_FOLDER);
      if (!fs.existsSync(media)) fs.mkdirSync(media);
      checkMedia(media, manifest);
      replaceFolder(media, mediaRoot);
    });
  } finally {
    await db.close();
  }
  return manifest;
}

export function restore(place: BackupPlace, file: string, options: { force: boolean }, err: Out): Promise<BackupManifest> {
  return place.databaseUrl
    ? restorePostgres(file, place.databaseUrl, place.dataDir, options, err)
    : restoreEmbedded(file, place.dataDir, options);
}
