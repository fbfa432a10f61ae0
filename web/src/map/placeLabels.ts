// Place names on the offline base map, from the gazetteer (GeoNames): the server answers the places within
// the view large enough for the zoom (src/geo/routes.ts); here they are drawn as permanent tooltips, which
// sit in a pane of their own that takes no clicks, under the markers, largest first, leaving out any that would overlap one already drawn.
import L from 'leaflet';
import { get } from '../app/api.ts';

interface PlaceLabel {
  name: string;
  lon: number;
  lat: number;
  population: number | null;
}

const answers = new Map<string, Promise<PlaceLabel[]>>();
const LABEL_PANE = 'placeLabels';

/** Views are asked for on a coarse grid, so panning a little reuses the last answer. */
function labelsFor(bounds: L.LatLngBounds, zoom: number): Promise<PlaceLabel[]> {
  const step = 360 / 2 ** Math.max(zoom, 2);
  const snap = (value: number, up: boolean) => (up ? Math.ceil(value / step) : Math.floor(value / step)) * step;
  const south = Math.max(-90, snap(bounds.getSouth(), false));
  const north = Math.min(90, snap(bounds.getNorth(), true));
  const west = Math.max(-180, snap(bounds.getWest(), false));
  const east = Math.min(180, snap(bounds.getEast(), true));
  const query = `south=${south.toFixed(4)}&west=${west.toFixed(4)}&north=${north.toFixed(4)}&east=${east.toFixed(4)}&zoom=${Math.round(zoom)}`;
  let answer = answers.get(query);
  if (!answer) {
    answer = get<{ items: PlaceLabel[] }>(`/places/labels?${query}`).then((r) => r.items);
    // A failed answer is asked for again next time rather than kept.
    answer.catch(() => answers.delete(query));
    answers.set(query, answer);
  }
  return answer;
}

/** Adds the place names to a map and keeps them right as it moves; returns how to take them off again. */
export function addPlaceLabels(map: L.Map): () => void {
  // Their own pane, above the land and the area outlines but under markers (which stay visible and
  // clickable where a name falls on them), taking no pointer events.
  const pane = map.getPane(LABEL_PANE) ?? map.createPane(LABEL_PANE);
  pane.style.zIndex = '450';
  pane.style.pointerEvents = 'none';
  const layer = L.layerGroup().addTo(map);
  let asked = 0;
  const draw = () => {
    const ticket = ++asked;
    labelsFor(map.getBounds(), map.getZoom()).then(
      (places) => {
        if (ticket !== asked) return;
        layer.clearLayers();
        const taken: L.Bounds[] = [];
        for (const place of places) {
          const at = map.latLngToContainerPoint([place.lat, place.lon]);
          // About 7 px a letter at the label's size: enough to keep names from running into each other.
          const box = L.bounds([at.x - place.name.length * 3.5 - 6, at.y - 10], [at.x + place.name.length * 3.5 + 6, at.y + 10]);
          if (taken.some((other) => other.intersects(box))) continue;
          taken.push(box);
          const text = document.createElement('span');
          text.textContent = place.name;
          // Names keep their own direction inside a right-to-left page.
          text.dir = 'auto';
          text.lang = 'und';
          L.tooltip({ pane: LABEL_PANE, permanent: true, direction: 'center', className: 'place-label', interactive: false, opacity: 1 })
            .setLatLng([place.lat, place.lon])
            .setContent(text)
            .addTo(layer);
        }
      },
      () => undefined,
    );
  };
  map.on('moveend zoomend', draw);
  draw();
  return () => {
    map.off('moveend zoomend', draw);
    layer.remove();
  };
}
