package store

import (
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/scimdrift/scimdrift/ingest"
	"github.com/scimdrift/scimdrift/queries"
)

// The fast path must store exactly what the Go decoders store: every row, reject (with its
// line, offset, reason and raw text), out-of-scope count and accounting figure.

// nativeCases are files the fast path reads: the fixtures and samples of formats with a native
// query, and the same records with hostile lines planted between them.
// Each case says how many records at most the Go decoder may have to decide: the fixtures'
// odd records and every hostile line.
func nativeCases(t *testing.T) map[string]nativeCase {
	t.Helper()
	dir := t.TempDir()
	cases := map[string]nativeCase{
		"okta fixture": {"../../ingest/testdata/okta-systemlog/events.ndjson", 5},
		"okta sample":  {"../../samples/exports/okta/system-log.ndjson", 2},
	}
	for name, c := range map[string]nativeCase{"okta": cases["okta fixture"]} {
		records := readLines(t, c.path)
		hostile := hostileLines(records[0])
		lines := plantHostile(records, hostile)
		most := c.mostForGo + int64(len(hostile))
		cases[name+" hostile"] = nativeCase{writeFile(t, dir, name+"-hostile.ndjson", lines, false), most}
		cases[name+" hostile gzip"] = nativeCase{writeFile(t, dir, name+"-hostile.ndjson.gz", lines, true), most}
		// the same after 9 MB of good records: the records left to Go are read again from the
		// feed's index (an entry every 4 MiB), not from the start
		good := repeatTo(records, 9<<20)
		long := append(good, lines...)
		mostLate := most + int64(len(good)/len(records)+1)*c.mostForGo // the fixture's odd records, repeated
		cases[name+" hostile late"] = nativeCase{writeFile(t, dir, name+"-late.ndjson", long, false), mostLate}
		cases[name+" hostile late gzip"] = nativeCase{writeFile(t, dir, name+"-late.ndjson.gz", long, true), mostLate}
	}
	return cases
}

type nativeCase struct {
	path      string
	mostForGo int64
}

// hostileLines are records the native query must not vouch for, and records it must read as
// the Go decoder does, made from a good record.
func hostileLines(good string) []string {
	swap := func(old, new string) string { return strings.Replace(good, old, new, 1) }
	return []string{
		good[:len(good)/2], // cut short
		"<html><body>502 Bad Gateway</body></html>",
		good + good, // two records on one line
		`[1,2,3]`,
		`"a string"`,
		`{}`,
		swap(`"published":"`, `"published":"yesterday`),
		swap(`"published":"`, `"published":"`+"2026-11-02T09:14:03Z\"\x2c\"x\":\""),
		swap(`"eventType":"`, `"eventType":"  `),
		swap(`"eventType":"application.provision.user`, `"eventType":"application.provision.user.brand_new`),
		swap(`"eventType":"application.provision.user.`, `"eventType":"user.session.`),
		swap(`"outcome":{`, `"outcome":{"reason":"Bearer eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJ4In0.sig401 denied",`),
		swap(`"target":[`, `"target":["not an object",`),
		swap(`"target":[`, `"target":[null,`),
		swap(`"uuid":"`, `"uuid":"`+"\xff"),
		swap(`"uuid":"`, `"uuid":{"nested":true},"x":"`),
		swap(`"displayName":"`, `"displayName":"  padded  `),
		swap(`"severity":"`, `"tenant":"https://acme.okta.com/","severity":"`),
		"",                                    // blank lines between records: lines are numbered around them
		"  \t",                                // a line of white space is blank too
		good + "\r",                           // a CRLF line end
		swap(`"uuid":"`, `"uuid":1.50,"x":"`), // a number DuckDB spells "1.5"
		swap(`"uuid":"`, `"uuid":12345678901234567890,"x":"`),                                       // more digits than a float64 keeps
		swap(`"uuid":"`, `"uuid":true,"x":"`),                                                       // read as text alike
		swap(`"displayName":"`, `"displayName":"Token `),                                            // a marker word: Go decides
		swap(`"displayName":"`, `"displayName":"\u00a0`),                                            // padded with a no-break space
		swap(`"eventType":"application.provision.user`, `"eventType":"app.oauth2.as.token.grant.x`), // out of scope, with a marker word
		swap(`"published":"2026-11-18T03:10:00.100Z"`, `"published":"2026-11-18T03:10:00.1Z"`),
		swap(`"published":"2026-11-18T03:10:00.100Z"`, `"published":"2026-11-18T05:10:00.100+02:00"`),
		swap(`"published":"2026-11-18T03:10:00.100Z"`, `"published":1763435400`),
		swap(`"target":[`, `"target":[{"id":"only-an-id"},`),
		swap(`"type":"AppInstance"`, `"type":" AppInstance"`),      // the Go decoder trims the type
		swap(`"type":"AppInstance"`, `"type":"appinstance\u00a0"`), // also of a no-break space
		swap(`"type":"AppInstance"`, `"type":"APPINSTANCE"`),       // types are matched in any case
		swap(`"type":"AppUser"`, `"type":"AppGroup"`),
		strings.Replace(good, `,"target":[`, `,"ignored":[`, 1), // no target list
		`{"eventType":"application.provision.user.push","published":"2026-11-18T03:10:00.100Z","pad":"` + strings.Repeat("x", ingest.MaxRecordBytes) + `"}`,
	}
}

