// The sensitive-case rule over every answer that could name the child: writes, lists and searches show a
// sensitive case without the child unless a reason comes; lists record which cases they showed; refused
// attempts (no reason, out of reach) are in the audit log. On both databases.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, newChildCase, sessionFor, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { ALERT_AREA, ALERT_CRITERIA, uploadCasePhoto } from '../../test/support/alerts.ts';

// Words that say who the child is: none may appear in an answer given without a reason.
const GIVEN = 'Zephyrine';
const FAMILY = 'Quillfeather';
const ALIAS = 'Zeffy';
const BORN = '2012-07-19';
const PLACE = 'Outside 14 Larkspur Terrace';
const MARKS = 'Heart-shaped birthmark on the left wrist';
const IDENTITY = [GIVEN, FAMILY, ALIAS, BORN, PLACE, MARKS];

const sensitiveChild = (overrides: Record<string, unknown> = {}) =>
  newChildCase(undefined, {
    child: { givenNames: GIVEN, familyName: FAMILY, aliases: [ALIAS], dateOfBirth: BORN, sex: 'female', distinguishingMarks: MARKS },
    lastSeen: { at: '2026-11-23T01:30:00Z', lon: -3.5, lat: 52.5, place: PLACE },
    circumstances: `${GIVEN} left with an older man.`,
    sensitive: true,
    ...overrides,
  });

const contentsNaming = [
  {
    language: 'en',
    headline: `Child Rescue Alert: ${GIVEN} ${FAMILY}, 14, missing from Aberaeron`,
    description: `${GIVEN} was last seen ${PLACE.toLowerCase()}.`,
    instruction: 'If you see her, call 999 immediately. Do not approach.',
    contact: 'Call 999 and quote Child Rescue Alert.',
    smsText: `CHILD RESCUE ALERT: ${GIVEN} ${FAMILY}, 14. If seen call 999.`,
    broadcastText: `Child Rescue Alert: ${GIVEN} ${FAMILY}, 14. Call 999.`,
  },
];

const REASON = { 'x-access-reason': 'Reviewing the exploitation referral' };

function assertNoIdentity(body: string, what: string): void {
  for (const word of IDENTITY)
    assert.ok(!body.toLowerCase().includes(word.toLowerCase()), `${what} shows "${word}" without a reason: ${body.slice(0, 300)}`);
}

interface SensitiveCase {
  world: TestWorld;
  caseId: string;
  photoId: string;
}

function sensitiveCaseTools(s: SensitiveCase) {
  const investigator = () => asToken(s.world, 'force-a/investigator');
  const coordinator = () => asToken(s.world, 'national/national_coordinator');
  const versionOf = async () =>
    (JSON.parse((await investigator()('GET', `/api/v1/cases/${s.caseId}`, undefined, REASON)).body) as { version: number }).version;
  const auditOf = async (action: string) =>
    (
      await s.world.db.query<{ actor: string; subject_id: string | null; reason: string | null; details: Record<string, unknown> }>(
        'SELECT actor, subject_id, reason, details FROM audit_log LEFT JOIN audit_personal ON audit_personal.id = audit_log.personal_id WHERE action = $1 ORDER BY seq',
        [action],
      )
    ).rows;
  return { investigator, coordinator, versionOf, auditOf };
}

