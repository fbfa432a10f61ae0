// The national register: children found by name across forces, scripts and spellings, with the keys kept
// current as names change and indexed at start-up for children recorded before. On both databases.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_B_POINT, newChildCase, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { indexStaleChildNames } from '../cases/name-index.ts';
import { KEYS_VERSION, nameKeys } from './names/index.ts';

interface KeyRow {
  name_kind: string;
  name: string;
  keys: string[];
  keys_version: number;
}

async function keyRows(world: TestWorld, childId: string): Promise<KeyRow[]> {
  const { rows } = await world.db.query<KeyRow>(
    'SELECT name_kind, name, keys, keys_version FROM child_name_keys WHERE child_id = $1 ORDER BY name_kind, name',
    [childId],
  );
  return rows;
}

async function childOfCase(world: TestWorld, caseId: string): Promise<string> {
  const { rows } = await world.db.query<{ child_id: string }>('SELECT child_id FROM cases WHERE id = $1', [caseId]);
  return rows[0]!.child_id;
}

async function createCase(world: TestWorld, who: string, child: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
  const base = newChildCase(FORCE_B_POINT);
  const created = await asToken(world, who)('POST', '/api/v1/cases', { ...base, child: { ...base.child, ...child }, ...overrides });
  assert.equal(created.statusCode, 201, created.body);
  return JSON.parse(created.body) as { id: string; version: number };
}

async function formsOf(world: TestWorld, latin: string): Promise<number> {
  const { rows } = await world.db.query<{ n: number }>('SELECT count(*)::int AS n FROM name_forms WHERE name_latin = $1', [latin]);
  return rows[0]!.n;
}

async function hasWord(world: TestWorld, word: string): Promise<boolean> {
  const { rows } = await world.db.query('SELECT 1 FROM name_words WHERE word = $1', [word]);
  return rows.length === 1;
}

/** Two children written the same way share one form; the form and its own words go once neither has it. */
async function formsFollowNames(world: TestWorld): Promise<void> {
  const rename = async (created: { id: string; version: number }, givenNames: string) => {
    const patched = await asToken(world, 'force-b/investigator')('PATCH', `/api/v1/cases/${created.id}`, {
      version: created.version,
      child: { givenNames },
    });
    assert.equal(patched.statusCode, 200, patched.body);
  };
  const first = await createCase(world, 'force-b/investigator', { givenNames: 'Quillon', familyName: 'Zarembski' });
  const second = await createCase(world, 'force-b/investigator', { givenNames: 'Quillon', familyName: 'Zarembski' });
  assert.equal(await formsOf(world, 'quillon zarembski'), 1);
  assert.ok((await hasWord(world, 'quillon')) && (await hasWord(world, 'zarembski')));

  await rename(first, 'Quillan');
  assert.equal(await formsOf(world, 'quillon zarembski'), 1, 'the other child is still written so');
  assert.equal(await formsOf(world, 'quillan zarembski'), 1);

  await rename(second, 'Quillam');
  assert.equal(await formsOf(world, 'quillon zarembski'), 0);
  assert.equal(await hasWord(world, 'quillon'), false);
  assert.ok((await hasWord(world, 'quillam')) && (await hasWord(world, 'zarembski')));
}

