-- A long-term appeal's social media kit re-issued to partners' webhooks on a schedule (every 30 minutes for
-- 24 hours unless set otherwise), so that a charity can post it on its own accounts as it did by hand. Each
-- issue is one signed webhook event per partner webhook; a withdrawal stops the schedule and sends every
-- partner that had the kit a withdrawal event.
CREATE TABLE appeal_kit_schedules (
  appeal_id uuid PRIMARY KEY REFERENCES long_term_appeals (id),
  every_minutes integer NOT NULL CHECK (every_minutes BETWEEN 15 AND 1440),
  until_at timestamptz NOT NULL,
  next_at timestamptz NOT NULL,
  issues_done integer NOT NULL DEFAULT 0,
  created_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  stopped_at timestamptz
);
CREATE INDEX appeal_kit_schedules_due ON appeal_kit_schedules (next_at) WHERE stopped_at IS NULL;

-- One event to one partner webhook: an issue of the kit (issue 1, 2, ...) or the withdrawal (issue 0). The
-- unique key is the idempotency key, sent as webhook-id, so a receiver drops a repeat after a crash.
CREATE TABLE appeal_kit_sends (
  id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  appeal_id uuid NOT NULL REFERENCES long_term_appeals (id),
  event text NOT NULL CHECK (event IN ('kit', 'withdrawn')),
  issue integer NOT NULL,
  -- Not a foreign key: a webhook an organisation removes is deleted at once; its rows stay for the history.
  subscriber_id uuid NOT NULL,
  state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'retrying', 'delivered', 'failed', 'dead', 'dropped')),
  attempts integer NOT NULL DEFAULT 0,
  due_at timestamptz NOT NULL,
  -- When the event happened (the issue was due, the appeal was withdrawn): the body's timestamp on every attempt.
  occurred_at timestamptz NOT NULL,
  last_error text,
  created_at timestamptz NOT NULL,
  sent_at timestamptz,
  UNIQUE (appeal_id, event, issue, subscriber_id)
);
CREATE INDEX appeal_kit_sends_due ON appeal_kit_sends (due_at) WHERE state IN ('queued', 'retrying');
