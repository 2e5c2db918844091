-- name: schema
-- description: the store's tables; every column is documented here. Times are UTC TIMESTAMPs.
-- Vocabulary (DESIGN.md): action create, update, disable, enable, delete, lookup, import,
-- group_create, group_update, group_delete, membership, password, other; object user, group,
-- connector; result success, failure, skipped, warning.

CREATE SEQUENCE IF NOT EXISTS source_ids START 1;

-- One row per ingested input (a file, a zip entry, or stdin). records = stored + rejected + out_of_scope.
CREATE TABLE IF NOT EXISTS sources (
    id           INTEGER PRIMARY KEY,   -- referenced by every row ingested from this input
    path         VARCHAR NOT NULL,      -- as given: a path, "archive.zip!entry", or "-" for stdin
    sha256       VARCHAR NOT NULL UNIQUE, -- SHA-256 of the input's bytes as read (compressed, for .gz); re-ingest is skipped by it
    format       VARCHAR NOT NULL,      -- the format that read it (see `scimdrift formats`)
    bytes        BIGINT NOT NULL,       -- bytes parsed, after decompression
    records      BIGINT NOT NULL,       -- records read
    stored       BIGINT NOT NULL,       -- records stored as rows (events, access, connectors)
    rejected     BIGINT NOT NULL,       -- records in rejects
    out_of_scope BIGINT NOT NULL,       -- records that parsed but are no provisioning evidence (sign-ins, …)
    rows         BIGINT NOT NULL,       -- rows written (one record may give several)
    truncated    BOOLEAN NOT NULL       -- the input ended early (a truncated .gz): what was read is kept
);

