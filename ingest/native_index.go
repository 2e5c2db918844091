package ingest

import (
	"bufio"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"sort"

	"github.com/scimdrift/scimdrift/internal/inflate"
)

// The fast path's feed notes, every few MiB of text, where a line starts — for a .gz also the
// deflate block before it, with the 32 KiB of text before that (package inflate) — so that the
// few records the native query leaves to Go are read again from near their lines instead of
// from the start of the file: for a .gz that was a second inflate of everything before the
// last of them, seconds after DuckDB was done.

// indexSpan is the text between two entries of a new index; it doubles whenever the index
// would hold more than maxIndexEntries, so that a .gz's windows stay under 8 MiB. (A variable
// for tests.)
var indexSpan int64 = 4 << 20

const (
	maxIndexEntries = 256
	// headBytes is how much of an entry's line is checked when it is read again.
	headBytes = 64
)

// lineIndex is where reading a file can start again at a record.
type lineIndex struct {
	span    int64
	entries []indexEntry
	waiting *inflate.Checkpoint // a .gz's block start, not yet tied to the record after it
	bom     int64               // the byte order mark skipped before the text (its offsets do not count it)
	gz      bool
}

// indexEntry is a record's line and text offset (as rawRecord has them), a checksum of the
// start of its line, and for a .gz the block start before it to inflate from.
type indexEntry struct {
	line, offset int64
	head         uint32
	from         *inflate.Checkpoint
}

func newLineIndex() *lineIndex { return &lineIndex{span: indexSpan} }

// mark is the inflate.Marker of a .gz: the first block start span bytes of text past the last
// entry is kept, until the record after it ties it to a line.
func (x *lineIndex) mark(out int64, take func() inflate.Checkpoint) {
	x.gz = true // a .gz's first block starts before any text
	if x.waiting != nil || out < x.bom+x.lastOffset()+x.span {
		return
	}
	cp := take()
	x.waiting = &cp
}

// add takes note of a record read.
func (x *lineIndex) add(rec rawRecord) {
	switch {
	case x.gz && x.waiting != nil && x.waiting.Out <= x.bom+rec.offset:
		x.entries = append(x.entries, indexEntry{line: rec.line, offset: rec.offset, head: headSum(rec.raw), from: x.waiting})
		x.waiting = nil
	case !x.gz && rec.offset >= x.lastOffset()+x.span:
		x.entries = append(x.entries, indexEntry{line: rec.line, offset: rec.offset, head: headSum(rec.raw)})
	default:
		return
	}
	if len(x.entries) > maxIndexEntries {
		kept := x.entries[:0]
		for i := 1; i < len(x.entries); i += 2 {
			kept = append(kept, x.entries[i])
		}
		clear(x.entries[len(kept):])
		x.entries, x.span = kept, x.span*2
	}
}

func (x *lineIndex) lastOffset() int64 {
	if len(x.entries) == 0 {
		return 0
	}
	return x.entries[len(x.entries)-1].offset
}

func headSum(raw []byte) uint32 { return crc32.ChecksumIEEE(raw[:min(len(raw), headBytes)]) }

// before returns the last entry at or before a line, or nil.
func (x *lineIndex) before(line int64) *indexEntry {
	i := sort.Search(len(x.entries), func(i int) bool { return x.entries[i].line > line })
	if i == 0 {
		return nil
	}
	return &x.entries[i-1]
}

// openAt opens a file's text at an entry. The first record read is the entry's, checked
// against its line and checksum: when it differs the file changed since it was read.
func (x *lineIndex) openAt(path string, e *indexEntry) (*recordsAgain, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	text, err := x.seek(f, e)
	if err != nil {
		f.Close()
		return nil, err
	}
	again := &recordsAgain{lines: &lineReader{r: bufio.NewReaderSize(text, 64<<10), line: e.line - 1, offset: e.offset}, file: f}
	first, err := again.lines.view()
	if err != nil || first.line != e.line || headSum(first.raw) != e.head {
		f.Close()
		return nil, fmt.Errorf("the file changed while it was read: line %d is not where it was", e.line)
	}
	again.first = &first
	return again, nil
}

// seek returns the file's text from an entry's record on.
func (x *lineIndex) seek(f *os.File, e *indexEntry) (io.Reader, error) {
	if e.from == nil {
		_, err := f.Seek(x.bom+e.offset, io.SeekStart)
		return f, err
	}
	if _, err := f.Seek(e.from.Bit/8, io.SeekStart); err != nil {
		return nil, err
	}
	z, err := inflate.ResumeGzip(f, *e.from)
	if err != nil {
		return nil, err
	}
	if _, err := io.CopyN(io.Discard, z, x.bom+e.offset-e.from.Out); err != nil {
		return nil, fmt.Errorf("inflating again to line %d: %w", e.line, err)
	}
	return z, nil
}

// recordsAgain reads a file's records again, from the start or from an index entry.
type recordsAgain struct {
	lines *lineReader
	first *rawRecord // read to check the entry, not yet returned
	file  io.Closer
}

// view returns the next record; its text is valid until the next call.
func (r *recordsAgain) view() (rawRecord, error) {
	if r.first != nil {
		rec := *r.first
		r.first = nil
		return rec, nil
	}
	return r.lines.view()
}

// next is the line of the next record at the earliest.
func (r *recordsAgain) next() int64 {
	if r.first != nil {
		return r.first.line
	}
	return r.lines.line + 1
}

func (r *recordsAgain) Close() error { return r.file.Close() }
