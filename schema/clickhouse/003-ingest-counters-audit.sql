-- What happened to incoming items, per app and minute, and who read what.

-- One row per (app, minute, outcome, reason) after merges: SummingMergeTree
-- adds up `count` of rows with the same key, so writers just append deltas.
-- Always read it with sum(count): merges run in the background.
-- outcome: accepted | rejected | dropped; reason: a stable code such as
-- `invalid_event`, `stale`, `duplicate`, `spool_full`, `sampled_out` ('' when accepted).
CREATE TABLE IF NOT EXISTS {{database}}.ingest_counters
(
    app LowCardinality(String),
    minute DateTime('UTC') CODEC(Delta, ZSTD(1)),
    outcome LowCardinality(String),
    reason LowCardinality(String),
    count UInt64
)
ENGINE = SummingMergeTree(count)
PARTITION BY toYYYYMM(minute)
ORDER BY (app, minute, outcome, reason)
TTL minute + INTERVAL {{rollup_retention_days}} DAY
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

-- Every query made through the query API. `actor` names the token (its
-- configured name, never the secret); `apps` the apps it was allowed to read.
CREATE TABLE IF NOT EXISTS {{database}}.audit_log
(
    time DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    actor LowCardinality(String),
    apps Array(LowCardinality(String)),
    query String CODEC(ZSTD(3)),
    params String CODEC(ZSTD(3)),
    rows UInt64,
    duration_ms Float64,
    status LowCardinality(String),
    error String CODEC(ZSTD(3))
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(time)
ORDER BY (actor, time)
TTL toDateTime(time) + INTERVAL {{rollup_retention_days}} DAY
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;
