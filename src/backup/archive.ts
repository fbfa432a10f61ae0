// A backup is one tar file: a manifest, the database (PGlite's data folder as a tarball, or pg_dump's
// custom format) and the media store's files as they lie on disk. Written and read with the system's
// tar, which streams: photos are never held in memory.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const MANIFEST_FILE = 'forgetmenot-backup.json';
export const DATABASE_FOLDER = 'database';
export const MEDIA_FOLDER = 'media';

export interface BackupManifest {
  format: 'forgetmenot-backup';
  version: 1;
  engine: 'pglite' | 'postgres';
  createdAt: string;
  /** The migrations the database had: a newer program applies the rest on its first start. */
  migrations: string[];
  /** Rows per table when the backup was taken, checked again after a restore. */
  rowCounts: Record<string, number>;
  media: MediaTally;
  /** The version of pg_dump that wrote the database, for a PostgreSQL backup. */
  pgDumpVersion?: string;
}

export interface MediaTally {
  files: number;
  bytes: number;
}

/** Files a store writes before renaming them into place; never part of a backup. */
const PARTIAL_MEDIA = /\.tmp$/;

/** The number and size of the files under a media folder (none if it does not exist). */
export function tallyMedia(root: string): MediaTally {
  if (!fs.existsSync(root)) return { files: 0, bytes: 0 };
  let files = 0;
  let bytes = 0;
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || PARTIAL_MEDIA.test(entry.name)) continue;
    files += 1;
    bytes += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return { files, bytes };
}

function tarFailure(what: string, code: number | null, stderr: string): Error {
  const reason = stderr.trim().split('\n').slice(-1)[0] ?? '';
  return new Error(`tar could not ${what} (exit code ${code})${reason ? `: ${reason}` : ''}`);
}

/**
 * Writes the archive: the staging folder's manifest and database, then the media folder. The file is
 * written beside its destination and renamed at the end, so a failed backup leaves no file that looks
 * whole; readable by its owner only, since it holds personal data.
 */
export async function writeArchive(file: string, staging: string, mediaRoot: string): Promise<void> {
  const partial = `${file}.partial`;
  const args = ['-cf', '-', '--exclude=*.tmp', '-C', staging, MANIFEST_FILE, DATABASE_FOLDER];
  if (fs.existsSync(mediaRoot)) args.push('-C', path.dirname(mediaRoot), path.basename(mediaRoot));
  try {
    await new Promise<void>((resolve, reject) => {
      const output = fs.createWriteStream(partial, { mode: 0o600 });
      const tar = spawn('tar', args, { stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      tar.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
      tar.once('error', (error) => reject(new Error(`the tar command is needed to write a backup: ${error.message}`)));
      tar.stdout.pipe(output);
      let tarCode: number | null | undefined;
      let written = false;
      const settle = () => {
        if (tarCode === undefined || !written) return;
        if (tarCode === 0) resolve();
        else reject(tarFailure('write the backup', tarCode, stderr));
      };
      output.once('error', reject);
      output.once('close', () => ((written = true), settle()));
      tar.once('close', (code) => ((tarCode = code), settle()));
    });
    fs.renameSync(partial, file);
  } catch (error) {
    fs.rmSync(partial, { force: true });
    throw error;
  }
}

/** The manifest of an archive, read without unpacking the rest. */
export function readManifest(file: string): BackupManifest {
  if (!fs.existsSync(file)) throw new Error(`${file} does not exist`);
  const result = spawnSync('tar', ['-xOf', file, MANIFEST_FILE], { maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`the tar command is needed to read a backup: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${file} is not a Forget-me-not backup (no ${MANIFEST_FILE} in it)`);
  // Unchecked until its format and version are: it may be another program's file.
  let manifest: Partial<Record<keyof BackupManifest, unknown>>;
  try {
    manifest = JSON.parse(result.stdout.toString('utf8')) as Partial<Record<keyof BackupManifest, unknown>>;
  } catch {
    throw new Error(`${file} has an unreadable ${MANIFEST_FILE}`);
  }
  if (manifest.format !== 'forgetmenot-backup' || manifest.version !== 1)
    throw new Error(`${file} is not a backup this version of Forget-me-not can read`);
  return manifest as BackupManifest;
}

/** Unpacks the whole archive into a folder. */
export async function extractArchive(file: string, into: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const tar = spawn('tar', ['-xf', file, '--no-same-owner', '-C', into], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    tar.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    tar.once('error', (error) => reject(new Error(`the tar command is needed to read a backup: ${error.message}`)));
    tar.once('close', (code) => (code === 0 ? resolve() : reject(tarFailure('unpack the backup', code, stderr))));
  });
}