// repeatTo repeats records until they hold this many bytes.
func repeatTo(records []string, size int) []string {
	var out []string
	for n := 0; n < size; {
		r := records[len(out)%len(records)]
		out = append(out, r)
		n += len(r) + 1
	}
	return out
}

// plantHostile puts one hostile line after each good record, the rest at the end.
func plantHostile(records, hostile []string) []string {
	var out []string
	for i, r := range records {
		out = append(out, r)
		if i < len(hostile) {
			out = append(out, hostile[i])
		}
	}
	if len(hostile) > len(records) {
		out = append(out, hostile[len(records):]...)
	}
	return out
}

func TestNativeReaderStoresWhatGoStores(t *testing.T) {
	for name, c := range nativeCases(t) {
		path := c.path
		t.Run(name, func(t *testing.T) {
			native, src := ingestWith(t, path, ingest.Options{})
			if src.Reader != ingest.ReaderDuckDB {
				t.Fatalf("read by %q, want the native reader (%s)", src.Reader, src.Fallback)
			}
			goOnly, goSrc := ingestWith(t, path, ingest.Options{GoOnly: true})
			if goSrc.Reader != ingest.ReaderGo {
				t.Fatalf("GoOnly read by %q", goSrc.Reader)
			}
			for _, q := range equivalenceQueries {
				if diff := cmp.Diff(queryRows(t, goOnly, q), queryRows(t, native, q)); diff != "" {
					t.Errorf("%s\n(-go +native):\n%s", q, diff)
				}
			}
			if src.Stored == 0 || src.GoDecided > c.mostForGo {
				t.Errorf("%d records, %d stored, %d left to Go: the native query decided too little", src.Records, src.Stored, src.GoDecided)
			}
		})
	}
}

var equivalenceQueries = []string{
	`SELECT * EXCLUDE (source_id) FROM events ORDER BY line, event_id, action, user_name, target_name`,
	`SELECT * EXCLUDE (source_id) FROM rejects ORDER BY line`,
	`SELECT * EXCLUDE (source_id) FROM out_of_scope ORDER BY kind`,
	`SELECT * EXCLUDE (id) FROM sources`,
}

func ingestWith(t *testing.T, path string, opt ingest.Options) (*Store, *ingest.Source) {
	t.Helper()
	s, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	inputs, _, err := ingest.Expand([]string{path}, nil)
	if err != nil {
		t.Fatal(err)
	}
	src, err := ingest.File(inputs[0], s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return s, src
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimRight(string(data), "\n"), "\n")
}

