-- The same child recorded twice is merged into one record, and the merge can be undone. The duplicate's row
-- stays (marked merged_into the surviving child) so an undo has it to go back to; its episodes and photos
-- move to the surviving child, and each merge keeps exactly what moved and both children as they were.
ALTER TABLE children ADD COLUMN merged_into uuid REFERENCES children (id);
CREATE INDEX children_merged_into ON children (merged_into) WHERE merged_into IS NOT NULL;

-- The surviving child is also found under the names the duplicate was recorded with.
ALTER TABLE child_name_keys DROP CONSTRAINT child_name_keys_name_kind_check;
ALTER TABLE child_name_keys ADD CONSTRAINT child_name_keys_name_kind_check
  CHECK (name_kind IN ('full_name', 'known_as', 'alias', 'merged'));

CREATE TABLE child_merges (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The duplicate, and the child it was merged into.
  child_id uuid NOT NULL REFERENCES children (id),
  into_child_id uuid NOT NULL REFERENCES children (id),
  reason text NOT NULL,
  -- Exactly what moved, so an undo moves back that and nothing recorded since.
  case_ids uuid[] NOT NULL,
  photo_ids uuid[] NOT NULL,
  -- Both children's details when merged.
  child_snapshot jsonb NOT NULL,
  into_child_snapshot jsonb NOT NULL,
  merged_by uuid NOT NULL REFERENCES users (id),
  merged_at timestamptz NOT NULL,
  undone_by uuid REFERENCES users (id),
  undone_at timestamptz,
  undo_reason text,
  CHECK (child_id <> into_child_id),
  CHECK ((undone_at IS NULL) = (undone_by IS NULL))
);
CREATE INDEX child_merges_child ON child_merges (child_id);
CREATE INDEX child_merges_into_child ON child_merges (into_child_id);
-- A child is merged at most once at a time.
CREATE UNIQUE INDEX child_merges_one_live ON child_merges (child_id) WHERE undone_at IS NULL;
