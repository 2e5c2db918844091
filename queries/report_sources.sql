-- name: report_sources
-- description: the inputs a report was made from, with their accounting.
SELECT path, format, records, rejected, sha256, stored, out_of_scope, truncated
FROM sources
ORDER BY path, id;
