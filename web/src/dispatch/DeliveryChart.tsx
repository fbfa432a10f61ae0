// Messages out per channel since approval, as a line chart (Chart.js, only the parts a line chart needs)
// and the same figures as a table for those who do not see the chart.
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ChannelName as Channel } from '../../../src/channels/names.ts';
import { ScrollingTable } from '../app/ui.tsx';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

/** One sample: seconds since approval, and messages out so far per channel. */
export interface Sample {
  atSeconds: number;
  out: Partial<Record<Channel, number>>;
}

// Colour and a dash pattern and point shape each, so channels differ without colour too.
const STYLE: Record<Channel, { colour: string; dash: number[]; point: 'circle' | 'rect' | 'triangle' | 'rectRot' }> = {
  email: { colour: '#1d4ed8', dash: [], point: 'circle' },
  sms: { colour: '#b45309', dash: [8, 4], point: 'rect' },
  push: { colour: '#047857', dash: [2, 3], point: 'triangle' },
  webhook: { colour: '#7c3aed', dash: [12, 4, 2, 4], point: 'rectRot' },
};

export function formatDuration(seconds: number, language: string): string {
  if (seconds < 120) return new Intl.NumberFormat(language, { style: 'unit', unit: 'second', maximumFractionDigits: 1 }).format(seconds);
  if (seconds < 7200) return new Intl.NumberFormat(language, { style: 'unit', unit: 'minute', maximumFractionDigits: 1 }).format(seconds / 60);
  return new Intl.NumberFormat(language, { style: 'unit', unit: 'hour', maximumFractionDigits: 1 }).format(seconds / 3600);
}

export function DeliveryChart({ samples, channels }: { samples: Sample[]; channels: Channel[] }) {
  const { t, i18n } = useTranslation('dispatch');
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'line', { x: number; y: number }[]> | null>(null);
  const rtl = i18n.dir(i18n.language) === 'rtl';

  const datasets = useMemo(
    () =>
      channels.map((channel) => ({
        label: t(`channel.${channel}`),
        data: samples.map((s) => ({ x: s.atSeconds, y: s.out[channel] ?? 0 })),
        borderColor: STYLE[channel].colour,
        backgroundColor: STYLE[channel].colour,
        borderDash: STYLE[channel].dash,
        pointStyle: STYLE[channel].point,
        pointRadius: 3,
        borderWidth: 2,
        stepped: false,
      })),
    [samples, channels, t],
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

  const last = samples[samples.length - 1];
  const summary = last
    ? t('chart.summary', {
        after: formatDuration(last.atSeconds, i18n.language),
        figures: channels.map((c) => `${t(`channel.${c}`)} ${(last.out[c] ?? 0).toLocaleString(i18n.language)}`).join(', '),
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
              {channels.map((c) => (
                <th key={c} scope="col">
                  {t(`channel.${c}`)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {samples.map((s, i) => (
              <tr key={i}>
                <th scope="row">{formatDuration(s.atSeconds, i18n.language)}</th>
                {channels.map((c) => (
                  <td key={c}>{(s.out[c] ?? 0).toLocaleString(i18n.language)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </ScrollingTable>
      </details>
    </figure>
  );
}

/** Samples from the server's timeline (running totals per step), each channel carried forward; a channel not yet out counts 0. */
export function samplesFromTimeline(points: { channel: Channel; atSeconds: number; out: number }[]): Sample[] {
  const steps = [...new Set(points.map((p) => p.atSeconds))].sort((a, b) => a - b);
  const running: Partial<Record<Channel, number>> = {};
  const samples: Sample[] = [{ atSeconds: 0, out: {} }];
  for (const at of steps) {
    for (const p of points) if (p.atSeconds === at) running[p.channel] = p.out;
    samples.push({ atSeconds: at, out: { ...running } });
  }
  return samples;
}
