-- Day summaries of page views (docs/architecture.md, "Day summaries"): what
-- the usage and releases answers need, built from the raw truth (one page
-- view per page_id, its last report, weighted by 1 / sample_rate) by the
-- collector's summary builder, like vitals_days. Whole app only: a question
-- with filters reads raw rows.

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.summary_marks_page_views_mv TO {{database}}.summary_marks AS
SELECT app, toDate(time) AS day, 'page_views' AS source, now64(6, 'UTC') AS marked_at
FROM {{database}}.page_views
GROUP BY app, day;

INSERT INTO {{database}}.summary_marks
SELECT app, toDate(time) AS day, 'page_views' AS source, now64(6, 'UTC') AS marked_at
FROM {{database}}.page_views
GROUP BY app, day;

-- One row per (set, key, key2, hour) of a day's build. Sets: route,
-- device_class, browser, connection (page views per value), heatmap (key =
-- ISO day of week, hour), release (page views, first and last seen), and per
-- session within the day: sessions, views (key = page views of the session),
-- entry, exit (key = route) and transition (key → key2).
CREATE TABLE IF NOT EXISTS {{database}}.usage_days
(
    app LowCardinality(String),
    day Date,
    build UInt64,
    set LowCardinality(String),
    key String,
    key2 String,
    hour UInt8,
    weight Float64,
    first DateTime64(3, 'UTC'),
    last DateTime64(3, 'UTC')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (app, day, build, set, key, key2, hour)
TTL day + INTERVAL {{rollup_retention_days}} DAY
SETTINGS ttl_only_drop_parts = 1;
