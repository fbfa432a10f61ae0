// The console's strings: every namespace (web/src/<folder>/locales) has the same keys in every language,
// none empty, the same {{placeholders}}; and every t('key') the console's source uses exists in English.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SITE_LANGUAGES } from '../src/i18n/i18n.ts';
import { RECIPIENT_LANGUAGES } from '../web/src/enrolment/types.ts';

const WEB_SRC = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../web/src');
const LANGUAGES = ['en', 'cy', 'pl', 'ro', 'ar'];

function keysOf(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([key, child]) => keysOf(child, prefix ? `${prefix}.${key}` : key));
}

function valueAt(tree: unknown, key: string): unknown {
  return key
    .split('.')
    .reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), tree);
}

/** The text at a key keysOf listed: a leaf, so never an object. */
function textAt(tree: unknown, key: string): string {
  const value = valueAt(tree, key);
  if (typeof value === 'string') return value;
  return value === undefined || value === null ? '' : JSON.stringify(value);
}

const namespaces = fs
  .readdirSync(WEB_SRC, { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && fs.existsSync(path.join(WEB_SRC, entry.name, 'locales')))
  .map((entry) => entry.name);

function readLocale(namespace: string, language: string): Record<string, unknown> {
  const file = path.join(WEB_SRC, namespace, 'locales', `${language}.json`);
  assert.ok(fs.existsSync(file), `${namespace}/locales/${language}.json is missing`);
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'locales' ? [] : sourceFiles(full);
    return /\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

describe('console languages', () => {
  it('has the shell namespace', () => assert.ok(namespaces.includes('app')));

  for (const namespace of namespaces) {
    const english = keysOf(readLocale(namespace, 'en')).sort();
    for (const language of LANGUAGES.slice(1)) {
      it(`${namespace}: ${language} has every key English has, none empty, same placeholders`, () => {
        const locale = readLocale(namespace, language);
        const keys = keysOf(locale).sort();
        assert.deepEqual(
          english.filter((key) => !keys.includes(key)),
          [],
          `missing in ${namespace}/${language}`,
        );
        assert.deepEqual(
          keys.filter((key) => !english.includes(key)),
          [],
          `unknown in ${namespace}/${language}`,
        );
        const placeholders = (text: string) => (text.match(/{{\w+}}/g) ?? []).sort();
        for (const key of keys) {
          const text = textAt(locale, key);
          assert.notEqual(text.trim(), '', `${namespace}/${language}:${key} is empty`);
          assert.deepEqual(placeholders(text), placeholders(textAt(readLocale(namespace, 'en'), key)), `${namespace}/${language}:${key}`);
        }
      });
    }
  }

  it('every literal key the source passes to t() exists in English', () => {
    const missing: string[] = [];
    for (const file of sourceFiles(WEB_SRC)) {
      const source = fs.readFileSync(file, 'utf8');
      // useTranslation('ns') sets the default namespace of a file; "ns:key" names another.
      const fileNamespace = /useTranslation\(\s*'([\w-]+)'/.exec(source)?.[1] ?? 'app';
      for (const match of source.matchAll(/\bt\(\s*'([\w.:-]+)'/g)) {
        const [namespace, key] = match[1]!.includes(':') ? (match[1]!.split(':') as [string, string]) : [fileNamespace, match[1]!];
        if (!namespaces.includes(namespace)) {
          missing.push(`${path.relative(WEB_SRC, file)}: namespace ${namespace} has no locales`);
          continue;
        }
        const english = readLocale(namespace, 'en');
        const value = valueAt(english, key);
        // A key may name a plural family (key_one, key_other).
        if (value === undefined && valueAt(english, `${key}_other`) === undefined)
          missing.push(`${path.relative(WEB_SRC, file)}: ${namespace}:${key}`);
      }
    }
    assert.deepEqual(missing, []);
  });

  it('names in words every audit action the server writes about a case, its photos, interviews, shares and appeals', () => {
    // The case's audit trail shows these by name; a missing label would show the raw action code.
    const SERVER_SRC = path.resolve(WEB_SRC, '../../src');
    const written = new Set<string>();
    for (const file of sourceFiles(SERVER_SRC).filter((name) => !name.endsWith('.test.ts'))) {
      for (const match of fs.readFileSync(file, 'utf8').matchAll(/action: '((?:case|photo|interview|share|appeal)\.[a-z_]+)'/g))
        written.add(match[1]!);
    }
    assert.ok(written.has('case.created') && written.has('interview.requested'), 'the server source was read');
    const labels = readLocale('cases', 'en');
    const unnamed = [...written].filter((action) => typeof valueAt(labels, `audit.actions.${action}`) !== 'string');
    assert.deepEqual(unnamed, []);
  });

  it('offers webhooks and screens every language of the public site, named in each console language', () => {
    assert.deepEqual([...RECIPIENT_LANGUAGES], [...SITE_LANGUAGES]);
    for (const language of LANGUAGES) {
      const names = valueAt(readLocale('enrolment', language), 'languages') as Record<string, string>;
      assert.deepEqual(Object.keys(names), [...SITE_LANGUAGES], `enrolment/${language}: languages`);
    }
  });
});
