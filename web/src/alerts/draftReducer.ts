// The alert draft form's state and every change to it, as pure functions: what the officer has typed, the
// version the server last gave, what is being sent and what was refused. The form's sections only dispatch.
import { canonicalLanguage } from './counting.ts';
import { CRITERIA_KEYS, type Alert, type AlertContent, type AreaPart, type CapStatus, type CriterionKey } from './types.ts';

export interface Draft {
  capStatus: CapStatus;
  criteria: Record<CriterionKey, { met: boolean; reason: string }>;
  contents: AlertContent[];
  parts: AreaPart[];
  jurisdictionCodes: string[];
  national: boolean;
  areaDescription: string;
  photoIds: string[];
  vehicle: string;
  suspect: string;
}

/** A circle being typed in: kept as text, so a half-typed number is not lost or rewritten. */
export interface CircleInput {
  lat: string;
  lon: string;
  radiusKm: string;
}

/** A refusal made in the form itself, before anything is sent: a translation key and what it names. */
export interface LocalProblem {
  key: 'content.badLanguage' | 'content.twice' | 'area.badCentre' | 'area.badRadius';
  tag?: string;
}

export interface DraftState {
  /** The alert as the server last returned it (its version goes with the next save). */
  alert: Alert;
  draft: Draft;
  /** Once the officer writes the area's description, the server's suggestion no longer replaces it. */
  descriptionTouched: boolean;
  /** When the draft was last saved, for the notice; cleared by any change. */
  savedAt: string | undefined;
  busy: boolean;
  problem: unknown;
  newLanguage: string;
  languageProblem: LocalProblem | undefined;
  circle: CircleInput;
  circleProblem: LocalProblem | undefined;
  /** Why a live alert's change is requested (change mode only). */
  note: string;
}

export type DraftAction =
  | { type: 'update'; changes: Partial<Draft> }
  | { type: 'criterion'; key: CriterionKey; changes: Partial<{ met: boolean; reason: string }> }
  | { type: 'content'; index: number; changes: Partial<AlertContent> }
  | { type: 'removeContent'; index: number }
  | { type: 'newLanguage'; value: string }
  | { type: 'addLanguage' }
  | { type: 'circle'; changes: Partial<CircleInput> }
  | { type: 'addCircle' }
  | { type: 'addPart'; part: AreaPart }
  | { type: 'removePart'; index: number }
  | { type: 'jurisdiction'; code: string; chosen: boolean }
  | { type: 'photo'; id: string; chosen: boolean }
  | { type: 'describeArea'; text: string }
  | { type: 'note'; value: string }
  | { type: 'sending' }
  | { type: 'saved'; alert: Alert }
  | { type: 'savedAt'; time: string }
  | { type: 'failed'; error: unknown }
  | { type: 'settled' };

export function draftOf(alert: Alert): Draft {
  // A new draft has not answered every criterion yet: one it has not answered starts unmet.
  const answered: Partial<Alert['criteria']> = alert.criteria;
  return {
    capStatus: alert.capStatus,
    criteria: Object.fromEntries(
      CRITERIA_KEYS.map((k) => [k, { met: answered[k]?.met ?? false, reason: answered[k]?.reason ?? '' }]),
    ) as Draft['criteria'],
    contents: alert.contents.map(({ language, headline, description, instruction, contact, smsText, broadcastText }) => ({
      language,
      headline,
      description,
      instruction,
      contact,
      smsText,
      broadcastText,
    })),
    parts: alert.area.parts,
    jurisdictionCodes: alert.area.jurisdictionCodes,
    national: alert.area.national,
    areaDescription: alert.area.description,
    photoIds: alert.photos.map((p) => p.photoId),
    vehicle: alert.vehicle,
    suspect: alert.suspect,
  };
}

export function initialDraftState(alert: Alert): DraftState {
  return {
    alert,
    draft: draftOf(alert),
    descriptionTouched: false,
    savedAt: undefined,
    busy: false,
    problem: undefined,
    newLanguage: '',
    languageProblem: undefined,
    circle: { lat: String(alert.lastSeen.lat), lon: String(alert.lastSeen.lon), radiusKm: '10' },
    circleProblem: undefined,
    note: '',
  };
}

/** The language the officer typed, in its canonical form, or why it cannot be added. */
export function languageToAdd(typed: string, contents: AlertContent[]): { tag: string } | { problem: LocalProblem } {
  const canonical = canonicalLanguage(typed);
  if (!typed.trim() || !canonical) return { problem: { key: 'content.badLanguage', tag: typed } };
  if (contents.some((c) => c.language.toLowerCase() === canonical.toLowerCase()))
    return { problem: { key: 'content.twice', tag: canonical } };
  return { tag: canonical };
}

