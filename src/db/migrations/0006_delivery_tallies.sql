-- Progress from running tallies instead of counting deliveries.
--
-- The dispatch figures (targeted, queued, sent, delivered, ... per channel, first and last sent) were a
-- GROUP BY over every delivery of the alert: for a national alert, a million rows read once a second
-- for as long as anyone watches the dashboard. They are now kept as they change, by statement-level
-- triggers that add up each statement's rows (its transition tables): a few rows per statement, not a
-- write per delivery, and reading the figures costs a few rows whatever the size of the alert.
--
-- Each backend adds to rows of its own (`slot` is its process id): two connections writing outcomes of
-- the same alert never wait on the same tally row, and the fan-out's long transactions never hold up
-- the senders. The figure for a state is the sum over the slots; a slot's own figure can be negative
-- (a backend that records outcomes takes rows out of 'queued' that another backend's fan-out put in).
--
-- The dashboard's chart (messages out over time) is kept the same way, as messages out per alert, channel
-- and second of sending, so drawing it reads one row per second of dispatch, not every delivery.
--
-- The index on (alert_id, channel, state) served mainly those counts; every delivery paid an entry in
-- it when written and again at each change of state. It goes: what still looks deliveries up by alert
-- goes through the alert's message ids (the unique key) or the queue's own index.
CREATE TABLE delivery_tallies (
  alert_id uuid NOT NULL,
  channel text NOT NULL,
  state text NOT NULL,
  slot integer NOT NULL,
  n bigint NOT NULL,
  first_sent_at timestamptz,
  last_sent_at timestamptz,
  PRIMARY KEY (alert_id, channel, state, slot)
);

INSERT INTO delivery_tallies (alert_id, channel, state, slot, n, first_sent_at, last_sent_at)
SELECT alert_id, channel, state, 0, count(*), min(sent_at), max(sent_at)
  FROM deliveries WHERE alert_id IS NOT NULL GROUP BY alert_id, channel, state;

-- Out means sent or delivered, counted in the second it was sent.
CREATE TABLE delivery_seconds (
  alert_id uuid NOT NULL,
  channel text NOT NULL,
  second timestamptz NOT NULL,
  slot integer NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (alert_id, channel, second, slot)
);

INSERT INTO delivery_seconds (alert_id, channel, second, slot, n)
SELECT alert_id, channel, date_trunc('second', sent_at), 0, count(*)
  FROM deliveries WHERE alert_id IS NOT NULL AND state IN ('sent', 'delivered') AND sent_at IS NOT NULL
 GROUP BY alert_id, channel, date_trunc('second', sent_at);

-- Rows are added to in key order, so two statements that do share a slot (a reused process id) take
-- their row locks in the same order and cannot deadlock.
CREATE FUNCTION tally_deliveries_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO delivery_tallies AS t (alert_id, channel, state, slot, n, first_sent_at, last_sent_at)
  SELECT alert_id, channel, state, pg_backend_pid(), count(*), min(sent_at), max(sent_at)
    FROM inserted_deliveries WHERE alert_id IS NOT NULL
   GROUP BY alert_id, channel, state ORDER BY alert_id, channel, state
  ON CONFLICT (alert_id, channel, state, slot) DO UPDATE
     SET n = t.n + EXCLUDED.n,
         first_sent_at = LEAST(t.first_sent_at, EXCLUDED.first_sent_at),
         last_sent_at = GREATEST(t.last_sent_at, EXCLUDED.last_sent_at);
  INSERT INTO delivery_seconds AS t (alert_id, channel, second, slot, n)
  SELECT alert_id, channel, date_trunc('second', sent_at), pg_backend_pid(), count(*)
    FROM inserted_deliveries WHERE alert_id IS NOT NULL AND state IN ('sent', 'delivered') AND sent_at IS NOT NULL
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (alert_id, channel, second, slot) DO UPDATE SET n = t.n + EXCLUDED.n;
  RETURN NULL;
END $$;

-- A claim changes no state and no sent time: its statement adds nothing (the HAVING keeps it so).
CREATE FUNCTION tally_deliveries_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO delivery_tallies AS t (alert_id, channel, state, slot, n, first_sent_at, last_sent_at)
  SELECT alert_id, channel, state, pg_backend_pid(), sum(delta), min(sent_at), max(sent_at)
    FROM (SELECT alert_id, channel, state, -1 AS delta, NULL::timestamptz AS sent_at FROM old_deliveries WHERE alert_id IS NOT NULL
          UNION ALL
          SELECT alert_id, channel, state, 1, sent_at FROM new_deliveries WHERE alert_id IS NOT NULL) changes
   GROUP BY alert_id, channel, state
  HAVING sum(delta) <> 0 OR max(sent_at) IS NOT NULL
   ORDER BY alert_id, channel, state
  ON CONFLICT (alert_id, channel, state, slot) DO UPDATE
     SET n = t.n + EXCLUDED.n,
         first_sent_at = LEAST(t.first_sent_at, EXCLUDED.first_sent_at),
         last_sent_at = GREATEST(t.last_sent_at, EXCLUDED.last_sent_at);
  -- A receipt (sent to delivered) keeps its second; a failure receipt (sent to failed) takes it back out.
  INSERT INTO delivery_seconds AS t (alert_id, channel, second, slot, n)
  SELECT alert_id, channel, date_trunc('second', sent_at), pg_backend_pid(), sum(delta)
    FROM (SELECT alert_id, channel, sent_at, -1 AS delta FROM old_deliveries
           WHERE alert_id IS NOT NULL AND state IN ('sent', 'delivered') AND sent_at IS NOT NULL
          UNION ALL
          SELECT alert_id, channel, sent_at, 1 FROM new_deliveries
           WHERE alert_id IS NOT NULL AND state IN ('sent', 'delivered') AND sent_at IS NOT NULL) changes
   GROUP BY 1, 2, 3
  HAVING sum(delta) <> 0
   ORDER BY 1, 2, 3
  ON CONFLICT (alert_id, channel, second, slot) DO UPDATE SET n = t.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE FUNCTION tally_deliveries_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO delivery_tallies AS t (alert_id, channel, state, slot, n)
  SELECT alert_id, channel, state, pg_backend_pid(), -count(*)
    FROM deleted_deliveries WHERE alert_id IS NOT NULL
   GROUP BY alert_id, channel, state ORDER BY alert_id, channel, state
  ON CONFLICT (alert_id, channel, state, slot) DO UPDATE SET n = t.n + EXCLUDED.n;
  INSERT INTO delivery_seconds AS t (alert_id, channel, second, slot, n)
  SELECT alert_id, channel, date_trunc('second', sent_at), pg_backend_pid(), -count(*)
    FROM deleted_deliveries WHERE alert_id IS NOT NULL AND state IN ('sent', 'delivered') AND sent_at IS NOT NULL
   GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
  ON CONFLICT (alert_id, channel, second, slot) DO UPDATE SET n = t.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE TRIGGER deliveries_tally_inserted AFTER INSERT ON deliveries
  REFERENCING NEW TABLE AS inserted_deliveries FOR EACH STATEMENT EXECUTE FUNCTION tally_deliveries_inserted();
CREATE TRIGGER deliveries_tally_updated AFTER UPDATE ON deliveries
  REFERENCING OLD TABLE AS old_deliveries NEW TABLE AS new_deliveries FOR EACH STATEMENT EXECUTE FUNCTION tally_deliveries_updated();
CREATE TRIGGER deliveries_tally_deleted AFTER DELETE ON deliveries
  REFERENCING OLD TABLE AS deleted_deliveries FOR EACH STATEMENT EXECUTE FUNCTION tally_deliveries_deleted();

DROP INDEX deliveries_alert;
