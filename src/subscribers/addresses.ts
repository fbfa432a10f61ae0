// The addresses a member of the public gives: checked and put in one canonical form, so that a second
// sign-up or a STOP reply finds the same row (the index on subscriber_channels is on the address as stored).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

export const MAX_EMAIL_LENGTH = 254;
export const MAX_PUSH_ENDPOINT_LENGTH = 1024;

// A sane check, not RFC 5322: one @, a local part without spaces, quotes or brackets, and a domain of
// dotted labels (letters of any script, digits, hyphens) ending in a top-level label. Anything a
// provider accepts that this refuses (quoted local parts, address literals) is not worth the risk.
const LOCAL_PART = /^[^\s@"<>()[\]\\,;:]+$/u;
const DOMAIN_LABEL = /^[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;
const TOP_LABEL = /^(?:\p{L}{2,63}|xn--[a-z0-9-]{1,59})$/iu;

export type EmailCheck = { ok: true; address: string } | { ok: false; reason: 'emailRequired' | 'emailTooLong' | 'emailInvalid' };

/**
 * The email address as stored: trimmed and lower-cased whole. Local parts are case-sensitive in theory
 * and never in practice; one form means one row per person, and STOP or a bounce finds it.
 */
export function checkEmail(raw: string): EmailCheck {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'emailRequired' };
  if (text.length > MAX_EMAIL_LENGTH) return { ok: false, reason: 'emailTooLong' };
  const at = text.lastIndexOf('@');
  if (at <= 0 || text.indexOf('@') !== at) return { ok: false, reason: 'emailInvalid' };
  const local = text.slice(0, at);
  const labels = text.slice(at + 1).split('.');
  if (local.length > 64 || !LOCAL_PART.test(local) || local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    return { ok: false, reason: 'emailInvalid' };
  }
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label)) || !TOP_LABEL.test(labels[labels.length - 1]!)) {
    return { ok: false, reason: 'emailInvalid' };
  }
  return { ok: true, address: text.toLowerCase() };
}

export type PhoneCheck = { ok: true; number: string } | { ok: false; reason: 'phoneRequired' | 'phoneInvalid' | 'phoneNotMobile' };

// Number types that can receive a text. Where the metadata cannot tell a mobile from a landline (North
// America), the number is given the benefit of the doubt; a landline there simply never confirms.
const TEXTABLE = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

/** A mobile number in E.164 ("+447400123456"); a number without a country code is taken as a UK one. */
export function checkMobileNumber(raw: string): PhoneCheck {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'phoneRequired' };
  if (text.length > 40) return { ok: false, reason: 'phoneInvalid' };
  const parsed = parsePhoneNumberFromString(text, 'GB');
  if (!parsed || !parsed.isValid()) return { ok: false, reason: 'phoneInvalid' };
  const type = parsed.getType();
  if (type !== undefined && !TEXTABLE.has(type)) return { ok: false, reason: 'phoneNotMobile' };
  return { ok: true, number: parsed.number };
}

/**
 * The number of an inbound SMS in E.164. SMSCs send the originator as international digits without the
 * plus ("447400123456"), national digits ("07400123456") or E.164; each is tried in that order.
 */
export function inboundNumber(raw: string): string | undefined {
  const text = raw.trim();
  const candidates = /^[1-9]\d{7,14}$/.test(text) ? [`+${text}`, text] : [text];
  for (const candidate of candidates) {
    const parsed = parsePhoneNumberFromString(candidate, 'GB');
    if (parsed?.isValid()) return parsed.number;
  }
  return undefined;
}

export interface PushSubscriptionInput {
  endpoint: string;
  p256dh: string;
  auth: string;
}

const BASE64URL = /^[A-Za-z0-9_-]+={0,2}$/;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

function base64urlBytes(text: string): Buffer | undefined {
  if (!BASE64URL.test(text)) return undefined;
  return Buffer.from(text.replace(/=+$/, ''), 'base64url');
}

/**
 * A browser's push subscription (RFC 8030 endpoint, RFC 8291 keys). The server will POST to the endpoint,
 * so it must be an https URL on a host name: no credentials, no IP literals (which would let a sign-up
 * point the server at machines on its own network). Plain http to loopback is accepted only when the
 * instance itself runs on loopback (development and tests, where the push service is a local peer).
 */
export function checkPushSubscription(
  input: PushSubscriptionInput,
  options: { allowLoopback: boolean },
): PushSubscriptionInput | undefined {
  if (input.endpoint.length > MAX_PUSH_ENDPOINT_LENGTH) return undefined;
  let url: URL;
  try {
    url = new URL(input.endpoint);
  } catch {
    return undefined;
  }
  if (url.username || url.password) return undefined;
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (loopback) {
    if (!options.allowLoopback || (url.protocol !== 'http:' && url.protocol !== 'https:')) return undefined;
  } else {
    if (url.protocol !== 'https:') return undefined;
    if (/^[\d.]+$/.test(url.hostname) || url.hostname.startsWith('[') || !url.hostname.includes('.')) return undefined;
  }
  const p256dh = base64urlBytes(input.p256dh);
  const auth = base64urlBytes(input.auth);
  // An uncompressed P-256 point is 65 bytes starting 0x04; the auth secret is 16 bytes.
  if (!p256dh || p256dh.length !== 65 || p256dh[0] !== 0x04) return undefined;
  if (!auth || auth.length !== 16) return undefined;
  return { endpoint: url.href, p256dh: p256dh.toString('base64url'), auth: auth.toString('base64url') };
}

/** Whether an instance at this public URL is a local one, where loopback push endpoints are allowed. */
export function isLoopbackInstance(publicUrl: string): boolean {
  try {
    return LOOPBACK_HOSTS.has(new URL(publicUrl).hostname);
  } catch {
    return false;
  }
}
