-- name: report_traffic
-- description: per application and day, its connectors' events by side and the requests on its endpoints by endpoint role, for the report's charts.
WITH roles AS (
    SELECT value AS endpoint, min(side) AS role FROM map_sides WHERE kind = 'endpoint' GROUP BY value
)
SELECT ca.app, date_trunc('day', e.time) AS day, 'events' AS source, ca.side AS series, count(*) AS count
FROM events e JOIN connector_apps ca ON ca.platform = e.platform AND ca.connector_id = e.connector_id
WHERE e.time IS NOT NULL
GROUP BY ALL
UNION ALL
SELECT ea.app, date_trunc('day', a.time), 'requests', coalesce(r.role, 'unknown'), count(*)
FROM access a
JOIN endpoint_apps ea ON ea.endpoint = lower(a.endpoint) AND ea.app IS NOT NULL
LEFT JOIN roles r ON r.endpoint = lower(a.endpoint)
WHERE a.time IS NOT NULL
GROUP BY ALL
ORDER BY 1, 2, 3, 4;
