// The limits of alert text, counted by the server's own code: src/channels/sms-text.ts and src/alerts/text-limits.ts are
// pure, so the console runs the very function and numbers the API checks with.
import { measureSms, nonGsmCharacters, type SmsLength } from '../../../src/channels/sms-text.ts';
import { ALERT_TEXT_LIMITS, MAX_ALERT_PHOTOS, MAX_SMS_SEGMENTS } from '../../../src/alerts/text-limits.ts';

export const TEXT_LIMITS = ALERT_TEXT_LIMITS;
export { MAX_SMS_SEGMENTS };
export const MAX_PHOTOS = MAX_ALERT_PHOTOS;
export const MIN_REASON_LENGTH = 10;

export interface SmsCount extends SmsLength {
  fits: boolean;
  /** Characters that force UCS-2 (for example Welsh ŵ, â, and curly quotes). */
  forcing: string[];
}

export function countSms(text: string): SmsCount {
  const measure = measureSms(text);
  return {
    ...measure,
    fits: measure.segments <= MAX_SMS_SEGMENTS && [...text].length <= TEXT_LIMITS.smsText,
    forcing: measure.encoding === 'UCS-2' ? nonGsmCharacters(text) : [],
  };
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
