// Signing up for alerts, from the public form or the JSON API: what was given is checked and turned into
// addresses and coarse cells, then one transaction writes the subscriber and queues the confirmations.
//
// Location privacy. A place becomes the one H3 cell at SUBSCRIBER_RESOLUTION (7) that contains it: about
// 5 km², some 2,000 people at England's average density. The point (a town centre from the gazetteer, or
// the browser's position already rounded to two decimals, about a kilometre) is dropped as soon as its
// cell is known; nothing finer than the cell is stored or logged. "Neighbouring areas" adds the six cells
// around it (gridDisk radius 1, about 36 km² in all). That is for reach, not privacy: it alerts someone who
// lives near the edge of their cell or moves around, and since the seven are centred on the home cell it
// reveals no more and no less than that cell does.
//
// Signing up again with an address that is already signed up. The response is the same whether or not the
// address is known, so the form cannot be used to find out who is subscribed. The new sign-up is kept
// apart as a pending one and its confirmation sent; when the address is confirmed (link or code), the
// earlier subscription of that address is removed, so the newest confirmed choices replace the old ones
// and nobody gets an alert twice. Until then the earlier subscription carries on untouched: a stranger
// typing someone's address can change nothing. At most MAX_CONFIRMATIONS_PER_HOUR sign-ups per address
// per hour are sent a confirmation; beyond that the answer is still the same, and nothing is sent.
import { randomBytes, randomInt } from 'node:crypto';
import { gridDisk } from 'h3-js';
import type { Database, Queryable } from '../db/database.ts';
import { lookUpGazetteerPlace, type FoundGazetteerPlace } from '../geo/gazetteer.ts';
import { enqueueConfirmation } from '../dispatch/queue.ts';
import { pointToCell, SUBSCRIBER_RESOLUTION } from '../geo/cells.ts';
import { isSiteLanguage } from '../i18n/i18n.ts';
import { checkEmail, checkMobileNumber, checkPushSubscription, type PushSubscriptionInput } from './addresses.ts';
import { findPlace, placeLabel, normalisePlaceName, type Place, type PlaceMatch } from '../geo/places.ts';
import {
  clearExpiredSignUps,
  codeHash,
  insertPendingChannel,
  insertPushChannel,
  insertSubscriber,
  MAX_CONFIRMATIONS_PER_HOUR,
  recentSignUps,
  releasePushEndpoint,
  sha256Hex,
} from './store.ts';

export const MAX_PLACES = 3;
export const EMAIL_LINK_HOURS = 24;
export const SMS_CODE_MINUTES = 30;

export interface PlaceInput {
  /** A town or city as typed. */
  text?: string;
  /** The label of a place picked among choices ("Newport, Isle of Wight"). */
  choice?: string;
  /** A position from "use my location", already rounded by the browser. */
  lon?: number | string;
  lat?: number | string;
  /** Also the neighbouring cells. */
  widen?: boolean;
}

export interface SignUpInput {
  channels: { email: boolean; sms: boolean; push: boolean };
  email?: string;
  phone?: string;
  push?: PushSubscriptionInput;
  places: PlaceInput[];
  language?: string;
  includeExercises?: boolean;
  consent: boolean;
}

/** The place of the error: 'channels', 'email', 'phone', 'push', 'places', 'language', 'consent', or `places.<index>`. */
export interface SignUpError {
  field: string;
  /** A key under subscribe.error in the locale files. */
  key: string;
  params?: Record<string, string>;
  /** For an ambiguous place: the places it could be. */
  choices?: Place[];
}

export interface SignUpRequest {
  email?: string;
  phone?: string;
  push?: PushSubscriptionInput;
  cells: string[];
  language: string;
  includeExercises: boolean;
}

export type SignUpCheck = { ok: true; request: SignUpRequest } | { ok: false; errors: SignUpError[] };

function coordinate(value: number | string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const number = typeof value === 'number' ? value : /^-?\d{1,3}(\.\d{1,12})?$/.test(value.trim()) ? Number(value) : NaN;
  return number;
}

type PlaceResult = { cells: string[] } | { error: SignUpError } | undefined;

/** The places a person may type: the built-in towns (with their areas) first, then the whole gazetteer. */
async function findTypedPlace(db: Queryable | undefined, text: string): Promise<PlaceMatch> {
  const built = findPlace(text);
  if (built.kind !== 'unknown' || !db) return built;
  const found = await lookUpGazetteerPlace(db, text);
  const asPlace = (place: FoundGazetteerPlace): Place => ({ name: place.name, area: place.area ?? '', lon: place.lon, lat: place.lat });
  if (found.kind === 'found') return { kind: 'found', place: asPlace(found.place) };
  if (found.kind === 'ambiguous') return { kind: 'ambiguous', choices: found.choices.map(asPlace) };
  return found;
}

async function resolvePlace(db: Queryable | undefined, input: PlaceInput, index: number): Promise<PlaceResult> {
  const field = `places.${index}`;
  const lon = coordinate(input.lon);
  const lat = coordinate(input.lat);
  let cell: string;
  if (lon !== undefined || lat !== undefined) {
    // Rounded again here, whatever the browser sent: two decimals is the most that is ever used.
    const rounded = [lon, lat].map((value) => (value === undefined ? NaN : Math.round(value * 100) / 100)) as [number, number];
    try {
      cell = pointToCell(rounded[0], rounded[1], SUBSCRIBER_RESOLUTION);
    } catch {
      return { error: { field, key: 'locationInvalid' } };
    }
  } else {
    const text = (input.text ?? '').trim();
    if (text === '') return undefined;
    if (text.length > 100) return { error: { field, key: 'placeUnknown', params: { place: text.slice(0, 100) } } };
    const choice = input.choice ? await findTypedPlace(db, input.choice) : undefined;
    // A choice counts only while it still fits what is typed (the person may have typed another town since).
    const match =
      choice?.kind === 'found' && normalisePlaceName(placeLabel(choice.place)).startsWith(normalisePlaceName(text))
        ? choice
        : await findTypedPlace(db, text);
    if (match.kind === 'unknown') return { error: { field, key: 'placeUnknown', params: { place: text } } };
    if (match.kind === 'ambiguous') return { error: { field, key: 'placeAmbiguous', params: { place: text }, choices: match.choices } };
    cell = pointToCell(match.place.lon, match.place.lat, SUBSCRIBER_RESOLUTION);
  }
  return { cells: input.widen ? gridDisk(cell, 1) : [cell] };
}

