// The triage queues within the officer's reach: what waits in each, a list most urgent first with
// filters (kind, status, priority, queue) and paging, and the selected submission's detail beside it.
// New high-priority arrivals are announced live; the list refreshes when the officer asks, so
// nothing moves under their cursor.
import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { keys } from '../app/queries.ts';
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get, subscribe } from '../app/api.ts';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { useQueueName } from './queueNames.ts';
import { PriorityBadge, SubmissionDetail } from './SubmissionDetail.tsx';
import {
  HIGH_PRIORITY,
  MEDIUM_PRIORITY,
  SUBMISSION_STATUSES,
  type QueueSummary,
  type SubmissionEvent,
  type SubmissionListItem,
  type SubmissionPage,
} from './types.ts';

const PAGE_SIZE = 25;
const FILTERS = ['queue', 'kind', 'status', 'priority'] as const;

function listPath(params: URLSearchParams, cursor?: string): string {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  const queue = params.get('queue');
  if (queue) query.set('queue', queue);
  const kind = params.get('kind');
  if (kind === 'sighting' || kind === 'report') query.set('kind', kind);
  const status = params.get('status');
  if (status && (SUBMISSION_STATUSES as readonly string[]).includes(status)) query.set('status', status);
  const priority = params.get('priority');
  if (priority === 'high') query.set('minPriority', String(HIGH_PRIORITY));
  if (priority === 'medium') query.set('minPriority', String(MEDIUM_PRIORITY));
  if (cursor) query.set('cursor', cursor);
  return `/submissions?${query.toString()}`;
}

