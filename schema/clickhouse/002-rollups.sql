-- Daily rollups, filled by materialized views as rows are inserted.
--
-- The *_state tables hold mergeable aggregate states: counts as
-- SimpleAggregateFunction(sum) and distributions as t-digest states
-- (quantileTDigestState), so any slice of days, routes or releases can be
-- merged again with quantileTDigestMerge(level)(…_digest) or
-- quantilesTDigestMerge(levels…)(…_digest). The t-digest states are written
-- without a level on purpose: a state without a level merges at any level.
-- The *_daily views finalise them per day for analysts.
--
-- The state tables keep non_replicated_deduplication_window too: with
-- deduplicate_blocks_in_dependent_materialized_views = 1 a retried insert is
-- dropped in the rollups as well as in the raw table.

CREATE TABLE IF NOT EXISTS {{database}}.vitals_daily_state
(
    app LowCardinality(String),
    day Date,
    env LowCardinality(String),
    route LowCardinality(String),
    metric LowCardinality(String),
    device_class LowCardinality(String),
    release LowCardinality(String),
    samples SimpleAggregateFunction(sum, UInt64),
    good SimpleAggregateFunction(sum, UInt64),
    needs_improvement SimpleAggregateFunction(sum, UInt64),
    poor SimpleAggregateFunction(sum, UInt64),
    value_sum SimpleAggregateFunction(sum, Float64),
    value_digest AggregateFunction(quantileTDigest, Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (app, day, metric, route, device_class, release, env)
TTL day + INTERVAL {{rollup_retention_days}} DAY
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.vitals_daily_mv TO {{database}}.vitals_daily_state AS
SELECT
    app,
    toDate(time) AS day,
    env,
    route,
    metric,
    device_class,
    release,
    count() AS samples,
    countIf(rating = 'good') AS good,
    countIf(rating = 'needs-improvement') AS needs_improvement,
    countIf(rating = 'poor') AS poor,
    sum(value) AS value_sum,
    quantileTDigestState(value) AS value_digest
FROM {{database}}.vitals
GROUP BY app, day, env, route, metric, device_class, release;

CREATE TABLE IF NOT EXISTS {{database}}.workflows_daily_state
(
    app LowCardinality(String),
    day Date,
    env LowCardinality(String),
    workflow LowCardinality(String),
    release LowCardinality(String),
    device_class LowCardinality(String),
    runs SimpleAggregateFunction(sum, UInt64),
    ok SimpleAggregateFunction(sum, UInt64),
    errors SimpleAggregateFunction(sum, UInt64),
    abandoned SimpleAggregateFunction(sum, UInt64),
    timeouts SimpleAggregateFunction(sum, UInt64),
    duration_sum SimpleAggregateFunction(sum, Float64),
    duration_digest AggregateFunction(quantileTDigest, Float64),
    perceived_samples SimpleAggregateFunction(sum, UInt64),
    perceived_digest AggregateFunction(quantileTDigest, Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (app, day, workflow, release, device_class, env)
TTL day + INTERVAL {{rollup_retention_days}} DAY
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

-- perceived is optional: the -If state has the same type as the plain state
-- (a Nullable argument would give a state type that cannot merge at a level).
CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.workflows_daily_mv TO {{database}}.workflows_daily_state AS
SELECT
    app,
    toDate(time) AS day,
    env,
    workflow,
    release,
    device_class,
    count() AS runs,
    countIf(outcome = 'ok') AS ok,
    countIf(outcome = 'error') AS errors,
    countIf(outcome = 'abandoned') AS abandoned,
    countIf(outcome = 'timeout') AS timeouts,
    sum(duration) AS duration_sum,
    quantileTDigestState(duration) AS duration_digest,
    countIf(isNotNull(perceived)) AS perceived_samples,
    quantileTDigestStateIf(assumeNotNull(perceived), isNotNull(perceived)) AS perceived_digest
FROM {{database}}.workflow_runs
GROUP BY app, day, env, workflow, release, device_class;

CREATE TABLE IF NOT EXISTS {{database}}.workflow_steps_daily_state
(
    app LowCardinality(String),
    day Date,
    env LowCardinality(String),
    workflow LowCardinality(String),
    step LowCardinality(String),
    release LowCardinality(String),
    samples SimpleAggregateFunction(sum, UInt64),
    duration_sum SimpleAggregateFunction(sum, Float64),
    duration_digest AggregateFunction(quantileTDigest, Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (app, day, workflow, step, release, env)
TTL day + INTERVAL {{rollup_retention_days}} DAY
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

CREATE MATERIALIZED VIEW IF NOT EXISTS {{database}}.workflow_steps_daily_mv TO {{database}}.workflow_steps_daily_state AS
SELECT
    app,
    toDate(time) AS day,
    env,
    workflow,
    step,
    release,
    count() AS samples,
    sum(duration) AS duration_sum,
    quantileTDigestState(duration) AS duration_digest
FROM {{database}}.workflow_steps
GROUP BY app, day, env, workflow, step, release;

CREATE OR REPLACE VIEW {{database}}.vitals_daily AS
SELECT
    app, day, env, route, metric, device_class, release,
    samples, good, needs_improvement, poor,
    value_sum / samples AS mean,
    q[1] AS p50, q[2] AS p75, q[3] AS p90, q[4] AS p95
FROM
(
    SELECT
        app, day, env, route, metric, device_class, release,
        sum(samples) AS samples,
        sum(good) AS good,
        sum(needs_improvement) AS needs_improvement,
        sum(poor) AS poor,
        sum(value_sum) AS value_sum,
        quantilesTDigestMerge(0.5, 0.75, 0.9, 0.95)(value_digest) AS q
    FROM {{database}}.vitals_daily_state
    GROUP BY app, day, env, route, metric, device_class, release
);

CREATE OR REPLACE VIEW {{database}}.workflows_daily AS
SELECT
    app, day, env, workflow, release, device_class,
    runs, ok, errors, abandoned, timeouts,
    ok / runs AS completion_rate,
    duration_sum / runs AS duration_mean,
    d[1] AS duration_p50, d[2] AS duration_p75, d[3] AS duration_p95,
    if(perceived_samples = 0, nan, p[1]) AS perceived_p50,
    if(perceived_samples = 0, nan, p[2]) AS perceived_p75,
    if(perceived_samples = 0, nan, p[3]) AS perceived_p95
FROM
(
    SELECT
        app, day, env, workflow, release, device_class,
        sum(runs) AS runs,
        sum(ok) AS ok,
        sum(errors) AS errors,
        sum(abandoned) AS abandoned,
        sum(timeouts) AS timeouts,
        sum(duration_sum) AS duration_sum,
        sum(perceived_samples) AS perceived_samples,
        quantilesTDigestMerge(0.5, 0.75, 0.95)(duration_digest) AS d,
        quantilesTDigestMerge(0.5, 0.75, 0.95)(perceived_digest) AS p
    FROM {{database}}.workflows_daily_state
    GROUP BY app, day, env, workflow, release, device_class
);

CREATE OR REPLACE VIEW {{database}}.workflow_steps_daily AS
SELECT
    app, day, env, workflow, step, release,
    samples,
    duration_sum / samples AS duration_mean,
    d[1] AS duration_p50, d[2] AS duration_p75, d[3] AS duration_p95
FROM
(
    SELECT
        app, day, env, workflow, step, release,
        sum(samples) AS samples,
        sum(duration_sum) AS duration_sum,
        quantilesTDigestMerge(0.5, 0.75, 0.95)(duration_digest) AS d
    FROM {{database}}.workflow_steps_daily_state
    GROUP BY app, day, env, workflow, step, release
);
