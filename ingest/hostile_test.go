package ingest

import (
	"archive/zip"
	"bytes"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// Hostile inputs at the ingest level; the CLI outcomes (exit status, messages, what the store
// holds) are tested in cmd/scimdrift/hostile_test.go.

// zipped builds a zip archive of name/text pairs, in order (names may repeat).
func zipped(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		w, err := zw.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestZipEntriesOfOneNameAreEachRead: an archive may hold two entries of one name; each is read
// (entries used to be found again by name, so the second read the first's bytes and was then
// skipped as a duplicate of it).
func TestZipEntriesOfOneNameAreEachRead(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "twice.zip"), zipped(t,
		[2]string{"inventory.csv", inventoryText},
		[2]string{"inventory.csv", inventoryText + "okta,x,Jira,0oa2,,,,\n"}))
	sources, _ := ingestPaths(t, newMemSink(), nil, path)
	want := []accounting{
		{"/twice.zip!inventory.csv", "inventory", 2, 2, 0, false, false},
		{"/twice.zip!inventory.csv", "inventory", 3, 3, 0, false, false},
	}
	if diff := cmp.Diff(want, accountingOf(sources, dir)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
