// The alert draft form's reducer (web/src/alerts/draftReducer.ts): what each change does to the draft, what
// the form refuses before sending, and what survives a save.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { circleToAdd, draftReducer, initialDraftState, languageToAdd, saveBody, type DraftState } from '../web/src/alerts/draftReducer.ts';
import type { Alert } from '../web/src/alerts/types.ts';

const content = {
  language: 'en',
  headline: 'Missing',
  description: 'Last seen in the park',
  instruction: 'Call 999',
  contact: '999',
  smsText: 'Missing child',
  broadcastText: 'Missing child',
};

function alertWith(changes: Partial<Alert> = {}): Alert {
  return {
    id: 'a1',
    slug: 'a1',
    publicUrl: 'https://example.test/a1',
    caseId: 'c1',
    caseReference: 'CASE-1',
    owningOrganisationCode: 'force-a',
    state: 'draft',
    capStatus: 'Actual',
    criteria: { under18: { met: true, reason: 'Aged 12', label: 'Under 18' } } as Alert['criteria'],
    area: { parts: [], jurisdictionCodes: [], national: false, description: 'Around the park', cellRanges: 0 },
    lastSeen: { at: '2026-01-01T10:00:00Z', lon: -1.5, lat: 52.5, place: 'The park' },
    vehicle: '',
    suspect: '',
    contents: [{ ...content, sms: { encoding: 'GSM-7', units: 13, segments: 1, fits: true }, broadcastLength: 13 }],
    photos: [],
    requestedBy: null,
    requestedAt: null,
    approvedBy: null,
    approvedAt: null,
    decisionNote: null,
    withdrawnAt: null,
    withdrawalReason: null,
    expiresAt: null,
    createdAt: '2026-01-01T10:00:00Z',
    updatedAt: '2026-01-01T10:00:00Z',
    version: 3,
    pendingChange: null,
    messages: [],
    identityWithheld: false,
    ...changes,
  };
}

const start = (): DraftState => initialDraftState(alertWith());
const apply = (state: DraftState, ...actions: Parameters<typeof draftReducer>[1][]) => actions.reduce(draftReducer, state);

