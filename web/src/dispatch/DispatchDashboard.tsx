// The live dispatch dashboard of one alert: for the appeal, each update and the found (or withdrawal)
// notice apart, per channel, how many were targeted, queued, sent, delivered, failed, dead-lettered and
// dropped, how long to the first and latest message, and how many different people that was; when the
// appeal ended; a chart of messages out over time (with its figures as a table); the re-issue schedule.
// Figures arrive live over server-sent events whenever one changes, until the final figures of an ended
// appeal, when the stream closes and the page says so.
import { useQuery } from '@tanstack/react-query';
import { keys } from '../app/queries.ts';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { DateTime, ErrorMessage, Loading, PageHeading, ScrollingTable } from '../app/ui.tsx';
import { DeliveryChart, formatDuration } from './DeliveryChart.tsx';
import { Reissue } from './Reissue.tsx';
import { CHANNELS as CHANNEL_ORDER, type ChannelName as Channel } from '../../../src/channels/names.ts';
import type { ChannelProgress, DispatchProgress, DispatchTimeline, NoticeProgress } from '../../../src/dispatch/schemas.ts';
import type { AlertFacts } from './types.ts';
import './dispatch.css';
import { formatDate, formatDateTime, formatTime } from '../../../src/i18n/dates.ts';

const FIGURES = ['targeted', 'queued', 'sent', 'delivered', 'failed', 'deadLettered', 'dropped'] as const;
/** At most one fetch of the chart's timeline in this long, however often the figures change. */
const TIMELINE_REFRESH_MS = 2000;

/** One notice's figures: per channel and state in messages, then people (different recipients). */
function NoticeTable({ notice, label }: { notice: NoticeProgress; label: string }) {
  const { t, i18n } = useTranslation('dispatch');
  const number = (n: number) => n.toLocaleString(i18n.language);
  const duration = (ms: number | null) => (ms === null ? '—' : formatDuration(ms / 1000, i18n.language));
  const rows: ChannelProgress[] = CHANNEL_ORDER.map((c) => notice.channels.find((p) => p.channel === c)).filter((p): p is ChannelProgress =>
    Boolean(p),
  );
  const total = (key: (typeof FIGURES)[number]) => rows.reduce((sum, r) => sum + r[key], 0);
  const peopleOf = (channel: Channel | null) => notice.people.find((p) => p.channel === channel) ?? { targeted: 0, reached: 0 };
  return (
    <ScrollingTable label={label} className="progress-table">
      <thead>
        <tr>
          <th scope="col">{t('dashboard.channel')}</th>
          {FIGURES.map((f) => (
            <th key={f} scope="col" className="num">
              {t(`figure.${f}`)}
            </th>
          ))}
          <th scope="col" className="num">
            {t('figure.toFirst')}
          </th>
          <th scope="col" className="num">
            {t('figure.toLast')}
          </th>
          <th scope="col" className="num people">
            {t('dashboard.peopleTargeted')}
          </th>
          <th scope="col" className="num">
            {t('dashboard.peopleReached')}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.channel} className={row.targeted === 0 ? 'idle' : undefined}>
            <th scope="row">{t(`channel.${row.channel}`)}</th>
            {FIGURES.map((f) => (
              <td key={f} className={`num ${(f === 'failed' || f === 'deadLettered') && row[f] > 0 ? 'bad' : ''}`} data-figure={f}>
                {number(row[f])}
              </td>
            ))}
            <td className="num">{duration(row.msToFirst)}</td>
            <td className="num">{duration(row.msToLast)}</td>
            <td className="num people" data-figure="peopleTargeted">
              {number(peopleOf(row.channel).targeted)}
            </td>
            <td className="num" data-figure="peopleReached">
              {number(peopleOf(row.channel).reached)}
            </td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('dashboard.total')}</th>
          {FIGURES.map((f) => (
            <td key={f} className="num" data-figure={f}>
              {number(total(f))}
            </td>
          ))}
          <td />
          <td />
          <td className="num people" data-figure="peopleTargeted">
            {number(peopleOf(null).targeted)}
          </td>
          <td className="num" data-figure="peopleReached">
            {number(peopleOf(null).reached)}
          </td>
        </tr>
      </tfoot>
    </ScrollingTable>
  );
}

