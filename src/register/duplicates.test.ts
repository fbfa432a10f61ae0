// Likely duplicates of a new child: offered as the officer types, and a strong one refused on recording unless
// confirmed. On both databases.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_B_POINT, newChildCase, startTestWorld, type TestWorld } from '../../test/support/app.ts';

interface Duplicate {
  score: number;
  nameScore: number;
  strong: boolean;
  reasons: string[];
  reasonCodes: { code: string; params: Record<string, string | number> }[];
  childId: string | null;
  names: { givenNames: string; familyName: string };
  force: { code: string };
  case: { id: string } | null;
}

const REASON = { 'x-access-reason': 'Checking a child found in our area' };

describeOnEngines('likely duplicates of a new child', (engine) => {
  let world: TestWorld;
  const cases: Record<string, { id: string; childId: string }> = {};

  /** Records a child in force B (a different child from any before, as far as the request says). */
  async function record(key: string, child: Record<string, unknown>, overrides: Record<string, unknown> = {}) {
    const base = newChildCase(FORCE_B_POINT);
    const created = await asToken(world, 'force-b/investigator')('POST', '/api/v1/cases', {
      ...base,
      child: { ...base.child, ...child },
      ...overrides,
    });
    assert.equal(created.statusCode, 201, created.body);
    const view = JSON.parse(created.body) as { id: string; child?: { id: string } };
    const { rows } = await world.db.query<{ child_id: string }>('SELECT child_id FROM cases WHERE id = $1', [view.id]);
    cases[key] = { id: view.id, childId: rows[0]!.child_id };
  }

  const check = async (who: string, typed: Record<string, unknown>, headers: Record<string, string> = {}) => {
    const answer = await asToken(world, who)('POST', '/api/v1/register/likely-duplicates', typed, headers);
    assert.equal(answer.statusCode, 200, answer.body);
    return (JSON.parse(answer.body) as { items: Duplicate[] }).items;
  };

  const countChildren = async () => Number((await world.db.query<{ n: string }>('SELECT count(*) AS n FROM children')).rows[0]!.n);

  before(async () => {
    world = await startTestWorld(engine);
    await record('layla', { givenNames: 'Layla', familyName: 'Haddad', dateOfBirth: '2014-05-06', sex: 'female' });
    await record('konstantin', { givenNames: 'Константин', familyName: 'Петров', dateOfBirth: '2012-01-02', sex: 'male' });
    await record('mateo', { givenNames: 'Mateo', familyName: 'Silva', dateOfBirth: '2013-01-01', sex: 'male' });
    await record('mateoOther', { givenNames: 'Mateo', familyName: 'Silva', dateOfBirth: '2014-01-01', sex: 'male' });
    await record(
      'anastasia',
      { givenNames: 'Anastasia', familyName: 'Volkova', dateOfBirth: '2013-03-03', sex: 'female' },
      { sensitive: true },
    );
  });
  after(() => world.close());

  it('offers a child of another force by a variant spelling, with reasons for the name, the date of birth and the sex', async () => {
    const [found, ...rest] = await check('force-a/investigator', {
      givenNames: 'Leila',
      familyName: 'Hadad',
      dateOfBirth: '2014-05-06',
      sex: 'female',
    });
    assert.equal(found?.names.givenNames, 'Layla');
    assert.equal(found.force.code, 'force-b');
    assert.ok(found.reasons.includes('Same date of birth'), found.reasons.join('; '));
    assert.ok(found.reasons.includes('Same sex'), found.reasons.join('; '));
    assert.ok(found.reasons.length > 2, 'the name’s own reasons come too');
    assert.deepEqual(
      found.reasonCodes.slice(-2).map((reason) => reason.code),
      ['birth-same', 'sex-same'],
    );
    // Force A reaches no episode of her: no case to open, no child to record an episode of.
    assert.equal(found.case, null);
    assert.equal(found.childId, null);
    assert.ok(!rest.some((item) => item.names.familyName === 'Silva'), 'an unrelated name is not offered');

    const [own] = await check('force-b/investigator', {
      givenNames: 'Leila',
      familyName: 'Hadad',
      dateOfBirth: '2014-05-06',
      sex: 'female',
    });
    assert.equal(own?.childId, cases.layla!.childId);
    assert.equal(own.case?.id, cases.layla!.id);
  });

  it('ranks the same name and date of birth above the same name a year apart, and says when the sex differs', async () => {
    const found = await check('force-b/investigator', {
      givenNames: 'Mateo',
      familyName: 'Silva',
      dateOfBirth: '2013-01-01',
      sex: 'female',
    });
    const silvas = found.filter((item) => item.names.familyName === 'Silva');
    assert.deepEqual(
      silvas.map((item) => item.childId),
      [cases.mateo!.childId, cases.mateoOther!.childId],
    );
    assert.ok(silvas[0]!.score > silvas[1]!.score);
    assert.ok(silvas[0]!.reasons.includes('Recorded as male, not female'), silvas[0]!.reasons.join('; '));
    assert.equal(silvas[0]!.strong, false, 'a different sex is not a strong match');
    assert.ok(silvas[1]!.reasons.includes('Same birthday in another year'), silvas[1]!.reasons.join('; '));
    assert.ok(
      silvas[0]!.reasonCodes.some(
        (reason) => reason.code === 'sex-differs' && reason.params.recorded === 'male' && reason.params.typed === 'female',
      ),
    );

    const byAge = await check('force-b/investigator', { givenNames: 'Mateo', familyName: 'Silva', estimatedAge: 13, sex: 'male' });
    assert.ok(
      byAge.every((item) => !item.strong),
      'an estimated age is never a strong match',
    );
    assert.ok(byAge.some((item) => item.reasons.includes('Same age')));
  });

  it('leaves a sensitive child out without a reason, and offers it with one', async () => {
    const typed = { givenNames: 'Anastasia', familyName: 'Volkova', dateOfBirth: '2013-03-03', sex: 'female' };
    assert.ok(!JSON.stringify(await check('force-a/investigator', typed)).includes('Volkova'));
    const [shown] = await check('force-a/investigator', typed, REASON);
    assert.equal(shown?.names.familyName, 'Volkova');
    assert.equal(shown.strong, true);
  });

  it('audits each check with the children and cases shown, never what was typed', async () => {
    await check('force-a/approver', { givenNames: 'Leila', familyName: 'Hadad', dateOfBirth: '2014-05-06', sex: 'female' });
    const { rows } = await world.db.query<{ actor: string; details: Record<string, unknown> & { childIds: string[]; caseIds: string[] } }>(
      "SELECT actor, details FROM audit_log WHERE action = 'register.duplicate_check' ORDER BY seq DESC LIMIT 1",
    );
    assert.equal(rows[0]?.actor, 'approver@force-a.test');
    assert.ok(rows[0].details.childIds.includes(cases.layla!.childId));
    assert.ok(rows[0].details.caseIds.includes(cases.layla!.id));
    assert.deepEqual(rows[0].details.given, ['givenNames', 'familyName', 'dateOfBirth', 'sex']);
    assert.doesNotMatch(JSON.stringify(rows[0].details), /Leila|Hadad|2014-05-06/);
  });

  it('refuses to record the same child again unless confirmed, listing the candidates and writing nothing', async () => {
    const base = newChildCase(FORCE_B_POINT);
    const { confirmedNewChild: _confirmed, ...unconfirmed } = base;
    const again = {
      ...unconfirmed,
      child: { ...base.child, givenNames: 'Konstantin', familyName: 'Petrov', dateOfBirth: '2012-01-02', sex: 'male' },
    };
    const before = await countChildren();
    const refused = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', again);
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.headers['content-type'] as string, /application\/problem\+json/);
    const problem = JSON.parse(refused.body) as { type: string; candidates: Duplicate[] };
    assert.match(problem.type, /\/likely-duplicate$/);
    assert.equal(problem.candidates[0]?.names.givenNames, 'Константин');
    assert.ok(problem.candidates.every((item) => item.strong));
    assert.equal(await countChildren(), before);

    // Another date of birth is another child: no question asked.
    const other = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', {
      ...again,
      child: { ...again.child, dateOfBirth: '2012-06-02' },
    });
    assert.equal(other.statusCode, 201, other.body);

    const confirmed = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', { ...again, confirmedNewChild: true });
    assert.equal(confirmed.statusCode, 201, confirmed.body);
    const { rows } = await world.db.query<{ details: { confirmedNewChild?: boolean } }>(
      "SELECT details FROM audit_log WHERE action = 'case.created' ORDER BY seq DESC LIMIT 1",
    );
    assert.equal(rows[0]?.details.confirmedNewChild, true);
  });

  it('records a new episode of the child offered, by its id', async () => {
    const [offered] = await check('force-b/investigator', {
      givenNames: 'Layla',
      familyName: 'Haddad',
      dateOfBirth: '2014-05-06',
      sex: 'female',
    });
    assert.ok(offered?.childId);
    const { child: _child, confirmedNewChild: _confirmed, ...episode } = newChildCase(FORCE_B_POINT);
    const created = await asToken(world, 'force-b/investigator')('POST', '/api/v1/cases', { ...episode, childId: offered.childId });
    assert.equal(created.statusCode, 201, created.body);
    const view = JSON.parse(created.body) as { child: { id: string }; episodes: { total: number } };
    assert.equal(view.child.id, cases.layla!.childId);
    assert.equal(view.episodes.total, 2);
  });

  it('refuses roles without the register', async () => {
    for (const who of ['force-a/analyst', 'council-a/caseworker', 'partner/partner_admin']) {
      const answer = await asToken(world, who)('POST', '/api/v1/register/likely-duplicates', { givenNames: 'Layla', familyName: 'Haddad' });
      assert.equal(answer.statusCode, 403, `${who}: ${answer.body}`);
    }
  });
});
