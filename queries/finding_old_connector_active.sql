-- name: finding_old_connector_active
-- description: a connector of the old side that still writes (create, update, disable, delete, group) after cutover + grace.
SELECT 'old_connector_active' AS kind, 'high' AS severity, ca.app, ca.platform, ca.tenant, ca.connector_id AS connector,
       (SELECT endpoint FROM connector_endpoints ce WHERE ce.platform = ca.platform AND ce.connector_id = ca.connector_id AND ce.decided) AS endpoint,
       count(*) AS count, min(e.time) AS first_seen, max(e.time) AS last_seen,
       count(*) || ' writes after cutover + grace (' ||
       string_agg(DISTINCT e.action, ', ' ORDER BY e.action) || ')' ||
       CASE WHEN ca.enabled THEN ', and the inventory says it is enabled' ELSE '' END AS evidence
FROM connector_apps ca
JOIN events e ON e.platform = ca.platform AND e.connector_id = ca.connector_id
WHERE ca.side = 'old' AND e.time > (SELECT grace_end FROM map_settings) AND e.result <> 'skipped'
  AND e.action IN ('create', 'update', 'disable', 'enable', 'delete', 'group_create', 'group_update', 'group_delete', 'membership', 'password')
GROUP BY ca.app, ca.platform, ca.tenant, ca.connector_id, ca.enabled
ORDER BY ca.app, ca.connector_id;
