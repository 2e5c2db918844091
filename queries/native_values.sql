-- name: native_values
-- description: Turns the lookups Go put in native_values into the variables and macros the native queries read: ingest/evidence.go's patterns and names, and HTTPStatusIn, SCIMTypeIn and URLIn as macros of them (http_status_in, scim_type_in, url_in: NULL where Go finds nothing).
SET VARIABLE status_names = (SELECT map(list(key ORDER BY ord), list(value::INTEGER ORDER BY ord)) FROM native_values WHERE name = 'status_names');
SET VARIABLE scim_types = (SELECT map(list(key ORDER BY ord), list(value ORDER BY ord)) FROM native_values WHERE name = 'scim_types');
SET VARIABLE status_number_re = (SELECT value FROM native_values WHERE name = 'status_number_re');
SET VARIABLE status_name_re = (SELECT value FROM native_values WHERE name = 'status_name_re');
SET VARIABLE reason_phrase_re = (SELECT value FROM native_values WHERE name = 'reason_phrase_re');
SET VARIABLE scim_type_re = (SELECT value FROM native_values WHERE name = 'scim_type_re');
SET VARIABLE url_re = (SELECT value FROM native_values WHERE name = 'url_re');
CREATE OR REPLACE TEMP MACRO http_status_in(text) AS coalesce(
    TRY_CAST(nullif(regexp_extract(text, getvariable('status_number_re'), 1), '') AS INTEGER),
    getvariable('status_names')[lower(regexp_extract(text, getvariable('status_name_re'), 1))],
    getvariable('status_names')[lower(regexp_extract(text, getvariable('reason_phrase_re'), 1))]);
CREATE OR REPLACE TEMP MACRO scim_type_in(text) AS
    getvariable('scim_types')[lower(regexp_extract(text, getvariable('scim_type_re'), 1))];
CREATE OR REPLACE TEMP MACRO url_in(text) AS
    nullif(rtrim(regexp_extract(text, getvariable('url_re')), '.:'), '');
