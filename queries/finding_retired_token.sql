-- name: finding_retired_token
-- description: a connector outside the old side presenting a token of the retired side: its configured fingerprint is on the map's old list, a JWT it sent names an old tenant, or its calls fail with 401/403 from cutover on.
WITH s AS (SELECT any_value(cutover) AS cutover, any_value(grace_end) AS grace_end FROM map_settings),
candidates AS (
    SELECT 'connectors' AS src, ca.app, ca.platform, ca.tenant, ca.connector_id, 1 AS n, NULL::TIMESTAMP AS first_seen, NULL::TIMESTAMP AS last_seen,
           'configured token ' || ca.token_fingerprint || ' is on the map''s old token list' AS why
    FROM connector_apps ca
    WHERE ca.side <> 'old' AND coalesce(ca.enabled, true)
      AND ca.token_fingerprint IN (SELECT value FROM map_sides WHERE side = 'old' AND kind = 'token')
    UNION ALL
    SELECT 'jwt', ca.app, ca.platform, ca.tenant, ca.connector_id, count(*), min(e.time), max(e.time),
           count(*) || ' events carry a token issued by retired tenant ' || any_value(e.token_tenant)
    FROM events e JOIN connector_apps ca USING (platform, connector_id)
    WHERE ca.side <> 'old' AND e.failure_class = 'tenant'
      AND EXISTS (SELECT 1 FROM map_sides m WHERE m.side = 'old' AND m.kind = 'tenant' AND (lower(e.token_tenant) = m.value OR lower(e.token_tenant) LIKE '%//' || m.value || '%' OR lower(e.token_tenant) LIKE '%/' || m.value || '/%'))
    GROUP BY ALL
    UNION ALL
    SELECT 'burst', ca.app, ca.platform, ca.tenant, ca.connector_id, count(*), min(e.time), max(e.time),
           count(*) || ' of ' || any_value(t.total) || ' events after cutover failed with token errors, the first at ' || strftime(min(e.time), '%Y-%m-%dT%H:%M:%SZ')
    FROM events e JOIN connector_apps ca USING (platform, connector_id)
    JOIN (SELECT platform, connector_id, count(*) AS total FROM events, s
          WHERE time >= s.cutover AND result <> 'skipped' GROUP BY ALL) t USING (platform, connector_id)
    CROSS JOIN s
    WHERE ca.side <> 'old' AND e.failure_class = 'token' AND e.time >= s.cutover
    GROUP BY ALL
    HAVING count(*) >= 3 AND count(*) >= 0.5 * any_value(t.total)
)
SELECT 'retired_token' AS kind, 'high' AS severity, c.app, c.platform, any_value(c.tenant) AS tenant, c.connector_id AS connector,
       (SELECT endpoint FROM connector_endpoints ce WHERE ce.platform = c.platform AND ce.connector_id = c.connector_id AND ce.decided) AS endpoint,
       max(c.n) AS count, min(c.first_seen) AS first_seen, max(c.last_seen) AS last_seen,
       string_agg(c.why, '; ' ORDER BY c.src) AS evidence
FROM candidates c
WHERE (SELECT cutover FROM s) IS NOT NULL
GROUP BY c.app, c.platform, c.connector_id
ORDER BY c.app, c.connector_id;
