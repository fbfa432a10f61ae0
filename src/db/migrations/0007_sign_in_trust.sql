-- Sign-in that cannot be turned against the people it protects.
--
-- A replacement second factor waits beside the current one until a code from it is confirmed; the current one
-- stays in force meanwhile, and an unconfirmed replacement lapses.
ALTER TABLE users ADD COLUMN totp_pending_secret text;
ALTER TABLE users ADD COLUMN totp_pending_until timestamptz;
-- Set by an administrator's reset: the next sign-in must set up a second factor, whatever the role.
ALTER TABLE users ADD COLUMN totp_enrolment_required boolean NOT NULL DEFAULT false;

-- Before this migration an enrolment overwrote the working secret and switched the factor off; a secret left
-- switched off is such a half-finished enrolment, never a factor in force.
UPDATE users SET totp_secret = NULL WHERE NOT totp_enabled;

-- Wrong codes in one half-finished sign-in: after a few, the password has to be given again.
ALTER TABLE sessions ADD COLUMN failed_codes integer NOT NULL DEFAULT 0;

-- Back-off instead of a hard lock. One row per account (SHA-256 of the lower-cased email, whether or not an
-- account has it, so known and unknown accounts behave alike) and per client address (SHA-256 of the
-- address): failures since the last quiet spell, and until when further attempts wait. Shared by every
-- process through the database.
CREATE TABLE sign_in_backoff (
  scope text NOT NULL CHECK (scope IN ('account', 'address')),
  key_hash text NOT NULL,
  failures integer NOT NULL,
  last_failed_at timestamptz NOT NULL,
  wait_until timestamptz NOT NULL,
  PRIMARY KEY (scope, key_hash)
);
CREATE INDEX sign_in_backoff_last_failed_at ON sign_in_backoff (last_failed_at);

-- The hard lock is gone: nobody stays locked by it.
UPDATE users SET locked_until = NULL, failed_sign_ins = 0;
