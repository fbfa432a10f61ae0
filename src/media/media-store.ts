// Where photos live. A small interface, so an S3-compatible store can replace the filesystem later.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';

export interface MediaStore {
  /** Stores bytes under a new key and returns the key. */
  put(bytes: Buffer, contentType: string): Promise<string>;
  /** The bytes and type under a key, or undefined if there are none. */
  get(key: string): Promise<{ bytes: Buffer; contentType: string } | undefined>;
  remove(key: string): Promise<void>;
}

const KEY_PATTERN = /^[0-9a-f-]{36}\.(jpg|png|webp)$/;
const EXTENSION: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
const TYPE_OF: Record<string, string> = { jpg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

/** Files under `root`, fanned out by the key's first two characters to keep directories small. */
export function filesystemMediaStore(root: string): MediaStore {
  const fileOf = (key: string) => {
    if (!KEY_PATTERN.test(key)) throw new Error('not a media key');
    return path.join(root, key.slice(0, 2), key);
  };
  return {
    async put(bytes, contentType) {
      const extension = EXTENSION[contentType];
      if (!extension) throw new Error(`media store does not keep ${contentType}`);
      const key = `${randomUUID()}.${extension}`;
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      // Write then rename, so a crash never leaves a half-written file under a real key.
      const temporary = `${file}.${process.pid}.tmp`;
      await fs.writeFile(temporary, bytes, { mode: 0o640 });
      await fs.rename(temporary, file);
      return key;
    },
    async get(key) {
      if (!KEY_PATTERN.test(key)) return undefined;
      try {
        const bytes = await fs.readFile(fileOf(key));
        return { bytes, contentType: TYPE_OF[key.split('.').pop()!]! };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    async remove(key) {
      if (!KEY_PATTERN.test(key)) return;
      await fs.rm(fileOf(key), { force: true });
    },
  };
}
