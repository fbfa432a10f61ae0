// An unidentified person's record as typed in the form, and the requests the API takes from it: the whole
// record when it is made, and only what changed (with the version seen) when it is edited.
import type { NewUnidentifiedRequest, UnidentifiedPatch, UnidentifiedView } from './types.ts';

export interface MarkDraft {
  /** Identifies the row while it is edited (rows are added and removed). */
  key: number;
  kind: string;
  bodyLocation: string;
  description: string;
}

export const EMPTY = {
  kind: '',
  sex: 'unknown',
  foundAt: '',
  place: '',
  lon: '',
  lat: '',
  ageMin: '',
  ageMax: '',
  heightMin: '',
  heightMax: '',
  build: '',
  hairColour: '',
  eyeColour: '',
  clothing: '',
  belongings: '',
  dentalReference: '',
  dnaReference: '',
  notes: '',
  owner: '',
  marks: [] as MarkDraft[],
};
export type Draft = typeof EMPTY;
/** The draft's fields that hold text (all but the marks). */
export type TextKey = Exclude<keyof Draft, 'marks'>;

let nextKey = 1;
export const newMark = (): MarkDraft => ({ key: nextKey++, kind: '', bodyLocation: '', description: '' });

/** An instant as a datetime-local control shows it, in the viewer's zone. */
export function toLocalInput(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

const text = (value: number | string | null) => (value === null ? '' : String(value));

export function draftOf(view: UnidentifiedView): Draft {
  return {
    kind: view.kind,
    sex: view.sex,
    foundAt: toLocalInput(view.found.at),
    place: view.found.place,
    lon: String(view.found.lon),
    lat: String(view.found.lat),
    ageMin: text(view.age.min),
    ageMax: text(view.age.max),
    heightMin: text(view.heightCm.min),
    heightMax: text(view.heightCm.max),
    build: view.build ?? '',
    hairColour: view.hairColour ?? '',
    eyeColour: view.eyeColour ?? '',
    clothing: view.clothing,
    belongings: view.belongings,
    dentalReference: view.dentalReference ?? '',
    dnaReference: view.dnaReference ?? '',
    notes: view.notes,
    owner: view.owningOrganisation.code,
    marks: view.marks.map((mark) => ({ ...newMark(), ...mark })),
  };
}

// What was typed goes to the API as typed: a word outside the lists, or a number out of range, is refused there
// and shown by its field, rather than quietly changed here. Hence the casts below are of our own draft, not of
// request data.
const whole = (value: string) => (value.trim() === '' ? null : Number(value));
const word = <T>(value: string) => (value === '' ? null : (value as T));
const reference = (value: string) => (value.trim() === '' ? null : value.trim());

function found(draft: Draft) {
  const at = new Date(draft.foundAt);
  return {
    at: draft.foundAt && !Number.isNaN(at.getTime()) ? at.toISOString() : draft.foundAt,
    place: draft.place.trim(),
    lon: draft.lon.trim() === '' ? Number.NaN : Number(draft.lon),
    lat: draft.lat.trim() === '' ? Number.NaN : Number(draft.lat),
  };
}

type Description = Omit<UnidentifiedPatch, 'version' | 'found' | 'sex'>;

function description(draft: Draft): Required<Description> {
  return {
    ageMin: whole(draft.ageMin),
    ageMax: whole(draft.ageMax),
    heightMinCm: whole(draft.heightMin),
    heightMaxCm: whole(draft.heightMax),
    build: word(draft.build),
    hairColour: word(draft.hairColour),
    eyeColour: word(draft.eyeColour),
    marks: draft.marks.map((mark) => ({
      kind: mark.kind as NonNullable<Description['marks']>[number]['kind'],
      bodyLocation: mark.bodyLocation as NonNullable<Description['marks']>[number]['bodyLocation'],
      ...(mark.description.trim() ? { description: mark.description.trim() } : {}),
    })),
    clothing: draft.clothing,
    belongings: draft.belongings,
    dentalReference: reference(draft.dentalReference),
    dnaReference: reference(draft.dnaReference),
    notes: draft.notes,
  };
}

/** The request that records a new person or remains. */
export function newRequestFrom(draft: Draft, national: boolean): NewUnidentifiedRequest {
  return {
    kind: draft.kind as NewUnidentifiedRequest['kind'],
    sex: (draft.sex || 'unknown') as NewUnidentifiedRequest['sex'],
    found: found(draft),
    ...(national && draft.owner ? { owningOrganisationCode: draft.owner } : {}),
    ...description(draft),
  };
}

/** Only the fields that differ from where the edit started, so a colleague's change elsewhere is kept. */
export function patchFrom(draft: Draft, base: Draft, version: number): UnidentifiedPatch {
  const body: UnidentifiedPatch = { version };
  const changed = (...fields: TextKey[]) => fields.some((key) => draft[key] !== base[key]);
  if (changed('foundAt', 'place', 'lon', 'lat')) body.found = found(draft);
  if (changed('sex')) body.sex = (draft.sex || 'unknown') as UnidentifiedPatch['sex'];
  const now = description(draft);
  const before = description(base);
  for (const key of Object.keys(now) as (keyof Description)[])
    if (JSON.stringify(now[key]) !== JSON.stringify(before[key])) Object.assign(body, { [key]: now[key] });
  return body;
}
