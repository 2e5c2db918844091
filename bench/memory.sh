#!/usr/bin/env bash
# Prints the peak RSS and wall of `scimdrift ingest` on an export of about SIZE_GB gigabytes
# (10^9 bytes), to show whether memory grows with the input. SHAPE (default okta-ndjson, which
# DuckDB's reader parses) may name any NDJSON shape of bench/gen: entra-diagnostic is read by the
# Go decoders.
#
#   bench/memory.sh 0.05                        # 50 MB
#   bench/memory.sh 5                           # 5 GB: needs about 5.5 GB free beside bench/out
#   SHAPE=entra-diagnostic bench/memory.sh 5
#
# The input and the store are deleted afterwards unless KEEP=1 (then a later run reuses the input).
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

size=${1:?usage: [SHAPE=okta-ndjson] bench/memory.sh SIZE_GB}
shape=${SHAPE:-okta-ndjson}
out=bench/out
mkdir -p "$out"
df -h "$out"
go build -o "$out/scimdrift" ./cmd/scimdrift
go build -o "$out/gen" ./bench/gen

# Events for the size: the bytes per event of a sample of the same generator.
"$out/gen" -shape "$shape" -n 20000 -out "$out/sample.ndjson" 2>/dev/null
per_event=$(($(stat -c %s "$out/sample.ndjson") / 20000))
rm -f "$out/sample.ndjson"
n=$(awk -v s="$size" -v p="$per_event" 'BEGIN { printf "%d", s * 1e9 / p }')
input=$out/memory-$shape-$n.ndjson
store=$out/memory.duckdb

cleanup() {
	rm -f "$store" "$store.wal" "$input.tmp" "$out/memory.times" "$out/memory.stdout"
	[ -n "${KEEP:-}" ] || rm -f "$input"
}
trap cleanup EXIT

if [ ! -f "$input" ]; then
	need_kb=$(awk -v s="$size" 'BEGIN { printf "%d", s * 1e9 * 1.1 / 1024 }') # the input and its store (~3 %)
	avail_kb=$(df -Pk "$out" | awk 'NR == 2 { print $4 }')
	if [ "$avail_kb" -lt "$need_kb" ]; then
		echo "not enough disk: $((avail_kb / 1048576)) GiB free beside $out, about $((need_kb / 1048576 + 1)) GiB needed" >&2
		exit 1
	fi
	"$out/gen" -shape "$shape" -n "$n" -out "$input.tmp"
	mv "$input.tmp" "$input"
fi
bytes=$(stat -c %s "$input")
cat "$input" >/dev/null # into the page cache (when it fits), so that the disk is not what is measured

rm -f "$store" "$store.wal"
rm -f "$out/memory.times"
timed_run "$out/memory.times" "$out/memory.stdout" "$out/scimdrift" ingest --db "$store" "$input"
cat "$out/memory.stdout"
read -r wall cpu rss_kb others <"$out/memory.times"
store_bytes=$(stat -c %s "$store")
machine ""
awk -v shape="$shape" -v n="$n" -v b="$bytes" -v w="$wall" -v c="$cpu" -v r="$rss_kb" -v st="$store_bytes" -v o="$others" 'BEGIN {
	printf "%s, %d events, %.2f GB: scimdrift ingest peak RSS %.0f MiB, wall %.1f s (user+sys %.1f s), %.0f events/s, %.1f MB/s; store %.0f MB; other processes used %.1f s of CPU meanwhile\n",
		shape, n, b / 1e9, r / 1024, w, c, n / w, b / 1e6 / w, st / 1e6, o }'
