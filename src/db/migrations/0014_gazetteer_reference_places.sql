-- A real gazetteer: the GeoNames places of 1,000 people or more in the UK and partner countries, loaded by
-- the program (src/geo/reference-gazetteer.ts) once per content version, beside the operator's own lists.

-- Where a row came from ('geonames', 'demo', 'import'), its country and area for telling places with one name
-- apart, and its population for ranking and for which names a map shows at which zoom. Other names of a
-- place (Welsh, Irish, a short form) are rows of their own that point at the place's main row, so typed
-- text finds them while maps and "nearest place" see each place once.
ALTER TABLE gazetteer_places
  ADD COLUMN source text NOT NULL DEFAULT 'import',
  ADD COLUMN country text,
  ADD COLUMN area text,
  ADD COLUMN population integer,
  ADD COLUMN alias_of bigint REFERENCES gazetteer_places (id) ON DELETE CASCADE;

-- Bounded queries by position: nearest place, names within a map's view.
CREATE INDEX gazetteer_places_position ON gazetteer_places (lat, lon) WHERE alias_of IS NULL;
CREATE INDEX gazetteer_places_source ON gazetteer_places (source);

-- Which version of a built-in list is loaded, so start-up loads it once and again only when it changes.
CREATE TABLE gazetteer_sources (
  source text PRIMARY KEY,
  version text NOT NULL,
  places integer NOT NULL,
  loaded_at timestamptz NOT NULL
);
