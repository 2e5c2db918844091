# Shared by the bench scripts (sourced, from the repository root).
# shellcheck shell=bash

# machine SUFFIX: one line naming what the figures were measured on, SUFFIX appended.
machine() {
	echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) memory, $(go env GOVERSION)$1"
}

# busy_seconds: CPU seconds the whole machine has spent busy since boot (user, nice, system,
# irq, softirq; not idle, I/O wait or steal).
busy_seconds() {
	awk -v tck="$(getconf CLK_TCK)" '/^cpu / { printf "%.2f\n", ($2 + $3 + $4 + $7 + $8) / tck }' /proc/stat
}

# timed_run TIMES STDOUT CMD...: runs CMD under /usr/bin/time with its output to STDOUT and
# appends "wall user+sys peak_rss_kb others" to TIMES, where others is the CPU seconds other
# processes used meanwhile: on a shared machine, the figure that says whether a run was disturbed.
timed_run() {
	local times=$1 stdout=$2 before after
	shift 2
	before=$(busy_seconds)
	/usr/bin/time -f '%e %U %S %M' -o "$times.last" "$@" >"$stdout"
	after=$(busy_seconds)
	awk -v b="$before" -v a="$after" '{ own = $2 + $3; o = a - b - own; printf "%s %.2f %s %.1f\n", $1, own, $4, o < 0 ? 0 : o }' "$times.last" >>"$times"
	rm -f "$times.last"
}
