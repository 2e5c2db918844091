-- name: native_drop_pending
-- description: Drops the rows the native query left pending in a file ($source_id), once the Go decoder has decided their records.
DELETE FROM events WHERE source_id = $source_id AND action = '';