async function writesAnswerWithoutChild(s: SensitiveCase): Promise<void> {
  const { world, caseId, photoId } = s;
  const { investigator, versionOf, auditOf } = sensitiveCaseTools(s);
  const writes: [string, string, () => unknown, string][] = [
    ['PATCH', `/api/v1/cases/${caseId}`, () => ({}), 'force-a/investigator'],
    ['PATCH', `/api/v1/cases/${caseId}`, () => ({ clothing: 'Grey hoodie' }), 'force-a/investigator'],
    [
      'POST',
      `/api/v1/cases/${caseId}/risk-answers`,
      () => ({ answers: [{ question: 'out_of_character', answer: 'yes', source: 'mother' }] }),
      'force-a/investigator',
    ],
    [
      'POST',
      `/api/v1/cases/${caseId}/risk-gradings`,
      () => ({ level: 'high', rationale: 'Exploitation concerns' }),
      'force-a/investigator',
    ],
    [
      'POST',
      `/api/v1/cases/${caseId}/shares`,
      () => ({ organisationCode: 'council-a', reason: 'Child is known to children’s services', purpose: 'strategy_meeting' }),
      'force-a/approver',
    ],
  ];
  for (const [method, url, body, who] of writes) {
    const as = asToken(world, who);
    const needsVersion = method === 'PATCH';
    const payload = { ...(needsVersion ? { version: await versionOf() } : {}), ...(body() as object) };
    const answer = await as(method as 'PATCH' | 'POST', url, payload);
    assert.equal(answer.statusCode, 200, `${method} ${url}: ${answer.body}`);
    assertNoIdentity(answer.body, `${method} ${url}`);
    assert.ok(!answer.body.includes(photoId), `${method} ${url} lists the photos`);
    const parsed = JSON.parse(answer.body) as { id: string; identityWithheld: boolean; reference: string };
    assert.equal(parsed.identityWithheld, true);
    assert.equal(parsed.id, caseId);

    const withReason = await as(
      method as 'PATCH' | 'POST',
      url,
      { ...(needsVersion ? { version: await versionOf() } : {}), ...(body() as object) },
      REASON,
    );
    assert.equal(withReason.statusCode, 200, withReason.body);
    assert.ok(withReason.body.includes(FAMILY), `${method} ${url} with a reason shows the case`);
  }
  // Each disclosure after a write is audited with its reason.
  const views = (await auditOf('case.viewed')).filter((row) => row.subject_id === caseId);
  assert.ok(views.length >= writes.length);
  assert.ok(views.every((row) => row.reason === REASON['x-access-reason']));

  // Recording a sensitive case, and closing one, answer without the child too.
  const recorded = await investigator()('POST', '/api/v1/cases', sensitiveChild());
  assert.equal(recorded.statusCode, 201, recorded.body);
  assertNoIdentity(recorded.body, 'POST /api/v1/cases');
  const otherId = (JSON.parse(recorded.body) as { id: string }).id;
  const closed = await investigator()('POST', `/api/v1/cases/${otherId}/close`, { outcome: 'found_safe' });
  assert.equal(closed.statusCode, 200, closed.body);
  assertNoIdentity(closed.body, 'POST close');
}

async function alertChangesAnswerWithoutChild(s: SensitiveCase): Promise<void> {
  const { world } = s;
  const { investigator } = sensitiveCaseTools(s);
  const created = await investigator()('POST', '/api/v1/cases', sensitiveChild(), REASON);
  const alertCase = (JSON.parse(created.body) as { id: string }).id;
  await investigator()('POST', `/api/v1/cases/${alertCase}/risk-gradings`, { level: 'high', rationale: 'Abduction witnessed' });
  const draft = await investigator()('POST', '/api/v1/alerts', { caseId: alertCase }, REASON);
  assert.equal(draft.statusCode, 201, draft.body);
  const { id: alertId, version } = JSON.parse(draft.body) as { id: string; version: number };

  const noChange = await investigator()('PATCH', `/api/v1/alerts/${alertId}`, { version });
  assert.equal(noChange.statusCode, 200, noChange.body);
  assertNoIdentity(noChange.body, 'PATCH alert (no change)');
  const edited = await investigator()('PATCH', `/api/v1/alerts/${alertId}`, {
    version: (JSON.parse(noChange.body) as { version: number }).version,
    criteria: ALERT_CRITERIA,
    contents: contentsNaming,
    area: ALERT_AREA,
  });
  assert.equal(edited.statusCode, 200, edited.body);
  assertNoIdentity(edited.body, 'PATCH alert');
  assert.equal((JSON.parse(edited.body) as { identityWithheld: boolean }).identityWithheld, true);

  const submitted = await investigator()('POST', `/api/v1/alerts/${alertId}/submit`);
  assert.equal(submitted.statusCode, 200, submitted.body);
  assertNoIdentity(submitted.body, 'submit');
  const approver = await sessionFor(world, 'force-a/approver');
  const approved = await approver('POST', `/api/v1/alerts/${alertId}/approve`, {});
  assert.equal(approved.statusCode, 200, approved.body);
  assertNoIdentity(approved.body, 'approve');
  const withdrawn = await investigator()('POST', `/api/v1/alerts/${alertId}/withdraw`, { reason: 'found_safe' });
  assert.equal(withdrawn.statusCode, 200, withdrawn.body);
  assertNoIdentity(withdrawn.body, 'withdraw');
  const closed = await investigator()('POST', `/api/v1/cases/${alertCase}/close`, { outcome: 'found_safe' });
  assert.equal(closed.statusCode, 200, closed.body);

  // With a reason the alert is shown whole, as opening it is.
  const seen = await investigator()('GET', `/api/v1/alerts/${alertId}`, undefined, REASON);
  assert.ok(seen.body.includes(FAMILY));
}

