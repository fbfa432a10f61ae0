// Repeat episodes over HTTP, on both databases: a new episode of a known child starting from the last episode's
// risk answers, and the third episode in 90 days (exactly at the boundary) raising the suggested risk and putting
// the child on the repeat-missing list of the force and the local authority of the area.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeOnEngines } from '../../test/support/databases.ts';
import { asToken, FORCE_A_POINT, newChildCase, startTestWorld, type TestWorld } from '../../test/support/app.ts';
import type { NextEpisodeStart, RepeatMissingList } from './repeat-schemas.ts';
import type { CaseView } from './schemas.ts';

const DAY = 86_400_000;
const json = <T>(response: { body: string }) => JSON.parse(response.body) as T;

describeOnEngines('repeat episodes', (engine) => {
  let world: TestWorld;
  before(async () => {
    world = await startTestWorld(engine);
  });
  after(() => world.close());
  const as = (who: string) => asToken(world, who);

  it('a new episode of a known child starts from the last episode’s answers, recorded with the case once confirmed', async () => {
    const first = await as('force-a/investigator')('POST', '/api/v1/cases', newChildCase());
    const firstCase = json<CaseView>(first);
    await as('force-a/investigator')('POST', `/api/v1/cases/${firstCase.id}/risk-answers`, {
      answers: [
        { question: 'mental_health', answer: 'yes', detail: 'Self-harm last year', source: 'mother' },
        { question: 'out_of_character', answer: 'no', source: 'mother' },
      ],
    });
    const start = await as('force-a/investigator')('GET', `/api/v1/children/${firstCase.child.id}/next-episode`);
    assert.equal(start.statusCode, 200, start.body);
    const offered = json<NextEpisodeStart>(start);
    assert.equal(offered.lastEpisode.reference, firstCase.reference);
    assert.deepEqual(
      offered.answers.map((a) => [a.question, a.answer, a.detail]),
      [
        ['out_of_character', 'no', ''],
        ['mental_health', 'yes', 'Self-harm last year'],
      ],
    );
    assert.equal(offered.episodesIn90Days, 2);
    assert.equal(offered.suggestedLevel, 'high');
    // Out of reach: force B cannot start from force A's episode; a caseworker cannot record cases.
    assert.equal((await as('force-b/investigator')('GET', `/api/v1/children/${firstCase.child.id}/next-episode`)).statusCode, 404);
    assert.equal((await as('council-a/caseworker')('GET', `/api/v1/children/${firstCase.child.id}/next-episode`)).statusCode, 403);

    const repeat = await as('force-a/investigator')('POST', '/api/v1/cases', {
      childId: firstCase.child.id,
      lastSeen: { at: '2026-11-23T02:45:00Z', place: 'Park', ...FORCE_A_POINT },
      riskAnswers: offered.answers.map((a) => ({
        question: a.question,
        answer: a.answer,
        detail: a.detail,
        source: `Confirmed from ${offered.lastEpisode.reference}: ${a.source}`,
      })),
    });
    assert.equal(repeat.statusCode, 201, repeat.body);
    const view = json<CaseView>(repeat);
    assert.deepEqual(view.risk.answers.map((a) => a.question).sort(), ['mental_health', 'out_of_character']);
    assert.ok(view.risk.answers.every((a) => a.source.startsWith(`Confirmed from ${firstCase.reference}`)));
    const bad = await as('force-a/investigator')('POST', '/api/v1/cases', {
      childId: firstCase.child.id,
      lastSeen: { at: '2026-11-23T02:45:00Z', place: 'Park', ...FORCE_A_POINT },
      riskAnswers: [{ question: 'nonsense', answer: 'yes', source: 'x' }],
    });
    assert.equal(bad.statusCode, 400);
  });

  describe('the third episode in 90 days', () => {
    const at = (iso: string) => ({ at: iso, place: 'Town centre', ...FORCE_A_POINT });
    const NOW = new Date('2026-11-23T03:00:00Z');
    const record = async (childId: string | undefined, lastSeenAt: Date) => {
      const body = childId
        ? { childId, lastSeen: at(lastSeenAt.toISOString()) }
        : newChildCase(FORCE_A_POINT, { lastSeen: at(lastSeenAt.toISOString()), child: { ...newChildCase().child, givenNames: 'Repeat' } });
      const response = await as('force-a/investigator')('POST', '/api/v1/cases', body);
      assert.equal(response.statusCode, 201, response.body);
      return json<CaseView>(response);
    };
    const listed = async (who: string) => json<RepeatMissingList>(await as(who)('GET', '/api/v1/repeat-missing')).items;

    it('an episode exactly 90 days before does not count; one a minute later does', async () => {
      world.clock.set(NOW);
      // Child one: its first episode exactly 90 days before its third, so two in the third's window.
      const a1 = await record(undefined, new Date(NOW.getTime() - 90 * DAY - 3_600_000));
      await record(a1.child.id, new Date(NOW.getTime() - 45 * DAY));
      const a3 = await record(a1.child.id, new Date(NOW.getTime() - 3_600_000));
      assert.equal(a3.risk.recentEpisodes, 2);
      assert.equal(a3.risk.suggestedLevel, 'no_apparent');
      // Child two: the first a minute inside the window: three, so the suggestion rises to medium.
      const b1 = await record(undefined, new Date(NOW.getTime() - 90 * DAY - 3_600_000 + 60_000));
      await record(b1.child.id, new Date(NOW.getTime() - 45 * DAY));
      const b3 = await record(b1.child.id, new Date(NOW.getTime() - 3_600_000));
      assert.equal(b3.risk.recentEpisodes, 3);
      assert.equal(b3.risk.suggestedLevel, 'medium');
      const graded = await as('force-a/investigator')('POST', `/api/v1/cases/${b3.id}/risk-gradings`, {
        level: 'medium',
        rationale: 'Repeat',
      });
      assert.equal(json<CaseView>(graded).risk.gradings[0]!.suggestedLevel, 'medium');

      // The list counts the 90 days up to now. At child two's last episode: child two, not child one.
      const last = new Date(NOW.getTime() - 3_600_000);
      world.clock.set(last);
      const ids = (await listed('force-a/investigator')).map((item) => item.childId);
      assert.ok(ids.includes(b1.child.id));
      assert.ok(!ids.includes(a1.child.id));
      const item = (await listed('council-a/caseworker')).find((entry) => entry.childId === b1.child.id);
      assert.ok(item, 'the local authority of the area lists the child too');
      assert.equal(item.episodesIn90Days, 3);
      assert.equal(item.lastEpisode.reference, b3.reference);
      assert.equal(item.childName, 'Repeat Testcase');
      // A minute later child two's first episode is exactly 90 days old, and the child leaves the list.
      world.clock.set(new Date(last.getTime() + 59_999));
      assert.ok((await listed('force-a/investigator')).some((entry) => entry.childId === b1.child.id));
      world.clock.set(new Date(last.getTime() + 60_000));
      assert.ok(!(await listed('force-a/investigator')).some((entry) => entry.childId === b1.child.id));
      world.clock.set(last);
    });

    it('the list is the force’s and the local authority’s of the area, and no one else’s', async () => {
      assert.equal((await as('force-b/investigator')('GET', '/api/v1/repeat-missing')).statusCode, 200);
      assert.equal((await listed('force-b/investigator')).length, 0);
      assert.ok((await listed('national/national_coordinator')).length > 0);
      for (const who of ['charity/caseworker', 'force-a/analyst', 'partner/partner_admin'])
        assert.equal((await as(who)('GET', '/api/v1/repeat-missing')).statusCode, 403, who);
      world.clock.set(NOW);
    });
  });

  it('publishes every route of profiles and repeat missing in the OpenAPI document', async () => {
    const document = json<{ paths: Record<string, Record<string, unknown>> }>(await world.app.inject({ url: '/api/v1/openapi.json' }));
    for (const [path, methods] of Object.entries({
      '/api/v1/philomena-profiles': ['get', 'post'],
      '/api/v1/philomena-profiles/{profileId}': ['get', 'patch'],
      '/api/v1/philomena-profiles/{profileId}/reviews': ['post'],
      '/api/v1/philomena-profiles/{profileId}/missing-reports': ['post'],
      '/api/v1/philomena-profiles/{profileId}/case': ['post'],
      '/api/v1/repeat-missing': ['get'],
      '/api/v1/children/{childId}/next-episode': ['get'],
    }))
      for (const method of methods) assert.ok(document.paths[path]?.[method], `${method.toUpperCase()} ${path}`);
  });
});
