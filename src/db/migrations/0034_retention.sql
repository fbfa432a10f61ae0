-- The retention schedule (src/retention/schedule.ts) holds a default period per kind of record; an
-- administrator of the national centre may set another here, which then applies everywhere.
CREATE TABLE retention_settings (
  kind text PRIMARY KEY,
  period_days integer NOT NULL CHECK (period_days BETWEEN 1 AND 36500),
  updated_by uuid NOT NULL REFERENCES users (id),
  updated_at timestamptz NOT NULL
);

-- A record due for review that a reviewer decided to keep, until when, and on what ground (a code, never free
-- text: the reasons stay out of what outlives the record). Disposal needs no row: the record is gone.
CREATE TABLE retention_reviews (
  kind text NOT NULL,
  record_id text NOT NULL,
  keep_until date NOT NULL,
  ground text NOT NULL,
  decided_by uuid NOT NULL REFERENCES users (id),
  decided_at timestamptz NOT NULL,
  PRIMARY KEY (kind, record_id)
);

-- A published message stays as it was sent, except that erasing a child (where the law allows it) removes it:
-- the erasure sets forgetmenot.erasure for its own transaction only.
CREATE OR REPLACE FUNCTION alert_messages_are_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('forgetmenot.erasure', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'alert messages are immutable: publish an Update or Cancel instead';
END;
$$;
