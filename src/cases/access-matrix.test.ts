// Role × organisation × jurisdiction over every case route, allowed and denied, on both databases.
// The expectations are written out by hand, not derived from the policy code they check.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, newChildCase, startTestWorld, TEST_USERS, type TestUser, type TestWorld } from '../../test/support/app.ts';
import { multipartPhoto } from '../../test/support/images.ts';
import { uploadCasePhoto } from '../../test/support/alerts.ts';

const USERS = TEST_USERS;
type User = TestUser;

// The case under test belongs to force A, lies in area A, and is shared with council A.
// A share never reaches the whole case: the agency reads the fields shared through /api/v1/shared-cases.
// For each kind of access: who succeeds, and who gets 404 (out of reach: the case's existence is not revealed).
// Everyone else gets 403 (the role does not allow the action at all).
const EXPECTED: Record<string, { allowed: User[]; outOfReach: User[] }> = {
  read: {
    allowed: ['force-a/investigator', 'force-a/approver', 'national/national_coordinator'],
    outOfReach: ['force-b/investigator', 'force-b/approver'],
  },
  // The shared fields of the case: its recipients only (council A; force B once shared with it, see below).
  sharedRead: {
    allowed: ['council-a/caseworker'],
    outOfReach: ['force-a/investigator', 'force-a/approver', 'force-b/investigator', 'force-b/approver', 'charity/caseworker'],
  },
  // Return interviews of the case (closed in the matrix's own case): the police who reach it, and council A.
  interviewRead: {
    allowed: ['force-a/investigator', 'force-a/approver', 'national/national_coordinator', 'council-a/caseworker'],
    outOfReach: ['force-b/investigator', 'force-b/approver', 'charity/caseworker'],
  },
  register: {
    allowed: [
      'force-a/approver',
      'force-b/approver',
      'national/national_coordinator',
      'force-a/administrator',
      'force-b/administrator',
      'national/administrator',
    ],
    outOfReach: [],
  },
  write: {
    allowed: ['force-a/investigator', 'force-a/approver', 'national/national_coordinator'],
    outOfReach: ['force-b/investigator', 'force-b/approver'],
  },
  share: { allowed: ['force-a/approver', 'national/national_coordinator'], outOfReach: ['force-b/approver'] },
  audit: {
    allowed: ['force-a/approver', 'national/national_coordinator', 'force-a/administrator', 'national/administrator'],
    outOfReach: ['force-b/approver', 'force-b/administrator'],
  },
  create: {
    allowed: ['force-a/investigator', 'force-a/approver', 'force-b/investigator', 'force-b/approver', 'national/national_coordinator'],
    outOfReach: [],
  },
  // Starting a new episode from the last one's answers: those who record cases and reach an episode of the child.
  nextEpisode: {
    allowed: ['force-a/investigator', 'force-a/approver', 'national/national_coordinator'],
    outOfReach: ['force-b/investigator', 'force-b/approver'],
  },
  // The repeat-missing list: the police and the local authority (their areas), the national centre.
  repeatList: {
    allowed: [
      'force-a/investigator',
      'force-a/approver',
      'force-b/investigator',
      'force-b/approver',
      'national/national_coordinator',
      'council-a/caseworker',
    ],
    outOfReach: [],
  },
};

function expectedStatus(kind: keyof typeof EXPECTED, user: User, success: number): number {
  const rule = EXPECTED[kind]!;
  if (rule.allowed.includes(user)) return success;
  if (rule.outOfReach.includes(user)) return 404;
  return 403;
}

const photoBytes = () =>
  sharp({ create: { width: 64, height: 64, channels: 3, background: '#a0522d' } })
    .jpeg()
    .toBuffer();

