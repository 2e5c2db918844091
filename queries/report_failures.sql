-- name: report_failures
-- description: failed and warning events counted by failure class, platform, app, endpoint and error code, with one example text.
SELECT e.failure_class AS class, e.platform, coalesce(ca.app, '') AS app, coalesce(ce.endpoint, '') AS endpoint,
       coalesce(e.error_code, CASE WHEN e.http_status IS NOT NULL THEN 'HTTP ' || e.http_status END, '') AS code,
       count(*) AS count, coalesce(min(e.error_text), '') AS example
FROM events e
LEFT JOIN connector_apps ca ON ca.platform = e.platform AND ca.connector_id = e.connector_id
LEFT JOIN connector_endpoints ce ON ce.platform = e.platform AND ce.connector_id = e.connector_id AND ce.decided
WHERE e.result IN ('failure', 'warning') AND e.failure_class IS NOT NULL
GROUP BY ALL
ORDER BY count DESC, class, e.platform, app, endpoint, code;
