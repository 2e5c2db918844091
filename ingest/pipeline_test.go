package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// scriptFormat decodes lines that say what to do with them: "ok", "bad" (rejected), "out" (out
// of scope), "fatal" (fails the file), each optionally "slow" (so that later blocks are decoded
// before it), as in "ok slow".
var scriptFormat = Format{Name: "script", NewDecoder: func([]string) (Decoder, error) { return scriptDecoder{}, nil }}

type scriptDecoder struct{}

func (scriptDecoder) Decode(rec *Record, b *Batch) error {
	what, slow := strings.CutSuffix(string(rec.Raw), " slow")
	if slow {
		time.Sleep(20 * time.Millisecond)
	}
	switch what {
	case "ok":
		b.AddEvent(Event{EventID: strconv.FormatInt(rec.Line, 10)})
	case "out":
		b.OutOfScope("kind " + strconv.FormatInt(rec.Line%3, 10))
	case "fatal":
		return Fatal(fmt.Errorf("line %d is fatal", rec.Line))
	default:
		return fmt.Errorf("%s on line %d", what, rec.Line)
	}
	return nil
}

// runScript decodes the lines through the pipeline into memory.
func runScript(lines []string, opt Options) (*Source, *memTx, error) {
	src, tx := &Source{}, &memTx{}
	records := newLineReader(bufio.NewReader(strings.NewReader(strings.Join(lines, "\n"))))
	dec, _ := scriptFormat.NewDecoder(nil)
	err := decodeAll(records, &scriptFormat, dec, nil, tx, src, opt)
	return src, tx, err
}

// scriptLines is n lines of "ok", with the given lines (1-based) replaced.
func scriptLines(n int, set map[int]string) []string {
	lines := make([]string, n)
	for i := range lines {
		lines[i] = "ok"
		if s, ok := set[i+1]; ok {
			lines[i] = s
		}
	}
	return lines
}

// TestPipelineKeepsInputOrder: rows and rejects reach the sink in input order with their lines,
// and the counts add up, although later blocks are decoded before earlier ones.
func TestPipelineKeepsInputOrder(t *testing.T) {
	set := map[int]string{}
	for i := 1; i <= 300; i++ {
		switch {
		case i%7 == 0:
			set[i] = "bad"
		case i%11 == 0:
			set[i] = "out"
		case i%13 == 0:
			set[i] = "ok slow"
		}
	}
	lines := scriptLines(300, set)
	want, wantTx, err := runScript(lines, Options{Workers: 1})
	if err != nil {
		t.Fatal(err)
	}
	got, gotTx, err := runScript(lines, WithBlockRecords(Options{Workers: 4}, 2))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("accounting (-1 worker +4):\n%s", diff)
	}
	if diff := cmp.Diff(wantTx.Events, gotTx.Events); diff != "" {
		t.Errorf("events (-1 worker +4):\n%s", diff)
	}
	if diff := cmp.Diff(wantTx.Rejects, gotTx.Rejects); diff != "" {
		t.Errorf("rejects (-1 worker +4):\n%s", diff)
	}
	for i, e := range gotTx.Events {
		if i > 0 && e.Line <= gotTx.Events[i-1].Line || e.EventID != strconv.FormatInt(e.Line, 10) {
			t.Fatalf("event %d is from line %d (%s), after line %d", i, e.Line, e.EventID, gotTx.Events[i-1].Line)
		}
	}
	if got.Records != 300 || got.Records != got.Stored+got.Rejected+got.OutOfScope || got.Rejected != int64(len(gotTx.Rejects)) {
		t.Errorf("accounting %+v does not add up to 300 records (%d rejects written)", got, len(gotTx.Rejects))
	}
}

// TestPipelineStopsAtTheFirstFailureInInputOrder: under --strict the first rejected record of
// the file fails it, and a fatal decoder error fails it, even when a later block is decoded
// first and fails too.
func TestPipelineStopsAtTheFirstFailureInInputOrder(t *testing.T) {
	for _, tc := range []struct {
		name   string
		set    map[int]string
		strict bool
		want   string
	}{
		{"strict", map[int]string{50: "bad slow", 51: "bad", 120: "bad"}, true, "line 50: bad on line 50 (--strict: nothing of this file was stored)"},
		{"fatal", map[int]string{40: "bad", 81: "fatal slow", 90: "fatal"}, false, "line 81 is fatal"},
		{"strict before fatal", map[int]string{10: "fatal slow", 3: "bad slow"}, true, "line 3: bad on line 3 (--strict: nothing of this file was stored)"},
		{"fatal before strict", map[int]string{3: "fatal slow", 10: "bad"}, true, "line 3 is fatal"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, opt := range []Options{{Workers: 1}, WithBlockRecords(Options{Workers: 4}, 4)} {
				opt.Strict = tc.strict
				_, _, err := runScript(scriptLines(200, tc.set), opt)
				if err == nil || err.Error() != tc.want {
					t.Errorf("%d workers: error %v, want %q", opt.Workers, err, tc.want)
				}
			}
		})
	}
}

// TestPipelineReadError: an input that fails to read fails the file, after the records before it.
func TestPipelineReadError(t *testing.T) {
	src, tx := &Source{}, &memTx{}
	input := bytes.Repeat([]byte("ok\n"), 50)
	records := newLineReader(bufio.NewReader(&failingReader{data: input}))
	dec, _ := scriptFormat.NewDecoder(nil)
	err := decodeAll(records, &scriptFormat, dec, nil, tx, src, WithBlockRecords(Options{Workers: 4}, 3))
	if err == nil || !strings.HasPrefix(err.Error(), "reading at byte") || !strings.HasSuffix(err.Error(), ": disk on fire") {
		t.Errorf("error %v, want the read error", err)
	}
}

