-- Dispatch figures per notice: the appeal, its updates, its re-issues and the found (or withdrawn) notice
-- that follows the appeal, each counted apart.
--
-- The running tallies (0006) added every delivery of an alert together, so once a child was found the
-- dashboard counted each found notice as one more message of the appeal: five people alerted by email,
-- then told she was found, read as ten emails targeted. The tallies and the per-second counts now carry the
-- delivery's notice, so that each message the public got is counted on its own, at the same cost as before
-- (a few rows per statement, a few rows to read).
--
-- The figures are counted again from the deliveries: a one-off scan, since the old rows cannot be split.
DROP TRIGGER deliveries_tally_inserted ON deliveries;
DROP TRIGGER deliveries_tally_updated ON deliveries;
DROP TRIGGER deliveries_tally_deleted ON deliveries;
DROP FUNCTION tally_deliveries_inserted();
DROP FUNCTION tally_deliveries_updated();
DROP FUNCTION tally_deliveries_deleted();
DROP TABLE delivery_tallies;
DROP TABLE delivery_seconds;

CREATE TABLE delivery_tallies (
  alert_id uuid NOT NULL,
  notice text NOT NULL,
  channel text NOT NULL,
  state text NOT NULL,
  slot integer NOT NULL,
  n bigint NOT NULL,
  first_sent_at timestamptz,
  last_sent_at timestamptz,
  PRIMARY KEY (alert_id, notice, channel, state, slot)
);

INSERT INTO delivery_tallies (alert_id, notice, channel, state, slot, n, first_sent_at, last_sent_at)
SELECT alert_id, notice, channel, state, 0, count(*), min(sent_at), max(sent_at)
  FROM deliveries WHERE alert_id IS NOT NULL GROUP BY alert_id, notice, channel, state;

-- Out means sent or delivered, counted in the second it was sent.
CREATE TABLE delivery_seconds (
  alert_id uuid NOT NULL,
  notice text NOT NULL,
  channel text NOT NULL,
  second timestamptz NOT NULL,
  slot integer NOT NULL,
  n bigint NOT NULL,
  PRIMARY KEY (alert_id, notice, channel, second, slot)
);

INSERT INTO delivery_seconds (alert_id, notice, channel, second, slot, n)
SELECT alert_id, notice, channel, date_trunc('second', sent_at), 0, count(*)
  FROM deliveries WHERE alert_id IS NOT NULL AND state IN ('sent', 'delivered') AND sent_at IS NOT NULL
 GROUP BY alert_id, notice, channel, date_trunc('second', sent_at);

-- As in 0006, with the notice in each key: rows are added to in key order, so two statements that share a
-- slot take their row locks in the same order and cannot deadlock.
CREATE FUNCTION tally_deliveries_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO delivery_tallies AS t (alert_id, notice, channel, state, slot, n, first_sent_at, last_sent_at)
  SELECT alert_id, notice, channel, state, pg_backend_pid(), count(*), min(sent_at), max(sent_at)
    FROM inserted_deliveries WHERE alert_id IS NOT NULL
   GROUP BY alert_id, notice, channel, state ORDER BY alert_id, notice, channel, state
  ON CONFLICT (alert_id, notice, channel, state, slot) DO UPDATE
     SET n = t.n + EXCLUDED.n,
         first_sent_at = LEAST(t.first_sent_at, EXCLUDED.first_sent_at),
         last_sent_at = GREATEST(t.last_sent_at, EXCLUDED.last_sent_at);
  INSERT INTO delivery_seconds AS t (alert_id, notice, channel, second, slot, n)
  SELECT alert_id, notice, channel, date_trunc('second', sent_at), pg_backend_pid(), count(*)
    FROM inserted_deliveries WHERE alert_id IS NOT NULL AND state IN ('sent', 'delivered') AND sent_at IS NOT NULL
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (alert_id, notice, channel, second, slot) DO UPDATE SET n = t.n + EXCLUDED.n;
  RETURN NULL;
END $$;

