-- National problem profiles from monthly counts instead of counting every episode (issue 16). Over ten years
-- (about 2.2 million episodes) the count of distinct children was the cost: it sorts every episode's child
-- for each answer. Distinct children over a range of months can be made additive: a child with episodes of a
-- code in months m1 <= m2 <= ... is counted exactly once in a period [from, to] by its first episode there,
-- which is the one episode in the period whose previous episode of the same code came before `from` (or that
-- has none). So each episode is counted under (dimension, code, month, month of the child's previous episode
-- with that code), and a profile of any whole-month period sums
--   episodes: every row with month in [from, to];
--   children: the rows among them whose previous month is before `from` ('-infinity' where there is none).
-- The table is a few hundred thousand rows for ten national years, read by (dimension, month) range.
--
-- It answers the whole country without filters (what the national centre asks over long periods); a force's
-- figures or filtered ones still count profile_episodes directly. A return home interview that is open is
-- stored as 'open': whether it is overdue depends on the moment of reading, so that split is made at read time
-- from the few episodes still in time (src/profiles/month-counts.ts).
--
-- Kept by statement triggers on profile_episodes in the transaction of every change (the cases module's
-- rewrites, the synthetic history, erasure's detaching, a case's cascading deletion): for each child touched,
-- the child's contribution before the statement is taken away and its contribution after is added, so the
-- counts are exact at every commit. Writers take one transaction lock first, so they never deadlock on the rows.
CREATE TABLE profile_month_counts (
  -- A dimension of src/profiles/codes.ts, or 'all' (value '') for the totals.
  dimension text NOT NULL,
  value text NOT NULL,
  month date NOT NULL,
  -- The month of the same child's previous episode with this code; '-infinity' where there is none.
  previous_month date NOT NULL,
  -- Never below 0 once a statement is done; no CHECK, as one would also test the negative change an upsert proposes.
  episodes integer NOT NULL,
  PRIMARY KEY (dimension, month, value, previous_month)
);

-- Each episode's code in every dimension: the expressions of src/profiles/dimensions.ts `dimensionSql`, except
-- that an open return interview is 'open' (overdue or in time is decided when read).
CREATE FUNCTION profile_episode_codes(
  jurisdiction_id uuid, local_authority_id uuid, interview_state text, age smallint, sex text, in_care boolean,
  exploitation boolean, risk_level text, hour smallint, weekday smallint, month date, missing_minutes integer,
  outcome text, repeat boolean, cell text
) RETURNS TABLE (dimension text, value text) LANGUAGE sql STABLE AS $$
  VALUES ('all', ''),
         ('force', jurisdiction_id::text),
         ('local_authority', coalesce(local_authority_id::text, 'none')),
         ('return_interview', CASE interview_state WHEN 'done' THEN 'done' WHEN 'declined' THEN 'declined'
                                                   WHEN 'open' THEN 'open' ELSE 'not_asked' END),
         ('age_band', CASE WHEN age IS NULL THEN 'unknown' WHEN age <= 5 THEN '0-5' WHEN age <= 11 THEN '6-11'
                           WHEN age <= 14 THEN '12-14' ELSE '15-17' END),
         ('sex', sex),
         ('in_care', CASE WHEN in_care THEN 'yes' WHEN NOT in_care THEN 'no' ELSE 'unknown' END),
         ('exploitation', CASE WHEN exploitation THEN 'yes' WHEN NOT exploitation THEN 'no' ELSE 'unknown' END),
         ('risk', coalesce(risk_level, 'not_graded')),
         ('hour', hour::text),
         ('weekday', weekday::text),
         ('month', to_char(month, 'YYYY-MM')),
         ('duration', CASE WHEN missing_minutes IS NULL THEN 'not_found_yet' WHEN missing_minutes < 360 THEN 'under_6_hours'
                           WHEN missing_minutes < 1440 THEN '6_to_24_hours' WHEN missing_minutes < 2880 THEN '1_to_2_days'
                           WHEN missing_minutes < 10080 THEN '2_to_7_days' ELSE 'over_7_days' END),
         ('outcome', coalesce(outcome, 'not_found_yet')),
         ('repeat', CASE WHEN repeat THEN 'yes' ELSE 'no' END),
         ('cell', cell)
$$;

