// What the database stores for each name so it can find candidates with an index before they are scored
// here: one text[] of prefixed keys (GIN-indexed, searched with &&) and the Latin form (pg_trgm-indexed,
// for misspellings no key catches). Change KEYS_VERSION whenever the keys for a name would change, so stored
// keys can be recomputed.
import { prepareName, type PreparedName } from './prepared.ts';

export const KEYS_VERSION = 1;

export interface NameKeys {
  /** The name's words in lower-case ASCII, space-separated: for trigram similarity. */
  latin: string;
  /** "w:" word, "s:" sound key, "k:" consonant skeleton, "g:" equivalence group; no repeats. */
  keys: string[];
}

function wordKeys(prepared: PreparedName): string[] {
  return prepared.words.flatMap((word) => [
    `w:${word.latin}`,
    `s:${word.sound}`,
    ...(word.skeleton.length >= 2 ? [`k:${word.skeleton}`] : []),
    ...word.groups.map((group) => `g:${group.id}`),
  ]);
}

/** The keys under which a full name, written in any script, is stored and searched. */
export function nameKeys(fullName: string | PreparedName): NameKeys {
  const prepared = typeof fullName === 'string' ? prepareName(fullName) : fullName;
  return { latin: prepared.words.map((word) => word.latin).join(' '), keys: [...new Set(wordKeys(prepared))] };
}
