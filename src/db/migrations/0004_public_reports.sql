-- What the public sends back: sightings of a child in an active appeal, and reports of suspected abuse,
-- grooming or trafficking. Each is routed to a queue (a force's jurisdiction, or national triage), ranked,
-- and worked through by staff; every change of queue or status is audited.

-- A place name the public can type, with a point: towns, postcode districts. The operator imports them
-- (CSV); a small demo list is seeded.
CREATE TABLE gazetteer_places (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  name text NOT NULL,
  -- Lower-cased, accents removed: what typed text is matched against (prefix).
  search_key text NOT NULL,
  kind text NOT NULL DEFAULT 'place' CHECK (kind IN ('place', 'postcode_district')),
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  UNIQUE (search_key, kind, lon, lat)
);
CREATE INDEX gazetteer_places_search ON gazetteer_places (search_key text_pattern_ops);

-- Submissions from the public: a sighting (of an appeal) or a report (the "report" button).
CREATE TABLE public_submissions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- What the sender is told, e.g. "S-7KQ4-M2XD" or "R-...": short, unguessable, no personal data.
  reference text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('sighting', 'report')),
  -- A double tap or a retry after a lost connection sends the same key: one submission, same reference.
  idempotency_key text NOT NULL UNIQUE,
  alert_id uuid REFERENCES alerts (id),
  -- Reports only: suspected_trafficking, online_grooming, child_at_risk, missing_child_information, other.
  category text,
  seen_at timestamptz,
  -- Where, if given: a point (map pin, the browser's location, or a typed place found in the gazetteer).
  lon double precision,
  lat double precision,
  place_text text,
  description text NOT NULL,
  -- Sightings: direction of travel, companions, vehicle. Reports: who, links. Free text, escaped on display.
  details jsonb NOT NULL DEFAULT '{}',
  -- Optional; NULL when anonymous.
  contact_name text,
  contact_phone text,
  contact_email text,
  -- Routing: the jurisdiction whose area holds the point, and the queue it went to.
  jurisdiction_id uuid REFERENCES jurisdictions (id),
  queue text NOT NULL,
  priority double precision NOT NULL DEFAULT 0,
  -- Near-duplicate sightings (close in space and time) share a cluster: the id of the first.
  cluster_id uuid,
  status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'reviewed', 'actioned', 'no_further_action')),
  received_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX public_submissions_queue ON public_submissions (queue, status, priority DESC, received_at DESC);
CREATE INDEX public_submissions_alert ON public_submissions (alert_id, received_at) WHERE alert_id IS NOT NULL;

-- Photos and other files sent with a submission. The original (EXIF and all) is evidence for
-- investigators only; nothing here is ever public.
CREATE TABLE submission_attachments (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  submission_id uuid NOT NULL REFERENCES public_submissions (id),
  media_key text NOT NULL,
  content_type text NOT NULL,
  bytes integer NOT NULL,
  sha256 text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX submission_attachments_submission ON submission_attachments (submission_id);

-- What staff did with a submission: notes, status changes, reassignment to another queue.
CREATE TABLE submission_notes (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  submission_id uuid NOT NULL REFERENCES public_submissions (id),
  user_id uuid NOT NULL REFERENCES users (id),
  status text,
  queue text,
  note text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX submission_notes_submission ON submission_notes (submission_id, id);

-- Proof-of-work challenges handed to browsers: each solved once.
CREATE TABLE pow_challenges (
  id text PRIMARY KEY,
  difficulty integer NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX pow_challenges_expires ON pow_challenges (expires_at);
