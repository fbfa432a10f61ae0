// The links under each table of a profile: the same figures as CSV and as a spreadsheet, from the same route.
import { useTranslation } from 'react-i18next';

/** A profile's route and query string. */
export type Download = [path: string, query: string];

export function Downloads({ path: [path, query] }: { path: Download }) {
  const { t } = useTranslation('profiles');
  return (
    <p className="profile-downloads no-print">
      <a href={`${path}.csv?${query}`} download>
        {t('csv')}
      </a>{' '}
      <a href={`${path}.xlsx?${query}`} download>
        {t('xlsx')}
      </a>
    </p>
  );
}
