-- name: native_samples
-- description: The rows of a natively read file ($source_id) at the lines ingest checks against the Go decoder (native_picks), every column the decoder fills.
SELECT line, time, platform, coalesce(tenant, ''), coalesce(event_id, ''), coalesce(event_type, ''), coalesce(legacy_type, ''),
    coalesce(connector_id, ''), coalesce(app_name, ''), coalesce(app_kind, ''), action, object, result,
    coalesce(user_name, ''), coalesce(user_id, ''), coalesce(group_name, ''), coalesce(target_id, ''),
    coalesce(target_name, ''), coalesce(run_id, ''), coalesce(actor, ''), coalesce(error_code, ''),
    coalesce(error_text, ''), coalesce(http_status, 0), coalesce(scim_type, ''), coalesce(error_url, ''),
    coalesce(token_fingerprint, ''), coalesce(token_tenant, '')
FROM events
WHERE source_id = $source_id AND line IN (SELECT line FROM native_picks)
ORDER BY line;
