-- name: classify_failures
-- description: gives every failed, warning or skipped event a failure class (DESIGN.md) and the signal that decided it; the first matching rule wins.
UPDATE events SET failure_class = NULL, class_evidence = NULL WHERE failure_class IS NOT NULL;

UPDATE events SET failure_class = c.class, class_evidence = c.evidence
FROM (
    WITH s AS (
        SELECT rowid AS rid, result, action, http_status, scim_type, token_tenant, error_code,
               -- on one line: SIMILAR TO's '.' does not match a line break, and error texts have them
               lower(regexp_replace(coalesce(error_text, ''), '\s+', ' ', 'g')) AS txt,
               lower(coalesce(error_code, '')) AS code,
               lower(coalesce(event_type, '') || ' ' || coalesce(legacy_type, '')) AS typ
        FROM events
        WHERE result IN ('failure', 'warning', 'skipped')
    ),
    rules AS (
        SELECT rid,
            CASE
                WHEN result = 'skipped' THEN ['scope', 'skipped' || coalesce(' (' || error_code || ')', '')]
                WHEN token_tenant IS NOT NULL AND EXISTS (SELECT 1 FROM map_sides m WHERE m.side = 'old' AND m.kind = 'tenant' AND (lower(token_tenant) = m.value OR lower(token_tenant) LIKE '%//' || m.value || '%' OR lower(token_tenant) LIKE '%/' || m.value || '/%'))
                    THEN ['tenant', 'token issued by retired tenant ' || token_tenant]
                WHEN txt SIMILAR TO '.*(another tenant|different tenant|tenant mismatch|wrong tenant).*'
                    THEN ['tenant', 'text names another tenant']
                WHEN http_status = 429 OR code LIKE '%toomanyrequests%' OR typ LIKE '%rate_limit%' OR txt LIKE '%too many requests%'
                    THEN ['throttle', coalesce('http ' || CASE WHEN http_status = 429 THEN 429 END, 'code ' || error_code, 'rate limit')]
                WHEN http_status IN (401, 403) THEN ['token', 'http ' || http_status]
                WHEN code SIMILAR TO '.*(unauthorized|invalidcredentials|insufficientrights|notpermitted|credentialvalidationfailure|quarantineexception).*'
                    THEN ['token', 'code ' || error_code]
                WHEN typ LIKE '%authentication_failure%' OR typ LIKE '%app.api.error.auth%' OR typ LIKE '%oauth%token%'
                    THEN ['token', 'event type ' || trim(typ)]
                WHEN txt SIMILAR TO '.*(invalid scim token|credentials used to connect|invalid credentials|error authenticating|token (has )?expired|token (was |has been )?revoked|invalid token).*'
                    THEN ['token', 'text: credentials refused']
                WHEN code LIKE '%license%' OR txt LIKE '%license limit%' OR txt LIKE '%no license%'
                    THEN ['license', coalesce('code ' || error_code, 'text: license')]
                WHEN http_status >= 500 THEN ['endpoint', 'http ' || http_status]
                WHEN code SIMILAR TO '.*(serviceincompatible|webexceptionprotocolerror|timeout|internalservererror|notimplemented|credentialvalidationunavailable).*'
                    THEN ['endpoint', 'code ' || error_code]
                WHEN http_status IN (404, 405) AND action IN ('lookup', 'create', 'import', 'other')
                     AND code NOT LIKE '%invalidanchor%' AND txt NOT LIKE '%user not found%'
                    THEN ['endpoint', 'http ' || http_status || ' on ' || action || ': the base path does not answer']
                WHEN typ LIKE '%general_failure%' THEN ['endpoint', 'event type ' || trim(typ)]
                WHEN txt SIMILAR TO '.*(could not be tested|unknownhost|unknown host|connection refused|connect timed out|timed out|ssl handshake|ssl error|ssl exception|tls handshake|certificate|name or service not known|tenant url|error occured while sending the request|error occurred while sending the request|not a scim).*'
                    THEN ['endpoint', 'text: connection or base URL']
                WHEN http_status IN (404, 409, 410) THEN ['resource', 'http ' || http_status]
                WHEN scim_type = 'uniqueness' THEN ['resource', 'scimType uniqueness']
                WHEN code SIMILAR TO '.*(conflict|invalidanchor|duplicatetarget|duplicatesource|multipleentries).*'
                    THEN ['resource', 'code ' || error_code]
                WHEN txt SIMILAR TO '.*(already exist|matching user not found|no user returned|user not found).*'
                    THEN ['resource', 'text: object exists or is gone']
                WHEN http_status IN (400, 422) THEN ['mapping', 'http ' || http_status || coalesce(' scimType ' || scim_type, '')]
                WHEN scim_type IS NOT NULL THEN ['mapping', 'scimType ' || scim_type]
                WHEN code SIMILAR TO '.*(badrequest|schemaattributenotfound|schemapropertycanonlyacceptvalue|mandatoryfieldsmissing|missingvalues|invaliddomain|unprocessableentity|attributevalidationfailed).*'
                    THEN ['mapping', 'code ' || error_code]
                WHEN txt SIMILAR TO '.*(no schema|invalidvaluetypeforproperty|invalid parameter|mapping|expression).*'
                    THEN ['mapping', 'text: attribute or schema']
                ELSE ['unknown', coalesce('code ' || error_code, 'no recognised signal')]
            END AS decided
        FROM s
    )
    SELECT rid, decided[1] AS class, decided[2] AS evidence FROM rules ORDER BY rid
) AS c
WHERE events.rowid = c.rid;
