-- The national register searches children by name across forces, scripts and spellings. Each name a child
-- goes by is stored with the keys src/register/names computes for it: shared keys are found through a GIN
-- index on the array, misspellings no key catches through trigrams of the name's Latin form.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE child_name_keys (
  id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  child_id uuid NOT NULL REFERENCES children (id) ON DELETE CASCADE,
  name_kind text NOT NULL CHECK (name_kind IN ('full_name', 'known_as', 'alias')),
  name text NOT NULL,
  name_latin text NOT NULL,
  keys text[] NOT NULL,
  -- KEYS_VERSION of the code that computed the keys: older rows are recomputed at start-up.
  keys_version smallint NOT NULL
);
CREATE INDEX child_name_keys_child ON child_name_keys (child_id);
CREATE INDEX child_name_keys_keys ON child_name_keys USING gin (keys);
CREATE INDEX child_name_keys_latin ON child_name_keys USING gin (name_latin gin_trgm_ops);
