-- The spool's recovery check asks which rows of a few batches are stored
-- (`batch_id IN (…)`, collector/spool/verify.ts). batch_id is in no sort key,
-- so without help that reads every row of the app: 62 M rows (3.3 s) at
-- 100 M rows of vitals. A bloom-filter skip index per granule lets the engine
-- read only the granules that may hold one of the ids (1 % false positives).
-- Parts written before this migration get the index when they are merged;
-- `ALTER TABLE … MATERIALIZE INDEX batch_id_bloom` builds it for them at once.
ALTER TABLE {{database}}.page_views ADD INDEX IF NOT EXISTS batch_id_bloom batch_id TYPE bloom_filter(0.01) GRANULARITY 1;

ALTER TABLE {{database}}.vitals ADD INDEX IF NOT EXISTS batch_id_bloom batch_id TYPE bloom_filter(0.01) GRANULARITY 1;

ALTER TABLE {{database}}.workflow_runs ADD INDEX IF NOT EXISTS batch_id_bloom batch_id TYPE bloom_filter(0.01) GRANULARITY 1;

ALTER TABLE {{database}}.workflow_steps ADD INDEX IF NOT EXISTS batch_id_bloom batch_id TYPE bloom_filter(0.01) GRANULARITY 1;
