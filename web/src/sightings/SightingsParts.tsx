// The pieces of the sightings page around the map: the choice of appeal, live arrivals, the time slider,
// the legend, and the same sightings as a list in priority order (the map's accessible alternative).
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { DateTime } from '../app/ui.tsx';
import { consoleDateTime } from '../app/dates.ts';
import { PriorityBadge } from '../reports/SubmissionDetail.tsx';
import type { SubmissionEvent } from '../reports/types.ts';
import { distanceKm, type AlertForMap, type AlertSummary, type SightingFeature } from './types.ts';

export const MINUTE = 60_000;
/** The slider moves in five-minute steps. */
export const STEP_MINUTES = 5;

export function AlertChoice({
  alertId,
  choices,
  current,
  onChoose,
}: {
  alertId: string | null;
  choices: AlertSummary[];
  current: AlertForMap | undefined;
  onChoose: (alertId: string) => void;
}) {
  const { t } = useTranslation('sightings');
  const chosenIsListed = choices.some((a) => a.id === alertId);
  return (
    <div className="row alert-choice">
      <label>
        {t('chooseAlert')}
        <select value={alertId ?? ''} onChange={(e) => onChoose(e.target.value)}>
          <option value="">{t('chooseAlertPlaceholder')}</option>
          {choices.map((a) => (
            <option key={a.id} value={a.id}>
              {a.identityWithheld ? t('alerts:sensitive.withheld') : a.headline || a.caseReference} ({a.caseReference})
              {a.capStatus !== 'Actual' ? ` · ${t(`capStatus.${a.capStatus}`, { defaultValue: a.capStatus })}` : ''}
            </option>
          ))}
          {alertId && !chosenIsListed && current ? (
            <option value={alertId}>
              {(current.contents[0]?.headline ?? current.caseReference) +
                ` (${t(`state.${current.state}`, { defaultValue: current.state })})`}
            </option>
          ) : null}
        </select>
      </label>
    </div>
  );
}

/** New sightings announced as they arrive: of this appeal, or of another with a way to open it. */
export function LiveArrivals({
  announcement,
  elsewhere,
  onOpen,
}: {
  announcement: string;
  elsewhere: SubmissionEvent | undefined;
  onOpen: (alertId: string) => void;
}) {
  const { t } = useTranslation('sightings');
  return (
    <div className="live-region" role="status" aria-live="polite">
      {announcement ? <p className="arrival">{announcement}</p> : null}
      {elsewhere ? (
        <p className="arrival other">
          {t('live.elsewhere', { reference: elsewhere.reference })}{' '}
          <a
            href={`/console/sightings?alert=${elsewhere.alertId}`}
            onClick={(e) => {
              e.preventDefault();
              onOpen(elsewhere.alertId!);
            }}
          >
            {t('live.openOther')}
          </a>
        </p>
      ) : null}
    </div>
  );
}

export interface TimeSliderProps {
  start: number;
  spanMinutes: number;
  shownUntil: number;
  lastSeenAt: number;
  until: number | undefined;
  playing: boolean;
  shown: number;
  total: number;
  onUntil: (until: number | undefined) => void;
  onTogglePlaying: () => void;
}

