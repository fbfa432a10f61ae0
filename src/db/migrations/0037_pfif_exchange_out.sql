-- PFIF 1.4 exchange with partner sites (other national sites of missing children).
-- A partner holds a key (stored as SHA-256, shown once) and the person fields it may receive; fields that
-- are never sent (home addresses, reporters' contacts) are not even stored in the outbound records.
CREATE TABLE pfif_partners (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  code text NOT NULL UNIQUE CHECK (code ~ '^[a-z0-9][a-z0-9.-]{1,62}$'),
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  person_fields text[] NOT NULL,
  -- Where this site pulls the partner's feeds from, and with which key; null: the partner only reads ours.
  feed_url text,
  feed_key text,
  -- The partner's PFIF record-id domain: records claiming another origin are refused.
  record_domain text,
  person_cursor text,
  note_cursor text,
  last_pulled_at timestamptz,
  created_at timestamptz NOT NULL,
  revoked_at timestamptz
);

-- What the feeds serve: one row per PFIF record (a person or a note), its fields as sent. A change replaces
-- the row and moves it to the end of the feed (a new entry_date and sequence number), so a partner paging from
-- its cursor sees it again. A withdrawn appeal becomes a tombstone: the person record with only its id and dates,
-- expired, as PFIF's expiry placeholders are.
CREATE SEQUENCE pfif_outbound_seq;
CREATE TABLE pfif_outbound (
  record_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('person', 'note')),
  person_record_id text NOT NULL,
  entry_date timestamptz NOT NULL,
  entry_seq bigint NOT NULL,
  source_date timestamptz NOT NULL,
  expiry_date timestamptz,
  fields jsonb NOT NULL
);
CREATE UNIQUE INDEX pfif_outbound_feed ON pfif_outbound (kind, entry_date, entry_seq);
