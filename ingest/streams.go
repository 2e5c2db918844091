package ingest

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io"

	"github.com/klauspost/compress/gzip"

	"github.com/scimdrift/scimdrift/internal/inflate"
)

// The readers an input's bytes pass through before the records are cut: gzip undone, bytes
// counted, progress reported.

// textReader is the text of an input read from r: gzip undone (see decompress), the inflated
// bytes counted into *counted when it is set, a byte order mark skipped.
func textReader(r io.Reader, src *Source, counted *int64) (*bufio.Reader, error) {
	br, _, err := markedText(r, src, counted, nil)
	return br, err
}

// markedText is textReader that also says how long the byte order mark it skipped was, and
// tells mark where the deflate blocks of a gzip input start (lineIndex).
func markedText(r io.Reader, src *Source, counted *int64, mark inflate.Marker) (*bufio.Reader, int64, error) {
	stream, err := decompress(r, src, mark)
	if err != nil {
		return nil, 0, err
	}
	if counted != nil {
		stream = &countingReader{r: stream, n: counted}
	}
	br := bufio.NewReaderSize(stream, sniffBytes)
	return br, skipBOM(br), nil
}

// hashedText is textReader for an input that is hashed as it is on disk and whose bytes are
// reported to progress as they are read.
func hashedText(r io.Reader, progress func(int64), src *Source, counted *int64) (*bufio.Reader, hash.Hash, error) {
	br, _, hasher, err := hashedMarkedText(r, progress, src, counted, nil)
	return br, hasher, err
}

// hashedMarkedText is hashedText with markedText's extras.
func hashedMarkedText(r io.Reader, progress func(int64), src *Source, counted *int64, mark inflate.Marker) (*bufio.Reader, int64, hash.Hash, error) {
	hasher := sha256.New()
	br, bom, err := markedText(io.TeeReader(&progressReader{r: r, report: progress}, hasher), src, counted, mark)
	return br, bom, hasher, err
}

var gzipMagic = []byte{0x1f, 0x8b}

// compressedBuffer is how much compressed input is read at a time: the decompressors read
// byte by byte from a buffer, which bufio's default size refilled 4 KiB a read system call.
const compressedBuffer = 1 << 20

// decompress unwraps gzip (detected by its magic bytes, whatever the file is called).
// A truncated gzip stream ends the input where it breaks and marks the source truncated; one
// that expands beyond the limits of limits.go fails the file.
//
// With a marker, gzip is undone by package inflate, which tells it where deflate blocks start
// (the fast path's feed), and otherwise by klauspost/compress, which is faster.
func decompress(r io.Reader, src *Source, mark inflate.Marker) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(2)
	if !bytes.Equal(head, gzipMagic) {
		return br, nil
	}
	compressed := &byteCounter{r: bufio.NewReaderSize(br, compressedBuffer)}
	var zr io.Reader
	var err error
	if mark != nil {
		zr, err = inflate.NewGzipReader(compressed, func() int64 { return compressed.n }, mark)
	} else {
		zr, err = gzip.NewReader(compressed)
	}
	if err != nil {
		return nil, fmt.Errorf("not a readable gzip stream: %w", err)
	}
	return &expansionGuard{r: &truncationReader{r: zr, src: src}, what: "gzip stream", compressed: func() int64 { return compressed.n }}, nil
}

// truncationReader turns an unexpected end of a compressed stream into a normal end,
// recording that the source was truncated.
type truncationReader struct {
	r   io.Reader
	src *Source
}

func (t *truncationReader) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		t.src.Truncated = true
		return n, io.EOF
	}
	return n, err
}

// countingReader counts the bytes read into *n as they are read, so that an error can say where.
type countingReader struct {
	r io.Reader
	n *int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	*c.n += int64(n)
	return n, err
}

// progressReader reports the bytes read through it to Options.Progress.
type progressReader struct {
	r      io.Reader
	report func(n int64)
}

func (p *progressReader) Read(b []byte) (int, error) {
	n, err := p.r.Read(b)
	if n > 0 && p.report != nil {
		p.report(int64(n))
	}
	return n, err
}
