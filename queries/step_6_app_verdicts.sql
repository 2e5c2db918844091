-- name: app_verdicts
-- description: one verdict per application from its connectors and findings — retired, failing, split, stale, unverified or migrated, checked in that order — with a one-line reason.
DELETE FROM apps;

INSERT INTO apps
WITH s AS (SELECT any_value(cutover) AS cutover, any_value(grace_end) AS grace_end FROM map_settings),
every_app AS (
    SELECT app, owner, true AS mapped FROM map_apps
    UNION ALL
    SELECT app, any_value(owner), false FROM connector_apps WHERE NOT mapped GROUP BY app
),
activity AS (
    SELECT ca.app,
           bool_or(ca.side = 'new' AND coalesce(ca.enabled, true)) AS has_new,
           bool_or(ca.side = 'new' AND ca.last_event >= (SELECT cutover FROM s)) AS new_active,
           bool_or(ca.writes_after_grace > 0) AS writes_after_grace,
           bool_or(coalesce(ca.enabled, true) AND ca.side <> 'new' AND ca.last_event > (SELECT grace_end FROM s)) AS old_active,
           bool_or(coalesce(ca.enabled, true) AND ca.side <> 'new') AS old_enabled,
           bool_or(ca.side = 'new' AND ca.connector_id IN (
               SELECT connector_id FROM connectors WHERE status LIKE 'Quarantine%')) AS quarantined,
           count(*) AS connectors
    FROM connector_apps ca GROUP BY ca.app
),
found AS (
    SELECT app,
           list(DISTINCT kind ORDER BY kind) AS kinds,
           bool_or(kind = 'retired_token' OR (kind = 'provisioning_failing' AND severity IN ('critical', 'high'))) AS failing,
           bool_or(kind = 'split_writers') AS split,
           bool_or(kind IN ('stale_endpoint', 'deprovision_to_old', 'old_connector_active', 'old_endpoint_traffic')) AS stale,
           bool_or(kind IN ('lifecycle_gap', 'scope_drift', 'provisioning_failing', 'unmapped_endpoint')) AS doubtful
    FROM findings WHERE app IS NOT NULL GROUP BY app
),
judged AS (
    SELECT a.app, a.owner, a.mapped, f.kinds, act.connectors,
           CASE
               WHEN (SELECT cutover FROM s) IS NULL THEN 'unverified'
               WHEN act.connectors IS NULL THEN 'unverified'
               WHEN NOT coalesce(act.has_new, false) AND NOT coalesce(act.writes_after_grace, false) AND NOT coalesce(act.old_active, false)
                    AND NOT coalesce(act.old_enabled, false) AND NOT coalesce(f.stale, false) THEN 'retired'
               WHEN coalesce(f.failing, false) OR coalesce(act.quarantined, false) THEN 'failing'
               WHEN coalesce(f.split, false) THEN 'split'
               WHEN coalesce(f.stale, false) THEN 'stale'
               WHEN coalesce(f.doubtful, false) OR NOT coalesce(act.new_active, false) THEN 'unverified'
               ELSE 'migrated'
           END AS verdict,
           act.quarantined, act.new_active, coalesce(act.old_enabled, false) AS old_enabled, coalesce(act.has_new, false) AS has_new
    FROM every_app a
    LEFT JOIN activity act USING (app)
    LEFT JOIN found f USING (app)
)
SELECT app, verdict, owner, mapped,
       CASE
           WHEN (SELECT cutover FROM s) IS NULL THEN 'no migration map: nothing to compare with'
           WHEN connectors IS NULL THEN 'no connector of this app appears in the exports'
           WHEN verdict = 'retired' THEN 'no new connector, and the old ones are disabled and silent after cutover + grace'
           WHEN verdict = 'migrated' THEN 'the new connector works on the new path; nothing found'
           WHEN verdict = 'unverified' AND kinds IS NULL THEN 'no activity of a new connector after cutover'
               || CASE WHEN old_enabled AND NOT has_new THEN ' (an old connector is still enabled: not migrated, or not yet retired)' ELSE '' END
           ELSE verdict || ': ' || concat_ws('; ',
               nullif(array_to_string([k FOR k IN kinds IF list_contains(decisive, k)], ', '), ''),
               CASE WHEN verdict = 'failing' AND quarantined THEN 'job in quarantine' END,
               'also ' || nullif(array_to_string([k FOR k IN kinds IF NOT list_contains(decisive, k)], ', '), ''))
       END AS reason
FROM (SELECT *, CASE verdict
                   WHEN 'failing' THEN ['retired_token', 'provisioning_failing']
                   WHEN 'split' THEN ['split_writers']
                   WHEN 'stale' THEN ['stale_endpoint', 'deprovision_to_old', 'old_connector_active', 'old_endpoint_traffic']
                   WHEN 'unverified' THEN ['lifecycle_gap', 'scope_drift', 'provisioning_failing', 'unmapped_endpoint']
                   ELSE [] END AS decisive
      FROM judged)
ORDER BY app;
