package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/scimdrift/scimdrift/ingest"
)

func ingestPath(t *testing.T, s *Store, path string) *ingest.Source {
	t.Helper()
	inputs, _, err := ingest.Expand([]string{path}, nil)
	if err != nil || len(inputs) != 1 {
		t.Fatalf("expanding %s: %v (%d inputs)", path, err, len(inputs))
	}
	src, err := ingest.File(inputs[0], s, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func queryRows(t *testing.T, s *Store, sql string) [][]any {
	t.Helper()
	res, err := s.Query(context.Background(), sql)
	if err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return res.Rows
}

func TestIngestStoresRowsSourcesAndRejects(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "store.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	src := ingestPath(t, s, "testdata/inventory.csv")
	if src.Records != 3 || src.Stored != 2 || src.Rejected != 1 {
		t.Fatalf("accounting = %+v", src)
	}
	got := queryRows(t, s, "SELECT line, platform, app, enabled, base_url, token_fingerprint FROM connectors ORDER BY line")
	want := [][]any{
		{int64(2), "okta", "Slack", true, "https://scim-legacy.acme.example/slack/scim/v2", "sha256:0c5b1e2d3f4a5b6c"},
		{int64(3), "entra", "Slack", nil, "https://scim.acme.example/slack/scim/v2", nil},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("connectors (-want +got):\n%s", diff)
	}
	got = queryRows(t, s, `SELECT line, reason FROM rejects`)
	if diff := cmp.Diff([][]any{{int64(4), `enabled "maybe" is not true or false`}}, got); diff != "" {
		t.Errorf("rejects (-want +got):\n%s", diff)
	}
	got = queryRows(t, s, "SELECT format, records, stored, rejected, out_of_scope FROM sources")
	if diff := cmp.Diff([][]any{{"inventory", int64(3), int64(2), int64(1), int64(0)}}, got); diff != "" {
		t.Errorf("sources (-want +got):\n%s", diff)
	}
}

func TestReingestAddsNothing(t *testing.T) {
	s, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ingestPath(t, s, "testdata/inventory.csv")
	again := ingestPath(t, s, "testdata/inventory.csv")
	if !again.Duplicate {
		t.Error("second ingest of the same file was not reported as a duplicate")
	}
	got := queryRows(t, s, "SELECT (SELECT count(*) FROM sources), (SELECT count(*) FROM connectors), (SELECT count(*) FROM rejects)")
	if diff := cmp.Diff([][]any{{int64(1), int64(2), int64(1)}}, got); diff != "" {
		t.Errorf("counts after re-ingest (-want +got):\n%s", diff)
	}
}

// The duplicate check reads the stored inputs once and then remembers what commits: a store
// opened again knows what an earlier process stored, a file ingested twice in one run is
// skipped the second time, and a file whose ingest failed is not remembered as stored.
func TestDuplicateCheckRemembersCommitsOnly(t *testing.T) {
	path := filepath.Join(t.TempDir(), "store.duckdb")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if ingestPath(t, s, "testdata/inventory.csv").Duplicate {
		t.Fatal("the first ingest into a new store was a duplicate")
	}
	if !ingestPath(t, s, "testdata/inventory.csv").Duplicate {
		t.Error("a file ingested twice by one process was stored twice")
	}
	refused := filepath.Join(t.TempDir(), "refused.csv")
	text := "platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\n" +
		"okta,acme.okta.com,Jira,0oa2,true,https://x.example/scim/v2,aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH3,team\n"
	if err := os.WriteFile(refused, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs, _, _ := ingest.Expand([]string{refused}, nil)
	for try := range 2 {
		src, err := ingest.File(inputs[0], s, ingest.Options{})
		if err == nil || src != nil && src.Duplicate {
			t.Errorf("try %d of a refused file: %+v, %v; want it refused again, not skipped", try+1, src, err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if !ingestPath(t, s, "testdata/inventory.csv").Duplicate {
		t.Error("a store opened again did not know a file it held")
	}
	if got := queryRows(t, s, "SELECT count(*) FROM sources"); got[0][0] != int64(1) {
		t.Errorf("sources = %v, want 1", got[0][0])
	}
}

func TestFailedFileLeavesNothing(t *testing.T) {
	s, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	path := filepath.Join(t.TempDir(), "inventory.csv")
	// More good rows than one batch holds, so that some reach the store before the refusal.
	text := "platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\n" +
		strings.Repeat("okta,acme.okta.com,Slack,0oa1,true,https://x.example/scim/v2,,team\n", 5000) +
		"okta,acme.okta.com,Jira,0oa2,true,https://x.example/scim/v2,aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH3,team\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs, _, _ := ingest.Expand([]string{path}, nil)
	if _, err := ingest.File(inputs[0], s, ingest.Options{}); err == nil {
		t.Fatal("a file with a raw token was accepted")
	}
	got := queryRows(t, s, "SELECT (SELECT count(*) FROM sources), (SELECT count(*) FROM connectors), (SELECT count(*) FROM rejects)")
	if diff := cmp.Diff([][]any{{int64(0), int64(0), int64(0)}}, got); diff != "" {
		t.Errorf("rows left by a refused file (-want +got):\n%s", diff)
	}
}

// A streamed input's hash is known only once it is read, when its transaction holds the only
// connection an in-memory store has: the duplicate check must go through that transaction
// (`scimdrift audit -` used to wait for a second connection for ever).
func TestStdinIntoAnInMemoryStore(t *testing.T) {
	s, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, want := range []bool{false, true} {
		data, err := os.ReadFile("testdata/inventory.csv")
		if err != nil {
			t.Fatal(err)
		}
		inputs, _, err := ingest.Expand([]string{"-"}, strings.NewReader(string(data)))
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan *ingest.Source, 1)
		go func() {
			src, err := ingest.File(inputs[0], s, ingest.Options{})
			if err != nil {
				t.Error(err)
			}
			done <- src
		}()
		select {
		case src := <-done:
			if src != nil && src.Duplicate != want {
				t.Errorf("duplicate = %v, want %v", src.Duplicate, want)
			}
		case <-time.After(time.Minute):
			t.Fatal("ingest from stdin into an in-memory store did not finish")
		}
	}
}

// An ingest into a file-backed store runs under IngestMemory, without vacuuming, and puts
// DuckDB's defaults back after; an in-memory store, which must hold its data, is left alone.
func TestCapMemory(t *testing.T) {
	setting := func(s *Store, name string) string {
		var v string
		if err := s.DB.QueryRow("SELECT current_setting('" + name + "')::VARCHAR").Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	limit := func(s *Store) string { return setting(s, "memory_limit") }
	vacuums := func(s *Store) string { return setting(s, "max_vacuum_tasks") }
	file, err := Open(filepath.Join(t.TempDir(), "store.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer file.Close()
	before, vacuumsBefore := limit(file), vacuums(file)
	restore, err := file.CapMemory(IngestMemory)
	if err != nil {
		t.Fatal(err)
	}
	if got := limit(file); got != "732.4 MiB" {
		t.Errorf("capped at %s, want 732.4 MiB (768 MB)", got)
	}
	if got := vacuums(file); got != "0" {
		t.Errorf("max_vacuum_tasks %s while ingesting, want 0", got)
	}
	if err := restore(); err != nil {
		t.Fatal(err)
	}
	if got := limit(file); got != before {
		t.Errorf("after the ingest %s, want the default %s back", got, before)
	}
	if got := vacuums(file); got != vacuumsBefore || got == "0" {
		t.Errorf("after the ingest max_vacuum_tasks %s, want the default %s back", got, vacuumsBefore)
	}
	mem, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer mem.Close()
	before = limit(mem)
	if _, err := mem.CapMemory(IngestMemory); err != nil || limit(mem) != before {
		t.Errorf("an in-memory store was capped at %s (%v)", limit(mem), err)
	}
}

// TestIngestGivesThreadsBack: a file written from Go puts DuckDB on one thread (rows come from
// Go one INSERT at a time), and it stays there for the next files until AllThreads, or until a
// file for DuckDB's own reader, which takes them all.
func TestIngestGivesThreadsBack(t *testing.T) {
	s, err := Open(filepath.Join(t.TempDir(), "store.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	threads := func() any { return queryRows(t, s, "SELECT current_setting('threads')")[0][0] }
	want := threads()
	if want == int64(1) {
		t.Skip("DuckDB runs on one thread here: nothing to give back")
	}
	ingestPath(t, s, "testdata/inventory.csv")
	if got := threads(); got != int64(1) {
		t.Errorf("after a file written from Go: %v threads, want 1 until AllThreads", got)
	}
	tx, err := s.Begin(&ingest.Source{Path: "x"})
	if err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if err := s.AllThreads(); err != nil {
		t.Fatal(err)
	}
	if got := threads(); got != want {
		t.Errorf("after AllThreads: %v threads, want %v", got, want)
	}
	ingestPath(t, s, "../../ingest/testdata/okta-systemlog/logs-page.json")
	if src := ingestPath(t, s, "../../ingest/testdata/okta-systemlog/events.ndjson"); src.Reader != ingest.ReaderDuckDB {
		t.Fatalf("events.ndjson was read by %s, want DuckDB's reader", src.Reader)
	}
	if got := threads(); got != want {
		t.Errorf("after a file read by DuckDB's reader: %v threads, want %v", got, want)
	}
}

// TestRowFunctionsReadOnlyIngestedRows: the table functions that carry rows into the tables
// refuse to be called from a query.
func TestRowFunctionsReadOnlyIngestedRows(t *testing.T) {
	s, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, table := range rowTables {
		_, err := s.Query(context.Background(), "SELECT * FROM "+table.function+"()")
		if err == nil || !strings.Contains(err.Error(), "reads rows being ingested and nothing else") {
			t.Errorf("%s(): error %v", table.function, err)
		}
	}
}