type failingReader struct{ data []byte }

func (f *failingReader) Read(p []byte) (int, error) {
	if len(f.data) == 0 {
		return 0, errors.New("disk on fire")
	}
	n := copy(p, f.data)
	f.data = f.data[n:]
	return n, nil
}

// TestPipelineReadsAheadBoundedly: while the sink does not take rows, the reader stops after a
// bounded number of blocks, so that memory stays flat whatever the size of the input.
func TestPipelineReadsAheadBoundedly(t *testing.T) {
	input := &endlessInput{line: []byte(hostileOktaLine(1))}
	sink := &stalledSink{release: make(chan struct{})}
	const workers, size = 4, 1000
	done := make(chan error)
	go func() {
		_, err := File(Input{Path: "-", Named: true, stdin: input}, sink, WithBlockRecords(Options{Workers: workers}, size))
		done <- err
	}()
	read := int64(-1)
	for read != input.read.Load() { // wait until the reader stops
		read = input.read.Load()
		time.Sleep(200 * time.Millisecond)
	}
	close(sink.release)
	if err := <-done; err == nil || !strings.Contains(err.Error(), "sink gives up") {
		t.Errorf("error %v, want the sink's", err)
	}
	// Blocks in the queue, at the writer, the workers and the reader, plus what detection and
	// the buffers read.
	blocks := int64(queueBlocks*workers + workers + 3)
	if limit := blocks*size*int64(len(input.line)) + 2*sniffBytes; read > limit {
		t.Errorf("read %d bytes ahead of the sink, want at most %d", read, limit)
	}
}

// endlessInput repeats a line forever, counting the bytes read.
type endlessInput struct {
	line []byte
	at   int
	read atomic.Int64
}

func (e *endlessInput) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], e.line[e.at:])
		n += c
		e.at = (e.at + c) % len(e.line)
	}
	e.read.Add(int64(n))
	return n, nil
}

// stalledSink blocks the first Write until release is closed, then fails it.
type stalledSink struct {
	release chan struct{}
	once    sync.Once
}

func (s *stalledSink) Seen(string) (bool, error)       { return false, nil }
func (s *stalledSink) Begin(*Source) (SourceTx, error) { return s, nil }
func (s *stalledSink) Commit(*Source) error            { return nil }
func (s *stalledSink) Rollback() error                 { return nil }
func (s *stalledSink) Write(*Batch, []Reject) error {
	<-s.release
	return errors.New("sink gives up")
}

// TestLearntLayoutReachesEveryWorker: a scim-access line that fits no layout and looks like none
// is rejected in the words of the layout the file's first readable line had; every worker knows
// it, however the file is cut into blocks. Lines before that first readable one are read in
// order by one decoder.
func TestLearntLayoutReachesEveryWorker(t *testing.T) {
	vhost := `scim.acme.example:443 198.51.100.7 - - [02/Nov/2026:10:00:00 +0000] "GET /scim/v2/Users HTTP/1.1" 200 87 "-" "Okta SCIM Client 1.0.0"`
	lines := []string{"x y z", "x y z", vhost}
	for i := 0; i < 40; i++ {
		lines = append(lines, "x y z", vhost)
	}
	data := []byte(strings.Join(lines, "\n") + "\n")
	for _, opt := range []Options{{Workers: 1}, WithBlockRecords(Options{Workers: 4}, 1), WithBlockRecords(Options{Workers: 4}, 2)} {
		opt.Format = SCIMAccess.Name
		sink := newMemSink()
		src, err := File(Input{Path: "-", Named: true, stdin: bytes.NewReader(data)}, sink, opt)
		if err != nil {
			t.Fatal(err)
		}
		if src.Stored != 41 || src.Rejected != 42 {
			t.Errorf("%+v: stored %d, rejected %d, want 41 and 42", opt, src.Stored, src.Rejected)
		}
		for _, r := range sink.files["-"][0].Rejects {
			want := "vhost_combined line: 3 fields, want at least 8"
			if r.Line < 3 {
				want = "not a combined, vhost_combined or ALB access log line (3 fields)"
			}
			if r.Reason != want {
				t.Errorf("%+v: line %d rejected for %q, want %q", opt, r.Line, r.Reason, want)
			}
		}
	}
}

// TestSmallFilesAreCutIntoSeveralBlocks: a file of a few MB (a Graph page) is not one block
// that a single worker decodes after the reader has cut it all; blocks start at
// firstBlockBytes and double up to blockBytes.
func TestSmallFilesAreCutIntoSeveralBlocks(t *testing.T) {
	record := strings.Repeat("x", 3000)
	input := strings.Repeat(record+"\n", 5000) // 15 MB
	p := newPipeline(&scriptFormat, scriptDecoder{}, nil, Options{Workers: 2})
	records := newLineReader(bufio.NewReader(strings.NewReader(input)))
	var sizes []int
	for more := true; more; {
		var b *block
		b, more = p.cut(records, &Source{})
		text := 0
		for _, r := range b.records {
			text += len(r.raw)
		}
		sizes = append(sizes, text)
	}
	limit, total := firstBlockBytes, 0
	for i, size := range sizes {
		total += size
		if i < len(sizes)-1 && (size < limit || size > limit+len(record)) {
			t.Errorf("block %d holds %d bytes, want %d up to one record more (blocks: %v)", i, size, limit, sizes)
		}
		limit = min(2*limit, blockBytes)
	}
	if total != 5000*len(record) {
		t.Errorf("blocks hold %d bytes of records, want %d", total, 5000*len(record))
	}
}
