// Unidentified people and remains the officer may see (a force its own, the national centre all), latest
// found first: filters by kind, status and force kept in the address, pages by the API's cursor, and the way in
// to recording a new one. Each list is audited by the API.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { keys, policeForces } from '../app/queries.ts';
import { useSession } from '../app/session.tsx';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { useRangeText } from './ranges.ts';
import { UNIDENTIFIED_KINDS, UNIDENTIFIED_STATUSES, type Organisation, type UnidentifiedListPage } from './types.ts';
import '../cases/cases.css';
import './unidentified.css';

const FILTERS = ['kind', 'status', 'force'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

function apiQuery(params: URLSearchParams): string {
  const query = new URLSearchParams();
  for (const key of [...FILTERS, 'cursor'] as const) {
    const value = params.get(key);
    if (value) query.set(key, value);
  }
  query.set('limit', '25');
  return query.toString();
}

export function UnidentifiedList() {
  const { t } = useTranslation('unidentified');
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const range = useRangeText();
  const current: Filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? ''])) as Filters;
  const paramsKey = params.toString();
  const [edited, setEdited] = useState<{ for: string; filters: Filters }>();
  const draft = edited?.for === paramsKey ? edited.filters : current;
  const select = (key: keyof Filters) => ({
    value: draft[key],
    onChange: (e: { target: { value: string } }) => setEdited({ for: paramsKey, filters: { ...draft, [key]: e.target.value } }),
  });

  const query = apiQuery(params);
  const { data, error, isFetching } = useQuery({
    queryKey: keys.unidentifiedList(query),
    queryFn: () => get<UnidentifiedListPage>(`/unidentified?${query}`),
    placeholderData: keepPreviousData,
  });
  const forces = useQuery({
    queryKey: keys.organisations,
    queryFn: () => get<{ items: Organisation[] }>('/organisations').then((r) => r.items),
    select: policeForces,
    enabled: can('organisation:read'),
  });
  const forceName = (code: string) => forces.data?.find((force) => force.code === code)?.name ?? code;
  // Earlier cursors, so "Previous page" can go back without the API paging backwards.
  const previous = (location.state as { previous?: string[] } | null)?.previous ?? [];
  const cursor = params.get('cursor');

  function filter(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of FILTERS) if (draft[key]) next.set(key, draft[key]);
    setParams(next);
  }

  function goToCursor(to: string | null, stack: string[]) {
    const next = new URLSearchParams(params);
    if (to) next.set('cursor', to);
    else next.delete('cursor');
    void navigate({ search: `?${next.toString()}` }, { state: { previous: stack } });
  }

  return (
    <main id="main">
      <PageHeading>{t('list.title')}</PageHeading>
      <p>{t('list.intro')}</p>
      {can('unidentified:write') ? (
        <p>
          <Link className="button" to="/unidentified/new">
            {t('list.record')}
          </Link>
        </p>
      ) : null}
      <form role="search" aria-label={t('list.filterLabel')} className="search-form" onSubmit={filter}>
        <div className="fields">
          <div className="field">
            <label htmlFor="unidentified-kind">{t('field.kind')}</label>
            <select id="unidentified-kind" {...select('kind')}>
              <option value="">{t('list.any')}</option>
              {UNIDENTIFIED_KINDS.map((kind) => (
                <option key={kind} value={kind}>
                  {t(`kind.${kind}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="unidentified-status">{t('list.status')}</label>
            <select id="unidentified-status" {...select('status')}>
              <option value="">{t('list.any')}</option>
              {UNIDENTIFIED_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {t(`status.${status}`)}
                </option>
              ))}
            </select>
          </div>
          {forces.data && forces.data.length > 1 ? (
            <div className="field">
              <label htmlFor="unidentified-force">{t('field.owner')}</label>
              <select id="unidentified-force" {...select('force')}>
                <option value="">{t('list.any')}</option>
                {forces.data.map((force) => (
                  <option key={force.code} value={force.code}>
                    {force.name}
                  </option>
                ))}
              </select>
            </div>
          ) : null}
        </div>
        <div className="actions">
          <button type="submit">{t('list.filter')}</button>
          {paramsKey ? (
            <button type="button" className="secondary" onClick={() => setParams(new URLSearchParams())}>
              {t('list.clear')}
            </button>
          ) : null}
        </div>
      </form>

      <ErrorMessage error={error} />
      {isFetching && !data ? <Loading /> : null}
      {data ? (
        <section aria-labelledby="unidentified-results" aria-busy={isFetching}>
          <h2 id="unidentified-results">{t('list.results')}</h2>
          <p role="status" className="muted">
            {data.items.length === 0 ? t('list.none') : t('list.showing', { count: data.items.length })}
          </p>
          <ul className="case-cards">
            {data.items.map((item) => (
              <li key={item.id} className="case-card">
                <h3>
                  <Link to={`/unidentified/${item.id}`}>{item.reference}</Link>
                </h3>
                <div className="badges">
                  <span className="badge">{t(`kind.${item.kind}`)}</span>
                  <span className={`badge ${item.status === 'open' ? 'open' : ''}`}>{t(`status.${item.status}`)}</span>
                </div>
                <dl className="facts">
                  <dt>{t('field.foundAt')}</dt>
                  <dd>
                    <DateTime value={item.foundAt} />
                  </dd>
                  <dt>{t('field.place')}</dt>
                  <dd>{item.foundPlace}</dd>
                  <dt>{t('field.sex')}</dt>
                  <dd>{t(`sex.${item.sex}`)}</dd>
                  <dt>{t('page.age')}</dt>
                  <dd>{range(item.age, 'years')}</dd>
                  <dt>{t('field.owner')}</dt>
                  <dd>{forceName(item.owningOrganisationCode)}</dd>
                </dl>
              </li>
            ))}
          </ul>
          <nav className="pager" aria-label={t('list.pages')}>
            {cursor ? (
              <button
                type="button"
                className="secondary"
                onClick={() => goToCursor(previous[previous.length - 1] ?? null, previous.slice(0, -1))}
              >
                {t('list.previous')}
              </button>
            ) : null}
            {cursor ? (
              <button type="button" className="secondary" onClick={() => goToCursor(null, [])}>
                {t('list.first')}
              </button>
            ) : null}
            {data.nextCursor ? (
              <button type="button" onClick={() => goToCursor(data.nextCursor, [...previous, ...(cursor ? [cursor] : [])])}>
                {t('list.next')}
              </button>
            ) : null}
          </nav>
        </section>
      ) : null}
    </main>
  );
}
