-- name: report_events
-- description: every stored event with its application, for the CSV events table.
SELECT e.time, e.platform, coalesce(e.tenant, ca.tenant, '') AS tenant, coalesce(e.connector_id, '') AS connector,
       coalesce(ca.app, e.app_name, '') AS app, e.action, e.object, e.result, coalesce(e.user_name, '') AS user_name,
       coalesce(e.failure_class, '') AS failure_class, coalesce(e.error_code, '') AS error_code,
       coalesce(e.http_status, 0) AS http_status, coalesce(e.error_text, '') AS error_text
FROM events e
LEFT JOIN connector_apps ca ON ca.platform = e.platform AND ca.connector_id = e.connector_id
ORDER BY e.time NULLS FIRST, e.platform, e.connector_id, e.event_id, e.source_id, e.line;
