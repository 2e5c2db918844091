package ingest

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
)

// The fast path: DuckDB's own NDJSON reader parses a file on every core, straight into the
// events table, while Go reads the same file once beside it — hashing, decompressing with the
// limits of the Go path, counting lines, keeping the few lines that are no JSON object and a
// sample of the others. The format's native query (queries/native_*.sql) maps each record as
// its Go decoder would, in one ordered pass, so that rows follow the file and their lines are
// numbered afterwards from their rowids; a record the SQL cannot vouch for (not JSON, an
// unusual shape, anything that may hold a secret) is left pending, and the Go decoder decides
// it from its raw line. The result is what the Go path stores, row for row: every record is
// stored, rejected with its line or counted out of scope. Whenever the two readers disagree —
// on the count of records, or on a sampled record decoded by both — nothing of the fast path is
// kept and the file is read again by the Go path alone. (One difference is left: a record that
// spells a field twice — eventType and EventType — is read by the API's spelling here, by the
// first non-empty spelling in the Go decoder. No exporter writes such records.)

// Native says how DuckDB reads a format's NDJSON itself.
type Native struct {
	Query   string            // name of the INSERT in package queries
	Applies func([]byte) bool // the first record has the shape the query reads
	Funcs   []NativeFunc      // the format's Go functions the query calls
}

// NativeValue is one row of the lookups Go hands a native query: an entry of the lookup Name
// (a map from Key, or a list in order), or a single Value.
type NativeValue struct {
	Name, Key, Value, Value2 string
}

// NativeSink is a sink that can have DuckDB read a whole file itself.
type NativeSink interface {
	Sink
	// ReadNative has DuckDB read the file with a native query: one row per record, in file
	// order, under a new source id (set in src.ID), committed but not yet counted as a source
	// (the store drops such rows when it is next opened, should ingest stop before Complete).
	ReadNative(ctx context.Context, src *Source, read NativeRead) (NativeFile, error)
}

// NativeRead is a file for DuckDB to read.
type NativeRead struct {
	Path   string
	Gzip   bool
	Query  string
	Values []NativeValue
	Funcs  []NativeFunc
}

// NativeFile is a file DuckDB has read.
type NativeFile interface {
	// Rows is the number of records DuckDB read, one row each.
	Rows() int64
	// Number gives the rows their lines — gaps say where blank lines come between records —
	// and leaves the rows at the forced lines to the Go decoder.
	Number(ctx context.Context, gaps []LineGap, forced []int64) error
	// Pending returns what the native query left to decide, once the rows are numbered.
	Pending(ctx context.Context) (NativePending, error)
	// Samples returns the rows at these lines as events; a pending row has Action "" and its
	// Result says why ("suspect", "out_of_scope").
	Samples(ctx context.Context, lines []int64) ([]Event, error)
	// Complete drops the pending rows and opens the transaction in which the Go decoder's rows
	// and the source itself are written and committed.
	Complete(ctx context.Context) (SourceTx, error)
	// Discard drops every row of the file.
	Discard() error
}

// LineGap says that from the record at index Record (0-based) on, Blanks blank lines come
// before each record.
type LineGap struct{ Record, Blanks int64 }

// NativePending is what a native query left undecided.
type NativePending struct {
	Suspects []int64          // lines of the records for the Go decoder, ascending
	OutKinds map[string]int64 // records out of scope, by event type
}

// Result words of pending rows.
const (
	pendingSuspect    = "suspect"
	pendingOutOfScope = "out_of_scope"
)

// errNativeDisagrees sends a file back to the Go path.
var errNativeDisagrees = errors.New("the fast path does not vouch for this file")

func disagree(format string, args ...any) error {
	return fmt.Errorf("%w: %s", errNativeDisagrees, fmt.Sprintf(format, args...))
}

// nativeFormat returns the format of a file that can take the fast path — a file on disk
// (plain or gzip), NDJSON, of a format with a native query whose shape its first record has —
// or nil.
func nativeFormat(in Input, sink Sink, opt Options) (NativeSink, *Format) {
	native, ok := sink.(NativeSink)
	if !ok || opt.GoOnly || in.file == "" || in.entry != "" {
		return nil, nil
	}
	rc, err := in.open()
	if err != nil {
		return nil, nil
	}
	defer rc.Close()
	br, err := textReader(rc, &Source{}, nil)
	if err != nil {
		return nil, nil
	}
	format, sniff, err := pick(br, opt)
	if err != nil || !fastPathShape(format, sniff) {
		return nil, nil
	}
	return native, format
}

