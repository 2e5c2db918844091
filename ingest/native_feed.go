package ingest

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"io"
	"slices"
)

// maxKeptBytes bounds the raw text of the lines the feed keeps for the Go decoder; a file with
// more lines that cannot be JSON objects than this is read by the Go path.
const maxKeptBytes = 64 << 20

// sampleEvery is how far apart, besides the first records and those at powers of two, the
// records are that both readers decode and compare.
const sampleEvery = 1 << 16

// lineFeed is what Go learns of a file while DuckDB reads it.
type lineFeed struct {
	err       error // reading the input failed: the file fails, as on the Go path
	opened    bool  // the input could be opened (err is then a read error)
	sha256    string
	bytes     int64       // bytes read, decompressed
	truncated bool        // a compressed input ends early
	records   int64       // non-blank lines
	gaps      []LineGap   // where blank lines come between records
	kept      []rawRecord // lines that are no JSON object, and lines too long: Go decides them
	keptBytes int
	capped    bool        // more kept text than maxKeptBytes
	samples   []rawRecord // records both readers decode
	index     *lineIndex  // where to read records again from
}

// feedLines reads the input as the Go path would — hashing the bytes as on disk, decompressing
// within the limits of limits.go, reporting progress, splitting lines with the Go path's line
// reader — and keeps what the fast path needs of it.
func feedLines(in Input, progress func(int64)) *lineFeed {
	f := &lineFeed{}
	rc, err := in.open()
	if err != nil {
		f.err = err
		return f
	}
	defer rc.Close()
	f.opened = true
	src := &Source{}
	f.index = newLineIndex()
	br, bom, hasher, err := hashedMarkedText(rc, progress, src, &f.bytes, f.index.mark)
	if err != nil {
		f.err = err
		return f
	}
	f.index.bom = bom
	lines := newLineReader(br)
	for {
		rec, err := lines.view()
		if err == io.EOF {
			break
		}
		if err != nil {
			f.err = err
			return f
		}
		f.add(rec)
	}
	f.truncated = src.Truncated
	f.sha256 = hex.EncodeToString(hasher.Sum(nil))
	return f
}

// add takes note of one record: where blank lines put it, whether Go must decide it, whether
// it is a sample.
func (f *lineFeed) add(rec rawRecord) {
	index := f.records
	f.records++
	if blanks := rec.line - f.records; blanks != f.lastBlanks() {
		f.gaps = append(f.gaps, LineGap{Record: index, Blanks: blanks})
	}
	f.index.add(rec)
	switch {
	case rec.problem != "" || !looksLikeObject(rec.raw):
		f.keep(rec)
	case isSample(f.records):
		f.samples = append(f.samples, cloneRecord(rec))
	}
}

func (f *lineFeed) lastBlanks() int64 {
	if len(f.gaps) == 0 {
		return 0
	}
	return f.gaps[len(f.gaps)-1].Blanks
}

// keep holds a record for the Go decoder, at most maxRejectRaw of its text when it is too long
// to be read anyway.
func (f *lineFeed) keep(rec rawRecord) {
	if rec.problem != "" && len(rec.raw) > maxRejectRaw {
		rec.raw = rec.raw[:maxRejectRaw]
	}
	if f.keptBytes += len(rec.raw); f.keptBytes > maxKeptBytes {
		f.capped = true
		return
	}
	f.kept = append(f.kept, cloneRecord(rec))
}

func cloneRecord(rec rawRecord) rawRecord {
	rec.raw = bytes.Clone(rec.raw)
	return rec
}

// looksLikeObject is the feed's cheap test for a line DuckDB may read as a record.
func looksLikeObject(raw []byte) bool {
	t := bytes.TrimSpace(raw)
	return len(t) >= 2 && t[0] == '{' && t[len(t)-1] == '}'
}

// isSample reports whether the record with this number (from 1) is one both readers decode:
// the first eight, those at powers of two, and every sampleEvery-th.
func isSample(n int64) bool {
	return n <= 8 || n&(n-1) == 0 || n%sampleEvery == 0
}

