-- Records pulled from partners' PFIF feeds, kept as the partner sent them (never edited here), by record id
-- (idempotent: a record seen again replaces its earlier copy only if its entry date is later), with its origin.
CREATE TABLE pfif_inbound (
  record_id text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('person', 'note')),
  partner_id uuid NOT NULL REFERENCES pfif_partners (id),
  person_record_id text NOT NULL,
  entry_date timestamptz,
  source_date timestamptz NOT NULL,
  expiry_date timestamptz,
  fields jsonb NOT NULL,
  received_at timestamptz NOT NULL,
  -- A person withdrawn by its origin: a found note, or the record expired (a tombstone).
  withdrawn_at timestamptz
);
CREATE INDEX pfif_inbound_live_persons ON pfif_inbound (entry_date DESC) WHERE kind = 'person' AND withdrawn_at IS NULL;
CREATE INDEX pfif_inbound_person ON pfif_inbound (person_record_id, kind);

-- Each pull or upload, with what was refused and why (record by record), for the national centre to read.
CREATE TABLE pfif_import_runs (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES pfif_partners (id),
  started_at timestamptz NOT NULL,
  finished_at timestamptz NOT NULL,
  accepted integer NOT NULL,
  unchanged integer NOT NULL,
  refused integer NOT NULL,
  -- [{recordId, kind, reason}]: no field values, so no personal data.
  refusals jsonb NOT NULL,
  withdrawn integer NOT NULL
);
CREATE INDEX pfif_import_runs_partner ON pfif_import_runs (partner_id, started_at DESC);
