-- Several collectors on one database (docs/durability.md, "Several
-- collectors"). A batch whose 202 was lost is retried by the SDK and may land
-- on another collector. Before inserting a spool segment, a collector looks
-- up its batch ids in ingested_batches and skips those another collector
-- already claimed; it claims its own by inserting their ingested_batches rows
-- before the data. `claim` names the segment that claimed the row, so a
-- collector retrying its own flush does not mistake its own claims for
-- another's. Rows written before this column existed have ''.
ALTER TABLE {{database}}.ingested_batches ADD COLUMN IF NOT EXISTS claim String DEFAULT '' AFTER batch_id;
