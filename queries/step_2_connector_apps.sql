-- name: connector_apps
-- description: resolves every connector (events, inventory, config) to one application — by a map alias of its id or a name it is logged under, by its configured endpoint, else its own name — and to the old or new side.
DELETE FROM connector_apps;

INSERT INTO connector_apps
WITH settings AS (SELECT any_value(grace_end) AS grace_end FROM map_settings),
logged AS (
    SELECT platform, connector_id,
           any_value(tenant ORDER BY time DESC) FILTER (WHERE tenant IS NOT NULL) AS tenant,
           any_value(app_name ORDER BY time DESC) FILTER (WHERE app_name IS NOT NULL) AS name,
           list(DISTINCT lower(app_name)) FILTER (WHERE app_name IS NOT NULL) AS names,
           count(*) AS events, min(time) AS first_event, max(time) AS last_event,
           count(*) FILTER (WHERE time > (SELECT grace_end FROM settings) AND result <> 'skipped'
                            AND action IN ('create', 'update', 'disable', 'enable', 'delete', 'group_create',
                                           'group_update', 'group_delete', 'membership', 'password')) AS writes_after_grace
    FROM events
    WHERE connector_id IS NOT NULL
    GROUP BY platform, connector_id
),
configured AS (
    -- the inventory describes base URL, token and owner; a platform's config export is fresher on
    -- whether the connector is enabled
    SELECT platform, connector_id,
           any_value(tenant ORDER BY source_id DESC) FILTER (WHERE tenant IS NOT NULL) AS tenant,
           any_value(app ORDER BY source_id DESC) FILTER (WHERE app IS NOT NULL) AS name,
           coalesce(any_value(enabled ORDER BY source_id DESC) FILTER (WHERE origin = 'config' AND enabled IS NOT NULL),
                    any_value(enabled ORDER BY source_id DESC) FILTER (WHERE enabled IS NOT NULL)) AS enabled,
           any_value(rtrim(base_url, '/') ORDER BY source_id DESC) FILTER (WHERE base_url IS NOT NULL) AS base_url,
           any_value(token_fingerprint ORDER BY source_id DESC) FILTER (WHERE token_fingerprint IS NOT NULL) AS token_fingerprint,
           any_value(owner ORDER BY source_id DESC) FILTER (WHERE owner IS NOT NULL) AS owner
    FROM connectors
    WHERE connector_id IS NOT NULL
    GROUP BY platform, connector_id
),
every AS (
    SELECT coalesce(l.platform, c.platform) AS platform, coalesce(l.connector_id, c.connector_id) AS connector_id,
           coalesce(l.tenant, c.tenant) AS tenant, coalesce(c.name, l.name) AS own_name,
           list_distinct(list_concat(coalesce(l.names, []), [lower(c.name)], [lower(coalesce(l.connector_id, c.connector_id))])) AS keys,
           c.enabled, c.base_url, c.token_fingerprint, c.owner,
           coalesce(l.events, 0) AS events, l.first_event, l.last_event, coalesce(l.writes_after_grace, 0) AS writes_after_grace
    FROM logged l
    FULL OUTER JOIN configured c ON c.platform = l.platform AND c.connector_id = l.connector_id
),
by_alias AS (
    SELECT e.platform, e.connector_id, list(DISTINCT a.app ORDER BY a.app) AS apps,
           bool_or(a.alias = lower(e.connector_id)) AS by_id
    FROM every e JOIN map_aliases a ON list_contains(e.keys, a.alias)
    GROUP BY e.platform, e.connector_id
),
by_endpoint AS (
    SELECT e.platform, e.connector_id, list(DISTINCT m.app ORDER BY m.app) AS apps
    FROM every e JOIN map_apps m ON lower(m.endpoint) = lower(e.base_url)
    GROUP BY e.platform, e.connector_id
),
sided AS (
    SELECT e.platform, e.connector_id,
           coalesce(
               (SELECT min(side) FROM map_sides s WHERE s.kind = 'tenant' AND s.value = lower(e.tenant)),
               (SELECT CASE WHEN count(DISTINCT side) = 1 THEN min(side) END FROM map_sides s WHERE s.kind = 'platform' AND s.value = lower(e.platform)),
               'unknown') AS side
    FROM every e
),
resolved AS (
    SELECT e.*,
           CASE WHEN len(a.apps) = 1 THEN a.apps[1]
                WHEN a.apps IS NULL AND len(p.apps) = 1 THEN p.apps[1] END AS map_app,
           CASE WHEN len(a.apps) = 1 AND a.by_id THEN 'alias:connector_id'
                WHEN len(a.apps) = 1 THEN 'alias:name'
                WHEN len(a.apps) > 1 THEN 'ambiguous: aliases of ' || array_to_string(a.apps, ', ')
                WHEN len(p.apps) = 1 THEN 'endpoint'
                ELSE 'name (not in the map)' END AS resolved_by
    FROM every e
    LEFT JOIN by_alias a USING (platform, connector_id)
    LEFT JOIN by_endpoint p USING (platform, connector_id)
)
SELECT r.platform, r.tenant, r.connector_id, coalesce(r.map_app, r.own_name, r.connector_id) AS app,
       r.map_app IS NOT NULL AS mapped, r.resolved_by, s.side, r.enabled, r.base_url, r.token_fingerprint,
       coalesce(m.owner, r.owner) AS owner,
       r.events, r.first_event, r.last_event, r.writes_after_grace
FROM resolved r
JOIN sided s USING (platform, connector_id)
LEFT JOIN map_apps m ON m.app = r.map_app
ORDER BY r.platform, r.connector_id;
