-- name: store_cut_off
-- description: The rows, by source id, of files whose ingest was cut off between the fast path's two transactions (no sources row), which a store opened only for reading still holds until the next ingest or analyze drops them (store_orphans).
SELECT source_id, count(*) AS rows
FROM events
WHERE source_id NOT IN (SELECT id FROM sources)
GROUP BY source_id
ORDER BY source_id;
