-- Personal details leave the hash chain of the audit log, so that they can be erased when their time is up
-- (or on a person's request) while `forgetmenot audit verify` still passes. The free text (`reason`, such as where
-- a child was found) and the address an entry came from (`ip`) move to `audit_personal`, one row per entry that
-- has any; the chained entry keeps the row's id and a salted digest of it. Erasing the row leaves the digest,
-- which without the salt says nothing of the text.
--
-- Existing entries are moved and the chain is hashed again under the new rule, in order. The hash each entry
-- had before is kept in `legacy_hash`, so a head recorded before this upgrade (`audit verify --expect-head`) is
-- still found. Verify the chain before upgrading: what this rewrites, it cannot check.

CREATE TABLE audit_personal (
  id uuid PRIMARY KEY,
  -- Random, kept only as long as the details: with it gone, the digest cannot confirm a guess.
  salt text NOT NULL,
  reason text,
  ip text
);

ALTER TABLE audit_log ADD COLUMN personal_id uuid;
ALTER TABLE audit_log ADD COLUMN personal_hash text;
ALTER TABLE audit_log ADD COLUMN legacy_hash text;
CREATE INDEX audit_log_personal ON audit_log (personal_id) WHERE personal_id IS NOT NULL;

-- The same rule as src/audit/audit-log.ts: each field as its length in bytes, a colon and the text; '~' for null.
CREATE FUNCTION pg_temp.audit_field(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN value IS NULL THEN '~' ELSE octet_length(value)::text || ':' || value END
$$;

CREATE FUNCTION pg_temp.audit_sha256(value text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(value, 'UTF8')), 'hex')
$$;

ALTER TABLE audit_log DISABLE TRIGGER audit_log_append_only;

DO $$
DECLARE
  entry record;
  previous text := repeat('0', 64);
  new_personal_id uuid;
  new_personal_hash text;
  new_salt text;
  new_hash text;
BEGIN
  FOR entry IN SELECT * FROM audit_log ORDER BY seq LOOP
    new_personal_id := NULL;
    new_personal_hash := NULL;
    IF entry.reason IS NOT NULL OR entry.ip IS NOT NULL THEN
      new_personal_id := gen_random_uuid();
      new_salt := replace(gen_random_uuid()::text || gen_random_uuid()::text, '-', '');
      INSERT INTO audit_personal (id, salt, reason, ip) VALUES (new_personal_id, new_salt, entry.reason, entry.ip);
      new_personal_hash := pg_temp.audit_sha256(new_salt || pg_temp.audit_field(entry.reason) || pg_temp.audit_field(entry.ip));
    END IF;
    new_hash := pg_temp.audit_sha256(
      previous
      || pg_temp.audit_field(entry.seq::text)
      || pg_temp.audit_field(to_char(entry.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      || pg_temp.audit_field(entry.actor_id::text)
      || pg_temp.audit_field(entry.actor)
      || pg_temp.audit_field(entry.action)
      || pg_temp.audit_field(entry.subject_type)
      || pg_temp.audit_field(entry.subject_id)
      || pg_temp.audit_field(new_personal_id::text)
      || pg_temp.audit_field(new_personal_hash)
      || pg_temp.audit_field(entry.details::text)
    );
    UPDATE audit_log
       SET personal_id = new_personal_id, personal_hash = new_personal_hash, legacy_hash = entry.hash,
           prev_hash = previous, hash = new_hash
     WHERE seq = entry.seq;
    previous := new_hash;
  END LOOP;
END
$$;

ALTER TABLE audit_log ENABLE TRIGGER audit_log_append_only;

ALTER TABLE audit_log DROP COLUMN reason;
ALTER TABLE audit_log DROP COLUMN ip;

DROP FUNCTION pg_temp.audit_field(text);
DROP FUNCTION pg_temp.audit_sha256(text);
