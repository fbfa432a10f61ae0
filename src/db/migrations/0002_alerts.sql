-- Child Rescue Alerts: the request and its criteria, four-eyes approval, content per language, the area and
-- its H3 cells, immutable CAP messages, public photo copies, per-force templates, staff notifications.

CREATE TABLE alerts (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The public address of the appeal: random, so a URL does not carry the child's name.
  slug text NOT NULL UNIQUE,
  case_id uuid NOT NULL REFERENCES cases (id),
  owning_organisation_id uuid NOT NULL REFERENCES organisations (id),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  state text NOT NULL CHECK (state IN ('draft', 'awaiting_approval', 'active', 'withdrawn', 'expired', 'rejected')),
  -- CAP status: exercises and tests are marked everywhere and reach only those who opted in.
  cap_status text NOT NULL CHECK (cap_status IN ('Actual', 'Exercise', 'Test')),
  -- The three criteria, each { "met": bool, "reason": text, "confirmedBy": uuid, "confirmedAt": time }.
  criteria jsonb NOT NULL,
  -- { "parts": [...polygons and circles...], "jurisdictionCodes": [...], "national": bool }
  area jsonb NOT NULL,
  area_description text NOT NULL,
  last_seen_at timestamptz NOT NULL,
  last_seen_lon double precision NOT NULL,
  last_seen_lat double precision NOT NULL,
  last_seen_place text NOT NULL,
  vehicle text NOT NULL DEFAULT '',
  suspect text NOT NULL DEFAULT '',
  -- Everyone who drafted, edited or requested it: none of them may approve it (four eyes).
  contributors uuid[] NOT NULL DEFAULT '{}',
  requested_by uuid REFERENCES users (id),
  requested_at timestamptz,
  approved_by uuid REFERENCES users (id),
  approved_at timestamptz,
  -- Why an approver sent it back to draft, or rejected it.
  decision_note text,
  withdrawn_by uuid REFERENCES users (id),
  withdrawn_at timestamptz,
  withdrawal_reason text CHECK (withdrawal_reason IN ('found_safe', 'found', 'cancelled')),
  expires_at timestamptz,
  expiry_warned_at timestamptz,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX alerts_case ON alerts (case_id);
CREATE INDEX alerts_state ON alerts (state, expires_at);

-- One block of text per language: each becomes a CAP info block. Position 0 is the alert's first language.
CREATE TABLE alert_contents (
  alert_id uuid NOT NULL REFERENCES alerts (id),
  language text NOT NULL,
  position integer NOT NULL,
  headline text NOT NULL,
  description text NOT NULL,
  instruction text NOT NULL,
  contact text NOT NULL,
  sms_text text NOT NULL,
  broadcast_text text NOT NULL,
  PRIMARY KEY (alert_id, language)
);

-- Photos of the case chosen for the appeal. While the appeal is public each has its own public copy,
-- deleted when it ends, so the staff copy and the public one never share a URL.
CREATE TABLE alert_photos (
  alert_id uuid NOT NULL REFERENCES alerts (id),
  position integer NOT NULL,
  photo_id uuid NOT NULL REFERENCES photos (id),
  public_key text,
  public_bytes integer,
  public_sha1 text,
  PRIMARY KEY (alert_id, position)
);

-- The alert's area as ranges of H3 cell indexes at the subscriber resolution: targeting scans a btree
-- on the subscribers' cell column by these ranges.
CREATE TABLE alert_area_ranges (
  alert_id uuid NOT NULL REFERENCES alerts (id),
  low bigint NOT NULL,
  high bigint NOT NULL
);
CREATE INDEX alert_area_ranges_alert ON alert_area_ranges (alert_id);

-- Every publication step, as the CAP 1.2 document sent. Never changed: an update is a new message.
CREATE TABLE alert_messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Publication order: two steps can share a second of `sent` (CAP times have whole seconds).
  seq bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
  alert_id uuid NOT NULL REFERENCES alerts (id),
  identifier text NOT NULL UNIQUE,
  sender text NOT NULL,
  sent timestamptz NOT NULL,
  msg_type text NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
  cap_status text NOT NULL,
  references_text text,
  note text,
  xml text NOT NULL,
  sent_by uuid REFERENCES users (id)
);
CREATE INDEX alert_messages_alert ON alert_messages (alert_id, seq);
CREATE INDEX alert_messages_sent ON alert_messages (sent DESC);

CREATE FUNCTION alert_messages_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'alert messages are immutable: publish an Update or Cancel instead';
END;
$$;
CREATE TRIGGER alert_messages_immutable BEFORE UPDATE OR DELETE ON alert_messages
  FOR EACH ROW EXECUTE FUNCTION alert_messages_are_immutable();

-- Recurring wording of a force, per language, to start an alert's text from.
CREATE TABLE alert_templates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  language text NOT NULL,
  instruction text NOT NULL,
  contact text NOT NULL,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  UNIQUE (organisation_id, name, language)
);

-- Things staff must know: an alert about to expire, and later high-priority sightings.
CREATE TABLE staff_notifications (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  jurisdiction_id uuid REFERENCES jurisdictions (id),
  -- The roles it is for; empty means everyone who reaches the jurisdiction.
  roles text[] NOT NULL DEFAULT '{}',
  kind text NOT NULL,
  subject_type text NOT NULL,
  subject_id uuid NOT NULL,
  message text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX staff_notifications_created ON staff_notifications (created_at DESC);
