#!/usr/bin/env bash
# Times `scimdrift ingest` against DuckDB's own reader (run through the same binary, with
# `scimdrift query`) on one generated export, in interleaved rounds, and prints the medians.
#
#   bench/ingest.sh SHAPE EVENTS [RUNS] [gz]     e.g. bench/ingest.sh okta-ndjson 1000000
#   GZ=1 bench/ingest.sh entra-diagnostic 1000000 5
#
# SHAPE: okta-ndjson, okta-array, entra-diagnostic, entra-graph, access-combined (bench/gen).
# RUNS defaults to 3. With gz (or GZ=1) every round also times the .gz of the same data on both
# sides, and gz/plain is printed for both.
#
# The DuckDB side creates a table in bench/out/native.duckdb from
#   read_ndjson(FILE, format='newline_delimited', records=true, ignore_errors=true, columns={…})
# with the columns of bench/columns/SHAPE.txt: the fields scimdrift's decoder reads for that
# platform (okta-array: read_json with format='array'; access-combined: read_csv with a space
# delimiter, the combined format's fields as columns). For entra-graph, the page files are read
# with one glob, read_json(DIR/page-*.json, records=true, columns={value: 'STRUCT(…)[]'}), and
# `value` is unnested into one row per provisioning object: that is how a Graph page holds its
# records, and it makes the table the same shape as the NDJSON shapes give (one row per record,
# one column per field), so that both sides do the same work. `scimdrift query` opens its own
# store read-only; ATTACH … (READ_WRITE) of another file is allowed, which is what is used here.
#
# Inputs are generated once into bench/out/ (gitignored) and kept; delete them when done.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

usage="usage: bench/ingest.sh SHAPE EVENTS [RUNS] [gz]"
shape=${1:?$usage}
n=${2:?$usage}
runs=${3:-3}
gz=${4:-${GZ:-}}
case $gz in gz | 1 | true | yes) gz=1 ;; "" | 0 | plain) gz= ;; *) echo "$usage" >&2; exit 2 ;; esac

out=bench/out
bin=$out/scimdrift
mkdir -p "$out"
go build -o "$bin" ./cmd/scimdrift
go build -o "$out/gen" ./bench/gen

case $shape in
okta-ndjson | entra-diagnostic) ext=.ndjson ;;
okta-array) ext=.json ;;
access-combined) ext=.log ;;
entra-graph) ext= ;; # a directory of pages
*) echo "unknown shape $shape ($usage)" >&2; exit 2 ;;
esac
columns=$(cat "bench/columns/$shape.txt")

plain=$out/$shape-$n$ext
packed=$plain.gz
[ "$shape" = entra-graph ] && packed=$plain-gz

# generate PATH [-gzip]: the input, written under a temporary name so that an interrupted run
# leaves nothing that looks finished.
generate() {
	local path=$1
	shift
	[ -e "$path" ] && return
	rm -rf "$path.tmp"
	"$out/gen" -shape "$shape" -n "$n" "$@" -out "$path.tmp"
	mv "$path.tmp" "$path"
}
generate "$plain"
[ -n "$gz" ] && generate "$packed" -gzip

# bytes PATH: size on disk of a file or of a directory's files.
bytes() { find "$1" -type f -printf '%s\n' | awk '{ s += $1 } END { printf "%.0f\n", s }'; }

# reader PATH: the DuckDB table function that reads the input.
reader() {
	local path=$1
	case $shape in
	okta-ndjson | entra-diagnostic)
		echo "read_ndjson('$path', format='newline_delimited', records=true, ignore_errors=true, columns={$columns})" ;;
	okta-array)
		echo "read_json('$path', format='array', records=true, ignore_errors=true, columns={$columns})" ;;
	entra-graph)
		local suffix=.json
		[ "$path" = "$packed" ] && suffix=.json.gz
		echo "(SELECT v.* FROM (SELECT unnest(value) AS v FROM read_json('$path/page-*$suffix', format='auto', records=true, ignore_errors=true, columns={$columns})))" ;;
	access-combined)
		echo "read_csv('$path', delim=' ', quote='\"', escape='\"', header=false, auto_detect=false, strict_mode=false, ignore_errors=true, columns={$columns})" ;;
	esac
}

# A small existing store for `scimdrift query` to open (read-only); the table goes to native.duckdb.
qstore=$out/query.duckdb
[ -f "$qstore" ] || "$bin" ingest --db "$qstore" samples/exports/okta/system-log-page.json >/dev/null

fresh=$out/fresh.duckdb
native=$out/native.duckdb

# timed LABEL CMD...: runs CMD, appending "wall user+sys rss_kb others_cpu" to $out/LABEL.times.
timed() {
	local label=$1
	shift
	timed_run "$out/$label.times" "$out/$label.stdout" "$@"
}

sides=(scimdrift native)
variants=(plain)
[ -n "$gz" ] && variants+=(gz)
for v in "${variants[@]}"; do
	for s in "${sides[@]}"; do rm -f "$out/$s-$v.times"; done
done

