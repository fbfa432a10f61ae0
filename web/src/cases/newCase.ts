// A new case as typed in the form, and the request the API takes from it.
import { SEXES } from '../../../src/cases/vocabulary.ts';
import type { LikelyDuplicatesRequest } from '../../../src/register/schemas.ts';

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
  // The child as typed when the officer said it is a different child from those offered (likelyKey); typing
  // another name, date of birth or sex asks again.
  confirmedFor: '',
};
export type Draft = typeof EMPTY;

const list = (text: string) =>
  text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
const optional = (text: string) => (text.trim() ? text.trim() : undefined);
const number = (text: string) => (text.trim() === '' ? undefined : Number(text));

/** What the likely-duplicates check needs of the child typed, once both names are there. */
export function typedChild(draft: Draft): LikelyDuplicatesRequest | undefined {
  const givenNames = draft.givenNames.trim();
  const familyName = draft.familyName.trim();
  if (!givenNames || !familyName || givenNames.length > 100 || familyName.length > 100) return undefined;
  const typed: LikelyDuplicatesRequest = { givenNames, familyName };
  const age = number(draft.estimatedAge);
  if (/^\d{4}-\d{2}-\d{2}$/.test(draft.dateOfBirth)) typed.dateOfBirth = draft.dateOfBirth;
  else if (age !== undefined && Number.isInteger(age) && age >= 0 && age <= 17) typed.estimatedAge = age;
  const sex = SEXES.find((value) => value === draft.sex);
  if (sex) typed.sex = sex;
  return typed;
}

/** The child typed, as one string: what a confirmation was given for. */
export const likelyKey = (draft: Draft): string => JSON.stringify(typedChild(draft) ?? null);

/** Whether the officer said this is a different child, for the child as typed now. */
export const confirmedNewChild = (draft: Draft): boolean => draft.confirmedFor !== '' && draft.confirmedFor === likelyKey(draft);

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
    if (confirmedNewChild(draft)) body.confirmedNewChild = true;
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
