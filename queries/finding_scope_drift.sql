-- name: finding_scope_drift
-- description: a connector whose share of skipped (out-of-scope) events after cutover rose by more than the threshold over its share before — or over its application's share before, when it did not run before cutover.
WITH s AS (SELECT any_value(cutover) AS cutover FROM map_settings),
t AS (SELECT * FROM analysis_settings LIMIT 1),
shares AS (
    SELECT ca.app, ca.platform, ca.tenant, ca.connector_id, e.time >= s.cutover AS after,
           count(*) AS total, count(*) FILTER (WHERE e.result = 'skipped') AS skipped,
           min(e.time) FILTER (WHERE e.result = 'skipped') AS first_skip, max(e.time) FILTER (WHERE e.result = 'skipped') AS last_skip
    FROM events e JOIN connector_apps ca USING (platform, connector_id), s
    WHERE s.cutover IS NOT NULL AND e.time IS NOT NULL
    GROUP BY ALL
),
app_before AS (
    SELECT app, sum(skipped) / sum(total) AS share FROM shares WHERE NOT after GROUP BY app
)
SELECT 'scope_drift' AS kind, 'medium' AS severity, a.app, a.platform, a.tenant, a.connector_id AS connector,
       (SELECT endpoint FROM connector_endpoints ce WHERE ce.platform = a.platform AND ce.connector_id = a.connector_id AND ce.decided) AS endpoint,
       a.skipped AS count, a.first_skip AS first_seen, a.last_skip AS last_seen,
       'skipped share ' || round(100.0 * coalesce(b.skipped / b.total, ab.share)) || '% before cutover' ||
       CASE WHEN b.total IS NULL THEN ' (the application''s other connectors)' ELSE '' END ||
       ', ' || round(100.0 * a.skipped / a.total) || '% after (' || a.skipped || ' of ' || a.total || ' events)' ||
       coalesce(', most often ' || (SELECT mode(error_code) FROM events e, s
                                     WHERE e.platform = a.platform AND e.connector_id = a.connector_id
                                       AND e.result = 'skipped' AND e.time >= s.cutover), '') AS evidence
FROM shares a
LEFT JOIN shares b ON b.platform = a.platform AND b.connector_id = a.connector_id AND NOT b.after
LEFT JOIN app_before ab ON ab.app = a.app
CROSS JOIN t
WHERE a.after AND a.total >= t.failing_min_events
  AND coalesce(b.skipped / b.total, ab.share) IS NOT NULL
  -- rounded: 0.4 - 0.1 is 0.30000000000000004 in floating point, which is no rise of more than 30 points
  AND round(a.skipped / a.total - coalesce(b.skipped / b.total, ab.share), 9) > t.scope_jump
ORDER BY a.app, a.connector_id;
