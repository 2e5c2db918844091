-- name: store_orphans
-- description: Drops the rows of files whose ingest was cut off between its two transactions (the fast path commits a file's rows before its sources row): rows whose source_id no sources row has.
DELETE FROM events WHERE source_id NOT IN (SELECT id FROM sources);
DELETE FROM access WHERE source_id NOT IN (SELECT id FROM sources);
DELETE FROM connectors WHERE source_id NOT IN (SELECT id FROM sources);
DELETE FROM rejects WHERE source_id NOT IN (SELECT id FROM sources);
DELETE FROM out_of_scope WHERE source_id NOT IN (SELECT id FROM sources);
