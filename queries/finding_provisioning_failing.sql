-- name: finding_provisioning_failing
-- description: a connector whose share of failed events (skips excluded: they are not failures) after cutover, or over the whole export without a map, is above the threshold; the evidence counts failures by class.
WITH s AS (SELECT any_value(cutover) AS cutover FROM map_settings),
t AS (SELECT * FROM analysis_settings LIMIT 1),
considered AS (
    SELECT e.* FROM events e, s
    WHERE e.connector_id IS NOT NULL AND e.result <> 'skipped' AND (s.cutover IS NULL OR e.time >= s.cutover)
),
per_connector AS (
    SELECT platform, connector_id, count(*) AS total, count(*) FILTER (WHERE result IN ('failure', 'warning')) AS failed,
           min(time) FILTER (WHERE result IN ('failure', 'warning')) AS first_seen,
           max(time) FILTER (WHERE result IN ('failure', 'warning')) AS last_seen
    FROM considered GROUP BY ALL
),
by_class AS (
    SELECT platform, connector_id,
           string_agg(coalesce(failure_class, 'unclassified') || ' ' || n, ', ' ORDER BY n DESC, failure_class) AS classes
    FROM (SELECT platform, connector_id, failure_class, count(*) AS n FROM considered
          WHERE result IN ('failure', 'warning') GROUP BY ALL)
    GROUP BY ALL
)
SELECT 'provisioning_failing' AS kind,
       CASE WHEN p.failed >= 0.5 * p.total THEN 'high' ELSE 'medium' END AS severity,
       ca.app, ca.platform, ca.tenant, ca.connector_id AS connector,
       (SELECT endpoint FROM connector_endpoints ce WHERE ce.platform = ca.platform AND ce.connector_id = ca.connector_id AND ce.decided) AS endpoint,
       p.failed AS count, p.first_seen, p.last_seen,
       p.failed || ' of ' || p.total || ' events failed (' || round(100.0 * p.failed / p.total) || '%' ||
       CASE WHEN (SELECT cutover FROM s) IS NOT NULL THEN ' after cutover' ELSE '' END || '): ' || b.classes AS evidence
FROM per_connector p
JOIN by_class b USING (platform, connector_id)
JOIN connector_apps ca USING (platform, connector_id)
CROSS JOIN t
WHERE p.total >= t.failing_min_events AND p.failed > t.failing_share * p.total
ORDER BY ca.app, ca.connector_id;
