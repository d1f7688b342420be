-- One row per accepted batch, written by the spool flusher in the same flush
-- as the batch's rows. On start the collector reads the last 48 h of it to
-- rebuild its batch-id index, so a batch retried across a restart is
-- recognised as a duplicate (docs/durability.md). batch_id is kept exactly as
-- it arrived (String, not UUID) because it is compared byte for byte.
-- It holds ids only, no event data, and must outlive the 48 h window whatever
-- an app's retention, so it keeps its own TTL instead of a retention_days.
CREATE TABLE IF NOT EXISTS {{database}}.ingested_batches
(
    app LowCardinality(String),
    batch_id String,
    received_at DateTime('UTC') CODEC(Delta, ZSTD(1))
)
ENGINE = ReplacingMergeTree
PARTITION BY toYYYYMMDD(received_at)
ORDER BY (app, batch_id)
TTL received_at + INTERVAL 3 DAY
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;
