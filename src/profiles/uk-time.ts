// The UK local month, hour and day of week of an instant, for grouping episodes. British Summer Time runs from
// 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October; computed here rather than
// through Intl because the synthetic history asks millions of times.

function lastSundayAtOne(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

export interface UkLocalParts {
  /** 'YYYY-MM-01' */
  month: string;
  hour: number;
  /** ISO: 1 Monday .. 7 Sunday. */
  weekday: number;
}

export function ukLocalParts(at: Date): UkLocalParts {
  const ms = at.getTime();
  const year = at.getUTCFullYear();
  const summer = ms >= lastSundayAtOne(year, 2) && ms < lastSundayAtOne(year, 9);
  const local = new Date(ms + (summer ? 3_600_000 : 0));
  return {
    month: `${local.getUTCFullYear()}-${String(local.getUTCMonth() + 1).padStart(2, '0')}-01`,
    hour: local.getUTCHours(),
    weekday: local.getUTCDay() === 0 ? 7 : local.getUTCDay(),
  };
}