/** Checks everything given, reporting every problem at once (each against its field). */
export async function checkSignUp(input: SignUpInput, options: { allowLoopbackPush: boolean; db?: Queryable }): Promise<SignUpCheck> {
  const errors: SignUpError[] = [];
  const request: SignUpRequest = { cells: [], language: 'en', includeExercises: input.includeExercises === true };

  if (!input.channels.email && !input.channels.sms && !input.channels.push) errors.push({ field: 'channels', key: 'channelRequired' });
  if (input.channels.email) {
    const email = checkEmail(input.email ?? '');
    if (email.ok) request.email = email.address;
    else errors.push({ field: 'email', key: email.reason });
  }
  if (input.channels.sms) {
    const phone = checkMobileNumber(input.phone ?? '');
    if (phone.ok) request.phone = phone.number;
    else errors.push({ field: 'phone', key: phone.reason });
  }
  if (input.channels.push) {
    if (!input.push || input.push.endpoint === '') {
      errors.push({ field: 'push', key: 'pushMissing' });
    } else {
      const push = checkPushSubscription(input.push, { allowLoopback: options.allowLoopbackPush });
      if (push) request.push = push;
      else errors.push({ field: 'push', key: 'pushInvalid' });
    }
  }

  const cells = new Set<string>();
  let placesGiven = 0;
  for (const [index, place] of input.places.slice(0, MAX_PLACES).entries()) {
    const result = await resolvePlace(options.db, place, index);
    if (result === undefined) continue;
    placesGiven++;
    if ('error' in result) errors.push(result.error);
    else for (const cell of result.cells) cells.add(cell);
  }
  if (input.places.length > MAX_PLACES) errors.push({ field: 'places', key: 'tooManyPlaces' });
  if (placesGiven === 0) errors.push({ field: 'places', key: 'placeRequired' });
  request.cells = [...cells];

  const language = input.language ?? 'en';
  if (isSiteLanguage(language)) request.language = language;
  else errors.push({ field: 'language', key: 'languageInvalid' });
  if (!input.consent) errors.push({ field: 'consent', key: 'consentRequired' });

  return errors.length > 0 ? { ok: false, errors } : { ok: true, request };
}

/** A six-digit code, every value equally likely. */
export function newSmsCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** The link in a confirmation email, carrying the language chosen, so the page it opens is in that language. */
export function emailConfirmLink(publicUrl: string, subscriberId: string, secret: string, language: string): string {
  return `${publicUrl}/alerts/confirm/${subscriberId}/${secret}?lang=${encodeURIComponent(language)}`;
}

/**
 * Writes a checked sign-up and queues its confirmations, in one transaction. Returns the new subscriber,
 * or undefined when nothing was written (every address was throttled and there is no push channel).
 * Never tells the caller whether an address was known: callers answer the same either way.
 */
export async function signUp(db: Database, publicUrl: string, request: SignUpRequest, now: Date): Promise<string | undefined> {
  return db.transaction(async (tx) => {
    const mayConfirm = async (channel: 'email' | 'sms', address: string | undefined) => {
      if (address === undefined) return false;
      await clearExpiredSignUps(tx, channel, address, now);
      return (await recentSignUps(tx, channel, address, now)) < MAX_CONFIRMATIONS_PER_HOUR;
    };
    const sendEmail = await mayConfirm('email', request.email);
    const sendSms = await mayConfirm('sms', request.phone);
    if (request.push) await releasePushEndpoint(tx, request.push.endpoint);
    if (!sendEmail && !sendSms && !request.push) return undefined;

    const subscriberId = await insertSubscriber(
      tx,
      { language: request.language, includeExercises: request.includeExercises, cells: request.cells },
      now,
    );
    if (sendEmail) {
      const secret = randomBytes(32).toString('base64url');
      await insertPendingChannel(
        tx,
        {
          subscriberId,
          channel: 'email',
          address: request.email!,
          confirmHash: sha256Hex(secret),
          expiresAt: new Date(now.getTime() + EMAIL_LINK_HOURS * 3_600_000),
        },
        now,
      );
      await enqueueConfirmation(tx, {
        subscriberId,
        channel: 'email',
        payload: { link: emailConfirmLink(publicUrl, subscriberId, secret, request.language), language: request.language },
        now,
      });
    }
    if (sendSms) {
      const code = newSmsCode();
      await insertPendingChannel(
        tx,
        {
          subscriberId,
          channel: 'sms',
          address: request.phone!,
          confirmHash: codeHash(subscriberId, code),
          expiresAt: new Date(now.getTime() + SMS_CODE_MINUTES * 60_000),
        },
        now,
      );
      await enqueueConfirmation(tx, { subscriberId, channel: 'sms', payload: { code, language: request.language }, now });
    }
    if (request.push) await insertPushChannel(tx, { subscriberId, ...request.push }, now);
    return subscriberId;
  });
}
