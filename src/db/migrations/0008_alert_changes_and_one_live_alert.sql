-- A live alert's text, photos and area change only through a request that a second person approves (four
-- eyes, as for the first approval); and a case has at most one live alert (awaiting approval or active).

-- Requests to change a live alert. NULL in contents, area or photo_ids means "unchanged". At most one is
-- pending per alert; a decided one stays as the record of who asked and who decided.
CREATE TABLE alert_changes (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  alert_id uuid NOT NULL REFERENCES alerts (id),
  state text NOT NULL CHECK (state IN ('pending', 'approved', 'returned', 'superseded', 'lapsed')),
  -- What changed, in a sentence: it becomes the CAP note of the Update once approved.
  note text NOT NULL,
  -- [{ language, headline, description, instruction, contact, smsText, broadcastText }, ...]
  contents jsonb,
  -- { "parts": [...], "jurisdictionCodes": [...], "national": bool }, with its description beside it.
  area jsonb,
  area_description text,
  photo_ids uuid[],
  requested_by uuid NOT NULL REFERENCES users (id),
  requested_at timestamptz NOT NULL,
  decided_by uuid REFERENCES users (id),
  decided_at timestamptz,
  decision_note text,
  CHECK (contents IS NOT NULL OR area IS NOT NULL OR photo_ids IS NOT NULL)
);
CREATE UNIQUE INDEX alert_changes_one_pending ON alert_changes (alert_id) WHERE state = 'pending';

-- Before the rule existed a case could hold several live alerts. A request still awaiting approval beside
-- another live alert of its case goes back to draft (nothing of it was public); two active alerts of one
-- case need a person to withdraw one, so the upgrade stops and says which case.
UPDATE alerts a SET state = 'draft', decision_note = 'Returned: another alert of this case is live, and a case has one live alert at a time.',
       version = version + 1
 WHERE a.state = 'awaiting_approval'
   AND EXISTS (SELECT 1 FROM alerts b WHERE b.case_id = a.case_id AND b.id <> a.id
                 AND (b.state = 'active' OR (b.state = 'awaiting_approval' AND (b.requested_at, b.id) < (a.requested_at, a.id))));

DO $$
DECLARE
  doubled text;
BEGIN
  SELECT c.reference INTO doubled FROM alerts a JOIN cases c ON c.id = a.case_id
   WHERE a.state = 'active' GROUP BY c.reference HAVING count(*) > 1 LIMIT 1;
  IF doubled IS NOT NULL THEN
    RAISE EXCEPTION 'case % has more than one active alert: withdraw all but one, then start again', doubled;
  END IF;
END;
$$;

CREATE UNIQUE INDEX alerts_one_live_per_case ON alerts (case_id) WHERE state IN ('awaiting_approval', 'active');
