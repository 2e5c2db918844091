-- name: report_connectors
-- description: every connector with its app, side, the endpoint its evidence decided on, and its last event.
SELECT ca.app, ca.connector_id, ca.platform, coalesce(ca.tenant, '') AS tenant, ca.side, ca.enabled,
       coalesce(ce.endpoint, '') AS endpoint, coalesce(ce.role, 'unknown') AS endpoint_role,
       coalesce(ce.evidence, '') AS evidence, ca.last_event, ca.events
FROM connector_apps ca
LEFT JOIN connector_endpoints ce ON ce.platform = ca.platform AND ce.connector_id = ca.connector_id AND ce.decided
ORDER BY ca.app, ca.platform, ca.connector_id;
