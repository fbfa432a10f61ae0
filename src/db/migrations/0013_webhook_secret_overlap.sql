-- Webhook secret rotation without dropped deliveries, and delivery keys that are unique everywhere.
--
-- A partner cannot switch to a new secret at the very moment it is issued: until its administrator has
-- installed it, requests signed only with the new secret are refused (401) and counted as permanent
-- failures. So a rotation keeps the previous secret, and every request carries a signature under each of
-- the two (Standard Webhooks allows several, space-separated) until previous_secret_until: 24 hours by
-- default, sooner if the partner's administrator ends the overlap.
ALTER TABLE subscriber_channels ADD COLUMN previous_webhook_secret text;
ALTER TABLE subscriber_channels ADD COLUMN previous_secret_until timestamptz;

-- The idempotency key sent with each delivery (webhook-id, email Message-ID, push topic) was built from
-- the row's serial, which starts again on another instance or after a restore from an older backup, so
-- a receiver could drop a new message as a repeat of an old one. A random key is stored with the row when
-- it is written, so every attempt of the delivery reuses it. Rows written before this keep their old key
-- (they may already have been attempted under it).
ALTER TABLE deliveries ADD COLUMN delivery_key uuid;
ALTER TABLE deliveries ALTER COLUMN delivery_key SET DEFAULT gen_random_uuid();