-- A claim changes no state and no sent time: its statement adds nothing (the HAVING keeps it so).
CREATE FUNCTION tally_deliveries_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO delivery_tallies AS t (alert_id, notice, channel, state, slot, n, first_sent_at, last_sent_at)
  SELECT alert_id, notice, channel, state, pg_backend_pid(), sum(delta), min(sent_at), max(sent_at)
    FROM (SELECT alert_id, notice, channel, state, -1 AS delta, NULL::timestamptz AS sent_at FROM old_deliveries WHERE alert_id IS NOT NULL
          UNION ALL
          SELECT alert_id, notice, channel, state, 1, sent_at FROM new_deliveries WHERE alert_id IS NOT NULL) changes
   GROUP BY alert_id, notice, channel, state
  HAVING sum(delta) <> 0 OR max(sent_at) IS NOT NULL
   ORDER BY alert_id, notice, channel, state
  ON CONFLICT (alert_id, notice, channel, state, slot) DO UPDATE
     SET n = t.n + EXCLUDED.n,
         first_sent_at = LEAST(t.first_sent_at, EXCLUDED.first_sent_at),
         last_sent_at = GREATEST(t.last_sent_at, EXCLUDED.last_sent_at);
  -- A receipt (sent to delivered) keeps its second; a failure receipt (sent to failed) takes it back out.
  INSERT INTO delivery_seconds AS t (alert_id, notice, channel, second, slot, n)
  SELECT alert_id, notice, channel, date_trunc('second', sent_at), pg_backend_pid(), sum(delta)
    FROM (SELECT alert_id, notice, channel, sent_at, -1 AS delta FROM old_deliveries
           WHERE alert_id IS NOT NULL AND state IN ('sent', 'delivered') AND sent_at IS NOT NULL
          UNION ALL
          SELECT alert_id, notice, channel, sent_at, 1 FROM new_deliveries
           WHERE alert_id IS NOT NULL AND state IN ('sent', 'delivered') AND sent_at IS NOT NULL) changes
   GROUP BY 1, 2, 3, 4
  HAVING sum(delta) <> 0
   ORDER BY 1, 2, 3, 4
  ON CONFLICT (alert_id, notice, channel, second, slot) DO UPDATE SET n = t.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE FUNCTION tally_deliveries_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO delivery_tallies AS t (alert_id, notice, channel, state, slot, n)
  SELECT alert_id, notice, channel, state, pg_backend_pid(), -count(*)
    FROM deleted_deliveries WHERE alert_id IS NOT NULL
   GROUP BY alert_id, notice, channel, state ORDER BY alert_id, notice, channel, state
  ON CONFLICT (alert_id, notice, channel, state, slot) DO UPDATE SET n = t.n + EXCLUDED.n;
  INSERT INTO delivery_seconds AS t (alert_id, notice, channel, second, slot, n)
  SELECT alert_id, notice, channel, date_trunc('second', sent_at), pg_backend_pid(), -count(*)
    FROM deleted_deliveries WHERE alert_id IS NOT NULL AND state IN ('sent', 'delivered') AND sent_at IS NOT NULL
   GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
  ON CONFLICT (alert_id, notice, channel, second, slot) DO UPDATE SET n = t.n + EXCLUDED.n;
  RETURN NULL;
END $$;

CREATE TRIGGER deliveries_tally_inserted AFTER INSERT ON deliveries
  REFERENCING NEW TABLE AS inserted_deliveries FOR EACH STATEMENT EXECUTE FUNCTION tally_deliveries_inserted();
CREATE TRIGGER deliveries_tally_updated AFTER UPDATE ON deliveries
  REFERENCING OLD TABLE AS old_deliveries NEW TABLE AS new_deliveries FOR EACH STATEMENT EXECUTE FUNCTION tally_deliveries_updated();
CREATE TRIGGER deliveries_tally_deleted AFTER DELETE ON deliveries
  REFERENCING OLD TABLE AS deleted_deliveries FOR EACH STATEMENT EXECUTE FUNCTION tally_deliveries_deleted();
