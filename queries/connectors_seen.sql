-- name: connectors_seen
-- description: per connector, what the identity platforms logged: events by result, first and last seen, and the inventory's base URL.
WITH seen AS (
    SELECT platform,
           coalesce(tenant, '') AS tenant,
           connector_id,
           any_value(app_name ORDER BY time DESC) AS app,
           count(*) AS events,
           count(*) FILTER (WHERE result = 'failure') AS failures,
           count(*) FILTER (WHERE result = 'skipped') AS skipped,
           min(time) AS first_seen,
           max(time) AS last_seen
    FROM events
    WHERE connector_id IS NOT NULL
    GROUP BY platform, coalesce(tenant, ''), connector_id
)
SELECT seen.platform, seen.tenant, seen.connector_id AS connector, seen.app, seen.events, seen.failures,
       seen.skipped, seen.first_seen, seen.last_seen, inv.base_url AS configured_base_url
FROM seen
LEFT JOIN (SELECT connector_id, any_value(base_url ORDER BY source_id DESC) AS base_url
           FROM connectors GROUP BY connector_id) AS inv
       ON inv.connector_id = seen.connector_id
ORDER BY seen.platform, seen.app, seen.connector_id;