describeOnEngines('the register keeps name keys current', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());

  it('writes keys for each name of a new child and rewrites them when the names change', async () => {
    const created = await createCase(world, 'force-b/investigator', {
      givenNames: 'Konstantin',
      familyName: 'Petrov',
      aliases: ['Kostya'],
    });
    const childId = await childOfCase(world, created.id);
    const first = await keyRows(world, childId);
    assert.deepEqual(
      first.map((row) => [row.name_kind, row.name]),
      [
        ['alias', 'Kostya'],
        ['full_name', 'Konstantin Petrov'],
      ],
    );
    assert.ok(first.every((row) => row.keys_version === KEYS_VERSION && row.keys.length > 0));

    const patched = await asToken(world, 'force-b/investigator')('PATCH', `/api/v1/cases/${created.id}`, {
      version: created.version,
      child: { givenNames: 'Mansur', knownAs: 'Manny', aliases: [] },
    });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.deepEqual(
      (await keyRows(world, childId)).map((row) => [row.name_kind, row.name]),
      [
        ['full_name', 'Mansur Petrov'],
        ['known_as', 'Manny'],
      ],
    );
  });

  it('keeps one form for names written alike, and forgets a form and its words once no name has them', () => formsFollowNames(world));

  it('indexes at start-up the children without keys or with keys of an older version', async () => {
    const missing = await childOfCase(
      world,
      (await createCase(world, 'force-b/investigator', { givenNames: 'Zofia', familyName: 'Nowak' })).id,
    );
    const stale = await childOfCase(
      world,
      (await createCase(world, 'force-b/investigator', { givenNames: 'Layla', familyName: 'Haddad' })).id,
    );
    await world.db.query('DELETE FROM child_name_keys WHERE child_id = $1', [missing]);
    await world.db.query('UPDATE child_name_keys SET keys_version = $2, keys = $3 WHERE child_id = $1', [
      stale,
      KEYS_VERSION - 1,
      ['w:old'],
    ]);

    assert.equal(await indexStaleChildNames(world.db, 1), 2);
    assert.deepEqual(
      (await keyRows(world, missing)).map((row) => [row.name, row.keys_version]),
      [['Zofia Nowak', KEYS_VERSION]],
    );
    const restored = await keyRows(world, stale);
    assert.ok(restored.every((row) => row.keys_version === KEYS_VERSION && !row.keys.includes('w:old')));
    assert.equal(await indexStaleChildNames(world.db), 0);
  });
});

interface Found {
  items: {
    matchedName: string;
    score: number;
    reasons: string[];
    reasonCodes: { code: string; params: Record<string, string | number> }[];
    names: { givenNames: string; familyName: string };
    force: { code: string; name: string; contact: { desk: string | null; phone: string | null; email: string | null } };
    case: { id: string; reference: string; url: string } | null;
    photoUrl: string | null;
  }[];
}

const REASON = { 'x-access-reason': 'Checking a child found in our area' };

