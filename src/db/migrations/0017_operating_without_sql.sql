-- Operating a deployment without SQL: organisations of every kind, boundaries replaced in place, and staff
-- accounts that set their own passwords through one-time links.

-- Other countries' national centres, with whom records are exchanged, are organisations too.
ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check;
ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check
  CHECK (kind IN ('police_force', 'national_centre', 'local_authority', 'charity', 'partner_company', 'foreign_national_centre'));
ALTER TABLE organisations ADD COLUMN updated_at timestamptz;

-- A boundary replaced by a newer edition keeps its row (cases, alerts, queues and submissions refer to its id
-- and code); the change of shape is what tells every process to rebuild its index of areas.
ALTER TABLE jurisdictions ADD COLUMN updated_at timestamptz;
ALTER TABLE jurisdictions ADD COLUMN source text;

-- An invited account has no password of its own until the person sets one through their link.
ALTER TABLE users ADD COLUMN awaiting_password boolean NOT NULL DEFAULT false;

-- One-time links (invitation, password reset): only the SHA-256 of the secret is kept; a link is spent when
-- used, and a newer link of the same purpose spends the older ones.
CREATE TABLE account_links (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  user_id uuid NOT NULL REFERENCES users (id),
  purpose text NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
  secret_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL,
  expires_at timestamptz NOT NULL,
  used_at timestamptz
);
CREATE INDEX account_links_user ON account_links (user_id);
