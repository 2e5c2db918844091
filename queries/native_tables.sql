-- name: native_tables
-- description: The temporary tables of ingest's fast path, made afresh for each file: the lookups Go hands the native query (read into variables by native_values), the blank lines between records (native_lines_gaps), and lines ingest names (native_forced, native_samples).
CREATE OR REPLACE TEMP TABLE native_values (name VARCHAR, ord INTEGER, key VARCHAR, value VARCHAR, value2 VARCHAR);
CREATE OR REPLACE TEMP TABLE native_gaps (record BIGINT, blanks BIGINT);
CREATE OR REPLACE TEMP TABLE native_picks (line BIGINT);
