// Messages out per notice and channel since approval, as a line chart (Chart.js, only the parts a line
// chart needs) and the same figures as a table for those who do not see the chart. The server gives every
// step, quiet ones too, so a quiet half hour between the appeal and the found notice draws flat, and the
// found notice's line starts where it was sent, not at approval.
import { useCallback, useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ChannelName as Channel } from '../../../src/channels/names.ts';
import type { DispatchNotice, DispatchTimeline } from '../../../src/dispatch/schemas.ts';
import { ScrollingTable } from '../app/ui.tsx';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

/** One line of the chart: one notice on one channel, its running totals at each step from its start. */
interface Series {
  notice: DispatchNotice;
  channel: Channel;
  points: { x: number; y: number }[];
}

/** The timeline's points as one series per notice and channel, in the order the server gives them. */
export function seriesFromTimeline(timeline: DispatchTimeline | undefined): Series[] {
  const series: Series[] = [];
  for (const point of timeline?.points ?? []) {
    let line = series.find((s) => s.notice === point.notice && s.channel === point.channel);
    if (!line) {
      line = { notice: point.notice, channel: point.channel, points: [] };
      series.push(line);
    }
    line.points.push({ x: point.atSeconds, y: point.out });
  }
  return series;
}

// Colour and a dash pattern and point shape each, so channels differ without colour too; a later notice
// (an update, the found notice) draws its channel's line thicker with a point shape of its own.
const STYLE: Record<Channel, { colour: string; dash: number[]; point: 'circle' | 'rect' | 'triangle' | 'rectRot' }> = {
  email: { colour: '#1d4ed8', dash: [], point: 'circle' },
  sms: { colour: '#b45309', dash: [8, 4], point: 'rect' },
  push: { colour: '#047857', dash: [2, 3], point: 'triangle' },
  webhook: { colour: '#7c3aed', dash: [12, 4, 2, 4], point: 'rectRot' },
};
const NOTICE_POINT: Record<DispatchNotice, 'star' | 'crossRot' | 'cross' | null> = {
  alert: null,
  reissue: null,
  update: 'crossRot',
  found: 'star',
  withdrawn: 'cross',
};

export function formatDuration(seconds: number, language: string): string {
  if (seconds < 120) return new Intl.NumberFormat(language, { style: 'unit', unit: 'second', maximumFractionDigits: 1 }).format(seconds);
  if (seconds < 7200)
    return new Intl.NumberFormat(language, { style: 'unit', unit: 'minute', maximumFractionDigits: 1 }).format(seconds / 60);
  return new Intl.NumberFormat(language, { style: 'unit', unit: 'hour', maximumFractionDigits: 1 }).format(seconds / 3600);
}

export function DeliveryChart({ timeline }: { timeline: DispatchTimeline | undefined }) {
  const { t, i18n } = useTranslation('dispatch');
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'line', { x: number; y: number }[]> | null>(null);
  const rtl = i18n.dir(i18n.language) === 'rtl';
  const series = useMemo(() => seriesFromTimeline(timeline), [timeline]);
  // Named by channel alone while there is only the appeal; by notice and channel once there is more.
  const several = new Set(series.map((s) => s.notice)).size > 1;
  const nameOf = useCallback(
    (s: Series) =>
      several ? t('chart.series', { notice: t(`notice.${s.notice}`), channel: t(`channel.${s.channel}`) }) : t(`channel.${s.channel}`),
    [several, t],
  );

  const datasets = useMemo(
    () =>
      series.map((s) => ({
        label: nameOf(s),
        data: s.points,
        borderColor: STYLE[s.channel].colour,
        backgroundColor: STYLE[s.channel].colour,
        borderDash: STYLE[s.channel].dash,
        pointStyle: NOTICE_POINT[s.notice] ?? STYLE[s.channel].point,
        pointRadius: NOTICE_POINT[s.notice] ? 5 : 3,
        borderWidth: NOTICE_POINT[s.notice] ? 3 : 2,
        // Every step is given, quiet ones too: nothing is drawn across a gap the data does not have.
        spanGaps: false,
        stepped: false,
      })),
    [series, nameOf],
  );

  useEffect(() => {
    if (!canvas.current) return;
    chart.current = new Chart(canvas.current, {
      type: 'line',
      data: { datasets: [] },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        scales: {
          x: { type: 'linear', min: 0, reverse: false, title: { display: true, text: '' }, ticks: { precision: 0 } },
          y: { type: 'linear', min: 0, title: { display: true, text: '' }, ticks: { precision: 0 } },
        },
        plugins: { legend: { position: 'bottom', labels: { usePointStyle: true } }, tooltip: { enabled: true } },
      },
    });
    return () => {
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    c.data.datasets = datasets;
    const x = c.options.scales!.x!;
    const y = c.options.scales!.y!;
    (x as { title: { text: string } }).title.text = t('chart.xAxis');
    (y as { title: { text: string } }).title.text = t('chart.yAxis');
    (x as { reverse: boolean }).reverse = rtl;
    (y as { position: string }).position = rtl ? 'right' : 'left';
    c.options.plugins!.legend!.rtl = rtl;
    c.update('none');
  }, [datasets, rtl, t]);

  const steps = [...new Set(series.flatMap((s) => s.points.map((p) => p.x)))].sort((x, y) => x - y);
  const valueAt = (s: Series, x: number) => s.points.find((p) => p.x === x)?.y;
  const lastStep = steps[steps.length - 1];
  const summary =
    lastStep !== undefined
      ? t('chart.summary', {
          after: formatDuration(lastStep, i18n.language),
          figures: series.map((s) => `${nameOf(s)} ${(valueAt(s, lastStep) ?? 0).toLocaleString(i18n.language)}`).join(', '),
        })
      : t('chart.empty');

  return (
    <figure className="delivery-chart" aria-labelledby="delivery-chart-caption">
      <figcaption id="delivery-chart-caption">
        <strong>{t('chart.title')}</strong> <span className="muted">{summary}</span>
      </figcaption>
      <div className="chart-box">
        <canvas ref={canvas} role="img" aria-label={`${t('chart.title')}. ${summary}`} />
      </div>
      <details className="chart-table">
        <summary>{t('chart.tableToggle')}</summary>
        <ScrollingTable label={t('chart.tableTitle')}>
          <thead>
            <tr>
              <th scope="col">{t('chart.since')}</th>
              {series.map((s) => (
                <th key={`${s.notice}-${s.channel}`} scope="col">
                  {nameOf(s)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {steps.map((x) => (
              <tr key={x}>
                <th scope="row">{formatDuration(x, i18n.language)}</th>
                {series.map((s) => {
                  const y = valueAt(s, x);
                  return <td key={`${s.notice}-${s.channel}`}>{y === undefined ? '—' : y.toLocaleString(i18n.language)}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </ScrollingTable>
      </details>
    </figure>
  );
}
