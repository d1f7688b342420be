-- The insert point a day summary build covered (docs/architecture.md, "Day
-- summaries"): the highest block number of the raw table when the build began
-- to read it. Block numbers of a MergeTree table are given in commit order and
-- every raw row keeps its own (`_block_number`, migration 080), so every row
-- with a higher number was stored after the build read the table, and every
-- row at or below it is in the build. A reader then answers a day that got
-- rows after its latest build from that build plus only those rows, instead of
-- deduplicating the whole day. 0: not known (a build before this migration,
-- or a table whose block numbers are not in commit order), read raw.
ALTER TABLE {{database}}.summary_builds ADD COLUMN IF NOT EXISTS covered_block UInt64 DEFAULT 0;
