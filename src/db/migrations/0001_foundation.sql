-- Foundation: organisations and jurisdictions, staff and their sessions, missing-child cases, the audit log.

CREATE TABLE jurisdictions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('force_area', 'country')),
  -- A force area's country: whoever answers for a country reaches the cases of its force areas.
  parent_id uuid REFERENCES jurisdictions (id),
  -- GeoJSON Polygon or MultiPolygon, WGS84 longitude/latitude.
  geometry jsonb NOT NULL,
  -- [west, south, east, north], to skip polygons quickly when routing a point.
  bbox double precision[] NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE organisations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE,
  name text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('police_force', 'national_centre', 'local_authority', 'charity', 'partner_company')),
  created_at timestamptz NOT NULL DEFAULT now()
);

-- The areas an organisation is responsible for: a force's area; the country for the national centre.
CREATE TABLE organisation_jurisdictions (
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  PRIMARY KEY (organisation_id, jurisdiction_id)
);

CREATE TABLE users (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  email text NOT NULL,
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('investigator', 'approver', 'national_coordinator', 'analyst', 'caseworker', 'partner_admin', 'administrator')),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  password_hash text NOT NULL,
  totp_secret text,
  totp_enabled boolean NOT NULL DEFAULT false,
  -- The last accepted TOTP time step: a code is accepted once only.
  totp_last_step bigint NOT NULL DEFAULT 0,
  failed_sign_ins integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

CREATE TABLE sessions (
  -- SHA-256 of the cookie value: a leaked table does not yield usable cookies.
  id text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  stage text NOT NULL CHECK (stage IN ('totp_required', 'totp_enrolment', 'active')),
  csrf_token text NOT NULL,
  second_factor_at timestamptz,
  created_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  ip text,
  ended_at timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

CREATE TABLE children (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  given_names text NOT NULL,
  family_name text NOT NULL,
  known_as text,
  aliases text[] NOT NULL DEFAULT '{}',
  date_of_birth date,
  estimated_age integer CHECK (estimated_age BETWEEN 0 AND 25),
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  height_cm integer CHECK (height_cm BETWEEN 30 AND 250),
  build text,
  hair_colour text,
  eye_colour text,
  distinguishing_marks text,
  languages text[] NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  CHECK (date_of_birth IS NOT NULL OR estimated_age IS NOT NULL)
);

CREATE SEQUENCE case_reference_seq;

-- A missing episode of a child: what staff call "a case". Repeat episodes share the child.
CREATE TABLE cases (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  child_id uuid NOT NULL REFERENCES children (id),
  owning_organisation_id uuid NOT NULL REFERENCES organisations (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  reported_at timestamptz NOT NULL,
  last_seen_at timestamptz NOT NULL,
  last_seen_lon double precision NOT NULL CHECK (last_seen_lon BETWEEN -180 AND 180),
  last_seen_lat double precision NOT NULL CHECK (last_seen_lat BETWEEN -90 AND 90),
  last_seen_place text NOT NULL,
  circumstances text NOT NULL DEFAULT '',
  clothing text NOT NULL DEFAULT '',
  vehicle text NOT NULL DEFAULT '',
  suspect text NOT NULL DEFAULT '',
  risk_level text CHECK (risk_level IN ('no_apparent', 'low', 'medium', 'high')),
  -- Sensitive cases (for example sexual exploitation) ask staff for a reason before every view.
  sensitive boolean NOT NULL DEFAULT false,
  outcome text CHECK (outcome IN ('found_safe', 'found_harmed', 'found_dead', 'returned_of_own_accord', 'located_elsewhere', 'other')),
  outcome_notes text,
  closed_at timestamptz,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1,
  CHECK ((status = 'closed') = (outcome IS NOT NULL AND closed_at IS NOT NULL))
);
CREATE INDEX cases_child ON cases (child_id);
CREATE INDEX cases_jurisdiction_reported ON cases (jurisdiction_id, reported_at DESC, id);
CREATE INDEX cases_owner_reported ON cases (owning_organisation_id, reported_at DESC, id);
CREATE INDEX cases_reported ON cases (reported_at DESC, id);

-- Answers to the standard risk questions, each with who gave it and when.
CREATE TABLE risk_answers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  question text NOT NULL,
  answer text NOT NULL CHECK (answer IN ('yes', 'no', 'unknown')),
  detail text NOT NULL DEFAULT '',
  source text NOT NULL,
  answered_at timestamptz NOT NULL,
  recorded_by uuid NOT NULL REFERENCES users (id),
  recorded_at timestamptz NOT NULL
);
CREATE INDEX risk_answers_case ON risk_answers (case_id, recorded_at);

-- Every grading and re-grading, never overwritten; cases.risk_level holds the latest.
CREATE TABLE risk_gradings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  level text NOT NULL CHECK (level IN ('no_apparent', 'low', 'medium', 'high')),
  suggested_level text NOT NULL CHECK (suggested_level IN ('no_apparent', 'low', 'medium', 'high')),
  rationale text NOT NULL,
  graded_by uuid NOT NULL REFERENCES users (id),
  graded_at timestamptz NOT NULL
);
CREATE INDEX risk_gradings_case ON risk_gradings (case_id, graded_at);

CREATE TABLE photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  child_id uuid NOT NULL REFERENCES children (id),
  case_id uuid REFERENCES cases (id),
  caption text NOT NULL DEFAULT '',
  width integer NOT NULL,
  height integer NOT NULL,
  -- Media-store keys of the re-encoded variants: { "full": ..., "page": ..., "thumb": ... }.
  variants jsonb NOT NULL,
  uploaded_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  removed_at timestamptz
);
CREATE INDEX photos_child ON photos (child_id);

-- Cases disclosed to a local authority or charity for safeguarding; each disclosure is audited.
CREATE TABLE case_shares (
  case_id uuid NOT NULL REFERENCES cases (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  reason text NOT NULL,
  shared_by uuid NOT NULL REFERENCES users (id),
  shared_at timestamptz NOT NULL,
  revoked_at timestamptz,
  PRIMARY KEY (case_id, organisation_id)
);

-- Append-only, hash-chained: hash = sha256(prev_hash || canonical JSON of the entry).
CREATE TABLE audit_log (
  seq bigint PRIMARY KEY,
  at timestamptz NOT NULL,
  actor_id uuid,
  actor text NOT NULL,
  action text NOT NULL,
  subject_type text NOT NULL,
  subject_id text,
  ip text,
  reason text,
  details jsonb NOT NULL DEFAULT '{}',
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id, seq);

CREATE FUNCTION audit_log_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_is_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_is_append_only();
