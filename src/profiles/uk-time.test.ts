// The fast UK local time of profile facts agrees with Intl's Europe/London, around every change of the clocks.
import { it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ukLocalParts } from './uk-time.ts';

const london = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
  weekday: 'short',
});
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

function agreesWithIntl(ms: number): void {
  const parts = Object.fromEntries(london.formatToParts(new Date(ms)).map((part) => [part.type, part.value]));
  assert.deepEqual(ukLocalParts(new Date(ms)), {
    month: `${parts.year}-${parts.month}-01`,
    hour: Number(parts.hour),
    weekday: WEEKDAYS.indexOf(parts.weekday!) + 1,
  });
}

it('agrees with Europe/London over 2000 to 2040', () =>
  fc.assert(fc.property(fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2040, 0, 1) }), agreesWithIntl), { numRuns: 2000 }));

it('agrees at the changes of the clocks and at New Year', () => {
  for (const at of ['2026-03-29T00:59:59Z', '2026-03-29T01:00:00Z', '2026-10-25T00:59:59Z', '2026-10-25T01:00:00Z', '2026-12-31T23:30:00Z'])
    agreesWithIntl(Date.parse(at));
});
