-- What an agency a Philomena profile was shared with adds to it, kept beside what agencies add to shared cases: the
-- profile's writer and the police of its area see it with its source. One row is about a case or a profile, never
-- both; a profile's additions go with the profile. Owned by src/sharing/.
ALTER TABLE share_contributions ALTER COLUMN case_id DROP NOT NULL;
ALTER TABLE share_contributions ADD COLUMN profile_id uuid REFERENCES philomena_profiles (id) ON DELETE CASCADE;
ALTER TABLE share_contributions ADD CONSTRAINT share_contributions_one_subject CHECK ((case_id IS NULL) <> (profile_id IS NULL));
CREATE INDEX share_contributions_profile ON share_contributions (profile_id, added_at) WHERE profile_id IS NOT NULL;
