-- name: finding_unmapped_endpoint
-- description: a SCIM endpoint that requests reached or a connector is configured for, and that the map places on neither side nor gives to an app (every endpoint, without a map).
WITH placed AS (
    SELECT value AS endpoint FROM map_sides WHERE kind = 'endpoint'
    UNION SELECT lower(endpoint) FROM map_apps WHERE endpoint IS NOT NULL
),
seen AS (
    SELECT lower(endpoint) AS endpoint, count(*) AS n, min(time) AS first_seen, max(time) AS last_seen,
           string_agg(DISTINCT coalesce(platform, 'unrecognised'), ', ' ORDER BY coalesce(platform, 'unrecognised')) AS clients,
           'requests' AS what
    FROM access WHERE endpoint IS NOT NULL GROUP BY lower(endpoint)
    UNION ALL
    SELECT lower(base_url), count(*), NULL, NULL, string_agg(DISTINCT platform, ', ' ORDER BY platform), 'configured connectors'
    FROM connector_apps WHERE base_url IS NOT NULL GROUP BY lower(base_url)
)
SELECT 'unmapped_endpoint' AS kind,
       CASE WHEN (SELECT count(*) FROM map_settings WHERE cutover IS NOT NULL) > 0 THEN 'medium' ELSE 'low' END AS severity,
       a.app, NULL AS platform, NULL AS tenant, NULL AS connector, s.endpoint,
       sum(s.n) AS count, min(s.first_seen) AS first_seen, max(s.last_seen) AS last_seen,
       'not in the migration map: ' || string_agg(s.n || ' ' || s.what || ' (' || s.clients || ')', '; ' ORDER BY s.what) AS evidence
FROM seen s
LEFT JOIN endpoint_apps a ON a.endpoint = s.endpoint
WHERE s.endpoint NOT IN (SELECT endpoint FROM placed)
GROUP BY s.endpoint, a.app
ORDER BY s.endpoint;
