// An active appeal's sightings on the map: the last-seen point, markers coloured by priority, groups
// the server clustered (500 m, 30 minutes) drawn as one marker with their size, a time slider that shows
// what had been seen by a chosen time (and plays through the hours since the child was last seen), the
// same sightings as a list in priority order (the map's accessible alternative), new high-priority
// sightings arriving live, and the chosen sighting's detail with triage.
import { useQuery } from '@tanstack/react-query';
import { keys } from '../app/queries.ts';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import { get, subscribe } from '../app/api.ts';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { BaseMap } from '../map/BaseMap.tsx';
import { PriorityBadge, SubmissionDetail } from '../reports/SubmissionDetail.tsx';
import { priorityBand, type SubmissionEvent } from '../reports/types.ts';
import { distanceKm, sightingTime, type AlertForMap, type AlertSummary, type SightingFeature, type SightingsCollection } from './types.ts';
import './sightings.css';
import { consoleDateTime } from '../app/dates.ts';

const MINUTE = 60_000;
/** The slider moves in five-minute steps; playing crosses the whole span in about ten seconds. */
const STEP_MINUTES = 5;
const PLAY_TICK_MS = 250;
const PLAY_TICKS = 40;

interface Group {
  key: string;
  members: SightingFeature[];
  top: SightingFeature;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function SightingsMap() {
  const { t, i18n } = useTranslation('sightings');
  const { t: tr } = useTranslation('reports');
  const [params, setParams] = useSearchParams();
  const alertId = params.get('alert');
  const selected = params.get('sighting');

  const alerts = useQuery({ queryKey: keys.alerts('state=active&limit=100'), queryFn: () => get<{ items: AlertSummary[] }>('/alerts?state=active&limit=100').then((r) => r.items) });
  const [alert, setAlert] = useState<AlertForMap>();
  const [collection, setCollection] = useState<SightingsCollection>();
  const [loadError, setLoadError] = useState<unknown>();
  const [tick, setTick] = useState(0);
  const [until, setUntil] = useState<number>();
  const [playing, setPlaying] = useState(false);
  const [announcement, setAnnouncement] = useState('');
  const [elsewhere, setElsewhere] = useState<SubmissionEvent>();
  const [map, setMap] = useState<L.Map>();
  const layer = useRef<L.LayerGroup | undefined>(undefined);
  const fittedFor = useRef<string | undefined>(undefined);
  const now = useMemo(() => Date.now(), [collection]);

  // One active appeal and none chosen: choose it.
  useEffect(() => {
    if (!alertId && alerts.data?.length === 1) setParams({ alert: alerts.data[0]!.id }, { replace: true });
  }, [alertId, alerts.data]);

  useEffect(() => {
    if (!alertId) return;
    let live = true;
    setLoadError(undefined);
    Promise.all([get<AlertForMap>(`/alerts/${alertId}`), get<SightingsCollection>(`/alerts/${alertId}/sightings.geojson`)])
      .then(([view, sightings]) => {
        if (!live) return;
        setAlert(view);
        setCollection(sightings);
      })
      .catch((error: unknown) => live && setLoadError(error));
    return () => {
      live = false;
    };
  }, [alertId, tick]);

  // Live: a new high-priority sighting of this appeal reloads the map and is announced.
  useEffect(
    () =>
      subscribe(
        '/submissions/events',
        (_name, data) => {
          const event = data as SubmissionEvent;
          if (event.kind !== 'sighting') return;
          if (event.alertId && event.alertId === alertId) {
            setAnnouncement(t('live.arrived', { reference: event.reference, priority: event.priority }));
            setTick((n) => n + 1);
          } else if (event.alertId) {
            setElsewhere(event);
          }
        },
        ['submission'],
      ),
    [alertId],
  );

  // What was loaded for another alert is not shown while the chosen one loads.
  const current = alert?.id === alertId ? alert : undefined;
  const features = collection && current ? collection.features : [];
  const lastSeenAt = current ? Date.parse(current.lastSeen.at) : Date.now();
  const start = Math.min(lastSeenAt, ...features.map(sightingTime));
  const end = Math.max(now, ...features.map(sightingTime));
  const spanMinutes = Math.max(STEP_MINUTES, Math.ceil((end - start) / MINUTE / STEP_MINUTES) * STEP_MINUTES);
  const shownUntil = until === undefined ? end : Math.min(until, end);
  const sliderValue = until === undefined ? spanMinutes : Math.round((shownUntil - start) / MINUTE);

  const visible = useMemo(() => features.filter((f) => sightingTime(f) <= shownUntil), [features, shownUntil]);
  const groups = useMemo(() => {
    const byKey = new Map<string, SightingFeature[]>();
    for (const f of visible) {
      const key = f.properties.clusterId ?? f.id;
      byKey.set(key, [...(byKey.get(key) ?? []), f]);
    }
    return [...byKey.entries()].map(([key, members]): Group => ({ key, members, top: members.reduce((a, b) => (b.properties.priority > a.properties.priority ? b : a)) }));
  }, [visible]);
  const groupSize = useMemo(() => new Map(groups.flatMap((g) => g.members.map((m) => [m.id, g.members.length] as const))), [groups]);
  const ordered = useMemo(() => [...visible].sort((a, b) => b.properties.priority - a.properties.priority || sightingTime(b) - sightingTime(a)), [visible]);

  // New alert: start showing everything.
  useEffect(() => {
    setUntil(undefined);
    setPlaying(false);
  }, [alertId]);

  // Playing moves the slider from the start to now, then stops.
  useEffect(() => {
    if (!playing) return;
    const stepMs = Math.max(STEP_MINUTES * MINUTE, ((end - start) / PLAY_TICKS) | 0);
    const timer = setInterval(() => {
      setUntil((current) => {
        const next = (current ?? start) + stepMs;
        if (next >= end) {
          setPlaying(false);
          return undefined;
        }
        return next;
      });
    }, PLAY_TICK_MS);
    return () => clearInterval(timer);
  }, [playing, start, end]);

  function select(id: string | null) {
    const next = new URLSearchParams(params);
    if (id) next.set('sighting', id);
    else next.delete('sighting');
    setParams(next);
  }

  // The markers, redrawn when what is shown changes.
  useEffect(() => {
    if (!map || !current) return;
    layer.current?.remove();
    const group = L.layerGroup().addTo(map);
    layer.current = group;
    const lastSeen = L.marker([current.lastSeen.lat, current.lastSeen.lon], {
      icon: L.divIcon({ className: 'last-seen-icon', html: '<span class="last-seen-marker" aria-hidden="true"></span>', iconSize: [22, 22] }),
      keyboard: false,
      interactive: false,
      zIndexOffset: -100,
    }).addTo(group);
    lastSeen.bindTooltip(escapeHtml(t('map.lastSeen', { place: current.lastSeen.place })), { permanent: false });
    for (const g of groups) {
      const [lon, lat] = g.members[0]!.geometry.coordinates;
      const band = priorityBand(g.top.properties.priority);
      const isSelected = g.members.some((m) => m.id === selected);
      const size = g.members.length > 1 ? 30 : 20;
      const title =
        g.members.length > 1
          ? t('map.groupTitle', { count: g.members.length, reference: g.top.properties.reference, priority: g.top.properties.priority })
          : t('map.markerTitle', { reference: g.top.properties.reference, priority: g.top.properties.priority });
      const marker = L.marker([lat, lon], {
        icon: L.divIcon({
          className: 'sighting-icon',
          html: `<span class="sighting-marker ${band}${isSelected ? ' selected' : ''}">${g.members.length > 1 ? g.members.length : ''}</span>`,
          iconSize: [size, size],
        }),
        title,
        keyboard: true,
        riseOnHover: true,
        zIndexOffset: isSelected ? 1000 : Math.round(g.top.properties.priority),
      }).addTo(group);
      marker.on('click', () => select(g.members.some((m) => m.id === selected) && g.members.length > 1 ? nextInGroup(g, selected) : g.top.id));
    }
    return () => {
      group.remove();
    };
  }, [map, current, groups, selected, i18n.language]);

  // Fit the map to the appeal once, when it first loads.
  useEffect(() => {
    if (!map || !current || fittedFor.current === current.id) return;
    fittedFor.current = current.id;
    const points: L.LatLngTuple[] = [[current.lastSeen.lat, current.lastSeen.lon], ...features.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]] as L.LatLngTuple)];
    if (points.length === 1) map.setView(points[0]!, 11);
    else map.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: 13 });
  }, [map, current, features]);

  // A sighting chosen from the list is brought into view.
  useEffect(() => {
    if (!map || !selected) return;
    const feature = features.find((f) => f.id === selected);
    if (feature) map.panTo([feature.geometry.coordinates[1], feature.geometry.coordinates[0]]);
  }, [map, selected, collection]);

  const choices = alerts.data ?? [];
  const chosenIsListed = choices.some((a) => a.id === alertId);
  const sinceLastSeen = Math.round((shownUntil - lastSeenAt) / MINUTE);
  const sinceText = t(sinceLastSeen >= 0 ? 'slider.after' : 'slider.before', { hours: Math.floor(Math.abs(sinceLastSeen) / 60), minutes: Math.abs(sinceLastSeen) % 60 });
  const timeText = consoleDateTime(shownUntil, i18n.language);

  return (
    <main id="main" className="sightings-page">
      <PageHeading>{t('title')}</PageHeading>
      <ErrorMessage error={alerts.error} />
      {alerts.isFetching && !alerts.data ? <Loading /> : null}
      {alerts.data && choices.length === 0 && !alertId ? <p>{t('noAlerts')}</p> : null}
      {choices.length > 0 || alertId ? (
        <div className="row alert-choice">
          <label>
            {t('chooseAlert')}
            <select value={alertId ?? ''} onChange={(e) => setParams(e.target.value ? { alert: e.target.value } : {})}>
              <option value="">{t('chooseAlertPlaceholder')}</option>
              {choices.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.identityWithheld ? t('alerts:sensitive.withheld') : a.headline || a.caseReference} ({a.caseReference}){a.capStatus !== 'Actual' ? ` · ${t(`capStatus.${a.capStatus}`, { defaultValue: a.capStatus })}` : ''}
                </option>
              ))}
              {alertId && !chosenIsListed && current ? (
                <option value={alertId}>
                  {(current.contents[0]?.headline ?? current.caseReference) + ` (${t(`state.${current.state}`, { defaultValue: current.state })})`}
                </option>
              ) : null}
            </select>
          </label>
        </div>
      ) : null}

      <div className="live-region" role="status" aria-live="polite">
        {announcement ? <p className="arrival">{announcement}</p> : null}
        {elsewhere ? (
          <p className="arrival other">
            {t('live.elsewhere', { reference: elsewhere.reference })}{' '}
            <a href={`/console/sightings?alert=${elsewhere.alertId}`} onClick={(e) => {
              e.preventDefault();
              setElsewhere(undefined);
              setParams({ alert: elsewhere.alertId! });
            }}>
              {t('live.openOther')}
            </a>
          </p>
        ) : null}
      </div>

      {alertId ? (
        <>
          <ErrorMessage error={loadError} />
          {!loadError && !current ? <Loading /> : null}
          {current ? (
            <>
              <p className="last-seen-text">
                {t('lastSeen')} <bdi>{current.lastSeen.place}</bdi> · <DateTime value={current.lastSeen.at} />
                {current.state !== 'active' ? <strong> · {t(`state.${current.state}`, { defaultValue: current.state })}</strong> : null}
              </p>
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
                      setPlaying(false);
                      const minutes = Number(e.target.value);
                      setUntil(minutes >= spanMinutes ? undefined : start + minutes * MINUTE);
                    }}
                  />
                  <button type="button" className="secondary" aria-pressed={playing} onClick={() => setPlaying((p) => !p)}>
                    {playing ? t('slider.pause') : t('slider.play')}
                  </button>
                  {until !== undefined ? (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => {
                        setPlaying(false);
                        setUntil(undefined);
                      }}
                    >
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
                  {t('slider.count', { shown: visible.length, total: features.length })}
                </p>
              </div>
            </>
          ) : null}

          <div className="sightings-layout">
            <div className="map-column">
              {/* Stays mounted while another alert loads, so the Leaflet map is made once. */}
              <BaseMap label={t('map.label')} onReady={setMap} className="sightings-map" />
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
            </div>
            {current ? (
              <section className="sighting-list" aria-labelledby="sighting-list-heading">
                <h2 id="sighting-list-heading">{t('list.title')}</h2>
                {ordered.length === 0 ? (
                    <p>{features.length === 0 ? t('list.none') : t('list.noneYet')}</p>
                ) : (
                  <ol>
                    {ordered.map((f) => {
                      const size = groupSize.get(f.id) ?? 1;
                      const km = distanceKm(current.lastSeen, { lon: f.geometry.coordinates[0], lat: f.geometry.coordinates[1] });
                      return (
                        <li key={f.id} className={f.id === selected ? 'selected' : undefined}>
                          <button type="button" className="open" aria-current={f.id === selected ? 'true' : undefined} onClick={() => select(f.id)}>
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
                              ? t('list.nearDistance', { place: `\u2068${f.properties.nearPlace.name}\u2069`, km: km.toLocaleString(i18n.language, { maximumFractionDigits: 1 }) })
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
            ) : null}
          </div>
          {selected && current ? <SubmissionDetail key={selected} id={selected} onMap onChanged={() => setTick((n) => n + 1)} onClose={() => select(null)} /> : null}
        </>
      ) : null}
    </main>
  );
}

/** Clicking a group again moves through its members. */
function nextInGroup(group: Group, current: string | null): string {
  const index = group.members.findIndex((m) => m.id === current);
  return group.members[(index + 1) % group.members.length]!.id;
}
