// Backing up either engine into one file with its media. The embedded database is copied while this
// process holds its lock, so a running server (which holds it too) makes the backup refuse rather than copy
// files being written. PostgreSQL is dumped by pg_dump inside a snapshot whose row counts go in the manifest.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { PGlite } from '@electric-sql/pglite';
import { openPostgres } from '../db/database.ts';
import { lockDataDir } from '../runtime.ts';
import { DATABASE_FOLDER, MANIFEST_FILE, tallyMedia, writeArchive, type BackupManifest } from './archive.ts';
import { locateTool, postgresEnvironment, runTool, serverMajorVersion } from './postgres-tools.ts';
import { countRows, listTables, type RowSource } from './tables.ts';

export type Out = (line: string) => void;

export const PGLITE_DUMP = 'pglite.tar.gz';
export const POSTGRES_DUMP = 'postgres.dump';

export interface BackupPlace {
  dataDir: string;
  databaseUrl: string | undefined;
}

/** The migrations a database has had, oldest first. */
export async function appliedMigrations(db: RowSource): Promise<string[]> {
  const {
    rows: [table],
  } = await db.query<{ present: boolean }>("SELECT to_regclass('schema_migrations') IS NOT NULL AS present");
  if (!table!.present) return [];
  const { rows } = await db.query<{ version: string }>('SELECT version FROM schema_migrations ORDER BY version');
  return rows.map((row) => row.version);
}

/** Opens the embedded database of a DATA_DIR as it is: no migration, nothing written. */
export async function openEmbeddedAsIs(dataDir: string): Promise<PGlite> {
  const folder = path.join(dataDir, 'pglite');
  if (!fs.existsSync(path.join(folder, 'PG_VERSION'))) throw new Error(`${dataDir} holds no embedded database`);
  return PGlite.create({ dataDir: folder });
}

function refuseExisting(file: string, force: boolean): void {
  if (fs.existsSync(file) && !force) throw new Error(`${file} already exists: choose another name, or pass --force to replace it`);
}

async function stagedBackup(
  file: string,
  mediaRoot: string,
  fill: (databaseFolder: string) => Promise<Omit<BackupManifest, 'media' | 'format' | 'version' | 'createdAt'>>,
): Promise<BackupManifest> {
  const staging = fs.mkdtempSync(path.join(path.dirname(path.resolve(file)), '.forgetmenot-backup-'));
  try {
    const databaseFolder = path.join(staging, DATABASE_FOLDER);
    fs.mkdirSync(databaseFolder);
    const filled = await fill(databaseFolder);
    const manifest: BackupManifest = {
      format: 'forgetmenot-backup',
      version: 1,
      createdAt: new Date().toISOString(),
      ...filled,
      media: tallyMedia(mediaRoot),
    };
    fs.writeFileSync(path.join(staging, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
    await writeArchive(file, staging, mediaRoot);
    return manifest;
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

export async function backupEmbedded(dataDir: string, file: string, options: { force: boolean }): Promise<BackupManifest> {
  refuseExisting(file, options.force);
  const unlock = lockDataDir(dataDir);
  try {
    return await stagedBackup(file, path.join(dataDir, 'media'), async (databaseFolder) => {
      const lite = await openEmbeddedAsIs(dataDir);
      try {
        const tables = await listTables(lite);
        const rowCounts = await countRows(
          lite,
          tables.map((table) => table.name),
        );
        const migrations = await appliedMigrations(lite);
        const dump = await lite.dumpDataDir('gzip');
        await pipeline(Readable.fromWeb(dump.stream() as WebReadableStream), fs.createWriteStream(path.join(databaseFolder, PGLITE_DUMP)));
        return { engine: 'pglite', migrations, rowCounts };
      } finally {
        await lite.close();
      }
    });
  } finally {
    unlock();
  }
}

export async function backupPostgres(
  databaseUrl: string,
  dataDir: string,
  file: string,
  options: { force: boolean },
  err: Out,
): Promise<BackupManifest> {
  refuseExisting(file, options.force);
  const connection = postgresEnvironment(databaseUrl);
  const db = await openPostgres(databaseUrl, { max: 1 });
  try {
    const pgDump = locateTool('pg_dump', await serverMajorVersion(db));
    return await stagedBackup(file, path.join(dataDir, 'media'), (databaseFolder) =>
      // The counts and the dump see one snapshot, so the counts describe exactly what was dumped.
      db.transaction(async (tx) => {
        await tx.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
        const {
          rows: [snapshot],
        } = await tx.query<{ id: string }>('SELECT pg_export_snapshot() AS id');
        const tables = await listTables(tx);
        const rowCounts = await countRows(
          tx,
          tables.map((table) => table.name),
        );
        const migrations = await appliedMigrations(tx);
        await runTool(
          pgDump.command,
          ['--format=custom', `--snapshot=${snapshot!.id}`, `--file=${path.join(databaseFolder, POSTGRES_DUMP)}`],
          connection,
          err,
        );
        return { engine: 'postgres' as const, migrations, rowCounts, pgDumpVersion: pgDump.version };
      }),
    );
  } finally {
    await db.close();
  }
}

export function backup(place: BackupPlace, file: string, options: { force: boolean }, err: Out): Promise<BackupManifest> {
  return place.databaseUrl
    ? backupPostgres(place.databaseUrl, place.dataDir, file, options, err)
    : backupEmbedded(place.dataDir, file, options);
}
