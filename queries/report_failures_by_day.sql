-- name: report_failures_by_day
-- description: failed and warning events per day and failure class, for the report's chart.
SELECT date_trunc('day', time) AS day, failure_class AS class, count(*) AS count
FROM events
WHERE result IN ('failure', 'warning') AND failure_class IS NOT NULL AND time IS NOT NULL
GROUP BY ALL
ORDER BY day, class;
