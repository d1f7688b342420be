-- Attribution day summaries (docs/architecture.md, "Day summaries"): what
-- vitals/attribution reads for sealed days instead of every metric instance
-- of the range. Written by the vitals build of a day beside vitals_days, from
-- the same deduplicated instances (bots left out), per metric, for the whole
-- app (dim '') and per route (dim 'route'):
-- - kind element / resource / target / event_type / source, key = the
--   selector, URL or event type: the instances naming it (`samples`) and the
--   sketch of their metric values (`hist`, analysis/vitals-sketch.ts; CLS
--   × 1000), so every key's count is exact and the top list too;
-- - kind part, key = a sub-part column (lcp_ttfb …): the instances carrying
--   it and the sketch of its values, in ms.
-- Every key is kept, not a top list per day: a top list of a range is not the
-- merge of the days' top lists.
-- Selectors and resource URLs are per-event data, so a row expires with the
-- raw rows of its day: it carries the shortest retention_days of its
-- instances (schema 065 does the same for the instances).
CREATE TABLE IF NOT EXISTS {{database}}.attribution_days
(
    app LowCardinality(String),
    day Date,
    build UInt64,
    dim LowCardinality(String),
    value String,
    metric LowCardinality(String),
    kind LowCardinality(String),
    key String CODEC(ZSTD(3)),
    samples UInt64,
    hist Map(UInt16, UInt64),
    retention_days UInt16
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(day)
ORDER BY (app, dim, day, build, metric, value, kind, key)
TTL day + toIntervalDay(retention_days + 1);

-- Days built before this migration have no attribution rows: marked once
-- more, so the builder rebuilds each of them (and until it has, they are
-- read from the raw rows, never from a build without these rows).
INSERT INTO {{database}}.summary_marks
SELECT app, day, 'vitals' AS source, now64(6, 'UTC') AS marked_at
FROM {{database}}.summary_builds
WHERE source = 'vitals'
GROUP BY app, day;
