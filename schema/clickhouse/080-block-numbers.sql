-- Rollup rebuild after a crash (docs/durability.md, "Rollups after a crash").
-- The rebuild counts only the raw rows committed before its DELETE; rows
-- committed after are counted by their views. It tells them apart by block
-- number, which ClickHouse gives every insert in commit order. Without this
-- setting a row only knows its part's block range, and a part merged from
-- rows of both sides makes the rebuild start again; with it every row keeps
-- its own block number (`_block_number`) through merges. Rows stored before
-- this migration count as committed at their part's first block: they are
-- older than any rebuild that reads them.
ALTER TABLE {{database}}.page_views MODIFY SETTING enable_block_number_column = 1;

ALTER TABLE {{database}}.vitals MODIFY SETTING enable_block_number_column = 1;

ALTER TABLE {{database}}.workflow_runs MODIFY SETTING enable_block_number_column = 1;

ALTER TABLE {{database}}.workflow_steps MODIFY SETTING enable_block_number_column = 1;

-- Claims on a batch by two collectors (docs/durability.md, "Several
-- collectors"): the claim committed first wins, by the block number of its
-- ingested_batches row.
ALTER TABLE {{database}}.ingested_batches MODIFY SETTING enable_block_number_column = 1;
