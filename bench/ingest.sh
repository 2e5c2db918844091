#!/usr/bin/env bash
# Times `scimdrift ingest` on a generated export and prints events/s, MB/s and peak RSS.
#   bench/ingest.sh [SHAPE] [EVENTS]      e.g. bench/ingest.sh okta-ndjson 1000000
set -euo pipefail
cd "$(dirname "$0")/.."
shape=${1:-okta-ndjson}
n=${2:-200000}
out=bench/out
mkdir -p "$out"
go build -o "$out/scimdrift" ./cmd/scimdrift
input="$out/$shape-$n.ndjson"
[ -f "$input" ] || go run ./bench/gen -shape "$shape" -n "$n" -out "$input"
rm -f "$out/bench.duckdb" "$out/bench.duckdb.wal"
cat "$input" >/dev/null # into the page cache, so the file system is not what is measured
/usr/bin/time -f '%e %M' -o "$out/time.txt" "$out/scimdrift" ingest --db "$out/bench.duckdb" "$input" >"$out/ingest.txt"
read -r secs rss_kb <"$out/time.txt"
bytes=$(stat -c %s "$input")
cat "$out/ingest.txt"
awk -v n="$n" -v s="$secs" -v b="$bytes" -v r="$rss_kb" -v shape="$shape" 'BEGIN {
  printf "%s: %d events, %.1f MB in %.2f s: %.0f events/s, %.1f MB/s, peak RSS %.0f MiB\n", shape, n, b/1e6, s, n/s, b/1e6/s, r/1024 }'
