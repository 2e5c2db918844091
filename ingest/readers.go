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
	buf    []byte
}

func newLineReader(r *bufio.Reader) *lineReader { return &lineReader{r: r} }

func (l *lineReader) next() (rawRecord, error) {
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
		rec := rawRecord{line: startLine, offset: start, raw: append([]byte(nil), trimmed...)}
		if oversize {
			rec.problem = fmt.Sprintf("line longer than %d bytes", MaxRecordBytes)
		}
		return rec, nil
	}
}

// readLine reads one line without its "\n", keeping at most MaxRecordBytes of it.
func (l *lineReader) readLine() (text []byte, oversize bool, err error) {
	l.buf = l.buf[:0]
	for {
		chunk, err := l.r.ReadSlice('\n')
		l.offset += int64(len(chunk))
		if len(l.buf)+len(chunk) > MaxRecordBytes {
			oversize = true
			chunk = chunk[:max(0, MaxRecordBytes-len(l.buf))]
		}
		l.buf = append(l.buf, chunk...)
		switch {
		case err == nil:
			return bytes.TrimSuffix(l.buf, []byte("\n")), oversize, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		default:
			return l.buf, oversize, err
		}
	}
}

// csvReader yields each CSV row after the header as a record (RFC 4180, lazy quotes).
type csvReader struct {
	r      *csv.Reader
	header []string
}

func newCSVReader(r io.Reader) (*csvReader, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	header, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("reading the CSV header: %w", err)
	}
	for i := range header {
		header[i] = string(bytes.TrimSpace([]byte(header[i])))
	}
	return &csvReader{r: cr, header: header}, nil
}

func (c *csvReader) next() (rawRecord, error) {
	for {
		start := c.r.InputOffset()
		fields, err := c.r.Read()
		line, _ := c.r.FieldPos(0)
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return rawRecord{line: int64(pe.StartLine), offset: start, problem: "CSV: " + pe.Err.Error()}, nil
			}
			return rawRecord{}, err
		}
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
