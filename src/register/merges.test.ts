// A child recorded twice merged into one record, and the merge undone; who may, and what refuses. On both databases.
import { before, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_A_POINT, FORCE_B_POINT, newChildCase, worldPerEngine, type TestWorld } from '../../test/support/app.ts';
import { approvedAlert, uploadCasePhoto } from '../../test/support/alerts.ts';

interface Merge {
  id: string;
  childId: string;
  intoChildId: string;
  caseIds: string[];
  photoIds: string[];
  mergedBy: string;
  undoneAt: string | null;
}

const WHY = 'Same child: same school, same parents';

/** What each test does: record a child, merge, undo, and read back where things are. */
function mergeHelpers(worldOf: () => TestWorld) {
  async function record(child: Record<string, unknown>, point = FORCE_A_POINT, who = 'force-a/investigator') {
    const base = newChildCase(point);
    const created = await asToken(worldOf(), who)('POST', '/api/v1/cases', { ...base, child: { ...base.child, ...child } });
    assert.equal(created.statusCode, 201, created.body);
    const caseId = (JSON.parse(created.body) as { id: string }).id;
    return { caseId, childId: await childOf(caseId) };
  }

  async function childOf(caseId: string): Promise<string> {
    return (await worldOf().db.query<{ child_id: string }>('SELECT child_id FROM cases WHERE id = $1', [caseId])).rows[0]!.child_id;
  }

  const merge = (who: string, childId: string, intoChildId: string, reason = WHY) =>
    asToken(worldOf(), who)('POST', `/api/v1/register/children/${childId}/merge`, { intoChildId, reason });
  const undo = (who: string, mergeId: string) =>
    asToken(worldOf(), who)('POST', `/api/v1/register/merges/${mergeId}/undo`, { reason: 'Merged in error: twins' });

  async function merged(who: string, childId: string, intoChildId: string): Promise<Merge> {
    const answer = await merge(who, childId, intoChildId);
    assert.equal(answer.statusCode, 201, answer.body);
    return JSON.parse(answer.body) as Merge;
  }

  const keyNames = async (childId: string) =>
    (
      await worldOf().db.query<{ name_kind: string; name: string }>(
        'SELECT name_kind, name FROM child_name_keys WHERE child_id = $1 ORDER BY name_kind, name',
        [childId],
      )
    ).rows.map((row) => `${row.name_kind}:${row.name}`);

  const typedAs = (givenNames: string) => ({ givenNames, familyName: 'Green', dateOfBirth: '2013-02-02', sex: 'female' });

  return { record, childOf, merge, undo, merged, keyNames, typedAs };
}

/** The history of each child shows the merge and its undo; another force's officer is told there is no such child. */
async function listsTheMergeOnBothChildren(world: TestWorld, mergeId: string, childId: string, intoChildId: string): Promise<void> {
  for (const id of [childId, intoChildId]) {
    const answer = await asToken(world, 'force-a/investigator')('GET', `/api/v1/register/children/${id}/merges`);
    assert.equal(answer.statusCode, 200, answer.body);
    const items = (JSON.parse(answer.body) as { items: Merge[] }).items;
    assert.deepEqual(
      items.map((item) => [item.id, item.childId, item.intoChildId, Boolean(item.undoneAt)]),
      [[mergeId, childId, intoChildId, true]],
    );
  }
  const audit = await world.db.query<{ subject_id: string }>(
    "SELECT subject_id FROM audit_log WHERE action = 'child.merges_listed' ORDER BY seq DESC LIMIT 1",
  );
  assert.equal(audit.rows[0]?.subject_id, intoChildId);
  const elsewhere = await asToken(world, 'force-b/investigator')('GET', `/api/v1/register/children/${childId}/merges`);
  assert.equal(elsewhere.statusCode, 404, elsewhere.body);
}

// One world per engine for both suites: each records children of its own under names of its own.
const worldOf = worldPerEngine();

