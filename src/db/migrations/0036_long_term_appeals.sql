-- Long-term appeals: a child missing for months or years stays in the public gallery without a Child Rescue
-- Alert's 72-hour expiry. Publishing needs consent recorded (who gave it, on what basis, recorded by whom);
-- instead of an expiry the appeal has a review date. It is withdrawn with the case when the child is found.
-- Only what the appeal publishes is kept here: the name as published, an age, the month missing since, an area
-- and a country; never an address or a reporter's contact.
CREATE TABLE long_term_appeals (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  slug text NOT NULL UNIQUE,
  state text NOT NULL DEFAULT 'published' CHECK (state IN ('published', 'withdrawn')),
  consent_basis text NOT NULL CHECK (consent_basis IN ('parent_or_guardian', 'local_authority', 'court_order', 'young_person')),
  consent_given_by text NOT NULL,
  consent_recorded_by uuid NOT NULL REFERENCES users (id),
  consent_recorded_at timestamptz NOT NULL,
  review_due_on date NOT NULL,
  published_at timestamptz NOT NULL,
  withdrawn_at timestamptz,
  withdrawn_reason text CHECK (withdrawn_reason IN ('found', 'consent_withdrawn', 'review_ended')),
  full_name text NOT NULL,
  -- The register's name keys (src/register/names/keys.ts): a search in any script finds the name.
  name_keys text[] NOT NULL,
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  age_when_missing integer CHECK (age_when_missing BETWEEN 0 AND 25),
  missing_since date NOT NULL,
  area_code text NOT NULL,
  country text NOT NULL CHECK (country ~ '^[A-Z]{2}$'),
  -- [{language, headline, description}] in the appeal's order: the first is its first language.
  contents jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  updated_at timestamptz NOT NULL,
  CHECK ((state = 'withdrawn') = (withdrawn_at IS NOT NULL))
);
CREATE UNIQUE INDEX long_term_appeals_one_per_case ON long_term_appeals (case_id) WHERE state = 'published';
CREATE INDEX long_term_appeals_published ON long_term_appeals (published_at DESC) WHERE state = 'published';
CREATE INDEX long_term_appeals_review ON long_term_appeals (review_due_on) WHERE state = 'published';

-- Photos the appeal shows, newest first: a current photo or an age-progressed image. Public copies of the
-- staff photo's page-size variant (already without EXIF or GPS), removed when the appeal is withdrawn.
CREATE TABLE long_term_appeal_photos (
  appeal_id uuid NOT NULL REFERENCES long_term_appeals (id),
  position integer NOT NULL,
  photo_id uuid NOT NULL REFERENCES photos (id),
  kind text NOT NULL CHECK (kind IN ('photo', 'age_progressed')),
  public_key text,
  added_at timestamptz NOT NULL,
  PRIMARY KEY (appeal_id, position)
);
