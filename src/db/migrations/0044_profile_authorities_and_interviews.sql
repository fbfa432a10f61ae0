-- Problem profiles by local authority and by return home interview (issue: problem profiles). Each episode's
-- facts gain the local authority answering for it (the one asked for the child's return interview, else the
-- first by code holding the episode's area) and the interview's coded state: open, done or declined, with its
-- due time so that a profile can tell an overdue interview from one still in time at the moment it is read.
-- Still codes only: no interview answer, name or note is copied here.
ALTER TABLE profile_episodes
  ADD COLUMN local_authority_id uuid REFERENCES organisations (id) ON DELETE SET NULL,
  ADD COLUMN interview_state text CHECK (interview_state IN ('open', 'done', 'declined')),
  ADD COLUMN interview_due_at timestamptz,
  ADD CONSTRAINT profile_episodes_interview_due CHECK ((interview_state IS NULL) = (interview_due_at IS NULL));

-- The facts already recorded, brought up to date by the same rules as src/cases/episode-facts.ts.
UPDATE profile_episodes e
   SET interview_state = CASE ri.status WHEN 'completed' THEN 'done' WHEN 'declined' THEN 'declined' ELSE 'open' END,
       interview_due_at = ri.due_at,
       local_authority_id = ri.organisation_id
  FROM return_interviews ri
 WHERE ri.case_id = e.case_id;

UPDATE profile_episodes e
   SET local_authority_id = (SELECT o.id FROM organisations o JOIN organisation_jurisdictions oj ON oj.organisation_id = o.id
                              WHERE o.kind = 'local_authority' AND oj.jurisdiction_id = e.jurisdiction_id ORDER BY o.code LIMIT 1)
 WHERE e.local_authority_id IS NULL;

CREATE INDEX profile_episodes_authority_month ON profile_episodes (local_authority_id, month);
