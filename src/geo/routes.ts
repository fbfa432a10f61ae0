// The gazetteer over HTTP: suggestions as the public types a place (a small public JSON answer, rate limited
// like the other public endpoints), and place names for the console's maps (staff only, by view and zoom).
import type { FastifyRequest } from 'fastify';
import type { TypedApp } from '../http/typed-app.ts';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../app-deps.ts';
import { addressKey } from '../abuse/network.ts';
import { findGazetteerPlaces, gazetteerPlaceLabel } from './gazetteer.ts';
import { MAX_LABELS, placeLabels } from './nearby-places.ts';

export const MAX_SUGGESTIONS = 8;

const SuggestQuery = Type.Object(
  { q: Type.String({ minLength: 1, maxLength: 100 }), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_SUGGESTIONS })) },
  { additionalProperties: false },
);
const Suggestions = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.Integer({ description: 'Send as placeChoice (place_choice in a form) to choose this place' }),
      name: Type.String(),
      area: Type.Union([Type.String(), Type.Null()]),
      label: Type.String({ description: 'What to show and what to put in the place field: "Newport, Wales"' }),
    }),
  ),
});

const Latitude = Type.Number({ minimum: -90, maximum: 90 });
const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const LabelsQuery = Type.Object(
  { south: Latitude, west: Longitude, north: Latitude, east: Longitude, zoom: Type.Integer({ minimum: 0, maximum: 22 }) },
  { additionalProperties: false },
);
const Labels = Type.Object({
  items: Type.Array(
    Type.Object({ name: Type.String(), lon: Type.Number(), lat: Type.Number(), population: Type.Union([Type.Integer(), Type.Null()]) }),
    { maxItems: MAX_LABELS },
  ),
});

export function registerGazetteerRoutes(app: TypedApp, deps: Pick<AppDeps, 'db'>): void {
  const { db } = deps;

  app.get(
    '/api/v1/public/places',
    {
      config: {
        access: 'public',
        rateLimit: { max: 120, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => `places:${addressKey(request.ip)}` },
      },
      schema: {
        tags: ['public'],
        summary: 'Places whose name begins with what was typed, for suggestions in the sighting, report and sign-up forms',
        description:
          'Matches ignore case, accents and punctuation, and know "St" for "Saint" and Welsh and Irish names. Larger places first.',
        querystring: SuggestQuery,
        response: { 200: Suggestions },
        security: [],
      },
    },
    async (request, reply) => {
      const { q, limit } = request.query;
      const places = await findGazetteerPlaces(db, q, limit ?? MAX_SUGGESTIONS);
      // The same for everyone: a shared cache may keep it, and the next keystroke's answer is often cached.
      reply.header('Cache-Control', 'public, max-age=3600');
      return { items: places.map((place) => ({ id: place.id, name: place.name, area: place.area, label: gazetteerPlaceLabel(place) })) };
    },
  );

  app.get(
    '/api/v1/places/labels',
    {
      config: { access: 'staff' },
      schema: {
        tags: ['geography'],
        summary:
          "Place names to draw on a map: those within the view large enough for the zoom (cities at a country's view, every place close in)",
        querystring: LabelsQuery,
        response: { 200: Labels },
      },
    },
    async (request, reply) => {
      const { query } = request;
      const items = await placeLabels(
        db,
        { south: Math.min(query.south, query.north), north: Math.max(query.south, query.north), west: query.west, east: query.east },
        query.zoom,
      );
      // No personal data: the browser may keep it a while, and panning back costs nothing.
      reply.header('Cache-Control', 'private, max-age=600');
      return { items };
    },
  );
}
