-- name: native_lines
-- description: Numbers the lines of a natively read file ($source_id) without blank lines: its rows are its records in file order from rowid $first on.
UPDATE events SET line = rowid - $first + 1
WHERE source_id = $source_id;
