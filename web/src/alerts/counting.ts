// The limits of alert text, counted by the server's own code (src/alerts/sms-text.ts is pure, so the console
// runs the very function the API checks with). The numbers mirror ALERT_TEXT_LIMITS and MAX_SMS_SEGMENTS in
// src/alerts/schemas.ts, which cannot be imported here without bundling the server's schema library.
import { measureSms, nonGsmCharacters, type SmsLength } from '../../../src/alerts/sms-text.ts';

export const TEXT_LIMITS = {
  headline: 160,
  description: 5000,
  instruction: 500,
  contact: 300,
  smsText: 320,
  broadcastText: 360,
} as const;
export const MAX_SMS_SEGMENTS = 2;
export const MAX_PHOTOS = 4;
export const MIN_REASON_LENGTH = 10;

export interface SmsCount extends SmsLength {
  fits: boolean;
  /** Characters that force UCS-2 (for example Welsh ŵ, â, and curly quotes). */
  forcing: string[];
}

export function countSms(text: string): SmsCount {
  const measure = measureSms(text);
  return { ...measure, fits: measure.segments <= MAX_SMS_SEGMENTS && [...text].length <= TEXT_LIMITS.smsText, forcing: measure.encoding === 'UCS-2' ? nonGsmCharacters(text) : [] };
}

/** Characters as people count them (code points), as the server counts the 360-character limit. */
export function characters(text: string): number {
  return [...text].length;
}

const RIGHT_TO_LEFT = new Set(['ar', 'he', 'fa', 'ur', 'ps', 'yi', 'ckb', 'dv', 'sd', 'ug']);
export function directionOf(language: string): 'rtl' | 'ltr' {
  return RIGHT_TO_LEFT.has(language.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr';
}

/** The canonical BCP 47 form of a tag, or undefined when it is not one. */
export function canonicalLanguage(tag: string): string | undefined {
  try {
    return Intl.getCanonicalLocales(tag.trim())[0];
  } catch {
    return undefined;
  }
}

/** A language's own name where the browser knows it ("Cymraeg"), else the tag. */
export function languageName(tag: string, inLanguage: string): string {
  try {
    return new Intl.DisplayNames([inLanguage], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