describeOnEngines('the register searched by name across forces', (engine) => {
  let world: TestWorld;
  const ids: Record<string, string> = {};
  const search = async (who: string, params: Record<string, string>, headers: Record<string, string> = {}) => {
    const answer = await asToken(world, who)(
      'GET',
      `/api/v1/register/children?${new URLSearchParams(params).toString()}`,
      undefined,
      headers,
    );
    assert.equal(answer.statusCode, 200, answer.body);
    return (JSON.parse(answer.body) as Found).items;
  };

  before(async () => {
    world = await startTestWorld(engine);
    const children: [string, string, string, Record<string, unknown>?][] = [
      ['layla', 'Layla', 'Haddad'],
      ['konstantin', 'Константин', 'Петров'],
      ['zofia', 'Zofia', 'Nowak'],
      ['oliver', 'Oliver', 'Brown'],
      ['bartholomew', 'Bartholomew', 'Whitfield'],
      ['anastasia', 'Anastasia', 'Volkova', { sensitive: true }],
    ];
    for (const [key, givenNames, familyName, overrides] of children)
      ids[key] = (await createCase(world, 'force-b/investigator', { givenNames, familyName }, overrides)).id;
  });
  after(() => world.close());

  it('finds another force’s child by a variant spelling, another script and swapped names, with reasons', async () => {
    const variant = await search('force-a/investigator', { name: 'Leila Hadad' });
    assert.equal(variant[0]?.names.givenNames, 'Layla');
    assert.deepEqual(variant[0].force, { code: 'force-b', name: 'Force B Police', contact: { desk: null, phone: null, email: null } });
    assert.ok(variant[0].reasons.length > 0);
    assert.ok(!variant.some((item) => item.names.givenNames === 'Oliver'), 'an unrelated name is not offered');

    const script = await search('force-a/investigator', { name: 'Konstantin Petrov' });
    assert.equal(script[0]?.matchedName, 'Константин Петров');
    assert.ok(script[0].reasons.length > 0);
    // The same reasons as codes with their words, in the same order, for a console to say in its own language.
    assert.equal(script[0].reasonCodes.length, script[0].reasons.length);
    assert.deepEqual(script[0].reasonCodes[0], { code: 'name-script', params: { query: 'Konstantin', candidate: 'Константин' } });

    const swapped = await search('force-a/investigator', { name: 'Nowak Zofia' });
    assert.equal(swapped[0]?.matchedName, 'Zofia Nowak');
    assert.ok(
      swapped[0].reasons.some((reason) => /other order/.test(reason)),
      swapped[0].reasons.join('; '),
    );
    assert.deepEqual(swapped[0].reasonCodes.at(-1), { code: 'names-swapped', params: {} });
  });

  it('finds a name whose slips change every key by trigrams alone, after the names sharing a key', async () => {
    const misspelt = 'Batrholomew Wihtfield';
    const stored = new Set(nameKeys('Bartholomew Whitfield').keys);
    assert.ok(!nameKeys(misspelt).keys.some((key) => stored.has(key)), 'the misspelling shares no key');
    const found = await search('force-a/investigator', { name: misspelt });
    assert.equal(found[0]?.matchedName, 'Bartholomew Whitfield');
  });

  it('ranks the true variant above an unrelated name', async () => {
    const found = await search('force-b/investigator', { name: 'Olivia Browne' });
    const ranked = await search('force-b/investigator', { name: 'Layla Hadad' });
    assert.equal(ranked[0]?.names.givenNames, 'Layla');
    const oliver = found.find((item) => item.names.givenNames === 'Oliver');
    if (oliver) assert.ok(ranked[0].score > oliver.score);
  });

  it('links the case and photo only where the searcher reaches it, and otherwise says whom to contact', async () => {
    const contact = { desk: 'Missing Persons Unit (24 hours)', phone: '01632 960202', email: 'mpu@force-b.test' };
    const set = await asToken(world, 'national/administrator')('PATCH', '/api/v1/organisations/force-b', { contact });
    assert.equal(set.statusCode, 200, set.body);
    const [elsewhere] = await search('force-a/investigator', { name: 'Layla Haddad' });
    assert.equal(elsewhere?.case, null);
    assert.equal(elsewhere.photoUrl, null);
    assert.deepEqual(elsewhere.force, { code: 'force-b', name: 'Force B Police', contact });
    const [own] = await search('force-b/investigator', { name: 'Layla Haddad' });
    assert.equal(own?.case?.id, ids.layla);
    const [national] = await search('national/national_coordinator', { name: 'Layla Haddad' });
    assert.equal(national?.case?.id, ids.layla);
  });

  it('leaves a sensitive child out of a name search without a reason, and shows it with one', async () => {
    const without = await search('force-a/investigator', { name: 'Anastasia Volkova' });
    assert.ok(!JSON.stringify(without).includes('Volkova'));
    const withReason = await search('force-a/investigator', { name: 'Anastasia Volkova' }, REASON);
    assert.equal(withReason[0]?.names.familyName, 'Volkova');
  });

  it('refuses roles without the permission', async () => {
    for (const who of ['force-a/analyst', 'force-a/administrator', 'council-a/caseworker', 'charity/caseworker', 'partner/partner_admin']) {
      const answer = await asToken(world, who)('GET', '/api/v1/register/children?name=Layla');
      assert.equal(answer.statusCode, 403, `${who}: ${answer.body}`);
    }
  });

  it('audits each search with how many results and which cases, never the name searched for', async () => {
    await search('force-a/approver', { name: 'Zofia Nowak', sex: 'female' });
    const { rows } = await world.db.query<{
      actor: string;
      details: { results: number; caseIds: string[]; filters: Record<string, unknown> };
    }>("SELECT actor, details FROM audit_log WHERE action = 'register.search' ORDER BY seq DESC LIMIT 1");
    assert.equal(rows[0]?.actor, 'approver@force-a.test');
    assert.equal(rows[0].details.results, rows[0].details.caseIds.length);
    assert.ok(rows[0].details.caseIds.includes(ids.zofia!));
    assert.deepEqual(rows[0].details.filters, { sex: 'female', name: 'given' });
  });

  it('appears in the OpenAPI document', async () => {
    const answer = await world.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    assert.equal(answer.statusCode, 200);
    assert.ok((JSON.parse(answer.body) as { paths: Record<string, unknown> }).paths['/api/v1/register/children']);
  });
});
