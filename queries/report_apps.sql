-- name: report_apps
-- description: the per-application verdicts.
SELECT app, verdict, coalesce(owner, '') AS owner, mapped, reason
FROM apps
ORDER BY app;
