-- Child Rescue Alerts relayed between partner sites. Which partners take alerts: live ones (status Actual)
-- only with receives_alerts; exercises and tests only with in_exercise, so an exercise never reaches a site
-- that is not taking part in it. alert_cursor: where our pull of the partner's alert feed stands.
ALTER TABLE pfif_partners ADD COLUMN receives_alerts boolean NOT NULL DEFAULT false;
ALTER TABLE pfif_partners ADD COLUMN in_exercise boolean NOT NULL DEFAULT false;
ALTER TABLE pfif_partners ADD COLUMN alert_cursor text;

-- What our alert feed serves partners: the latest CAP message of each of our alerts, one row per alert
-- (its incident), replaced by each later message and moved to the end of the feed, as pfif_outbound is. A
-- Cancel replaces the alert's last Alert or Update, so nothing of the child stays in the feed once it ends.
CREATE SEQUENCE cra_outbound_seq;
CREATE TABLE cra_outbound (
  incident text PRIMARY KEY,
  cap_status text NOT NULL CHECK (cap_status IN ('Actual', 'Exercise', 'Test')),
  msg_type text NOT NULL CHECK (msg_type IN ('Alert', 'Update', 'Cancel')),
  -- Why it ended, for a Cancel (CAP says only that it is over).
  ended text CHECK (ended IN ('found', 'cancelled', 'expired')),
  entry_date timestamptz NOT NULL,
  entry_seq bigint NOT NULL,
  xml text NOT NULL
);
CREATE UNIQUE INDEX cra_outbound_feed ON cra_outbound (entry_date, entry_seq);

-- Alerts partners offered us, one per partner and incident: the facts of its latest CAP message (and the
-- message), and the national coordinator's decision. Nothing is public here until it is relayed; an offer
-- the origin ends before a decision is withdrawn, a relayed one ends (its page answers 410).
CREATE TABLE cra_offers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  partner_id uuid NOT NULL REFERENCES pfif_partners (id),
  incident text NOT NULL,
  -- Our public address of the relayed appeal (/appeals/relayed/<slug>).
  slug text NOT NULL UNIQUE,
  cap_status text NOT NULL CHECK (cap_status IN ('Actual', 'Exercise', 'Test')),
  state text NOT NULL CHECK (state IN ('offered', 'relayed', 'declined', 'withdrawn', 'ended')),
  message_identifier text NOT NULL,
  message_sent timestamptz NOT NULL,
  sender_name text,
  -- [{language, headline, description, instruction, areaDesc, photoUri}], emptied when the origin ends it.
  infos jsonb NOT NULL,
  cap_xml text,
  origin_expires_at timestamptz,
  offered_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL,
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  decline_reason text,
  -- The relay's own end, never later than the origin's; null: the origin's.
  relay_expires_at timestamptz,
  -- Our own texts of the appeal in our languages, added when relaying: [{language, headline, description}].
  relay_contents jsonb NOT NULL DEFAULT '[]',
  ended_reason text CHECK (ended_reason IN ('found', 'cancelled', 'expired')),
  ended_at timestamptz,
  UNIQUE (partner_id, incident)
);
CREATE INDEX cra_offers_open ON cra_offers (offered_at DESC) WHERE state IN ('offered', 'relayed');
