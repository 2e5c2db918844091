-- name: native_discard
-- description: Drops every row the native query stored for a file ($source_id) that ingest will not keep (it is read again by the Go decoders, or it fails).
DELETE FROM events WHERE source_id = $source_id;
