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
