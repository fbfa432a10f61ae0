-- Reaching the public: subscribers and the recipients organisations enrol, their coarse cells, screens,
-- and the dispatch engine (an outbox of fan-out jobs, one delivery row per message, recipient and channel).

-- A recipient: a member of the public who signed up (organisation_id NULL, no account), or a device, a
-- member of staff or a webhook an organisation enrolled. Nothing here says who the person is beyond the
-- addresses they gave for the channels they chose.
CREATE TABLE subscribers (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid REFERENCES organisations (id),
  -- The organisation's own reference for the row (a device number, a staff number): re-importing a
  -- CSV updates the same recipients instead of adding them twice.
  external_ref text,
  label text,
  -- BCP 47: the language of the alert content they receive, where the alert has it.
  language text NOT NULL DEFAULT 'en',
  -- Exercises and tests reach only those who asked for them.
  include_exercises boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (organisation_id, external_ref)
);
CREATE INDEX subscribers_organisation ON subscribers (organisation_id) WHERE organisation_id IS NOT NULL;

-- One address per channel per recipient. A public subscriber's email and SMS rows stay unconfirmed
-- (and receive nothing but the confirmation) until the link or code comes back: double opt-in.
CREATE TABLE subscriber_channels (
  subscriber_id uuid NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push', 'webhook')),
  -- An email address, an E.164 number, a push service endpoint URL, or a webhook URL.
  address text NOT NULL,
  -- Web push subscription keys (RFC 8291): the browser's P-256 public key and auth secret, base64url.
  push_p256dh text,
  push_auth text,
  -- Standard Webhooks signing secret ("whsec_" + base64).
  webhook_secret text,
  confirmed_at timestamptz,
  -- SHA-256 of the pending confirmation code or link secret; cleared when confirmed.
  confirm_hash text,
  confirm_expires_at timestamptz,
  confirm_attempts integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  PRIMARY KEY (subscriber_id, channel)
);
-- STOP replies arrive with a phone number; a second sign-up with the same address finds the first.
CREATE INDEX subscriber_channels_address ON subscriber_channels (channel, address);

-- Where a recipient wants alerts: H3 cells at the subscriber resolution, never a point. The primary key
-- leads with the cell, so an alert's cell ranges are btree range scans.
CREATE TABLE subscriber_cells (
  cell bigint NOT NULL,
  subscriber_id uuid NOT NULL REFERENCES subscribers (id) ON DELETE CASCADE,
  PRIMARY KEY (cell, subscriber_id)
);
CREATE INDEX subscriber_cells_subscriber ON subscriber_cells (subscriber_id);

-- A signage screen or intranet page of an organisation: a secret URL showing the live appeals of its
-- area over server-sent events. No cells means every appeal in the country.
CREATE TABLE screens (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  name text NOT NULL,
  token_hash text NOT NULL UNIQUE,
  language text NOT NULL DEFAULT 'en',
  include_exercises boolean NOT NULL DEFAULT false,
  cells bigint[] NOT NULL DEFAULT '{}',
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  revoked_at timestamptz,
  last_seen_at timestamptz
);

-- Keys the instance generates once and keeps (the VAPID key pair for web push).
CREATE TABLE instance_keys (
  name text PRIMARY KEY,
  value jsonb NOT NULL,
  created_at timestamptz NOT NULL
);

