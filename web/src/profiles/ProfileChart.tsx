// One chart of a profile (Chart.js, only the parts a bar and a line chart need). Every chart has the same
// figures as a table beside it (ProfilesPage), so the chart is hidden from screen readers and says so.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(BarController, BarElement, LineController, LineElement, PointElement, CategoryScale, LinearScale, Legend, Tooltip);

export interface ChartSeries {
  label: string;
  /** null where the figure is withheld: drawn as a gap. */
  values: (number | null)[];
}

// Colour and a dash pattern each, so the series differ without colour too.
const STYLES = [
  { colour: '#1d4ed8', dash: [] as number[] },
  { colour: '#b45309', dash: [6, 4] },
];

export function ProfileChart({
  type,
  labels,
  series,
  caption,
}: {
  type: 'bar' | 'line';
  labels: string[];
  series: ChartSeries[];
  caption: string;
}) {
  const { i18n } = useTranslation('profiles');
  const canvas = useRef<HTMLCanvasElement>(null);
  const rtl = i18n.dir(i18n.language) === 'rtl';

  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label,
          data: s.values,
          borderColor: STYLES[i % STYLES.length]!.colour,
          backgroundColor: STYLES[i % STYLES.length]!.colour,
          borderDash: STYLES[i % STYLES.length]!.dash,
          spanGaps: false,
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        locale: i18n.language,
        scales: { x: { reverse: rtl }, y: { min: 0, position: rtl ? 'right' : 'left', ticks: { precision: 0 } } },
        plugins: { legend: { position: 'bottom', rtl }, tooltip: { enabled: true } },
      },
    });
    return () => chart.destroy();
  }, [type, labels, series, rtl, i18n.language]);

  return (
    <figure className="profile-chart">
      <figcaption>{caption}</figcaption>
      <div className="profile-chart-canvas">
        <canvas ref={canvas} aria-hidden="true" />
      </div>
    </figure>
  );
}
