// Distances live with the rest of the geography; triage and the console import them from here as before.
export { distanceKm } from '../geo/distance.ts';
