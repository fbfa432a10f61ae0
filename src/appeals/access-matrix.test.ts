// Role × organisation × reach over the long-term appeal and exchange routes, on both databases. The expectations
// are written out by hand, not derived from the policy code they check. The case belongs to force A.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, newChildCase, startTestWorld, TEST_USERS, type TestUser, type TestWorld } from '../../test/support/app.ts';

const USERS = TEST_USERS;
type User = TestUser;

// Who succeeds, and who gets 404 (out of reach); everyone else gets 403.
const EXPECTED: Record<'publish' | 'read' | 'withdraw' | 'exchange', { allowed: User[]; outOfReach: User[] }> = {
  publish: { allowed: ['force-a/approver', 'national/national_coordinator'], outOfReach: ['force-b/approver'] },
  read: {
    allowed: ['force-a/investigator', 'force-a/approver', 'national/national_coordinator'],
    outOfReach: ['force-b/investigator', 'force-b/approver'],
  },
  withdraw: {
    allowed: ['force-a/investigator', 'force-a/approver', 'national/national_coordinator'],
    outOfReach: ['force-b/investigator', 'force-b/approver'],
  },
  exchange: { allowed: ['national/national_coordinator'], outOfReach: [] },
};

function expected(kind: keyof typeof EXPECTED, user: User, success: number): number {
  if (EXPECTED[kind].allowed.includes(user)) return success;
  return EXPECTED[kind].outOfReach.includes(user) ? 404 : 403;
}

async function newCase(world: TestWorld): Promise<string> {
  const created = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', newChildCase());
  assert.equal(created.statusCode, 201, created.body);
  return (JSON.parse(created.body) as { id: string }).id;
}

const publishBody = (caseId: string) => ({
  caseId,
  consent: { basis: 'local_authority', givenBy: 'Council A' },
  reviewDueOn: '2027-05-01',
  country: 'GB',
  contents: [{ language: 'en', headline: 'Missing', description: 'Missing since November.' }],
});

async function publishedAppeal(world: TestWorld): Promise<string> {
  const published = await asToken(world, 'force-a/approver')('POST', '/api/v1/long-term-appeals', publishBody(await newCase(world)));
  assert.equal(published.statusCode, 201, published.body);
  return (JSON.parse(published.body) as { id: string }).id;
}

describeOnEngines('long-term appeal and exchange access matrix', (engine) => {
  const state = {} as { world: TestWorld; appealId: string };
  before(async () => {
    state.world = await startTestWorld(engine);
    state.appealId = await publishedAppeal(state.world);
  });
  after(() => state.world.close());

  for (const user of USERS) {
    it(`${user}: publish, read, change, withdraw, exchange`, async () => {
      const as = asToken(state.world, user);
      const publish = await as('POST', '/api/v1/long-term-appeals', publishBody(await newCase(state.world)));
      assert.equal(publish.statusCode, expected('publish', user, 201), publish.body);

      const read = await as('GET', `/api/v1/long-term-appeals/${state.appealId}`);
      assert.equal(read.statusCode, expected('read', user, 200), read.body);
      const change = await as('PATCH', `/api/v1/long-term-appeals/${state.appealId}`, { version: 999, reviewDueOn: '2027-04-01' });
      // A publisher reaching the appeal passes access and is refused for the stale version.
      assert.equal(change.statusCode, expected('publish', user, 409), change.body);

      const target = EXPECTED.withdraw.allowed.includes(user) ? await publishedAppeal(state.world) : state.appealId;
      const withdraw = await as('POST', `/api/v1/long-term-appeals/${target}/withdraw`, { reason: 'consent_withdrawn' });
      assert.equal(withdraw.statusCode, expected('withdraw', user, 204), withdraw.body);

      const partners = await as('GET', '/api/v1/exchange/partners');
      assert.equal(partners.statusCode, expected('exchange', user, 200), partners.body);
      const note = await as('POST', '/api/v1/exchange/notes', { personRecordId: 'none.example/person.1', text: 'A note' });
      assert.equal(note.statusCode, expected('exchange', user, 404), note.body);
      // Staff credentials never open a partner's feed.
      assert.equal((await as('GET', '/pfif/1.4/persons')).statusCode, 401);
    });
  }
});
