// An active appeal's sightings on the map: the last-seen point, markers coloured by priority, groups
// the server clustered (500 m, 30 minutes) drawn as one marker with their size, a time slider that shows
// what had been seen by a chosen time (and plays through the hours since the child was last seen), the
// same sightings as a list in priority order (the map's accessible alternative), new high-priority
// sightings arriving live, and the chosen sighting's detail with triage.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type L from 'leaflet';
import { get, subscribe } from '../app/api.ts';
import { keys } from '../app/queries.ts';
import { DateTime, ErrorMessage, Loading, PageHeading } from '../app/ui.tsx';
import { BaseMap } from '../map/BaseMap.tsx';
import { SubmissionDetail } from '../reports/SubmissionDetail.tsx';
import type { SubmissionEvent } from '../reports/types.ts';
import { AlertChoice, LiveArrivals, MapLegend, MINUTE, SightingList, STEP_MINUTES, TimeSlider } from './SightingsParts.tsx';
import { sightingTime, type AlertForMap, type AlertSummary, type SightingFeature, type SightingsCollection } from './types.ts';
import { useSightingMarkers, type Group } from './useSightingMarkers.ts';
import './sightings.css';

/** Playing crosses the whole span in about ten seconds. */
const PLAY_TICK_MS = 250;
const PLAY_TICKS = 40;

interface Timeline {
  /** The appeal this position belongs to: another appeal starts by showing everything. */
  alertId: string | null;
  until: number | undefined;
  playing: boolean;
}

/** The time slider's position and play state; playing moves it from the start to the end, then stops. */
function useTimeline(alertId: string | null, start: number, end: number) {
  const [state, setState] = useState<Timeline>({ alertId, until: undefined, playing: false });
  const { until, playing } = state.alertId === alertId ? state : { until: undefined, playing: false };

  useEffect(() => {
    if (!playing) return;
    const stepMs = Math.max(STEP_MINUTES * MINUTE, ((end - start) / PLAY_TICKS) | 0);
    const timer = setInterval(() => {
      setState((s) => {
        const next = (s.until ?? start) + stepMs;
        return next >= end ? { ...s, until: undefined, playing: false } : { ...s, until: next };
      });
    }, PLAY_TICK_MS);
    return () => clearInterval(timer);
  }, [playing, start, end]);

  return {
    until,
    playing,
    /** Moving the slider (or showing all) stops playing. */
    setUntil: (next: number | undefined) => setState({ alertId, until: next, playing: false }),
    togglePlaying: () => setState({ alertId, until, playing: !playing }),
  };
}

/** The chosen appeal and its sightings, read again when a new sighting of it arrives (announced) or one is triaged. */
function useAppealSightings(alertId: string | null) {
  const { t } = useTranslation('sightings');
  const queryClient = useQueryClient();
  const [announcement, setAnnouncement] = useState('');
  const [elsewhere, setElsewhere] = useState<SubmissionEvent>();
  const loaded = useQuery({
    queryKey: keys.sightings(alertId ?? ''),
    queryFn: () => Promise.all([get<AlertForMap>(`/alerts/${alertId}`), get<SightingsCollection>(`/alerts/${alertId}/sightings.geojson`)]),
    enabled: Boolean(alertId),
  });
  const reload = useCallback(() => void queryClient.invalidateQueries({ queryKey: keys.sightings(alertId ?? '') }), [queryClient, alertId]);

  useEffect(
    () =>
      subscribe(
        '/submissions/events',
        (_name, data) => {
          const event = data as SubmissionEvent;
          if (event.kind !== 'sighting') return;
          if (event.alertId && event.alertId === alertId) {
            setAnnouncement(t('live.arrived', { reference: event.reference, priority: event.priority }));
            reload();
          } else if (event.alertId) {
            setElsewhere(event);
          }
        },
        ['submission'],
      ),
    [alertId, t, reload],
  );

  return { loaded, reload, announcement, elsewhere, clearElsewhere: () => setElsewhere(undefined) };
}

