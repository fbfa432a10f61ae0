// Matching missing episodes against unidentified people and remains, over HTTP on both databases: the hard
// limits, the ranking, re-matching on a change of either side, decisions kept (a dismissal reopened only by a
// change to what matched), confirmation closing both sides and notifying the force, reach, permissions, the
// sensitive-case rule and the audit of every list and decision.
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines, type TestEngine } from '../../test/support/databases.ts';
import { asToken, FORCE_A_POINT, FORCE_B_POINT, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import { describedMarks, hairWord } from './words.ts';

interface Candidate {
  id: string;
  score: number;
  status: string;
  features: { feature: string; contribution: number; case: string | null; unidentified: string | null }[];
  case: {
    id: string;
    reference: string;
    owningOrganisationName: string;
    reachable: boolean;
    identityWithheld: boolean;
    child: { name: string } | null;
  };
  unidentified: { id: string; owningOrganisationName: string; reachable: boolean; description: unknown };
}
interface CandidateList {
  items: Candidate[];
  nextOffset: number | null;
}

const FOUND_AT = '2026-11-23T02:30:00Z';

/** The child of the "true" case: a girl of seven, fair-haired, with a birthmark and a scar. */
function missingChild(overrides: Record<string, unknown> = {}, episode: Record<string, unknown> = {}) {
  return {
    child: {
      givenNames: 'Maja',
      familyName: 'Kowalska',
      dateOfBirth: '2019-05-10',
      sex: 'female',
      heightCm: 120,
      build: 'Slim',
      hairColour: 'Dark blonde, shoulder length',
      eyeColour: 'Blue',
      distinguishingMarks: 'Birthmark on her left forearm; small scar above the right eyebrow',
      languages: ['pl'],
      ...overrides,
    },
    lastSeen: { at: '2026-11-22T16:00:00Z', lon: FORCE_A_POINT.lon, lat: FORCE_A_POINT.lat, place: 'Playground, Mill Lane' },
    circumstances: 'Left the playground with an older child; carrying a knitted rabbit.',
    clothing: 'Pink raincoat and blue wellies',
    ...episode,
  };
}

function foundChild(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'living',
    found: { at: FOUND_AT, lon: FORCE_A_POINT.lon + 0.05, lat: FORCE_A_POINT.lat, place: 'Bus station, platform 3' },
    sex: 'female',
    ageMin: 6,
    ageMax: 9,
    heightMinCm: 112,
    heightMaxCm: 125,
    build: 'slim',
    hairColour: 'light_brown',
    eyeColour: 'blue',
    marks: [
      { kind: 'birthmark', bodyLocation: 'left_forearm', description: 'Oval, coffee-coloured' },
      { kind: 'scar', bodyLocation: 'face', description: 'Above the right eyebrow' },
    ],
    clothing: 'Pink raincoat, blue wellington boots',
    belongings: 'A small knitted rabbit',
    ...overrides,
  };
}

/** A girl of the same age who is not the one found: dark hair, brown eyes, no marks, in the other force's area. */
const decoy = (name: string) =>
  missingChild(
    { givenNames: name, hairColour: 'Black', eyeColour: 'Brown', distinguishingMarks: null, build: 'stocky', heightCm: 131 },
    {
      lastSeen: { at: '2026-11-20T10:00:00Z', lon: FORCE_B_POINT.lon, lat: FORCE_B_POINT.lat, place: 'Shopping centre' },
      clothing: 'Green school jumper',
      circumstances: 'Did not arrive at school.',
    },
  );

function worldOf(engine: TestEngine) {
  const state = {} as { world: TestWorld };
  before(async () => {
    state.world = await startTestWorld(engine);
  });
  after(() => state.world.close());
  return {
    get world() {
      return state.world;
    },
  };
}

async function recordCase(world: TestWorld, body: unknown, who = 'force-a/investigator'): Promise<{ id: string; version: number }> {
  const created = await asToken(world, who)('POST', '/api/v1/cases', body);
  assert.equal(created.statusCode, 201, created.body);
  return JSON.parse(created.body) as { id: string; version: number };
}

async function recordFound(world: TestWorld, body: unknown, who = 'force-a/investigator'): Promise<{ id: string; version: number }> {
  const created = await asToken(world, who)('POST', '/api/v1/unidentified', body);
  assert.equal(created.statusCode, 201, created.body);
  return JSON.parse(created.body) as { id: string; version: number };
}

