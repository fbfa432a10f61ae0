// The national centre's Retention page: the schedule (each kind of record with its period, what happens at the
// end of it, the source of the default and how many records are due), the children whose record is due for
// review with the reviewer's decision, and subject access and erasure for the data protection office.
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { ErrorMessage, Loading, PageHeading, ScrollingTable } from '../app/ui.tsx';
import { ReviewQueue } from './ReviewQueue.tsx';
import { SubjectAccess } from './SubjectAccess.tsx';
import type { ScheduleView } from './types.ts';
import '../cases/cases.css';
import './retention.css';

function Schedule() {
  const { t } = useTranslation('retention');
  const schedule = useQuery({ queryKey: ['retention', 'schedule'], queryFn: () => get<ScheduleView>('/retention/schedule') });
  if (schedule.error) return <ErrorMessage error={schedule.error} />;
  if (!schedule.data) return <Loading />;
  return (
    <ScrollingTable label={t('schedule')}>
      <thead>
        <tr>
          <th scope="col">{t('column.kind')}</th>
          <th scope="col">{t('column.period')}</th>
          <th scope="col">{t('column.action')}</th>
          <th scope="col">{t('column.source')}</th>
          <th scope="col">{t('column.due')}</th>
        </tr>
      </thead>
      <tbody>
        {schedule.data.items.map((item) => (
          <tr key={item.kind}>
            <th scope="row">{t(`kind.${item.kind}`, { defaultValue: item.kind })}</th>
            <td>{t('days', { count: item.periodDays })}</td>
            <td>{t(`action.${item.action}`)}</td>
            <td>
              {item.source}
              {item.judgement ? ` ${t('judgement')}` : ''}
            </td>
            <td>{item.due}</td>
          </tr>
        ))}
      </tbody>
    </ScrollingTable>
  );
}

export function RetentionPage() {
  const { t } = useTranslation('retention');
  const { session, can } = useSession();
  // The API answers the national centre only (nationalCentreOnly); the page says so rather than show refusals.
  const national = session?.user.organisation.kind === 'national_centre';
  if (!national || !(can('retention:read') || can('subject:access'))) {
    return (
      <main id="main">
        <PageHeading>{t('title')}</PageHeading>
        <p>{t('notAllowed')}</p>
      </main>
    );
  }
  return (
    <main id="main" className="retention">
      <PageHeading>{t('title')}</PageHeading>
      <p>{t('intro')}</p>
      {can('retention:read') ? (
        <>
          <section aria-labelledby="schedule-heading">
            <h2 id="schedule-heading">{t('schedule')}</h2>
            <Schedule />
          </section>
          <section aria-labelledby="reviews-heading">
            <h2 id="reviews-heading">{t('reviews')}</h2>
            <p>{can('retention:manage') ? t('reviewsIntro') : t('reviewsIntroReadOnly')}</p>
            <ReviewQueue canDecide={can('retention:manage')} />
          </section>
        </>
      ) : null}
      {can('subject:access') ? <SubjectAccess canErase={can('subject:erase')} /> : null}
    </main>
  );
}
