-- Alert state, history, deliveries and evaluation leases (docs/alerts.md).
--
-- Several collectors may share one database and evaluate the same rules.
-- Each evaluation of a rule belongs to a slot (the rule's schedule cut into
-- intervals); a collector claims a slot by inserting one alert_leases row
-- with the insert deduplication token `lease-<rule>-<slot>`. ClickHouse keeps
-- only the first block inserted under a token, so exactly one owner is stored
-- and every collector reads the same one back: only that one evaluates the
-- slot and sends its webhook.

CREATE TABLE IF NOT EXISTS {{database}}.alert_leases
(
    rule_id LowCardinality(String),
    slot UInt64,
    owner String,
    claimed_at DateTime64(3, 'UTC'),
    -- The TTL reads the wall clock of the insert, not the claim time, which a test may set in the past.
    stored_at DateTime DEFAULT now()
)
ENGINE = MergeTree
ORDER BY (rule_id, slot)
TTL stored_at + INTERVAL 7 DAY
SETTINGS non_replicated_deduplication_window = 10000;

-- One row per evaluation; the latest per rule (evaluated_at) is the rule's
-- state. `since` is when the state last changed, carried over otherwise.
CREATE TABLE IF NOT EXISTS {{database}}.alert_state
(
    app LowCardinality(String),
    rule_id LowCardinality(String),
    state LowCardinality(String),
    since DateTime64(3, 'UTC'),
    evaluated_at DateTime64(3, 'UTC'),
    value Nullable(Float64),
    baseline Nullable(Float64),
    samples UInt64,
    enough_data UInt8
)
ENGINE = ReplacingMergeTree(evaluated_at)
ORDER BY (app, rule_id)
SETTINGS non_replicated_deduplication_window = 1000;

-- One row per crossing (ok → alerting, alerting → ok).
CREATE TABLE IF NOT EXISTS {{database}}.alert_history
(
    app LowCardinality(String),
    rule_id LowCardinality(String),
    from_state LowCardinality(String),
    to_state LowCardinality(String),
    at DateTime64(3, 'UTC'),
    value Nullable(Float64),
    baseline Nullable(Float64),
    threshold Float64,
    samples UInt64,
    window_start DateTime64(3, 'UTC'),
    window_end DateTime64(3, 'UTC')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(at)
ORDER BY (app, rule_id, at)
TTL toDateTime(at) + INTERVAL {{rollup_retention_days}} DAY
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;

-- The outcome of each crossing's webhook, after its retries.
CREATE TABLE IF NOT EXISTS {{database}}.alert_deliveries
(
    app LowCardinality(String),
    rule_id LowCardinality(String),
    transition_at DateTime64(3, 'UTC'),
    delivered UInt8,
    attempts UInt16,
    status UInt16,
    error String,
    finished_at DateTime64(3, 'UTC')
)
ENGINE = MergeTree
PARTITION BY toYYYYMM(finished_at)
ORDER BY (app, rule_id, transition_at)
TTL toDateTime(finished_at) + INTERVAL {{rollup_retention_days}} DAY
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 1000;
