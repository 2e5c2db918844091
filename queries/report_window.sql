-- name: report_window
-- description: the first and last time of any stored event or request.
SELECT min(t) AS first, max(t) AS last
FROM (SELECT time AS t FROM events UNION ALL SELECT time FROM access)
ORDER BY first;
