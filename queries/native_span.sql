-- name: native_span
-- description: The rows the native query stored for a file ($source_id): their count and the first and last rowid, so that ingest can check they are contiguous before numbering their lines from their rowids.
SELECT count(*) AS rows, coalesce(min(rowid), 0) AS first, coalesce(max(rowid), -1) AS last
FROM events
WHERE source_id = $source_id
ORDER BY ALL;
