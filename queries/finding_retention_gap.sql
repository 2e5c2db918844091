-- name: finding_retention_gap
-- description: evidence that does not cover the window the verdicts need — from retention_days before cutover, and for the new side until after cutover + grace (old-side logs going quiet at cutover is what a clean migration looks like) — per platform's events and per access-log host.
WITH s AS (SELECT any_value(cutover) AS cutover, any_value(grace_end) AS grace_end FROM map_settings),
t AS (SELECT any_value(retention_days) AS days FROM analysis_settings),
coverage AS (
    SELECT 'events of ' || platform AS what, platform, NULL AS endpoint, min(time) AS first_seen, max(time) AS last_seen, count(*) AS n,
           lower(platform) IN (SELECT value FROM map_sides WHERE side = 'new' AND kind = 'platform') AS new_side
    FROM events WHERE time IS NOT NULL GROUP BY platform
    UNION ALL
    SELECT 'access log of ' || origin, NULL, origin, min(time), max(time), count(*),
           EXISTS (SELECT 1 FROM map_sides m WHERE m.side = 'new' AND m.kind = 'endpoint' AND starts_with(m.value, origin || '/'))
    FROM (SELECT time, regexp_extract(lower(endpoint), '^https?://[^/]+') AS origin FROM access WHERE time IS NOT NULL AND endpoint IS NOT NULL)
    GROUP BY origin
)
SELECT 'retention_gap' AS kind, 'medium' AS severity, NULL AS app, c.platform, NULL AS tenant, NULL AS connector, c.endpoint,
       c.n AS count, c.first_seen, c.last_seen,
       c.what || ' covers ' || strftime(c.first_seen, '%Y-%m-%dT%H:%M:%SZ') || ' to ' || strftime(c.last_seen, '%Y-%m-%dT%H:%M:%SZ') ||
       concat_ws('', 
           CASE WHEN c.first_seen > s.cutover - to_days(t.days) THEN ': starts after ' || strftime(s.cutover - to_days(t.days), '%Y-%m-%dT%H:%M:%SZ') || ' (' || t.days || ' days before cutover)' END,
           CASE WHEN c.new_side AND c.last_seen < s.grace_end THEN ': ends before cutover + grace ' || strftime(s.grace_end, '%Y-%m-%dT%H:%M:%SZ') END) AS evidence
FROM coverage c, s, t
WHERE s.cutover IS NOT NULL AND (c.first_seen > s.cutover - to_days(t.days) OR (c.new_side AND c.last_seen < s.grace_end))
ORDER BY c.what;
