-- Release comparison from day summaries (docs/architecture.md, "Day summaries";
-- docs/api.md, releases/compare). The vitals day build also writes, to
-- vitals_days, one row per metric and (release, route) under dim
-- 'release_route' (value = release, a NUL byte, route), so a comparison reads
-- each release's histograms instead of every metric instance of both.

-- Per workflow and release, per day: runs and completed runs (instances, and
-- weighted by 1 / sample_rate), and the perceived durations as the vitals
-- sketch keeps values (runs with a perceived duration; a sparse histogram,
-- bucket → weight, 1 ms buckets below 1,023.5 ms and 0.5 % above; see
-- analysis/vitals-sketch.ts). Written with the workflow_runs build of the day
-- and read under it, bots left out as the answers leave them out.
CREATE TABLE IF NOT EXISTS {{database}}.workflow_release_days
(
    app LowCardinality(String),
    day Date,
    build UInt64,
    workflow LowCardinality(String),
    release String,
    runs UInt64,
    weight Float64,
    ok UInt64,
    ok_weight Float64,
    perceived UInt64,
    hist Map(UInt16, UInt64)
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (app, day, build, workflow, release)
TTL day + INTERVAL {{rollup_retention_days}} DAY
SETTINGS ttl_only_drop_parts = 1;

-- Days built before this migration lack the new rows: marking every day that
-- has raw rows sends it back to raw reads until the builder rebuilds it with
-- them (a day is read from its summary only when its latest build covers its
-- latest mark). Days whose raw rows have expired keep their builds: their
-- instances expired with the raw rows, so no comparison read them before either.
INSERT INTO {{database}}.summary_marks
SELECT app, toDate(time) AS day, 'vitals' AS source, now64(6, 'UTC') AS marked_at
FROM {{database}}.vitals
GROUP BY app, day;

INSERT INTO {{database}}.summary_marks
SELECT app, toDate(time) AS day, 'workflow_runs' AS source, now64(6, 'UTC') AS marked_at
FROM {{database}}.workflow_runs
GROUP BY app, day;
