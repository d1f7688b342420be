-- The query API's audit rows say whether the answer came from the result
-- cache. Columns of audit_log as the API writes them (docs/api.md):
--   actor     the reader's configured name ('' when no valid token was sent);
--   apps      the apps the call asked to read (for /apps, those listed);
--   query     the endpoint's route pattern, e.g. /api/v1/vitals/summary;
--   params    the query parameters as JSON (values of unknown parameters are
--             left out: they could be secrets sent by mistake);
--   status    the HTTP status; error the error code ('' on success).
ALTER TABLE {{database}}.audit_log ADD COLUMN IF NOT EXISTS cached Bool DEFAULT false;
