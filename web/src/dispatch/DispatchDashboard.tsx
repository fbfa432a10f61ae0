// The live dispatch dashboard of one alert: per channel, how many were targeted, queued, sent, delivered,
// failed, dead-lettered and dropped, and how long from approval to the first and latest message; a chart
// of messages out over time (with its figures as a table); the re-issue schedule. Figures arrive live
// over server-sent events whenever one changes.
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { get } from '../app/api.ts';
import { DateTime, ErrorMessage, Loading, PageHeading, ScrollingTable, useLoad } from '../app/ui.tsx';
import { DeliveryChart, formatDuration, samplesFromTimeline, type Sample } from './DeliveryChart.tsx';
import { Reissue } from './Reissue.tsx';
import { CHANNELS as CHANNEL_ORDER, type ChannelName as Channel } from '../../../src/channels/names.ts';
import type { ChannelProgress, DispatchProgress, DispatchTimeline } from '../../../src/dispatch/schemas.ts';
import type { AlertFacts } from './types.ts';
import './dispatch.css';
import { formatDateTime } from '../../../src/i18n/dates.ts';

const FIGURES = ['targeted', 'queued', 'sent', 'delivered', 'failed', 'deadLettered', 'dropped'] as const;
/** Live samples kept for the chart beyond the server's timeline. */
const MAX_LIVE_SAMPLES = 600;

function ProgressTable({ progress }: { progress: DispatchProgress }) {
  const { t, i18n } = useTranslation('dispatch');
  const number = (n: number) => n.toLocaleString(i18n.language);
  const duration = (ms: number | null) => (ms === null ? '—' : formatDuration(ms / 1000, i18n.language));
  const rows: ChannelProgress[] = CHANNEL_ORDER.map((c) => progress.channels.find((p) => p.channel === c)).filter((p): p is ChannelProgress => Boolean(p));
  const total = (key: (typeof FIGURES)[number]) => rows.reduce((sum, r) => sum + r[key], 0);
  return (
    <ScrollingTable label={t('dashboard.tableTitle')} className="progress-table">
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
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th scope="row">{t('dashboard.total')}</th>
          {FIGURES.map((f) => (
            <td key={f} className="num">
              {number(total(f))}
            </td>
          ))}
          <td />
          <td />
        </tr>
      </tfoot>
    </ScrollingTable>
  );
}

