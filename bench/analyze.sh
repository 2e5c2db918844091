#!/usr/bin/env bash
# Times `scimdrift analyze` and `scimdrift report` (json and markdown) on a store of about
# EVENTS stored rows, built from generated exports holding all three kinds of evidence: Okta
# and Entra provisioning events, the SCIM access logs of the requests those events made (the
# same seeds, so that the analyses can correlate them), and a connector inventory.
#
#   bench/analyze.sh 10000000        # builds bench/out/analyze-10000000.duckdb once, then times
#
# The store is built file by file (generate, ingest, delete the input), so that the disk holds
# one chunk at a time; it is kept for the next run (delete it when done). The map is
# bench/migration.toml. The story: Okta provisions every app until the cutover (2026-11-16) and
# four of them after it; the Entra jobs start with a pilot on 2026-11-12 and run to the end of
# the month, two of them calling the old endpoints.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

events=${1:?usage: bench/analyze.sh EVENTS}
out=bench/out
store=$out/analyze-$events.duckdb
map=bench/migration.toml
mkdir -p "$out"
go build -o "$out/scimdrift" ./cmd/scimdrift
go build -o "$out/gen" ./bench/gen
bin=$out/scimdrift

# chunk NAME PLATFORM SHARE SEED FROM TO [GEN FLAGS...]: one IdP export of SHARE × EVENTS events
# and the access log of its requests, ingested together.
chunk() {
	local name=$1 platform=$2 share=$3 seed=$4 from=$5 to=$6
	shift 6
	local n shape dir=$out/analyze-input
	n=$(awk -v e="$events" -v s="$share" 'BEGIN { printf "%d", e * s }')
	shape=okta-ndjson
	[ "$platform" = entra ] && shape=entra-diagnostic
	mkdir -p "$dir"
	"$out/gen" -shape "$shape" -n "$n" -seed "$seed" -from "$from" -to "$to" "$@" -out "$dir/$name.ndjson"
	"$out/gen" -shape access-combined -mirror "$platform" -n "$n" -seed "$seed" -from "$from" -to "$to" "$@" -out "$dir/$name-scim.access.log"
	"$bin" ingest --db "$store.tmp" "$dir/$name.ndjson" "$dir/$name-scim.access.log"
	rm -f "$dir/$name.ndjson" "$dir/$name-scim.access.log"
}

if [ ! -f "$store" ]; then
	df -h "$out"
	rm -f "$store.tmp" "$store.tmp.wal"
	start=$(date +%s)
	# Shares of EVENTS chosen so that stored rows come to about EVENTS: 70 % of Okta records are
	# provisioning, and each provisioning event made one or two SCIM requests.
	chunk okta-1 okta 0.10 11 2026-11-02T00:00:00Z 2026-11-09T00:00:00Z
	chunk okta-2 okta 0.10 12 2026-11-09T00:00:00Z 2026-11-16T00:00:00Z
	chunk okta-3 okta 0.05 13 2026-11-16T00:00:00Z 2026-11-30T00:00:00Z -apps github,jira,box,expenses
	chunk entra-1 entra 0.10 21 2026-11-12T00:00:00Z 2026-11-21T00:00:00Z
	chunk entra-2 entra 0.10 22 2026-11-21T00:00:00Z 2026-11-30T00:00:00Z
	"$out/gen" -shape inventory -out "$out/analyze-input/inventory.csv"
	"$bin" ingest --db "$store.tmp" "$out/analyze-input/inventory.csv"
	rm -rf "$out/analyze-input"
	mv "$store.tmp" "$store"
	[ -f "$store.tmp.wal" ] && mv "$store.tmp.wal" "$store.wal"
	echo "store built in $(($(date +%s) - start)) s" >&2
fi

# q SQL: the one value a query returns.
q() { "$bin" query --db "$store" --format csv "$1" | tail -n +2 | sed 's/^"//; s/"$//'; }
machine ", DuckDB $(q "SELECT version()")"
echo "store: $store, $(du -m "$store" | cut -f1) MB: $(q "SELECT (SELECT count(*) FROM events) || ' events, ' || (SELECT count(*) FROM access) || ' access requests, ' || (SELECT count(*) FROM connectors) || ' connectors, ' || (SELECT count(*) FROM rejects) || ' rejects, from ' || (SELECT count(*) FROM sources) || ' files'")"
echo "stored rows: $(q "SELECT (SELECT count(*) FROM events) + (SELECT count(*) FROM access) + (SELECT count(*) FROM connectors)") (asked for about $events)"

# timed LABEL STDOUT CMD...: runs CMD, its output to STDOUT, and prints its figures.
timed() {
	local label=$1 stdout=$2
	shift 2
	rm -f "$out/analyze.times"
	timed_run "$out/analyze.times" "$stdout" "$@"
	awk -v l="$label" '{ printf "%-16s wall %7.2f s   user+sys %7.2f s   peak RSS %6.0f MiB   (other processes: %.1f s of CPU meanwhile)\n", l, $1, $2, $3 / 1024, $4 }' "$out/analyze.times"
}
echo
timed "analyze" "$out/analyze.txt" "$bin" analyze --db "$store" --map "$map"
timed "report json" /dev/null "$bin" report --db "$store" --format json --out "$out/report.json" --fail-on none
timed "report markdown" /dev/null "$bin" report --db "$store" --format markdown --out "$out/report.md" --fail-on none
echo
echo "analyze said: $(cat "$out/analyze.txt")"
echo "report: $(wc -c <"$out/report.json") bytes of JSON, $(wc -c <"$out/report.md") of markdown; $(q "SELECT count(*) || ' findings, ' || count(DISTINCT app) || ' apps' FROM findings"); verdicts: $(q "SELECT string_agg(verdict || ' ' || n, ', ' ORDER BY verdict) FROM (SELECT verdict, count(*) AS n FROM apps GROUP BY verdict)")"
