package ingest

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
)

// recordReader yields the records of one file, whatever its layout.
type recordReader interface {
	next() (rawRecord, error) // io.EOF at the end
}

// lineReader yields each non-blank line as a record: NDJSON and access logs.
type lineReader struct {
	r      *bufio.Reader
	line   int64
	offset int64
	buf    []byte // a line longer than the reader's buffer, pieced together
	arena  arena
}

func newLineReader(r *bufio.Reader) *lineReader { return &lineReader{r: r} }

func (l *lineReader) next() (rawRecord, error) {
	rec, err := l.view()
	rec.raw = l.arena.copy(rec.raw)
	return rec, err
}

// view is next without the copy: the record's text is valid until the following call.
func (l *lineReader) view() (rawRecord, error) {
	for {
		start, startLine := l.offset, l.line+1
		text, oversize, err := l.readLine()
		if len(text) == 0 && !oversize && err != nil {
			return rawRecord{}, err
		}
		l.line++
		trimmed := bytes.TrimRight(text, "\r")
		if len(bytes.TrimSpace(trimmed)) == 0 && !oversize {
			continue
		}
		rec := rawRecord{line: startLine, offset: start, raw: trimmed}
		if oversize {
			rec.problem = fmt.Sprintf("line longer than %d bytes", MaxRecordBytes)
		}
		return rec, nil
	}
}

// readLine reads one line without its "\n", keeping at most MaxRecordBytes of it. The text is
// valid until the next call.
func (l *lineReader) readLine() (text []byte, oversize bool, err error) {
	chunk, err := l.r.ReadSlice('\n')
	l.offset += int64(len(chunk))
	if err == nil && len(chunk) <= MaxRecordBytes {
		return chunk[:len(chunk)-1], false, nil // the whole line is in the reader's buffer: no copy
	}
	l.buf = l.buf[:0]
	for {
		if len(l.buf)+len(chunk) > MaxRecordBytes {
			oversize = true
			chunk = chunk[:max(0, MaxRecordBytes-len(l.buf))]
		}
		l.buf = append(l.buf, chunk...)
		switch {
		case err == nil:
			return bytes.TrimSuffix(l.buf, []byte("\n")), oversize, nil
		case !errors.Is(err, bufio.ErrBufferFull):
			return l.buf, oversize, err
		}
		chunk, err = l.r.ReadSlice('\n')
		l.offset += int64(len(chunk))
	}
}

// arena copies records out of a reader's buffer into shared allocations, so that a million
// records do not make a million allocations. Each copy has its own capacity: appending to one
// cannot touch another.
type arena struct{ buf []byte }

// arenaBytes is the size of one shared allocation; a longer record gets one of its own.
const arenaBytes = 256 << 10

func (a *arena) copy(b []byte) []byte {
	if len(b) > cap(a.buf)-len(a.buf) {
		a.buf = make([]byte, 0, max(arenaBytes, len(b)))
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	return a.buf[start:len(a.buf):len(a.buf)]
}

// csvReader yields each CSV row after the header as a record (RFC 4180, lazy quotes).
type csvReader struct {
	r      *csv.Reader
	limit  *recordLimit
	header []string
	line   int // where the last record read started
}

func newCSVReader(r io.Reader) (*csvReader, error) {
	limit := &recordLimit{r: r}
	cr := csv.NewReader(limit)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the CSV header: %w", err)
	}
	for i := range header {
		header[i] = string(bytes.TrimSpace([]byte(header[i])))
	}
	return &csvReader{r: cr, limit: limit, header: header, line: 1}, nil
}

// recordLimit fails a CSV record longer than MaxRecordBytes. encoding/csv has no bound of its
// own: one quote left open made the rest of a 150 MB file one field of one record (1.6 GB of
// memory, two million rows silently gone).
type recordLimit struct {
	r io.Reader
	n int // bytes read since the last record ended, with encoding/csv's read-ahead
}

// errCSVRecordTooLong stops a CSV file whose record will not end.
var errCSVRecordTooLong = errors.New("CSV record too long")

func (l *recordLimit) Read(p []byte) (int, error) {
	if l.n > MaxRecordBytes+csvReadAhead {
		return 0, errCSVRecordTooLong
	}
	n, err := l.r.Read(p)
	l.n += n
	return n, err
}

// csvReadAhead is how far encoding/csv's buffer reads beyond a record.
const csvReadAhead = 64 << 10

func (c *csvReader) next() (rawRecord, error) {
	for {
		start := c.r.InputOffset()
		fields, err := c.r.Read()
		c.limit.n = 0
		line, _ := c.r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return rawRecord{line: int64(pe.StartLine), offset: start, problem: "CSV: " + pe.Err.Error()}, nil
			}
			if errors.Is(err, errCSVRecordTooLong) {
				return rawRecord{}, fmt.Errorf("the CSV record after line %d is longer than %d bytes (a quote left open?)", c.line, MaxRecordBytes)
			}
			return rawRecord{}, err
		}
		c.line = line
		if len(fields) == 1 && fields[0] == "" {
			continue
		}
		return rawRecord{line: int64(line), offset: start, raw: csvLine(fields), fields: fields}, nil
	}
}

// csvLine re-encodes a row as CSV text, for the rejects table.
func csvLine(fields []string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	_ = w.Write(fields)
	w.Flush()
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}
