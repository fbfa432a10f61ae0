// How profiles show a figure and a month in the reader's language: a withheld figure as [c], months by name.
import { useTranslation } from 'react-i18next';
import type { ProfileAnswer } from './types.ts';

type Count = ProfileAnswer['total']['episodes'];

/** A count as the reader sees it: [c] when withheld. */
export function useFigure() {
  const { t, i18n } = useTranslation('profiles');
  return (count: Count) => (count.withheld ? t('withheld') : (count.count ?? 0).toLocaleString(i18n.language));
}

/** "Nov 2026" in the reader's language. */
export function monthName(value: string, language: string): string {
  const [year, month] = value.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(language, { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(
    new Date(Date.UTC(year, month - 1, 1)),
  );
}
