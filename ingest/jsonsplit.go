package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// MaxRecordBytes bounds one record (a JSON value or a text line). A longer one is rejected
// with its first bytes kept, and reading goes on after it.
const MaxRecordBytes = 8 << 20

// rawRecord is a record as the splitters cut it, before decoding.
type rawRecord struct {
	line, offset int64
	raw          []byte
	fields       []string // CSV rows only
	problem      string   // why the record is rejected before decoding ("" = none)
}

// envelopeKeys are the keys under which platforms wrap arrays of records in one object:
// Graph pages ("value"), Azure Monitor ("records") and Okta event hooks ("data" → "events").
var envelopeKeys = map[string]bool{"value": true, "records": true}

// jsonSplitter cuts a stream of JSON text into records without decoding them: the elements
// of a top-level array, the elements of an envelope's array, or each top-level object.
// It tracks lines and offsets so that a reject can say where it was. It works through the
// reader's buffer a byte at a time (the runs inside strings at once), and keeps a record as the
// stretch of the buffer from where it started to where it ended.
type jsonSplitter struct {
	r         *bufio.Reader
	line      int64 // current line, 1-based
	offset    int64 // offset of the next byte
	stack     []frame
	deep      int    // open containers beyond maxSplitDepth, counted but not kept
	buf       []byte // the buffered bytes being scanned, nil between scans
	pos       int    // the next byte of buf
	end       bool   // nothing follows buf: the input ends there (or fails)
	keepFrom  int    // where in buf the record being cut starts, or goes on from
	rec       []byte // the record being cut, as far as earlier buffers held it
	recLine   int64
	recOffset int64
	recDepth  int  // depth at which a value is a record, -1 when none is open
	capturing bool // inside a record
	oversize  bool
	inString  bool
	escape    bool
	inner     int    // containers open inside the record's own, while skimming
	arena     arena  // where the records cut are copied to
	key       []byte // the object key being read, at depth ≤ 2
	isKey     bool   // the open string is an object key
	readKey   bool   // … and its text is kept
}

// maxSplitDepth bounds the containers the splitter keeps: envelopes lie within the first three
// levels, and below that only the count matters to find where a record ends. Without it, a file
// of "[[[[…" held a frame per byte (7 GB for 50 MB).
const maxSplitDepth = 64

// frame is one open JSON container.
type frame struct {
	kind        byte // '{' or '['
	expectKey   bool // object: the next string is a key
	key         string
	records     bool // array whose elements are records
	data        bool // object under a top-level "data" key (Okta event hook)
	topLevel    bool // the outermost container of a top-level value
	isCandidate bool // object that is itself a record unless it turns out to be an envelope
}

func newJSONSplitter(r *bufio.Reader) *jsonSplitter {
	return &jsonSplitter{r: r, line: 1, recDepth: -1}
}

// next returns the next record, or io.EOF.
func (s *jsonSplitter) next() (rawRecord, error) {
	need := 1
	for {
		buf, err := s.peek(need)
		if len(buf) == 0 {
			if errors.Is(err, io.EOF) {
				return s.atEOF()
			}
			return rawRecord{}, err
		}
		rec, done, stalled := s.scan(buf, err != nil)
		_, _ = s.r.Discard(s.pos) // buffered: cannot fail
		s.buf, s.pos = nil, 0
		if done {
			return rec, nil
		}
		need = 1
		if stalled {
			need = 2
		}
	}
}

// peek returns the buffered bytes, reading when fewer than need are buffered. err is why
// fewer came (io.EOF at the end of the input).
func (s *jsonSplitter) peek(need int) ([]byte, error) {
	var err error
	if s.r.Buffered() < need {
		_, err = s.r.Peek(need)
	}
	buf, _ := s.r.Peek(s.r.Buffered())
	return buf, err
}

// scan runs the bytes of buf through the splitter until a record ends (done) or buf does. It
// stalls before the last byte of buf when that byte is part of a number or literal whose end
// only the next byte tells, unless nothing follows buf (end).
func (s *jsonSplitter) scan(buf []byte, end bool) (rec rawRecord, done, stalled bool) {
	s.buf, s.pos, s.end, s.keepFrom = buf, 0, end, 0
	for s.pos < len(buf) {
		switch {
		case s.skimming():
			s.skim()
		case s.inString && !s.escape && !s.readKey:
			run := stringRun(buf[s.pos:])
			s.pos += run
			s.offset += int64(run)
		}
		if s.pos == len(buf) {
			break
		}
		c := buf[s.pos]
		if !s.inString && !isDelimiter(c) && s.pos+1 == len(buf) && !end {
			stalled = true
			break
		}
		s.pos++
		s.offset++
		if rec, done := s.step(c); done {
			return rec, true, false
		}
		if c == '\n' {
			s.line++
		}
	}
	if s.capturing {
		s.keepAll(buf[s.keepFrom:s.pos])
	}
	return rawRecord{}, false, stalled
}

// stringRun is how many bytes of an open string come before the next one that matters to the
// splitter: a quote, a backslash or a line end. The others change nothing but the offset.
func stringRun(b []byte) int {
	// Most strings are short: a loop finds their end before IndexByte's three calls would begin.
	short := min(len(b), 32)
	for i, c := range b[:short] {
		if stringStops[c] {
			return i
		}
	}
	n := len(b)
	for _, c := range []byte{'"', '\\', '\n'} {
		if i := bytes.IndexByte(b[short:n], c); i >= 0 {
			n = short + i
		}
	}
	return n
}

