// Which strings a language lacks, or has that English no longer has, compared key by key with en.json.
// Plural keys follow each language's own plural categories (Intl.PluralRules, as i18next does): English
// "x_one" and "x_other" ask Ukrainian for "x_one", "x_few", "x_many" and "x_other", and Punjabi for two.
// From the command line, for translators: `node --import tsx src/i18n/missing-keys.ts [language ...]`
// (every site language when none is named); it prints each key to translate, with its English text.
import { fileURLToPath } from 'node:url';
import { readLocale, SITE_LANGUAGES } from './i18n.ts';

const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

/** Every leaf of a locale as a dotted key; arrays by index ("support.families.sections.0.title"). */
export function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

/** The keys `language` should have: English's, with each plural group in the language's categories. */
export function expectedKeys(language: string, english: readonly string[]): string[] {
  const categories = new Intl.PluralRules(language).resolvedOptions().pluralCategories;
  const keys = new Set<string>();
  for (const key of english) {
    if (PLURAL_SUFFIX.test(key)) for (const category of categories) keys.add(key.replace(PLURAL_SUFFIX, `_${category}`));
    else keys.add(key);
  }
  return [...keys];
}

export interface KeyReport {
  /** Keys to translate: in English (or a plural form the language needs), not in this language. */
  missing: string[];
  /** Keys English no longer has: remove them. */
  stray: string[];
}

export function compareWithEnglish(language: string, locale = readLocale(language), english = readLocale('en')): KeyReport {
  const expected = expectedKeys(language, keysOf(english));
  const actual = new Set(keysOf(locale));
  const wanted = new Set(expected);
  return { missing: expected.filter((key) => !actual.has(key)), stray: [...actual].filter((key) => !wanted.has(key)) };
}

/** The English text of a key (for a plural form English lacks, its `_other`). */
function englishText(english: Record<string, unknown>, key: string): string {
  const at = (dotted: string) =>
    dotted
      .split('.')
      .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), english);
  const value = at(key) ?? at(key.replace(PLURAL_SUFFIX, '_other'));
  return typeof value === 'string' ? value : JSON.stringify(value);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const english = readLocale('en');
  const languages = process.argv.length > 2 ? process.argv.slice(2) : SITE_LANGUAGES.filter((language) => language !== 'en');
  let count = 0;
  for (const language of languages) {
    const { missing, stray } = compareWithEnglish(language, readLocale(language), english);
    count += missing.length + stray.length;
    for (const key of missing) console.log(`${language}\tmissing\t${key}\t${englishText(english, key)}`);
    for (const key of stray) console.log(`${language}\tstray\t${key}`);
  }
  if (count === 0) console.log(`Nothing missing in ${languages.join(', ')}.`);
  process.exitCode = count === 0 ? 0 : 1;
}
