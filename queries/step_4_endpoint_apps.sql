-- name: endpoint_apps
-- description: the application each SCIM endpoint serves, from the map's app endpoints, connectors' configured base URLs and the endpoints their evidence decided on; NULL where that names several apps.
DELETE FROM endpoint_apps;

INSERT INTO endpoint_apps
WITH named AS (
    SELECT lower(endpoint) AS endpoint, app FROM map_apps WHERE endpoint IS NOT NULL
    UNION
    SELECT ce.endpoint, ca.app
    FROM connector_endpoints ce JOIN connector_apps ca USING (platform, connector_id)
    WHERE ce.decided OR ce.evidence = 'inventory'
)
SELECT endpoint, CASE WHEN count(DISTINCT app) = 1 THEN min(app) END AS app,
       string_agg(DISTINCT app, ', ' ORDER BY app) AS apps
FROM named
GROUP BY endpoint
ORDER BY endpoint;