async function candidatesOf(world: TestWorld, url: string, who = 'national/national_coordinator', headers: Record<string, string> = {}) {
  const listed = await asToken(world, who)('GET', url, undefined, headers);
  assert.equal(listed.statusCode, 200, listed.body);
  return JSON.parse(listed.body) as CandidateList;
}

const ofRecord = (world: TestWorld, id: string) => candidatesOf(world, `/api/v1/matching/unidentified/${id}/candidates`);
const ofCase = (world: TestWorld, id: string) => candidatesOf(world, `/api/v1/matching/cases/${id}/candidates`);

async function auditCount(world: TestWorld, action: string, subjectId?: string): Promise<number> {
  const { rows } = await world.db.query<{ n: number }>(
    'SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND ($2::text IS NULL OR subject_id = $2)',
    [action, subjectId ?? null],
  );
  return rows[0]!.n;
}

describeOnEngines('matching: hard limits, ranking and re-matching', (engine) => {
  const test = worldOf(engine);

  it('leaves out a different sex, a child last seen after the finding, and an impossible age', async () => {
    const { world } = test;
    const boy = await recordCase(world, missingChild({ givenNames: 'Jan', sex: 'male' }));
    const later = await recordCase(
      world,
      missingChild({ givenNames: 'Ola' }, { lastSeen: { at: '2026-11-23T02:45:00Z', ...FORCE_A_POINT, place: 'Station' } }),
    );
    const older = await recordCase(world, missingChild({ givenNames: 'Kasia', dateOfBirth: '2010-01-01' }));
    const girl = await recordCase(world, missingChild());
    const found = await recordFound(world, foundChild());
    const candidates = (await ofRecord(world, found.id)).items.map((item) => item.case.id);
    assert.ok(candidates.includes(girl.id), 'the girl of the right age seen before the finding is a candidate');
    for (const excluded of [boy, later, older]) assert.ok(!candidates.includes(excluded.id));
    // The other way round: each case's own candidates agree.
    assert.deepEqual(
      (await ofCase(world, boy.id)).items.map((item) => item.unidentified.id),
      [],
    );
    assert.ok((await ofCase(world, girl.id)).items.some((item) => item.unidentified.id === found.id));
    // A record of unknown sex matches the boy too.
    const unknown = await recordFound(world, foundChild({ sex: 'unknown', kind: 'remains', marks: [], clothing: '', belongings: '' }));
    assert.ok((await ofRecord(world, unknown.id)).items.some((item) => item.case.id === boy.id));
  });

  it('ranks the true match first, with every feature contribution shown', async () => {
    const { world } = test;
    for (const name of ['Zofia', 'Lena', 'Hanna', 'Julia']) await recordCase(world, decoy(name));
    const truth = await recordCase(world, missingChild({ givenNames: 'Amelia' }));
    const found = await recordFound(world, foundChild());
    const list = await ofRecord(world, found.id);
    const top = list.items[0]!;
    // Two cases fit equally (the girl of the test above is the same description): the truth is among the best two.
    assert.ok(
      list.items.slice(0, 2).some((item) => item.case.id === truth.id),
      JSON.stringify(list.items.map((i) => [i.case.id, i.score])),
    );
    assert.deepEqual(
      top.features.map((feature) => feature.feature),
      ['age', 'height', 'build', 'hair', 'eyes', 'marks', 'clothing', 'belongings', 'distance', 'interval'],
    );
    const by = Object.fromEntries(top.features.map((feature) => [feature.feature, feature]));
    assert.equal(by.hair!.case, 'light_brown', '"dark blonde" read as light brown');
    assert.ok(by.marks!.contribution >= 15, JSON.stringify(by.marks));
    assert.ok(by.distance!.contribution > 0);
    const decoys = list.items.filter((item) => item.case.child?.name.startsWith('Zofia'));
    assert.ok(decoys.every((item) => item.score < top.score - 20));
  });

  it('re-matches at once when either side changes, and drops a pair that no longer passes', async () => {
    const { world } = test;
    const episode = await recordCase(world, missingChild({ givenNames: 'Nina', hairColour: 'black', eyeColour: 'brown' }));
    const found = await recordFound(world, foundChild({ sex: 'unknown', hairColour: 'black', eyeColour: 'brown' }));
    const before = (await ofCase(world, episode.id)).items.find((item) => item.unidentified.id === found.id)!;
    assert.ok(before);
    const patched = await asToken(world, 'force-a/investigator')('PATCH', `/api/v1/unidentified/${found.id}`, {
      version: found.version,
      eyeColour: 'green',
    });
    assert.equal(patched.statusCode, 200, patched.body);
    const after = (await ofCase(world, episode.id)).items.find((item) => item.unidentified.id === found.id)!;
    assert.ok(after.score < before.score, 'green eyes against brown lower the score');
    // The case's child is now known to be much older: the pair fails the age limit and goes.
    const changed = await asToken(world, 'force-a/investigator')('PATCH', `/api/v1/cases/${episode.id}`, {
      version: episode.version,
      child: { dateOfBirth: '2009-02-01' },
    });
    assert.equal(changed.statusCode, 200, changed.body);
    assert.ok(!(await ofCase(world, episode.id)).items.some((item) => item.unidentified.id === found.id));
  });

  it('re-matches the episodes a merge moves, and again when the merge is undone', async () => {
    const { world } = test;
    const mine = { confirmedNewChild: true };
    const episode = await recordCase(world, missingChild({ givenNames: 'Wiktoria', hairColour: 'black', eyeColour: 'brown' }, mine));
    const brother = await recordCase(world, missingChild({ givenNames: 'Tomasz', sex: 'male', dateOfBirth: '2018-01-09' }, mine));
    const found = await recordFound(world, foundChild({ hairColour: 'black', eyeColour: 'brown' }));
    const paired = async () => (await ofCase(world, episode.id)).items.some((item) => item.unidentified.id === found.id);
    assert.ok(await paired(), 'the girl is a candidate for the girl found');
    const childOf = async (caseId: string) =>
      (await world.db.query<{ child_id: string }>('SELECT child_id FROM cases WHERE id = $1', [caseId])).rows[0]!.child_id;
    // Merged (wrongly) into a boy's record, her episode is now a boy's: the pair fails the sex limit and goes.
    const approver = asToken(world, 'force-a/approver');
    const merged = await approver('POST', `/api/v1/register/children/${await childOf(episode.id)}/merge`, {
      intoChildId: await childOf(brother.id),
      reason: 'Recorded twice',
    });
    assert.equal(merged.statusCode, 201, merged.body);
    assert.ok(!(await paired()), 'the moved episode is matched again as the boy’s');
    const undone = await approver('POST', `/api/v1/register/merges/${(JSON.parse(merged.body) as { id: string }).id}/undo`, {
      reason: 'Merged in error',
    });
    assert.equal(undone.statusCode, 200, undone.body);
    assert.ok(await paired(), 'undoing the merge matches the girl’s episode again');
  });

  it('keeps a dismissal through a change to what did not match, and reopens it when what matched changes', async () => {
    const { world } = test;
    const episode = await recordCase(world, missingChild({ givenNames: 'Ida', hairColour: 'red', eyeColour: 'green' }));
    let found = await recordFound(world, foundChild({ hairColour: 'red', eyeColour: 'green' }));
    const pair = (await ofCase(world, episode.id)).items.find((item) => item.unidentified.id === found.id)!;
    const national = asToken(world, 'national/national_coordinator');
    const dismissed = await national('POST', `/api/v1/matching/candidates/${pair.id}/dismiss`, {
      reason: 'Different child: seen on CCTV since',
    });
    assert.equal(dismissed.statusCode, 200, dismissed.body);
    assert.equal(await auditCount(world, 'match.dismissed', pair.id), 1);

    const patch = async (body: Record<string, unknown>) => {
      const answer = await asToken(world, 'force-a/investigator')('PATCH', `/api/v1/unidentified/${found.id}`, {
        version: found.version,
        ...body,
      });
      assert.equal(answer.statusCode, 200, answer.body);
      found = JSON.parse(answer.body) as { id: string; version: number };
    };
    await patch({ notes: 'Seen by the duty doctor.' });
    const statusOf = async () => (await ofCase(world, episode.id)).items.find((item) => item.id === pair.id)?.status;
    assert.equal(await statusOf(), 'dismissed', 'notes are not compared: the dismissal stands');
    await patch({ hairColour: 'blonde' });
    assert.equal(await statusOf(), 'open', 'the hair that matched changed: the pair is open again');
    assert.equal(await auditCount(world, 'match.reopened', pair.id), 1);
  });

  it('reads a case’s free text as the vocabulary’s words', () => {
    assert.equal(hairWord('Dark brown, curly'), 'dark_brown');
    assert.equal(hairWord('strawberry blonde'), 'red');
    assert.equal(hairWord(null), null);
    const marks = describedMarks('Tattoo of a rose on his right wrist, scar on left knee and a mole on the neck');
    assert.deepEqual(
      marks.map((mark) => [mark.kind, mark.place?.side ?? null, mark.place?.part ?? null]),
      [
        ['tattoo', 'right', 'wrist'],
        ['scar', 'left', 'knee'],
        ['mark', null, 'neck'],
      ],
    );
  });
});

