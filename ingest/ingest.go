// Package ingest reads identity-platform exports, connector inventories and SCIM access logs,
// detects each file's format, and streams normalised rows into a store. Every record read is
// stored, rejected with its place and reason, or counted as out of scope.
package ingest

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"os"
	"sort"

	"github.com/scimdrift/scimdrift/internal/secret"
)

// Source is one ingested input and its accounting: a row of the sources table.
// Records = Stored + Rejected + OutOfScope.
type Source struct {
	ID         int64            `json:"-"`
	Path       string           `json:"path"`
	SHA256     string           `json:"sha256"`
	Format     string           `json:"format"`
	Bytes      int64            `json:"bytes"` // bytes read, after decompression
	Records    int64            `json:"records"`
	Stored     int64            `json:"stored"`
	Rejected   int64            `json:"rejected"`
	OutOfScope int64            `json:"out_of_scope"`
	OutKinds   map[string]int64 `json:"out_of_scope_kinds,omitempty"`
	Rows       int64            `json:"rows"` // rows written (a record may give several)
	Truncated  bool             `json:"truncated"`
	Duplicate  bool             `json:"duplicate"` // already in the store: nothing added
	Reader     string           `json:"-"`         // which reader read it: ReaderGo or ReaderDuckDB
	GoDecided  int64            `json:"-"`         // ReaderDuckDB: records it left to the Go decoder
	Fallback   string           `json:"-"`         // why a file meant for DuckDB's reader was read by Go
}

// SmallFileBytes is the size on disk under which a file counts as small: a Graph page, a job
// configuration, an inventory. Files reads such files whole, ahead of their turn (early.go).
const SmallFileBytes = 16 << 20

// The readers a file can be read by (native.go).
const (
	ReaderGo     = "go"
	ReaderDuckDB = "duckdb"
)

// Sink is where ingested rows go: the DuckDB store, or memory in tests.
type Sink interface {
	// Seen reports whether a file with this SHA-256 is already stored.
	Seen(sha256 string) (bool, error)
	// Begin starts one file's transaction and sets src.ID.
	Begin(src *Source) (SourceTx, error)
}

// SourceTx receives one file's rows; nothing of the file is visible until Commit.
type SourceTx interface {
	// Write stores the rows of b and the rejects, which come in input order. b and rejects are
	// reused after Write returns: Write must not keep them. Every text in them is valid UTF-8
	// and holds no secret (clean, makeReject): the sink stores them as they are.
	Write(b *Batch, rejects []Reject) error
	Commit(src *Source) error
	Rollback() error
}

// Options change how files are read.
type Options struct {
	Format  string // force this format instead of detecting one
	Strict  bool   // a rejected record fails its file: nothing of it is stored
	GoOnly  bool   // read every file with the Go decoders, never DuckDB's own reader (native.go)
	Workers int    // decoders working in parallel; 0 is GOMAXPROCS, at least 2
	// Progress, if set, is called with the number of input bytes read since its last call, counted
	// as the input is opened, before any gzip is undone: a .gz counts its compressed bytes, a zip
	// entry its inflated bytes, and a file skipped on its hash as already stored nothing. It must
	// be cheap and safe to call from any goroutine.
	Progress func(n int64)

	blockRecords int // records per block, 0 for blockRecords (tests make it small)
}

// ErrUndetected is returned (wrapped) for a file whose format cannot be detected.
var ErrUndetected = errors.New("format not recognised")

// maxRejectRaw bounds the raw text kept for one reject.
const maxRejectRaw = 64 << 10

// sniffBytes is how much of a file detection looks at.
const sniffBytes = 1 << 20

