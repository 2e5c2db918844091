package main

import (
	"runtime/debug"
	"testing"
)

// TestIngestGCSetsAndRestores checks that an ingest raises the collector's target and sets a
// heap limit, puts both back afterwards, and leaves alone what the environment chose.
func TestIngestGCSetsAndRestores(t *testing.T) {
	before := debug.SetGCPercent(150)
	defer debug.SetGCPercent(before)
	beforeLimit := debug.SetMemoryLimit(1 << 40)
	defer debug.SetMemoryLimit(beforeLimit)

	restore := ingestGC(func(string) string { return "" })
	if got := debug.SetGCPercent(ingestGCPercent); got != ingestGCPercent {
		t.Errorf("GC percent while ingesting = %d, want %d", got, ingestGCPercent)
	}
	if got := debug.SetMemoryLimit(-1); got != ingestHeapLimit {
		t.Errorf("memory limit while ingesting = %d, want %d", got, ingestHeapLimit)
	}
	restore()
	if got := debug.SetGCPercent(150); got != 150 {
		t.Errorf("GC percent after = %d, want 150 back", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("memory limit after = %d, want %d back", got, int64(1<<40))
	}

	set := map[string]string{"GOGC": "100", "GOMEMLIMIT": "1GiB"}
	restore = ingestGC(func(k string) string { return set[k] })
	if got := debug.SetGCPercent(150); got != 150 {
		t.Errorf("GC percent with GOGC set = %d, want the environment's 150 left", got)
	}
	if got := debug.SetMemoryLimit(-1); got != 1<<40 {
		t.Errorf("memory limit with GOMEMLIMIT set = %d, want it left", got)
	}
	restore()
}
