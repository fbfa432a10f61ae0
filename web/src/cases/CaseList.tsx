// The case list: search by name, alias or reference, filters kept in the address (so a search can be
// bookmarked, shared and reloaded), pages by the API's cursor, and the way in to recording a new case.
// Sensitive cases are listed without the child, and found by reference only, until the officer gives a
// reason; the reason is kept for this screen only (never in the address) and sent with each search.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { keys, policeForces } from '../app/queries.ts';
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { NewCaseForm } from './NewCaseForm.tsx';
import { SensitiveReason } from './SensitiveReason.tsx';
import { RISK_LEVELS, type CaseListPage, type Organisation } from './types.ts';
import './cases.css';

const FILTERS = ['q', 'status', 'risk', 'force', 'from', 'to'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

/** The start (or end) of a day in the viewer's zone, as the API's instant. */
function dayBoundary(day: string, end: boolean): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return undefined;
  const date = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** The API's query for the filters in the address. */
function apiQuery(params: URLSearchParams): string {
  const query = new URLSearchParams();
  const q = params.get('q')?.trim();
  if (q) query.set('q', q);
  for (const key of ['status', 'risk', 'force'] as const) {
    const value = params.get(key);
    if (value) query.set(key, value);
  }
  const from = dayBoundary(params.get('from') ?? '', false);
  const to = dayBoundary(params.get('to') ?? '', true);
  if (from) query.set('reportedFrom', from);
  if (to) query.set('reportedTo', to);
  const cursor = params.get('cursor');
  if (cursor) query.set('cursor', cursor);
  query.set('limit', '25');
  return query.toString();
}

export function RiskBadge({ level }: { level: string | null }) {
  const { t } = useTranslation('cases');
  if (!level) return <span className="badge">{t('risk.ungraded')}</span>;
  return <span className={`badge ${level === 'no_apparent' ? '' : level}`}>{t(`risk.level.${level}`)}</span>;
}

export function CaseList() {
  const { t } = useTranslation('cases');
  const { can } = useSession();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const location = useLocation();
  const recording = params.has('record');

  const current: Filters = Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? ''])) as Filters;
  // The form follows the address when it changes from outside (back button, a shared link): what was typed
  // belongs to the address it was typed against.
  const paramsKey = params.toString();
  const [edited, setEdited] = useState<{ for: string; filters: Filters }>();
  const draft = edited?.for === paramsKey ? edited.filters : current;
  const setDraft = (filters: Filters) => setEdited({ for: paramsKey, filters });

  const query = apiQuery(params);
  const [reason, setReason] = useState<string>();
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({
    queryKey: keys.cases(query, reason),
    queryFn: () => get<CaseListPage>(`/cases?${query}`, reason ? { 'x-access-reason': encodeURIComponent(reason) } : undefined),
    enabled: !recording,
    placeholderData: keepPreviousData,
  });
  const forces = useQuery({
    queryKey: keys.organisations,
    queryFn: () => get<{ items: Organisation[] }>('/organisations').then((r) => r.items),
    select: policeForces,
    enabled: can('organisation:read'),
  });

  // Earlier cursors, so "Previous page" can go back without the API needing to page backwards.
  const previous = (location.state as { previous?: string[] } | null)?.previous ?? [];

  function search(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of FILTERS) if (draft[key].trim()) next.set(key, draft[key].trim());
    setParams(next);
  }

  function clear() {
    setParams(new URLSearchParams());
  }

  function goToCursor(cursor: string | null, stack: string[]) {
    const next = new URLSearchParams(params);
    if (cursor) next.set('cursor', cursor);
    else next.delete('cursor');
    // The declarative router's navigate returns nothing to wait for.
    void navigate({ search: `?${next.toString()}` }, { state: { previous: stack } });
  }

  if (recording) {
    return (
      <main id="main">
        {/* A new form for each child: choosing a likely child's new episode starts that episode's own draft. */}
        <NewCaseForm key={params.get('child') ?? 'new'} childId={params.get('child') ?? undefined} />
      </main>
    );
  }

  const filtered = FILTERS.some((key) => current[key]);
  return (
    <main id="main">
      <PageHeading>{t('list.title')}</PageHeading>
      {can('case:create') ? (
        <p>
          <Link className="button" to="/cases?record=new">
            {t('list.record')}
          </Link>
        </p>
      ) : null}

      <form role="search" aria-label={t('list.searchLabel')} className="search-form" onSubmit={search}>
        <div className="fields">
          <div className="field wide">
            <label htmlFor="case-q">{t('list.q')}</label>
            <p className="hint" id="case-q-hint">
              {t('list.qHint')}
            </p>
            <input
              id="case-q"
              type="search"
              aria-describedby="case-q-hint"
              value={draft.q}
              maxLength={100}
              onChange={(e) => setDraft({ ...draft, q: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="case-status">{t('list.status')}</label>
            <select id="case-status" value={draft.status} onChange={(e) => setDraft({ ...draft, status: e.target.value })}>
              <option value="">{t('list.any')}</option>
              <option value="open">{t('status.open')}</option>
              <option value="closed">{t('status.closed')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="case-risk">{t('list.risk')}</label>
            <select id="case-risk" value={draft.risk} onChange={(e) => setDraft({ ...draft, risk: e.target.value })}>
              <option value="">{t('list.any')}</option>
              {RISK_LEVELS.map((level) => (
                <option key={level} value={level}>
                  {t(`risk.level.${level}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="case-force">{t('list.force')}</label>
            {forces.data && forces.data.length > 0 ? (
              <select id="case-force" value={draft.force} onChange={(e) => setDraft({ ...draft, force: e.target.value })}>
                <option value="">{t('list.any')}</option>
                {forces.data.map((force) => (
                  <option key={force.code} value={force.code}>
                    {force.name}
                  </option>
                ))}
              </select>
            ) : (
              <input id="case-force" value={draft.force} maxLength={50} onChange={(e) => setDraft({ ...draft, force: e.target.value })} />
            )}
          </div>
          <div className="field">
            <label htmlFor="case-from">{t('list.from')}</label>
            <input id="case-from" type="date" value={draft.from} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
          </div>
          <div className="field">
            <label htmlFor="case-to">{t('list.to')}</label>
            <input id="case-to" type="date" value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          </div>
        </div>
        <div className="actions">
          <button type="submit">{t('list.search')}</button>
          {filtered ? (
            <button type="button" className="secondary" onClick={clear}>
              {t('list.clear')}
            </button>
          ) : null}
        </div>
      </form>

      <SensitiveReason reason={reason} onReason={setReason} />

      <ErrorMessage error={error} />
      {loading && !data ? <Loading /> : null}
      {data ? (
        <section aria-labelledby="case-results">
          <h2 id="case-results">{t('list.results')}</h2>
          <p role="status" className="muted">
            {data.items.length === 0 ? t('list.none') : t('list.showing', { count: data.items.length })}
          </p>
          <ul className="case-cards">
            {data.items.map((item) => (
              <CaseCard key={item.id} item={item} forces={forces.data} />
            ))}
          </ul>
          <nav className="pager" aria-label={t('list.pages')}>
            {params.get('cursor') ? (
              <button
                type="button"
                className="secondary"
                onClick={() => goToCursor(previous[previous.length - 1] ?? null, previous.slice(0, -1))}
              >
                {t('list.previous')}
              </button>
            ) : null}
            {params.get('cursor') ? (
              <button type="button" className="secondary" onClick={() => goToCursor(null, [])}>
                {t('list.first')}
              </button>
            ) : null}
            {data.nextCursor ? (
              <button
                type="button"
                onClick={() => goToCursor(data.nextCursor, [...previous, ...(params.get('cursor') ? [params.get('cursor')!] : [])])}
              >
                {t('list.next')}
              </button>
            ) : null}
          </nav>
        </section>
      ) : null}
    </main>
  );
}

/** One case in the results: the child (or withheld), its badges and facts. */
function CaseCard({ item, forces }: { item: CaseListPage['items'][number]; forces: Organisation[] | undefined }) {
  const { t } = useTranslation('cases');
  return (
    <li className="case-card">
      <h2>
        <Link to={`/cases/${item.id}`}>
          {item.identityWithheld || item.childName === null ? <span className="withheld">{t('sensitive.withheld')}</span> : item.childName}
        </Link>
      </h2>
      <div className="badges">
        <span className={`badge ${item.status}`}>{t(`status.${item.status}`)}</span>
        <RiskBadge level={item.riskLevel} />
        {item.sensitive ? <span className="badge sensitive">{t('case.sensitive')}</span> : null}
        {item.exercise ? <span className="badge exercise">{t('case.exercise')}</span> : null}
        {item.repeatEpisodes > 0 ? <span className="badge">{t('list.repeats', { count: item.repeatEpisodes })}</span> : null}
      </div>
      <dl className="facts">
        <dt>{t('case.reference')}</dt>
        <dd>{item.reference}</dd>
        <dt>{t('case.age')}</dt>
        <dd>{item.age ?? '—'}</dd>
        <dt>{t('case.lastSeen')}</dt>
        <dd>
          <DateTime value={item.lastSeenAt} />
          {item.lastSeenPlace !== null ? `, ${item.lastSeenPlace}` : null}
        </dd>
        <dt>{t('case.reported')}</dt>
        <dd>
          <DateTime value={item.reportedAt} />
        </dd>
        <dt>{t('case.force')}</dt>
        <dd>{forces?.find((force) => force.code === item.owningOrganisationCode)?.name ?? item.owningOrganisationCode}</dd>
      </dl>
    </li>
  );
}
