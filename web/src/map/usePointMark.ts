// A point picked on the base map: a click sets the coordinates (five decimals, about a metre), and typed
// coordinates move the mark. For forms that record where something happened or was found.
import { useCallback, useEffect, useRef } from 'react';
import L from 'leaflet';

/** Hands BaseMap's `onReady` a map that marks [lon, lat] as typed and reports each click. */
export function usePointMark(lonText: string, latText: string, onPick: (lon: string, lat: string) => void): (map: L.Map) => void {
  const mapRef = useRef<L.Map | null>(null);
  const markRef = useRef<L.CircleMarker | null>(null);
  const latest = useRef({ lonText, latText, onPick });

  const draw = useCallback(() => {
    const map = mapRef.current;
    if (!map) return;
    const { lonText, latText } = latest.current;
    const lon = Number(lonText);
    const lat = Number(latText);
    const valid = lonText.trim() !== '' && latText.trim() !== '' && Math.abs(lon) <= 180 && Math.abs(lat) <= 90;
    if (!valid) {
      markRef.current?.remove();
      markRef.current = null;
      return;
    }
    if (markRef.current) markRef.current.setLatLng([lat, lon]);
    else markRef.current = L.circleMarker([lat, lon], { radius: 9, color: '#b91c1c', weight: 3, fillOpacity: 0.4 }).addTo(map);
  }, []);

  useEffect(() => {
    latest.current = { lonText, latText, onPick };
    draw();
  }, [lonText, latText, onPick, draw]);

  return useCallback(
    (map: L.Map) => {
      mapRef.current = map;
      // A point already given (an edit) is marked as soon as the map is there.
      draw();
      map.on('click', (e: L.LeafletMouseEvent) => latest.current.onPick(e.latlng.lng.toFixed(5), e.latlng.lat.toFixed(5)));
    },
    [draw],
  );
}
