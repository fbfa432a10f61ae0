// What waits for a senior officer: alerts awaiting approval in their reach, oldest request first, with how
// long each has waited; requested changes to live alerts, each with what it alters (as it is and as it would
// be); and notices such as alerts about to expire.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { useSession } from '../app/session.tsx';
import { useQuery } from '@tanstack/react-query';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { keys } from '../app/queries.ts';
import { ChangeDifferences } from './ChangeDifferences.tsx';
import { ExerciseBadge, waitedFor, WithheldIdentity } from './shared.tsx';
import type { AlertSummary, PendingChangeSummary, StaffNotification } from './types.ts';
import './alerts.css';

const REFRESH_MS = 30_000;

/** Where a notice's item is read: the alert's page, the case's, or the sighting or report in its queue. */
function noticeLink(notice: StaffNotification): string | undefined {
  if (notice.subjectType === 'alert') return `/alerts/${notice.subjectId}`;
  if (notice.subjectType === 'case') return `/cases/${notice.subjectId}`;
  if (notice.subjectType === 'submission') return `/reports?id=${encodeURIComponent(notice.subjectId)}`;
  return undefined;
}

/** One notice as a sentence in the officer's language, with a link to what it is about. */
export function Notice({ notice }: { notice: StaffNotification }) {
  const { t } = useTranslation('alerts');
  const known = [
    'alert_expiring',
    'submission_high_priority',
    'submission_in_area',
    'submission_reassigned',
    'match_confirmed',
    'appeal_review_due',
  ].includes(notice.kind);
  const what = notice.subjectKind === 'report' ? t('notice.report') : t('notice.sighting');
  const sentence = known ? t(`notice.${notice.kind}`, { reference: notice.reference ?? '', what }) : t('notice.other');
  const link = noticeLink(notice);
  return (
    <>
      <span className="badge">{known ? t(`notice.kind.${notice.kind}`) : t('notice.kind.other')}</span>{' '}
      {notice.exercise ? <ExerciseBadge capStatus="Exercise" /> : null} <span>{sentence}</span>
      <div className="muted small">
        <DateTime value={notice.createdAt} />
        {link ? (
          <>
            {' '}
            ·{' '}
            <Link to={link}>
              {notice.subjectType === 'alert'
                ? t('notice.openAlert', { reference: notice.reference ?? '' })
                : notice.subjectType === 'case'
                  ? t('notice.openCase', { reference: notice.reference ?? '' })
                  : t('notice.openSubmission', { reference: notice.reference ?? '', what })}
            </Link>
          </>
        ) : null}
      </div>
    </>
  );
}

export function ApproverInbox() {
  const { t } = useTranslation('alerts');
  const { session } = useSession();
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  // Polled as before, whether or not the tab is in view.
  const refetchInterval = REFRESH_MS;
  const refetchIntervalInBackground = true;
  const waiting = useQuery({
    queryKey: keys.alerts('state=awaiting_approval&limit=100'),
    queryFn: () => get<{ items: AlertSummary[] }>('/alerts?state=awaiting_approval&limit=100'),
    refetchInterval,
    refetchIntervalInBackground,
  });
  const changes = useQuery({
    queryKey: keys.alertChanges,
    queryFn: () => get<{ items: PendingChangeSummary[] }>('/alert-changes'),
    refetchInterval,
    refetchIntervalInBackground,
  });
  const notices = useQuery({
    queryKey: keys.notifications,
    queryFn: () => get<{ items: StaffNotification[] }>('/notifications'),
    refetchInterval,
    refetchIntervalInBackground,
  });
  const items = [...(waiting.data?.items ?? [])].sort((a, b) => (a.requestedAt ?? a.updatedAt).localeCompare(b.requestedAt ?? b.updatedAt));

  return (
    <main id="main" className="alerts">
      <PageHeading>{t('inbox.title')}</PageHeading>
      {session && !session.secondFactor ? <p className="problem">{t('inbox.noSecondFactor')}</p> : null}
      <section aria-labelledby="waiting-heading">
        <h2 id="waiting-heading">{t('inbox.waiting', { count: items.length })}</h2>
        <ErrorMessage error={waiting.error} />
        {waiting.isFetching && !waiting.data ? <Loading /> : null}
        {waiting.data && items.length === 0 ? <p>{t('inbox.none')}</p> : null}
        {items.length > 0 ? (
          <div className="table-scroll">
            <table>
              <caption className="visually-hidden">{t('inbox.caption')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('inbox.alert')}</th>
                  <th scope="col">{t('inbox.requestedBy')}</th>
                  <th scope="col">{t('inbox.waitingFor')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link to={`/alerts/${a.id}`} dir="auto">
                        {a.identityWithheld ? <WithheldIdentity /> : a.headline || t('list.untitled')}
                      </Link>{' '}
                      <ExerciseBadge capStatus={a.capStatus} />
                      <div className="muted small">{t('list.case', { reference: a.caseReference })}</div>
                    </td>
                    <td>
                      <bdi>{a.requestedBy ?? '—'}</bdi>
                      <div className="muted small">
                        <DateTime value={a.requestedAt} />
                      </div>
                    </td>
                    <td>
                      <strong>{waitedFor(a.requestedAt, now, t)}</strong>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
      </section>
      <section aria-labelledby="changes-heading">
        <h2 id="changes-heading">{t('change.inboxTitle', { count: changes.data?.items.length ?? 0 })}</h2>
        <ErrorMessage error={changes.error} />
        {changes.data && changes.data.items.length === 0 ? <p>{t('change.inboxNone')}</p> : null}
        {(changes.data?.items ?? []).map((c) => (
          <article key={c.id} className="panel" aria-labelledby={`change-${c.id}`}>
            <h3 id={`change-${c.id}`}>
              <Link to={`/alerts/${c.alertId}`} dir="auto">
                {c.sensitive ? t('change.sensitive') : c.headline || t('list.untitled')}
              </Link>{' '}
              <ExerciseBadge capStatus={c.capStatus} />
            </h3>
            <p className="muted small">
              {t('list.case', { reference: c.caseReference })} · {t('change.requestedBy')} <bdi>{c.requestedBy}</bdi>,{' '}
              <DateTime value={c.requestedAt} /> · <strong>{waitedFor(c.requestedAt, now, t)}</strong>
            </p>
            {c.sensitive ? null : (
              <>
                <p dir="auto">{c.note}</p>
                <ChangeDifferences differences={c.differences} caption={t('change.pendingTitle')} />
              </>
            )}
          </article>
        ))}
      </section>
      <section aria-labelledby="notices-heading">
        <h2 id="notices-heading">{t('inbox.notices')}</h2>
        <ErrorMessage error={notices.error} />
        {notices.data && notices.data.items.length === 0 ? <p>{t('inbox.noNotices')}</p> : null}
        {notices.data && notices.data.items.length > 0 ? (
          <ul className="alert-rows">
            {notices.data.items.map((n, i) => (
              <li key={`${n.subjectId}-${i}`}>
                <Notice notice={n} />
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </main>
  );
}