find "$plain" -type f -exec cat {} + >/dev/null # into the page cache, so that the disk is not what is measured
[ -n "$gz" ] && find "$packed" -type f -exec cat {} + >/dev/null
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
for ((r = 1; r <= runs; r++)); do
	for v in "${variants[@]}"; do
		path=$plain
		[ "$v" = gz ] && path=$packed
		rm -f "$fresh" "$fresh.wal"
		timed "scimdrift-$v" "$bin" ingest --db "$fresh" "$path"
		if [ "$r" = 1 ] && [ "$v" = plain ]; then
			cp "$out/scimdrift-plain.stdout" "$out/summary.txt"
			"$bin" query --db "$fresh" --format csv "SELECT count(*), sum(records), sum(stored), sum(rejected), sum(out_of_scope), sum(bytes) FROM sources" | tail -n 1 >"$out/sources.csv"
		fi
		rm -f "$native" "$native.wal"
		timed "native-$v" "$bin" query --db "$qstore" --format csv \
			"ATTACH '$native' AS native (READ_WRITE); CREATE TABLE native.t AS SELECT * FROM $(reader "$path"); SELECT count(*) FROM native.t"
		echo "round $r $v: scimdrift $(tail -n 1 "$out/scimdrift-$v.times" | cut -d' ' -f1) s, native $(tail -n 1 "$out/native-$v.times" | cut -d' ' -f1) s" >&2
	done
done
rm -f "$fresh" "$fresh.wal" "$native" "$native.wal"

IFS=, read -r files records stored rejected outscope decompressed <"$out/sources.csv"
native_rows=$(tail -n 1 "$out/native-plain.stdout")

echo
machine ", DuckDB $("$bin" query --db "$qstore" --format csv "SELECT version()" | tail -n 1)"
echo "load average (1, 5, 15 min): $load_before before the rounds, $(cut -d' ' -f1-3 /proc/loadavg) after; \"others\" below is the CPU time other processes took during a run (2 cores: a run of W s has 2W s to share)"
echo "input: $shape, $n events generated: $plain, $(awk -v b="$(bytes "$plain")" 'BEGIN { printf "%.1f MB", b / 1e6 }')$([ -n "$gz" ] && awk -v b="$(bytes "$packed")" -v p="$packed" 'BEGIN { printf "; %s, %.1f MB", p, b / 1e6 }')"
if [ "$files" -le 3 ]; then
	echo "scimdrift ingest's summary (first plain run):"
	cat "$out/summary.txt"
else
	echo "scimdrift ingest's summary (first plain run), summed over its $files files:"
fi
echo "  records $records = stored $stored + rejected $rejected + out of scope $outscope$([ "$records" -eq $((stored + rejected + outscope)) ] && echo " (adds up)" || echo " (DOES NOT ADD UP)"); $decompressed bytes parsed"
echo "  DuckDB's reader stored $native_rows rows (ignore_errors: a record it cannot parse becomes a row of NULLs or is dropped, silently; it has no notion of out of scope)"

# report VARIANT PATH: one line per side with the medians, and the ratio.
report() {
	local v=$1 path=$2 disk raw
	disk=$(bytes "$path")
	raw=$(bytes "$plain")
	echo
	echo "$v input ($(awk -v b="$disk" 'BEGIN { printf "%.1f MB on disk", b / 1e6 }')$([ "$v" = gz ] && awk -v b="$raw" 'BEGIN { printf ", %.1f MB decompressed", b / 1e6 }')), median of $runs run(s):"
	printf '  %-10s %8s %10s %12s %10s %14s %13s %10s\n' side "wall s" "user+sys s" "events/s" "MB/s disk" "MB/s decompr." "peak RSS MiB" "others s"
	for s in "${sides[@]}"; do
		sort -n "$out/$s-$v.times" | awk -v side="$s" -v rec="$records" -v disk="$disk" -v raw="$raw" -v v="$v" '
			{ wall[NR] = $1; cpu[NR] = $2; rss[NR] = $3; oth[NR] = $4 }
			function median(a, n,   i, j, t) {
				for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
				return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
			}
			END {
				w = median(wall, NR); c = median(cpu, NR); m = median(rss, NR); o = median(oth, NR)
				printf "  %-10s %8.2f %10.2f %12.0f %10.1f %14s %13.0f %10.1f\n", side, w, c, rec / w, disk / 1e6 / w,
					v == "gz" ? sprintf("%.1f", raw / 1e6 / w) : "-", m / 1024, o
			}'
	done | tee "$out/report-$v.txt"
	awk 'NR == 1 { s = $2 } NR == 2 { n = $2 } END { printf "  ratio native_wall / scimdrift_wall: %.2f (>= 1: scimdrift is as fast as DuckDB'"'"'s reader)\n", n / s }' "$out/report-$v.txt"
	echo "  least disturbed run (fewest others' CPU s): scimdrift $(sort -k4,4n "$out/scimdrift-$v.times" | awk 'NR == 1 { printf "%s s (others %s s)", $1, $4 }'), native $(sort -k4,4n "$out/native-$v.times" | awk 'NR == 1 { printf "%s s (others %s s)", $1, $4 }')"
	echo "  every run (wall s / others' CPU s): scimdrift $(awk '{ printf "%s%s/%s", (NR > 1 ? ", " : ""), $1, $4 }' "$out/scimdrift-$v.times"); native $(awk '{ printf "%s%s/%s", (NR > 1 ? ", " : ""), $1, $4 }' "$out/native-$v.times")"
}
report plain "$plain"
if [ -n "$gz" ]; then
	report gz "$packed"
	echo
	paste -d' ' "$out/report-plain.txt" "$out/report-gz.txt" | awk '{ printf "gz/plain wall: %s %.2f\n", $1, $10 / $2 }'
fi
