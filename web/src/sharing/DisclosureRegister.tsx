// The disclosure register for the police: by child, agency and category, with a CSV of the same query. The
// query lives in the address, so a register can be reloaded and handed on.
import { useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { SENSITIVE_GC_MS } from '../app/queries.ts';
import { DateTime, ErrorMessage, Loading, PageHeading, ScrollingTable } from '../app/ui.tsx';
import { LOG_CATEGORIES, type RegisterAnswer } from './types.ts';
import './sharing.css';

const FILTERS = ['childId', 'organisationCode', 'category', 'ownViews'] as const;

export function DisclosureRegister() {
  const { t } = useTranslation('sharing');
  const [params, setParams] = useSearchParams();
  const query = new URLSearchParams();
  for (const key of FILTERS) {
    const value = params.get(key);
    if (value) query.set(key, value);
  }
  const queryText = query.toString();
  const [draft, setDraft] = useState<Record<string, string>>(() => Object.fromEntries(FILTERS.map((key) => [key, params.get(key) ?? ''])));
  const register = useQuery({
    queryKey: ['disclosure-register', queryText],
    queryFn: () => get<RegisterAnswer>(`/disclosure-register?${queryText}`),
    gcTime: SENSITIVE_GC_MS,
  });
  function submit(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const key of FILTERS) if (draft[key]) next.set(key, draft[key]);
    setParams(next);
  }
  const input = (key: 'childId' | 'organisationCode') => (
    <div className="field">
      <label htmlFor={`register-${key}`}>{t(`register.${key === 'childId' ? 'child' : 'agency'}`)}</label>
      <input id={`register-${key}`} value={draft[key]} onChange={(e) => setDraft({ ...draft, [key]: e.target.value.trim() })} />
    </div>
  );
  return (
    <main id="main">
      <PageHeading>{t('register.title')}</PageHeading>
      <p>{t('register.intro')}</p>
      <form onSubmit={submit} className="register-filters" aria-label={t('register.title')}>
        {input('childId')}
        {input('organisationCode')}
        <div className="field">
          <label htmlFor="register-category">{t('register.category')}</label>
          <select id="register-category" value={draft.category} onChange={(e) => setDraft({ ...draft, category: e.target.value })}>
            <option value="">{t('register.any')}</option>
            {LOG_CATEGORIES.map((c) => (
              <option key={c} value={c}>
                {t(`logCategory.${c}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label>
            <input
              type="checkbox"
              checked={draft.ownViews === 'true'}
              onChange={(e) => setDraft({ ...draft, ownViews: e.target.checked ? 'true' : '' })}
            />{' '}
            {t('register.ownViews')}
          </label>
        </div>
        <button type="submit">{t('register.show')}</button>
      </form>
      <p>
        <a href={`/api/v1/disclosure-register.csv?${queryText}`} download>
          {t('register.csv')}
        </a>
      </p>
      {register.isPending ? <Loading /> : null}
      <ErrorMessage error={register.error} />
      {register.data?.truncated ? <p className="notice">{t('register.truncated')}</p> : null}
      {register.data && register.data.items.length === 0 ? <p>{t('register.none')}</p> : null}
      {register.data && register.data.items.length > 0 ? (
        <ScrollingTable label={t('register.title')}>
          <thead>
            <tr>
              <th scope="col">{t('register.at')}</th>
              <th scope="col">{t('register.category')}</th>
              <th scope="col">{t('register.case')}</th>
              <th scope="col">{t('register.agency')}</th>
              <th scope="col">{t('register.by')}</th>
              <th scope="col">{t('register.details')}</th>
            </tr>
          </thead>
          <tbody>
            {register.data.items.map((entry) => (
              <tr key={entry.seq}>
                <td>
                  <DateTime value={entry.at} />
                </td>
                <td>
                  {t(`logCategory.${entry.category}`)} <span className="muted">({entry.action})</span>
                </td>
                <td>
                  {entry.caseId ? (
                    <Link to={`/cases/${entry.caseId}`}>{entry.caseReference}</Link>
                  ) : (
                    <Link to={`/philomena/${entry.profileId}`}>{t('register.profile')}</Link>
                  )}
                </td>
                <td>{entry.agency?.name ?? '—'}</td>
                <td>{entry.actor}</td>
                <td>
                  {[
                    entry.purpose ? t(`purpose.${entry.purpose}`) : '',
                    entry.reason ?? '',
                    entry.fields.map((f) => t(`field.${f}`)).join(', '),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </td>
              </tr>
            ))}
          </tbody>
        </ScrollingTable>
      ) : null}
    </main>
  );
}
