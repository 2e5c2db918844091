package ingest

import (
	"fmt"
	"sort"
	"strings"
)

// Container is how a file lays out its records.
type Container int

const (
	// JSONRecords: a JSON array, NDJSON, concatenated objects, or a platform envelope
	// (Graph "value", Azure Monitor "records", Okta event hook "data.events").
	JSONRecords Container = iota
	// TextLines: one record per non-blank line (access logs, CSV).
	TextLines
)

// Sniff is what detection sees of a file: its layout and its first record.
type Sniff struct {
	Container Container
	First     []byte   // JSONRecords: the first record's JSON text
	Lines     [][]byte // TextLines: up to the first 5 non-blank lines, without line ends
	ndjson    bool     // JSONRecords: one record per line
	firstLong bool     // JSONRecords: the first record does not end within the bytes sniffed
}

// Decoder turns records into rows. Each worker decoding a file has its own, and sees only some
// of the file's records: a decoder whose reading of a record depends on the records before it
// implements learningDecoder (pipeline.go). Decode returns an error to reject the record, calls
// b.OutOfScope for a record that is no provisioning evidence, or adds at least one row.
type Decoder interface {
	Decode(rec *Record, b *Batch) error
}

// Format is one input format scimdrift can read.
type Format struct {
	Name        string   // the --format name
	Platform    string   // the platform its events belong to ("" for mixed)
	Description string   // one line for `scimdrift formats`
	Shapes      []string // the export shapes it accepts, for `scimdrift formats` and the README
	// CSV makes a TextLines file read as CSV: the first row is the header, Record.Fields the row.
	CSV bool
	// Detect reports whether the sniffed file is of this format.
	Detect func(s *Sniff) bool
	// NewDecoder returns a decoder for one file; header is the CSV header (nil otherwise).
	NewDecoder func(header []string) (Decoder, error)
	// Native, when set, lets DuckDB read the format's NDJSON itself (native.go).
	Native *Native
}

// Formats is the registry: every format scimdrift reads, in detection order.
var Formats = []*Format{
	&Inventory,
	&OktaSystemLog,
	&EntraProvisioning,
	&SCIMAccess,
}

// Lookup finds a format by name.
func Lookup(name string) (*Format, error) {
	for _, f := range Formats {
		if f.Name == name {
			return f, nil
		}
	}
	names := make([]string, len(Formats))
	for i, f := range Formats {
		names[i] = f.Name
	}
	sort.Strings(names)
	return nil, fmt.Errorf("unknown format %q (known: %s)", name, strings.Join(names, ", "))
}

// Detect returns the first format in the registry that recognises the sniffed file, or nil.
func Detect(s *Sniff) *Format {
	for _, f := range Formats {
		if f.Detect(s) {
			return f
		}
	}
	return nil
}
