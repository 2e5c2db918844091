package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"strings"
)

// sniffStream looks at the start of a stream, without consuming it, to tell JSON from text and
// NDJSON from other JSON layouts, and to take the first record for detection.
func sniffStream(br *bufio.Reader) (*Sniff, error) {
	head, err := br.Peek(sniffBytes)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, err
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) > 0 && (trimmed[0] == '[' || trimmed[0] == '{') {
		return sniffJSON(head, trimmed[0]), nil
	}
	return &Sniff{Container: TextLines, Lines: firstLines(head, 5)}, nil
}

// sniffJSON takes the first record. A file whose first value is an object on one line, and not
// an envelope, is NDJSON and is read line by line, so one broken line cannot hide the next.
func sniffJSON(head []byte, first byte) *Sniff {
	s := &Sniff{Container: JSONRecords}
	sp := newJSONSplitter(bufio.NewReader(bytes.NewReader(head)))
	rec, err := sp.next()
	if err != nil || rec.problem != "" {
		s.firstLong = len(head) == sniffBytes && strings.HasPrefix(rec.problem, "truncated")
		return s
	}
	s.First = rec.raw
	s.ndjson = first == '{' && sp.recDepth == 0 && !bytes.ContainsRune(rec.raw, '\n')
	return s
}

func firstLines(head []byte, n int) [][]byte {
	var lines [][]byte
	for len(head) > 0 && len(lines) < n {
		line := head
		if i := bytes.IndexByte(head, '\n'); i >= 0 {
			line, head = head[:i], head[i+1:]
		} else {
			head = nil
		}
		line = bytes.TrimRight(line, "\r")
		if len(bytes.TrimSpace(line)) > 0 {
			lines = append(lines, line)
		}
	}
	return lines
}