/** One section per notice: the appeal, its updates, re-issues, the found (or withdrawal) notice. */
function NoticeSection({ notice }: { notice: NoticeProgress }) {
  const { t, i18n } = useTranslation('dispatch');
  const title = t(`notice.${notice.notice}`);
  const everyone = notice.people.find((p) => p.channel === null) ?? { targeted: 0, reached: 0 };
  const messages = notice.channels.reduce((sum, c) => sum + c.sent, 0);
  const number = (n: number) => n.toLocaleString(i18n.language);
  return (
    <section aria-labelledby={`notice-${notice.notice}`} className="notice-section" data-notice={notice.notice}>
      <h2 id={`notice-${notice.notice}`}>{title}</h2>
      <p className="muted">
        {t(`noticeIntro.${notice.notice}`)}
        {notice.notice !== 'alert' && notice.startedAt ? (
          <> {t('dashboard.sentFrom', { when: formatDateTime(notice.startedAt, i18n.language) })}</>
        ) : null}
      </p>
      <p className="people-summary">
        {t('dashboard.peopleSummary', {
          reached: number(everyone.reached),
          targeted: number(everyone.targeted),
          messages: number(messages),
        })}
      </p>
      <NoticeTable notice={notice} label={t('dashboard.sectionTable', { section: title })} />
    </section>
  );
}

type Connection = 'connecting' | 'live' | 'reconnecting' | 'stopped' | 'final';

export function DispatchDashboard() {
  const { alertId = '' } = useParams();
  // Another alert starts afresh: its own figures, timeline and connection.
  return <Dashboard key={alertId} alertId={alertId} />;
}

