-- Two envelope columns on every raw table (docs/privacy.md, docs/sql.md):
--   country      ISO 3166-1 alpha-2 code of the client's address, looked up
--                at intake in a bundled IP-to-country database; the address
--                itself is never stored. '' when the address is private,
--                loopback or unknown, when the lookup is off, and on rows
--                stored before this migration.
--   device_model the device model the User-Agent names (`iPhone`, `Pixel 7`,
--                `SM-S918B`); '' when it names none.
-- Both sit after device_class, beside the other client columns.

ALTER TABLE {{database}}.page_views ADD COLUMN IF NOT EXISTS country LowCardinality(String) AFTER device_class, ADD COLUMN IF NOT EXISTS device_model LowCardinality(String) AFTER country;
ALTER TABLE {{database}}.vitals ADD COLUMN IF NOT EXISTS country LowCardinality(String) AFTER device_class, ADD COLUMN IF NOT EXISTS device_model LowCardinality(String) AFTER country;
ALTER TABLE {{database}}.workflow_runs ADD COLUMN IF NOT EXISTS country LowCardinality(String) AFTER device_class, ADD COLUMN IF NOT EXISTS device_model LowCardinality(String) AFTER country;
ALTER TABLE {{database}}.workflow_steps ADD COLUMN IF NOT EXISTS country LowCardinality(String) AFTER device_class, ADD COLUMN IF NOT EXISTS device_model LowCardinality(String) AFTER country;
