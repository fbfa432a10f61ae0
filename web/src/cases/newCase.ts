// A new case as typed in the form, and the request the API takes from it.

export const EMPTY = {
  givenNames: '',
  familyName: '',
  knownAs: '',
  aliases: '',
  dateOfBirth: '',
  estimatedAge: '',
  sex: '',
  heightCm: '',
  build: '',
  hairColour: '',
  eyeColour: '',
  distinguishingMarks: '',
  languages: '',
  lastSeenAt: '',
  place: '',
  lon: '',
  lat: '',
  circumstances: '',
  clothing: '',
  vehicle: '',
  suspect: '',
  sensitive: false,
  exercise: false,
  owner: '',
};
export type Draft = typeof EMPTY;

const list = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
const optional = (text: string) => (text.trim() ? text.trim() : undefined);
const number = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** The request the API takes, from what was typed; empty fields are left out so the API names what is missing. */
export function requestFrom(draft: Draft, childId: string | undefined) {
  const lastSeenAt = draft.lastSeenAt ? new Date(draft.lastSeenAt) : undefined;
  const lastSeen: Record<string, unknown> = { place: draft.place.trim() };
  if (lastSeenAt && !Number.isNaN(lastSeenAt.getTime())) lastSeen.at = lastSeenAt.toISOString();
  if (draft.lon.trim() !== '') lastSeen.lon = Number(draft.lon);
  if (draft.lat.trim() !== '') lastSeen.lat = Number(draft.lat);
  const body: Record<string, unknown> = {
    lastSeen,
    circumstances: draft.circumstances,
    clothing: draft.clothing,
    vehicle: draft.vehicle,
    suspect: draft.suspect,
    sensitive: draft.sensitive,
    exercise: draft.exercise,
  };
  if (draft.owner) body.owningOrganisationCode = draft.owner;
  if (childId) body.childId = childId;
  else {
    body.child = {
      givenNames: draft.givenNames.trim(),
      familyName: draft.familyName.trim(),
      knownAs: optional(draft.knownAs) ?? null,
      aliases: list(draft.aliases),
      dateOfBirth: optional(draft.dateOfBirth) ?? null,
      estimatedAge: number(draft.estimatedAge) ?? null,
      sex: draft.sex || 'unknown',
      heightCm: number(draft.heightCm) ?? null,
      build: optional(draft.build) ?? null,
      hairColour: optional(draft.hairColour) ?? null,
      eyeColour: optional(draft.eyeColour) ?? null,
      distinguishingMarks: optional(draft.distinguishingMarks) ?? null,
      languages: list(draft.languages),
    };
  }
  return body;
}