function Dashboard({ alertId }: { alertId: string }) {
  const { t, i18n } = useTranslation('dispatch');
  const alert = useQuery({ queryKey: keys.alert(alertId), queryFn: () => get<AlertFacts>(`/alerts/${alertId}`) });
  const [progress, setProgress] = useState<DispatchProgress>();
  const [error, setError] = useState<unknown>();
  const [timeline, setTimeline] = useState<DispatchTimeline>();
  const [updatedAt, setUpdatedAt] = useState<string>();
  const [connection, setConnection] = useState<Connection>('connecting');

  useEffect(() => {
    let live = true;
    let source: EventSource | undefined;
    // The chart is the server's timeline, fetched again as the figures change (at most every
    // TIMELINE_REFRESH_MS), and once more with the final figures.
    let fetchedAt = 0;
    let pending: ReturnType<typeof setTimeout> | undefined;
    const fetchTimeline = () => {
      pending = undefined;
      fetchedAt = Date.now();
      get<DispatchTimeline>(`/alerts/${alertId}/dispatch/timeline`)
        .then((next) => live && setTimeline(next))
        .catch(() => undefined);
    };
    const refreshTimeline = (now: boolean) => {
      if (now) {
        if (pending) clearTimeout(pending);
        fetchTimeline();
      } else if (!pending) {
        pending = setTimeout(fetchTimeline, Math.max(0, TIMELINE_REFRESH_MS - (Date.now() - fetchedAt)));
      }
    };
    const show = (p: DispatchProgress) => {
      setProgress(p);
      setUpdatedAt(new Date().toISOString());
      if (p.final) {
        // Nothing will change again: no stream to keep open, and the page says these are the final figures.
        source?.close();
        setConnection('final');
      }
    };
    get<DispatchProgress>(`/alerts/${alertId}/dispatch`)
      .then((p) => {
        if (!live) return;
        show(p);
        refreshTimeline(true);
        if (p.final) return;
        // The stream directly (not the shared helper) to know when it drops: stale figures must say so.
        source = new EventSource(`/api/v1/alerts/${alertId}/dispatch/events`, { withCredentials: true });
        const stream = source;
        stream.addEventListener('progress', (event) => {
          if (!live) return;
          let next: DispatchProgress;
          try {
            next = JSON.parse((event as MessageEvent<string>).data) as DispatchProgress;
          } catch {
            return;
          }
          setError(undefined);
          setConnection('live');
          show(next);
          refreshTimeline(next.final);
        });
        stream.onopen = () => live && setConnection((c) => (c === 'final' ? c : 'live'));
        // The browser reconnects by itself unless the server refused the stream (signed out, not allowed).
        stream.onerror = () =>
          live && setConnection((c) => (c === 'final' ? c : stream.readyState === EventSource.CLOSED ? 'stopped' : 'reconnecting'));
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
      if (pending) clearTimeout(pending);
      source?.close();
    };
  }, [alertId]);

  const facts = alert.data;
  // The officers' own words, in the reader's language where the alert has it; marked with their language.
  const content = facts?.contents.find((c) => c.language === i18n.language) ?? facts?.contents[0];
  const everyone = progress?.channels.reduce((sum, c) => sum + c.targeted, 0) ?? 0;
  const waiting = progress?.channels.reduce((sum, c) => sum + c.queued, 0) ?? 0;
  const phase = !progress
    ? 'finding'
    : progress.fanoutPending > 0
      ? 'finding'
      : everyone === 0
        ? 'nobody'
        : waiting > 0
          ? 'sending'
          : 'allDone';
  const ended = progress?.endedAt ?? null;
  const liveText =
    connection === 'final'
      ? t('dashboard.final')
      : connection === 'reconnecting'
        ? t('dashboard.reconnecting')
        : connection === 'stopped'
          ? t('dashboard.stopped')
          : ended
            ? t('dashboard.finishing')
            : t('dashboard.live');
  return (
    <main id="main" className="dispatch-dashboard">
      <p className="breadcrumbs">
        <Link to={`/alerts/${alertId}`}>{t('dashboard.backToAlert')}</Link>
      </p>
      <PageHeading>{t('dashboard.title')}</PageHeading>
      <ErrorMessage error={alert.error} />
      {facts ? (
        <div className="alert-facts">
          {content ? (
            <p className="headline" lang={content.language} dir="auto">
              {content.headline}
            </p>
          ) : null}
          <p className="muted">
            {t('dashboard.facts', { reference: facts.caseReference, state: t(`alertState.${facts.state}`, { defaultValue: facts.state }) })}
            {facts.capStatus !== 'Actual' ? (
              <span className="badge medium exercise">{t(`capStatus.${facts.capStatus}`, { defaultValue: facts.capStatus })}</span>
            ) : null}
          </p>
        </div>
      ) : null}
      {ended && progress ? (
        <p className="ended">
          <strong>
            <time dateTime={ended}>
              {t('dashboard.ended', { time: formatTime(ended, i18n.language), date: formatDate(ended, i18n.language) })}
            </time>
          </strong>{' '}
          {progress.endedHow === 'expired' ? t('dashboard.endedExpired') : t('dashboard.endedWithdrawn')}
        </p>
      ) : null}
      <ErrorMessage error={error} />
      {!progress && !error ? <Loading /> : null}
      {progress ? (
        <>
          <div className={`live-line ${connection}${ended && connection !== 'final' ? ' ending' : ''}`}>
            <span className="live-dot" aria-hidden="true" />
            <span role="status">{liveText}</span>
            {updatedAt ? (
              <span>
                · {t('dashboard.updated')} <DateTime value={updatedAt} />
              </span>
            ) : null}
          </div>
          <p className="summary">
            {progress.approvedAt
              ? t('dashboard.approved', { when: formatDateTime(progress.approvedAt, i18n.language, { seconds: true }) })
              : t('dashboard.notApproved')}{' '}
            {phase === 'sending' ? t('dashboard.sending', { waiting: waiting.toLocaleString(i18n.language) }) : t(`dashboard.${phase}`)}
          </p>
          {/* Announced when the phase changes, not at every figure. */}
          <p role="status" className="visually-hidden">
            {phase === 'sending' ? t('dashboard.sendingPhase') : t(`dashboard.${phase}`)}
          </p>
          {progress.notices.map((notice) => (
            <NoticeSection key={notice.notice} notice={notice} />
          ))}
          <p className="muted small">
            {t('dashboard.legend')} {t('dashboard.peopleLegend')}
          </p>
          <section aria-labelledby="chart-title">
            <h2 id="chart-title">{t('dashboard.overTime')}</h2>
            <DeliveryChart timeline={timeline} />
          </section>
        </>
      ) : null}
      {facts ? <Reissue alertId={alertId} active={facts.state === 'active'} /> : null}
    </main>
  );
}
