-- name: report_findings
-- description: every finding, most severe first.
SELECT id, kind, severity, coalesce(app, '') AS app, coalesce(platform, '') AS platform, coalesce(tenant, '') AS tenant,
       coalesce(connector, '') AS connector, coalesce(endpoint, '') AS endpoint, count, first_seen, last_seen, evidence
FROM findings
ORDER BY list_position(['critical', 'high', 'medium', 'low', 'info'], severity), kind, app, connector, endpoint, id;
