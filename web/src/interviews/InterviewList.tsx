// Return home interviews in reach: the local authority's to do (its own, whole) and the police's view of their
// cases' interviews, with those past the 72 hours flagged. The choice of list lives in the address.
import { useQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { SENSITIVE_GC_MS } from '../app/queries.ts';
import { DateTime, ErrorMessage, Loading, PageHeading, ScrollingTable } from '../app/ui.tsx';
import type { InterviewListAnswer, InterviewView } from './types.ts';
import './interviews.css';

const STATES = ['open', 'overdue', 'all'] as const;

export function StatusBadge({ interview }: { interview: Pick<InterviewView, 'status' | 'overdue'> }) {
  const { t } = useTranslation('interviews');
  return (
    <>
      {t(`status.${interview.status}`)}
      {interview.overdue ? <strong className="overdue-badge"> · {t('overdueBadge')}</strong> : null}
    </>
  );
}

export function InterviewList() {
  const { t } = useTranslation('interviews');
  const [params, setParams] = useSearchParams();
  const state = STATES.find((s) => s === params.get('state')) ?? 'open';
  const list = useQuery({
    queryKey: ['interviews', 'list', state],
    queryFn: () => get<InterviewListAnswer>(`/return-interviews?state=${state}`),
    gcTime: SENSITIVE_GC_MS,
  });
  return (
    <main id="main">
      <PageHeading>{t('list.title')}</PageHeading>
      <p>{t('list.intro')}</p>
      <div className="field inline">
        <label htmlFor="interview-state">{t('list.state')}</label>
        <select id="interview-state" value={state} onChange={(e) => setParams({ state: e.target.value })}>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {t(`list.${s}`)}
            </option>
          ))}
        </select>
      </div>
      {list.isPending ? <Loading /> : null}
      <ErrorMessage error={list.error} />
      {list.data ? (
        <>
          <p role="status" className={list.data.overdue ? 'problem' : 'muted'}>
            {t('list.overdueCount', { count: list.data.overdue })}
          </p>
          {list.data.items.length === 0 ? (
            <p>{t('list.none')}</p>
          ) : (
            <ScrollingTable label={t('list.title')} className="interview-table">
              <thead>
                <tr>
                  <th scope="col">{t('list.case')}</th>
                  <th scope="col">{t('list.child')}</th>
                  <th scope="col">{t('list.authority')}</th>
                  <th scope="col">{t('list.returned')}</th>
                  <th scope="col">{t('list.due')}</th>
                  <th scope="col">{t('list.status')}</th>
                </tr>
              </thead>
              <tbody>
                {list.data.items.map((item) => (
                  <tr key={item.id} className={item.overdue ? 'overdue' : undefined}>
                    <td>
                      <Link to={`/interviews/${item.id}`} aria-label={t('list.open_link', { reference: item.caseReference })}>
                        {item.caseReference}
                      </Link>
                    </td>
                    <td>{item.view === 'full' ? item.child.name : '—'}</td>
                    <td>{item.organisation?.name ?? t('list.noAuthority')}</td>
                    <td>
                      <DateTime value={item.returnedAt} />
                    </td>
                    <td>
                      <DateTime value={item.dueAt} />
                    </td>
                    <td>
                      <StatusBadge interview={item} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollingTable>
          )}
        </>
      ) : null}
    </main>
  );
}