describeOnEngines('merging a child recorded twice, and undoing it', (engine) => {
  let world: TestWorld;
  const { record, childOf, undo, merged, keyNames, typedAs } = mergeHelpers(() => world);

  before(async () => {
    world = await worldOf(engine);
  });

  it('moves the duplicate’s episodes and photos, keeps its row marked merged, and finds the survivor by either name', async () => {
    const survivor = await record(typedAs('Maya'));
    const duplicate = await record(typedAs('Maia'));
    const photoId = await uploadCasePhoto(world, duplicate.caseId);

    const done = await merged('force-a/approver', duplicate.childId, survivor.childId);
    assert.deepEqual(done.caseIds, [duplicate.caseId]);
    assert.deepEqual(done.photoIds, [photoId]);
    assert.equal(done.mergedBy, 'approver@force-a.test');
    assert.equal(await childOf(duplicate.caseId), survivor.childId);

    const page = JSON.parse((await asToken(world, 'force-a/investigator')('GET', `/api/v1/cases/${survivor.caseId}`)).body) as {
      episodes: { total: number; items: { id: string }[] };
      photos: { id: string }[];
    };
    assert.equal(page.episodes.total, 2);
    assert.ok(page.episodes.items.some((episode) => episode.id === duplicate.caseId));
    assert.deepEqual(
      page.photos.map((photo) => photo.id),
      [photoId],
    );

    const { rows } = await world.db.query<{ merged_into: string | null }>('SELECT merged_into FROM children WHERE id = $1', [
      duplicate.childId,
    ]);
    assert.equal(rows[0]?.merged_into, survivor.childId);
    const record_ = await world.db.query<{
      reason: string;
      child_snapshot: { given_names: string };
      into_child_snapshot: { given_names: string };
    }>('SELECT reason, child_snapshot, into_child_snapshot FROM child_merges WHERE id = $1', [done.id]);
    assert.equal(record_.rows[0]?.reason, WHY);
    assert.equal(record_.rows[0].child_snapshot.given_names, 'Maia');
    assert.equal(record_.rows[0].into_child_snapshot.given_names, 'Maya');

    assert.deepEqual(await keyNames(duplicate.childId), []);
    assert.deepEqual(await keyNames(survivor.childId), ['full_name:Maya Green', 'merged:Maia Green']);
    const check = await asToken(world, 'force-a/investigator')('POST', '/api/v1/register/likely-duplicates', typedAs('Maia'));
    const offered = (JSON.parse(check.body) as { items: { childId: string }[] }).items.map((item) => item.childId);
    assert.deepEqual(offered, [survivor.childId], 'the merged child is offered no more');

    const audit = await world.db.query<{ action: string; subject_id: string; reason: string | null }>(
      "SELECT action, subject_id, reason FROM audit_log LEFT JOIN audit_personal ON audit_personal.id = audit_log.personal_id WHERE action IN ('child.merged', 'case.child_merged') ORDER BY seq DESC LIMIT 2",
    );
    assert.deepEqual(
      audit.rows.map((row) => [row.action, row.subject_id]),
      [
        ['case.child_merged', duplicate.caseId],
        ['child.merged', duplicate.childId],
      ],
    );
    assert.equal(audit.rows[1]?.reason, WHY);

    const episode = newChildCase();
    const { child: _child, ...rest } = episode;
    const onMerged = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', { ...rest, childId: duplicate.childId });
    assert.equal(onMerged.statusCode, 409, onMerged.body);
    assert.match(onMerged.body, /child-merged/);
  });

  it('undoes a merge exactly, once', async () => {
    const survivor = await record(typedAs('Mia'));
    const duplicate = await record(typedAs('Mya'));
    const photoId = await uploadCasePhoto(world, duplicate.caseId);
    const done = await merged('force-a/approver', duplicate.childId, survivor.childId);
    // Recorded on the survivor after the merge: it stays there.
    const later = await record(typedAs('Mia'));
    await world.db.query('UPDATE cases SET child_id = $1 WHERE id = $2', [survivor.childId, later.caseId]);

    const undone = await undo('national/national_coordinator', done.id);
    assert.equal(undone.statusCode, 200, undone.body);
    assert.ok((JSON.parse(undone.body) as Merge).undoneAt);
    assert.equal(await childOf(duplicate.caseId), duplicate.childId);
    assert.equal(await childOf(later.caseId), survivor.childId);
    const photo = await world.db.query<{ child_id: string }>('SELECT child_id FROM photos WHERE id = $1', [photoId]);
    assert.equal(photo.rows[0]?.child_id, duplicate.childId);
    const { rows } = await world.db.query<{ merged_into: string | null }>('SELECT merged_into FROM children WHERE id = $1', [
      duplicate.childId,
    ]);
    assert.equal(rows[0]?.merged_into, null);
    assert.deepEqual(await keyNames(duplicate.childId), ['full_name:Mya Green']);
    assert.deepEqual(await keyNames(survivor.childId), ['full_name:Mia Green']);
    const audit = await world.db.query<{ subject_id: string }>(
      "SELECT subject_id FROM audit_log WHERE action = 'child.merge_undone' ORDER BY seq DESC LIMIT 1",
    );
    assert.equal(audit.rows[0]?.subject_id, duplicate.childId);

    const again = await undo('force-a/approver', done.id);
    assert.equal(again.statusCode, 409, again.body);

    await listsTheMergeOnBothChildren(world, done.id, duplicate.childId, survivor.childId);
  });

  it('refuses to undo a merge whose cases have been moved again, until that move is undone', async () => {
    const first = await record(typedAs('Ava'));
    const second = await record(typedAs('Eva'));
    const third = await record(typedAs('Evie'));
    const inner = await merged('force-a/approver', second.childId, first.childId);
    const outer = await merged('force-a/approver', first.childId, third.childId);
    assert.deepEqual(outer.caseIds.sort(), [first.caseId, second.caseId].sort());
    assert.ok((await keyNames(third.childId)).includes('merged:Eva Green'), 'names merged in turn follow');

    const refused = await undo('force-a/approver', inner.id);
    assert.equal(refused.statusCode, 409, refused.body);
    const problem = JSON.parse(refused.body) as { type: string; caseIds: string[] };
    assert.match(problem.type, /\/moved-again$/);
    assert.deepEqual(problem.caseIds, [second.caseId]);
    assert.equal(await childOf(second.caseId), third.childId, 'nothing moved');

    assert.equal((await undo('force-a/approver', outer.id)).statusCode, 200);
    assert.equal((await undo('force-a/approver', inner.id)).statusCode, 200);
    assert.equal(await childOf(second.caseId), second.childId);
    assert.equal(await childOf(first.caseId), first.childId);
  });
});