async function listsWithoutChild(s: SensitiveCase): Promise<void> {
  const { world, caseId } = s;
  const { investigator, coordinator, auditOf } = sensitiveCaseTools(s);
  const { reference } = JSON.parse((await investigator()('GET', `/api/v1/cases/${caseId}`, undefined, REASON)).body) as {
    reference: string;
  };
  for (const who of ['force-a/investigator', 'national/national_coordinator']) {
    const as = asToken(world, who);
    const all = await as('GET', '/api/v1/cases?limit=100');
    assert.equal(all.statusCode, 200, all.body);
    assertNoIdentity(all.body, `case list for ${who}`);
    const row = (JSON.parse(all.body) as { items: { id: string; childName: string | null; identityWithheld: boolean }[] }).items.find(
      (item) => item.id === caseId,
    );
    assert.ok(row, `${who} sees the case listed`);
    assert.equal(row.childName, null);
    assert.equal(row.identityWithheld, true);

    for (const q of [FAMILY, ALIAS, GIVEN.toLowerCase()]) {
      const search = await as('GET', `/api/v1/cases?q=${encodeURIComponent(q)}`);
      assert.equal(search.statusCode, 200);
      assert.deepEqual(
        (JSON.parse(search.body) as { items: unknown[] }).items,
        [],
        `a search for "${q}" by ${who} must not say that a sensitive case matches`,
      );
    }
    const byReference = await as('GET', `/api/v1/cases?q=${encodeURIComponent(reference)}`);
    assert.deepEqual(
      (JSON.parse(byReference.body) as { items: { id: string }[] }).items.map((item) => item.id),
      [caseId],
    );
    assertNoIdentity(byReference.body, 'search by reference');
  }
  const named = await coordinator()('GET', `/api/v1/cases?q=${FAMILY}`, undefined, REASON);
  const namedItems = (JSON.parse(named.body) as { items: { id: string; childName: string }[] }).items;
  assert.ok(
    namedItems.some((item) => item.id === caseId && item.childName.includes(FAMILY)),
    'with a reason the search finds and names the case',
  );

  // The audit of each list holds the ids it showed, and which of them without the child.
  const searches = await auditOf('case.searched');
  const withReason = searches.at(-1)!;
  assert.equal(withReason.reason, REASON['x-access-reason']);
  assert.deepEqual(
    withReason.details.caseIds,
    namedItems.map((item) => item.id),
  );
  assert.deepEqual(withReason.details.identityWithheld, []);
  const listed = searches.find(
    (row) =>
      row.actor === 'investigator@force-a.test' && Array.isArray(row.details.caseIds) && (row.details.caseIds as string[]).includes(caseId),
  );
  assert.ok(listed, 'the investigator’s list records the case it showed');
  assert.ok((listed.details.identityWithheld as string[]).includes(caseId), 'and that it showed it without the child');
  assert.ok(
    searches.every((row) => !JSON.stringify(row.details).includes(FAMILY)),
    'the audit does not hold the names searched for',
  );
}

async function alertListsWithoutChild(s: SensitiveCase): Promise<void> {
  const { world } = s;
  const { investigator, auditOf } = sensitiveCaseTools(s);
  const created = await investigator()('POST', '/api/v1/cases', sensitiveChild(), REASON);
  const alertCase = (JSON.parse(created.body) as { id: string }).id;
  const draft = JSON.parse((await investigator()('POST', '/api/v1/alerts', { caseId: alertCase }, REASON)).body) as {
    id: string;
    version: number;
  };
  const edited = await investigator()(
    'PATCH',
    `/api/v1/alerts/${draft.id}`,
    { version: draft.version, criteria: ALERT_CRITERIA, contents: contentsNaming, area: ALERT_AREA },
    REASON,
  );
  assert.equal(edited.statusCode, 200, edited.body);
  assert.equal((await investigator()('POST', `/api/v1/alerts/${draft.id}/submit`)).statusCode, 200);

  for (const [who, url] of [
    ['force-a/investigator', '/api/v1/alerts?limit=100'],
    ['force-a/approver', '/api/v1/alerts?state=awaiting_approval&limit=100'],
    ['national/national_coordinator', `/api/v1/alerts?caseId=${alertCase}`],
  ] as const) {
    const list = await asToken(world, who)('GET', url);
    assert.equal(list.statusCode, 200, list.body);
    assertNoIdentity(list.body, `${url} for ${who}`);
    const item = (JSON.parse(list.body) as { items: { id: string; headline: string | null; identityWithheld: boolean }[] }).items.find(
      (a) => a.id === draft.id,
    );
    assert.ok(item, `${who} sees the alert listed`);
    assert.equal(item.headline, null);
    assert.equal(item.identityWithheld, true);
  }
  const withReason = await asToken(world, 'force-a/approver')('GET', '/api/v1/alerts?state=awaiting_approval', undefined, REASON);
  assert.ok(withReason.body.includes(FAMILY), 'with a reason the inbox names the child');

  const audits = await auditOf('alert.listed');
  const inbox = audits.find((row) => row.actor === 'approver@force-a.test' && row.reason === null)!;
  assert.ok(inbox, 'the approver’s inbox is audited');
  assert.ok((inbox.details.alertIds as string[]).includes(draft.id));
  assert.ok((inbox.details.caseIds as string[]).includes(alertCase));
  assert.deepEqual(inbox.details.identityWithheld, [draft.id]);
}

