// What the public sends back, checked and stored: sightings of an appeal and reports. Shared by the
// sighting and report routes, their HTML forms and their JSON API.
//
// Nothing lost: the row and its files are committed before a reference is shown. Files go to the media
// store first (it is not in the database), and are removed again if the transaction fails. A retry or a
// double tap carries the same idempotency key and gets the first submission's reference.
import { randomInt } from 'node:crypto';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Database, Queryable } from '../db/database.ts';
import { Problem } from '../http/problem.ts';
import { parseInstant, parseLocalTime } from '../http/dates.ts';
import type { MediaStore } from '../media/media-store.ts';
import { redeemPowSolution, type PowVerdict } from '../abuse/pow.ts';
import { gazetteerPlaceById, lookUpGazetteerPlace, similarGazetteerPlaces, type FoundGazetteerPlace } from '../geo/gazetteer.ts';
import { checkEmail } from '../subscribers/addresses.ts';
import { insertSubmission, referenceForKey, type SubmissionToStore } from '../triage/intake.ts';
import type { CheckedAttachment } from './attachments.ts';

export type SubmissionKind = 'sighting' | 'report';
export const REPORT_CATEGORIES = [
  'suspected_trafficking',
  'online_grooming',
  'child_at_risk',
  'missing_child_information',
  'other',
] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

export const MAX_DESCRIPTION = 4000;
export const MAX_DETAIL = 500;
export const MAX_LINKS = 5;
const MAX_LINK_LENGTH = 2000;
const MAX_NAME = 200;
const MAX_PLACE_TEXT = 200;
/** A clock a little ahead of ours is a phone's, not a time in the future. */
const FUTURE_SLACK_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,64}$/;
// No 0/O, 1/I/L, 5/S, 2/Z, 8/B: a reference read out over the phone is not misheard.
const REFERENCE_ALPHABET = '34679ACDEFGHJKMNPQRTUVWXY';

export function newReference(kind: SubmissionKind): string {
  const group = () => Array.from({ length: 4 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('');
  return `${kind === 'sighting' ? 'S' : 'R'}-${group()}-${group()}`;
}

/** The raw text fields of a submission, from a form or a JSON body: all strings, possibly missing. */
export type SubmissionFields = Record<string, string | undefined>;

export interface FieldProblem {
  /** The form field name it belongs to. */
  field: string;
  /** In English, for the API. */
  detail: string;
  /** The locale key under intake.problem and its values, for the forms in the reader's language. */
  key?: string;
  params?: Record<string, string | number>;
  /** Places to choose from when a typed place matched several, or was spelt nearly like some. */
  choices?: FoundGazetteerPlace[];
  /** The choices include keeping the typed words as they are (no point; staff place it). */
  keepTyped?: boolean;
}

/** A submission once checked: what triage stores, with the kind and category narrowed to the forms' own. */
export interface CheckedSubmission extends SubmissionToStore {
  kind: SubmissionKind;
  category: ReportCategory | null;
}

export interface AlertForSighting {
  id: string;
  lastSeenAt: Date;
}

/**
 * A time typed in a form (datetime-local: no zone) is UK time, as the appeal is; an ISO time with a zone
 * (the API) is taken as it is.
 */
export function parseSeenAt(text: string): Date | undefined {
  const trimmed = text.trim();
  if (/([zZ]|[+-]\d\d:?\d\d)$/.test(trimmed)) return parseInstant(trimmed);
  const local = parseLocalTime(trimmed);
  if (!local) return undefined;
  const { year, month, day, hour, minute, second } = local;
  const asUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  // London's offset at that moment: format the UTC guess in London time and take the difference.
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  })
    .formatToParts(new Date(asUtc))
    .reduce<Record<string, number>>((acc, part) => (part.type === 'literal' ? acc : { ...acc, [part.type]: Number(part.value) }), {});
  const londonAsUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second);
  const date = new Date(asUtc - (londonAsUtc - asUtc));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function optionalText(fields: SubmissionFields, name: string, max: number, problems: FieldProblem[], label: string): string | null {
  const value = (fields[name] ?? '').trim();
  if (value === '') return null;
  if (value.length > max)
    problems.push({ field: name, detail: `${label} must be at most ${max} characters.`, key: 'tooLong', params: { max } });
  return value;
}

