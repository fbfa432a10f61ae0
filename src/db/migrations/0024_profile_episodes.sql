-- Problem profiles read the coded facts of missing episodes, never the cases themselves: one narrow row per
-- episode, owned by src/profiles/. No names, photos or free text, only codes. The cases module rewrites a
-- child's rows in the same transaction as every change that moves a fact (an episode recorded, edited, graded,
-- answered, closed, or moved by a merge: src/cases/episode-facts.ts), so profiles are current at commit.
-- Exercises are never profiled. Rows of the synthetic national history (`forgetmenot seed --history-years`)
-- have no case and are marked synthetic.
CREATE TABLE profile_episodes (
  id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
  case_id uuid UNIQUE REFERENCES cases (id) ON DELETE CASCADE,
  synthetic boolean NOT NULL DEFAULT false,
  -- The child, to count children and repeats; never sent out of the server.
  child_key uuid NOT NULL,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions (id),
  reported_at timestamptz NOT NULL,
  -- UK local month (first day), hour (0-23) and ISO day of week (1 Monday .. 7 Sunday) the child was last seen.
  month date NOT NULL,
  hour smallint NOT NULL CHECK (hour BETWEEN 0 AND 23),
  weekday smallint NOT NULL CHECK (weekday BETWEEN 1 AND 7),
  age smallint CHECK (age BETWEEN 0 AND 25),
  sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
  -- From the latest answer to the standard risk questions; null while unanswered or answered "unknown".
  in_care boolean,
  exploitation boolean,
  risk_level text CHECK (risk_level IN ('no_apparent', 'low', 'medium', 'high')),
  outcome text CHECK (outcome IN ('found_safe', 'found_harmed', 'found_dead', 'returned_of_own_accord', 'located_elsewhere', 'other')),
  -- From last seen to closing; null while the episode is open.
  missing_minutes integer CHECK (missing_minutes >= 0),
  -- The child's third or later episode within 90 days.
  repeat boolean NOT NULL,
  -- H3 cell (resolution 5) of the last-seen point, for the hexagon map.
  cell text NOT NULL
);
CREATE INDEX profile_episodes_child ON profile_episodes (child_key);
CREATE INDEX profile_episodes_area_month ON profile_episodes (jurisdiction_id, month);
CREATE INDEX profile_episodes_month ON profile_episodes (month);
