-- Day summaries: the vitals answers of one app's UTC day, precomputed from the
-- raw truth (the last report per metric instance, weighted by 1 / sample_rate)
-- so the read API merges a few hundred small rows instead of deduplicating
-- millions of raw ones (docs/architecture.md, "Day summaries").
--
-- They are built, not kept by materialized views: a view sees each insert on
-- its own and cannot know that a later report supersedes an earlier one. A
-- view only marks the day as changed (summary_marks); the collector's summary
-- builder rebuilds a changed day from the raw rows, and the API reads a day
-- from its summary only when its latest build covers the day's latest mark.
-- Every other day is read from the raw rows, so an answer is never stale.

-- The latest time raw rows of a source table were stored for an app's day.
-- now64() is the server's clock when the insert ran, after the raw block was
-- written, so a build that starts after a mark sees the rows that set it.
-- Recovery rebuilds this table like any rollup (flush/rebuild-rollups.ts),
-- which marks a recovered day as changed.
CREATE TABLE IF NOT EXISTS {{database}}.summary_marks
(
    app LowCardinality(String),
    day Date,
    source LowCardinality(String),
    marked_at SimpleAggregateFunction(max, DateTime64(6, 'UTC'))
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (app, source, day)
TTL day + INTERVAL {{rollup_retention_days}} DAY
SETTINGS ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.summary_marks_vitals_mv TO {{database}}.summary_marks AS
SELECT app, toDate(time) AS day, 'vitals' AS source, now64(6, 'UTC') AS marked_at
FROM {{database}}.vitals
GROUP BY app, day;

-- Days stored before this migration are marked once, so the builder finds them.
INSERT INTO {{database}}.summary_marks
SELECT app, toDate(time) AS day, 'vitals' AS source, now64(6, 'UTC') AS marked_at
FROM {{database}}.vitals
GROUP BY app, day;

-- One row per finished build of an app's day: `covered` is the latest mark
-- the build started after, `build` the id its summary rows carry. Rows of an
-- unfinished build (a crash mid-build) have no row here and are never read.
CREATE TABLE IF NOT EXISTS {{database}}.summary_builds
(
    app LowCardinality(String),
    day Date,
    source LowCardinality(String),
    covered DateTime64(6, 'UTC'),
    build UInt64,
    built_at DateTime64(3, 'UTC'),
    instances UInt64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (app, source, day, covered)
TTL day + INTERVAL {{rollup_retention_days}} DAY
SETTINGS ttl_only_drop_parts = 1;

-- Per metric, and per value of one dimension (`dim`, '' for the whole app):
-- instances, weighted count and rating shares, and a sparse histogram of the
-- values (bucket → weight; CLS × 1000; analysis/vitals-sketch.ts: 1-wide
-- buckets below 1,023.5, 0.5 %-wide above), per day (`slot` = the day); and
-- the whole app per hour under dim 'hour', so an hourly series needs no raw
-- rows either. Histograms merge by adding weights (sumMap).
CREATE TABLE IF NOT EXISTS {{database}}.vitals_days
(
    app LowCardinality(String),
    day Date,
    build UInt64,
    dim LowCardinality(String),
    value String,
    metric LowCardinality(String),
    slot DateTime('UTC'),
    samples UInt64,
    count Float64,
    good Float64,
    needs_improvement Float64,
    poor Float64,
    hist Map(UInt16, UInt64)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (app, dim, day, build, metric, value, slot)
TTL day + INTERVAL {{rollup_retention_days}} DAY
SETTINGS ttl_only_drop_parts = 1;

-- Core Web Vitals pass share: page views with an LCP, INP or CLS report
-- (weighted) and those whose every such report is good, per dimension value.
CREATE TABLE IF NOT EXISTS {{database}}.cwv_days
(
    app LowCardinality(String),
    day Date,
    build UInt64,
    dim LowCardinality(String),
    value String,
    page_views Float64,
    passing Float64
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (app, dim, day, build, value)
TTL day + INTERVAL {{rollup_retention_days}} DAY
SETTINGS ttl_only_drop_parts = 1;
