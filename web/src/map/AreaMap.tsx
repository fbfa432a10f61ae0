// An alert's area on the offline base map: drawn circles and polygons, whole jurisdictions, national, and
// the last-seen point. With `onDraw`, buttons start Leaflet-Geoman's polygon and circle tools (our own
// buttons, labelled and reachable by keyboard, rather than Geoman's icon toolbar).
import { useEffect, useEffectEvent, useMemo, useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import L from 'leaflet';
import './leaflet-global.ts';
import '@geoman-io/leaflet-geoman-free';
import '@geoman-io/leaflet-geoman-free/dist/leaflet-geoman.css';
import { useTranslation } from 'react-i18next';
import { keys } from '../app/queries.ts';
import { BaseMap, loadJurisdictions } from './BaseMap.tsx';
import './map.css';

export type MapAreaPart =
  | { kind: 'circle'; center: [number, number]; radiusKm: number }
  | { kind: 'polygon'; geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } };

export interface MapArea {
  parts: MapAreaPart[];
  jurisdictionCodes: string[];
  national: boolean;
}

export interface AreaMapProps {
  label: string;
  area: MapArea;
  lastSeen?: { lon: number; lat: number; place: string };
  /** Called with each shape the officer finishes drawing; without it the map only shows the area. */
  onDraw?: (part: MapAreaPart) => void;
}

const AREA_STYLE = { color: '#b91c1c', weight: 2, fillColor: '#ef4444', fillOpacity: 0.15 };

function round(value: number): number {
  return Math.round(value * 1e5) / 1e5;
}

export function AreaMap({ label, area, lastSeen, onDraw }: AreaMapProps) {
  const { t } = useTranslation('map');
  const [map, setMap] = useState<L.Map>();
  const [drawing, setDrawing] = useState<'Polygon' | 'Circle' | null>(null);
  const loaded = useQuery({ queryKey: keys.jurisdictions, queryFn: loadJurisdictions, staleTime: Infinity });
  const jurisdictions = useMemo(() => loaded.data ?? [], [loaded.data]);
  // The caller's latest handler, without making the map listen afresh at every render.
  const drawn = useEffectEvent((part: MapAreaPart) => onDraw?.(part));
  const { lat: seenLat, lon: seenLon, place: seenPlace } = lastSeen ?? {};

  // Finished shapes become parts of the area (the map then redraws them from the area itself).
  useEffect(() => {
    if (!map) return;
    const created = (event: { layer: L.Layer; shape: string }) => {
      const layer = event.layer;
      map.removeLayer(layer);
      setDrawing(null);
      if (layer instanceof L.Circle) {
        const c = layer.getLatLng();
        drawn({ kind: 'circle', center: [round(c.lng), round(c.lat)], radiusKm: Math.max(0.1, Math.round(layer.getRadius() / 100) / 10) });
      } else if (layer instanceof L.Polygon) {
        const feature = layer.toGeoJSON(6) as GeoJSON.Feature<GeoJSON.Polygon | GeoJSON.MultiPolygon>;
        drawn({ kind: 'polygon', geometry: { type: feature.geometry.type, coordinates: feature.geometry.coordinates } });
      }
    };
    map.on('pm:create', created as unknown as L.LeafletEventHandlerFn);
    return () => {
      map.off('pm:create', created as unknown as L.LeafletEventHandlerFn);
    };
  }, [map]);

  // The area's layers, redrawn whenever it changes.
  useEffect(() => {
    if (!map) return;
    const group = L.featureGroup();
    for (const part of area.parts) {
      if (part.kind === 'circle')
        L.circle([part.center[1], part.center[0]], {
          radius: part.radiusKm * 1000,
          ...AREA_STYLE,
          pmIgnore: true,
        } as L.CircleOptions).addTo(group);
      else L.geoJSON(part.geometry, { style: AREA_STYLE, pmIgnore: true } as L.GeoJSONOptions).addTo(group);
    }
    const chosen = area.national
      ? jurisdictions.filter((j) => j.kind === 'country')
      : jurisdictions.filter((j) => area.jurisdictionCodes.includes(j.code));
    for (const j of chosen)
      L.geoJSON(j.geometry, { style: { ...AREA_STYLE, color: '#7c2d12' }, pmIgnore: true } as L.GeoJSONOptions).addTo(group);
    if (seenLat !== undefined && seenLon !== undefined) {
      L.circleMarker([seenLat, seenLon], { radius: 7, color: '#111827', weight: 2, fillColor: '#facc15', fillOpacity: 1, pmIgnore: true })
        .bindTooltip(t('lastSeen', { place: seenPlace }))
        .addTo(group);
    }
    group.addTo(map);
    const bounds = group.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.15), { maxZoom: 11 });
    return () => {
      group.remove();
    };
  }, [map, area, jurisdictions, seenLat, seenLon, seenPlace, t]);

  const startDrawing = (shape: 'Polygon' | 'Circle') => {
    if (!map) return;
    map.pm.disableDraw();
    map.pm.enableDraw(shape, { snappable: false, continueDrawing: false, tooltips: true });
    setDrawing(shape);
    map.getContainer().focus();
  };
  const stopDrawing = () => {
    map?.pm.disableDraw();
    setDrawing(null);
  };

  return (
    <div className="area-map">
      {onDraw ? (
        <div className="row draw-tools" role="group" aria-label={t('drawTools')}>
          <button type="button" className="secondary" aria-pressed={drawing === 'Polygon'} onClick={() => startDrawing('Polygon')}>
            {t('drawPolygon')}
          </button>
          <button type="button" className="secondary" aria-pressed={drawing === 'Circle'} onClick={() => startDrawing('Circle')}>
            {t('drawCircle')}
          </button>
          {drawing ? (
            <button type="button" className="secondary" onClick={stopDrawing}>
              {t('stopDrawing')}
            </button>
          ) : null}
          <p className="muted draw-hint" aria-live="polite">
            {drawing === 'Polygon' ? t('hintPolygon') : drawing === 'Circle' ? t('hintCircle') : t('hintKeyboard')}
          </p>
        </div>
      ) : null}
      <BaseMap label={label} onReady={setMap} />
    </div>
  );
}
