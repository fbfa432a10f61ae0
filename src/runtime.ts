// Opens what a process needs from its configuration: the database (migrated) and the media store.
import fs from 'node:fs';
import path from 'node:path';
import { indexStaleChildNames } from './cases/name-index.ts';
import type { Config } from './config.ts';
import { openDatabase, type Database } from './db/database.ts';
import { migrate } from './db/migrate.ts';
import { ensureReferenceGazetteer } from './geo/reference-gazetteer.ts';
import { filesystemMediaStore, type MediaStore } from './media/media-store.ts';

export interface Runtime {
  db: Database;
  media: MediaStore;
  close(): Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The embedded database is one process's: a second process opening the same files would corrupt them.
 * A lock file with the owner's pid refuses the second one with a clear message.
 */
export function lockDataDir(dataDir: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, 'pglite.lock');
  try {
    const owner = Number(fs.readFileSync(lockFile, 'utf8'));
    if (owner && owner !== process.pid && isAlive(owner)) {
      throw new Error(
        `${dataDir} is in use by process ${owner}. The embedded database serves one process; stop it, or set DATABASE_URL to use PostgreSQL.`,
      );
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  fs.writeFileSync(lockFile, String(process.pid));
  return () => fs.rmSync(lockFile, { force: true });
}

export async function openRuntime(config: Config): Promise<Runtime> {
  const unlock = config.databaseUrl ? () => undefined : lockDataDir(config.dataDir);
  let db: Database;
  try {
    db = await openDatabase(config);
    await migrate(db);
    // The places the public types: loaded once per version of the list, skipped in a few milliseconds after.
    await ensureReferenceGazetteer(db);
    // Children recorded before the register, or whose name keys an older version computed, are indexed.
    await indexStaleChildNames(db);
  } catch (error) {
    unlock();
    throw error;
  }
  const media = filesystemMediaStore(path.join(config.dataDir, 'media'));
  return {
    db,
    media,
    async close() {
      await db.close();
      unlock();
    },
  };
}
