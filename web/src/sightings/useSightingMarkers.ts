// The Leaflet side of the sightings map: the last-seen point and a marker per group (coloured by the top
// priority, sized by the group), fitted once per appeal, and the chosen sighting brought into view.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import L from 'leaflet';
import { priorityBand } from '../reports/types.ts';
import type { AlertForMap, SightingFeature } from './types.ts';

export interface Group {
  key: string;
  members: SightingFeature[];
  top: SightingFeature;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Clicking a group again moves through its members. */
function nextInGroup(group: Group, current: string | null): string {
  const index = group.members.findIndex((m) => m.id === current);
  return group.members[(index + 1) % group.members.length]!.id;
}

export function useSightingMarkers({
  map,
  current,
  features,
  groups,
  selected,
  select,
}: {
  map: L.Map | undefined;
  current: AlertForMap | undefined;
  features: SightingFeature[];
  groups: Group[];
  selected: string | null;
  select: (id: string | null) => void;
}): void {
  const { t, i18n } = useTranslation('sightings');
  const layer = useRef<L.LayerGroup | undefined>(undefined);
  const fittedFor = useRef<string | undefined>(undefined);

  // The markers, redrawn when what is shown changes.
  useEffect(() => {
    if (!map || !current) return;
    layer.current?.remove();
    const group = L.layerGroup().addTo(map);
    layer.current = group;
    const lastSeen = L.marker([current.lastSeen.lat, current.lastSeen.lon], {
      icon: L.divIcon({
        className: 'last-seen-icon',
        html: '<span class="last-seen-marker" aria-hidden="true"></span>',
        iconSize: [22, 22],
      }),
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
      marker.on('click', () =>
        select(g.members.some((m) => m.id === selected) && g.members.length > 1 ? nextInGroup(g, selected) : g.top.id),
      );
    }
    return () => {
      group.remove();
    };
  }, [map, current, groups, selected, select, t, i18n.language]);

  // Fit the map to the appeal once, when it first loads.
  useEffect(() => {
    if (!map || !current || fittedFor.current === current.id) return;
    fittedFor.current = current.id;
    const points: L.LatLngTuple[] = [
      [current.lastSeen.lat, current.lastSeen.lon],
      ...features.map((f) => [f.geometry.coordinates[1], f.geometry.coordinates[0]] as L.LatLngTuple),
    ];
    if (points.length === 1) map.setView(points[0]!, 11);
    else map.fitBounds(L.latLngBounds(points), { padding: [30, 30], maxZoom: 13 });
  }, [map, current, features]);

  // A sighting chosen from the list is brought into view.
  useEffect(() => {
    if (!map || !selected) return;
    const feature = features.find((f) => f.id === selected);
    if (feature) map.panTo([feature.geometry.coordinates[1], feature.geometry.coordinates[0]]);
  }, [map, selected, features]);
}
