-- name: native_okta
-- description: DuckDB's own NDJSON reader reads a file of Okta LogEvents ($path, $compression) in one ordered pass and maps every record onto one events row of source $source_id, as the Go decoder (ingest/okta_systemlog.go) would map it. Rows keep the file's order, so ingest numbers their lines afterwards from their rowids (native_lines). A record this SQL cannot vouch for is stored as a pending row (action ''), for ingest to decide with the Go decoder from its raw line: result 'suspect' (not a JSON object — DuckDB then gives a row of NULLs —, no eventType, an unusual time, target or value, anything that may hold a secret) or 'out_of_scope' (an event type that is no provisioning evidence). The Go decoder's own logic is called as functions (scimdrift_okta_kind, scimdrift_unsure), and the patterns and names of ingest/evidence.go come as variables (native_values).
INSERT INTO events BY NAME
WITH raw AS (
    SELECT *
    FROM read_ndjson($path, format = 'newline_delimited', records = true, compression = $compression,
        ignore_errors = true, columns = {
        uuid: 'VARCHAR', published: 'VARCHAR', eventType: 'VARCHAR', legacyEventType: 'VARCHAR', severity: 'VARCHAR',
        outcome: 'STRUCT(result VARCHAR, reason VARCHAR)',
        actor: 'STRUCT(alternateId VARCHAR, displayName VARCHAR)',
        "transaction": 'STRUCT(id VARCHAR)',
        debugContext: 'STRUCT(debugData STRUCT(appname VARCHAR, detailedMessage VARCHAR, errorMessage VARCHAR, errorSummary VARCHAR, reason VARCHAR, cause VARCHAR, errorCode VARCHAR))',
        target: 'STRUCT(id VARCHAR, "type" VARCHAR, alternateId VARCHAR, displayName VARCHAR)[]',
        tenant: 'VARCHAR', org: 'VARCHAR', orgUrl: 'VARCHAR', oktaOrg: 'VARCHAR', oktaOrgUrl: 'VARCHAR', oktaDomain: 'VARCHAR'
    })
),
-- What the event type means: "action object", by the Go decoder's own catalogue (oktaKindOf).
kinds AS (
    SELECT *, scimdrift_okta_kind(eventType, legacyEventType) AS kind
    FROM raw
),
-- Targets by role, picked by type, never by position (pickTargets): the first of each role. An
-- entry that is no object (DuckDB gives a struct of NULLs) or whose type the Go decoder would
-- trim is 'odd': the Go decoder rejects or reads it.
picked AS (
    SELECT *,
        target[list_position(roles, 'app')] AS app,
        target[list_position(roles, 'user')] AS usr,
        target[list_position(roles, 'appuser')] AS app_user,
        target[list_position(roles, 'group')] AS grp,
        target[list_position(roles, 'appgroup')] AS app_group,
        list_contains(roles, 'odd') AS odd_target,
        -- the first error field with text (oktaErrorFields)
        coalesce(nullif(outcome.reason, ''), nullif(debugContext.debugData.detailedMessage, ''),
            nullif(debugContext.debugData.errorMessage, ''), nullif(debugContext.debugData.errorSummary, ''),
            nullif(debugContext.debugData.reason, ''), nullif(debugContext.debugData.cause, '')) AS error_text
    FROM (
        -- (not for a record of no provisioning kind, which keeps only its event type)
        SELECT *, CASE WHEN kind IS NOT NULL THEN list_transform(target, lambda t: CASE
            -- Okta's own spellings first, compared as they are
            WHEN t."type" = 'AppUser' THEN 'appuser'
            WHEN t."type" = 'AppInstance' THEN 'app'
            WHEN t."type" = 'User' THEN 'user'
            WHEN t."type" = 'UserGroup' THEN 'group'
            WHEN t IS NULL THEN NULL
            WHEN t."type" IS NULL THEN
                CASE WHEN t.id IS NULL AND t.alternateId IS NULL AND t.displayName IS NULL THEN 'odd' END
            WHEN ascii(t."type") NOT BETWEEN 33 AND 127 OR ascii(right(t."type", 1)) NOT BETWEEN 33 AND 127 THEN 'odd'
            WHEN lower(t."type") = 'appinstance' THEN 'app'
            WHEN lower(t."type") = 'user' THEN 'user'
            WHEN lower(t."type") = 'appuser' THEN 'appuser'
            WHEN contains(lower(t."type"), 'group') AND starts_with(lower(t."type"), 'app') THEN 'appgroup'
            WHEN contains(lower(t."type"), 'group') THEN 'group'
        END) END AS roles
        FROM kinds
    )
),
-- Every text read goes through the screen (scimdrift_unsure: a text the Go decoder may read
-- otherwise, or one that may hold a secret, sends the record to Go).
-- A record of no provisioning kind (or no JSON object at all) keeps only its event type, to be
-- counted out of scope, and only that is screened.
screened AS (
    SELECT *,
        CASE WHEN kind IS NULL THEN scimdrift_unsure(eventType, legacyEventType)
            ELSE scimdrift_unsure(uuid, eventType, legacyEventType, severity, outcome.result,
            outcome.reason, actor.alternateId, actor.displayName, "transaction".id, debugContext.debugData.appname,
            debugContext.debugData.detailedMessage, debugContext.debugData.errorMessage,
            debugContext.debugData.errorSummary, debugContext.debugData.reason, debugContext.debugData.cause,
            debugContext.debugData.errorCode, app.id, app.alternateId, app.displayName, usr.id, usr.alternateId,
            app_user.id, app_user.alternateId, grp.id, grp.alternateId, grp.displayName, app_group.id,
            app_group.alternateId, app_group.displayName) END IS NOT NULL AS unsure,
        coalesce(try_strptime(published, '%Y-%m-%dT%H:%M:%S.%gZ'), try_strptime(published, '%Y-%m-%dT%H:%M:%SZ')) AS time
    FROM picked
),
vouched AS (
    SELECT *,
        CASE
            WHEN nullif(eventType, '') IS NULL OR unsure THEN 'suspect'
            WHEN kind IS NULL THEN 'out_of_scope'
            WHEN time IS NULL OR target IS NULL OR odd_target
                OR coalesce(tenant, org, orgUrl, oktaOrg, oktaOrgUrl, oktaDomain) IS NOT NULL THEN 'suspect'
        END AS pending
    FROM screened
)
SELECT
    $source_id::INTEGER AS source_id,
    CASE WHEN pending IS NULL THEN time END AS time,
    'okta' AS platform,
    CASE WHEN pending IS NULL THEN nullif(uuid, '') END AS event_id,
    nullif(eventType, '') AS event_type,
    CASE WHEN pending IS NULL THEN nullif(legacyEventType, '') END AS legacy_type,
    CASE WHEN pending IS NULL THEN nullif(app.id, '') END AS connector_id,
    CASE WHEN pending IS NULL THEN nullif(app.alternateId, '') END AS app_name,
    CASE WHEN pending IS NULL THEN coalesce(nullif(debugContext.debugData.appname, ''), nullif(app.displayName, '')) END AS app_kind,
    CASE WHEN pending IS NULL THEN split_part(kind, ' ', 1) ELSE '' END AS action,
    CASE WHEN pending IS NULL THEN split_part(kind, ' ', 2) ELSE '' END AS object,
    CASE
        WHEN pending IS NOT NULL THEN pending
        WHEN upper(outcome.result) IN ('SUCCESS', 'ALLOW') THEN 'success'
        WHEN upper(outcome.result) IN ('FAILURE', 'DENY') THEN 'failure'
        WHEN upper(outcome.result) = 'SKIPPED' THEN 'skipped'
        WHEN outcome.result <> '' THEN 'warning'
        WHEN contains(lower(legacyEventType), 'fail') OR contains(lower(legacyEventType), '.error') THEN 'failure'
        WHEN ends_with(lower(legacyEventType), 'success') THEN 'success'
        WHEN upper(severity) = 'ERROR' THEN 'failure'
        ELSE 'warning'
    END AS result,
    CASE WHEN pending IS NULL THEN nullif(usr.alternateId, '') END AS user_name,
    CASE WHEN pending IS NULL THEN coalesce(nullif(usr.id, ''), nullif(grp.id, '')) END AS user_id,
    CASE WHEN pending IS NULL THEN coalesce(nullif(grp.displayName, ''), nullif(grp.alternateId, ''),
        nullif(app_group.displayName, ''), nullif(app_group.alternateId, '')) END AS group_name,
    CASE WHEN pending IS NULL THEN
        CASE WHEN coalesce(app_user.id, '') = '' AND coalesce(app_user.alternateId, '') = '' THEN nullif(app_group.id, '')
             ELSE nullif(app_user.id, '') END END AS target_id,
    CASE WHEN pending IS NULL THEN
        CASE WHEN coalesce(app_user.id, '') = '' AND coalesce(app_user.alternateId, '') = ''
             THEN coalesce(nullif(app_group.alternateId, ''), nullif(app_group.displayName, ''))
             ELSE nullif(app_user.alternateId, '') END END AS target_name,
    CASE WHEN pending IS NULL THEN nullif("transaction".id, '') END AS run_id,
    CASE WHEN pending IS NULL THEN coalesce(nullif(actor.alternateId, ''), nullif(actor.displayName, '')) END AS actor,
    CASE WHEN pending IS NULL THEN nullif(debugContext.debugData.errorCode, '') END AS error_code,
    CASE WHEN pending IS NULL THEN error_text END AS error_text,
    -- the evidence of the error text, with Go's own patterns (native_values)
    CASE WHEN pending IS NULL THEN http_status_in(error_text) END AS http_status,
    CASE WHEN pending IS NULL THEN scim_type_in(error_text) END AS scim_type,
    CASE WHEN pending IS NULL THEN url_in(error_text) END AS error_url
FROM vouched