/** The circle the officer typed, or why it is not one. */
export function circleToAdd(circle: CircleInput): { part: AreaPart } | { problem: LocalProblem } {
  const lat = Number(circle.lat);
  const lon = Number(circle.lon);
  const radiusKm = Number(circle.radiusKm);
  if (
    !Number.isFinite(lat) ||
    lat < -90 ||
    lat > 90 ||
    !Number.isFinite(lon) ||
    lon < -180 ||
    lon > 180 ||
    circle.lat.trim() === '' ||
    circle.lon.trim() === ''
  ) {
    return { problem: { key: 'area.badCentre' } };
  }
  if (!Number.isFinite(radiusKm) || radiusKm <= 0 || radiusKm > 1000) return { problem: { key: 'area.badRadius' } };
  return { part: { kind: 'circle', center: [lon, lat], radiusKm } };
}

/** A change to what will be sent: the "saved" notice no longer holds. */
function withDraft(state: DraftState, changes: Partial<Draft>): DraftState {
  return { ...state, draft: { ...state.draft, ...changes }, savedAt: undefined };
}

const toggled = (list: string[], item: string, chosen: boolean): string[] => (chosen ? [...list, item] : list.filter((x) => x !== item));

export function draftReducer(state: DraftState, action: DraftAction): DraftState {
  const { draft } = state;
  switch (action.type) {
    case 'update':
      return withDraft(state, action.changes);
    case 'criterion':
      return withDraft(state, { criteria: { ...draft.criteria, [action.key]: { ...draft.criteria[action.key], ...action.changes } } });
    case 'content':
      return withDraft(state, { contents: draft.contents.map((c, i) => (i === action.index ? { ...c, ...action.changes } : c)) });
    case 'removeContent':
      return withDraft(state, { contents: draft.contents.filter((_, i) => i !== action.index) });
    case 'newLanguage':
      return { ...state, newLanguage: action.value };
    case 'addLanguage': {
      const result = languageToAdd(state.newLanguage, draft.contents);
      if ('problem' in result) return { ...state, languageProblem: result.problem };
      // The contact usually stays the same across languages; the officer may change it.
      const contact = draft.contents[0]?.contact ?? '';
      const added: AlertContent = {
        language: result.tag,
        headline: '',
        description: '',
        instruction: '',
        contact,
        smsText: '',
        broadcastText: '',
      };
      return { ...withDraft(state, { contents: [...draft.contents, added] }), newLanguage: '', languageProblem: undefined };
    }
    case 'circle':
      return { ...state, circle: { ...state.circle, ...action.changes } };
    case 'addCircle': {
      const result = circleToAdd(state.circle);
      if ('problem' in result) return { ...state, circleProblem: result.problem };
      return { ...withDraft(state, { parts: [...draft.parts, result.part] }), circleProblem: undefined };
    }
    case 'addPart':
      return withDraft(state, { parts: [...draft.parts, action.part] });
    case 'removePart':
      return withDraft(state, { parts: draft.parts.filter((_, i) => i !== action.index) });
    case 'jurisdiction':
      return withDraft(state, { jurisdictionCodes: toggled(draft.jurisdictionCodes, action.code, action.chosen) });
    case 'photo':
      return withDraft(state, { photoIds: toggled(draft.photoIds, action.id, action.chosen) });
    case 'describeArea':
      return { ...withDraft(state, { areaDescription: action.text }), descriptionTouched: true };
    case 'note':
      return { ...state, note: action.value };
    case 'sending':
      return { ...state, busy: true, problem: undefined, savedAt: undefined };
    case 'saved':
      // The server may describe the area; the officer's own words stay as they typed them.
      return {
        ...state,
        alert: action.alert,
        draft: { ...draft, areaDescription: state.descriptionTouched ? draft.areaDescription : action.alert.area.description },
      };
    case 'savedAt':
      return { ...state, savedAt: action.time };
    case 'failed':
      return { ...state, problem: action.error };
    case 'settled':
      return { ...state, busy: false };
  }
}

/** The body of a save: the draft as typed, the area's description only once the officer has written one. */
export function saveBody(state: DraftState) {
  const { draft } = state;
  return {
    version: state.alert.version,
    capStatus: draft.capStatus,
    criteria: draft.criteria,
    contents: draft.contents,
    area: {
      parts: draft.parts,
      jurisdictionCodes: draft.jurisdictionCodes,
      national: draft.national,
      ...(state.descriptionTouched && draft.areaDescription.trim() ? { description: draft.areaDescription.trim() } : {}),
    },
    photoIds: draft.photoIds,
    vehicle: draft.vehicle,
    suspect: draft.suspect,
  };
}
