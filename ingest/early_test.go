package ingest_test

import (
	"context"
	"errors"
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

// TestFilesStopsWhereTold stops the run at the third input: nothing read ahead of it is stored,
// and no goroutine of the files read ahead is left running (blocks of one record, so that a
// file read ahead fills its pipeline's queue and waits on it).
func TestFilesStopsWhereTold(t *testing.T) {
	inputs := earlyTestInputs(t)
	s, err := store.Open(filepath.Join(t.TempDir(), "store.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var started []int
	stopAt := 2
	ingest.Files(inputs, s, ingest.WithBlockRecords(ingest.Options{Workers: 1}, 1), func(i int) { started = append(started, i) }, func(i int, _ *ingest.Source, err error) bool {
		if err != nil && !errors.Is(err, ingest.ErrUndetected) {
			t.Errorf("input %d: %v", i, err)
		}
		return i < stopAt
	})
	if diff := cmp.Diff([]int{0, 1, 2}, started); diff != "" {
		t.Errorf("inputs started (-want +got):\n%s", diff)
	}
	res, err := s.Query(context.Background(), "SELECT path FROM sources ORDER BY id")
	if err != nil {
		t.Fatal(err)
	}
	var stored []any
	for _, row := range res.Rows {
		stored = append(stored, row[0])
	}
	want := []any{inputs[0].Path, inputs[1].Path, inputs[2].Path}
	if diff := cmp.Diff(want, stored); diff != "" {
		t.Errorf("sources stored (-want +got):\n%s", diff)
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
