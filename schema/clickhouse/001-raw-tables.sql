-- Raw tables: one row per page view, Web Vital report, workflow run and workflow step.
--
-- Conventions every migration follows (collector/db/ddl.ts relies on them to
-- rewrite DDL for a cluster):
--   * every name is qualified as {{database}}.name;
--   * tables are created with CREATE TABLE IF NOT EXISTS and an engine of the
--     MergeTree family written as `ENGINE = XxxMergeTree` (arguments allowed);
--   * statements end with `;` at the end of a line.
-- Placeholders ({{database}}, {{retention_days}}, {{rollup_retention_days}})
-- are substituted when the migration is applied.
--
-- Every table carries the same envelope columns (app … url) so any table can
-- be sliced by release, device or route without a join. `time` is the event
-- time after the collector's clock-skew correction, always UTC.
-- retention_days and sample_rate are the app's settings when the row was
-- accepted (collector/config): each row expires after its own app's retention,
-- and sum(1 / sample_rate) estimates the count before sampling. Rows that do
-- not name a retention (written by hand, or spooled by an older collector) get
-- the configured default, {{retention_days}}.
-- ORDER BY starts with app (tenant isolation is a prefix scan), then the day,
-- then what dashboards group by. Partitions are per (retention, day), so a
-- part never mixes retentions and ttl_only_drop_parts drops it whole the day
-- its last row expires: retention is a cheap drop, never a rewrite.
-- non_replicated_deduplication_window
-- keeps the hashes of recent insert blocks so a retried batch (same
-- insert_deduplication_token) is stored once.

CREATE TABLE IF NOT EXISTS {{database}}.page_views
(
    app LowCardinality(String),
    time DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    received_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    batch_id UUID,
    session_id String CODEC(ZSTD(1)),
    page_id String CODEC(ZSTD(1)),
    user_hash String CODEC(ZSTD(1)),
    release LowCardinality(String),
    env LowCardinality(String),
    sdk LowCardinality(String),
    browser LowCardinality(String),
    browser_major UInt16,
    os LowCardinality(String),
    device_class LowCardinality(String),
    connection LowCardinality(String),
    viewport_width UInt16,
    viewport_height UInt16,
    device_memory Float32,
    cores UInt16,
    clock_skew_ms Int64 CODEC(ZSTD(1)),
    retention_days UInt16 DEFAULT {{retention_days}},
    sample_rate Float32 DEFAULT 1,
    route LowCardinality(String),
    url String CODEC(ZSTD(3)),
    kind LowCardinality(String),
    nav LowCardinality(String),
    referrer String CODEC(ZSTD(3)),
    dns Nullable(Float32),
    connect Nullable(Float32),
    ttfb Nullable(Float32),
    dom_interactive Nullable(Float32),
    dom_content_loaded Nullable(Float32),
    load Nullable(Float32),
    transfer_size Nullable(UInt64)
)
ENGINE = MergeTree
PARTITION BY (retention_days, toYYYYMMDD(time))
ORDER BY (app, toDate(time), route, time)
TTL toDateTime(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS {{database}}.vitals
(
    app LowCardinality(String),
    time DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    received_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    batch_id UUID,
    session_id String CODEC(ZSTD(1)),
    page_id String CODEC(ZSTD(1)),
    user_hash String CODEC(ZSTD(1)),
    release LowCardinality(String),
    env LowCardinality(String),
    sdk LowCardinality(String),
    browser LowCardinality(String),
    browser_major UInt16,
    os LowCardinality(String),
    device_class LowCardinality(String),
    connection LowCardinality(String),
    viewport_width UInt16,
    viewport_height UInt16,
    device_memory Float32,
    cores UInt16,
    clock_skew_ms Int64 CODEC(ZSTD(1)),
    retention_days UInt16 DEFAULT {{retention_days}},
    sample_rate Float32 DEFAULT 1,
    route LowCardinality(String),
    url String CODEC(ZSTD(3)),
    metric LowCardinality(String),
    value Float64,
    delta Float64,
    rating LowCardinality(String),
    metric_id String CODEC(ZSTD(1)),
    nav LowCardinality(String),
    selector String CODEC(ZSTD(3)),
    resource_url String CODEC(ZSTD(3)),
    event_type LowCardinality(String),
    lcp_ttfb Nullable(Float32),
    lcp_load_delay Nullable(Float32),
    lcp_load_duration Nullable(Float32),
    lcp_render_delay Nullable(Float32),
    inp_input_delay Nullable(Float32),
    inp_processing Nullable(Float32),
    inp_presentation Nullable(Float32)
)
ENGINE = MergeTree
PARTITION BY (retention_days, toYYYYMMDD(time))
ORDER BY (app, toDate(time), metric, route, time)
TTL toDateTime(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS {{database}}.workflow_runs
(
    app LowCardinality(String),
    time DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    received_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    batch_id UUID,
    session_id String CODEC(ZSTD(1)),
    page_id String CODEC(ZSTD(1)),
    user_hash String CODEC(ZSTD(1)),
    release LowCardinality(String),
    env LowCardinality(String),
    sdk LowCardinality(String),
    browser LowCardinality(String),
    browser_major UInt16,
    os LowCardinality(String),
    device_class LowCardinality(String),
    connection LowCardinality(String),
    viewport_width UInt16,
    viewport_height UInt16,
    device_memory Float32,
    cores UInt16,
    clock_skew_ms Int64 CODEC(ZSTD(1)),
    retention_days UInt16 DEFAULT {{retention_days}},
    sample_rate Float32 DEFAULT 1,
    route LowCardinality(String),
    url String CODEC(ZSTD(3)),
    workflow LowCardinality(String),
    run_id String CODEC(ZSTD(1)),
    outcome LowCardinality(String),
    duration Float64,
    perceived Nullable(Float64),
    step_count UInt16,
    attrs Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    error String CODEC(ZSTD(3))
)
ENGINE = MergeTree
PARTITION BY (retention_days, toYYYYMMDD(time))
ORDER BY (app, toDate(time), workflow, time)
TTL toDateTime(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

CREATE TABLE IF NOT EXISTS {{database}}.workflow_steps
(
    app LowCardinality(String),
    time DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    received_at DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    batch_id UUID,
    session_id String CODEC(ZSTD(1)),
    page_id String CODEC(ZSTD(1)),
    user_hash String CODEC(ZSTD(1)),
    release LowCardinality(String),
    env LowCardinality(String),
    sdk LowCardinality(String),
    browser LowCardinality(String),
    browser_major UInt16,
    os LowCardinality(String),
    device_class LowCardinality(String),
    connection LowCardinality(String),
    viewport_width UInt16,
    viewport_height UInt16,
    device_memory Float32,
    cores UInt16,
    clock_skew_ms Int64 CODEC(ZSTD(1)),
    retention_days UInt16 DEFAULT {{retention_days}},
    sample_rate Float32 DEFAULT 1,
    route LowCardinality(String),
    url String CODEC(ZSTD(3)),
    workflow LowCardinality(String),
    run_id String CODEC(ZSTD(1)),
    outcome LowCardinality(String),
    step LowCardinality(String),
    step_index UInt16,
    start Float64,
    duration Float64
)
ENGINE = MergeTree
PARTITION BY (retention_days, toYYYYMMDD(time))
ORDER BY (app, toDate(time), workflow, step, time)
TTL toDateTime(time) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;
