// A map that works with no internet: country shapes shipped with the console (Natural Earth via
// world-atlas), the jurisdictions and place names from the API; real tiles only when MAP_TILE_URL is configured.
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import './map.css';
import { feature } from 'topojson-client';
import type { Topology, GeometryCollection } from 'topojson-specification';
import countries50m from 'world-atlas/countries-50m.json';
import { get } from '../app/api.ts';
import { addPlaceLabels } from './placeLabels.ts';

export interface ConsoleSettings {
  mapTileUrl: string | null;
  mapTileAttribution: string | null;
}

let settings: Promise<ConsoleSettings> | undefined;
export function consoleSettings(): Promise<ConsoleSettings> {
  settings ??= fetch('/console/settings.json', { credentials: 'same-origin' }).then((r) => r.json() as Promise<ConsoleSettings>);
  return settings;
}

export interface Jurisdiction {
  id: string;
  code: string;
  name: string;
  kind: string;
  geometry: GeoJSON.Geometry;
}

let jurisdictions: Promise<Jurisdiction[]> | undefined;
/** Jurisdictions (force areas, countries) with their outlines; fetched once per page load. */
export function loadJurisdictions(): Promise<Jurisdiction[]> {
  jurisdictions ??= get<{ items: Jurisdiction[] }>('/jurisdictions').then((r) => r.items);
  return jurisdictions;
}

const land = feature(countries50m as unknown as Topology, (countries50m as unknown as Topology).objects.countries as GeometryCollection);

export interface BaseMapProps {
  /** Accessible name of the map region. */
  label: string;
  /** Called once with the Leaflet map, to add layers. */
  onReady?: (map: L.Map) => void;
  /** [lat, lon] and zoom to start at; the UK by default. */
  center?: [number, number];
  zoom?: number;
  showJurisdictions?: boolean;
  /** Town and city names from the gazetteer, more of them as the map zooms in. */
  showPlaceNames?: boolean;
  className?: string;
}

export function BaseMap({
  label,
  onReady,
  center = [54.0, -2.5],
  zoom = 6,
  showJurisdictions = true,
  showPlaceNames = true,
  className,
}: BaseMapProps) {
  const element = useRef<HTMLDivElement>(null);
  // The map is made once per mount, from the first props; callers add layers through onReady.
  const first = useRef({ onReady, center, zoom, showJurisdictions, showPlaceNames });
  useEffect(() => {
    if (!element.current) return;
    const { onReady, center, zoom, showJurisdictions, showPlaceNames } = first.current;
    const map = L.map(element.current, { center, zoom, zoomControl: true, attributionControl: true, preferCanvas: false });
    L.geoJSON(land, { style: { color: '#94a3b8', weight: 1, fillColor: '#f1f5f9', fillOpacity: 1 }, interactive: false }).addTo(map);
    void consoleSettings().then((s) => {
      if (s.mapTileUrl) L.tileLayer(s.mapTileUrl, { attribution: s.mapTileAttribution ?? '' }).addTo(map);
    });
    if (showJurisdictions) {
      void loadJurisdictions().then((items) => {
        for (const j of items) {
          L.geoJSON(j.geometry, {
            style: {
              color: j.kind === 'country' ? '#334155' : '#64748b',
              weight: j.kind === 'country' ? 2 : 1,
              dashArray: j.kind === 'country' ? undefined : '4 4',
              fill: false,
            },
            interactive: false,
          }).addTo(map);
        }
      });
    }
    map.attributionControl.addAttribution('Natural Earth');
    const removeLabels = showPlaceNames ? addPlaceLabels(map) : undefined;
    // GeoNames asks for credit under CC BY 4.0.
    if (showPlaceNames) map.attributionControl.addAttribution('<a href="https://www.geonames.org/">GeoNames</a> (CC BY 4.0)');
    onReady?.(map);
    return () => {
      removeLabels?.();
      map.remove();
    };
  }, []);
  return <div ref={element} className={`map ${className ?? ''}`} role="region" aria-label={label} />;
}
