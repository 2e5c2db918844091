-- name: finding_old_endpoint_traffic
-- description: requests on an old endpoint after cutover + grace, per endpoint and client platform; high when they write.
SELECT 'old_endpoint_traffic' AS kind,
       CASE WHEN count(*) FILTER (WHERE a.method IN ('POST', 'PUT', 'PATCH', 'DELETE')) > 0 THEN 'high' ELSE 'medium' END AS severity,
       ea.app, a.platform, NULL AS tenant, NULL AS connector, lower(a.endpoint) AS endpoint,
       count(*) AS count, min(a.time) AS first_seen, max(a.time) AS last_seen,
       count(*) || ' requests after cutover + grace from ' || coalesce(a.platform || ' user agent', 'an unrecognised client') || ' (' ||
       count(*) FILTER (WHERE a.method IN ('POST', 'PUT', 'PATCH', 'DELETE')) || ' writes; statuses ' ||
       string_agg(DISTINCT a.status::VARCHAR, ', ' ORDER BY a.status::VARCHAR) || ')' AS evidence
FROM access a
LEFT JOIN endpoint_apps ea ON ea.endpoint = lower(a.endpoint)
WHERE lower(a.endpoint) IN (SELECT value FROM map_sides WHERE side = 'old' AND kind = 'endpoint')
  AND a.time > (SELECT grace_end FROM map_settings)
GROUP BY ea.app, a.platform, lower(a.endpoint)
ORDER BY endpoint, a.platform NULLS LAST;
