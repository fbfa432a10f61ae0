-- People found who cannot or will not say who they are (a young child found alone), and human remains: recorded
-- by the finding force or the national centre, to be matched against missing episodes. Every feature is kept in
-- a form a matcher can compare (ranges, words from fixed lists, marks by kind and place on the body). Dental and
-- DNA columns hold references to records kept elsewhere, never the biometric data. The words for build, hair,
-- eyes and body locations are checked by the API (src/unidentified/vocabulary.ts), so a new word needs no migration.
CREATE SEQUENCE unidentified_reference_seq;

CREATE TABLE unidentified_people (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('living', 'remains')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'identified', 'closed')),
  -- The finding force, or the national centre.
  owning_organisation_id uuid NOT NULL REFERENCES organisations (id),
  found_at timestamptz NOT NULL CHECK (found_at >= '1900-01-01T00:00:00Z'),
  found_place text NOT NULL,
  found_lon double precision NOT NULL CHECK (found_lon BETWEEN -180 AND 180),
  found_lat double precision NOT NULL CHECK (found_lat BETWEEN -90 AND 90),
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'unknown')),
  -- Estimated ranges; either end may be unknown (null).
  age_min smallint CHECK (age_min BETWEEN 0 AND 120),
  age_max smallint CHECK (age_max BETWEEN 0 AND 120),
  height_min_cm smallint CHECK (height_min_cm BETWEEN 30 AND 250),
  height_max_cm smallint CHECK (height_max_cm BETWEEN 30 AND 250),
  build text,
  hair_colour text,
  eye_colour text,
  clothing text NOT NULL DEFAULT '',
  belongings text NOT NULL DEFAULT '',
  dental_reference text CHECK (length(dental_reference) <= 100),
  dna_reference text CHECK (length(dna_reference) <= 100),
  notes text NOT NULL DEFAULT '',
  -- When identified: the missing episode it was (if recorded here); and for either end, when, by whom and why.
  identified_case_id uuid REFERENCES cases (id),
  resolved_at timestamptz,
  resolved_by uuid REFERENCES users (id),
  resolution_notes text,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max),
  CHECK (height_min_cm IS NULL OR height_max_cm IS NULL OR height_min_cm <= height_max_cm),
  CHECK ((status = 'open') = (resolved_at IS NULL)),
  CHECK (identified_case_id IS NULL OR status = 'identified')
);
CREATE INDEX unidentified_people_owner_found ON unidentified_people (owning_organisation_id, found_at DESC, id);
CREATE INDEX unidentified_people_found ON unidentified_people (found_at DESC, id);
-- The matcher walks the open records by id.
CREATE INDEX unidentified_people_open ON unidentified_people (id) WHERE status = 'open';

-- Marks, scars, tattoos, piercings and birthmarks, each with where it is: the matcher compares kind, place and words.
CREATE TABLE unidentified_marks (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unidentified_id uuid NOT NULL REFERENCES unidentified_people (id) ON DELETE CASCADE,
  position smallint NOT NULL,
  kind text NOT NULL CHECK (kind IN ('mark', 'scar', 'tattoo', 'piercing', 'birthmark')),
  body_location text NOT NULL,
  description text NOT NULL DEFAULT '',
  UNIQUE (unidentified_id, position)
);

-- Photos, re-encoded without metadata as a case's are; seen only by those who reach the record.
CREATE TABLE unidentified_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  unidentified_id uuid NOT NULL REFERENCES unidentified_people (id),
  caption text NOT NULL DEFAULT '',
  width integer NOT NULL,
  height integer NOT NULL,
  -- Media-store keys of the re-encoded variants: { "full": ..., "page": ..., "thumb": ... }.
  variants jsonb NOT NULL,
  uploaded_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  removed_at timestamptz
);
CREATE INDEX unidentified_photos_record ON unidentified_photos (unidentified_id);
