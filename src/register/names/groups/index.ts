// Looks names up in the curated equivalence groups. Each group is written as
//   "id: Full forms in any language or script | diminutives and short forms"
// and every form is indexed by its sound key, so spellings not listed still find their group.
import { soundKey } from '../sound.ts';
import { nameWords } from '../tokens.ts';
import { ABRAHAMIC_GROUPS } from './abrahamic.ts';
import { EAST_ASIAN_GROUPS } from './east-asian.ts';
import { EUROPEAN_GROUPS } from './european.ts';
import { MUSLIM_WORLD_GROUPS } from './muslim-world.ts';
import { SOUTH_ASIAN_GROUPS } from './south-asian.ts';

export interface GroupMembership {
  /** The group's identifier, e.g. "alexander": stable, so the database can index it. */
  id: string;
  /** The group's first full form, for saying "a diminutive of Alexander". */
  headword: string;
  diminutive: boolean;
}

export interface NameGroup {
  id: string;
  full: string[];
  diminutives: string[];
}

/** Parses one line of a list; throws on a malformed line so a bad edit fails the tests at once. */
export function parseGroup(line: string): NameGroup {
  const match = /^([a-z][a-z-]*):\s*([^|]+)(?:\|(.*))?$/u.exec(line);
  if (!match) throw new Error(`Malformed name group: ${line}`);
  const split = (text: string | undefined): string[] =>
    (text ?? '')
      .split(',')
      .map((form) => form.trim())
      .filter((form) => form.length > 0);
  return { id: match[1]!, full: split(match[2]), diminutives: split(match[3]) };
}

export const NAME_GROUPS: readonly NameGroup[] = [
  ...EUROPEAN_GROUPS,
  ...ABRAHAMIC_GROUPS,
  ...MUSLIM_WORLD_GROUPS,
  ...SOUTH_ASIAN_GROUPS,
  ...EAST_ASIAN_GROUPS,
].map(parseGroup);

function formKeys(form: string): string[] {
  return nameWords(form).map((word) => soundKey(word.spoken));
}

function buildIndex(groups: readonly NameGroup[]): Map<string, GroupMembership[]> {
  const index = new Map<string, GroupMembership[]>();
  const add = (key: string, membership: GroupMembership): void => {
    const known = index.get(key) ?? [];
    // A form listed as both full and diminutive in one group counts as full.
    const same = known.find((entry) => entry.id === membership.id);
    if (same) same.diminutive &&= membership.diminutive;
    else index.set(key, [...known, membership]);
  };
  for (const group of groups) {
    const headword = group.full[0]!;
    // A compound such as "Abd al-Rahman" is one word once its parts are joined.
    for (const form of group.full) for (const key of formKeys(form)) add(key, { id: group.id, headword, diminutive: false });
    for (const form of group.diminutives) for (const key of formKeys(form)) add(key, { id: group.id, headword, diminutive: true });
  }
  return index;
}

const INDEX = buildIndex(NAME_GROUPS);
const LISTED = new Set(
  NAME_GROUPS.flatMap((group) => [...group.full, ...group.diminutives]).flatMap((form) => nameWords(form).map((word) => word.latin)),
);

/** Whether a spelling is written in the lists, rather than found in a group by its sound. */
export function isListedSpelling(latin: string): boolean {
  return LISTED.has(latin);
}

/** The groups a word's sound key belongs to, if any. */
export function groupsOf(sound: string): readonly GroupMembership[] {
  return INDEX.get(sound) ?? [];
}
