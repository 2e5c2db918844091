package ingest_test

import (
	"context"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/scimdrift/scimdrift/ingest"
	"github.com/scimdrift/scimdrift/internal/store"
)

// storeTables are every table ingest writes.
var storeTables = []string{"sources", "out_of_scope", "events", "access", "connectors", "rejects"}

// TestWorkersStoreTheSame ingests every fixture under testdata and every sample export into a
// real store with one worker, then with four and with blocks of one and of three records (so
// that every file is cut into many blocks, decoded out of order), and compares every table row
// for row, in the order the rows were stored.
func TestWorkersStoreTheSame(t *testing.T) {
	paths := workerTestInputs(t)
	want := ingestIntoStore(t, paths, ingest.Options{Workers: 1})
	for name, opt := range map[string]ingest.Options{
		"1 worker, blocks of 3":  ingest.WithBlockRecords(ingest.Options{Workers: 1}, 3),
		"4 workers":              {Workers: 4},
		"4 workers, blocks of 1": ingest.WithBlockRecords(ingest.Options{Workers: 4}, 1),
		"4 workers, blocks of 3": ingest.WithBlockRecords(ingest.Options{Workers: 4}, 3),
	} {
		t.Run(name, func(t *testing.T) {
			got := ingestIntoStore(t, paths, opt)
			for _, table := range storeTables {
				if diff := cmp.Diff(want[table], got[table]); diff != "" {
					t.Errorf("table %s (-1 worker +%s):\n%s", table, name, diff)
				}
			}
		})
	}
	if len(want["events"]) == 0 || len(want["access"]) == 0 || len(want["connectors"]) == 0 || len(want["rejects"]) == 0 {
		t.Errorf("the inputs should fill every table: %d events, %d access, %d connectors, %d rejects",
			len(want["events"]), len(want["access"]), len(want["connectors"]), len(want["rejects"]))
	}
}

// workerTestInputs lists the format fixtures (not their .golden files) and the sample exports.
func workerTestInputs(t *testing.T) []string {
	t.Helper()
	var paths []string
	for _, f := range ingest.Formats {
		found, err := filepath.Glob(filepath.Join("testdata", f.Name, "*"))
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range found {
			if !strings.HasSuffix(p, ".golden") {
				paths = append(paths, p)
			}
		}
	}
	err := filepath.WalkDir(filepath.Join("..", "samples", "exports"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			paths = append(paths, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return paths
}

// ingestIntoStore ingests the paths into a new store and returns every table's rows in the
// order they were stored.
func ingestIntoStore(t *testing.T, paths []string, opt ingest.Options) map[string][][]any {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "store.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	inputs, _, err := ingest.Expand(paths, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, in := range inputs {
		if _, err := ingest.File(in, s, opt); err != nil {
			t.Fatalf("ingesting %s: %v", in.Path, err)
		}
	}
	return storeRows(t, s)
}

// storeRows returns every table's rows in the order they were stored.
func storeRows(t *testing.T, s *store.Store) map[string][][]any {
	t.Helper()
	tables := map[string][][]any{}
	for _, table := range storeTables {
		res, err := s.Query(context.Background(), "SELECT * FROM "+table+" ORDER BY rowid")
		if err != nil {
			t.Fatal(err)
		}
		tables[table] = res.Rows
	}
	return tables
}
