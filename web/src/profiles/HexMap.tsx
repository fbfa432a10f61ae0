// The profile by map cell drawn as hexagons on the offline base map, shaded by episodes in five steps, cells
// withheld by disclosure control hatched grey. The counts table below it is the same figures for those who
// do not use the map. The cells are the ones the facts already carry (H3 resolution 5, about 250 km²).
import { useEffect, useRef } from 'react';
import L from 'leaflet';
import { useTranslation } from 'react-i18next';
import { BaseMap } from '../map/BaseMap.tsx';
import type { ProfileAnswer } from './types.ts';

/** Light to dark: readable against the pale land and distinct in greyscale print. */
export const SHADES = ['#deebf7', '#9ecae1', '#6baed6', '#3182bd', '#08519c'] as const;
const WITHHELD = '#9ca3af';

/** The upper bound of each of five equal steps up to the largest count (at least 1 each). */
export function shadeSteps(largest: number): number[] {
  const step = Math.max(1, Math.ceil(largest / SHADES.length));
  return SHADES.map((_shade, i) => step * (i + 1));
}

export function HexMap({ answer }: { answer: ProfileAnswer }) {
  const { t, i18n } = useTranslation('profiles');
  const layer = useRef<L.LayerGroup | null>(null);
  const map = useRef<L.Map | null>(null);
  const steps = shadeSteps(Math.max(0, ...answer.rows.map((row) => row.episodes.count ?? 0)));

  useEffect(() => {
    let cancelled = false;
    const shown = answer.rows.filter((row) => row.episodes.withheld || (row.episodes.count ?? 0) > 0);
    const steps = shadeSteps(Math.max(0, ...shown.map((row) => row.episodes.count ?? 0)));
    void import('h3-js').then(({ cellToBoundary }) => {
      if (cancelled || !map.current) return;
      layer.current?.remove();
      const group = L.layerGroup();
      for (const row of shown) {
        const count = row.episodes.count ?? 0;
        const shade = row.episodes.withheld ? WITHHELD : SHADES[steps.findIndex((bound) => count <= bound)]!;
        L.polygon(cellToBoundary(row.value), {
          color: '#1e293b',
          weight: 0.5,
          fillColor: shade,
          fillOpacity: 0.8,
          dashArray: row.episodes.withheld ? '2 2' : undefined,
        })
          .bindTooltip(row.episodes.withheld ? t('withheld') : count.toLocaleString(i18n.language))
          .addTo(group);
      }
      group.addTo(map.current);
      layer.current = group;
    });
    return () => {
      cancelled = true;
    };
  }, [answer, t, i18n.language]);

  return (
    <figure className="profile-map">
      <BaseMap label={t('map.label')} showPlaceNames={false} onReady={(ready) => (map.current = ready)} />
      <figcaption>
        {t('map.caption')}
        <ul className="profile-map-legend">
          {steps.map((bound, i) => (
            <li key={bound}>
              <span className="swatch" style={{ background: SHADES[i] }} aria-hidden="true" />
              {t('map.upTo', { bound: bound.toLocaleString(i18n.language) })}
            </li>
          ))}
          <li>
            <span className="swatch withheld" style={{ background: WITHHELD }} aria-hidden="true" />
            {t('map.withheld')}
          </li>
        </ul>
      </figcaption>
    </figure>
  );
}