/** What a place field may do when the typed name is not one the gazetteer knows. */
export interface PlaceOptions {
  /** A sighting needs a place (a point, or at least words). */
  required: boolean;
  /** A form can ask once more: names spelt nearly like it are offered, beside "keep what I typed". */
  suggest: boolean;
}

/** The choice that keeps the typed words without a point, for staff to place. */
export const KEEP_TYPED_PLACE = 'typed';

async function checkPlace(
  db: Queryable,
  fields: SubmissionFields,
  options: PlaceOptions,
  problems: FieldProblem[],
): Promise<{ lon: number | null; lat: number | null; placeText: string | null }> {
  const latText = (fields.lat ?? '').trim();
  const lonText = (fields.lon ?? '').trim();
  const typed = (fields.place ?? '').trim();
  if (typed.length > MAX_PLACE_TEXT) {
    problems.push({
      field: 'place',
      detail: `The place must be at most ${MAX_PLACE_TEXT} characters.`,
      key: 'tooLong',
      params: { max: MAX_PLACE_TEXT },
    });
    return { lon: null, lat: null, placeText: null };
  }
  if (latText !== '' || lonText !== '') {
    const lat = Number(latText);
    const lon = Number(lonText);
    if (
      latText === '' ||
      lonText === '' ||
      !Number.isFinite(lat) ||
      !Number.isFinite(lon) ||
      lat < -90 ||
      lat > 90 ||
      lon < -180 ||
      lon > 180
    ) {
      problems.push({
        field: 'place',
        detail: 'The location is not valid: latitude must be from -90 to 90 and longitude from -180 to 180.',
        key: 'locationInvalid',
      });
      return { lon: null, lat: null, placeText: null };
    }
    return { lon, lat, placeText: typed || null };
  }
  const choice = (fields.place_choice ?? '').trim();
  if (typed !== '' && choice === KEEP_TYPED_PLACE) return { lon: null, lat: null, placeText: typed };
  if (/^\d{1,15}$/.test(choice) && typed !== '') {
    const chosen = await gazetteerPlaceById(db, Number(choice));
    if (chosen) return { lon: chosen.lon, lat: chosen.lat, placeText: chosen.name };
  }
  if (typed === '') {
    if (options.required)
      problems.push({ field: 'place', detail: 'Say where: type a town or place, or use your location.', key: 'placeRequired' });
    return { lon: null, lat: null, placeText: null };
  }
  const found = await lookUpGazetteerPlace(db, typed);
  if (found.kind === 'found') return { lon: found.place.lon, lat: found.place.lat, placeText: typed };
  if (found.kind === 'ambiguous') {
    problems.push({
      field: 'place',
      detail: 'Several places have that name: choose one.',
      key: 'placeAmbiguous',
      choices: found.choices,
      keepTyped: true,
    });
    return { lon: null, lat: null, placeText: typed };
  }
  // A place the gazetteer does not know is never a reason to refuse: the words are kept for staff to
  // place. A form asks once whether a name spelt nearly like it was meant.
  if (options.suggest) {
    const similar = await similarGazetteerPlaces(db, typed);
    if (similar.length > 0) {
      problems.push({
        field: 'place',
        detail: 'We do not know that place. Did you mean one of these?',
        key: 'placeSuggest',
        params: { place: typed },
        choices: similar,
        keepTyped: true,
      });
    }
  }
  return { lon: null, lat: null, placeText: typed };
}

