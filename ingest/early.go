package ingest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"sync"
)

// Files ingests inputs in their order, each as File would. A store takes one file's
// transaction at a time, and a small file (a Graph page of 3 MB, say) spends a third of its
// time being written and committed, when its decoders wait: so the next small files, up to
// lookahead of them, are read, hashed, detected and decoding while an earlier one is written
// (early). Nothing of that reaches the sink before its turn — the duplicate check, the source
// id, every row and every error come in input order, as one file after another would give them
// — and a run stopped early throws away what was read ahead.
//
// When the sink can (GroupSink), consecutive small files read by the Go decoders share one
// transaction, up to groupFiles of them or groupBytes (groupRun): a killed run then loses the
// files of the group it was writing, which the same command adds again.
//
// start is called as input i's turn comes; done with what File returned, in input order, once
// the result is final (a file in a group: once the group is committed). When done returns
// false for a failed input, the run stops there.
func Files(inputs []Input, sink Sink, opt Options, start func(i int), done func(i int, src *Source, err error) bool) {
	ahead := make([]*earlyFile, len(inputs))
	defer func() {
		for _, e := range ahead {
			if e != nil {
				e.discard()
			}
		}
	}()
	groups := newGroupRun(sink, inputs, opt, done)
	for i, in := range inputs {
		for j := i + 1; j <= i+lookahead && j < len(inputs); j++ {
			if ahead[j] == nil && goesEarly(inputs[j]) {
				ahead[j] = startEarly(inputs[j], sink, opt)
			}
		}
		start(i)
		e := ahead[i]
		ahead[i] = nil
		if e != nil && groups.takes(e) {
			if !groups.store(i, e) {
				return
			}
			continue
		}
		if !groups.commit() { // before anything else writes to the store
			if e != nil {
				e.discard()
			}
			return
		}
		var src *Source
		var err error
		if e != nil {
			src, err = e.store(sink, opt)
		} else {
			src, err = File(in, sink, opt)
		}
		if !done(i, src, err) && err != nil {
			return
		}
	}
	groups.commit()
}

// lookahead is how many small files may be read and decoded ahead of their turn; each holds at
// most a small file's bytes and its decoded blocks (queueBlocks per worker). On 2 cores, 200
// Graph pages of 3 MB took 5.4–5.9 s with 1, 2 or 4 (8.4 s one after another): the writer is
// then what waits. Two leave room for a page slower than the rest.
const lookahead = 2

// goesEarly reports whether an input may be read ahead: a small file on disk.
func goesEarly(in Input) bool {
	return in.small()
}

// earlyFile is a small file read, hashed, detected and decoding ahead of its turn.
type earlyFile struct {
	in    Input
	ready chan struct{} // closed when the fields below are set

	late    bool  // leave the file to File at its turn: it grew, or DuckDB's reader takes it
	openErr error // the file could not be read: File would say "cannot read input"
	err     error // detection failed
	sha     string
	src     *Source
	pipe    *pipeline     // decoding, its blocks waiting for the file's transaction
	buf     *bytes.Buffer // the file's bytes, from readBuffers, until the pipeline is done with them
}

// readBuffers are the buffers small files are read into, handed on from one file to the next:
// read into fresh memory, 1000 Graph pages of 3 MB spent 3.6 s of CPU in the read (the
// kernel's copy faulting every page in, and Go clearing them), against 0.4 s for the same
// bytes read as one stream. A buffer is free again once the file's pipeline has stopped: the
// readers copy what they cut out of it.
var readBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// releaseBuffer gives the file's buffer back, once nothing reads it.
func (e *earlyFile) releaseBuffer() {
	if e.buf != nil {
		readBuffers.Put(e.buf)
		e.buf = nil
	}
}

func startEarly(in Input, sink Sink, opt Options) *earlyFile {
	e := &earlyFile{in: in, ready: make(chan struct{})}
	go func() {
		defer close(e.ready)
		e.read(sink, opt)
	}()
	return e
}

// read does what goFile does before the file's transaction begins, and starts its pipeline.
func (e *earlyFile) read(sink Sink, opt Options) {
	e.buf = readBuffers.Get().(*bytes.Buffer)
	defer func() {
		if e.pipe == nil {
			e.releaseBuffer()
		}
	}()
	data, err := readSmall(e.in.file, e.buf)
	switch {
	case err != nil:
		e.openErr = err
		return
	case data == nil:
		e.late = true // it grew past a small file's size: read it as a large one
		return
	}
	src := &Source{Path: e.in.Path, Reader: ReaderGo}
	br, err := textReader(&progressReader{r: bytes.NewReader(data), report: opt.Progress}, src, &src.Bytes)
	if err != nil {
		e.err = err
		return
	}
	format, sniff, err := pick(br, opt)
	if err != nil {
		e.err = err
		return
	}
	if _, native := sink.(NativeSink); native && !opt.GoOnly && fastPathShape(format, sniff) {
		e.late = true // DuckDB's reader takes it, at its turn
		return
	}
	sum := sha256.Sum256(data)
	e.sha = hex.EncodeToString(sum[:])
	src.Format = format.Name
	records, header, err := openRecords(br, format, sniff)
	if err != nil {
		e.err = err
		return
	}
	dec, err := format.NewDecoder(header)
	if err != nil {
		e.err = err
		return
	}
	e.src = src
	e.pipe = startPipeline(records, format, dec, header, src, opt)
}

// readSmall reads a file whole into buf, or returns nil if it has grown to SmallFileBytes or
// more.
func readSmall(path string, buf *bytes.Buffer) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, err
	}
	buf.Reset()
	buf.Grow(int(min(info.Size(), SmallFileBytes)) + bytes.MinRead) // read once, not grown and copied
	if _, err := buf.ReadFrom(io.LimitReader(f, SmallFileBytes)); err != nil || buf.Len() >= SmallFileBytes {
		return nil, err
	}
	return buf.Bytes(), nil
}

// store does, at the file's turn, what goFile does from the transaction on.
func (e *earlyFile) store(sink Sink, opt Options) (*Source, error) {
	<-e.ready
	switch {
	case e.late:
		return File(e.in, sink, opt)
	case e.openErr != nil:
		return nil, fmt.Errorf("%s: cannot read input: %w", e.in.Path, e.openErr)
	case e.err != nil:
		return nil, fmt.Errorf("%s: %w", e.in.Path, e.err)
	}
	defer e.releaseBuffer() // each path below has stopped the pipeline when it returns
	if seen, err := sink.Seen(e.sha); err != nil || seen {
		e.pipe.shutdown()
		return &Source{Path: e.in.Path, SHA256: e.sha, Duplicate: seen}, err
	}
	src := e.src
	tx, err := sink.Begin(src)
	if err != nil {
		e.pipe.shutdown()
		return nil, fmt.Errorf("%s: %w", e.in.Path, err)
	}
	if err := e.pipe.writeAll(tx, src); err != nil {
		_ = tx.Rollback()
		return nil, fmt.Errorf("%s: %w", e.in.Path, err)
	}
	return src, finish(tx, src, e.sha, nil, sink)
}

// discard stops a file read ahead whose turn never came.
func (e *earlyFile) discard() {
	<-e.ready
	if e.pipe != nil {
		e.pipe.shutdown()
	}
	e.releaseBuffer()
}
