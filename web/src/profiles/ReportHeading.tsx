// The heading of a printed profile report, for a strategic meeting: what was counted, where, over which
// months, with which filters, and when it was produced (UK local time). Shown only on paper; on screen the
// form above the figures says the same.
import { useTranslation } from 'react-i18next';
import { consoleDateTime } from '../app/dates.ts';
import { monthName } from './figures.ts';
import type { ProfileAnswer } from './types.ts';

// The translation group of each filter's codes.
const FILTER_CODES: Record<string, string> = {
  sex: 'sex',
  ageBand: 'age_band',
  inCare: 'yes_no',
  exploitation: 'yes_no',
  repeat: 'yes_no',
  risk: 'risk',
  returnInterview: 'return_interview',
};

export function ReportHeading({ answer, forces }: { answer: ProfileAnswer; forces: readonly { code: string; name: string }[] }) {
  const { t, i18n } = useTranslation('profiles');
  const area =
    answer.area === 'national'
      ? t('report.national')
      : answer.area
          .split(',')
          .map((code) => forces.find((force) => force.code === code)?.name ?? code)
          .join(', ');
  const filters = Object.entries(answer.filters)
    .filter(([key]) => key !== 'force')
    .map(([key, value]) => `${t(`field.${key}`)}: ${FILTER_CODES[key] ? t(`code.${FILTER_CODES[key]}.${value}`) : value}`);
  return (
    <div className="print-only profile-report-heading">
      <p>
        <strong>{t('report.title')}</strong>
      </p>
      <dl>
        <dt>{t('report.area')}</dt>
        <dd>{area}</dd>
        <dt>{t('report.period')}</dt>
        <dd>
          {monthName(answer.from, i18n.language)} – {monthName(answer.to, i18n.language)}
        </dd>
        <dt>{t('report.filters')}</dt>
        <dd>{filters.length > 0 ? filters.join('; ') : t('report.noFilters')}</dd>
        <dt>{t('report.figures')}</dt>
        <dd>{answer.disclosure === 'exact' ? t('note.exact') : t('note.control')}</dd>
        <dt>{t('report.produced')}</dt>
        <dd>{consoleDateTime(new Date(), i18n.language)}</dd>
      </dl>
    </div>
  );
}