// File ingests one input into the sink and returns its accounting.
func File(in Input, sink Sink, opt Options) (*Source, error) {
	sha, err := prehash(in, sink)
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read input: %w", in.Path, err)
	}
	if sha != "" {
		if seen, err := sink.Seen(sha); err != nil || seen {
			return &Source{Path: in.Path, SHA256: sha, Duplicate: seen}, err
		}
	}
	native, format := nativeFormat(in, sink, opt)
	if format == nil {
		return goFile(in, sink, sha, opt)
	}
	src := &Source{Path: in.Path, Format: format.Name, Reader: ReaderDuckDB}
	err = nativeFile(in, format, native, src, sha, opt)
	switch {
	case err == nil:
		return src, nil
	case !errors.Is(err, errNativeDisagrees):
		return nil, err
	}
	goSrc, goErr := goFile(in, sink, sha, opt)
	if goSrc != nil {
		goSrc.Fallback = err.Error()
	}
	return goSrc, goErr
}

// SizeScreen is a sink that can tell a file is new from its size alone.
type SizeScreen interface {
	// SeenBytes reports whether a stored input has this many bytes.
	SeenBytes(n int64) (bool, error)
}

// prehash hashes a plain file before reading it, so that a file already stored is skipped
// unread — unless no stored input has its size, when it cannot be stored already and is
// hashed as it is read instead (reading a large file twice is what ingest would spend most on).
func prehash(in Input, sink Sink) (string, error) {
	screen, ok := sink.(SizeScreen)
	if !ok || in.file == "" || in.entry != "" {
		return in.prehash()
	}
	info, err := os.Stat(in.file)
	if err != nil {
		return "", err
	}
	if gz, err := isGzipFile(in.file); err != nil || gz {
		return in.prehash() // stored sizes are of the decompressed bytes
	}
	if seen, err := screen.SeenBytes(info.Size()); err != nil || seen {
		return in.prehash()
	}
	return "", nil
}

// goFile ingests one input with the Go decoders.
func goFile(in Input, sink Sink, sha string, opt Options) (*Source, error) {
	src := &Source{Path: in.Path, Reader: ReaderGo}
	rc, err := in.open()
	if err != nil {
		return nil, fmt.Errorf("%s: cannot read input: %w", in.Path, err)
	}
	defer rc.Close()
	br, hasher, err := hashedText(rc, opt.Progress, src, &src.Bytes)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Path, err)
	}
	format, sniff, err := pick(br, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Path, err)
	}
	src.Format = format.Name
	tx, err := run(br, format, sniff, sink, src, opt)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", in.Path, err)
	}
	return src, finish(tx, src, sha, hasher, sink)
}

// pick detects the file's format, or takes the forced one.
func pick(br *bufio.Reader, opt Options) (*Format, *Sniff, error) {
	sniff, err := sniffStream(br)
	if err != nil {
		return nil, nil, err
	}
	if opt.Format != "" {
		f, err := Lookup(opt.Format)
		return f, sniff, err
	}
	if f := Detect(sniff); f != nil {
		return f, sniff, nil
	}
	return nil, nil, fmt.Errorf("%w: %s (name one with --format; `scimdrift formats` lists them)", ErrUndetected, describe(sniff))
}

func describe(s *Sniff) string {
	switch {
	case s.firstLong:
		return fmt.Sprintf("the first record is longer than the %d MiB that detection reads", sniffBytes>>20)
	case s.Container == JSONRecords && len(s.First) == 0:
		return "JSON without any record"
	case s.Container == JSONRecords:
		return "JSON records of no known platform"
	case len(s.Lines) == 0:
		return "empty file"
	default:
		return "text lines of no known log or CSV layout"
	}
}

// run streams every record of the file through the format's decoder into one transaction,
// left open for finish.
func run(br *bufio.Reader, format *Format, sniff *Sniff, sink Sink, src *Source, opt Options) (SourceTx, error) {
	records, header, err := openRecords(br, format, sniff)
	if err != nil {
		return nil, err
	}
	dec, err := format.NewDecoder(header)
	if err != nil {
		return nil, err
	}
	tx, err := sink.Begin(src)
	if err != nil {
		return nil, err
	}
	if err := decodeAll(records, format, dec, header, tx, src, opt); err != nil {
		_ = tx.Rollback()
		return nil, err
	}
	return tx, nil
}

