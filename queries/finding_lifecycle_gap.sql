-- name: finding_lifecycle_gap
-- description: on the new path after cutover, the lifecycle operations (create, update, disable, delete, group) a connector never exercised, kept apart from those it exercised and that fail.
WITH s AS (SELECT any_value(cutover) AS cutover FROM map_settings),
ops AS (SELECT unnest(['create', 'update', 'disable', 'delete', 'group']) AS op),
active AS (
    -- new-side connectors that ran after cutover and whose decided endpoint is not an old one
    SELECT ca.* FROM connector_apps ca
    LEFT JOIN connector_endpoints ce ON ce.platform = ca.platform AND ce.connector_id = ca.connector_id AND ce.decided
    WHERE ca.side = 'new' AND coalesce(ca.enabled, true) AND ca.last_event >= (SELECT cutover FROM s)
      AND coalesce(ce.role, 'unknown') <> 'old'
),
done AS (
    SELECT e.platform, e.connector_id,
           CASE WHEN e.action IN ('group_create', 'group_update', 'group_delete', 'membership') THEN 'group' ELSE e.action END AS op,
           count(*) FILTER (WHERE e.result = 'success') AS ok,
           count(*) FILTER (WHERE e.result IN ('failure', 'warning')) AS failed,
           min(e.time) AS first_seen, max(e.time) AS last_seen
    FROM events e, s
    WHERE e.time >= s.cutover AND e.result <> 'skipped'
    GROUP BY ALL
),
gaps AS (
    SELECT a.app, a.platform, a.tenant, a.connector_id, o.op, coalesce(d.ok, 0) AS ok, coalesce(d.failed, 0) AS failed,
           d.first_seen, d.last_seen,
           CASE WHEN d.op IS NULL OR d.ok + d.failed = 0 THEN 'never exercised'
                WHEN d.failed > d.ok THEN 'failing' END AS gap
    FROM active a CROSS JOIN ops o
    LEFT JOIN done d ON d.platform = a.platform AND d.connector_id = a.connector_id AND d.op = o.op
)
SELECT 'lifecycle_gap' AS kind,
       CASE WHEN bool_or(gap = 'failing') THEN 'medium' ELSE 'low' END AS severity,
       app, platform, any_value(tenant) AS tenant, connector_id AS connector,
       (SELECT endpoint FROM connector_endpoints ce WHERE ce.platform = g.platform AND ce.connector_id = g.connector_id AND ce.decided) AS endpoint,
       count(*) AS count, min(first_seen) AS first_seen, max(last_seen) AS last_seen,
       concat_ws('; ',
           'never exercised after cutover: ' || string_agg(op, ', ' ORDER BY list_position(['create', 'update', 'disable', 'delete', 'group'], op)) FILTER (WHERE gap = 'never exercised'),
           'failing: ' || string_agg(op || ' (' || failed || ' failed, ' || ok || ' succeeded)', ', ' ORDER BY list_position(['create', 'update', 'disable', 'delete', 'group'], op)) FILTER (WHERE gap = 'failing')
       ) AS evidence
FROM gaps g
WHERE gap IS NOT NULL
GROUP BY app, platform, connector_id
ORDER BY app, connector_id;
