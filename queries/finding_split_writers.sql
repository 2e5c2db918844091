-- name: finding_split_writers
-- description: two or more connectors writing to one application after cutover + grace.
WITH writers AS (
    SELECT ca.app, ca.platform, ca.connector_id, ca.side, count(*) AS writes, min(e.time) AS first_seen, max(e.time) AS last_seen
    FROM connector_apps ca
    JOIN events e ON e.platform = ca.platform AND e.connector_id = ca.connector_id
    WHERE e.time > (SELECT grace_end FROM map_settings) AND e.result <> 'skipped'
      AND e.action IN ('create', 'update', 'disable', 'enable', 'delete', 'group_create', 'group_update', 'group_delete', 'membership', 'password')
    GROUP BY ALL
)
SELECT 'split_writers' AS kind, 'high' AS severity, app, NULL AS platform, NULL AS tenant, NULL AS connector, NULL AS endpoint,
       sum(writes) AS count, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
       count(*) || ' connectors write after cutover + grace: ' ||
       string_agg(platform || ' ' || connector_id || ' (' || side || ', ' || writes || ' writes)', '; ' ORDER BY platform, connector_id) AS evidence
FROM writers
GROUP BY app
HAVING count(*) >= 2
ORDER BY app;
