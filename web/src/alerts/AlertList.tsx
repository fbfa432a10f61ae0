// Alerts of the cases the officer reaches, grouped by where they are in their life, newest first within
// each group; exercises and tests are marked.
import { useQuery } from '@tanstack/react-query';
import { keys } from '../app/queries.ts';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { ExerciseBadge, WithheldIdentity } from './shared.tsx';
import { ALERT_STATES, type AlertSummary } from './types.ts';
import './alerts.css';

export function AlertList() {
  const { t } = useTranslation('alerts');
  const { can } = useSession();
  const {
    data,
    error,
    isFetching: loading,
  } = useQuery({ queryKey: keys.alerts('limit=100'), queryFn: () => get<{ items: AlertSummary[] }>('/alerts?limit=100') });
  const items = data?.items ?? [];
  return (
    <main id="main" className="alerts">
      <PageHeading>{t('list.title')}</PageHeading>
      {can('alert:request') ? (
        <p>
          <Link className="button" to="/alerts/new">
            {t('list.new')}
          </Link>
        </p>
      ) : null}
      <ErrorMessage error={error} />
      {loading && !data ? <Loading /> : null}
      {data && items.length === 0 ? <p>{t('list.none')}</p> : null}
      {ALERT_STATES.map((state) => {
        const group = items.filter((a) => a.state === state);
        if (group.length === 0) return null;
        return (
          <section key={state} aria-labelledby={`group-${state}`}>
            <h2 id={`group-${state}`}>
              {t(`stateGroup.${state}`)} <span className="muted">({group.length})</span>
            </h2>
            <ul className="alert-rows">
              {group.map((a) => (
                <li key={a.id}>
                  <Link to={`/alerts/${a.id}`} className="alert-headline" dir="auto">
                    {a.identityWithheld ? <WithheldIdentity /> : a.headline || t('list.untitled')}
                  </Link>{' '}
                  <ExerciseBadge capStatus={a.capStatus} />
                  <div className="muted small">
                    {t('list.case', { reference: a.caseReference })} · {a.owningOrganisationCode} · {t('list.updated')}{' '}
                    <DateTime value={a.updatedAt} />
                    {a.expiresAt && state === 'active' ? (
                      <>
                        {' '}
                        · {t('list.expires')} <DateTime value={a.expiresAt} />
                      </>
                    ) : null}
                  </div>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </main>
  );
}
