-- Return home interviews: when a missing episode closes with the child back, the local authority of the child's
-- area is asked to talk to the child within 72 hours of the return. One row per closed episode, owned by
-- src/interviews/. Written by the local authority's caseworkers; the police read a coded subset (no disclosures).
CREATE TABLE return_interviews (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  case_id uuid NOT NULL UNIQUE REFERENCES cases (id) ON DELETE CASCADE,
  child_id uuid NOT NULL REFERENCES children (id),
  -- The local authority asked; null when no local authority covers the case's area (the national centre sees those).
  organisation_id uuid REFERENCES organisations (id),
  returned_at timestamptz NOT NULL,
  requested_at timestamptz NOT NULL,
  due_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'requested' CHECK (status IN ('requested', 'offered', 'accepted', 'declined', 'completed')),
  offered_at timestamptz,
  -- When the child (or their carer) accepted or declined.
  answered_at timestamptz,
  interviewer text NOT NULL DEFAULT '',
  interviewed_at timestamptz,
  -- Where the child was while missing and with whom: free text, shown to the police.
  whereabouts text NOT NULL DEFAULT '',
  with_whom text NOT NULL DEFAULT '',
  push_factors text[] NOT NULL DEFAULT '{}',
  pull_factors text[] NOT NULL DEFAULT '{}',
  exploitation_signs text[] NOT NULL DEFAULT '{}',
  -- What the child told the interviewer: for the local authority only.
  disclosures text NOT NULL DEFAULT '',
  actions text NOT NULL DEFAULT '',
  referrals text[] NOT NULL DEFAULT '{}',
  updated_by uuid REFERENCES users (id),
  updated_at timestamptz NOT NULL,
  version integer NOT NULL DEFAULT 1
);
CREATE INDEX return_interviews_open ON return_interviews (organisation_id, due_at) WHERE status NOT IN ('completed', 'declined');
CREATE INDEX return_interviews_child ON return_interviews (child_id, returned_at);