export function SightingsMap() {
  const { t } = useTranslation('sightings');
  const [params, setParams] = useSearchParams();
  const alertId = params.get('alert');
  const selected = params.get('sighting');

  const alerts = useQuery({
    queryKey: keys.alerts('state=active&limit=100'),
    queryFn: () => get<{ items: AlertSummary[] }>('/alerts?state=active&limit=100').then((r) => r.items),
  });
  const { loaded, reload, announcement, elsewhere, clearElsewhere } = useAppealSightings(alertId);
  const [map, setMap] = useState<L.Map>();
  // When the sightings were read: the slider runs to then.
  const now = loaded.dataUpdatedAt;
  // A refusal is no longer shown once the appeal is being read again.
  const loadError = loaded.isFetching ? undefined : loaded.error;

  // One active appeal and none chosen: choose it.
  useEffect(() => {
    if (!alertId && alerts.data?.length === 1) setParams({ alert: alerts.data[0]!.id }, { replace: true });
  }, [alertId, alerts.data, setParams]);

  const current = loaded.data?.[0];
  const features = useMemo<SightingFeature[]>(() => loaded.data?.[1].features ?? [], [loaded.data]);
  const lastSeenAt = current ? Date.parse(current.lastSeen.at) : now;
  const start = Math.min(lastSeenAt, ...features.map(sightingTime));
  const end = Math.max(now, ...features.map(sightingTime));
  const spanMinutes = Math.max(STEP_MINUTES, Math.ceil((end - start) / MINUTE / STEP_MINUTES) * STEP_MINUTES);
  const timeline = useTimeline(alertId, start, end);
  const shownUntil = timeline.until === undefined ? end : Math.min(timeline.until, end);

  const visible = useMemo(() => features.filter((f) => sightingTime(f) <= shownUntil), [features, shownUntil]);
  const groups = useMemo(() => {
    const byKey = new Map<string, SightingFeature[]>();
    for (const f of visible) {
      const key = f.properties.clusterId ?? f.id;
      byKey.set(key, [...(byKey.get(key) ?? []), f]);
    }
    return [...byKey.entries()].map(([key, members]): Group => ({
      key,
      members,
      top: members.reduce((a, b) => (b.properties.priority > a.properties.priority ? b : a)),
    }));
  }, [visible]);
  const groupSize = useMemo(() => new Map(groups.flatMap((g) => g.members.map((m) => [m.id, g.members.length] as const))), [groups]);
  const ordered = useMemo(
    () => [...visible].sort((a, b) => b.properties.priority - a.properties.priority || sightingTime(b) - sightingTime(a)),
    [visible],
  );

  const select = useCallback(
    (id: string | null) => {
      const next = new URLSearchParams(params);
      if (id) next.set('sighting', id);
      else next.delete('sighting');
      setParams(next);
    },
    [params, setParams],
  );
  useSightingMarkers({ map, current, features, groups, selected, select });

  const choices = alerts.data ?? [];
  return (
    <main id="main" className="sightings-page">
      <PageHeading>{t('title')}</PageHeading>
      <ErrorMessage error={alerts.error} />
      {alerts.isFetching && !alerts.data ? <Loading /> : null}
      {alerts.data && choices.length === 0 && !alertId ? <p>{t('noAlerts')}</p> : null}
      {choices.length > 0 || alertId ? (
        <AlertChoice alertId={alertId} choices={choices} current={current} onChoose={(id) => setParams(id ? { alert: id } : {})} />
      ) : null}
      <LiveArrivals
        announcement={announcement}
        elsewhere={elsewhere}
        onOpen={(id) => {
          clearElsewhere();
          setParams({ alert: id });
        }}
      />

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
              <TimeSlider
                start={start}
                spanMinutes={spanMinutes}
                shownUntil={shownUntil}
                lastSeenAt={lastSeenAt}
                until={timeline.until}
                playing={timeline.playing}
                shown={visible.length}
                total={features.length}
                onUntil={timeline.setUntil}
                onTogglePlaying={timeline.togglePlaying}
              />
            </>
          ) : null}

          <div className="sightings-layout">
            <div className="map-column">
              {/* Stays mounted while another alert loads, so the Leaflet map is made once. */}
              <BaseMap label={t('map.label')} onReady={setMap} className="sightings-map" />
              <MapLegend />
            </div>
            {current ? (
              <SightingList
                current={current}
                ordered={ordered}
                total={features.length}
                groupSize={groupSize}
                selected={selected}
                onSelect={select}
              />
            ) : null}
          </div>
          {selected && current ? (
            <SubmissionDetail key={selected} id={selected} onMap onChanged={reload} onClose={() => select(null)} />
          ) : null}
        </>
      ) : null}
    </main>
  );
}
