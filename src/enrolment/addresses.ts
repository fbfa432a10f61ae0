// Checking the addresses, languages and references an organisation gives for its recipients. Each check
// returns the normalised value, or a sentence saying what is wrong with it.
import { isIP } from 'node:net';
import {
  checkEmail as checkPublicEmail,
  checkMobileNumber as checkPublicMobileNumber,
  MAX_EMAIL_LENGTH,
} from '../subscribers/addresses.ts';
import { WEBHOOK_REF_PREFIX } from '../subscribers/organisation-recipients.ts';
import { MAX_EXTERNAL_REF_LENGTH, MAX_WEBHOOK_URL_LENGTH } from './limits.ts';

export type Checked<T = string> = { ok: true; value: T } | { ok: false; message: string };

// Email and phone numbers are checked, and put in canonical form, exactly as public sign-up does: one
// form per address means a STOP reply or an unsubscribe finds an enrolled row as surely as a public one.
const REASONS: Record<string, string> = {
  emailRequired: 'is empty',
  emailTooLong: `is longer than ${MAX_EMAIL_LENGTH} characters`,
  emailInvalid: 'is not an email address',
  phoneRequired: 'is empty',
  phoneInvalid: 'is not a valid phone number',
  phoneNotMobile: 'is not a mobile number: SMS needs a mobile',
};

export function checkEmail(text: string): Checked {
  const checked = checkPublicEmail(text);
  return checked.ok ? { ok: true, value: checked.address } : { ok: false, message: REASONS[checked.reason]! };
}

/** A mobile number in E.164 ("+447911123456"); numbers without a country code are read as UK numbers. */
export function checkMobileNumber(text: string): Checked {
  const checked = checkPublicMobileNumber(text);
  return checked.ok ? { ok: true, value: checked.number } : { ok: false, message: REASONS[checked.reason]! };
}

function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/**
 * A webhook URL: https, or plain http only to this machine (a receiver on loopback, as in development and
 * tests). No user name or password in the URL: the signature authenticates us, a URL is not a secret.
 */
export function checkWebhookUrl(text: string): Checked {
  const value = text.trim();
  if (value.length > MAX_WEBHOOK_URL_LENGTH) return { ok: false, message: `is longer than ${MAX_WEBHOOK_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { ok: false, message: 'is not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, message: 'must be an https:// URL' };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    return { ok: false, message: 'must be an https:// URL (plain http only to localhost)' };
  if (url.username || url.password) return { ok: false, message: 'must not contain a user name or password' };
  if (url.hash) return { ok: false, message: 'must not contain a #fragment' };
  return { ok: true, value: url.href };
}

/** A BCP 47 language tag, in its canonical form ("en-gb" → "en-GB"). */
export function checkLanguage(text: string): Checked {
  const value = text.trim();
  if (value.length < 2 || value.length > 35) return { ok: false, message: 'is not a language tag such as en, cy or pl' };
  try {
    const [canonical] = Intl.getCanonicalLocales(value);
    if (canonical) return { ok: true, value: canonical };
  } catch {
    // RangeError: not a well-formed tag.
  }
  return { ok: false, message: 'is not a language tag such as en, cy or pl' };
}

export function checkExternalRef(text: string): Checked {
  const value = text.trim();
  if (value === '') return { ok: false, message: 'is required' };
  if (value.length > MAX_EXTERNAL_REF_LENGTH) return { ok: false, message: `is longer than ${MAX_EXTERNAL_REF_LENGTH} characters` };
  if (value.toLowerCase().startsWith(WEBHOOK_REF_PREFIX))
    return { ok: false, message: `must not start with "${WEBHOOK_REF_PREFIX}", which is kept for webhooks made in the console` };
  return { ok: true, value };
}

export function checkYesNo(text: string): Checked<boolean> {
  const value = text.trim().toLowerCase();
  if (value === '' || value === 'no' || value === 'n' || value === 'false') return { ok: true, value: false };
  if (value === 'yes' || value === 'y' || value === 'true') return { ok: true, value: true };
  return { ok: false, message: 'must be yes or no' };
}
