-- Exercises run only on cases marked as exercises, so that practising the alert can never publish a real
-- child's name. The mark is given when the case is recorded and never changes: an exercise alert needs an
-- exercise case, a real alert a real one.
ALTER TABLE cases ADD COLUMN exercise boolean NOT NULL DEFAULT false;

-- Sightings and reports of an exercise appeal are marked as they arrive, so that every queue can rank them
-- below real work and show the mark without asking the alert each time.
ALTER TABLE public_submissions ADD COLUMN exercise boolean NOT NULL DEFAULT false;
DROP INDEX public_submissions_queue;
CREATE INDEX public_submissions_queue ON public_submissions (queue, status, exercise, priority DESC, received_at DESC);

-- Exercises already raised on a real case: the submissions they drew are marked as exercises.
UPDATE public_submissions s SET exercise = true FROM alerts a WHERE a.id = s.alert_id AND a.cap_status <> 'Actual';
