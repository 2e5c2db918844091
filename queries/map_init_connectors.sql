-- name: map_init_connectors
-- description: for a draft migration map (scimdrift map init): every connector the inventory, configuration exports and provisioning events name, one row per platform and connector id (or name, without an id), with its names, owners, how many inventory or configuration rows name it, its latest enabled state, base URLs, token fingerprints and the span of its events.
WITH named AS (
    SELECT false AS is_event, source_id, lower(trim(platform)) AS platform,
           nullif(trim(connector_id), '') AS connector_id, nullif(trim(app), '') AS name,
           nullif(trim(owner), '') AS owner, enabled, nullif(trim(base_url), '') AS base_url,
           nullif(trim(token_fingerprint), '') AS token_fingerprint, NULL::TIMESTAMP AS time
    FROM connectors
    UNION ALL
    SELECT true, source_id, lower(trim(platform)), nullif(trim(connector_id), ''), nullif(trim(app_name), ''),
           NULL, NULL, NULL, NULL, time
    FROM events
)
SELECT platform,
       connector_id,
       list(DISTINCT name ORDER BY name) FILTER (WHERE name IS NOT NULL) AS names,
       list(DISTINCT owner ORDER BY owner) FILTER (WHERE owner IS NOT NULL) AS owners,
       arg_max(enabled, source_id) FILTER (WHERE enabled IS NOT NULL) AS enabled,
       list(DISTINCT base_url ORDER BY base_url) FILTER (WHERE base_url IS NOT NULL) AS base_urls,
       list(DISTINCT token_fingerprint ORDER BY token_fingerprint) FILTER (WHERE token_fingerprint IS NOT NULL) AS token_fingerprints,
       count(*) FILTER (WHERE NOT is_event) AS configured,
       count(*) FILTER (WHERE is_event) AS events,
       min(time) AS first_event,
       max(time) AS last_event
FROM named
WHERE (connector_id IS NOT NULL OR name IS NOT NULL) AND platform <> ''
GROUP BY platform, connector_id, CASE WHEN connector_id IS NULL THEN name END
ORDER BY platform, connector_id NULLS LAST, names;
