// Name matching word by word and name by name: accents, scripts, sounds, diminutives and other languages'
// forms, typing slips, swapped names, and names that only look alike ranking below true variants.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { NAME_GROUPS, parseGroup } from './groups/index.ts';
import { nameKeys, rankNames, scoreNameMatch, type ReasonKind } from './index.ts';

function kindsOf(query: string, candidate: string): ReasonKind[] {
  return scoreNameMatch(query, candidate).reasons.map((reason) => reason.kind);
}

function assertMatch(query: string, candidate: string, kind: ReasonKind, minimum: number): void {
  const match = scoreNameMatch(query, candidate);
  assert.ok(match.score >= minimum, `${query} / ${candidate}: ${match.score} < ${minimum}`);
  assert.ok(
    match.reasons.some((reason) => reason.kind === kind),
    `${query} / ${candidate}: ${JSON.stringify(match.reasons)}`,
  );
}

describe('accents', () => {
  it('treats a name with and without its accents as the same name', () => {
    for (const [query, candidate] of [
      ['Siobhán', 'Siobhan'],
      ['Łukasz', 'Lukasz'],
      ['Ştefan', 'Stefan'],
      ['Ștefan', 'Ştefan'],
      ['Hüseyin', 'Huseyin'],
      ['Zoë', 'Zoe'],
    ] as const) {
      assertMatch(query, candidate, 'accents', 0.95);
    }
  });

  it('reads letters such as š and ş as the sounds they stand for', () => {
    assertMatch('Ševčenko', 'Shevchenko', 'phonetic', 0.85);
    assertMatch('Ayşe', 'Ayshe', 'phonetic', 0.85);
  });
});

describe('scripts', () => {
  it('finds a name written in another script', () => {
    const pairs = [
      ['Konstantin', 'Константин'],
      ['Oleksandr', 'Олександр'],
      ['Mansur', 'منصور'],
      ['Layla', 'ليلى'],
      ['Yusuf', 'يوسف'],
      ['Georgios', 'Γεώργιος'],
      ['Papadopoulos', 'Παπαδόπουλος'],
      ['Harpreet', 'ਹਰਪ੍ਰੀਤ'],
      ['Singh', 'ਸਿੰਘ'],
      ['Rahim', 'রহিম'],
      ['Cohen', 'כהן'],
    ] as const;
    for (const [query, candidate] of pairs) {
      assertMatch(query, candidate, 'script', 0.8);
      assertMatch(candidate, query, 'script', 0.8);
    }
  });

  it('splits a Chinese name into family and given names', () => {
    const match = scoreNameMatch('李小龍', 'Li Xiaolong');
    assert.ok(match.score > 0.95);
    assert.deepEqual(
      match.reasons.map((reason) => reason.candidate),
      ['Li', 'Xiaolong'],
    );
  });

  it('compares Arabic-script names by their consonants when they are in no list', () => {
    assertMatch('كريمة', 'Karima', 'script', 0.8);
  });
});

describe('sounds and spellings', () => {
  it('matches the spellings of Muhammad with one another and not with Michael', () => {
    const spellings = ['Muhammad', 'Mohammed', 'Mohamed', 'Mohammad', 'Mohd', 'Muhammed', 'Mehmet'];
    for (const query of spellings)
      for (const candidate of spellings) assert.ok(scoreNameMatch(query, candidate).score >= 0.9, `${query} / ${candidate}`);
    assert.equal(scoreNameMatch('Mohammed', 'Michael').score, 0);
  });

  it('matches spellings that sound alike even when no list holds them', () => {
    assertMatch('Schewtschenko', 'Shevchenko', 'phonetic', 0.85);
    assertMatch('Kristofer', 'Christopher', 'phonetic', 0.7);
  });
});

describe('diminutives and other languages', () => {
  it('says which name is the diminutive of which', () => {
    const [reason] = scoreNameMatch('Sasha', 'Aleksandr').reasons;
    assert.ok(reason);
    assert.equal(reason.kind, 'diminutive');
    assert.match(reason.text, /“Sasha” is a diminutive of “Aleksandr”/);
    assertMatch('Zosia', 'Sophia', 'diminutive', 0.85);
    assertMatch('Kasia', 'Katarzyna', 'diminutive', 0.85);
  });

  it('matches forms of one name across languages and scripts', () => {
    const pairs = [
      ['Zofia', 'Sophia'],
      ['Layla', 'Leila'],
      ['Joseph', 'Yusuf'],
      ['Józef', 'Youssef'],
      ['Hatice', 'Khadija'],
      ['Alexander', 'Iskandar'],
      ['Siobhán', 'Joan'],
    ] as const;
    for (const [query, candidate] of pairs) assertMatch(query, candidate, 'equivalent', 0.9);
    assertMatch('Konstantin', 'Κωνσταντίνος', 'script', 0.9);
    assertMatch('Joseph', 'يوسف', 'script', 0.9);
  });
});