-- The transactional outbox: written in the same transaction as the message it sends, so an approved
-- alert always has its fan-out, and a rolled-back approval never sends anything.
CREATE TABLE dispatch_jobs (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id uuid NOT NULL REFERENCES alerts (id),
  message_id uuid NOT NULL REFERENCES alert_messages (id),
  -- 0 for the message itself; 1, 2, ... for its scheduled re-issues.
  issue integer NOT NULL DEFAULT 0,
  -- What the recipients are told: the appeal, an update, that the child was found, that the appeal was
  -- withdrawn, or the appeal again (re-issue).
  notice text NOT NULL CHECK (notice IN ('alert', 'update', 'found', 'withdrawn', 'reissue')),
  -- Who: everyone in the area; those in the area and those already alerted; only those already alerted.
  audience text NOT NULL CHECK (audience IN ('area', 'area_and_alerted', 'alerted')),
  channels text[] NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'done', 'failed')),
  -- Fan-out goes through the area's cell ranges in order; this is the last range done, so a job taken
  -- over after a crash goes on from there (and the unique delivery key absorbs any overlap).
  range_cursor bigint,
  attempts integer NOT NULL DEFAULT 0,
  run_after timestamptz NOT NULL,
  leased_until timestamptz,
  last_error text,
  targeted integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL,
  started_at timestamptz,
  finished_at timestamptz,
  UNIQUE (message_id, issue)
);
CREATE INDEX dispatch_jobs_pending ON dispatch_jobs (run_after) WHERE state IN ('queued', 'running');
CREATE INDEX dispatch_jobs_alert ON dispatch_jobs (alert_id, id);

-- One row per message, recipient, channel and issue: the unique key is the idempotency key that makes a
-- retried or crashed fan-out and a retried send safe; it travels with the message (webhook-id, Message-ID)
-- so that a receiver can drop a repeat. Confirmation codes (no alert) use the same queue.
CREATE TABLE deliveries (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  alert_id uuid,
  message_id uuid,
  issue integer NOT NULL DEFAULT 0,
  -- Not a foreign key: a recipient who leaves is deleted at once, and their rows stay for the counts.
  subscriber_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('email', 'sms', 'push', 'webhook')),
  notice text NOT NULL CHECK (notice IN ('alert', 'update', 'found', 'withdrawn', 'reissue', 'confirm')),
  -- queued → sending → sent → delivered (where the channel confirms), or → retrying → ... → dead after
  -- the last attempt; failed: refused for good (a bad number, a gone push subscription); dropped: no longer
  -- to be sent (the appeal was withdrawn, the recipient left).
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sending', 'retrying', 'sent', 'delivered', 'failed', 'dead', 'dropped')),
  attempts integer NOT NULL DEFAULT 0,
  -- When it may next be claimed: now, a retry's backoff, or the end of a claim's lease (a worker that
  -- died mid-batch gives its rows back when the lease runs out).
  due_at timestamptz NOT NULL,
  -- Only confirmations carry a payload (the code and link); alert deliveries are rendered from the message.
  payload jsonb,
  provider_ref text,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  delivered_at timestamptz,
  UNIQUE (message_id, subscriber_id, channel, issue)
);
CREATE INDEX deliveries_due ON deliveries (channel, due_at) WHERE state IN ('queued', 'sending', 'retrying');
CREATE INDEX deliveries_alert ON deliveries (alert_id, channel, state);
CREATE INDEX deliveries_recipient ON deliveries (alert_id, subscriber_id) WHERE state IN ('sending', 'sent', 'delivered');
CREATE INDEX deliveries_provider_ref ON deliveries (channel, provider_ref) WHERE provider_ref IS NOT NULL;

-- Fan-out walks an alert's ranges in order from a cursor.
CREATE INDEX alert_area_ranges_alert_low ON alert_area_ranges (alert_id, low);

-- Re-issue of an active appeal to broadcast channels (organisation webhooks) on a schedule, for example
-- every 30 minutes for 24 hours. Each run is a dispatch job with notice 'reissue' and its own issue number.
CREATE TABLE alert_reissue_schedules (
  alert_id uuid PRIMARY KEY REFERENCES alerts (id),
  every_minutes integer NOT NULL CHECK (every_minutes BETWEEN 5 AND 1440),
  until_at timestamptz NOT NULL,
  next_at timestamptz NOT NULL,
  issues_done integer NOT NULL DEFAULT 0,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  stopped_at timestamptz
);

-- Where email and SMS go when no provider is configured (the embedded default): shown in the console,
-- labelled as a development inbox. Nothing in it has left the machine.
CREATE TABLE dev_inbox (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  delivery_id bigint,
  channel text NOT NULL,
  address text NOT NULL,
  subject text,
  body text NOT NULL,
  created_at timestamptz NOT NULL
);
CREATE INDEX dev_inbox_created ON dev_inbox (id DESC);
