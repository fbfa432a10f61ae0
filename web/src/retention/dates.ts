// Calendar dates for retention decisions, as the UK counts them: today in London, and a date some years on.

/** Today's date in London, "2026-12-07". */
export function londonToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}

/** The same calendar day `years` later ("2026-12-07" + 10 → "2036-12-07"). */
export function yearsAfter(date: string, years: number): string {
  const [year, rest] = [Number(date.slice(0, 4)), date.slice(4)];
  return `${String(year + years).padStart(4, '0')}${rest}`;
}
