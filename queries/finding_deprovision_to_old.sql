-- name: finding_deprovision_to_old
-- description: deactivations and deletions after cutover + grace that go to the old side — to an old endpoint, or through an old-side connector not known to call a new endpoint — so the user stays active on the new path.
SELECT 'deprovision_to_old' AS kind, 'critical' AS severity, ca.app, ca.platform, ca.tenant, ca.connector_id AS connector,
       ce.endpoint, count(*) AS count, min(e.time) AS first_seen, max(e.time) AS last_seen,
       count(*) || ' ' || string_agg(DISTINCT e.action, '/' ORDER BY e.action) || ' events after cutover + grace went through ' ||
       CASE WHEN ce.role = 'old' THEN 'a connector calling an old endpoint' ELSE 'an old-side connector' END ||
       coalesce(' to ' || ce.endpoint, '') || ' (users: ' ||
       string_agg(DISTINCT coalesce(e.user_name, e.target_name, e.target_id, '?'), ', ' ORDER BY coalesce(e.user_name, e.target_name, e.target_id, '?')) || ')' AS evidence
FROM events e
JOIN connector_apps ca ON ca.platform = e.platform AND ca.connector_id = e.connector_id
LEFT JOIN connector_endpoints ce ON ce.platform = ca.platform AND ce.connector_id = ca.connector_id AND ce.decided
WHERE e.action IN ('disable', 'delete') AND e.result <> 'skipped'
  AND e.time > (SELECT grace_end FROM map_settings)
  AND (ce.role = 'old' OR (ca.side = 'old' AND coalesce(ce.role, 'unknown') <> 'new'))
GROUP BY ca.app, ca.platform, ca.tenant, ca.connector_id, ca.side, ce.endpoint, ce.role
ORDER BY ca.app, ca.connector_id;
