-- The route template of the previous page view in the same tab and session,
-- as the SDK sends it (`prev_route`; '' on entry: a hard load or a bfcache
-- restore, and rows of SDKs before wire version 2). With it a route → next
-- route transition is one scan of page_views, no window over each session.
ALTER TABLE {{database}}.page_views ADD COLUMN IF NOT EXISTS prev_route LowCardinality(String) AFTER route;
