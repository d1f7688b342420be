-- One row per metric instance of a summarised day: the raw truth (last report
-- per metric_id, weight = 1 / sample_rate, time = first report) written by the
-- summary builder beside vitals_days (docs/architecture.md, "Day summaries"),
-- with every column an exact answer filters or groups by. Exact answers
-- (attribution, release comparison, filtered questions) read it for sealed
-- days instead of grouping every raw report by metric_id, which was most of
-- their cost. Bots included: answers leave them out unless asked, as on raw rows.
-- They hold per-event data (page ids, selectors, resource URLs), so they keep
-- the raw rows' retention, not the rollups': each row carries its instance's
-- retention_days and is deleted in TTL merges when the raw rows of its day
-- are (schema 067 explains why not per-retention partitions).
CREATE TABLE IF NOT EXISTS {{database}}.vitals_instances
(
    app LowCardinality(String),
    day Date,
    build UInt64,
    metric LowCardinality(String),
    metric_id String CODEC(ZSTD(1)),
    page_id String CODEC(ZSTD(1)),
    time DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    value Float64,
    rating LowCardinality(String),
    weight Float64,
    env LowCardinality(String),
    release LowCardinality(String),
    route LowCardinality(String),
    device_class LowCardinality(String),
    browser LowCardinality(String),
    os LowCardinality(String),
    connection LowCardinality(String),
    country LowCardinality(String),
    selector String CODEC(ZSTD(3)),
    resource_url String CODEC(ZSTD(3)),
    event_type LowCardinality(String),
    lcp_ttfb Nullable(Float32),
    lcp_load_delay Nullable(Float32),
    lcp_load_duration Nullable(Float32),
    lcp_render_delay Nullable(Float32),
    inp_input_delay Nullable(Float32),
    inp_processing Nullable(Float32),
    inp_presentation Nullable(Float32),
    retention_days UInt16
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (app, day, build, metric, route, time)
TTL day + toIntervalDay(retention_days + 1);
