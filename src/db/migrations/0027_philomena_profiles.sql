-- Philomena profiles: what the local authority or care provider knows of a child likely to go missing, written
-- before any episode so that the police have it the moment the child goes. Care providers (children's homes,
-- fostering agencies) become an organisation kind of their own: they write profiles, they are not councils.
ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check
  CHECK (kind IN ('police_force', 'national_centre', 'local_authority', 'charity', 'partner_company', 'foreign_national_centre',
                  'care_provider'));

CREATE TABLE philomena_profiles (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The organisation that wrote it (a local authority or care provider) and the force area it is for: the
  -- police of that area read it.
  owning_organisation_id uuid NOT NULL REFERENCES organisations (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  -- The register's child, once there is one (an earlier episode, or the first case made from this profile).
  child_id uuid REFERENCES children (id),
  given_names text NOT NULL CHECK (char_length(given_names) BETWEEN 1 AND 100),
  family_name text NOT NULL CHECK (char_length(family_name) BETWEEN 1 AND 100),
  known_as text,
  date_of_birth date NOT NULL,
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  height_cm integer CHECK (height_cm BETWEEN 30 AND 250),
  build text,
  hair_colour text,
  eye_colour text,
  distinguishing_marks text,
  languages text[] NOT NULL DEFAULT '{}',
  description text NOT NULL DEFAULT '',
  -- Lists of short entries (a name and how the child knows them; a place and why it matters; a number or account).
  associates text[] NOT NULL DEFAULT '{}',
  places text[] NOT NULL DEFAULT '{}',
  phones_and_accounts text[] NOT NULL DEFAULT '{}',
  medical_needs text NOT NULL DEFAULT '',
  medication text NOT NULL DEFAULT '',
  placement text NOT NULL DEFAULT '',
  carer_contacts text[] NOT NULL DEFAULT '{}',
  previous_episodes text NOT NULL DEFAULT '',
  -- The answers to the standard risk questions the writer can give before any episode: [{question, answer, detail}].
  risk_answers jsonb NOT NULL DEFAULT '[]',
  photos_review_by date,
  next_review_on date NOT NULL,
  last_reviewed_at timestamptz,
  last_reviewed_by uuid REFERENCES users (id),
  version integer NOT NULL DEFAULT 1,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL
);
CREATE INDEX philomena_profiles_jurisdiction ON philomena_profiles (jurisdiction_id);
CREATE INDEX philomena_profiles_owner_review ON philomena_profiles (owning_organisation_id, next_review_on);
CREATE INDEX philomena_profiles_child ON philomena_profiles (child_id) WHERE child_id IS NOT NULL;

-- A carer's report that the child of a profile is missing: the police of the area pick it up and make the case.
CREATE TABLE philomena_missing_reports (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  profile_id uuid NOT NULL REFERENCES philomena_profiles (id),
  last_seen_at timestamptz NOT NULL,
  last_seen_place text NOT NULL CHECK (char_length(last_seen_place) BETWEEN 1 AND 500),
  last_seen_lon double precision NOT NULL CHECK (last_seen_lon BETWEEN -180 AND 180),
  last_seen_lat double precision NOT NULL CHECK (last_seen_lat BETWEEN -90 AND 90),
  circumstances text NOT NULL DEFAULT '',
  clothing text NOT NULL DEFAULT '',
  reported_by uuid NOT NULL REFERENCES users (id),
  reported_at timestamptz NOT NULL,
  case_id uuid REFERENCES cases (id),
  picked_up_at timestamptz
);
-- At most one report waiting per profile.
CREATE UNIQUE INDEX philomena_missing_reports_waiting ON philomena_missing_reports (profile_id) WHERE case_id IS NULL;
