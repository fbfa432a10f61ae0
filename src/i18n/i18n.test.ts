import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { negotiateLanguage, readLocale, SITE_LANGUAGES, translator } from './i18n.ts';

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

describe('languages', () => {
  const english = keysOf(readLocale('en')).sort();
  for (const language of SITE_LANGUAGES) {
    it(`${language} has every string English has, and no stray ones`, () => {
      const keys = keysOf(readLocale(language)).sort();
      assert.deepEqual(
        english.filter((key) => !keys.includes(key)),
        [],
        `missing in ${language}`,
      );
      assert.deepEqual(
        keys.filter((key) => !english.includes(key)),
        [],
        `unknown in ${language}`,
      );
      for (const key of keys) assert.notEqual(String(translator(language)(key)).trim(), '', `${language}:${key} is empty`);
    });
  }

  it('keeps the interpolation placeholders of English', () => {
    const placeholders = (text: string) => (text.match(/{{\w+}}/g) ?? []).sort();
    for (const language of SITE_LANGUAGES) {
      for (const key of english) {
        assert.deepEqual(placeholders(String(translator(language)(key))), placeholders(String(translator('en')(key))), `${language}:${key}`);
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
