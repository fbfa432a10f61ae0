// The retention schedule and its review queue, for the national centre: each kind of record with its period,
// what happens at the end of it, the source of the default and how many records are due; then the children
// whose record is due for review, by their episodes' references (the record itself is opened from the case).
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { DateTime, ErrorMessage, Loading, PageHeading, ScrollingTable } from '../app/ui.tsx';
import type { ReviewQueueView, ScheduleView } from './types.ts';

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

function ReviewQueue() {
  const { t } = useTranslation('retention');
  const queue = useQuery({ queryKey: ['retention', 'reviews'], queryFn: () => get<ReviewQueueView>('/retention/reviews') });
  if (queue.error) return <ErrorMessage error={queue.error} />;
  if (!queue.data) return <Loading />;
  if (queue.data.items.length === 0) return <p>{t('none')}</p>;
  return (
    <ScrollingTable label={t('reviews')}>
      <thead>
        <tr>
          <th scope="col">{t('column.references')}</th>
          <th scope="col">{t('column.episodes')}</th>
          <th scope="col">{t('column.lastClosed')}</th>
        </tr>
      </thead>
      <tbody>
        {queue.data.items.map((item) => (
          <tr key={item.childId}>
            <th scope="row">{item.references.join(', ')}</th>
            <td>{item.episodes}</td>
            <td>
              <DateTime value={item.lastClosedAt} />
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollingTable>
  );
}

export function RetentionPage() {
  const { t } = useTranslation('retention');
  return (
    <>
      <PageHeading>{t('title')}</PageHeading>
      <p>{t('intro')}</p>
      <h2>{t('schedule')}</h2>
      <Schedule />
      <h2>{t('reviews')}</h2>
      <p>{t('reviewsIntro')}</p>
      <ReviewQueue />
    </>
  );
}
