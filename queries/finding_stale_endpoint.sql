-- name: finding_stale_endpoint
-- description: a connector that is not of the old side but calls (or is configured for) an old SCIM endpoint; critical when requests after cutover prove it.
SELECT 'stale_endpoint' AS kind,
       CASE WHEN ce.hits_after_cutover > 0 THEN 'critical' ELSE 'high' END AS severity,
       ca.app, ca.platform, ca.tenant, ca.connector_id AS connector, ce.endpoint,
       greatest(ce.hits_after_cutover, 1) AS count, ce.first_seen, ce.last_seen,
       'calls old endpoint ' || ce.endpoint || ', decided by ' ||
       CASE ce.evidence
           WHEN 'correlation' THEN 'correlation: ' || ce.hits || ' of its events matched requests there (' || ce.hits_after_cutover || ' after cutover)'
           WHEN 'user_agent' THEN ce.hits || ' requests there with its platform''s user agent (' || ce.hits_after_cutover || ' after cutover)'
           WHEN 'error_url' THEN ce.hits || ' error texts naming it'
           ELSE 'its configured base URL'
       END AS evidence
FROM connector_endpoints ce
JOIN connector_apps ca USING (platform, connector_id)
WHERE ce.decided AND ce.role = 'old' AND ca.side <> 'old' AND coalesce(ca.enabled, true)
  AND (SELECT cutover FROM map_settings) IS NOT NULL
ORDER BY ca.app, ca.connector_id;
