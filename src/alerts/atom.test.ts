import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { XMLParser } from 'fast-xml-parser';
import { checkWellFormed } from '../../test/support/xmllint.ts';
import { ATOM_NAMESPACE, atomFeed, type AtomFeedInput } from './atom.ts';

const feed: AtomFeedInput = {
  id: 'https://forgetmenot.example/feeds/alerts.atom',
  title: 'Forget-me-not: Child Rescue Alerts',
  subtitle: 'Current alerts & appeals',
  selfUrl: 'https://forgetmenot.example/feeds/alerts.atom',
  htmlUrl: 'https://forgetmenot.example/alerts',
  updated: new Date('2026-11-23T04:15:00Z'),
  author: { name: 'Forget-me-not', uri: 'https://forgetmenot.example/' },
  language: 'en-GB',
  entries: [
    {
      id: 'urn:uuid:6f1c1f7e-5a0e-4c59-9d3b-0d3c2a1e4b42',
      title: 'Child Rescue Alert: Amy Smith, 7, missing from Leeds',
      updated: new Date('2026-11-23T04:15:00Z'),
      published: new Date('2026-11-23T03:00:00Z'),
      summary: 'Amy was last seen on Briggate <Leeds> at 01:30 & may be in a silver Ford Focus. Call 999.',
      link: 'https://forgetmenot.example/appeals/amy',
      capUrl: 'https://forgetmenot.example/cap/FMN-2026-0042-2.xml',
      category: 'Update',
    },
    {
      id: 'urn:uuid:0b7e9a9c-51a4-4b5e-8a51-1f6f1b0e2c11',
      title: 'Rhybudd Achub Plentyn: Amy Smith, 7, ar goll o Leeds — ŵ ŷ',
      updated: new Date('2026-11-23T04:15:00Z'),
      summary: 'Os gwelwch Amy, ffoniwch 999.',
      link: 'https://forgetmenot.example/cy/appeals/amy',
      capUrl: 'https://forgetmenot.example/cap/FMN-2026-0042-2.xml',
      language: 'cy',
    },
  ],
};

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => name === 'entry' || name === 'link',
});

function parseFeed(xml: string): Node {
  const result = checkWellFormed(xml);
  assert.equal(result.valid, true, `not well-formed:\n${result.errors}\n${xml}`);
  return (parser.parse(xml) as { feed: Node }).feed;
}

describe('atomFeed', () => {
  it('writes a well-formed Atom feed that reads back', () => {
    const parsed = parseFeed(atomFeed(feed));
    assert.equal(parsed['@xmlns'], ATOM_NAMESPACE);
    assert.equal(parsed['@xml:lang'], 'en-GB');
    assert.equal(parsed.id, feed.id);
    assert.equal(parsed.title, feed.title);
    assert.equal(parsed.subtitle, 'Current alerts & appeals');
    assert.equal(parsed.updated, '2026-11-23T04:15:00.000Z');
    assert.deepEqual(parsed.author, { name: 'Forget-me-not', uri: 'https://forgetmenot.example/' });
    assert.deepEqual(parsed.link, [
      { '@rel': 'self', '@type': 'application/atom+xml', '@href': feed.selfUrl },
      { '@rel': 'alternate', '@type': 'text/html', '@href': feed.htmlUrl },
    ]);
  });

  it('links each entry to its appeal page and its CAP message', () => {
    const entries = parseFeed(atomFeed(feed)).entry as Node[];
    assert.equal(entries.length, 2);
    const [english, welsh] = entries as [Node, Node];
    assert.equal(english.id, 'urn:uuid:6f1c1f7e-5a0e-4c59-9d3b-0d3c2a1e4b42');
    assert.equal(english.updated, '2026-11-23T04:15:00.000Z');
    assert.equal(english.published, '2026-11-23T03:00:00.000Z');
    assert.deepEqual(english.link, [
      { '@rel': 'alternate', '@type': 'text/html', '@href': 'https://forgetmenot.example/appeals/amy' },
      { '@rel': 'alternate', '@type': 'application/cap+xml', '@href': 'https://forgetmenot.example/cap/FMN-2026-0042-2.xml' },
    ]);
    assert.deepEqual(english.category, { '@term': 'Update' });
    assert.deepEqual(english.summary, { '#text': feed.entries[0]?.summary, '@type': 'text' });
    assert.equal(welsh['@xml:lang'], 'cy');
    assert.equal(welsh.title, feed.entries[1]?.title);
  });

  it('escapes markup in text', () => {
    const xml = atomFeed(feed);
    assert.ok(xml.includes('Briggate &lt;Leeds&gt; at 01:30 &amp; may be'));
  });

  it('writes a valid feed with no entries', () => {
    const parsed = parseFeed(atomFeed({ ...feed, entries: [] }));
    assert.equal(parsed.entry, undefined);
    assert.equal(parsed.id, feed.id);
  });

  it('refuses a relative link', () => {
    const entries = [{ ...feed.entries[0]!, capUrl: '/cap/FMN-1.xml' }];
    assert.throws(() => atomFeed({ ...feed, entries }), /entries\[0\]\.capUrl: must be an absolute IRI/);
  });

  it('refuses a feed without an id or title', () => {
    assert.throws(() => atomFeed({ ...feed, id: '' }), /feed id: is required/);
    assert.throws(() => atomFeed({ ...feed, title: ' ' }), /feed title: is required/);
  });

  it('refuses two entries with the same id', () => {
    const entries = [feed.entries[0]!, { ...feed.entries[1]!, id: feed.entries[0]!.id }];
    assert.throws(() => atomFeed({ ...feed, entries }), /entries\[1\]\.id: repeats/);
  });

  it('refuses an invalid date and a bad language tag', () => {
    assert.throws(() => atomFeed({ ...feed, updated: new Date('x') }), /feed updated: must be a valid Date/);
    assert.throws(() => atomFeed({ ...feed, entries: [{ ...feed.entries[0]!, language: 'en_GB' }] }), /language: not a language tag/);
  });

  it('refuses a character XML cannot carry', () => {
    assert.throws(() => atomFeed({ ...feed, title: 'bell \u0007' }), /feed title: contains a character XML cannot carry/);
  });
});
