-- name: connector_endpoints
-- description: collects, per connector, the evidence of which SCIM endpoint it calls — (1) correlation of its events with access-log requests naming the same user or resource, (2) requests with its platform's user agent on its app's endpoints, (3) URLs in its error text, (4) its configured base URL — and marks the strongest as decided.
DELETE FROM connector_endpoints;

INSERT INTO connector_endpoints
WITH settings AS (
    SELECT any_value(m.cutover) AS cutover,
           any_value(a.correlation_before_s) AS before_s, any_value(a.correlation_after_s) AS after_s,
           -- time buckets as wide as the correlation window: the requests an event can match are
           -- in two buckets, so the join need not pair every request naming a user with every
           -- event of that user
           greatest(any_value(a.correlation_before_s) + any_value(a.correlation_after_s), 1) AS bucket_s
    FROM analysis_settings a LEFT JOIN map_settings m ON true
),
correlatable_events AS (
    SELECT rowid AS id, platform, connector_id, time,
           lower(user_name) AS k1, lower(target_name) AS k2, lower(target_id) AS k3
    FROM events
    WHERE connector_id IS NOT NULL AND time IS NOT NULL AND result <> 'skipped'
      AND action NOT IN ('import', 'other')
),
-- every event once per distinct name it gives the user or the object by, and per bucket its
-- window [time - before, time + after] reaches
event_keys AS (
    SELECT id, platform, connector_id, time, key, floor((epoch(time) - s.before_s) / s.bucket_s)::BIGINT + d.shift AS bucket
    FROM (
        SELECT id, platform, connector_id, time, k1 AS key FROM correlatable_events WHERE k1 IS NOT NULL
        UNION ALL
        SELECT id, platform, connector_id, time, k2 FROM correlatable_events
        WHERE k2 IS NOT NULL AND k2 IS DISTINCT FROM k1
        UNION ALL
        SELECT id, platform, connector_id, time, k3 FROM correlatable_events
        WHERE k3 IS NOT NULL AND k3 IS DISTINCT FROM k1 AND k3 IS DISTINCT FROM k2
    )
    CROSS JOIN settings s
    CROSS JOIN (VALUES (0), (1)) d(shift)
),
-- every request once per distinct name it asks for, with its time bucket
request_keys AS (
    SELECT time, endpoint, platform, key, floor(epoch(time) / s.bucket_s)::BIGINT AS bucket
    FROM (
        SELECT time, lower(endpoint) AS endpoint, platform, lower(filter_value) AS key
        FROM access WHERE endpoint IS NOT NULL AND time IS NOT NULL AND filter_value IS NOT NULL
        UNION ALL
        SELECT time, lower(endpoint), platform, lower(resource_id)
        FROM access WHERE endpoint IS NOT NULL AND time IS NOT NULL AND resource_id IS NOT NULL
          AND lower(resource_id) IS DISTINCT FROM lower(filter_value)
    )
    CROSS JOIN settings s
),
-- each event with each endpoint a request naming the same user or resource within the window
-- went to, and how close in time the closest of them came
pairs AS (
    SELECT e.id, e.platform, e.connector_id, e.time, r.endpoint, min(abs(epoch(r.time) - epoch(e.time))) AS distance
    FROM event_keys e
    JOIN request_keys r ON r.key = e.key AND r.bucket = e.bucket
    CROSS JOIN settings s
    WHERE r.time BETWEEN e.time - to_seconds(s.before_s) AND e.time + to_seconds(s.after_s)
      AND (r.platform IS NULL OR r.platform = e.platform)
    GROUP BY e.id, e.platform, e.connector_id, e.time, r.endpoint
),
matched AS (
    -- for each event, the endpoint(s) whose request naming the same user or resource came closest
    -- in time: a push to several apps at once must not credit one connector with every app's endpoint
    SELECT id, platform, connector_id, endpoint, time
    FROM pairs
    QUALIFY distance = min(distance) OVER (PARTITION BY id)
),
correlatable AS (
    SELECT platform, connector_id, count(*) FILTER (WHERE coalesce(k1, k2, k3) IS NOT NULL) AS n
    FROM correlatable_events GROUP BY ALL
),
correlation AS (
    SELECT m.platform, m.connector_id, m.endpoint, 'correlation' AS evidence, 1 AS strength,
           -- matched holds an event once per endpoint: count(*) counts events
           count(*) AS hits, count(*) / any_value(c.n) AS share,
           min(m.time) AS first_seen, max(m.time) AS last_seen,
           count(*) FILTER (WHERE m.time >= (SELECT cutover FROM settings)) AS hits_after_cutover
    FROM matched m JOIN correlatable c USING (platform, connector_id)
    GROUP BY m.platform, m.connector_id, m.endpoint
),
app_endpoints AS (
    -- the endpoints an application is known by: its map endpoint and its connectors' base URLs
    SELECT ca.app, lower(m.endpoint) AS endpoint FROM connector_apps ca JOIN map_apps m ON m.app = ca.app AND m.endpoint IS NOT NULL
    UNION
    SELECT app, lower(base_url) FROM connector_apps WHERE base_url IS NOT NULL
),
user_agent AS (
    SELECT ca.platform, ca.connector_id, lower(a.endpoint) AS endpoint, 'user_agent' AS evidence, 2 AS strength,
           count(*) AS hits, NULL::DOUBLE AS share, min(a.time) AS first_seen, max(a.time) AS last_seen,
           count(*) FILTER (WHERE a.time >= (SELECT cutover FROM settings)) AS hits_after_cutover
    FROM connector_apps ca
    JOIN app_endpoints ae ON ae.app = ca.app
    JOIN access a ON lower(a.endpoint) = ae.endpoint AND a.platform = ca.platform
    GROUP BY ALL
),
error_url AS (
    SELECT platform, connector_id,
           lower(regexp_replace(error_url, '/(Users|Groups|ServiceProviderConfigs?|Schemas|ResourceTypes|Bulk|Me|\.search)(/.*)?$', '', 'i')) AS endpoint,
           'error_url' AS evidence, 3 AS strength, count(*) AS hits, NULL::DOUBLE AS share, min(time) AS first_seen, max(time) AS last_seen,
           count(*) FILTER (WHERE time >= (SELECT cutover FROM settings)) AS hits_after_cutover
    FROM events
    WHERE connector_id IS NOT NULL AND error_url IS NOT NULL
    GROUP BY ALL
),
inventory AS (
    SELECT platform, connector_id, lower(base_url) AS endpoint, 'inventory' AS evidence, 4 AS strength,
           1 AS hits, NULL::DOUBLE AS share, NULL::TIMESTAMP AS first_seen, NULL::TIMESTAMP AS last_seen, 0 AS hits_after_cutover
    FROM connector_apps
    WHERE base_url IS NOT NULL
),
every AS (
    SELECT * FROM correlation UNION ALL SELECT * FROM user_agent UNION ALL SELECT * FROM error_url UNION ALL SELECT * FROM inventory
),
roles AS (
    SELECT value AS endpoint, min(side) AS role FROM map_sides WHERE kind = 'endpoint' GROUP BY value
    UNION ALL
    SELECT lower(endpoint), 'new' FROM map_apps WHERE endpoint IS NOT NULL
      AND lower(endpoint) NOT IN (SELECT value FROM map_sides WHERE kind = 'endpoint')
),
ranked AS (
    SELECT e.*, coalesce((SELECT min(role) FROM roles r WHERE r.endpoint = e.endpoint), 'unknown') AS role,
           row_number() OVER (PARTITION BY platform, connector_id
                              ORDER BY strength, hits_after_cutover DESC, share DESC NULLS LAST, hits DESC, endpoint) AS rank
    FROM every e
)
SELECT platform, connector_id, endpoint, evidence, strength, hits, share, first_seen, last_seen,
       hits_after_cutover, role, rank = 1 AS decided
FROM ranked
ORDER BY platform, connector_id, strength, endpoint;