-- Out-of-scope records per input and kind (the platform's event type, "non-SCIM request", …).
CREATE TABLE IF NOT EXISTS out_of_scope (
    source_id INTEGER NOT NULL,         -- sources.id
    kind      VARCHAR NOT NULL,         -- what the record was
    records   BIGINT NOT NULL           -- how many of them
);

-- Normalised provisioning events from the identity platforms.
CREATE TABLE IF NOT EXISTS events (
    source_id      INTEGER NOT NULL,    -- sources.id
    line           BIGINT,              -- line of the input where the record starts
    time           TIMESTAMP,           -- when the platform logged it
    platform       VARCHAR NOT NULL,    -- okta, entra, …
    tenant         VARCHAR,             -- the IdP tenant: Entra tenant id; Okta org when the export names it
    event_id       VARCHAR,             -- the platform's id of the record (Okta uuid, Entra id)
    event_type     VARCHAR,             -- the platform's own type (Okta eventType, Entra provisioningAction)
    legacy_type    VARCHAR,             -- a finer native type (Okta legacyEventType, Entra failing step name)
    connector_id   VARCHAR,             -- the connector instance (Okta AppInstance id, Entra jobId)
    app_name       VARCHAR,             -- the connector's name (Okta instance label, Entra servicePrincipal name)
    app_kind       VARCHAR,             -- the integration (Okta debugData.appname, Entra targetSystem name)
    action         VARCHAR NOT NULL,    -- vocabulary above
    object         VARCHAR NOT NULL,    -- user, group, connector
    result         VARCHAR NOT NULL,    -- success, failure, skipped, warning
    user_name      VARCHAR,             -- login/UPN at the IdP; matches SCIM userName filters in access logs
    user_id        VARCHAR,             -- the IdP's object id of the user or group
    group_name     VARCHAR,             -- group display name, for group events
    target_id      VARCHAR,             -- the object's id in the target app when logged (Entra: the SCIM id)
    target_name    VARCHAR,             -- the object's name in the target app (Okta AppUser alternateId)
    run_id         VARCHAR,             -- the job run / cycle (Okta transaction.id, Entra cycleId)
    actor          VARCHAR,             -- who or what triggered it
    error_code     VARCHAR,             -- the platform's error code
    error_text     VARCHAR,             -- free error text, secrets replaced by fingerprints
    http_status    INTEGER,             -- HTTP status found in the record or its error text
    scim_type      VARCHAR,             -- RFC 7644 scimType found in the error text
    error_url      VARCHAR,             -- first URL found in the error text
    token_fingerprint VARCHAR,          -- fingerprint of a token found in the record (never the token)
    token_tenant   VARCHAR,             -- tid/iss claim of a JWT found in the record
    failure_class  VARCHAR,             -- set by analyze: token, endpoint, tenant, resource, mapping, scope, throttle, license, unknown
    class_evidence VARCHAR              -- set by analyze: what decided the class
);

-- Requests seen by SCIM targets (access logs).
CREATE TABLE IF NOT EXISTS access (
    source_id    INTEGER NOT NULL,      -- sources.id
    line         BIGINT,                -- line of the input
    time         TIMESTAMP,             -- when the request was received
    host         VARCHAR,               -- the virtual host / domain requested
    method       VARCHAR,               -- HTTP method
    path         VARCHAR,               -- URL path, percent-encoded as logged
    query        VARCHAR,               -- raw query string
    endpoint     VARCHAR,               -- scheme://host + scim_base: the SCIM base URL that was called
    scim_base    VARCHAR,               -- the path before the SCIM resource segment
    resource     VARCHAR,               -- Users, Groups, ServiceProviderConfig, Schemas, ResourceTypes, Bulk, .search, Me
    resource_id  VARCHAR,               -- the segment after the resource, decoded
    filter_attr  VARCHAR,               -- attribute of a simple eq filter (userName, externalId, …)
    filter_value VARCHAR,               -- its value, decoded and unquoted
    status       INTEGER,               -- HTTP status returned
    bytes        BIGINT,                -- response bytes
    user_agent   VARCHAR,               -- the client's user agent
    client_ip    VARCHAR,               -- the client address
    platform     VARCHAR,               -- IdP inferred from the user agent (okta, entra, authentik) or NULL
    token_fingerprint VARCHAR,          -- fingerprint of the bearer token, when the log has it
    token_tenant VARCHAR                -- tid/iss claim of a JWT bearer token, when the log has it
);

-- Configured connectors: the inventory CSV and platform configuration exports.
CREATE TABLE IF NOT EXISTS connectors (
    source_id    INTEGER NOT NULL,      -- sources.id
    line         BIGINT,                -- line of the input
    platform     VARCHAR NOT NULL,      -- okta, entra, …
    tenant       VARCHAR,               -- the IdP tenant the connector belongs to
    app          VARCHAR,               -- target application name
    connector_id VARCHAR,               -- Okta AppInstance id, Entra jobId, …
    enabled      BOOLEAN,               -- NULL when the input does not say
    base_url     VARCHAR,               -- configured SCIM base URL, without trailing slash
    token_fingerprint VARCHAR,          -- fingerprint of the configured token (never the token)
    owner        VARCHAR,               -- who owns the connector
    status       VARCHAR,               -- platform job status (Entra: Active, Paused, Quarantine: <code>)
    origin       VARCHAR NOT NULL       -- inventory or config
);

-- Records that could not be stored, with where they were and why. Nothing is dropped silently.
CREATE TABLE IF NOT EXISTS rejects (
    source_id INTEGER NOT NULL,         -- sources.id
    line      BIGINT,                   -- line where the record starts (NULL for whole-input problems)
    "offset"  BIGINT,                   -- byte offset where the record starts, after decompression
    reason    VARCHAR NOT NULL,         -- what is wrong
    raw       VARCHAR                   -- the record's text (first 64 KiB), secrets replaced by fingerprints
);

-- ── Written by analyze (each run replaces their rows) ──────────────────────────────────────

-- The migration map's settings, one row; all NULL when no map was given.
CREATE TABLE IF NOT EXISTS map_settings (
    cutover     TIMESTAMP,              -- when provisioning should have moved
    grace_end   TIMESTAMP,              -- cutover + grace: old endpoints may see traffic until then
    map_path    VARCHAR                 -- the map file analysed with
);

-- The map's [old] and [new] lists: one row per value.
CREATE TABLE IF NOT EXISTS map_sides (
    side  VARCHAR NOT NULL,             -- old or new
    kind  VARCHAR NOT NULL,             -- platform, tenant, endpoint, token
    value VARCHAR NOT NULL              -- lower case; endpoints normalised (no trailing slash, default port)
);

-- The map's [[apps]]: one row per app, and one alias row per name the platforms log for it.
CREATE TABLE IF NOT EXISTS map_apps (
    app      VARCHAR NOT NULL,          -- the app's name in the map
    endpoint VARCHAR,                   -- intended post-migration SCIM base URL
    owner    VARCHAR                    -- who owns it
);
CREATE TABLE IF NOT EXISTS map_aliases (
    app   VARCHAR NOT NULL,             -- map_apps.app
    alias VARCHAR NOT NULL              -- lower case: the app's name itself and each alias
);

-- Analysis thresholds, one row (set by analyze from its defaults).
CREATE TABLE IF NOT EXISTS analysis_settings (
    correlation_before_s INTEGER NOT NULL, -- an access request may precede its IdP event by this much
    correlation_after_s  INTEGER NOT NULL, -- … or follow it by this much
    failing_share        DOUBLE NOT NULL,  -- failure share above which provisioning_failing fires
    failing_min_events   INTEGER NOT NULL, -- … given at least this many events
    scope_jump           DOUBLE NOT NULL,  -- rise of the skipped share after cutover that is scope_drift
    retention_days       INTEGER NOT NULL  -- the exports should start this many days before cutover
);

-- Every connector seen (events, inventory, config) resolved to one application.
CREATE TABLE IF NOT EXISTS connector_apps (
    platform      VARCHAR NOT NULL,
    tenant        VARCHAR,              -- from the events, else the inventory
    connector_id  VARCHAR NOT NULL,
    app           VARCHAR NOT NULL,     -- the map's app, or the connector's own name when no alias matches
    mapped        BOOLEAN NOT NULL,     -- app comes from the map
    resolved_by   VARCHAR NOT NULL,     -- alias:connector_id, alias:name, endpoint, name (unmapped)
    side          VARCHAR NOT NULL,     -- old, new or unknown (by tenant, else platform)
    enabled       BOOLEAN,              -- from the inventory or config, NULL when unknown
    base_url      VARCHAR,              -- configured base URL (inventory/config)
    token_fingerprint VARCHAR,          -- configured token's fingerprint
    owner         VARCHAR,              -- map owner, else inventory owner
    events        BIGINT NOT NULL,      -- events logged for it
    first_event   TIMESTAMP,
    last_event    TIMESTAMP,
    writes_after_grace BIGINT NOT NULL  -- create/update/disable/enable/delete/group events after cutover + grace
);

-- Which SCIM endpoint each connector calls, by each kind of evidence.
CREATE TABLE IF NOT EXISTS connector_endpoints (
    platform     VARCHAR NOT NULL,
    connector_id VARCHAR NOT NULL,
    endpoint     VARCHAR NOT NULL,      -- normalised SCIM base URL
    evidence     VARCHAR NOT NULL,      -- correlation, user_agent, error_url, inventory
    strength     INTEGER NOT NULL,      -- 1 strongest (correlation) … 4 (inventory)
    hits         BIGINT NOT NULL,       -- events correlated / requests / errors / 1
    share        DOUBLE,                -- correlation: share of the connector's correlatable events
    first_seen   TIMESTAMP,
    last_seen    TIMESTAMP,
    hits_after_cutover BIGINT NOT NULL,
    role         VARCHAR NOT NULL,      -- old, new or unknown (the map's endpoint lists)
    decided      BOOLEAN NOT NULL       -- the endpoint analyze takes as the one the connector calls
);

-- The application each endpoint serves, when the evidence names exactly one: from connectors'
-- decided endpoints and configured base URLs, and the map's app endpoints.
CREATE TABLE IF NOT EXISTS endpoint_apps (
    endpoint VARCHAR NOT NULL,          -- normalised, lower case
    app      VARCHAR,                   -- NULL when the evidence names several apps
    apps     VARCHAR NOT NULL           -- every app the evidence names, comma-separated
);

-- Findings, one row each; id is stable across runs (kind, app, connector, endpoint).
CREATE TABLE IF NOT EXISTS findings (
    id         VARCHAR NOT NULL,        -- first 16 hex of SHA-256 of kind|app|connector|endpoint
    kind       VARCHAR NOT NULL,        -- DESIGN.md finding kinds
    severity   VARCHAR NOT NULL,        -- critical, high, medium, low, info
    app        VARCHAR,
    platform   VARCHAR,
    tenant     VARCHAR,
    connector  VARCHAR,
    endpoint   VARCHAR,
    count      BIGINT NOT NULL,         -- events/requests that support it
    first_seen TIMESTAMP,
    last_seen  TIMESTAMP,
    evidence   VARCHAR NOT NULL         -- what decided it, for a person to check
);

-- Per-application verdicts.
CREATE TABLE IF NOT EXISTS apps (
    app     VARCHAR NOT NULL,
    verdict VARCHAR NOT NULL,           -- migrated, stale, split, failing, unverified, retired
    owner   VARCHAR,
    mapped  BOOLEAN NOT NULL,           -- the app is in the map
    reason  VARCHAR NOT NULL            -- one line: why this verdict
);