var stringStops = [256]bool{'"': true, '\\': true, '\n': true}

// skimming reports whether the splitter is inside a record's own container, below the top
// level: there nothing but the brackets, the strings and the line ends tell anything (where the
// record ends, and the lines), so skim runs through it without the frames. A record that is a
// top-level object is not skimmed: its keys say whether it is an envelope.
func (s *jsonSplitter) skimming() bool {
	return s.capturing && s.recDepth >= 1 && s.deep == 0 && len(s.stack) == s.recDepth+1
}

// skim runs through buf inside a record's container, counting the containers opened in it
// (inner) and the lines, strings taken whole, up to the byte that closes the record's
// container — left to step, which ends the record — or the end of buf.
func (s *jsonSplitter) skim() {
	buf, pos := s.buf, s.pos
	for pos < len(buf) {
		c := buf[pos]
		if s.inString {
			if !s.escape && !stringStops[c] {
				pos += stringRun(buf[pos:])
				continue
			}
			s.stringStep(c)
		} else {
			switch c {
			case '"':
				s.inString = true
			case '{', '[':
				s.inner++
			case '}', ']':
				if s.inner == 0 {
					s.offset += int64(pos - s.pos)
					s.pos = pos
					return
				}
				s.inner--
			}
		}
		if c == '\n' {
			s.line++
		}
		pos++
	}
	s.offset += int64(pos - s.pos)
	s.pos = pos
}

// atEOF turns an unfinished record into a reject and ends the stream.
func (s *jsonSplitter) atEOF() (rawRecord, error) {
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

// step consumes one byte, buf[pos-1]; it returns a record when c completes one.
func (s *jsonSplitter) step(c byte) (rawRecord, bool) {
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
func (s *jsonSplitter) startValue(c byte) {
	if s.capturing || s.deep > 0 || s.expectingKey() {
		return
	}
	depth := len(s.stack)
	if depth == 0 || (s.stack[depth-1].records && s.stack[depth-1].kind == '[') {
		if depth == 0 && c == '[' {
			return // a top-level array: its elements are the records
		}
		s.capturing, s.oversize = true, false
		s.rec, s.keepFrom = s.rec[:0], s.pos-1
		s.recLine, s.recOffset, s.recDepth = s.line, s.offset-1, depth
	}
}

func (s *jsonSplitter) push(c byte) {
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

func (s *jsonSplitter) pop() (rawRecord, bool) {
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

// scalarByte handles a byte of a number or literal; a scalar record ends at its last byte,
// which the next byte tells (scan does not leave a scalar's byte last in buf unless the input
// ends there).
func (s *jsonSplitter) scalarByte() (rawRecord, bool) {
	if s.pos < len(s.buf) && !isDelimiter(s.buf[s.pos]) {
		return rawRecord{}, false
	}
	s.valueDone()
	if s.capturing && len(s.stack) == s.recDepth {
		return s.finish(""), true
	}
	return rawRecord{}, false
}

// isDelimiter reports whether c ends a number or literal.
func isDelimiter(c byte) bool { return delimiters[c] }

var delimiters = [256]bool{' ': true, '\t': true, '\r': true, '\n': true, ',': true, ':': true, ']': true, '}': true, '[': true, '{': true, '"': true}

// stringStep takes one byte inside a string, escapes and all; it reports whether the byte
// closed the string.
func (s *jsonSplitter) stringStep(c byte) (closed bool) {
	switch {
	case s.escape:
		s.escape = false
	case c == '\\':
		s.escape = true
	case c == '"':
		s.inString = false
		return true
	}
	return false
}

// stringByte consumes a byte inside a string; it reports whether a string value just ended.
func (s *jsonSplitter) stringByte(c byte) bool {
	if !s.stringStep(c) {
		if s.readKey && len(s.key) < 64 {
			s.key = append(s.key, c)
		}
		return false
	}
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

// valueDone records that a value ended: an object now expects its next key.
func (s *jsonSplitter) valueDone() {
	if n := len(s.stack); n > 0 && s.deep == 0 && s.stack[n-1].kind == '{' {
		s.stack[n-1].expectKey = true
	}
}

func (s *jsonSplitter) expectingKey() bool {
	n := len(s.stack)
	return n > 0 && s.deep == 0 && s.stack[n-1].kind == '{' && s.stack[n-1].expectKey
}

// keepAll adds bytes to the record being cut, up to MaxRecordBytes of it; beyond that they
// make it oversize.
func (s *jsonSplitter) keepAll(b []byte) {
	if room := MaxRecordBytes - len(s.rec); len(b) > room {
		s.oversize = true
		b = b[:max(room, 0)]
	}
	s.rec = append(s.rec, b...)
}

// finish ends the record being cut at buf[pos-1] (at the end of the input when there is no buf).
func (s *jsonSplitter) finish(problem string) rawRecord {
	s.capturing = false
	text := s.rec
	if s.buf != nil {
		if tail := s.buf[s.keepFrom:s.pos]; len(s.rec) == 0 && len(tail) <= MaxRecordBytes {
			text = tail // all in this buffer: copied once, below
		} else {
			s.keepAll(tail)
			text = s.rec
		}
	}
	if s.oversize && problem == "" {
		problem = fmt.Sprintf("record longer than %d bytes", MaxRecordBytes)
	}
	return rawRecord{line: s.recLine, offset: s.recOffset, raw: s.arena.copy(text), problem: problem}
}
