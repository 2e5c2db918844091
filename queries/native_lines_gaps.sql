-- name: native_lines_gaps
-- description: Numbers the lines of a natively read file ($source_id) that has blank lines: the record at index k (rowid - $first) is on line k + 1 + the blank lines before it (native_gaps: from record index on, so many blank lines before).
UPDATE events SET line = n.line
FROM (
    SELECT r.rid, r.k + 1 + coalesce(g.blanks, 0) AS line
    FROM (SELECT rowid AS rid, rowid - $first AS k FROM events WHERE source_id = $source_id) r
    ASOF LEFT JOIN native_gaps g ON r.k >= g.record
) n
WHERE events.rowid = n.rid;