// fastPathShape reports whether a file of this format, sniffed so, is one DuckDB's reader can
// take: NDJSON of a format with a native query whose shape its first record has.
func fastPathShape(format *Format, sniff *Sniff) bool {
	return format.Native != nil && sniff.Container == JSONRecords && sniff.ndjson && format.Native.Applies(sniff.First)
}

// nativeFile ingests a file through DuckDB's reader. It returns errNativeDisagrees, with
// nothing stored, when the file must be read by the Go path instead.
func nativeFile(in Input, format *Format, sink NativeSink, src *Source, sha string, opt Options) error {
	gz, err := isGzipFile(in.file)
	if err != nil {
		return fmt.Errorf("%s: cannot read input: %w", in.Path, err)
	}
	feed, file, err := readBoth(in, format, sink, src, gz, opt)
	if err != nil {
		return err
	}
	tx, pending, err := settle(in, format, feed, file, src)
	if err != nil {
		_ = file.Discard()
		return err
	}
	if err := decideSuspects(in, format, tx, src, pending, feed, opt); err != nil {
		_ = tx.Rollback()
		_ = file.Discard()
		return err
	}
	if sha == "" {
		sha = feed.sha256
	}
	if err := finish(tx, src, sha, nil, sink); err != nil {
		_ = file.Discard()
		return err
	}
	return nil
}

// readBoth has DuckDB and the Go line feed read the file side by side and checks that they read
// the same records.
func readBoth(in Input, format *Format, sink NativeSink, src *Source, gz bool, opt Options) (*lineFeed, NativeFile, error) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fed := make(chan *lineFeed, 1)
	go func() {
		f := feedLines(in, opt.Progress)

		if f.err != nil {
			cancel() // a bomb or a read error: stop DuckDB too
		}
		fed <- f
	}()
	read := NativeRead{Path: in.file, Gzip: gz, Query: format.Native.Query, Values: NativeValues(), Funcs: format.NativeFuncs()}
	file, err := sink.ReadNative(ctx, src, read)
	feed := <-fed
	discard := func() {
		if file != nil {
			_ = file.Discard()
		}
	}
	switch {
	case feed.err != nil:
		discard()
		if feed.opened {
			return nil, nil, fmt.Errorf("%s: reading at byte %d: %w", in.Path, feed.bytes, feed.err) // as the Go path says it
		}
		return nil, nil, fmt.Errorf("%s: cannot read input: %w", in.Path, feed.err)
	case err != nil:
		discard()
		return nil, nil, disagree("DuckDB's reader: %v", err)
	}
	if why := feed.disagrees(file.Rows()); why != "" {
		discard()
		return nil, nil, disagree("%s", why)
	}
	src.Bytes = feed.bytes
	return feed, file, nil
}

// settle numbers the rows' lines, checks the sampled records against the Go decoder, and opens
// the transaction that completes the file.
func settle(in Input, format *Format, feed *lineFeed, file NativeFile, src *Source) (SourceTx, NativePending, error) {
	ctx := context.Background()
	if err := file.Number(ctx, feed.gaps, feed.forced()); err != nil {
		return nil, NativePending{}, err
	}
	rows, err := file.Samples(ctx, feed.sampleLines())
	if err != nil {
		return nil, NativePending{}, err
	}
	if why := compareSamples(format, feed.samples, rows); why != "" {
		return nil, NativePending{}, disagree("%s", why)
	}
	pending, err := file.Pending(ctx)
	if err != nil {
		return nil, NativePending{}, err
	}
	tx, err := file.Complete(ctx)
	if err != nil {
		return nil, NativePending{}, err
	}
	src.Records = feed.records
	src.Stored = file.Rows() - int64(len(pending.Suspects))
	for kind, n := range pending.OutKinds {
		cleanText(&kind) // the event type as the Go path counts it
		if src.OutKinds == nil {
			src.OutKinds = map[string]int64{}
		}
		src.OutKinds[kind] += n
		src.OutOfScope += n
		src.Stored -= n
	}
	src.Rows = src.Stored
	return tx, pending, nil
}

