// The long-term appeals within reach, those whose review is due soonest (or overdue) first: the national
// centre's list of appeals to review. Each opens on its case, where the review is recorded. Audited by the API.
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { keys } from '../app/queries.ts';
import { DateOnly, DateTime, ErrorMessage, Loading, PageHeading, ScrollingTable } from '../app/ui.tsx';
import { ReviewBadge } from './AppealSection.tsx';
import type { AppealList } from './types.ts';
import '../cases/cases.css';
import './appeals.css';

export function AppealReviews() {
  const { t } = useTranslation('appeals');
  const { data, error } = useQuery({ queryKey: keys.appealReviews, queryFn: () => get<AppealList>('/long-term-appeals') });
  const overdue = data?.items.filter((appeal) => appeal.reviewOverdue).length ?? 0;
  return (
    <main id="main">
      <PageHeading>{t('list.title')}</PageHeading>
      <p>{t('list.intro')}</p>
      <ErrorMessage error={error} />
      {data === undefined ? (
        error ? null : (
          <Loading />
        )
      ) : data.items.length === 0 ? (
        <p role="status">{t('list.none')}</p>
      ) : (
        <>
          <p role="status">{t('list.overdueCount', { count: overdue })}</p>
          <ScrollingTable label={t('list.table')}>
            <thead>
              <tr>
                <th scope="col">{t('list.child')}</th>
                <th scope="col">{t('facts.reviewDue')}</th>
                <th scope="col">{t('facts.state')}</th>
                <th scope="col">{t('facts.published')}</th>
                <th scope="col">{t('list.missingSince')}</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((appeal) => (
                <tr key={appeal.id}>
                  <th scope="row">
                    <Link to={`/cases/${appeal.caseId}#appeal-heading`}>{appeal.fullName}</Link>
                  </th>
                  <td>
                    <DateOnly value={appeal.reviewDueOn} />
                  </td>
                  <td>
                    <ReviewBadge appeal={appeal} />
                  </td>
                  <td>
                    <DateTime value={appeal.publishedAt} />
                  </td>
                  <td>
                    <DateOnly value={appeal.missingSince} />
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollingTable>
        </>
      )}
    </main>
  );
}