// finish commits the file, unless its hash (known only now for streamed inputs) is already stored.
func finish(tx SourceTx, src *Source, sha string, hasher hash.Hash, sink Sink) error {
	if sha == "" && hasher != nil {
		sha = hex.EncodeToString(hasher.Sum(nil))
		seen, err := seenBy(tx, sink)(sha)
		if err != nil {
			_ = tx.Rollback()
			return err
		}
		if seen {
			src.Duplicate, src.SHA256 = true, sha
			return tx.Rollback()
		}
	}
	src.SHA256 = sha
	return tx.Commit(src)
}

// seenBy is the sink's Seen, asked through the transaction when it can answer itself: the
// transaction may hold the store's only connection (an in-memory store has one).
func seenBy(tx SourceTx, sink Sink) func(sha string) (bool, error) {
	if s, ok := tx.(interface{ Seen(string) (bool, error) }); ok {
		return s.Seen
	}
	return sink.Seen
}

func openRecords(br *bufio.Reader, format *Format, sniff *Sniff) (recordReader, []string, error) {
	switch {
	case sniff.Container == JSONRecords && sniff.ndjson:
		return newLineReader(br), nil, nil
	case sniff.Container == JSONRecords:
		return newJSONSplitter(br), nil, nil
	case format.CSV:
		cr, err := newCSVReader(br)
		if err != nil {
			return nil, nil, err
		}
		return cr, cr.header, nil
	default:
		return newLineReader(br), nil, nil
	}
}

// decodeOne decodes one record and counts it. It returns the reject reason ("" when the
// record was stored or out of scope), or an error when the decoder says the file must stop.
func decodeOne(dec Decoder, raw rawRecord, header []string, b *Batch, t *tally) (reason string, fatal error) {
	if raw.problem != "" {
		return raw.problem, nil
	}
	before, mark := b.rows, b.mark()
	b.outOfScope = ""
	if err := decodeRecovering(dec, raw, header, b); err != nil {
		b.reset(mark, before)
		if errors.As(err, new(fatalError)) {
			return "", err
		}
		return err.Error(), nil
	}
	b.setLine(mark, raw.line)
	switch {
	case b.outOfScope != "":
		t.outOfScope++
		if t.outKinds == nil {
			t.outKinds = map[string]int64{}
		}
		kind := b.outOfScope // the record's own event type: text like any column
		cleanText(&kind)
		t.outKinds[kind]++
	case b.rows > before:
		t.stored++
		t.rows += int64(b.rows - before)
	default:
		return "no provisioning fields in this record", nil
	}
	return "", nil
}

// decodeRecovering calls the decoder, turning a panic on a hostile record into a reject.
func decodeRecovering(dec Decoder, raw rawRecord, header []string, b *Batch) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("decoder failed on this record: %v", p)
		}
	}()
	rec := Record{Line: raw.line, Offset: raw.offset, Raw: raw.raw, Header: header, Fields: raw.fields}
	return dec.Decode(&rec, b)
}

// strictError fails the file at its first rejected record.
func strictError(raw rawRecord, reason string) error {
	return fmt.Errorf("line %d: %s (--strict: nothing of this file was stored)", raw.line, secret.Redact(reason))
}

// OutKindsSorted lists the out-of-scope kinds in a stable order.
func (s *Source) OutKindsSorted() []string {
	kinds := make([]string, 0, len(s.OutKinds))
	for k := range s.OutKinds {
		kinds = append(kinds, k)
	}
	sort.Strings(kinds)
	return kinds
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// skipBOM skips a UTF-8 byte order mark and returns its length, 0 when there is none.
func skipBOM(br *bufio.Reader) int64 {
	if head, _ := br.Peek(3); bytes.Equal(head, bom) {
		n, _ := br.Discard(3)
		return int64(n)
	}
	return 0
}

// fatalError stops the whole file instead of rejecting one record.
type fatalError struct{ err error }

func (f fatalError) Error() string { return f.err.Error() }
func (f fatalError) Unwrap() error { return f.err }

// Fatal wraps a decoder error that must stop the file (nothing of it is stored), for input
// that must not be kept even as a reject, such as a raw token.
func Fatal(err error) error { return fatalError{err} }
