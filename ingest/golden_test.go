package ingest

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the .golden files from what the code produces now")

// memSink keeps what an ingest writes, for tests.
type memSink struct {
	sources []*Source
	files   map[string][]*memTx // by path
}

type memTx struct {
	sink       *memSink
	src        *Source
	Events     []Event     `json:"events,omitempty"`
	Access     []Access    `json:"access,omitempty"`
	Connectors []Connector `json:"connectors,omitempty"`
	Rejects    []Reject    `json:"rejects,omitempty"`
	done       bool
}

func newMemSink() *memSink { return &memSink{files: map[string][]*memTx{}} }

func (m *memSink) Seen(sha string) (bool, error) {
	for _, s := range m.sources {
		if s.SHA256 == sha {
			return true, nil
		}
	}
	return false, nil
}

func (m *memSink) Begin(src *Source) (SourceTx, error) {
	src.ID = int64(len(m.sources) + 1)
	return &memTx{sink: m, src: src}, nil
}

func (t *memTx) Write(b *Batch, rejects []Reject) error {
	t.Events = append(t.Events, b.Events...)
	t.Access = append(t.Access, b.Access...)
	t.Connectors = append(t.Connectors, b.Connectors...)
	t.Rejects = append(t.Rejects, rejects...)
	return nil
}

func (t *memTx) Commit(src *Source) error {
	t.done = true
	t.sink.sources = append(t.sink.sources, src)
	t.sink.files[src.Path] = append(t.sink.files[src.Path], t)
	return nil
}

func (t *memTx) Rollback() error { return nil }

// ingestForTest ingests one file into memory, detecting its format unless one is forced.
func ingestForTest(t *testing.T, path string, opt Options) (*Source, *memTx) {
	t.Helper()
	sink := newMemSink()
	src, err := File(Input{Path: path, Named: true, file: path}, sink, opt)
	if err != nil {
		t.Fatalf("ingesting %s: %v", path, err)
	}
	txs := sink.files[path]
	if len(txs) != 1 {
		t.Fatalf("ingesting %s: %d commits, want 1", path, len(txs))
	}
	if got := src.Stored + src.Rejected + src.OutOfScope; got != src.Records {
		t.Errorf("%s: records read %d != stored %d + rejected %d + out of scope %d", path, src.Records, src.Stored, src.Rejected, src.OutOfScope)
	}
	if int64(len(txs[0].Rejects)) != src.Rejected {
		t.Errorf("%s: %d rejects written, %d counted", path, len(txs[0].Rejects), src.Rejected)
	}
	return src, txs[0]
}

// goldenIngest ingests testdata file path and compares everything it produced (the source's
// accounting, events, access rows, connectors, rejects) with path + ".golden", once as the
// command line reads it and once with every record in a block of its own for four workers.
// `go test ./ingest -update` rewrites the golden files.
func goldenIngest(t *testing.T, path string) {
	t.Helper()
	src, tx := ingestForTest(t, path, Options{})
	got := renderGolden(t, src, tx)
	golden := path + ".golden"
	if *update {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./ingest -update to create it)", err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs from %s (-want +got):\n%s", path, golden, diff)
	}
	src, tx = ingestForTest(t, path, WithBlockRecords(Options{Workers: 4}, 1))
	if diff := cmp.Diff(string(want), string(renderGolden(t, src, tx))); diff != "" {
		t.Errorf("%s with 4 workers and a block per record differs from %s (-want +got):\n%s", path, golden, diff)
	}
}

func renderGolden(t *testing.T, src *Source, tx *memTx) []byte {
	t.Helper()
	shown := *src
	shown.Path = filepath.ToSlash(shown.Path)
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(struct {
		Source *Source `json:"source"`
		*memTx
	}{&shown, tx}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
