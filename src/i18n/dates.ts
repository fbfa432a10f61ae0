// Every date and time shown to a person: in UK local time (GMT in winter, BST in summer) and in the
// reader's language, with British conventions for English ("6 December 2026 at 13:13 GMT", never
// "Dec 6, 2026, 1:13 PM" or "13:13 UTC on 2026-12-06"). Pages, emails, SMS, push, the human text of
// CAP and the Atom feed, staff notifications and the console all format through here.
// Machine formats (CAP's sent and expires, HTTP headers, JSON, logs) stay ISO 8601.
// Pure and dependency-free: the console imports this very module.

export const UK_TIME_ZONE = 'Europe/London';

export interface DateTimeOptions {
  /** The day of the week before the date ("Sunday, 6 December 2026 at 13:13 GMT"). */
  weekday?: boolean;
  /** Seconds as well as minutes. */
  seconds?: boolean;
  /**
   * Name the zone (GMT or BST, or the language's own words for them). On by default for anything with a
   * time: 13:13 in December and 13:13 in July are an hour apart in UTC, and a reader abroad needs to know.
   */
  zone?: boolean;
}

const ENGLISH = 'en-GB';
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The locale a language's dates are written in: English is always British English; unknown tags read as British English. */
export function dateLocale(language: string | undefined | null): string {
  const tag = (language ?? '').trim();
  if (tag === '' || tag.split('-')[0]!.toLowerCase() === 'en') return ENGLISH;
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical && Intl.DateTimeFormat.supportedLocalesOf([canonical]).length > 0 ? canonical : ENGLISH;
  } catch {
    return ENGLISH;
  }
}

function formatter(
  language: string | undefined | null,
  parts: 'dateTime' | 'date' | 'time',
  options: DateTimeOptions,
): Intl.DateTimeFormat {
  const locale = dateLocale(language);
  const zone = parts !== 'date' && options.zone !== false;
  const cacheKey = `${locale}|${parts}|${options.weekday ? 1 : 0}${options.seconds ? 1 : 0}${zone ? 1 : 0}`;
  let made = formatters.get(cacheKey);
  if (!made) {
    made = new Intl.DateTimeFormat(locale, {
      timeZone: UK_TIME_ZONE,
      ...(parts !== 'time' ? { day: 'numeric', month: 'long', year: 'numeric', ...(options.weekday ? { weekday: 'long' } : {}) } : {}),
      ...(parts !== 'date'
        ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', ...(options.seconds ? { second: '2-digit' } : {}) }
        : {}),
      ...(zone ? { timeZoneName: 'short' } : {}),
    });
    formatters.set(cacheKey, made);
  }
  return made;
}

function asDate(value: Date | string | number): Date | null {
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** "6 December 2026 at 13:13 GMT" (en), "6 Rhagfyr 2026 am 13:13 GMT" (cy), ...; '' for an invalid date. */
export function formatDateTime(value: Date | string | number, language: string | undefined | null, options: DateTimeOptions = {}): string {
  const date = asDate(value);
  return date ? formatter(language, 'dateTime', options).format(date) : '';
}

/** "6 December 2026": the day as it was in the UK. */
export function formatDate(
  value: Date | string | number,
  language: string | undefined | null,
  options: Pick<DateTimeOptions, 'weekday'> = {},
): string {
  const date = asDate(value);
  return date ? formatter(language, 'date', options).format(date) : '';
}

/** "13:13 GMT": the time of day in the UK (24-hour clock). */
export function formatTime(
  value: Date | string | number,
  language: string | undefined | null,
  options: Omit<DateTimeOptions, 'weekday'> = {},
): string {
  const date = asDate(value);
  return date ? formatter(language, 'time', options).format(date) : '';
}

const ukParts = new Intl.DateTimeFormat('en-GB', {
  timeZone: UK_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** How far UK local time is ahead of UTC at an instant, in milliseconds (0 in GMT, an hour in BST). */
function ukOffsetMs(instant: number): number {
  const part = Object.fromEntries(ukParts.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  const local = Date.UTC(part.year!, part.month! - 1, part.day, part.hour, part.minute, part.second);
  return local - Math.floor(instant / 1000) * 1000;
}

/** The calendar day ("2026-07-15") it is in the UK at an instant. */
export function ukDate(value: Date | number): string {
  const instant = typeof value === 'number' ? value : value.getTime();
  return new Date(instant + ukOffsetMs(instant)).toISOString().slice(0, 10);
}

/** The first moment of a calendar day ("2026-07-15") in the UK, as an instant: midnight UK time. */
export function startOfUkDay(day: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  const dayBefore = new Date(Date.UTC(year!, month! - 1, date! - 1)).toISOString().slice(0, 10);
  return new Date(endOfUkDay(dayBefore).getTime() + 1);
}

/**
 * The last moment of a calendar day ("2026-07-15") in the UK, as an instant: 23:59:59.999 BST (22:59:59.999 UTC)
 * in summer, 23:59:59.999 GMT in winter. Something that runs "until" a day runs through the whole of it.
 */
export function endOfUkDay(day: string): Date {
  const [year, month, date] = day.split('-').map(Number);
  const localEnd = Date.UTC(year!, month! - 1, date, 23, 59, 59, 999);
  // The clocks change at 01:00 UTC, so the offset an hour before the local end is the one at the end.
  return new Date(localEnd - ukOffsetMs(localEnd - 3_600_000));
}
