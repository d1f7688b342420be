-- Workflow instances of summarised days (docs/architecture.md, "Day summaries"):
-- the raw truth the workflow answers read (the last record per run, the last
-- report per run step, weight = 1 / sample_rate, time = first report), written
-- by the collector's summary builder for every day whose marks its build
-- covers. The answers read these deduplicated copies for sealed days and
-- group raw rows by run only for the others. Each raw table is its own
-- source, so a late step sends only the steps of its day back to raw reads.
-- They hold per-event data (run ids, session ids, attributes, error texts),
-- so they keep the raw rows' retention, not the rollups': each row carries
-- its run's retention_days and is deleted when the raw rows of its day are.
-- Rows are deleted one by one in TTL merges rather than whole parts dropped:
-- per-(retention, day) partitions, as the raw tables have, made a build of
-- a day five times slower (bench/workflow-summaries.ts, 200 k runs: 132 s
-- against 26 s for 60 days), and monthly parts dropped whole would keep a
-- row up to a month too long.

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.summary_marks_workflow_runs_mv TO {{database}}.summary_marks AS
SELECT app, toDate(time) AS day, 'workflow_runs' AS source, now64(6, 'UTC') AS marked_at
FROM {{database}}.workflow_runs
GROUP BY app, day;

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.summary_marks_workflow_steps_mv TO {{database}}.summary_marks AS
SELECT app, toDate(time) AS day, 'workflow_steps' AS source, now64(6, 'UTC') AS marked_at
FROM {{database}}.workflow_steps
GROUP BY app, day;

-- Days stored before this migration are marked once, so the builder finds them.
INSERT INTO {{database}}.summary_marks
SELECT app, toDate(time) AS day, 'workflow_runs' AS source, now64(6, 'UTC') AS marked_at
FROM {{database}}.workflow_runs
GROUP BY app, day;

INSERT INTO {{database}}.summary_marks
SELECT app, toDate(time) AS day, 'workflow_steps' AS source, now64(6, 'UTC') AS marked_at
FROM {{database}}.workflow_steps
GROUP BY app, day;

-- One row per run: its last record's outcome, timings, error, attributes and
-- envelope (every column the workflow answers filter, group or break down by).
-- Bots included: answers leave them out unless asked, as on raw rows.
CREATE TABLE IF NOT EXISTS {{database}}.workflow_run_instances
(
    app LowCardinality(String),
    day Date,
    build UInt64,
    workflow LowCardinality(String),
    run_id String CODEC(ZSTD(1)),
    time DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    outcome LowCardinality(String),
    duration Float64,
    perceived Nullable(Float64),
    error String CODEC(ZSTD(3)),
    session_id String CODEC(ZSTD(1)),
    weight Float64,
    env LowCardinality(String),
    release LowCardinality(String),
    route LowCardinality(String),
    device_class LowCardinality(String),
    browser LowCardinality(String),
    os LowCardinality(String),
    connection LowCardinality(String),
    country LowCardinality(String),
    attrs Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    retention_days UInt16
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (app, day, build, workflow, time)
TTL day + toIntervalDay(retention_days + 1);

-- One row per (run, step index): the step's last report, with the envelope
-- the step filters use.
CREATE TABLE IF NOT EXISTS {{database}}.workflow_step_instances
(
    app LowCardinality(String),
    day Date,
    build UInt64,
    workflow LowCardinality(String),
    run_id String CODEC(ZSTD(1)),
    step_index UInt16,
    step LowCardinality(String),
    time DateTime64(3, 'UTC') CODEC(Delta, ZSTD(1)),
    duration Float64,
    weight Float64,
    env LowCardinality(String),
    release LowCardinality(String),
    route LowCardinality(String),
    device_class LowCardinality(String),
    browser LowCardinality(String),
    os LowCardinality(String),
    connection LowCardinality(String),
    country LowCardinality(String),
    retention_days UInt16
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (app, day, build, workflow, run_id, step_index)
TTL day + toIntervalDay(retention_days + 1);
