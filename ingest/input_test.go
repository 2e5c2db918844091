package ingest

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const inventoryText = "platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\r\n" +
	"okta,acme.okta.com,Slack,0oa1,true,https://scim-legacy.acme.example/slack/scim/v2,,collab\r\n" +
	"entra,t1,Slack,job1,false,https://scim.acme.example/slack/scim/v2,,collab\r\n"

func writeFile(t *testing.T, path string, data []byte) string {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// ingestPaths expands and ingests paths into one memory sink, as the CLI does.
func ingestPaths(t *testing.T, sink *memSink, stdin []byte, paths ...string) ([]*Source, []Skipped) {
	t.Helper()
	inputs, skipped, err := Expand(paths, bytes.NewReader(stdin))
	if err != nil {
		t.Fatal(err)
	}
	var out []*Source
	for _, in := range inputs {
		src, err := File(in, sink, Options{})
		if err != nil {
			t.Fatalf("%s: %v", in.Path, err)
		}
		out = append(out, src)
	}
	return out, skipped
}

type accounting struct {
	Path                      string
	Format                    string
	Records, Stored, Rejected int64
	Truncated, Duplicate      bool
}

func accountingOf(sources []*Source, dir string) []accounting {
	var out []accounting
	for _, s := range sources {
		out = append(out, accounting{filepath.ToSlash(strings.TrimPrefix(s.Path, dir)), s.Format, s.Records, s.Stored, s.Rejected, s.Truncated, s.Duplicate})
	}
	return out
}

func TestInputsOfEveryKind(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "a/inventory.csv"), append([]byte("\xEF\xBB\xBF"), inventoryText...))
	writeFile(t, filepath.Join(dir, "a/deeper/inventory-copy.csv.gz"), gzipped(t, []byte(inventoryText+"okta,x,Jira,0oa2,,,,\n")))
	writeFile(t, filepath.Join(dir, "a/.hidden.csv"), []byte(inventoryText))
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for _, name := range []string{"../../escape/inventory.csv", "dir/"} {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(name, "/") {
			w.Write([]byte(inventoryText + "entra,t1,Zoom,job9,true,,,\n"))
		}
	}
	zw.Close()
	writeFile(t, filepath.Join(dir, "b.zip"), zbuf.Bytes())

	sink := newMemSink()
	sources, skipped := ingestPaths(t, sink, []byte(inventoryText+"okta,x,Box,0oa3,true,,,\n"), filepath.Join(dir, "a"), filepath.Join(dir, "b.zip"), "-")
	want := []accounting{
		{"/a/deeper/inventory-copy.csv.gz", "inventory", 3, 3, 0, false, false},
		{"/a/inventory.csv", "inventory", 2, 2, 0, false, false},
		{"/b.zip!../../escape/inventory.csv", "inventory", 3, 3, 0, false, false},
		{"-", "inventory", 3, 3, 0, false, false},
	}
	if diff := cmp.Diff(want, accountingOf(sources, dir)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if len(skipped) != 1 || !strings.HasSuffix(skipped[0].Path, ".hidden.csv") {
		t.Errorf("skipped = %v, want the hidden file", skipped)
	}
	if _, err := os.Stat(filepath.Join(dir, "../escape")); err == nil {
		t.Error("a zip entry named ../ was written outside the archive")
	}
}

func TestTruncatedGzipKeepsWhatWasRead(t *testing.T) {
	dir := t.TempDir()
	var text strings.Builder
	text.WriteString("platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\n")
	for i := 0; i < 2000; i++ {
		text.WriteString("okta,acme.okta.com,Slack,0oa1,true,https://x.example/scim/v2,,collab\n")
	}
	gz := gzipped(t, []byte(text.String()))
	path := writeFile(t, filepath.Join(dir, "cut.csv.gz"), gz[:len(gz)/2])
	src, tx := ingestForTest(t, path, Options{})
	if !src.Truncated {
		t.Error("source not marked truncated")
	}
	if src.Stored == 0 || src.Stored >= 2000 {
		t.Errorf("stored %d rows of a half file", src.Stored)
	}
	last := tx.Rejects[len(tx.Rejects)-1]
	if !strings.HasPrefix(last.Reason, "truncated") {
		t.Errorf("the truncation is not recorded as a reject: %+v", last)
	}
}

func TestReingestFromStdinIsADuplicate(t *testing.T) {
	sink := newMemSink()
	first, _ := ingestPaths(t, sink, []byte(inventoryText), "-")
	again, _ := ingestPaths(t, sink, []byte(inventoryText), "-")
	if first[0].Duplicate || !again[0].Duplicate {
		t.Errorf("duplicate flags: first %v, again %v", first[0].Duplicate, again[0].Duplicate)
	}
	if len(sink.sources) != 1 {
		t.Errorf("%d sources committed, want 1", len(sink.sources))
	}
}

func TestNamedInputErrors(t *testing.T) {
	dir := t.TempDir()
	if _, _, err := Expand([]string{filepath.Join(dir, "nope.json")}, nil); err == nil || !strings.Contains(err.Error(), "nope.json") {
		t.Errorf("missing file: %v", err)
	}
	path := writeFile(t, filepath.Join(dir, "unknown.json"), []byte(`{"hello":"world"}`))
	_, err := File(Input{Path: path, Named: true, file: path}, newMemSink(), Options{})
	if err == nil || !strings.Contains(err.Error(), "unknown.json") || !strings.Contains(err.Error(), "--format") {
		t.Errorf("undetected file: %v", err)
	}
}

// A file on disk under SmallFileBytes is small; a bigger one, stdin and a zip entry are not
// (their size is unknown before they are read, or large).
func TestSmallInputs(t *testing.T) {
	dir := t.TempDir()
	small := filepath.Join(dir, "page.json")
	big := filepath.Join(dir, "big.ndjson")
	if err := os.WriteFile(small, []byte(`{"value":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(big)
	if err != nil {
		t.Fatal(err)
	}
	if err := errors.Join(f.Truncate(SmallFileBytes), f.Close()); err != nil {
		t.Fatal(err)
	}
	inputs, _, err := Expand([]string{small, big, "-"}, strings.NewReader("{}\n"))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{small: true, big: false, "-": false}
	for _, in := range inputs {
		if got := in.small(); got != want[in.Path] {
			t.Errorf("%s: small %v, want %v", in.Path, got, want[in.Path])
		}
	}
	if len(inputs) != len(want) {
		t.Errorf("%d inputs, want %d", len(inputs), len(want))
	}
}
