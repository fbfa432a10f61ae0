-- Leaving leaves nothing behind, and the public forms' allowance counts only what was accepted.
--
-- A delivery to someone who has left keeps its state and times, so the alert's figures stay true, but no
-- longer says whom it was for: the recipient's id is cleared (with the confirmation payload, the
-- provider's reference and the error text, any of which can carry the address).
ALTER TABLE deliveries ALTER COLUMN subscriber_id DROP NOT NULL;

-- One row per accepted public submission (sighting, report), for the hourly allowance of each client
-- address and network. Shared by every process through the database; refused attempts write nothing.
-- The address is kept only as a keyed hash, and rows older than the window are cleared as new ones come.
CREATE TABLE intake_allowance_uses (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  form text NOT NULL,
  address_key text NOT NULL,
  network_key text NOT NULL,
  without_pow boolean NOT NULL,
  used_at timestamptz NOT NULL
);
CREATE INDEX intake_allowance_uses_address ON intake_allowance_uses (form, address_key, used_at);
CREATE INDEX intake_allowance_uses_network ON intake_allowance_uses (form, network_key, used_at);
CREATE INDEX intake_allowance_uses_used ON intake_allowance_uses (used_at);
