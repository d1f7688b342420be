-- Several collectors on one database (docs/durability.md, "Several
-- collectors"). A batch whose 202 was lost is retried by the SDK and may land
-- on another collector. Before inserting a spool segment, a collector looks
-- up its batch ids in ingested_batches and skips those another collector
-- already claimed; it claims its own by inserting their ingested_batches rows
-- before the data. `claim` names the segment that claimed the row, so a
-- collector retrying its own flush does not mistake its own claims for
-- another's. Rows written before this column existed have ''.
ALTER TABLE {{database}}.ingested_batches ADD COLUMN IF NOT EXISTS claim String DEFAULT '' AFTER batch_id;

-- Recovery checks which batches of a leftover segment each raw table holds
-- (collector/flush/missing-rows.ts): `batch_id IN (…)` on tables ordered by
-- (app, day, …) would read every granule of the app. A bloom filter per four
-- granules lets that check skip the parts and granules that cannot hold the
-- ids. New parts get the index; existing parts get it as they merge.
ALTER TABLE {{database}}.page_views ADD INDEX IF NOT EXISTS batch_id_bloom batch_id TYPE bloom_filter(0.01) GRANULARITY 4;
ALTER TABLE {{database}}.vitals ADD INDEX IF NOT EXISTS batch_id_bloom batch_id TYPE bloom_filter(0.01) GRANULARITY 4;
ALTER TABLE {{database}}.workflow_runs ADD INDEX IF NOT EXISTS batch_id_bloom batch_id TYPE bloom_filter(0.01) GRANULARITY 4;
ALTER TABLE {{database}}.workflow_steps ADD INDEX IF NOT EXISTS batch_id_bloom batch_id TYPE bloom_filter(0.01) GRANULARITY 4;