describe('the alert draft reducer', () => {
  it('starts from the alert: missing criteria unmet, contents without their counts, a circle round the last sighting', () => {
    const state = start();
    assert.deepEqual(state.draft.criteria.under18, { met: true, reason: 'Aged 12' });
    assert.deepEqual(state.draft.criteria.imminentDanger, { met: false, reason: '' });
    assert.deepEqual(state.draft.contents, [content]);
    assert.deepEqual(state.circle, { lat: '52.5', lon: '-1.5', radiusKm: '10' });
    assert.equal(state.busy, false);
  });

  it('changes one criterion and one content block without touching the others, and withdraws the saved notice', () => {
    const saved = apply(start(), { type: 'savedAt', time: '10:05' });
    assert.equal(saved.savedAt, '10:05');
    const next = apply(
      saved,
      { type: 'criterion', key: 'imminentDanger', changes: { met: true } },
      { type: 'content', index: 0, changes: { headline: 'Urgent' } },
    );
    assert.deepEqual(next.draft.criteria.imminentDanger, { met: true, reason: '' });
    assert.deepEqual(next.draft.criteria.under18, { met: true, reason: 'Aged 12' });
    assert.equal(next.draft.contents[0]?.headline, 'Urgent');
    assert.equal(next.draft.contents[0].smsText, 'Missing child');
    assert.equal(next.savedAt, undefined);
  });

  it('adds a language in its canonical form with the first block’s contact, and refuses nonsense or a second copy', () => {
    assert.deepEqual(languageToAdd('', [content]), { problem: { key: 'content.badLanguage', tag: '' } });
    assert.deepEqual(languageToAdd('not a tag!', [content]), { problem: { key: 'content.badLanguage', tag: 'not a tag!' } });
    assert.deepEqual(languageToAdd('EN', [content]), { problem: { key: 'content.twice', tag: 'en' } });
    const added = apply(start(), { type: 'newLanguage', value: 'CY' }, { type: 'addLanguage' });
    assert.equal(added.draft.contents.length, 2);
    assert.deepEqual(added.draft.contents[1], {
      language: 'cy',
      headline: '',
      description: '',
      instruction: '',
      contact: '999',
      smsText: '',
      broadcastText: '',
    });
    assert.equal(added.newLanguage, '');
    const twice = apply(added, { type: 'newLanguage', value: 'cy' }, { type: 'addLanguage' });
    assert.deepEqual(twice.languageProblem, { key: 'content.twice', tag: 'cy' });
    assert.equal(twice.draft.contents.length, 2);
    assert.equal(twice.newLanguage, 'cy', 'what was typed stays to be corrected');
    const removed = apply(twice, { type: 'removeContent', index: 1 });
    assert.deepEqual(removed.draft.contents, [content]);
  });

  it('adds a typed circle as longitude then latitude, and refuses a centre off the globe or a radius out of range', () => {
    assert.deepEqual(circleToAdd({ lat: '52.5', lon: '-1.5', radiusKm: '10' }), {
      part: { kind: 'circle', center: [-1.5, 52.5], radiusKm: 10 },
    });
    assert.deepEqual(circleToAdd({ lat: '91', lon: '0', radiusKm: '10' }), { problem: { key: 'area.badCentre' } });
    assert.deepEqual(circleToAdd({ lat: ' ', lon: '0', radiusKm: '10' }), { problem: { key: 'area.badCentre' } });
    assert.deepEqual(circleToAdd({ lat: '0', lon: '0', radiusKm: '0' }), { problem: { key: 'area.badRadius' } });
    assert.deepEqual(circleToAdd({ lat: '0', lon: '0', radiusKm: '1001' }), { problem: { key: 'area.badRadius' } });
    const refused = apply(start(), { type: 'circle', changes: { radiusKm: 'x' } }, { type: 'addCircle' });
    assert.deepEqual(refused.circleProblem, { key: 'area.badRadius' });
    assert.equal(refused.draft.parts.length, 0);
    const added = apply(refused, { type: 'circle', changes: { radiusKm: '5' } }, { type: 'addCircle' });
    assert.equal(added.circleProblem, undefined);
    assert.deepEqual(added.draft.parts, [{ kind: 'circle', center: [-1.5, 52.5], radiusKm: 5 }]);
    assert.deepEqual(apply(added, { type: 'removePart', index: 0 }).draft.parts, []);
  });

  it('chooses and lets go of jurisdictions and photos', () => {
    const chosen = apply(
      start(),
      { type: 'jurisdiction', code: 'E1', chosen: true },
      { type: 'jurisdiction', code: 'E2', chosen: true },
      { type: 'photo', id: 'p1', chosen: true },
    );
    assert.deepEqual(chosen.draft.jurisdictionCodes, ['E1', 'E2']);
    assert.deepEqual(chosen.draft.photoIds, ['p1']);
    const dropped = apply(chosen, { type: 'jurisdiction', code: 'E1', chosen: false }, { type: 'photo', id: 'p1', chosen: false });
    assert.deepEqual(dropped.draft.jurisdictionCodes, ['E2']);
    assert.deepEqual(dropped.draft.photoIds, []);
  });

  it('sends the area’s description only once the officer has written one, and keeps their words over the server’s', () => {
    assert.equal('description' in saveBody(start()).area, false);
    assert.equal(saveBody(start()).version, 3);
    const fromServer = apply(start(), {
      type: 'saved',
      alert: alertWith({ version: 4, area: { ...alertWith().area, description: 'Within 10 km of the park' } }),
    });
    assert.equal(fromServer.draft.areaDescription, 'Within 10 km of the park');
    assert.equal(saveBody(fromServer).version, 4);
    const written = apply(start(), { type: 'describeArea', text: '  Birmingham city centre ' });
    assert.equal(saveBody(written).area.description, 'Birmingham city centre');
    const kept = apply(written, {
      type: 'saved',
      alert: alertWith({ version: 5, area: { ...alertWith().area, description: 'Server words' } }),
    });
    assert.equal(kept.draft.areaDescription, '  Birmingham city centre ');
    assert.equal(kept.alert.version, 5);
  });

  it('keeps what was typed when a save is refused, and is no longer busy once it settles', () => {
    const typed = apply(start(), { type: 'update', changes: { vehicle: 'Blue van' } }, { type: 'sending' });
    assert.equal(typed.busy, true);
    const refused = apply(typed, { type: 'failed', error: new Error('refused') }, { type: 'settled' });
    assert.equal(refused.busy, false);
    assert.equal((refused.problem as Error).message, 'refused');
    assert.equal(refused.draft.vehicle, 'Blue van');
    assert.equal(apply(refused, { type: 'sending' }).problem, undefined);
  });
});