function checkContact(fields: SubmissionFields, problems: FieldProblem[]) {
  const contactName = optionalText(fields, 'contact_name', MAX_NAME, problems, 'Your name');
  let contactPhone: string | null = null;
  const phoneText = (fields.contact_phone ?? '').trim();
  if (phoneText !== '') {
    // Any phone a person can be called back on will do here, landline or mobile.
    const parsed = phoneText.length <= 40 ? parsePhoneNumberFromString(phoneText, 'GB') : undefined;
    if (!parsed || !parsed.isValid())
      problems.push({ field: 'contact_phone', detail: 'The phone number is not valid.', key: 'phoneInvalid' });
    else contactPhone = parsed.number;
  }
  let contactEmail: string | null = null;
  const emailText = (fields.contact_email ?? '').trim();
  if (emailText !== '') {
    const email = checkEmail(emailText);
    if (!email.ok) problems.push({ field: 'contact_email', detail: 'The email address is not valid.', key: 'emailInvalid' });
    else contactEmail = email.address;
  }
  return { contactName, contactPhone, contactEmail };
}

function checkCommon(fields: SubmissionFields, problems: FieldProblem[]): { description: string; idempotencyKey: string } {
  const description = (fields.description ?? '').trim();
  if (description === '') problems.push({ field: 'description', detail: 'Say what you saw or what happened.', key: 'descriptionRequired' });
  else if (description.length > MAX_DESCRIPTION)
    problems.push({
      field: 'description',
      detail: `The description must be at most ${MAX_DESCRIPTION} characters.`,
      key: 'tooLong',
      params: { max: MAX_DESCRIPTION },
    });
  const idempotencyKey = (fields.idempotency_key ?? '').trim();
  if (!IDEMPOTENCY_KEY.test(idempotencyKey))
    problems.push({ field: 'idempotency_key', detail: 'The form is out of date: reload the page and send it again.', key: 'outOfDate' });
  return { description, idempotencyKey };
}

function checkSeenAt(
  fields: SubmissionFields,
  now: Date,
  earliest: Date | null,
  problems: FieldProblem[],
  defaultNow: boolean,
): Date | null {
  const text = (fields.seen_at ?? '').trim();
  if (text === '') return defaultNow ? now : null;
  const seenAt = parseSeenAt(text);
  if (!seenAt) {
    problems.push({ field: 'seen_at', detail: 'The time is not valid.', key: 'timeInvalid' });
    return null;
  }
  if (seenAt.getTime() > now.getTime() + FUTURE_SLACK_MS)
    problems.push({ field: 'seen_at', detail: 'The time is in the future.', key: 'timeFuture' });
  else if (earliest && seenAt.getTime() < earliest.getTime())
    problems.push({ field: 'seen_at', detail: 'The time is before the child went missing.', key: 'timeBeforeMissing' });
  return seenAt;
}

export async function checkSighting(
  db: Queryable,
  alert: AlertForSighting,
  fields: SubmissionFields,
  now: Date,
  options: { suggestPlaces: boolean } = { suggestPlaces: false },
): Promise<{ ok: true; submission: CheckedSubmission } | { ok: false; problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  const seenAt = checkSeenAt(fields, now, new Date(alert.lastSeenAt.getTime() - DAY_MS), problems, true);
  const place = await checkPlace(db, fields, { required: true, suggest: options.suggestPlaces }, problems);
  const common = checkCommon(fields, problems);
  const details: Record<string, unknown> = {};
  for (const [field, label] of [
    ['direction', 'The direction of travel'],
    ['companions', 'Who they were with'],
    ['vehicle', 'The vehicle'],
  ] as const) {
    const value = optionalText(fields, field, MAX_DETAIL, problems, label);
    if (value !== null) details[field] = value;
  }
  const contact = checkContact(fields, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    submission: { kind: 'sighting', alertId: alert.id, category: null, seenAt, ...place, ...common, details, ...contact },
  };
}

/** The links a report carries: http(s) URLs only, kept as text (never shown as live links to staff). */
function checkLinks(links: readonly string[], problems: FieldProblem[]): string[] {
  const given = links.map((link) => link.trim()).filter((link) => link !== '');
  if (given.length > MAX_LINKS)
    problems.push({ field: 'links', detail: `Send at most ${MAX_LINKS} links.`, key: 'tooManyLinks', params: { max: MAX_LINKS } });
  for (const link of given) {
    let ok = link.length <= MAX_LINK_LENGTH;
    try {
      ok &&= ['http:', 'https:'].includes(new URL(link).protocol);
    } catch {
      ok = false;
    }
    if (!ok) {
      problems.push({ field: 'links', detail: 'Each link must be a web address starting with http:// or https://.', key: 'linkInvalid' });
      break;
    }
  }
  return given.slice(0, MAX_LINKS);
}

