package store

import (
	"fmt"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/scimdrift/scimdrift/ingest"
)

// benchRows is how many rows one benchmark iteration writes, in batches of 4096 (one block).
const benchRows = 25 * 4096

// benchBatch is how many rows one Write gets: a block of the pipeline.
const benchBatch = 4096

// BenchmarkWriteEvents writes Okta-like events, a tenth of them failures with error text, into
// a file store and commits them.
func BenchmarkWriteEvents(b *testing.B) {
	batch := &ingest.Batch{}
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	for i := range benchBatch {
		e := ingest.Event{
			Line: int64(i + 1), Time: start.Add(time.Duration(i) * time.Second), Platform: "okta",
			EventID:   fmt.Sprintf("%08x-0000-4000-8000-%012x", i, i),
			EventType: "application.provision.user.push", LegacyType: "app.user_management.push_new_user",
			ConnectorID: "0oa00000000000000003", AppName: "Slack", AppKind: "scim2headerauth",
			Action: "create", Object: "user", Result: "success",
			UserName: fmt.Sprintf("user%05d@acme.example", i), UserID: fmt.Sprintf("00u%017d", i),
			TargetID: fmt.Sprintf("0ua%017d", i), TargetName: fmt.Sprintf("user%05d@acme.example", i),
			RunID: fmt.Sprintf("puj%017d", i/100), Actor: "system@okta.com",
		}
		if i%10 == 0 {
			e.Result, e.HTTPStatus = "failure", 409
			e.ErrorText = fmt.Sprintf("Automatic provisioning of user user%05d@acme.example to app Slack failed: Error while creating user: Conflict.", i)
		}
		batch.AddEvent(e)
	}
	benchmarkWrite(b, batch)
}

// BenchmarkWriteAccess writes access-log requests into a file store and commits them.
func BenchmarkWriteAccess(b *testing.B) {
	batch := &ingest.Batch{}
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	for i := range 4096 {
		batch.AddAccess(ingest.Access{
			Line: int64(i + 1), Time: start.Add(time.Duration(i) * time.Second), Host: "scim.acme.example",
			Method: "GET", Path: "/scim/v2/Users", Query: fmt.Sprintf("filter=userName%%20eq%%20%%22user%05d%%40acme.example%%22", i),
			Endpoint: "https://scim.acme.example/scim/v2", SCIMBase: "/scim/v2", Resource: "Users",
			FilterAttr: "userName", FilterValue: fmt.Sprintf("user%05d@acme.example", i), Status: 200, Bytes: 87,
			UserAgent: "Okta SCIM Client 1.0.0", ClientIP: "198.51.100.7", Platform: "okta",
		})
	}
	benchmarkWrite(b, batch)
}

func benchmarkWrite(b *testing.B, batch *ingest.Batch) {
	s, err := Open(filepath.Join(b.TempDir(), "bench.duckdb"))
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	b.ReportAllocs()
	cpu := processCPU()
	n := 0
	for b.Loop() {
		n++
		src := &ingest.Source{Path: "bench", SHA256: fmt.Sprint(n)}
		tx, err := s.Begin(src)
		if err != nil {
			b.Fatal(err)
		}
		for range benchRows / benchBatch {
			if err := tx.Write(batch, nil); err != nil {
				b.Fatal(err)
			}
		}
		if err := tx.Commit(src); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*benchRows)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric((processCPU()-cpu).Seconds()*1e6/float64(n*benchRows), "cpu-s/Mrows")
}

// processCPU is the user and system time of the process so far, DuckDB's threads included: on
// a busy machine it says more than the wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