describeOnEngines('who may merge a child, and what refuses a merge', (engine) => {
  let world: TestWorld;
  const { record, childOf, merge, undo, merged, typedAs } = mergeHelpers(() => world);

  before(async () => {
    world = await worldOf(engine);
  });

  it('allows approvers and the national centre only, over children whose every episode they reach', async () => {
    const ours = await record(typedAs('Isla'));
    const twin = await record(typedAs('Isla'));
    const theirs = await record(typedAs('Isla'), FORCE_B_POINT, 'force-b/investigator');

    for (const who of ['force-a/investigator', 'force-a/analyst', 'council-a/caseworker']) {
      const answer = await merge(who, twin.childId, ours.childId);
      assert.equal(answer.statusCode, 403, `${who}: ${answer.body}`);
    }
    assert.equal((await merge('force-b/approver', twin.childId, ours.childId)).statusCode, 404, 'reaching neither is not found');
    assert.equal((await merge('force-a/approver', theirs.childId, ours.childId)).statusCode, 404);
    // An episode in force B of the child force A would keep: only the national centre may merge them.
    await world.db.query('UPDATE cases SET child_id = $1 WHERE id = $2', [twin.childId, theirs.caseId]);
    assert.equal((await merge('force-a/approver', ours.childId, twin.childId)).statusCode, 403);
    assert.equal((await merge('force-a/approver', ours.childId, ours.childId)).statusCode, 400);
    const national = await merged('national/national_coordinator', ours.childId, twin.childId);
    assert.deepEqual(national.caseIds, [ours.caseId]);
    assert.equal((await merge('national/national_coordinator', ours.childId, twin.childId)).statusCode, 409, 'already merged');
    const other = await record(typedAs('Isabel'));
    assert.equal((await merge('national/national_coordinator', other.childId, ours.childId)).statusCode, 409, 'into a merged child');
    assert.equal((await undo('force-b/approver', national.id)).statusCode, 403, 'force B reaches only some of it');
    assert.equal((await undo('council-a/caseworker', national.id)).statusCode, 403);
  });

  it('refuses to move an episode whose alert is live, and an exercise child into a real one', async () => {
    const { alertId } = await approvedAlert(world);
    const { rows } = await world.db.query<{ child_id: string }>(
      'SELECT c.child_id FROM alerts a JOIN cases c ON c.id = a.case_id WHERE a.id = $1',
      [alertId],
    );
    const alerted = rows[0]!.child_id;
    const other = await record({ givenNames: 'Amelia', familyName: 'Testcase' });
    const live = await merge('force-a/approver', alerted, other.childId);
    assert.equal(live.statusCode, 409, live.body);
    assert.match(live.body, /withdraw it first/);

    const base = newChildCase(undefined, { exercise: true });
    const practice = await asToken(world, 'force-a/investigator')('POST', '/api/v1/cases', base);
    const fictional = await childOf((JSON.parse(practice.body) as { id: string }).id);
    const mixed = await merge('force-a/approver', fictional, other.childId);
    assert.equal(mixed.statusCode, 409, mixed.body);
    assert.match(mixed.body, /exercise-mismatch/);
  });

  it('appears in the OpenAPI document', async () => {
    const answer = await world.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    const paths = (JSON.parse(answer.body) as { paths: Record<string, unknown> }).paths;
    for (const path of [
      '/api/v1/register/likely-duplicates',
      '/api/v1/register/children/{childId}/merge',
      '/api/v1/register/merges/{mergeId}/undo',
      '/api/v1/register/children/{childId}/merges',
    ])
      assert.ok(paths[path], path);
  });
});
