package ingest_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/scimdrift/scimdrift/ingest"
	"github.com/scimdrift/scimdrift/internal/store"
)

// sourceSummary is what a caller sees of one input's result.
type sourceSummary struct {
	Path, SHA256, Format, Reader, Err         string
	Records, Stored, Rejected, OutOfScope, ID int64
	Duplicate                                 bool
}

func summarize(src *ingest.Source, err error) sourceSummary {
	s := sourceSummary{}
	if err != nil {
		s.Err = err.Error()
	}
	if src != nil {
		s.Path, s.SHA256, s.Format, s.Reader = src.Path, src.SHA256, src.Format, src.Reader
		s.Records, s.Stored, s.Rejected, s.OutOfScope, s.ID = src.Records, src.Stored, src.Rejected, src.OutOfScope, src.ID
		s.Duplicate = src.Duplicate
	}
	return s
}

// earlyTestInputs are the fixtures and sample exports, a copy of one under another name (a
// duplicate by content, read ahead like any small file), and a file of no known format.
func earlyTestInputs(t *testing.T) []ingest.Input {
	t.Helper()
	dir := t.TempDir()
	page, err := os.ReadFile(filepath.Join("testdata", "okta-systemlog", "logs-page.json"))
	if err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(dir, "logs-page-again.json")
	unknown := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(copied, page, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(unknown, []byte("nothing any platform writes\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	paths := append(workerTestInputs(t), copied, unknown)
	inputs, _, err := ingest.Expand(paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := range inputs {
		inputs[i].Named = false // an undetected file is skipped, as in a directory
	}
	return inputs
}

// TestFilesStoreTheSameAsOneFileAfterAnother ingests the same inputs with Files, which reads
// small files ahead, and with File one at a time: every result (ids, hashes, counts, which
// reader, duplicates, errors) and every table must be the same, row for row.
func TestFilesStoreTheSameAsOneFileAfterAnother(t *testing.T) {
	inputs := earlyTestInputs(t)
	run := func(ahead bool) ([]sourceSummary, map[string][][]any) {
		s, err := store.Open(filepath.Join(t.TempDir(), "store.duckdb"))
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		var results []sourceSummary
		if ahead {
			ingest.Files(inputs, s, ingest.Options{}, func(int) {}, func(_ int, src *ingest.Source, err error) bool {
				results = append(results, summarize(src, err))
				return true
			})
		} else {
			for _, in := range inputs {
				results = append(results, summarize(ingest.File(in, s, ingest.Options{})))
			}
		}
		return results, storeRows(t, s)
	}
	wantResults, wantTables := run(false)
	gotResults, gotTables := run(true)
	if diff := cmp.Diff(wantResults, gotResults); diff != "" {
		t.Errorf("results (-File one by one +Files):\n%s", diff)
	}
	for _, table := range storeTables {
		if diff := cmp.Diff(wantTables[table], gotTables[table]); diff != "" {
			t.Errorf("table %s (-File one by one +Files):\n%s", table, diff)
		}
	}
	var duplicates, undetected, native int
	for _, r := range wantResults {
		switch {
		case r.Duplicate:
			duplicates++
		case r.Err != "":
			undetected++
		case r.Reader == ingest.ReaderDuckDB:
			native++
		}
	}
	if duplicates != 1 || undetected != 1 || native == 0 {
		t.Errorf("the inputs should hold one duplicate (%d), one file of no known format (%d) and files for DuckDB's reader (%d)",
			duplicates, undetected, native)
	}
}

// graphPages writes n copies of a Graph page fixture, each a little different (so that none
// is a duplicate of another); the one at bad holds a number where a record should be, which
// fails the file under --strict.
func graphPages(t *testing.T, n, bad int) []ingest.Input {
	t.Helper()
	page, err := os.ReadFile(filepath.Join("testdata", "entra-provisioning", "graph-v1-page.json"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	var paths []string
	for i := range n {
		text := string(page) + strings.Repeat("\n", i)
		if i == bad {
			text = strings.Replace(text, "\n  ],\n", "\n    , 42\n  ],\n", 1)
		}
		path := filepath.Join(dir, fmt.Sprintf("page-%02d.json", i))
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, path)
	}
	inputs, _, err := ingest.Expand(paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	return inputs
}

// TestFilesStopsAtAFailure fails the third of five Graph pages (--strict, a record that is no
// object), which Files writes in one transaction with the two before it: the run stops there,
// the two before are stored and reported as a transaction each would have them, nothing of the
// third or of those read ahead after it is stored, and no goroutine of the files read ahead is
// left running (blocks of one record, so that a file read ahead fills its pipeline's queue and
// waits on it).
func TestFilesStopsAtAFailure(t *testing.T) {
	inputs := graphPages(t, 5, 2)
	s, err := store.Open(filepath.Join(t.TempDir(), "store.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var started, reported []int
	var results []sourceSummary
	opt := ingest.WithBlockRecords(ingest.Options{Workers: 1, Strict: true}, 1)
	ingest.Files(inputs, s, opt, func(i int) { started = append(started, i) }, func(i int, src *ingest.Source, err error) bool {
		reported = append(reported, i)
		results = append(results, summarize(src, err))
		return err == nil
	})
	if diff := cmp.Diff([]int{0, 1, 2}, started); diff != "" {
		t.Errorf("inputs started (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]int{0, 1, 2}, reported); diff != "" {
		t.Fatalf("inputs reported (-want +got):\n%s", diff)
	}
	for i, r := range results[:2] {
		if r.Err != "" || r.Duplicate || r.Stored == 0 {
			t.Errorf("input %d before the failure: %+v, want it stored", i, r)
		}
	}
	if !strings.Contains(results[2].Err, "not a JSON object") || !strings.Contains(results[2].Err, inputs[2].Path) {
		t.Errorf("the failing input's error = %q, want its path and what is wrong", results[2].Err)
	}
	res, err := s.Query(context.Background(), "SELECT path, stored, (SELECT count(*) FROM events e WHERE e.source_id = s.id) FROM sources s ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	want := [][]any{
		{inputs[0].Path, results[0].Stored, results[0].Stored},
		{inputs[1].Path, results[1].Stored, results[1].Stored},
	}
	if diff := cmp.Diff(want, res.Rows); diff != "" {
		t.Errorf("sources stored, with their events (-want +got):\n%s", diff)
	}
	deadline := time.Now().Add(2 * time.Second)
	left := ingestGoroutines()
	for len(left) > 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		left = ingestGoroutines()
	}
	for _, g := range left {
		t.Errorf("a goroutine of ingest is left running after Files returned:\n%s", g)
	}
}

// ingestGoroutines returns the stacks of the goroutines running code of package ingest (the
// test's own goroutine aside).
func ingestGoroutines() []string {
	buf := make([]byte, 4<<20)
	var left []string
	for _, g := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\n\n") {
		if strings.Contains(g, "scimdrift/ingest.") && !strings.Contains(g, "ingest_test.") {
			left = append(left, g)
		}
	}
	return left
}