async function refusalsAudited(s: SensitiveCase): Promise<void> {
  const { world, caseId, photoId } = s;
  const { investigator, coordinator } = sensitiveCaseTools(s);
  const refusals = async () =>
    (
      await world.db.query<{ actor: string; subject_id: string | null; details: Record<string, unknown> }>(
        "SELECT actor, subject_id, details FROM audit_log WHERE action IN ('case.access_refused', 'alert.access_refused') ORDER BY seq",
      )
    ).rows;
  const before = (await refusals()).length;

  assert.equal((await coordinator()('GET', `/api/v1/cases/${caseId}`)).statusCode, 428);
  assert.equal((await coordinator()('GET', `/api/v1/cases/${caseId}/photos/${photoId}/thumb`)).statusCode, 428);
  const outsider = asToken(world, 'force-b/investigator');
  assert.equal((await outsider('GET', `/api/v1/cases/${caseId}`)).statusCode, 404);
  assert.equal((await outsider('PATCH', `/api/v1/cases/${caseId}`, { version: 1, clothing: 'x' })).statusCode, 404);
  assert.equal((await outsider('GET', `/api/v1/cases/${caseId}/audit`)).statusCode, 403);
  assert.equal((await asToken(world, 'force-b/approver')('GET', `/api/v1/cases/${caseId}/audit`)).statusCode, 404);

  const created = await investigator()('POST', '/api/v1/cases', sensitiveChild(), REASON);
  const alertCase = (JSON.parse(created.body) as { id: string }).id;
  const alertId = (JSON.parse((await investigator()('POST', '/api/v1/alerts', { caseId: alertCase }, REASON)).body) as { id: string }).id;
  assert.equal((await investigator()('POST', '/api/v1/alerts', { caseId: alertCase })).statusCode, 428);
  assert.equal((await investigator()('GET', `/api/v1/alerts/${alertId}`)).statusCode, 428);
  assert.equal((await outsider('GET', `/api/v1/alerts/${alertId}`)).statusCode, 404);
  assert.equal((await outsider('POST', `/api/v1/alerts/${alertId}/submit`)).statusCode, 404);

  const recorded = (await refusals()).slice(before);
  const summary = recorded.map(
    (row) =>
      `${row.actor} ${row.subject_id === caseId ? 'case' : row.subject_id === alertCase ? 'alertCase' : row.subject_id === alertId ? 'alert' : row.subject_id} ${String(row.details.refused)} ${String(row.details.method)}`,
  );
  assert.deepEqual(summary.sort(), [
    'approver@force-b.test case out_of_reach GET',
    'investigator@force-a.test alertCase reason_required GET',
    'investigator@force-a.test alertCase reason_required POST',
    'investigator@force-b.test alert out_of_reach GET',
    'investigator@force-b.test alert out_of_reach POST',
    'investigator@force-b.test case out_of_reach GET',
    'investigator@force-b.test case out_of_reach PATCH',
    'national_coordinator@national.test case reason_required GET',
    'national_coordinator@national.test case reason_required GET',
  ]);
}

// One world for the whole story: the case is shared with the council and given an alert by the first tests,
// and the later ones read what those left.
describeOnEngines('sensitive cases without a reason', (engine) => {
  const state = {} as SensitiveCase;

  before(async () => {
    state.world = await startTestWorld(engine);
    const created = await asToken(state.world, 'force-a/investigator')('POST', '/api/v1/cases', sensitiveChild(), REASON);
    assert.equal(created.statusCode, 201, created.body);
    state.caseId = (JSON.parse(created.body) as { id: string }).id;
    state.photoId = await uploadCasePhoto(state.world, state.caseId);
  });
  after(() => state.world.close());

  it('every write to the case answers without the child, and with the child once a reason is given', () => writesAnswerWithoutChild(state));

  it('every change to an alert of a sensitive case answers without the child', () => alertChangesAnswerWithoutChild(state));

  it('lists show a sensitive case without the child, a name search does not find it, and the audit names the cases shown', () =>
    listsWithoutChild(state));

  it('the alert list and the approver’s inbox show the alert of a sensitive case without the child, and record what they showed', () =>
    alertListsWithoutChild(state));

  it('refused attempts are audited: no reason, and out of reach', () => refusalsAudited(state));
});
