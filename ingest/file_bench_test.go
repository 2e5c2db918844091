package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/scimdrift/scimdrift/bench/shapes"
)

// BenchmarkFile reads generated exports (bench/shapes: a tenth failures, a few malformed
// records) of benchRecords events through the whole pipeline (hashing, splitting, decoding,
// cleaning) into a sink that discards the rows, with one worker and with the default.
func BenchmarkFile(b *testing.B) {
	for _, shape := range shapes.Names() {
		path := filepath.Join(b.TempDir(), shape+".ndjson")
		f, err := os.Create(path)
		if err != nil {
			b.Fatal(err)
		}
		if err := errors.Join(shapes.Write(f, shape, benchRecords, 0.1, 5), f.Close()); err != nil {
			b.Fatal(err)
		}
		info, err := os.Stat(path)
		if err != nil {
			b.Fatal(err)
		}
		for _, workers := range []int{1, 0} {
			b.Run(fmt.Sprintf("%s/workers=%d", shape, workers), func(b *testing.B) {
				b.SetBytes(info.Size())
				b.ReportAllocs()
				cpu := processCPU()
				for b.Loop() {
					if _, err := File(Input{Path: path, Named: true, file: path}, discardSink{}, Options{Workers: workers}); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric((processCPU()-cpu).Seconds()/float64(b.N), "cpu-s/op")
			})
		}
	}
}

// benchRecords is how many events a benchmark input has.
const benchRecords = 100_000

// discardSink takes every file and keeps nothing.
type discardSink struct{}

func (discardSink) Seen(string) (bool, error)       { return false, nil }
func (discardSink) Begin(*Source) (SourceTx, error) { return discardSink{}, nil }
func (discardSink) Write(*Batch, []Reject) error    { return nil }
func (discardSink) Commit(*Source) error            { return nil }
func (discardSink) Rollback() error                 { return nil }

// processCPU is the user and system time of the process so far: on a busy machine it says more
// than the wall time.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkSplitters cuts generated Entra records into records, as NDJSON lines and as one
// Azure Monitor {"records":[…]} envelope.
func BenchmarkSplitters(b *testing.B) {
	var lines bytes.Buffer
	if err := shapes.Write(&lines, "entra-diagnostic", 20_000, 0.1, 0); err != nil {
		b.Fatal(err)
	}
	envelope := []byte(`{"records":[` + strings.ReplaceAll(strings.TrimSuffix(lines.String(), "\n"), "\n", ",\n") + "]}")
	for _, tc := range []struct {
		name  string
		data  []byte
		split func(*bufio.Reader) recordReader
	}{
		{"lines", lines.Bytes(), func(r *bufio.Reader) recordReader { return newLineReader(r) }},
		{"json", envelope, func(r *bufio.Reader) recordReader { return newJSONSplitter(r) }},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.data)))
			b.ReportAllocs()
			for b.Loop() {
				records := tc.split(bufio.NewReaderSize(bytes.NewReader(tc.data), sniffBytes))
				n := 0
				for {
					if _, err := records.next(); err != nil {
						break
					}
					n++
				}
				if n != 20_000 {
					b.Fatalf("%d records, want 20000", n)
				}
			}
		})
	}
}
