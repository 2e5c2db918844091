-- name: map_init_endpoints
-- description: for a draft migration map (scimdrift map init): every SCIM endpoint a connector is configured with (base_url) or a client called (access logs), by platform (of the connector, or of the caller's user agent; NULL when unknown), with the connectors' names and the span of the calls.
SELECT trim(base_url) AS endpoint,
       lower(trim(platform)) AS platform,
       'configured' AS how,
       list(DISTINCT coalesce(nullif(trim(app), ''), trim(connector_id)) ORDER BY coalesce(nullif(trim(app), ''), trim(connector_id))) AS connectors,
       count(*) AS n,
       NULL::TIMESTAMP AS first_seen,
       NULL::TIMESTAMP AS last_seen
FROM connectors
WHERE trim(coalesce(base_url, '')) <> ''
GROUP BY trim(base_url), lower(trim(platform))
UNION ALL
SELECT trim(endpoint), lower(trim(platform)), 'called', NULL, count(*), min(time), max(time)
FROM access
WHERE trim(coalesce(endpoint, '')) <> ''
GROUP BY trim(endpoint), lower(trim(platform))
ORDER BY endpoint, how DESC, platform NULLS LAST;