describeOnEngines('matching: review decisions, reach and audit', (engine) => {
  const test = worldOf(engine);

  it('confirms an identification: record identified, case closed, the force told, others dismissed, all audited', async () => {
    const { world } = test;
    const episode = await recordCase(world, missingChild({ givenNames: 'Ewa' }));
    const found = await recordFound(world, foundChild({ kind: 'remains' }));
    const other = await recordFound(world, foundChild({ hairColour: 'black', marks: [] }), 'force-b/investigator');
    const pairs = (await ofCase(world, episode.id)).items;
    const pair = pairs.find((item) => item.unidentified.id === found.id)!;
    assert.ok(pairs.some((item) => item.unidentified.id === other.id));

    const confirmed = await asToken(world, 'national/national_coordinator')('POST', `/api/v1/matching/candidates/${pair.id}/confirm`, {
      note: 'Dental comparison positive',
    });
    assert.equal(confirmed.statusCode, 200, confirmed.body);
    const answer = JSON.parse(confirmed.body) as { status: string; caseOutcome: string; alsoDismissed: string[] };
    assert.equal(answer.status, 'confirmed');
    assert.equal(answer.caseOutcome, 'found_dead');
    assert.ok(answer.alsoDismissed.length >= 1);

    const { rows: cases } = await world.db.query<{ status: string; outcome: string }>('SELECT status, outcome FROM cases WHERE id = $1', [
      episode.id,
    ]);
    assert.deepEqual(cases[0], { status: 'closed', outcome: 'found_dead' });
    const { rows: records } = await world.db.query<{ status: string; identified_case_id: string }>(
      'SELECT status, identified_case_id FROM unidentified_people WHERE id = $1',
      [found.id],
    );
    assert.deepEqual(records[0], { status: 'identified', identified_case_id: episode.id });
    const { rows: stored } = await world.db.query<{ kind: string; message: string }>(
      "SELECT kind, message FROM staff_notifications WHERE subject_id = $1 AND kind = 'match_confirmed'",
      [episode.id],
    );
    assert.equal(stored.length, 1);
    assert.doesNotMatch(stored[0]!.message, /Ewa|Kowalska/, 'the notice names references, not the child');
    for (const action of ['match.confirmed', 'case.closed', 'unidentified.identified'])
      assert.equal(
        await auditCount(world, action, action === 'match.confirmed' ? pair.id : action === 'case.closed' ? episode.id : found.id),
        1,
      );
    // The other record's pair with this case was dismissed with it; a second confirmation is refused.
    const again = await asToken(world, 'national/national_coordinator')('POST', `/api/v1/matching/candidates/${pair.id}/confirm`, {});
    assert.equal(again.statusCode, 409, again.body);
  });

  it('refers for dental or DNA comparison, and refuses forces a decision', async () => {
    const { world } = test;
    const episode = await recordCase(world, missingChild({ givenNames: 'Roza' }));
    const found = await recordFound(world, foundChild());
    const pair = (await ofCase(world, episode.id)).items.find((item) => item.unidentified.id === found.id)!;
    const refused = await asToken(world, 'force-a/approver')('POST', `/api/v1/matching/candidates/${pair.id}/refer`, { kind: 'dna' });
    assert.equal(refused.statusCode, 403, refused.body);
    const referred = await asToken(world, 'national/national_coordinator')('POST', `/api/v1/matching/candidates/${pair.id}/refer`, {
      kind: 'dna',
      note: 'Sample requested from the family',
    });
    assert.equal(referred.statusCode, 200, referred.body);
    const { rows } = await world.db.query<{ status: string; referral_kind: string }>(
      'SELECT status, referral_kind FROM match_candidates WHERE id = $1',
      [pair.id],
    );
    assert.deepEqual(rows[0], { status: 'referred', referral_kind: 'dna' });
    const bad = await asToken(world, 'national/national_coordinator')('POST', `/api/v1/matching/candidates/${pair.id}/refer`, {
      kind: 'blood',
    });
    assert.equal(bad.statusCode, 400);
  });

  it('shows a force only its own side, and keeps other forces and caseworkers out', async () => {
    const { world } = test;
    const episode = await recordCase(world, missingChild({ givenNames: 'Iga' }));
    const found = await recordFound(world, foundChild(), 'force-b/investigator');
    // Force B reaches its record, not force A's case: the pair shows the case's reference but no child.
    const seen = await candidatesOf(world, `/api/v1/matching/unidentified/${found.id}/candidates`, 'force-b/investigator');
    const pair = seen.items.find((item) => item.case.id === episode.id)!;
    assert.equal(pair.case.reachable, false);
    assert.equal(pair.case.child, null);
    // Out of reach, the case still names its force, so the reviewer knows whom to call.
    assert.equal(pair.case.owningOrganisationName, 'Force A Police');
    assert.equal(pair.unidentified.owningOrganisationName, 'Force B Police');
    assert.ok(pair.features.every((feature) => feature.case === null));
    assert.equal(pair.unidentified.reachable, true);
    // Force A sees its case's candidates, but not force B's record.
    const fromA = await candidatesOf(world, `/api/v1/matching/cases/${episode.id}/candidates`, 'force-a/investigator');
    const same = fromA.items.find((item) => item.id === pair.id)!;
    assert.equal(same.unidentified.description, null);
    assert.ok(same.features.every((feature) => feature.unidentified === null));
    // Force B may not list force A's case (404, audited as refused); caseworkers and analysts may not list at all.
    const refused = await asToken(world, 'force-b/investigator')('GET', `/api/v1/matching/cases/${episode.id}/candidates`);
    assert.equal(refused.statusCode, 404);
    assert.ok((await auditCount(world, 'case.access_refused', episode.id)) >= 1);
    for (const who of ['council-a/caseworker', 'force-a/analyst'])
      assert.equal((await asToken(world, who)('GET', '/api/v1/matching/candidates')).statusCode, 403);
    // The queue of force B holds no pair that touches neither its cases nor its records.
    const queue = await candidatesOf(world, '/api/v1/matching/candidates?limit=100', 'force-b/investigator');
    assert.ok(queue.items.every((item) => item.unidentified.reachable || item.case.reachable));
    // One candidate by its id, as the lists show it to each side, audited; out of reach it is not found.
    const one = await asToken(world, 'force-b/investigator')('GET', `/api/v1/matching/candidates/${pair.id}`);
    assert.equal(one.statusCode, 200, one.body);
    assert.deepEqual(JSON.parse(one.body), pair);
    const { rows } = await world.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'match.listed' AND subject_id = $1 AND details->>'of' = 'candidate'`,
      [pair.id],
    );
    assert.equal(rows[0]!.n, 1);
    const other = await recordFound(world, foundChild(), 'force-a/investigator');
    const mine = await candidatesOf(world, `/api/v1/matching/unidentified/${other.id}/candidates`, 'force-a/investigator');
    const notForB = mine.items.find((item) => item.case.id === episode.id)!;
    assert.equal((await asToken(world, 'force-b/investigator')('GET', `/api/v1/matching/candidates/${notForB.id}`)).statusCode, 404);
    assert.equal((await asToken(world, 'force-a/analyst')('GET', `/api/v1/matching/candidates/${pair.id}`)).statusCode, 403);
  });

  it('withholds a sensitive case’s child without a reason, shows it with one, and audits both lists', async () => {
    const { world } = test;
    const episode = await recordCase(world, missingChild({ givenNames: 'Wiktoria' }, { sensitive: true }));
    await recordFound(world, foundChild());
    const without = await candidatesOf(world, `/api/v1/matching/cases/${episode.id}/candidates`);
    assert.ok(without.items.length > 0);
    assert.ok(without.items.every((item) => item.case.identityWithheld && item.case.child === null));
    assert.ok(without.items.every((item) => item.features.every((feature) => feature.case === null)));
    const withReason = await candidatesOf(world, `/api/v1/matching/cases/${episode.id}/candidates`, 'national/national_coordinator', {
      'x-access-reason': 'Reviewing the match for identification',
    });
    assert.equal(withReason.items[0]!.case.child?.name, 'Wiktoria Kowalska');
    const { rows } = await world.db.query<{ reason: string | null; details: { identityWithheld: string[]; casesShown: string[] } }>(
      "SELECT reason, details FROM audit_log LEFT JOIN audit_personal ON audit_personal.id = audit_log.personal_id WHERE action = 'match.listed' AND subject_id = $1 ORDER BY seq",
      [episode.id],
    );
    assert.equal(rows.length, 2);
    assert.deepEqual(rows[0]!.details.identityWithheld, [episode.id]);
    assert.equal(rows[1]!.reason, 'Reviewing the match for identification');
    assert.deepEqual(rows[1]!.details.casesShown, [episode.id]);
  });
});