export function ReportQueues() {
  const { t } = useTranslation('reports');
  const queueName = useQueueName();
  const [params, setParams] = useSearchParams();
  const selected = params.get('id');
  const filterKey = FILTERS.map((f) => params.get(f) ?? '').join('|');

  const queryClient = useQueryClient();
  const queues = useQuery({
    queryKey: keys.submissionQueues,
    queryFn: () => get<{ items: QueueSummary[] }>('/submissions/queues').then((r) => r.items),
  });
  const [arrivals, setArrivals] = useState<SubmissionEvent[]>([]);
  // Only the filters make another list; choosing a submission does not.
  const list = useInfiniteQuery({
    queryKey: keys.submissionList(filterKey),
    queryFn: ({ pageParam }) => get<SubmissionPage>(listPath(params, pageParam)),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (page) => page.nextCursor ?? undefined,
  });
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  const loading = list.isFetching && !list.isFetchingNextPage;
  // Worked on or refreshed: read the list again from its first page, and the queues' counts.
  const reload = () => {
    void queryClient.resetQueries({ queryKey: keys.submissionList(filterKey) });
    void queryClient.invalidateQueries({ queryKey: keys.submissionQueues });
  };

  useEffect(
    () =>
      subscribe('/submissions/events', (_event, data) => setArrivals((list) => [...list, data as SubmissionEvent].slice(-20)), [
        'submission',
      ]),
    [],
  );

  function applyFilters(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const entered = form.get(name);
      const value = typeof entered === 'string' ? entered : '';
      if (value) next.set(name, value);
    }
    setParams(next);
  }

  function select(id: string | null) {
    const next = new URLSearchParams(params);
    if (id) next.set('id', id);
    else next.delete('id');
    setParams(next);
  }

  function refresh() {
    setArrivals([]);
    reload();
  }

  const noQueues = queues.data !== undefined && queues.data.length === 0;

  return (
    <main id="main" className="triage">
      <PageHeading>{t('queues.title')}</PageHeading>
      <ErrorMessage error={queues.error} />
      {noQueues ? (
        <p>{t('queues.none')}</p>
      ) : (
        <>
          {queues.data ? (
            <section aria-labelledby="queues-heading">
              <h2 id="queues-heading">{t('queues.summary')}</h2>
              <ul className="queue-summary">
                {queues.data.map((q) => (
                  <li key={q.queue} className={params.get('queue') === q.queue ? 'current' : undefined}>
                    <strong>{queueName(q.queue)}</strong>
                    <span>{t('queues.counts', { new: q.newCount, open: q.openCount })}</span>
                    {queues.data.length > 1 ? (
                      <Link
                        to={`?queue=${encodeURIComponent(q.queue)}`}
                        aria-current={params.get('queue') === q.queue ? 'true' : undefined}
                      >
                        {t('queues.only')}
                        <span className="visually-hidden"> ({queueName(q.queue)})</span>
                      </Link>
                    ) : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}

          <div className="live-region" role="status" aria-live="polite">
            {arrivals.length > 0 ? (
              <div className="arrivals">
                <p>
                  <strong>{t('live.count', { count: arrivals.length })}</strong>{' '}
                  {t('live.latest', {
                    reference: arrivals[arrivals.length - 1]!.reference,
                    queue: queueName(arrivals[arrivals.length - 1]!.queue),
                  })}
                </p>
                <button type="button" onClick={refresh}>
                  {t('live.refresh')}
                </button>
              </div>
            ) : null}
          </div>

          <form className="filters row" onSubmit={applyFilters} aria-labelledby="filters-heading" key={filterKey}>
            <h2 id="filters-heading" className="visually-hidden">
              {t('filters.title')}
            </h2>
            <label>
              {t('filters.queue')}
              <select name="queue" defaultValue={params.get('queue') ?? ''}>
                <option value="">{t('filters.allQueues')}</option>
                {(queues.data ?? []).map((q) => (
                  <option key={q.queue} value={q.queue}>
                    {queueName(q.queue)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('filters.kind')}
              <select name="kind" defaultValue={params.get('kind') ?? ''}>
                <option value="">{t('filters.allKinds')}</option>
                <option value="sighting">{t('kind.sighting')}</option>
                <option value="report">{t('kind.report')}</option>
              </select>
            </label>
            <label>
              {t('filters.status')}
              <select name="status" defaultValue={params.get('status') ?? ''}>
                <option value="">{t('filters.allStatuses')}</option>
                {SUBMISSION_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            </label>
            <label>
              {t('filters.priority')}
              <select name="priority" defaultValue={params.get('priority') ?? ''}>
                <option value="">{t('filters.anyPriority')}</option>
                <option value="high">{t('filters.highOnly', { min: HIGH_PRIORITY })}</option>
                <option value="medium">{t('filters.mediumUp', { min: MEDIUM_PRIORITY })}</option>
              </select>
            </label>
            <button type="submit">{t('filters.apply')}</button>
          </form>

          <div className={`triage-layout${selected ? ' with-detail' : ''}`}>
            <section aria-labelledby="list-heading" className="triage-list">
              <h2 id="list-heading">{t('list.title')}</h2>
              <ErrorMessage error={list.error} />
              {loading ? (
                <Loading />
              ) : items.length === 0 ? (
                <p>{t('list.empty')}</p>
              ) : (
                <SubmissionList items={items} selected={selected} onSelect={select} />
              )}
              {list.hasNextPage && !loading ? (
                <button type="button" className="secondary" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>
                  {list.isFetchingNextPage ? t('list.loadingMore') : t('list.more')}
                </button>
              ) : null}
            </section>
            {selected ? <SubmissionDetail id={selected} onChanged={reload} onClose={() => select(null)} /> : null}
          </div>
        </>
      )}
    </main>
  );
}

/** The submissions of the list, each with its flags, a summary and where it came from. */
function SubmissionList({
  items,
  selected,
  onSelect,
}: {
  items: SubmissionListItem[];
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const { t, i18n } = useTranslation('reports');
  const queueName = useQueueName();
  return (
    <ol className="submission-list">
      {items.map((item) => (
        <li key={item.id} className={item.id === selected ? 'selected' : undefined}>
          <button type="button" className="open" aria-current={item.id === selected ? 'true' : undefined} onClick={() => onSelect(item.id)}>
            <span className="ref">{item.reference}</span> ·{' '}
            <span className="what">
              {item.kind === 'report'
                ? t(`category.${item.category ?? 'other'}`, { defaultValue: item.category ?? '' })
                : t('kind.sighting')}
            </span>
          </button>
          <p className="meta">
            {item.exercise ? <span className="badge exercise">{t('flags.exercise')}</span> : null}{' '}
            <PriorityBadge priority={item.priority} /> <span className={`badge status-${item.status}`}>{t(`status.${item.status}`)}</span>{' '}
            {item.noScript ? <span className="badge flag">{t('flags.noScript')}</span> : null}{' '}
            {item.reach === 'seen_in_area' ? <span className="badge flag">{t('flags.seenInArea')}</span> : null}{' '}
            {item.placeUnrecognised && item.placeText ? (
              <span className="badge flag">{t('flags.placeUnrecognised', { place: `\u2068${item.placeText}\u2069` })}</span>
            ) : null}{' '}
            {item.hasContact ? <span className="badge">{t('flags.contact')}</span> : null}{' '}
            {item.attachmentCount > 0 ? <span className="badge">{t('flags.attachments', { count: item.attachmentCount })}</span> : null}
          </p>
          <p className="summary">{item.description.length > 160 ? `${item.description.slice(0, 160)}…` : item.description}</p>
          <p className="muted small">
            {t('list.received')} <DateTime value={item.receivedAt} /> · {queueName(item.queue)}
            {item.placeText && !item.placeUnrecognised ? ` · ${item.placeText}` : ''}
            {item.nearPlace
              ? ` · ${t('detail.nearPlace', { place: `\u2068${item.nearPlace.name}\u2069`, km: item.nearPlace.km.toLocaleString(i18n.language, { maximumFractionDigits: 1 }) })}`
              : ''}
          </p>
        </li>
      ))}
    </ol>
  );
}