-- The counting of a set of episode rows (a query of profile_episodes' columns), as rows of profile_month_counts
-- with a sign: every episode under each of its codes, linked to the child's previous episode with that code.
CREATE FUNCTION profile_month_marks(episodes text, sign integer) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT format($marks$
    SELECT c.dimension, c.value, r.month,
           coalesce(lag(r.month) OVER (PARTITION BY r.child_key, c.dimension, c.value ORDER BY r.month, r.id), '-infinity') AS previous_month,
           %s AS delta
      FROM (%s) r
     CROSS JOIN LATERAL profile_episode_codes(r.jurisdiction_id, r.local_authority_id, r.interview_state, r.age, r.sex, r.in_care,
                                              r.exploitation, r.risk_level, r.hour, r.weekday, r.month, r.missing_minutes,
                                              r.outcome, r.repeat, r.cell) c
  $marks$, sign, episodes)
$$;

-- Transition tables are named per event; one function serves the three, the rows before and after the
-- statement of every child it touched being the same query either way.
CREATE FUNCTION profile_month_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  removed text := CASE WHEN TG_OP = 'INSERT' THEN 'SELECT * FROM profile_episodes WHERE false' ELSE 'SELECT * FROM old_episodes' END;
  added text := CASE WHEN TG_OP = 'DELETE' THEN 'SELECT * FROM profile_episodes WHERE false' ELSE 'SELECT * FROM new_episodes' END;
BEGIN
  -- One writer of the counts at a time, until its commit. The rows of a month's totals are shared by every episode
  -- of that month, so writers queue on them anyway; a rewrite is several statements, and two writers taking those
  -- rows statement by statement could each hold one the other needs next (a deadlock, one officer's change lost).
  PERFORM pg_advisory_xact_lock(x'70726f66'::int);
  EXECUTE format($follow$
    WITH removed AS MATERIALIZED (%1$s),
         added AS MATERIALIZED (%2$s),
         touched AS (SELECT child_key FROM removed UNION SELECT child_key FROM added),
         -- Each child's rows through the index: a join would have the planner scan the whole table for a batch.
         after_rows AS MATERIALIZED (SELECT e.* FROM touched t CROSS JOIN LATERAL (
                                       SELECT * FROM profile_episodes x WHERE x.child_key = t.child_key) e),
         before_rows AS (SELECT a.* FROM after_rows a WHERE a.id NOT IN (SELECT id FROM added) UNION ALL SELECT * FROM removed),
         marks AS (%3$s UNION ALL %4$s)
    INSERT INTO profile_month_counts AS t (dimension, value, month, previous_month, episodes)
    SELECT dimension, value, month, previous_month, sum(delta) FROM marks
     GROUP BY dimension, month, value, previous_month
    HAVING sum(delta) <> 0
     ORDER BY dimension, month, value, previous_month
    ON CONFLICT (dimension, month, value, previous_month) DO UPDATE SET episodes = t.episodes + EXCLUDED.episodes
  $follow$, removed, added, profile_month_marks('SELECT * FROM before_rows', -1), profile_month_marks('SELECT * FROM after_rows', 1));
  RETURN NULL;
END $$;

CREATE FUNCTION profile_month_counts_clear() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM profile_month_counts;
  RETURN NULL;
END $$;

CREATE TRIGGER profile_month_counts_inserted AFTER INSERT ON profile_episodes
  REFERENCING NEW TABLE AS new_episodes FOR EACH STATEMENT EXECUTE FUNCTION profile_month_counts_follow();
CREATE TRIGGER profile_month_counts_updated AFTER UPDATE ON profile_episodes
  REFERENCING OLD TABLE AS old_episodes NEW TABLE AS new_episodes FOR EACH STATEMENT EXECUTE FUNCTION profile_month_counts_follow();
CREATE TRIGGER profile_month_counts_deleted AFTER DELETE ON profile_episodes
  REFERENCING OLD TABLE AS old_episodes FOR EACH STATEMENT EXECUTE FUNCTION profile_month_counts_follow();
CREATE TRIGGER profile_month_counts_truncated AFTER TRUNCATE ON profile_episodes
  FOR EACH STATEMENT EXECUTE FUNCTION profile_month_counts_clear();

-- The episodes already recorded.
DO $$
BEGIN
  EXECUTE format($backfill$
    INSERT INTO profile_month_counts (dimension, value, month, previous_month, episodes)
    SELECT dimension, value, month, previous_month, sum(delta) FROM (%s) marks
     GROUP BY dimension, month, value, previous_month
  $backfill$, profile_month_marks('SELECT * FROM profile_episodes', 1));
END $$;
-- Without statistics the planner takes the table for a few rows and sorts hundreds of thousands to group them.
ANALYZE profile_month_counts;

-- Reading a national profile also splits open return interviews into overdue and in time (those still in time
-- are read one by one) and says whether synthetic history is among the figures; both without a scan.
CREATE INDEX profile_episodes_open_interview_due ON profile_episodes (interview_due_at, month) WHERE interview_state = 'open';
CREATE INDEX profile_episodes_synthetic_month ON profile_episodes (month) WHERE synthetic;