export async function checkReport(
  db: Queryable,
  fields: SubmissionFields,
  links: readonly string[],
  now: Date,
): Promise<{ ok: true; submission: CheckedSubmission } | { ok: false; problems: FieldProblem[] }> {
  const problems: FieldProblem[] = [];
  const category = (fields.category ?? '').trim();
  if (!(REPORT_CATEGORIES as readonly string[]).includes(category))
    problems.push({ field: 'category', detail: 'Choose what the report is about.', key: 'categoryRequired' });
  const seenAt = checkSeenAt(fields, now, null, problems, false);
  const place = await checkPlace(db, fields, { required: false, suggest: false }, problems);
  const common = checkCommon(fields, problems);
  const details: Record<string, unknown> = {};
  const who = optionalText(fields, 'who', MAX_DETAIL, problems, 'Who was involved');
  if (who !== null) details.who = who;
  const checkedLinks = checkLinks(links, problems);
  if (checkedLinks.length > 0) details.links = checkedLinks;
  const from = (fields.from ?? '').trim();
  // Which partner website's button the report came through, if any: a host name, nothing more.
  if (/^[a-z0-9.-]{1,253}$/i.test(from)) details.from = from.toLowerCase();
  const contact = checkContact(fields, problems);
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    submission: { kind: 'report', alertId: null, category: category as ReportCategory, seenAt, ...place, ...common, details, ...contact },
  };
}

export class PowRefused extends Problem {
  constructor(readonly verdict: PowVerdict) {
    super(403, 'proof-of-work', 'Check not passed', 'The anti-spam check did not pass. Reload the page and send the form again.');
  }
}

export interface StoreOptions {
  /** The proof-of-work solution; undefined when the sender had no JavaScript (the route decides whether that is allowed). */
  pow?: { id: string | undefined; nonce: string | undefined };
  /** Runs inside the storing transaction when a new submission was stored (not for a repeat): the allowance it uses. */
  onStored?: (tx: Queryable) => Promise<void>;
}

/**
 * Stores a checked submission and its files in one transaction, and returns its reference. A repeat of an
 * idempotency key returns the first reference and stores nothing more. Throws PowRefused on a bad solution.
 */
export async function storeSubmission(
  db: Database,
  media: MediaStore,
  submission: CheckedSubmission,
  attachments: readonly CheckedAttachment[],
  now: Date,
  options: StoreOptions = {},
): Promise<{ reference: string; repeated: boolean }> {
  const earlier = await referenceForKey(db, submission.idempotencyKey);
  if (earlier) return { reference: earlier, repeated: true };
  const keys: string[] = [];
  try {
    for (const attachment of attachments) keys.push(await media.put(attachment.bytes, attachment.contentType));
    const result = await db.transaction(async (tx) => {
      if (options.pow) {
        const verdict = await redeemPowSolution(tx, options.pow.id, options.pow.nonce, now);
        if (verdict !== 'ok') throw new PowRefused(verdict);
      }
      const reference = newReference(submission.kind);
      const stored = attachments.map((attachment, index) => ({
        mediaKey: keys[index]!,
        contentType: attachment.contentType,
        bytes: attachment.bytes.length,
        sha256: attachment.sha256,
      }));
      const id = await insertSubmission(tx, reference, submission, stored, now);
      // Another request with the same key committed first (a double tap racing itself).
      if (!id) return { reference: undefined, repeated: true };
      await options.onStored?.(tx);
      return { reference, repeated: false };
    });
    if (result.reference) return { reference: result.reference, repeated: false };
    await Promise.all(keys.map((key) => media.remove(key).catch(() => undefined)));
    return { reference: (await referenceForKey(db, submission.idempotencyKey))!, repeated: true };
  } catch (error) {
    await Promise.all(keys.map((key) => media.remove(key).catch(() => undefined)));
    throw error;
  }
}
