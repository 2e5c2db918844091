-- name: native_pending
-- description: What the native query left pending in a file ($source_id): the records out of scope by event type (line NULL), and the line of each record for the Go decoder to decide (event_type NULL).
SELECT event_type, count(*) AS records, NULL::BIGINT AS line
FROM events
WHERE source_id = $source_id AND action = '' AND result = 'out_of_scope'
GROUP BY event_type
UNION ALL
SELECT NULL, 1, line
FROM events
WHERE source_id = $source_id AND action = '' AND result = 'suspect'
ORDER BY line NULLS FIRST, event_type;