export function DispatchDashboard() {
  const { alertId = '' } = useParams();
  const { t, i18n } = useTranslation('dispatch');
  const alert = useLoad(() => get<AlertFacts>(`/alerts/${alertId}`), [alertId]);
  const [progress, setProgress] = useState<DispatchProgress>();
  const [error, setError] = useState<unknown>();
  const [samples, setSamples] = useState<Sample[]>([]);
  const [updatedAt, setUpdatedAt] = useState<string>();
  const [connection, setConnection] = useState<'connecting' | 'live' | 'reconnecting' | 'stopped'>('connecting');

  useEffect(() => {
    let live = true;
    setProgress(undefined);
    setSamples([]);
    // The history first, then live figures; each live figure is also a point on the chart.
    const approvedAtOf = (p: DispatchProgress) => (p.approvedAt ? Date.parse(p.approvedAt) : undefined);
    const addSample = (p: DispatchProgress) => {
      const approved = approvedAtOf(p);
      if (approved === undefined) return;
      const out: Partial<Record<Channel, number>> = {};
      for (const c of p.channels) out[c.channel] = c.sent;
      const sample = { atSeconds: Math.max(0, (Date.now() - approved) / 1000), out };
      setSamples((previous) => {
        const last = previous[previous.length - 1];
        if (last && last.atSeconds > sample.atSeconds) return previous;
        return [...previous, sample].slice(-MAX_LIVE_SAMPLES);
      });
    };
    Promise.all([get<DispatchProgress>(`/alerts/${alertId}/dispatch`), get<DispatchTimeline>(`/alerts/${alertId}/dispatch/timeline`)])
      .then(([p, timeline]) => {
        if (!live) return;
        setProgress(p);
        setUpdatedAt(new Date().toISOString());
        setSamples(samplesFromTimeline(timeline.points));
        addSample(p);
      })
      .catch((e: unknown) => live && setError(e));
    // The stream directly (not the shared helper) to know when it drops: stale figures must say so.
    const source = new EventSource(`/api/v1/alerts/${alertId}/dispatch/events`, { withCredentials: true });
    source.addEventListener('progress', (event) => {
      if (!live) return;
      let p: DispatchProgress;
      try {
        p = JSON.parse((event as MessageEvent<string>).data) as DispatchProgress;
      } catch {
        return;
      }
      setProgress(p);
      setError(undefined);
      setConnection('live');
      setUpdatedAt(new Date().toISOString());
      addSample(p);
    });
    source.onopen = () => live && setConnection('live');
    // The browser reconnects by itself unless the server refused the stream (signed out, not allowed).
    source.onerror = () => live && setConnection(source.readyState === EventSource.CLOSED ? 'stopped' : 'reconnecting');
    const close = () => source.close();
    return () => {
      live = false;
      close();
    };
  }, [alertId]);

  const facts = alert.data;
  // The officers' own words, in the reader's language where the alert has it; marked with their language.
  const content = facts?.contents.find((c) => c.language === i18n.language) ?? facts?.contents[0];
  // The chart shows the channels that have anyone to reach.
  const channels: Channel[] = progress ? CHANNEL_ORDER.filter((c) => (progress.channels.find((p) => p.channel === c)?.targeted ?? 0) > 0) : [];
  const everyone = progress?.channels.reduce((sum, c) => sum + c.targeted, 0) ?? 0;
  const waiting = progress?.channels.reduce((sum, c) => sum + c.queued, 0) ?? 0;
  const phase = !progress ? 'finding' : progress.fanoutPending > 0 ? 'finding' : everyone === 0 ? 'nobody' : waiting > 0 ? 'sending' : 'allDone';
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
            {facts.capStatus !== 'Actual' ? <span className="badge medium exercise">{t(`capStatus.${facts.capStatus}`, { defaultValue: facts.capStatus })}</span> : null}
          </p>
        </div>
      ) : null}
      <ErrorMessage error={error} />
      {!progress && !error ? <Loading /> : null}
      {progress ? (
        <>
          <div className={`live-line ${connection}`}>
            <span className="live-dot" aria-hidden="true" />
            <span role="status">{connection === 'reconnecting' ? t('dashboard.reconnecting') : connection === 'stopped' ? t('dashboard.stopped') : t('dashboard.live')}</span>
            {updatedAt ? (
              <span>
                · {t('dashboard.updated')} <DateTime value={updatedAt} />
              </span>
            ) : null}
          </div>
          <p className="summary">
            {progress.approvedAt ? t('dashboard.approved', { when: formatDateTime(progress.approvedAt, i18n.language, { seconds: true }) }) : t('dashboard.notApproved')}{' '}
            {phase === 'sending' ? t('dashboard.sending', { waiting: waiting.toLocaleString(i18n.language) }) : t(`dashboard.${phase}`)}
          </p>
          {/* Announced when the phase changes, not at every figure. */}
          <p role="status" className="visually-hidden">
            {phase === 'sending' ? t('dashboard.sendingPhase') : t(`dashboard.${phase}`)}
          </p>
          <section aria-labelledby="progress-title">
            <h2 id="progress-title">{t('dashboard.perChannel')}</h2>
            <ProgressTable progress={progress} />
            <p className="muted small">{t('dashboard.legend')}</p>
          </section>
          <section aria-labelledby="chart-title">
            <h2 id="chart-title">{t('dashboard.overTime')}</h2>
            <DeliveryChart samples={samples} channels={channels} />
          </section>
        </>
      ) : null}
      {facts ? <Reissue alertId={alertId} active={facts.state === 'active'} /> : null}
    </main>
  );
}
