// Recall at 10 over real name variants (test/fixtures/names/variants.json): each variant is searched
// for among every variant and a few thousand other names, and the rest of its group must come back in the
// first ten. Distractors that the curated lists count as forms of a fixture name are left out, since
// finding them would be right.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { prepareName, type PreparedName } from './prepared.ts';
import { nameMatcher } from './score.ts';

interface VariantGroup {
  name: string;
  variants: string[];
}

interface Entry {
  name: string;
  group: number;
  prepared: PreparedName;
}

const fixtures = new URL('../../../test/fixtures/names/', import.meta.url);
const variants = JSON.parse(readFileSync(new URL('variants.json', fixtures), 'utf8')) as { groups: VariantGroup[] };
const distractors = JSON.parse(readFileSync(new URL('distractors.json', fixtures), 'utf8')) as { given: string[]; family: string[] };

function groupIdsOf(prepared: PreparedName): string[] {
  return prepared.words.flatMap((word) => word.groups.map((group) => group.id));
}

function distractorNames(): string[] {
  const { given, family } = distractors;
  const pairs = Array.from({ length: 2500 }, (_, i) => `${given[(i * 7) % given.length]!} ${family[(i * 13) % family.length]!}`);
  return [...new Set([...given, ...pairs])];
}

function haystack(): Entry[] {
  const entries: Entry[] = variants.groups.flatMap((group, index) =>
    group.variants.map((name) => ({ name, group: index, prepared: prepareName(name) })),
  );
  const fixtureGroupIds = new Set(entries.flatMap((entry) => groupIdsOf(entry.prepared)));
  const fixtureNames = new Set(entries.map((entry) => entry.name));
  for (const name of distractorNames()) {
    const prepared = prepareName(name);
    if (fixtureNames.has(name) || groupIdsOf(prepared).some((id) => fixtureGroupIds.has(id))) continue;
    entries.push({ name, group: -1, prepared });
  }
  return entries;
}

function topTen(query: Entry, entries: readonly Entry[]): Entry[] {
  const matcher = nameMatcher(query.prepared);
  return entries
    .filter((entry) => entry !== query)
    .map((entry) => ({ entry, score: matcher.score(entry.prepared) }))
    .sort((a, b) => b.score - a.score)
    .slice(0, 10)
    .map(({ entry }) => entry);
}

it('finds the rest of a name’s variants in the first ten for at least 95 % of queries', () => {
  const entries = haystack();
  const queries = entries.filter((entry) => entry.group >= 0);
  let complete = 0;
  let found = 0;
  let wanted = 0;
  const misses: string[] = [];
  for (const query of queries) {
    const others = queries.filter((entry) => entry.group === query.group && entry !== query);
    const top = new Set(topTen(query, entries));
    const missing = others.filter((entry) => !top.has(entry));
    wanted += others.length;
    found += others.length - missing.length;
    if (missing.length === 0) complete++;
    else misses.push(`${query.name} → ${missing.map((entry) => entry.name).join(', ')}`);
  }
  const queryRecall = complete / queries.length;
  const pairRecall = found / wanted;
  console.log(
    `${queries.length} queries over ${entries.length} names: all others in the first ten for ${(queryRecall * 100).toFixed(1)} %; ${(pairRecall * 100).toFixed(1)} % of variant pairs found`,
  );
  if (misses.length > 0) console.log(`missed:\n  ${misses.join('\n  ')}`);
  assert.ok(entries.length - queries.length >= 2000, 'a few thousand distractors');
  assert.ok(queryRecall >= 0.95, `recall at 10 ${queryRecall}`);
});