// disagrees says why the native result cannot stand, or "" when DuckDB read a row for every
// record, the feed kept every line it meant to and the input was read to its end.
func (f *lineFeed) disagrees(rows int64) string {
	switch {
	case f.capped:
		return fmt.Sprintf("more than %d MiB of lines that are no JSON object", maxKeptBytes>>20)
	case f.truncated:
		return "the compressed input ends early"
	case rows != f.records:
		return fmt.Sprintf("%d records read, DuckDB read %d", f.records, rows)
	}
	return ""
}

// forced are the lines Go decides whatever DuckDB made of them.
func (f *lineFeed) forced() []int64 {
	lines := make([]int64, len(f.kept))
	for i, rec := range f.kept {
		lines[i] = rec.line
	}
	return lines
}

func (f *lineFeed) sampleLines() []int64 {
	lines := make([]int64, len(f.samples))
	for i, rec := range f.samples {
		lines[i] = rec.line
	}
	return lines
}

// suspectRecords returns the records for the Go decoder, in line order: those the feed kept,
// and those at the other suspects' lines, read again from the file.
func (f *lineFeed) suspectRecords(in Input, suspects []int64) ([]rawRecord, error) {
	kept := make(map[int64]bool, len(f.kept))
	for _, rec := range f.kept {
		kept[rec.line] = true
	}
	var fetch []int64
	for _, l := range suspects {
		if !kept[l] {
			fetch = append(fetch, l)
		}
	}
	records := slices.Clone(f.kept)
	if len(fetch) > 0 {
		fetched, err := f.fetchLines(in, fetch)
		if err != nil {
			return nil, err
		}
		if len(fetched) != len(fetch) {
			return nil, fmt.Errorf("the file changed while it was read: %d of %d records found again", len(fetched), len(fetch))
		}
		records = append(records, fetched...)
	}
	slices.SortFunc(records, func(a, b rawRecord) int { return int(a.line - b.line) })
	return records, nil
}

// fetchLines reads the file again for the records at these lines (ascending), each from the
// index entry nearest before it; from the start of the file when there is none, or when the
// file is not as the index has it.
func (f *lineFeed) fetchLines(in Input, lines []int64) ([]rawRecord, error) {
	records, err := fetchFrom(in, lines, f.index)
	if err != nil && f.index != nil && len(f.index.entries) > 0 {
		return fetchFrom(in, lines, nil)
	}
	return records, err
}

// fetchFrom reads the records at these lines with an index, or from the start without one.
func fetchFrom(in Input, lines []int64, index *lineIndex) ([]rawRecord, error) {
	var again *recordsAgain
	defer func() {
		if again != nil {
			again.Close()
		}
	}()
	records := make([]rawRecord, 0, len(lines))
	for _, want := range lines {
		var entry *indexEntry
		if index != nil {
			entry = index.before(want)
		}
		if again == nil || entry != nil && entry.line > again.next() || again.next() > want {
			if again != nil {
				again.Close()
			}
			var err error
			if again, err = openAgain(in, index, entry); err != nil {
				return nil, err
			}
		}
		rec, err := seekLine(again, want)
		if err != nil {
			return nil, err
		}
		if rec.line == want {
			records = append(records, cloneRecord(rec))
		}
	}
	return records, nil
}

// openAgain opens the file's records at an index entry, or at the start when it is nil.
func openAgain(in Input, index *lineIndex, entry *indexEntry) (*recordsAgain, error) {
	if entry != nil {
		return index.openAt(in.file, entry)
	}
	rc, err := in.open()
	if err != nil {
		return nil, err
	}
	br, err := textReader(rc, &Source{}, nil)
	if err != nil {
		rc.Close()
		return nil, err
	}
	return &recordsAgain{lines: newLineReader(br), file: rc}, nil
}

// seekLine reads records up to the one at the line; an empty record when there is none.
func seekLine(again *recordsAgain, line int64) (rawRecord, error) {
	for {
		rec, err := again.view()
		if err == io.EOF {
			return rawRecord{}, nil
		}
		if err != nil || rec.line == line {
			return rec, err
		}
		if rec.line > line { // not a record's line: leave the record for the next line asked
			again.first = &rec
			return rawRecord{}, nil
		}
	}
}
