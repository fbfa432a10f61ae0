-- Candidate matches between missing episodes (cases) and unidentified people or remains, owned by
-- src/matching/. The matcher keeps each record's best candidates with every feature's contribution to the
-- score, and a fingerprint of the values of the features that matched, so that re-matching keeps a person's
-- decision: a dismissed pair stays dismissed unless a matched feature changes.
CREATE TABLE match_candidates (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL REFERENCES cases (id),
  unidentified_id uuid NOT NULL REFERENCES unidentified_people (id),
  score real NOT NULL,
  -- [{ "feature": "hair", "contribution": 8, "case": "brown", "unidentified": "brown", "note": ... }, ...]
  features jsonb NOT NULL,
  fingerprint text NOT NULL,
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'dismissed', 'referred', 'confirmed')),
  decision_reason text,
  referral_kind text CHECK (referral_kind IN ('dental', 'dna')),
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  UNIQUE (case_id, unidentified_id),
  CHECK ((status = 'open') = (decided_at IS NULL)),
  CHECK ((status = 'referred') = (referral_kind IS NOT NULL))
);
CREATE INDEX match_candidates_unidentified ON match_candidates (unidentified_id);
-- The national queue: open first, best score first.
CREATE INDEX match_candidates_queue ON match_candidates ((status <> 'open'), score DESC, id);

-- The hard limits of a match, read by the cases module's `openEpisodesWithinLimits` (src/cases/match-store.ts)
-- for a new unidentified record: open real episodes last seen before it was found, of a compatible sex and a
-- date of birth within the age estimated. These indexes let PostgreSQL filter 100,000 open episodes quickly.
CREATE INDEX cases_open_last_seen ON cases (last_seen_at, child_id) WHERE status = 'open' AND NOT exercise;
CREATE INDEX children_sex_birth ON children (sex, date_of_birth);
