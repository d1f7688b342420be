-- Migration 030's bloom-filter skip index on batch_id skips nothing: rows are
-- sorted by (app, day, route, time), so every granule of 8,192 rows holds rows
-- of thousands of batches, and checking the index only adds work (bench/query
-- at 10 M rows: the 20-id lookup took 42 ms with it, 12.5 ms without). The
-- spool's recovery check narrows by the segment's days through the primary
-- key instead (collector/flush/missing-rows.ts).
ALTER TABLE {{database}}.page_views DROP INDEX IF EXISTS batch_id_bloom;

ALTER TABLE {{database}}.vitals DROP INDEX IF EXISTS batch_id_bloom;

ALTER TABLE {{database}}.workflow_runs DROP INDEX IF EXISTS batch_id_bloom;

ALTER TABLE {{database}}.workflow_steps DROP INDEX IF EXISTS batch_id_bloom;