/** What had been seen by a chosen time, and a button that plays through the hours since the child was last seen. */
export function TimeSlider({
  start,
  spanMinutes,
  shownUntil,
  lastSeenAt,
  until,
  playing,
  shown,
  total,
  onUntil,
  onTogglePlaying,
}: TimeSliderProps) {
  const { t, i18n } = useTranslation('sightings');
  const sliderValue = until === undefined ? spanMinutes : Math.round((shownUntil - start) / MINUTE);
  const sinceLastSeen = Math.round((shownUntil - lastSeenAt) / MINUTE);
  const sinceText = t(sinceLastSeen >= 0 ? 'slider.after' : 'slider.before', {
    hours: Math.floor(Math.abs(sinceLastSeen) / 60),
    minutes: Math.abs(sinceLastSeen) % 60,
  });
  const timeText = consoleDateTime(shownUntil, i18n.language);
  return (
    <div className="time-slider">
      <label htmlFor="time-slider">{t('slider.label')}</label>
      <div className="slider-row">
        <input
          id="time-slider"
          type="range"
          min={0}
          max={spanMinutes}
          step={STEP_MINUTES}
          value={Math.min(sliderValue, spanMinutes)}
          aria-valuetext={`${timeText}, ${sinceText}`}
          aria-describedby="slider-count"
          onChange={(e) => {
            const minutes = Number(e.target.value);
            onUntil(minutes >= spanMinutes ? undefined : start + minutes * MINUTE);
          }}
        />
        <button type="button" className="secondary" aria-pressed={playing} onClick={onTogglePlaying}>
          {playing ? t('slider.pause') : t('slider.play')}
        </button>
        {until !== undefined ? (
          <button type="button" className="secondary" onClick={() => onUntil(undefined)}>
            {t('slider.showAll')}
          </button>
        ) : null}
      </div>
      <p className="slider-time">
        <output htmlFor="time-slider">
          <time dateTime={new Date(shownUntil).toISOString()}>{timeText}</time> · {sinceText}
        </output>
      </p>
      <p id="slider-count" className="slider-count">
        {t('slider.count', { shown, total })}
      </p>
    </div>
  );
}

export function MapLegend() {
  const { t } = useTranslation('sightings');
  return (
    <ul className="legend" aria-label={t('legend.label')}>
      <li>
        <span className="sighting-marker high" aria-hidden="true" /> {t('legend.high')}
      </li>
      <li>
        <span className="sighting-marker medium" aria-hidden="true" /> {t('legend.medium')}
      </li>
      <li>
        <span className="sighting-marker low" aria-hidden="true" /> {t('legend.low')}
      </li>
      <li>
        <span className="sighting-marker medium" aria-hidden="true">
          3
        </span>{' '}
        {t('legend.group')}
      </li>
      <li>
        <span className="last-seen-marker" aria-hidden="true" /> {t('legend.lastSeen')}
      </li>
    </ul>
  );
}

/** The sightings shown on the map, highest priority first, each with its group and distance from the last sighting. */
export function SightingList({
  current,
  ordered,
  total,
  groupSize,
  selected,
  onSelect,
}: {
  current: AlertForMap;
  ordered: SightingFeature[];
  total: number;
  groupSize: Map<string, number>;
  selected: string | null;
  onSelect: (id: string) => void;
}) {
  const { t, i18n } = useTranslation('sightings');
  const { t: tr } = useTranslation('reports');
  return (
    <section className="sighting-list" aria-labelledby="sighting-list-heading">
      <h2 id="sighting-list-heading">{t('list.title')}</h2>
      {ordered.length === 0 ? (
        <p>{total === 0 ? t('list.none') : t('list.noneYet')}</p>
      ) : (
        <ol>
          {ordered.map((f) => {
            const size = groupSize.get(f.id) ?? 1;
            const km = distanceKm(current.lastSeen, { lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] });
            return (
              <li key={f.id} className={f.id === selected ? 'selected' : undefined}>
                <button type="button" className="open" aria-current={f.id === selected ? 'true' : undefined} onClick={() => onSelect(f.id)}>
                  {f.properties.reference}
                </button>
                <p className="meta">
                  <PriorityBadge priority={f.properties.priority} /> <span className="badge">{tr(`status.${f.properties.status}`)}</span>
                  {size > 1 ? (
                    <>
                      {' '}
                      <span className="badge">{t('list.group', { count: size })}</span>
                    </>
                  ) : null}
                </p>
                <p className="muted small">
                  <DateTime value={f.properties.seenAt ?? f.properties.receivedAt} /> ·{' '}
                  {f.properties.nearPlace
                    ? t('list.nearDistance', {
                        place: `\u2068${f.properties.nearPlace.name}\u2069`,
                        km: km.toLocaleString(i18n.language, { maximumFractionDigits: 1 }),
                      })
                    : t('list.distance', { km: km.toLocaleString(i18n.language, { maximumFractionDigits: 1 }) })}
                </p>
              </li>
            );
          })}
        </ol>
      )}
      <p className="muted small">
        {t('list.withoutPlace')} <Link to="/reports?kind=sighting">{t('list.openQueues')}</Link>
      </p>
    </section>
  );
}
