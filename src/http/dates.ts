// Every date and time a request carries is read here. A calendar date must exist (no 30 February), and
// its year must be one a person could mean: PostgreSQL refuses year 0 and years past 294276 (a server
// error, not a refusal), and JavaScript quietly turns 2026-02-30 into 2 March.

export const EARLIEST_YEAR = 1900;
export const LATEST_YEAR = 2200;

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?([Zz]|[+-]\d{2}:?\d{2})$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;

/** True when the day exists in that month of that year, and the year is in the sane range. */
export function isRealDay(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < EARLIEST_YEAR || year > LATEST_YEAR) return false;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function isRealTime(hour: number, minute: number, second: number): boolean {
  return hour <= 23 && minute <= 59 && second <= 59;
}

/** An ISO 8601 date and time with a zone ("2026-11-23T01:30:00Z", "…+01:00"), or undefined. */
export function parseInstant(text: string): Date | undefined {
  const match = INSTANT.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part: string | undefined) => Number(part ?? 0));
  if (!isRealDay(year!, month!, day!) || !isRealTime(hour!, minute!, second!)) return undefined;
  const zone = match[8]!;
  if (!/^[Zz]$/.test(zone)) {
    const offset = /^([+-])(\d{2}):?(\d{2})$/.exec(zone)!;
    if (Number(offset[2]) > 23 || Number(offset[3]) > 59) return undefined;
  }
  const date = new Date(text.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A calendar date "YYYY-MM-DD" that exists, in the sane range. */
export function isCalendarDate(text: string): boolean {
  const match = CALENDAR_DATE.exec(text);
  return match !== null && isRealDay(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** A wall-clock time without a zone ("2026-11-23T13:05", as a datetime-local input sends), as its parts. */
export function parseLocalTime(
  text: string,
): { year: number; month: number; day: number; hour: number; minute: number; second: number } | undefined {
  const match = LOCAL_TIME.exec(text);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map((part: string | undefined) => Number(part ?? 0));
  if (!isRealDay(year!, month!, day!) || !isRealTime(hour!, minute!, second!)) return undefined;
  return { year: year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! };
}
