package ingest

import (
	"bufio"
	"errors"
	"fmt"
	"io"
)

// byteSplitter is the JSON splitter as first written (at 324506d), reading and keeping a byte
// at a time: the reference the buffer-scanning jsonSplitter is held to
// (TestJSONSplitterMatchesReference, FuzzJSONSplitter). It shares frame, envelopeKeys,
// maxSplitDepth and isDelimiter with it.
type byteSplitter struct {
	r         *bufio.Reader
	line      int64 // current line, 1-based
	offset    int64 // offset of the next byte
	stack     []frame
	deep      int    // open containers beyond maxSplitDepth, counted but not kept
	rec       []byte // the record being cut
	recLine   int64
	recOffset int64
	recDepth  int  // depth at which a value is a record, -1 when none is open
	capturing bool // inside a record
	oversize  bool
	inString  bool
	escape    bool
	key       []byte // the object key being read, at depth ≤ 2
	isKey     bool   // the open string is an object key
	readKey   bool   // … and its text is kept
	err       error
}

func newByteSplitter(r *bufio.Reader) *byteSplitter {
	return &byteSplitter{r: r, line: 1, recDepth: -1}
}

// next returns the next record, or io.EOF.
func (s *byteSplitter) next() (rawRecord, error) {
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return s.atEOF()
			}
			return rawRecord{}, err
		}
		s.offset++
		if rec, done := s.step(c); done {
			return rec, nil
		}
		if c == '\n' {
			s.line++
		}
	}
}

// atEOF turns an unfinished record into a reject and ends the stream.
func (s *byteSplitter) atEOF() (rawRecord, error) {
	if s.capturing {
		rec := s.finish(fmt.Sprintf("truncated: the JSON value starting at line %d is not closed at end of input", s.recLine))
		s.stack, s.deep = nil, 0
		return rec, nil
	}
	if len(s.stack) > 0 {
		s.stack, s.deep = nil, 0
		return rawRecord{line: s.line, offset: s.offset, problem: "truncated: end of input inside an unclosed JSON array or envelope"}, nil
	}
	return rawRecord{}, io.EOF
}

// step consumes one byte; it returns a record when c completes one.
func (s *byteSplitter) step(c byte) (rawRecord, bool) {
	if s.capturing {
		s.keep(c)
	}
	if s.inString {
		if s.stringByte(c) && s.capturing && len(s.stack) == s.recDepth {
			return s.finish(""), true
		}
		return rawRecord{}, false
	}
	switch c {
	case ' ', '\t', '\r', '\n', ',':
		return rawRecord{}, false
	case ':':
		return rawRecord{}, false
	case '"':
		s.startValue(c)
		s.inString = true
		s.isKey = s.expectingKey()
		s.readKey = s.isKey && len(s.stack) <= 2
		s.key = s.key[:0]
		return rawRecord{}, false
	case '{', '[':
		s.startValue(c)
		s.push(c)
		return rawRecord{}, false
	case '}', ']':
		return s.pop()
	default:
		s.startValue(c)
		return s.scalarByte()
	}
}

// startValue opens a record when a value begins at record depth.
func (s *byteSplitter) startValue(c byte) {
	if s.capturing || s.deep > 0 || s.expectingKey() {
		return
	}
	depth := len(s.stack)
	if depth == 0 || (s.stack[depth-1].records && s.stack[depth-1].kind == '[') {
		if depth == 0 && c == '[' {
			return // a top-level array: its elements are the records
		}
		s.capturing, s.oversize = true, false
		s.rec = append(s.rec[:0], c)
		s.recLine, s.recOffset, s.recDepth = s.line, s.offset-1, depth
	}
}

func (s *byteSplitter) push(c byte) {
	if s.deep > 0 || len(s.stack) == maxSplitDepth {
		s.deep++
		return
	}
	f := frame{kind: c, expectKey: c == '{'}
	depth := len(s.stack)
	switch {
	case depth == 0 && c == '[':
		f.records = true
	case depth == 0 && c == '{':
		f.topLevel, f.isCandidate = true, true
	case depth >= 1:
		parent := &s.stack[depth-1]
		if parent.kind == '{' && !parent.expectKey {
			switch {
			case c == '[' && parent.topLevel && envelopeKeys[parent.key]:
				f.records = true
			case c == '{' && parent.topLevel && parent.key == "data":
				f.data = true
			case c == '[' && parent.data && parent.key == "events":
				f.records = true
			}
			if f.records && s.capturing && s.recDepth == 0 {
				s.capturing = false // the top-level object is an envelope, not a record
			}
		}
	}
	s.stack = append(s.stack, f)
}

func (s *byteSplitter) pop() (rawRecord, bool) {
	if s.deep > 0 {
		s.deep--
		s.valueDone()
		return rawRecord{}, false
	}
	if len(s.stack) == 0 {
		return rawRecord{}, false // a stray closer outside any value: nothing to cut
	}
	s.stack = s.stack[:len(s.stack)-1]
	s.valueDone()
	if s.capturing && len(s.stack) == s.recDepth {
		return s.finish(""), true
	}
	return rawRecord{}, false
}

// scalarByte handles a byte of a number or literal; a scalar record ends at its last byte.
func (s *byteSplitter) scalarByte() (rawRecord, bool) {
	next, err := s.r.Peek(1)
	if err == nil && !isDelimiter(next[0]) {
		return rawRecord{}, false
	}
	s.valueDone()
	if s.capturing && len(s.stack) == s.recDepth {
		return s.finish(""), true
	}
	return rawRecord{}, false
}

// stringByte consumes a byte inside a string; it reports whether a string value just ended.
func (s *byteSplitter) stringByte(c byte) bool {
	switch {
	case s.escape:
		s.escape = false
	case c == '\\':
		s.escape = true
	case c == '"':
		s.inString = false
		if s.isKey {
			top := &s.stack[len(s.stack)-1]
			top.expectKey = false
			if s.readKey {
				top.key = string(s.key)
			}
			return false
		}
		s.valueDone()
		return true
	}
	if s.readKey && len(s.key) < 64 {
		s.key = append(s.key, c)
	}
	return false
}

// valueDone records that a value ended: an object now expects its next key.
func (s *byteSplitter) valueDone() {
	if n := len(s.stack); n > 0 && s.deep == 0 && s.stack[n-1].kind == '{' {
		s.stack[n-1].expectKey = true
	}
}

func (s *byteSplitter) expectingKey() bool {
	n := len(s.stack)
	return n > 0 && s.deep == 0 && s.stack[n-1].kind == '{' && s.stack[n-1].expectKey
}

func (s *byteSplitter) keep(c byte) {
	if len(s.rec) >= MaxRecordBytes {
		s.oversize = true
		return
	}
	s.rec = append(s.rec, c)
}

func (s *byteSplitter) finish(problem string) rawRecord {
	s.capturing = false
	if s.oversize && problem == "" {
		problem = fmt.Sprintf("record longer than %d bytes", MaxRecordBytes)
	}
	raw := make([]byte, len(s.rec))
	copy(raw, s.rec)
	return rawRecord{line: s.recLine, offset: s.recOffset, raw: raw, problem: problem}
}
