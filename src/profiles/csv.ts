// A profile as CSV, for a spreadsheet: the same figures as the JSON answer, withheld ones as "[c]", and the
// notes below the table. A cell that a spreadsheet would read as a formula is prefixed with an apostrophe.
import type { ControlledCount } from './disclosure-control.ts';
import type { ProfileAnswer, TrendAnswer } from './schemas.ts';

const WITHHELD = '[c]';

function cell(value: string | number): string {
  let text = String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const count = (value: ControlledCount) => (value.withheld ? WITHHELD : String(value.count));
const line = (cells: (string | number)[]) => cells.map(cell).join(',');

function footer(answer: { from: string; to: string; area: string; filters: Record<string, string>; notes: string[] }, withheld: boolean) {
  return [
    '',
    line(['period', `${answer.from} to ${answer.to}`]),
    line(['area', answer.area]),
    ...Object.entries(answer.filters).map(([name, value]) => line([`filter ${name}`, value])),
    ...(withheld ? [line([WITHHELD, 'fewer than 5, or withheld so that a total does not reveal a figure of fewer than 5'])] : []),
    ...answer.notes.map((note) => line(['note', note])),
  ];
}

export function profileCsv(answer: ProfileAnswer): string {
  const withheld = answer.disclosure === 'controlled';
  return [
    line([answer.dimension, 'label', 'episodes', 'children']),
    ...answer.rows.map((row) => line([row.value, row.label ?? '', count(row.episodes), count(row.children)])),
    line(['total', '', count(answer.total.episodes), count(answer.total.children)]),
    ...footer(answer, withheld),
  ].join('\r\n');
}

export function trendCsv(answer: TrendAnswer): string {
  const withheld = answer.disclosure === 'controlled';
  return [
    line(['month', 'episodes', 'children', 'episodes a year before', 'children a year before']),
    ...answer.months.map((row) =>
      line([row.month, count(row.episodes), count(row.children), count(row.yearBefore.episodes), count(row.yearBefore.children)]),
    ),
    line([
      'total',
      count(answer.total.episodes),
      count(answer.total.children),
      count(answer.totalYearBefore.episodes),
      count(answer.totalYearBefore.children),
    ]),
    ...footer(answer, withheld),
  ].join('\r\n');
}
