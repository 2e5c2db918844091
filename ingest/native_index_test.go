package ingest

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// indexText is NDJSON with blank lines here and there, the text the index is tested on; random
// ids make deflate blocks small, as an export's are.
func indexText(lines int) []byte {
	var b bytes.Buffer
	rng := rand.New(rand.NewPCG(uint64(lines), 5))
	for i := range lines {
		fmt.Fprintf(&b, `{"n":%d,"id":"%x%x","text":"%s"}`+"\n", i, rng.Uint64(), rng.Uint64(), bytes.Repeat([]byte{byte('a' + i%26)}, i%97))
		if i%13 == 0 {
			b.WriteString("\n  \n")
		}
	}
	return b.Bytes()
}

func writeIndexed(t *testing.T, name string, text []byte, members int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	data := text
	if members > 0 {
		var out bytes.Buffer
		size := (len(text) + members - 1) / members
		for part := range slices.Chunk(text, size) {
			zw := gzip.NewWriter(&out)
			zw.Write(part)
			zw.Close()
		}
		data = out.Bytes()
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// everyRecord reads a file's records from its start, as the Go path does.
func everyRecord(t *testing.T, in Input) map[int64]rawRecord {
	t.Helper()
	again, err := openAgain(in, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	records := map[int64]rawRecord{}
	for {
		rec, err := again.view()
		if err != nil {
			break
		}
		records[rec.line] = cloneRecord(rec)
	}
	return records
}

func TestIndexedFetchFindsEachLineAsAReadFromTheStart(t *testing.T) {
	defer func(span int64) { indexSpan = span }(indexSpan)
	indexSpan = 4 << 10
	text := indexText(20000) // ~1.2 MB: more entries than an index keeps, so it thins out
	bom := append([]byte("\uFEFF"), text...)
	for name, path := range map[string]string{
		"plain":            writeIndexed(t, "plain.ndjson", text, 0),
		"plain with a BOM": writeIndexed(t, "bom.ndjson", bom, 0),
		"gzip":             writeIndexed(t, "one.ndjson.gz", text, 1),
		"gzip, 7 members":  writeIndexed(t, "seven.ndjson.gz", text, 7),
		"gzip with a BOM":  writeIndexed(t, "bom.ndjson.gz", bom, 1),
	} {
		t.Run(name, func(t *testing.T) {
			in := inputOf(t, path)
			feed := feedLines(in, nil)
			if feed.err != nil {
				t.Fatal(feed.err)
			}
			n := len(feed.index.entries)
			switch {
			case feed.index.gz && n < 20: // an entry at most every deflate block (~40 KB of this text)
				t.Fatalf("%d entries in a .gz of %d blocks", n, len(text)>>15)
			case !feed.index.gz && (n < maxIndexEntries/2 || n > maxIndexEntries || feed.index.span == indexSpan):
				t.Fatalf("%d entries every %d bytes: the index did not fill and thin out", n, feed.index.span)
			}
			all := everyRecord(t, in)
			var lines []int64
			for _, e := range feed.index.entries[:min(n, 40)] { // each entry's line and the lines about it
				lines = append(lines, e.line-1, e.line, e.line+1, e.line+5)
			}
			lines = append(lines, 1, int64(len(all))) // and the first and a late one
			lines = sortedRecordLines(lines, all)
			got, err := fetchFrom(in, lines, feed.index) // no falling back to a read from the start
			if err != nil {
				t.Fatal(err)
			}
			want := make([]rawRecord, len(lines))
			for i, l := range lines {
				want[i] = all[l]
			}
			if diff := cmp.Diff(want, got, cmp.AllowUnexported(rawRecord{})); diff != "" {
				t.Fatalf("records fetched from the index differ from a read from the start (-want +got):\n%s", diff)
			}
		})
	}
}

// sortedRecordLines keeps the lines that hold records, ascending, once each.
func sortedRecordLines(lines []int64, records map[int64]rawRecord) []int64 {
	seen := map[int64]bool{}
	var out []int64
	for _, l := range lines {
		if _, ok := records[l]; ok && !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	slices.Sort(out)
	return out
}

func TestIndexedFetchReadsFromTheStartWhenTheFileChanged(t *testing.T) {
	defer func(span int64) { indexSpan = span }(indexSpan)
	indexSpan = 4 << 10
	path := writeIndexed(t, "changing.ndjson", indexText(3000), 0)
	in := inputOf(t, path)
	feed := feedLines(in, nil)
	if feed.err != nil || len(feed.index.entries) < 3 {
		t.Fatalf("feed: %v, %d entries", feed.err, len(feed.index.entries))
	}
	// one line more at the top: every line moves down by one
	changed := append([]byte(`{"n":-1}`+"\n"), indexText(3000)...)
	if err := os.WriteFile(path, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	line := feed.index.entries[2].line
	if _, err := fetchFrom(in, []int64{line}, feed.index); err == nil {
		t.Fatal("the index took a changed file for the one it was made of")
	}
	got, err := feed.fetchLines(in, []int64{line})
	if err != nil {
		t.Fatal(err)
	}
	if want := everyRecord(t, in)[line]; len(got) != 1 || !bytes.Equal(got[0].raw, want.raw) || got[0].offset != want.offset {
		t.Fatalf("line %d fetched as %+v, the file now has %q there", line, got, want.raw)
	}
}

func inputOf(t *testing.T, path string) Input {
	t.Helper()
	inputs, _, err := Expand([]string{path}, nil)
	if err != nil || len(inputs) != 1 {
		t.Fatalf("expand %s: %v", path, err)
	}
	return inputs[0]
}
