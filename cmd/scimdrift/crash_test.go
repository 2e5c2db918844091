//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// crashRecords is the size of the file the crash test kills an ingest in: DuckDB writes the
// rows of a transaction to the store file in row groups of 122 880 rows before it commits, so
// with 300 000 records the store file grows while less than half of the file has been read.
const crashRecords = 300_000

// TestKilledIngestLeavesNoPartialFile kills (SIGKILL) an ingest of two files partway through the
// second, after DuckDB has written uncommitted rows of it to the store file, and re-runs it: the
// store opens, holds the first file whole and nothing of the second, and the re-run adds the
// second with every record once.
func TestKilledIngestLeavesNoPartialFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "store.duckdb")
	var small, big strings.Builder
	for i := range 100 {
		small.WriteString(accessLine(i))
	}
	for i := range crashRecords {
		big.WriteString(accessLine(1000 + i))
	}
	smallPath := writeInput(t, dir, "a-small.log", small.String())
	bigPath := writeInput(t, dir, "b-big.log", big.String())

	started := time.Now()
	killIngestWhileWriting(t, db, smallPath, bigPath)
	t.Logf("killed the ingest after %v", time.Since(started).Round(time.Millisecond))

	// The store opens and holds the first file whole, nothing of the second.
	want := "path,records,stored,rows,access_rows\n" + smallPath + ",100,100,100,100\n"
	if got := queryCSV(t, db, "SELECT path, records, stored, rows, (SELECT count(*) FROM access a WHERE a.source_id = s.id) AS access_rows FROM sources s ORDER BY path"); got != want {
		t.Errorf("store after the kill:\n%s\nwant\n%s", got, want)
	}
	if got := queryCSV(t, db, "SELECT (SELECT count(*) FROM access) AS access, (SELECT count(*) FROM rejects) AS rejects"); got != "access,rejects\n100,0\n" {
		t.Errorf("rows after the kill:\n%s", got)
	}

	// The re-run skips the first file and stores every record of the second once.
	code, stdout, stderr := runCLIProcess(t, nil, "ingest", "--db", db, smallPath, bigPath)
	if code != 0 || !strings.Contains(stdout, "already in the store: skipped") || stderr != "" {
		t.Fatalf("re-run: exit %d\n%s%s", code, stdout, stderr)
	}
	want = "path,records,stored,rejected,access_rows,distinct_lines\n" +
		smallPath + ",100,100,0,100,100\n" +
		bigPath + ",300000,300000,0,300000,300000\n"
	got := queryCSV(t, db, "SELECT s.path, records, stored, rejected, count(a.line) AS access_rows, count(DISTINCT a.line) AS distinct_lines "+
		"FROM sources s LEFT JOIN access a ON a.source_id = s.id GROUP BY ALL ORDER BY s.path")
	if got != want {
		t.Errorf("store after the re-run:\n%s\nwant\n%s", got, want)
	}
	t.Logf("whole test: %v", time.Since(started).Round(time.Millisecond))
}

// waitForUncommittedRows waits until the store file has grown past its first MiB (the running
// transaction's row groups, written before commit), failing if the ingest ends first.
func waitForUncommittedRows(t *testing.T, db string, exited <-chan error, out *strings.Builder) {
	t.Helper()
	deadline := time.After(60 * time.Second)
	for {
		select {
		case err := <-exited:
			t.Fatalf("the ingest ended (%v) before the store file grew: make crashRecords larger\n%s", err, out.String())
		case <-deadline:
			t.Fatal("the store file did not grow within 60 s")
		case <-time.After(5 * time.Millisecond):
		}
		if info, err := os.Stat(db); err == nil && info.Size() > 1<<20 {
			return
		}
	}
}

// queryCSV runs SQL on a store in a separate process and returns its CSV output.
func queryCSV(t *testing.T, db, sql string) string {
	t.Helper()
	code, stdout, stderr := runCLIProcess(t, nil, "query", "--db", db, "--format", "csv", sql)
	if code != 0 {
		t.Fatalf("query %s: exit %d: %s", sql, code, stderr)
	}
	return stdout
}

// killIngestWhileWriting starts `scimdrift ingest --db db paths...` and kills it (SIGKILL) once
// it has written rows it has not committed.
func killIngestWhileWriting(t *testing.T, db string, paths ...string) {
	t.Helper()
	ingest := cliCommand(t, append([]string{"ingest", "--db", db}, paths...)...)
	var out strings.Builder
	ingest.Stdout, ingest.Stderr = &out, &out
	if err := ingest.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- ingest.Wait() }()
	waitForUncommittedRows(t, db, exited, &out)
	if err := ingest.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	<-exited
}

// TestKilledFastPathIngestLeavesNoPartialFile kills an ingest of a large Okta NDJSON file, which
// DuckDB's own reader reads, while DuckDB writes its rows, and checks the store after the next
// command that opens it for writing (rows of a file cut off after DuckDB committed them, before
// their sources row, are dropped then): nothing of the file is left, and a re-run stores every
// record once, each on its own line.
func TestKilledFastPathIngestLeavesNoPartialFile(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "store.duckdb")
	var big strings.Builder
	for i := range crashRecords {
		big.WriteString(oktaLine(i))
	}
	bigPath := writeInput(t, dir, "okta.ndjson", big.String())
	killIngestWhileWriting(t, db, bigPath)

	if code, stdout, stderr := runCLIProcess(t, nil, "analyze", "--db", db); code != 0 {
		t.Fatalf("analyze after the kill: exit %d\n%s%s", code, stdout, stderr)
	}
	if got := queryCSV(t, db, "SELECT (SELECT count(*) FROM sources) AS sources, (SELECT count(*) FROM events) AS events"); got != "sources,events\n0,0\n" {
		t.Errorf("store after the kill:\n%s", got)
	}
	if code, stdout, stderr := runCLIProcess(t, nil, "ingest", "--db", db, bigPath); code != 0 {
		t.Fatalf("re-run: exit %d\n%s%s", code, stdout, stderr)
	}
	want := fmt.Sprintf("records,stored,events,distinct_lines\n%d,%d,%d,%d\n", crashRecords, crashRecords, crashRecords, crashRecords)
	got := queryCSV(t, db, "SELECT records, stored, count(e.line) AS events, count(DISTINCT e.line) AS distinct_lines "+
		"FROM sources s LEFT JOIN events e ON e.source_id = s.id GROUP BY ALL")
	if got != want {
		t.Errorf("store after the re-run:\n%s\nwant\n%s", got, want)
	}
}

// oktaLine is a provisioning LogEvent in the API's spelling, one line of NDJSON.
func oktaLine(n int) string {
	return fmt.Sprintf(`{"uuid":"%08x-0000-4000-8000-000000000000","published":"2026-11-02T10:%02d:%02d.000Z","eventType":"application.provision.user.push","severity":"INFO","outcome":{"result":"SUCCESS"},"actor":{"alternateId":"system@okta.com","displayName":"Okta System"},"transaction":{"id":"puj%05d"},"debugContext":{"debugData":{"appname":"scim2headerauth"}},"target":[{"id":"0ua%07d","type":"AppUser","alternateId":"user%d@acme.example"},{"id":"0oa1slack","type":"AppInstance","alternateId":"Slack","displayName":"SCIM 2.0 Test App"},{"id":"00u%07d","type":"User","alternateId":"user%d@acme.example"}]}`+"\n",
		n, n/60%60, n%60, n/100, n, n, n, n)
}
