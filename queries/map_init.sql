-- name: map_init
-- description: for a draft migration map (scimdrift map init): each identity platform with its tenants and the span of its provisioning events; the platform whose events start last is marked new (its first event is the cutover guess), the others old.
WITH named AS (
    SELECT platform, tenant, time, true AS is_event FROM events
    UNION ALL
    SELECT platform, tenant, NULL, false FROM connectors
    UNION ALL
    SELECT platform, NULL, NULL, false FROM access WHERE platform IS NOT NULL
), platforms AS (
    SELECT lower(trim(platform)) AS platform,
           list(DISTINCT trim(tenant) ORDER BY trim(tenant)) FILTER (WHERE trim(coalesce(tenant, '')) <> '') AS tenants,
           count(*) FILTER (WHERE is_event) AS events,
           min(time) AS first_event,
           max(time) AS last_event
    FROM named
    WHERE lower(trim(platform)) <> ''
    GROUP BY lower(trim(platform))
)
SELECT platform,
       CASE WHEN first_event IS NOT NULL
                 AND row_number() OVER (ORDER BY first_event DESC NULLS LAST, platform) = 1
            THEN 'new' ELSE 'old' END AS side,
       tenants, events, first_event, last_event
FROM platforms
ORDER BY first_event NULLS FIRST, platform;