func writeFile(t *testing.T, dir, name string, lines []string, gz bool) string {
	t.Helper()
	path := filepath.Join(dir, name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	text := strings.Join(lines, "\n") + "\n"
	if !gz {
		_, err = f.WriteString(text)
	} else {
		zw := gzip.NewWriter(f)
		_, err = fmt.Fprint(zw, text)
		err = zw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// A line that only the Go reader takes for blank (a no-break space) leaves DuckDB one row more
// than Go has records: the file is read again by the Go path, and stored as the Go path alone
// stores it.
func TestNativeReaderHandsBackAFileItDisagreesOn(t *testing.T) {
	records := readLines(t, "../../ingest/testdata/okta-systemlog/events.ndjson")
	path := writeFile(t, t.TempDir(), "nbsp.ndjson", append([]string{records[0], "\u00a0"}, records[1:]...), false)
	s, src := ingestWith(t, path, ingest.Options{})
	if src.Reader != ingest.ReaderGo || !strings.Contains(src.Fallback, "records read, DuckDB read") {
		t.Fatalf("read by %q (fallback %q), want the Go path after a disagreement on the count", src.Reader, src.Fallback)
	}
	goOnly, _ := ingestWith(t, path, ingest.Options{GoOnly: true})
	for _, q := range equivalenceQueries {
		if diff := cmp.Diff(queryRows(t, goOnly, q), queryRows(t, s, q)); diff != "" {
			t.Errorf("%s\n(-go only +after fallback):\n%s", q, diff)
		}
	}
}

// An ingest cut off after DuckDB committed a file's rows but before its sources row leaves rows
// of no source; the store drops them when it is next opened, and the file is then ingested whole.
func TestStoreDropsRowsOfAFileCutOff(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cut.duckdb")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	fixture := "../../ingest/testdata/okta-systemlog/events.ndjson"
	abs, err := filepath.Abs(fixture)
	if err != nil {
		t.Fatal(err)
	}
	read := ingest.NativeRead{Path: abs, Query: "native_okta", Values: ingest.NativeValues(), Funcs: ingest.OktaSystemLog.NativeFuncs()}
	file, err := s.ReadNative(context.Background(), &ingest.Source{}, read)
	if err != nil {
		t.Fatal(err)
	}
	if file.Rows() == 0 || countRows(t, s, "events") != file.Rows() {
		t.Fatalf("DuckDB read %d rows, the store holds %d", file.Rows(), countRows(t, s, "events"))
	}
	file.(*nativeFile).conn.Close() // cut off: no Complete, no Discard
	s.Close()

	reader, err := OpenReadOnly(path)
	if err != nil {
		t.Fatal(err)
	}
	if n, err := reader.CutOffRows(); err != nil || n != file.Rows() {
		t.Errorf("read-only, the store reports %d rows cut off (%v), want %d", n, err, file.Rows())
	}
	reader.Close()

	s, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := countRows(t, s, "events"); n != 0 {
		t.Fatalf("%d rows of the cut-off file left after reopening", n)
	}
	if n, err := s.CutOffRows(); err != nil || n != 0 {
		t.Errorf("after reopening for writing, %d rows reported cut off (%v)", n, err)
	}
	inputs, _, err := ingest.Expand([]string{fixture}, nil)
	if err != nil {
		t.Fatal(err)
	}
	src, err := ingest.File(inputs[0], s, ingest.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := countRows(t, s, "events"); got != src.Rows || src.Rows == 0 {
		t.Errorf("after ingesting again: %d rows stored, the source counts %d", got, src.Rows)
	}
}

func countRows(t *testing.T, s *Store, table string) int64 {
	t.Helper()
	var n int64
	if err := s.DB.QueryRow("SELECT count(*) FROM " + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The benchmark times DuckDB's own reader on the columns of bench/columns/okta-ndjson.txt: they
// must be the columns the fast path reads, so that both sides parse the same.
func TestBenchReadsTheFastPathsColumns(t *testing.T) {
	bench, err := os.ReadFile("../../bench/columns/okta-ndjson.txt")
	if err != nil {
		t.Fatal(err)
	}
	query := queries.MustGet("native_okta").SQL
	start := strings.Index(query, "columns = {")
	end := strings.Index(query[start:], "})")
	if start < 0 || end < 0 {
		t.Fatal("native_okta has no columns = {…} argument")
	}
	native := strings.Join(strings.Fields(query[start+len("columns = {"):start+end]), " ")
	if got := strings.Join(strings.Fields(string(bench)), " "); got != native {
		t.Errorf("bench/columns/okta-ndjson.txt:\n%s\nnative_okta reads:\n%s", got, native)
	}
}
