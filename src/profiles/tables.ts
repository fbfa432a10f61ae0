// A profile or trend as one table with its notes: what both the CSV and the spreadsheet show, so the two never
// differ. Withheld figures are the text "[c]", the convention of UK official statistics.
import type { ControlledCount } from './disclosure-control.ts';
import type { AlertFiguresAnswer, ProfileAnswer, ReachFiguresAnswer, TrendAnswer } from './schemas.ts';

export const WITHHELD = '[c]';

export type TableCell = string | number;

export interface ProfileTable {
  title: string;
  header: string[];
  rows: TableCell[][];
  /** Name and value pairs below the table: the period, area, filters, the [c] legend and the method notes. */
  notes: [string, string][];
}

const count = (value: ControlledCount): TableCell => (value.withheld || value.count === null ? WITHHELD : value.count);

function notesOf(answer: { from: string; to: string; area: string; filters: Record<string, string>; notes: string[] }, withheld: boolean) {
  return [
    ['period', `${answer.from} to ${answer.to}`],
    ['area', answer.area],
    ...Object.entries(answer.filters).map(([name, value]): [string, string] => [`filter ${name}`, value]),
    ...(withheld
      ? [[WITHHELD, 'fewer than 5, or withheld so that a total does not reveal a figure of fewer than 5'] as [string, string]]
      : []),
    ...answer.notes.map((note): [string, string] => ['note', note]),
  ] as [string, string][];
}

export function profileTable(answer: ProfileAnswer): ProfileTable {
  return {
    title: `Missing episodes and children by ${answer.dimension.replace(/_/g, ' ')}`,
    header: [answer.dimension, 'label', 'episodes', 'children'],
    rows: [
      ...answer.rows.map((row) => [row.value, row.label ?? '', count(row.episodes), count(row.children)]),
      ['total', '', count(answer.total.episodes), count(answer.total.children)],
    ],
    notes: notesOf(answer, answer.disclosure === 'controlled'),
  };
}

export function trendTable(answer: TrendAnswer): ProfileTable {
  return {
    title: 'Missing episodes and children by month, beside the year before',
    header: ['month', 'episodes', 'children', 'episodes a year before', 'children a year before'],
    rows: [
      ...answer.months.map((row) => [
        row.month,
        count(row.episodes),
        count(row.children),
        count(row.yearBefore.episodes),
        count(row.yearBefore.children),
      ]),
      [
        'total',
        count(answer.total.episodes),
        count(answer.total.children),
        count(answer.totalYearBefore.episodes),
        count(answer.totalYearBefore.children),
      ],
    ],
    notes: notesOf(answer, answer.disclosure === 'controlled'),
  };
}

const minutesCell = (minutes: number | null): TableCell => (minutes === null ? '' : minutes);

/** Child Rescue Alert figures month by month, then how the episodes behind the approved alerts ended, below a blank row. */
export function alertFiguresTable(answer: AlertFiguresAnswer): ProfileTable {
  const figures = (row: AlertFiguresAnswer['total']): TableCell[] => [
    count(row.requested),
    count(row.approved),
    minutesCell(row.medianMinutesToApproval),
    row.peopleReached,
    row.sightings,
  ];
  return {
    title: 'Child Rescue Alerts by month',
    header: ['month', 'requested', 'approved', 'median minutes to approval', 'people reached', 'sightings'],
    rows: [
      ...answer.months.map((row) => [row.month, ...figures(row)]),
      ['total', ...figures(answer.total)],
      [],
      ['outcome of the approved alerts', 'alerts'],
      ...answer.outcomes.map((row) => [row.value, count(row.alerts)]),
    ],
    notes: notesOf(answer, answer.disclosure === 'controlled'),
  };
}

/** Subscribers by force area and channel, then channels confirmed month by month, below a blank row. */
export function reachFiguresTable(answer: ReachFiguresAnswer): ProfileTable {
  return {
    title: 'Subscribers by force area and channel, and sign-ups by month',
    header: ['force area', 'name', ...answer.channels, 'subscribers'],
    rows: [
      ...answer.areas.map((area) => [area.code, area.name, ...area.byChannel.map(count), count(area.subscribers)]),
      ['total', '', ...answer.total.byChannel.map(count), count(answer.total.subscribers)],
      [],
      ['month confirmed', '', ...answer.channels],
      ...answer.signUps.map((row) => [row.month, '', ...row.byChannel.map(count)]),
      ['total', '', ...answer.signUpTotal.map(count)],
    ],
    notes: notesOf(answer, answer.disclosure === 'controlled'),
  };
}
