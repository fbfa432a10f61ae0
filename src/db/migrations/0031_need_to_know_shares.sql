-- Sharing with need-to-know: a share names its purpose, the groups of fields it discloses and the day it ends.
-- Shares made before this disclosed the whole case with no end: they keep every field and end 90 days after
-- they were made (the longest a template offers), so none stays open for ever.
ALTER TABLE case_shares ADD COLUMN purpose text NOT NULL DEFAULT 'other';
ALTER TABLE case_shares ADD COLUMN fields text[] NOT NULL DEFAULT '{}';
ALTER TABLE case_shares ADD COLUMN ends_at timestamptz;
UPDATE case_shares
   SET fields = ARRAY['identity', 'description', 'lastSeen', 'circumstances', 'risk', 'episodes', 'outcome', 'returnInterview'],
       ends_at = shared_at + interval '90 days';
ALTER TABLE case_shares ALTER COLUMN ends_at SET NOT NULL;
CREATE INDEX case_shares_recipient ON case_shares (organisation_id, ends_at) WHERE revoked_at IS NULL;

-- What a receiving agency adds to a case it was shared: shown to the police with its source. Owned by src/sharing/.
CREATE TABLE share_contributions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id) ON DELETE CASCADE,
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  category text NOT NULL CHECK (category IN ('whereabouts', 'associates', 'risk', 'support', 'other')),
  body text NOT NULL,
  added_by uuid NOT NULL REFERENCES users (id),
  added_at timestamptz NOT NULL
);
CREATE INDEX share_contributions_case ON share_contributions (case_id, added_at);
