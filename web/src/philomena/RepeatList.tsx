// The repeat-missing list: children missing three or more times in 90 days in the user's areas, the agenda of
// the force's and the local authority's joint meetings. Audited by the API.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { keys } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { DateTime, ErrorMessage, Loading, PageHeading, ScrollingTable } from '../app/ui.tsx';
import type { RepeatMissingList } from '../../../src/cases/repeat-schemas.ts';
import '../cases/cases.css';

export function RepeatList() {
  const { t } = useTranslation('philomena');
  const { can } = useSession();
  const { data, error } = useQuery({ queryKey: keys.repeatMissing, queryFn: () => get<RepeatMissingList>('/repeat-missing') });
  return (
    <main id="main">
      <PageHeading>{t('repeat.title')}</PageHeading>
      <p>{t('repeat.intro', { count: data?.threshold ?? 3, days: data?.windowDays ?? 90 })}</p>
      <ErrorMessage error={error} />
      {data === undefined ? (
        error ? null : (
          <Loading />
        )
      ) : data.items.length === 0 ? (
        <p role="status">{t('repeat.none')}</p>
      ) : (
        <ScrollingTable label={t('repeat.table')}>
          <thead>
            <tr>
              <th scope="col">{t('repeat.child')}</th>
              <th scope="col">{t('repeat.episodes')}</th>
              <th scope="col">{t('repeat.lastEpisode')}</th>
              <th scope="col">{t('repeat.lastSeen')}</th>
              <th scope="col">{t('repeat.area')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <tr key={item.childId}>
                <th scope="row">{item.childName ?? t('repeat.withheld')}</th>
                <td>{item.episodesIn90Days}</td>
                <td>
                  {can('case:read') ? (
                    <Link to={`/cases/${item.lastEpisode.caseId}`}>{item.lastEpisode.reference}</Link>
                  ) : (
                    item.lastEpisode.reference
                  )}{' '}
                  <span className="muted">({t(`repeat.status.${item.lastEpisode.status}`)})</span>
                </td>
                <td>
                  <DateTime value={item.lastEpisode.lastSeenAt} />
                </td>
                <td>{item.lastEpisode.area.name}</td>
              </tr>
            ))}
          </tbody>
        </ScrollingTable>
      )}
    </main>
  );
}