// decideSuspects runs the Go decoder on the records the native query left to it, in file order.
func decideSuspects(in Input, format *Format, tx SourceTx, src *Source, pending NativePending, feed *lineFeed, opt Options) error {
	records, err := feed.suspectRecords(in, pending.Suspects)
	if err != nil {
		return fmt.Errorf("%s: %w", in.Path, err)
	}
	src.GoDecided = int64(len(records))
	dec, err := format.NewDecoder(nil)
	if err != nil {
		return fmt.Errorf("%s: %w", in.Path, err)
	}
	batch, rejects, t := &Batch{}, []Reject(nil), tally{}
	defer t.addTo(src)
	for _, raw := range records {
		reason, err := decodeOne(dec, raw, nil, batch, &t)
		if err != nil {
			return fmt.Errorf("%s: %w", in.Path, err)
		}
		if reason != "" && opt.Strict {
			return fmt.Errorf("%s: %w", in.Path, strictError(raw, reason))
		}
		if reason != "" {
			t.rejected++
			rejects = append(rejects, makeReject(raw, reason))
		}
		if len(batch.Events)+len(rejects) >= blockRecords {
			clean(batch)
			if err := tx.Write(batch, rejects); err != nil {
				return err
			}
			batch, rejects = &Batch{}, rejects[:0]
		}
	}
	clean(batch)
	return tx.Write(batch, rejects)
}

// compareSamples decodes the sampled records with the Go decoder and says how the first one the
// native query read otherwise differs, or "" when every sample agrees. A sample the query left
// to Go agrees by definition.
func compareSamples(format *Format, samples []rawRecord, rows []Event) string {
	byLine := make(map[int64]Event, len(rows))
	for _, e := range rows {
		byLine[e.Line] = e
	}
	dec, err := format.NewDecoder(nil)
	if err != nil {
		return err.Error()
	}
	for _, raw := range samples {
		row, ok := byLine[raw.line]
		if !ok {
			return fmt.Sprintf("line %d has no row", raw.line)
		}
		if row.Action == "" && row.Result == pendingSuspect {
			continue
		}
		b, t := &Batch{}, tally{}
		reason, err := decodeOne(dec, raw, nil, b, &t)
		if err != nil || reason != "" {
			return fmt.Sprintf("line %d: the Go decoder rejects it (%v%s), DuckDB read it", raw.line, err, reason)
		}
		if why := compareSample(raw.line, row, b, t); why != "" {
			return why
		}
	}
	return ""
}

// compareSample compares what the Go decoder made of one record with the native row.
func compareSample(line int64, row Event, b *Batch, t tally) string {
	if row.Action == "" { // out of scope
		for kind := range t.outKinds {
			if kind == row.EventType {
				return ""
			}
		}
		return fmt.Sprintf("line %d: out of scope as %q for DuckDB, not for the Go decoder", line, row.EventType)
	}
	if len(b.Events) != 1 {
		return fmt.Sprintf("line %d: the Go decoder made %d events of it", line, len(b.Events))
	}
	clean(b)
	want := b.Events[0]
	if !want.Time.Equal(row.Time) {
		return fmt.Sprintf("line %d: time %v, DuckDB read %v", line, want.Time, row.Time)
	}
	want.Time = row.Time
	if want != row {
		return fmt.Sprintf("line %d: the Go decoder reads %+v, DuckDB %+v", line, want, row)
	}
	return ""
}

// NativeValues are the lookups every native query reads: the patterns and names of
// evidence.go, so that the SQL takes HTTP status, scimType and URL from error text as the Go
// decoders do (DuckDB's RE2 and Go's regexp share their syntax).
func NativeValues() []NativeValue {
	values := []NativeValue{
		{Name: "status_number_re", Value: statusNumberRE.String()},
		{Name: "status_name_re", Value: statusNameRE.String()},
		{Name: "reason_phrase_re", Value: reasonPhraseRE.String()},
		{Name: "scim_type_re", Value: scimTypeRE.String()},
		{Name: "url_re", Value: urlRE.String()},
	}
	for _, name := range slices.Sorted(maps.Keys(httpStatusNames)) {
		values = append(values, NativeValue{Name: "status_names", Key: name, Value: strconv.Itoa(httpStatusNames[name])})
	}
	for _, name := range slices.Sorted(maps.Keys(scimTypes)) {
		values = append(values, NativeValue{Name: "scim_types", Key: name, Value: scimTypes[name]})
	}
	return values
}
