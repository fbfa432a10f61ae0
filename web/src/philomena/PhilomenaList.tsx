// Philomena profiles the user may see: for the police of an area, children reported missing by their carers come
// first; for the writers (local authorities, care providers), the reviews due are one click away. Audited by the API.
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { keys } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { DateOnly, ErrorMessage, Loading, PageHeading, ScrollingTable } from '../app/ui.tsx';
import type { ProfileList } from '../../../src/philomena/schemas.ts';
import '../cases/cases.css';

export const WRITER_KINDS = ['local_authority', 'care_provider'];

export function PhilomenaList() {
  const { t } = useTranslation('philomena');
  const { session } = useSession();
  const [params, setParams] = useSearchParams();
  const overdue = params.get('overdue') === 'true';
  const { data, error } = useQuery({
    queryKey: keys.philomenaList(overdue),
    queryFn: () => get<ProfileList>(`/philomena-profiles${overdue ? '?overdue=true' : ''}`),
  });
  const writer = WRITER_KINDS.includes(session?.user.organisation.kind ?? '');
  return (
    <main id="main">
      <PageHeading>{overdue ? t('list.overdueTitle') : t('list.title')}</PageHeading>
      <p>{writer ? t('list.introWriter') : t('list.introPolice')}</p>
      <div className="actions">
        {writer ? (
          <Link className="button" to="/philomena/new">
            {t('list.new')}
          </Link>
        ) : null}
        <button type="button" className="secondary" aria-pressed={overdue} onClick={() => setParams(overdue ? {} : { overdue: 'true' })}>
          {overdue ? t('list.showAll') : t('list.showOverdue')}
        </button>
      </div>
      <ErrorMessage error={error} />
      {data === undefined ? (
        error ? null : (
          <Loading />
        )
      ) : data.items.length === 0 ? (
        <p role="status">{overdue ? t('list.noneOverdue') : t('list.none')}</p>
      ) : (
        <ScrollingTable label={t('list.table')}>
          <thead>
            <tr>
              <th scope="col">{t('list.child')}</th>
              <th scope="col">{t('list.age')}</th>
              <th scope="col">{t('list.area')}</th>
              <th scope="col">{t('list.writer')}</th>
              <th scope="col">{t('list.nextReview')}</th>
              <th scope="col">{t('list.status')}</th>
            </tr>
          </thead>
          <tbody>
            {data.items.map((item) => (
              <tr key={item.id}>
                <th scope="row">
                  <Link to={`/philomena/${item.id}`}>{item.childName}</Link>
                </th>
                <td>{item.age}</td>
                <td>{item.area.name}</td>
                <td>{item.owningOrganisation.name}</td>
                <td>
                  <DateOnly value={item.nextReviewOn} />
                </td>
                <td>
                  {item.reportedMissing ? <strong className="badge danger">{t('status.reportedMissing')}</strong> : null}{' '}
                  {item.reviewOverdue ? <span className="badge">{t('status.reviewDue')}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollingTable>
      )}
    </main>
  );
}