describe('typing slips and word order', () => {
  it('calls a slip of one letter a typo', () => {
    assertMatch('Jonh Smith', 'John Smith', 'typo', 0.9);
    assertMatch('Jnathan', 'Jonathan', 'typo', 0.8);
    assertMatch('Katarzya', 'Katarzyna', 'typo', 0.8);
  });

  it('finds given and family names in either order, and says so', () => {
    const match = scoreNameMatch('Kowalski Łukasz', 'Łukasz Kowalski');
    assert.ok(match.score > 0.9);
    assert.ok(match.reasons.some((reason) => reason.kind === 'swapped'));
    assert.ok(!kindsOf('Łukasz Kowalski', 'Lukasz Kowalski').includes('swapped'));
    assert.ok(kindsOf('Farah Abdi', 'Abdi Farah').includes('swapped'));
  });

  it('joins name parts written apart: Abd al-Rahman, Ó Briain', () => {
    assert.ok(scoreNameMatch('Abdul Rahman', 'Abdurrahman').score > 0.9);
    assert.ok(scoreNameMatch('Abd al-Rahman', 'Abdirahman').score > 0.9);
    assert.ok(scoreNameMatch('Ó Briain', "O'Brien").score > 0.7);
  });
});

describe('ranking', () => {
  it('ranks true variants above names that only look alike', () => {
    const ranked = rankNames('Mohammed', ['Michael', 'Mahmoud', 'Muhammad', 'Mohamed', 'Hamid'], (name) => name, { minimum: 0 });
    assert.deepEqual(
      ranked
        .slice(0, 2)
        .map((entry) => entry.item)
        .sort(),
      ['Mohamed', 'Muhammad'],
    );
    assert.ok(!ranked.some((entry) => entry.item === 'Michael' && entry.score > 0));
  });

  it('puts Sophia’s other forms above Sonia, a diminutive, and Sonia above unrelated names', () => {
    const ranked = rankNames('Sophia', ['Sabina', 'Sonia', 'Zofia', 'Sofiya', 'Stella', 'Sophie'], (name) => name, { minimum: 0.01 });
    assert.deepEqual(
      ranked.map((entry) => entry.item),
      ['Zofia', 'Sofiya', 'Sophie', 'Sonia'],
    );
  });

  it('ranks a whole-name match above one word matching', () => {
    const ranked = rankNames('Layla Hussain', ['Layla Smith', 'Leila Hussein', 'Hussain Ahmed'], (name) => name);
    assert.equal(ranked[0]?.item, 'Leila Hussein');
  });

  it('scores nothing against an empty name', () => {
    assert.deepEqual(scoreNameMatch('', 'Sophia'), { score: 0, reasons: [] });
    assert.deepEqual(scoreNameMatch('Sophia', '-'), { score: 0, reasons: [] });
  });
});

describe('keys for the database', () => {
  it('gives a name in any script the keys its variants share', () => {
    const shared = (a: string, b: string): string[] => nameKeys(a).keys.filter((key) => nameKeys(b).keys.includes(key));
    assert.ok(shared('Konstantin', 'Константин').includes('w:konstantin'));
    assert.ok(shared('Mansur', 'منصور').includes('k:mnsr'));
    assert.ok(shared('Zosia', 'Sophia').includes('g:sophia'));
    assert.ok(shared('Mohd', 'Muhammad').includes('g:muhammad'));
    assert.deepEqual(nameKeys('Łukasz Kowalski').latin, 'lukasz kowalski');
  });
});

describe('the lists', () => {
  it('gives every group its own identifier and at least one full form', () => {
    const ids = NAME_GROUPS.map((group) => group.id);
    assert.equal(new Set(ids).size, ids.length, ids.filter((id, index) => ids.indexOf(id) !== index).join(', '));
    assert.ok(NAME_GROUPS.every((group) => group.full.length > 0));
    assert.ok(NAME_GROUPS.length >= 200, `${NAME_GROUPS.length} groups`);
  });

  it('refuses a malformed line', () => {
    assert.throws(() => parseGroup('Alexander, Sasha'), /Malformed/);
    assert.deepEqual(parseGroup('olga: Olga, Olha | Olya'), { id: 'olga', full: ['Olga', 'Olha'], diminutives: ['Olya'] });
  });
});
