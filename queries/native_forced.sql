-- name: native_forced
-- description: Leaves to the Go decoder the rows of a natively read file ($source_id) at lines it must decide itself whatever DuckDB made of them (native_picks: lines longer than ingest reads).
UPDATE events SET action = '', object = '', result = 'suspect'
WHERE source_id = $source_id AND line IN (SELECT line FROM native_picks);
