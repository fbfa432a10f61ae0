// The console's one way to show a date or time: British formats (day before month, 24-hour clock, UK local
// time with GMT or BST) from the shared helper the server's pages and emails use (src/i18n/dates.ts). The
// officer's language chooses the words (month names); Arabic keeps the digits officers and the rest of the
// console use, so a time reads the same in every language. ISO timestamps are for the API and logs only.
import { formatDate, formatDateTime, formatTime, type DateTimeOptions } from '../../../src/i18n/dates.ts';

/** The locale tag for a console language: British conventions, the language's own words. */
export function consoleDateLanguage(language: string | undefined): string {
  const primary = (language ?? 'en').split('-')[0]!.toLowerCase();
  return primary === 'ar' ? 'ar-u-nu-latn' : primary;
}

/** "6 December 2026 at 22:15 GMT" (en), "6 Rhagfyr 2026 am 22:15 GMT" (cy), ... */
export const consoleDateTime = (value: Date | string | number, language: string | undefined, options?: DateTimeOptions) =>
  formatDateTime(value, consoleDateLanguage(language), options);

/** "6 December 2026". A calendar date without a time ("2013-04-02") is read as that day, whatever the zone. */
export const consoleDate = (value: Date | string | number, language: string | undefined) =>
  formatDate(typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value, consoleDateLanguage(language));

/** "22:15 GMT". */
export const consoleTime = (value: Date | string | number, language: string | undefined, options?: Omit<DateTimeOptions, 'weekday'>) =>
  formatTime(value, consoleDateLanguage(language), options);
