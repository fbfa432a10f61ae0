import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { negotiateLanguage, readLocale, SITE_LANGUAGES, translator } from './i18n.ts';
import { compareWithEnglish, expectedKeys } from './missing-keys.ts';
import { AGE_BANDS } from '../public-site/active-appeals.ts';
import { HELPLINES } from '../public-site/helplines.ts';
import { REPORT_CATEGORIES } from '../reports/submissions.ts';

const SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every non-test TypeScript file under src/ (the console in web/ has its own locale files). */
function sourceFiles(dir = SRC): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The value at a dotted key of a locale, or undefined. */
function lookup(locale: Record<string, unknown>, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), locale);
}

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe('languages', () => {
  const english = keysOf(readLocale('en')).sort();
  for (const language of SITE_LANGUAGES) {
    it(`${language} has every string English has, and no stray ones`, () => {
      const keys = keysOf(readLocale(language)).sort();
      // Plural keys in the language's own categories (uk: _one, _few, _many, _other); list with src/i18n/missing-keys.ts.
      const { missing, stray } = compareWithEnglish(language);
      assert.deepEqual(missing, [], `missing in ${language}`);
      assert.deepEqual(stray, [], `unknown in ${language}`);
      for (const key of keys) assert.notEqual(String(translator(language)(key)).trim(), '', `${language}:${key} is empty`);
    });
  }

  it('asks each language for its own plural forms, and names what is missing or stray', () => {
    assert.deepEqual(expectedKeys('uk', ['a.b', 'n_one', 'n_other']).sort(), ['a.b', 'n_few', 'n_many', 'n_one', 'n_other']);
    assert.deepEqual(expectedKeys('pa', ['n_one', 'n_other']).sort(), ['n_one', 'n_other']);
    assert.deepEqual(expectedKeys('ar', ['n_one', 'n_other']).sort(), ['n_few', 'n_many', 'n_one', 'n_other', 'n_two', 'n_zero']);
    const english = { a: { b: 'x' }, n_one: 'one', n_other: 'many', list: ['p', 'q'] };
    assert.deepEqual(compareWithEnglish('lt', { a: { b: 'x', old: 'y' }, n_one: '1', n_other: 'n', list: ['p'] }, english), {
      missing: ['n_few', 'n_many', 'list.1'],
      stray: ['a.old'],
    });
  });

  it('keeps the interpolation placeholders of English', () => {
    const placeholders = (text: string) => (text.match(/{{\w+}}/g) ?? []).sort();
    for (const language of SITE_LANGUAGES) {
      for (const key of english) {
        assert.deepEqual(
          placeholders(String(translator(language)(key))),
          placeholders(String(translator('en')(key))),
          `${language}:${key}`,
        );
      }
    }
  });

  it('has in English every key the code asks for', () => {
    const en = readLocale('en');
    const missing: string[] = [];
    let literal = 0;
    for (const file of sourceFiles()) {
      const text = fs.readFileSync(file, 'utf8');
      // t('a.b'), t("a.b") and the prefix of t(`a.${x}.c`): a literal key must exist; a template's fixed
      // start must name a group of keys.
      for (const match of text.matchAll(/\bt\(\s*(['"])([A-Za-z0-9_.-]+)\1/g)) {
        literal++;
        if (typeof lookup(en, match[2]!) !== 'string' && !Array.isArray(lookup(en, match[2]!)))
          missing.push(`${path.relative(SRC, file)}: ${match[2]}`);
      }
      for (const match of text.matchAll(/\bt\(\s*`([A-Za-z0-9_.-]+)\.\$\{/g)) {
        const group = lookup(en, match[1]!);
        if (!group || typeof group !== 'object') missing.push(`${path.relative(SRC, file)}: ${match[1]}.*`);
      }
    }
    assert.ok(literal > 200, `only ${literal} keys found in the source: is the scan still finding them?`);
    assert.deepEqual(missing, [], 'keys used in code but missing from en.json');
  });

  it('has every key the code builds from a list', () => {
    const keys = [
      ...HELPLINES.flatMap((line) => [`helplines.${line.key}.name`, `helplines.${line.key}.what`]),
      ...REPORT_CATEGORIES.map((category) => `report.category.${category}`),
      ...AGE_BANDS.map((band) => `gallery.age.${band}`),
      ...['found', 'cancelled', 'expired'].map((reason) => `appeal.${reason}`),
    ];
    // The intake forms name their problems by key (src/reports/submissions.ts).
    const submissions = fs.readFileSync(path.join(SRC, 'reports/submissions.ts'), 'utf8');
    for (const match of submissions.matchAll(/key: '([A-Za-z]+)'/g)) keys.push(`intake.problem.${match[1]}`);
    for (const language of SITE_LANGUAGES) {
      const locale = readLocale(language);
      assert.deepEqual(
        keys.filter((key) => typeof lookup(locale, key) !== 'string'),
        [],
        `missing in ${language}`,
      );
    }
  });

  it('words every photo problem of the intake forms, which match them by their English text', () => {
    const attachments = fs.readFileSync(path.join(SRC, 'reports/attachments.ts'), 'utf8');
    const english = Object.values((readLocale('en').intake as { problem: Record<string, string> }).problem);
    const details = [...attachments.matchAll(/detail: '([^']+)'/g)].map((match) => match[1]!);
    assert.ok(details.length >= 4);
    assert.deepEqual(
      details.filter((detail) => !english.includes(detail)),
      [],
    );
  });

  it('has the support pages in every language, as lists of sections', () => {
    for (const language of SITE_LANGUAGES) {
      for (const which of ['runningAway', 'families']) {
        const sections = translator(language)(`support.${which}.sections`, { returnObjects: true }) as unknown;
        assert.ok(Array.isArray(sections) && sections.length >= 4, `${language}: support.${which}.sections`);
      }
    }
  });

  it('negotiates from Accept-Language with quality values and primary subtags', () => {
    assert.equal(negotiateLanguage('cy-GB,cy;q=0.9,en;q=0.5', ['en', 'cy']), 'cy');
    assert.equal(negotiateLanguage('fr-FR, de;q=0.8', ['en', 'cy']), 'en');
    assert.equal(negotiateLanguage('pl;q=0.2, ro;q=0.9', ['en', 'pl', 'ro']), 'ro');
    assert.equal(negotiateLanguage(undefined, ['cy', 'en']), 'cy');
    assert.equal(negotiateLanguage('ar;q=0', ['en', 'ar']), 'en');
  });
});
