-- Photos and need-to-know shares of Philomena profiles, both owned by src/philomena/.

-- Recent photos of the child on a Philomena profile, re-encoded without metadata as a case's are (src/media/photos.ts),
-- seen only by those who reach the profile. A photo's review date is the profile's photos_review_by. Owned by
-- src/philomena/.
CREATE TABLE philomena_photos (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  profile_id uuid NOT NULL REFERENCES philomena_profiles (id),
  caption text NOT NULL DEFAULT '',
  -- The day the photo was taken, as the writer gives it (the upload's metadata is stripped, so it cannot tell).
  taken_on date,
  width integer NOT NULL,
  height integer NOT NULL,
  -- Media-store keys of the re-encoded variants: { "full": ..., "page": ..., "thumb": ... }.
  variants jsonb NOT NULL,
  uploaded_by uuid NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL,
  removed_at timestamptz
);
CREATE INDEX philomena_photos_profile ON philomena_photos (profile_id);

-- Profiles disclosed with need-to-know, as cases are (case_shares): to one agency, for a purpose, with the groups of
-- fields it needs, until an end date. The receiving agency reads only those fields until then; each reading is audited.
CREATE TABLE philomena_shares (
  profile_id uuid NOT NULL REFERENCES philomena_profiles (id),
  organisation_id uuid NOT NULL REFERENCES organisations (id),
  reason text NOT NULL,
  purpose text NOT NULL,
  fields text[] NOT NULL,
  ends_at timestamptz NOT NULL,
  shared_by uuid NOT NULL REFERENCES users (id),
  shared_at timestamptz NOT NULL,
  revoked_at timestamptz,
  PRIMARY KEY (profile_id, organisation_id)
);
CREATE INDEX philomena_shares_recipient ON philomena_shares (organisation_id, ends_at) WHERE revoked_at IS NULL;
