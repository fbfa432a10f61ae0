-- Dispatch at national scale: fewer writes per delivery.
--
-- A claim used to move a row to 'sending' and push its due time to the end of the lease: both are indexed
-- columns, so every claim wrote a new entry in each of the table's indexes. A claim now writes only two
-- columns no index covers (the attempt counter and the end of the lease), so PostgreSQL can keep the new
-- row version on the same page without touching any index (a heap-only update). The free space that
-- needs is left by a lower fill factor. A row is in flight while its lease runs: state still 'queued' (or
-- 'retrying'), leased_until in the future; when the worker dies, the lease runs out and the row is claimed
-- again, as before. Rows claimed as 'sending' before this migration come back the old way, by due_at.
ALTER TABLE deliveries ADD COLUMN leased_until timestamptz;
ALTER TABLE deliveries SET (fillfactor = 50);

-- "Those already alerted" (found notices, updates) are found through the unique key's leading column,
-- the message ids of the alert's earlier messages, so this index no longer earns the write it costs
-- every time a delivery is sent.
DROP INDEX deliveries_recipient;

-- The queue's order is due time, then id: a sender goes on from where its last claim stopped (a cursor)
-- instead of walking, from the head of the index, past the entries every sent delivery leaves behind
-- until VACUUM removes them.
CREATE INDEX deliveries_due_order ON deliveries (channel, due_at, id) WHERE state IN ('queued', 'sending', 'retrying');
DROP INDEX deliveries_due;
