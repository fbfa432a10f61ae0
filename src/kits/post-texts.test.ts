// Ready-made posts always fit each network, counted as that network counts, in every site language and with
// adversarial names and texts (longest names, combining marks, emoji, scripts X counts double); the call and
// the link are always whole; what is cut is cut at a whole grapheme.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { SITE_LANGUAGES, translator } from '../i18n/i18n.ts';
import { composePost, graphemes, NETWORK_RULES, NETWORKS, type PostParts } from './post-texts.ts';

const URL = 'https://alerts.example.org/missing/0123456789ab?lang=en';

const NAMES = [
  'Amelia Testcase',
  // The longest names people have, and longer.
  'Hubert Blaine Wolfeschlegelsteinhausenbergerdorff '.repeat(6).trim(),
  // Combining marks stacked on letters: cut only between whole graphemes.
  'Zoe\u0301\u0301\u0301 '.repeat(60).trim(),
  // Emoji sequences (X counts each as 2; we count each code point as 2: never shorter than X's count).
  '👩‍👩‍👧‍👦 Family '.repeat(40).trim(),
  // CJK, which X counts double.
  '李小龍'.repeat(90),
  // Scripts of the site, long.
  'أميليا تستكيس '.repeat(30).trim(),
  'ਅਮੇਲੀਆ ਟੈਸਟਕੇਸ '.repeat(30).trim(),
  'আমেলিয়া টেস্টকেস '.repeat(30).trim(),
];

function parts(language: string, name: string): PostParts {
  const t = translator(language);
  return {
    headline: `${name}: ${t('poster.missing')}`.slice(0, 200),
    facts: `${name}. ${t('longTerm.missingSince', { date: '3 November 2026' })}. ${t('longTerm.ageWhenMissing', { age: 13 })}.`,
    description: `${name} `.repeat(100).slice(0, 3000),
    call: t('kit.call'),
    url: URL.replace('lang=en', `lang=${language}`),
  };
}

describe('post texts', () => {
  it('fit every network in every language, with the call and the link whole, for adversarial names', () => {
    for (const language of SITE_LANGUAGES) {
      for (const name of NAMES) {
        const given = parts(language, name);
        for (const network of NETWORKS) {
          const rule = NETWORK_RULES[network];
          const text = composePost(network, given);
          const length = rule.count(text, given.url);
          assert.ok(length <= rule.limit, `${network} ${language} ${name.slice(0, 20)}: ${length} > ${rule.limit}`);
          assert.ok(text.endsWith(`${given.call}\n\n${given.url}`), `${network} ${language}: the call and the link end the post whole`);
          // Whatever was cut ends at a grapheme boundary: the text splits into the same graphemes.
          assert.equal(graphemes(text).join(''), text);
        }
      }
    }
  });

  it('counts a link as 23 on X and Mastodon, and graphemes on Bluesky', () => {
    const long = `https://alerts.example.org/${'x'.repeat(200)}`;
    assert.equal(NETWORK_RULES.x.count(`Hello ${long}`, long), 6 + 23);
    assert.equal(NETWORK_RULES.x.count('李', ''), 2);
    assert.equal(NETWORK_RULES.x.count('ł', ''), 1);
    assert.equal(NETWORK_RULES.mastodon.count(`Hello ${long}`, long), 6 + 23);
    const local = `http://localhost:8080/${'x'.repeat(40)}`;
    assert.equal(NETWORK_RULES.x.count(`Hello ${local}`, local), 6 + local.length, 'an address X does not take for a link counts as text');
    assert.equal(NETWORK_RULES.bluesky.count('Zoe\u0301 👩‍👩‍👧‍👦', ''), 5);
  });

  it('keeps a short appeal whole, and gives way in order: description, headline, then facts', () => {
    const short = {
      headline: 'Missing: Amelia',
      facts: 'Amelia. Age 13.',
      description: 'Last seen in town.',
      call: 'Call 116 000.',
      url: URL,
    };
    assert.equal(composePost('facebook', short), 'Missing: Amelia\n\nAmelia. Age 13.\n\nLast seen in town.\n\nCall 116 000.\n\n' + URL);
    assert.equal(composePost('x', short), 'Missing: Amelia\n\nAmelia. Age 13.\n\nCall 116 000.\n\n' + URL, 'no description on X');
    const long = { ...short, headline: 'H'.repeat(200), facts: `Amelia ${'F'.repeat(150)}` };
    const x = composePost('x', long);
    assert.ok(x.includes(long.facts), 'the facts (with the name) are kept whole while the headline gives way');
    assert.match(x, /^H+…\n\n/);
  });
});