describeOnEngines('case access matrix', (engine) => {
  {
    let world: TestWorld;
    let caseId: string;
    let photoId: string;
    let closedCaseId: string;
    let interviewId: string;

    const owner = () => asToken(world, 'force-a/investigator');
    const versionOf = async () => (JSON.parse((await owner()('GET', `/api/v1/cases/${caseId}`)).body) as { version: number }).version;
    const freshCase = async () => (JSON.parse((await owner()('POST', '/api/v1/cases', newChildCase())).body) as { id: string }).id;

    before(async () => {
      world = await startTestWorld(engine);
      caseId = await freshCase();
      const share = await asToken(world, 'force-a/approver')('POST', `/api/v1/cases/${caseId}/shares`, {
        organisationCode: 'council-a',
        reason: 'Child is known to children’s services',
        purpose: 'strategy_meeting',
      });
      assert.equal(share.statusCode, 200, share.body);
      photoId = await uploadCasePhoto(world, caseId);
      closedCaseId = await freshCase();
      const close = await owner()('POST', `/api/v1/cases/${closedCaseId}/close`, { outcome: 'found_safe' });
      assert.equal(close.statusCode, 200, close.body);
      const listed = JSON.parse((await asToken(world, 'council-a/caseworker')('GET', '/api/v1/return-interviews')).body) as {
        items: { id: string; caseId: string }[];
      };
      interviewId = listed.items.find((item) => item.caseId === closedCaseId)!.id;
    });
    after(() => world.close());

    for (const user of USERS) {
      describe(user, () => {
        const as = () => asToken(world, user);

        it('reads the case, its photo and finds it in search as the matrix says', async () => {
          const want = expectedStatus('read', user, 200);
          assert.equal((await as()('GET', `/api/v1/cases/${caseId}`)).statusCode, want);
          assert.equal((await as()('GET', `/api/v1/cases/${caseId}/photos/${photoId}/thumb`)).statusCode, want);
          const list = await as()('GET', '/api/v1/cases?q=testcase');
          if (want === 403) assert.equal(list.statusCode, 403);
          else {
            assert.equal(list.statusCode, 200);
            const ids = (JSON.parse(list.body) as { items: { id: string }[] }).items.map((item) => item.id);
            assert.equal(ids.includes(caseId), want === 200, `search result for ${user}`);
          }
        });

        it('changes the case as the matrix says, and a refused change changes nothing', async () => {
          const want = expectedStatus('write', user, 200);
          const before = await versionOf();
          const patch = await as()('PATCH', `/api/v1/cases/${caseId}`, { version: before, clothing: `changed by ${user}` });
          assert.equal(patch.statusCode, want, patch.body);
          const answers = await as()('POST', `/api/v1/cases/${caseId}/risk-answers`, {
            answers: [{ question: 'out_of_character', answer: 'yes', source: 'mother' }],
          });
          assert.equal(answers.statusCode, want, answers.body);
          const grade = await as()('POST', `/api/v1/cases/${caseId}/risk-gradings`, { level: 'medium', rationale: 'Out of character' });
          assert.equal(grade.statusCode, want, grade.body);
          if (want !== 200) assert.equal(await versionOf(), before, 'a refused change must not change the case');
        });

        it('uploads and removes photos as the matrix says', async () => {
          const want = expectedStatus('write', user, 201);
          const form = multipartPhoto(await photoBytes());
          const upload = await world.app.inject({
            method: 'POST',
            url: `/api/v1/cases/${caseId}/photos`,
            headers: { authorization: `Bearer ${world.tokens[user]}`, 'content-type': form.contentType },
            payload: form.payload,
          });
          assert.equal(upload.statusCode, want, upload.body);
          // Remove a photo the owner adds, so the shared photo stays for the other users.
          const own = await world.app.inject({
            method: 'POST',
            url: `/api/v1/cases/${caseId}/photos`,
            headers: { authorization: `Bearer ${world.tokens['force-a/investigator']}`, 'content-type': form.contentType },
            payload: multipartPhoto(await photoBytes()).payload,
          });
          const ownId = (JSON.parse(own.body) as { id: string }).id;
          assert.equal((await as()('DELETE', `/api/v1/cases/${caseId}/photos/${ownId}`)).statusCode, expectedStatus('write', user, 204));
        });

        it('shares and unshares as the matrix says', async () => {
          const want = expectedStatus('share', user, 200);
          const share = await as()('POST', `/api/v1/cases/${caseId}/shares`, {
            organisationCode: 'charity',
            reason: 'Return interview arranged',
            purpose: 'charity_support',
          });
          assert.equal(share.statusCode, want, share.body);
          if (want === 200) {
            assert.equal((await as()('DELETE', `/api/v1/cases/${caseId}/shares/charity`)).statusCode, 204);
          } else {
            assert.equal((await as()('DELETE', `/api/v1/cases/${caseId}/shares/council-a`)).statusCode, want);
          }
        });

        it('reads the shared fields of the case as the matrix says', async () => {
          assert.equal((await as()('GET', `/api/v1/shared-cases/${caseId}`)).statusCode, expectedStatus('sharedRead', user, 200));
          const added = await as()('POST', `/api/v1/shared-cases/${caseId}/contributions`, { category: 'other', text: `known to ${user}` });
          assert.equal(added.statusCode, expectedStatus('sharedRead', user, 201), added.body);
        });

        it('reads and writes return interviews as the matrix says', async () => {
          const want = expectedStatus('interviewRead', user, 200);
          assert.equal((await as()('GET', `/api/v1/return-interviews/${interviewId}`)).statusCode, want);
          const list = await as()('GET', '/api/v1/return-interviews?state=all');
          assert.equal(list.statusCode, want === 403 ? 403 : 200);
          const version = (
            JSON.parse((await asToken(world, 'council-a/caseworker')('GET', `/api/v1/return-interviews/${interviewId}`)).body) as {
              version: number;
            }
          ).version;
          const write = await as()('PATCH', `/api/v1/return-interviews/${interviewId}`, { version, status: 'offered' });
          // Only the local authority asked writes it; the police who read it may not.
          const writer = !user.endsWith('/caseworker') ? 403 : user === 'council-a/caseworker' ? 200 : 404;
          assert.equal(write.statusCode, writer, write.body);
        });

        it('reads the disclosure register as the matrix says', async () => {
          assert.equal(
            (await as()('GET', `/api/v1/disclosure-register?caseId=${caseId}`)).statusCode,
            expectedStatus('register', user, 200),
          );
        });

        it('starts a new episode from the last one and reads the repeat-missing list as the matrix says', async () => {
          const childId = (JSON.parse((await owner()('GET', `/api/v1/cases/${caseId}`)).body) as { child: { id: string } }).child.id;
          const start = await as()('GET', `/api/v1/children/${childId}/next-episode`);
          assert.equal(start.statusCode, expectedStatus('nextEpisode', user, 200), start.body);
          assert.equal((await as()('GET', '/api/v1/repeat-missing')).statusCode, expectedStatus('repeatList', user, 200));
        });

        it('reads the audit trail as the matrix says', async () => {
          assert.equal((await as()('GET', `/api/v1/cases/${caseId}/audit`)).statusCode, expectedStatus('audit', user, 200));
        });

        it('records cases and closes them as the matrix says', async () => {
          const created = await as()('POST', '/api/v1/cases', newChildCase());
          assert.equal(created.statusCode, expectedStatus('create', user, 201), created.body);
          const target = await freshCase();
          const close = await as()('POST', `/api/v1/cases/${target}/close`, { outcome: 'found_safe' });
          assert.equal(close.statusCode, expectedStatus('write', user, 200), close.body);
        });
      });
    }

    it('without credentials every case route answers 401', async () => {
      for (const [method, url] of [
        ['GET', '/api/v1/cases'],
        ['POST', '/api/v1/cases'],
        ['GET', `/api/v1/cases/${caseId}`],
        ['PATCH', `/api/v1/cases/${caseId}`],
        ['GET', `/api/v1/cases/${caseId}/audit`],
        ['GET', `/api/v1/cases/${caseId}/photos/${photoId}/thumb`],
      ] as const) {
        const response = await world.app.inject({ method, url });
        assert.equal(response.statusCode, 401, `${method} ${url}`);
        assert.equal(response.headers['content-type'], 'application/problem+json; charset=utf-8');
      }
    });
  }
});
