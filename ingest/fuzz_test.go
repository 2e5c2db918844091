package ingest

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/scimdrift/scimdrift/internal/secret"
)

// Fuzz targets for format detection, every format's decoder through the real pipeline, and the
// JSON splitter. Seeds are the golden fixtures plus hand-made edge cases; crashers found are
// kept under testdata/fuzz/<target>/ and run as regression cases by plain `go test`.
//
//	go test ./ingest -run '^$' -fuzz '^FuzzOktaSystemLog$' -fuzztime 5m -parallel 1

// fuzzToken is a credential planted in seeds where real exports carry one (Authorization
// headers, bearer tokens in error text, secret-named query parameters). Wherever the input
// holds it in a form the redactor recognises, no output may keep it.
const fuzzToken = "fuzzTOKEN1234567890abcdef"

// fuzzPath is the name the fuzzed input is ingested under.
const fuzzPath = "fuzz-input"

// FuzzDetect sniffs and detects arbitrary bytes; when a format is detected, ingesting the bytes
// must succeed with the invariants of fuzzIngest, or fail with a clear error.
func FuzzDetect(f *testing.F) {
	for _, format := range Formats {
		addFuzzSeeds(f, format.Name)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sniff, err := sniffStream(bufio.NewReaderSize(bytes.NewReader(data), sniffBytes))
		if err != nil {
			t.Fatalf("sniffing: %v", err)
		}
		detected := Detect(sniff)
		src, ok := fuzzIngest(t, data, Options{})
		if !ok {
			return
		}
		// The pipeline skips a BOM and unwraps gzip before sniffing; otherwise it must agree.
		if detected != nil && !bytes.HasPrefix(data, bom) && !bytes.HasPrefix(data, gzipMagic) && src.Format != detected.Name {
			t.Errorf("Detect says %s, the pipeline read the input as %s", detected.Name, src.Format)
		}
	})
}

// FuzzOktaSystemLog ingests arbitrary bytes as okta-systemlog.
func FuzzOktaSystemLog(f *testing.F) { fuzzFormat(f, OktaSystemLog.Name) }

// FuzzEntraProvisioning ingests arbitrary bytes as entra-provisioning.
func FuzzEntraProvisioning(f *testing.F) { fuzzFormat(f, EntraProvisioning.Name) }

// FuzzSCIMAccess ingests arbitrary bytes as scim-access.
func FuzzSCIMAccess(f *testing.F) { fuzzFormat(f, SCIMAccess.Name) }

// FuzzInventory ingests arbitrary bytes as inventory.
func FuzzInventory(f *testing.F) { fuzzFormat(f, Inventory.Name) }

func fuzzFormat(f *testing.F, format string) {
	addFuzzSeeds(f, format)
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzIngest(t, data, Options{Format: format})
	})
}

// FuzzJSONSplitter cuts arbitrary bytes into JSON records: it must end, every record must be
// the input's own bytes at its offset and line, in increasing order, and the splitter must cut
// what the byte-at-a-time reference cuts, whatever the size of the reader's buffer.
func FuzzJSONSplitter(f *testing.F) {
	for _, format := range Formats {
		addFuzzSeeds(f, format.Name)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		defer fuzzWatchdog(len(data))()
		for _, size := range []int{16, 4096} {
			compareWithReference(t, data, size)
		}
		sp := newJSONSplitter(bufio.NewReader(bytes.NewReader(data)))
		last := int64(-1)
		for calls := 0; ; calls++ {
			if calls > len(data)+1 {
				t.Fatalf("%d records from %d bytes: the splitter does not end", calls, len(data))
			}
			rec, err := sp.next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("reading from memory: %v", err)
			}
			if rec.offset <= last || rec.offset > int64(len(data)) {
				t.Fatalf("record %d at offset %d, after one at %d, in %d bytes", calls, rec.offset, last, len(data))
			}
			last = rec.offset
			if want := 1 + int64(bytes.Count(data[:rec.offset], []byte("\n"))); rec.line != want {
				t.Errorf("record at offset %d says line %d, want %d", rec.offset, rec.line, want)
			}
			if !bytes.HasPrefix(data[rec.offset:], rec.raw) {
				t.Errorf("record at offset %d is not the input's bytes there: %q", rec.offset, rec.raw)
			}
			if rec.problem == "" && len(rec.raw) == 0 {
				t.Errorf("empty record at offset %d without a problem", rec.offset)
			}
		}
	})
}

// fuzzIngest ingests data through the real pipeline into memory and checks what it produced.
// It reports whether the input was ingested (false: it failed with a clear error).
func fuzzIngest(t *testing.T, data []byte, opt Options) (*Source, bool) {
	t.Helper()
	defer fuzzWatchdog(len(data))()
	sink := newMemSink()
	src, err := File(Input{Path: fuzzPath, Named: true, stdin: bytes.NewReader(data)}, sink, opt)
	if err != nil {
		checkFuzzError(t, err)
		return nil, false
	}
	txs := sink.files[fuzzPath]
	if len(txs) != 1 {
		t.Fatalf("%d commits, want 1", len(txs))
	}
	tx := txs[0]
	if got := src.Stored + src.Rejected + src.OutOfScope; got != src.Records {
		t.Errorf("records read %d != stored %d + rejected %d + out of scope %d", src.Records, src.Stored, src.Rejected, src.OutOfScope)
	}
	if int64(len(tx.Rejects)) != src.Rejected {
		t.Errorf("%d rejects written, %d counted", len(tx.Rejects), src.Rejected)
	}
	if rows := int64(len(tx.Events) + len(tx.Access) + len(tx.Connectors)); rows != src.Rows || rows < src.Stored {
		t.Errorf("%d rows written, %d counted, %d records stored", rows, src.Rows, src.Stored)
	}
	for kind := range src.OutKinds {
		if !utf8.ValidString(kind) {
			t.Errorf("out-of-scope kind is not valid UTF-8: %q", kind)
		}
		checkNoPlantedToken(t, "out-of-scope kind", kind)
	}
	checkFuzzRejects(t, data, src, tx.Rejects)
	checkFuzzRows(t, data, src, tx)
	return src, true
}

// fuzzHang is how long one input may take. Go's fuzzing reports no hang by itself: a watchdog
// crashes the fuzzing process instead, which keeps the input as a crasher (GOTRACEBACK=all
// shows where the ingest was stuck).
const fuzzHang = 10 * time.Second

// fuzzWatchdog crashes the process unless the returned stop is called within fuzzHang.
func fuzzWatchdog(size int) (stop func()) {
	timer := time.AfterFunc(fuzzHang, func() {
		panic(fmt.Sprintf("an input of %d bytes did not finish in %v", size, fuzzHang))
	})
	return func() { timer.Stop() }
}

// checkFuzzError accepts an error that says what is wrong with the input: prefixed with the
// input's name, more than a bare I/O error, and without a planted token.
func checkFuzzError(t *testing.T, err error) {
	t.Helper()
	msg := err.Error()
	what, ok := strings.CutPrefix(msg, fuzzPath+": ")
	switch {
	case !ok:
		t.Errorf("error does not name the input: %q", msg)
	case what == io.EOF.Error() || what == io.ErrUnexpectedEOF.Error():
		t.Errorf("error says only %q", msg)
	case !utf8.ValidString(msg):
		t.Errorf("error is not valid UTF-8: %q", msg)
	}
	checkNoPlantedToken(t, "error", msg)
}

// checkFuzzRejects: every reject says why, keeps valid UTF-8, is no recovered decoder panic,
// and points into the input, in input order.
func checkFuzzRejects(t *testing.T, data []byte, src *Source, rejects []Reject) {
	t.Helper()
	lines, size := fuzzInputBounds(data, src)
	prev := int64(0)
	for i, r := range rejects {
		switch {
		case r.Reason == "":
			t.Errorf("reject %d (line %d) has no reason", i, r.Line)
		case strings.HasPrefix(r.Reason, "decoder failed on this record"):
			t.Errorf("reject %d (line %d): a decoder panicked: %s\nrecord: %q", i, r.Line, r.Reason, r.Raw)
		}
		if !utf8.ValidString(r.Raw) || !utf8.ValidString(r.Reason) {
			t.Errorf("reject %d (line %d) is not valid UTF-8: reason %q, raw %q", i, r.Line, r.Reason, r.Raw)
		}
		checkNoPlantedToken(t, "reject reason", r.Reason)
		checkNoPlantedToken(t, "reject raw", r.Raw)
		if src.Truncated && i == len(rejects)-1 {
			continue // the truncation reject has no place
		}
		if r.Line < 1 || r.Line > lines || r.Offset < 0 || r.Offset > size {
			t.Errorf("reject %d at line %d, offset %d: outside the input (%d lines, %d bytes)", i, r.Line, r.Offset, lines, size)
		}
		if r.Line < prev {
			t.Errorf("reject %d at line %d comes after one at line %d", i, r.Line, prev)
		}
		prev = r.Line
	}
}

// checkFuzzRows: every row has a line in the input, and its string columns are valid UTF-8 (the
// store would silently keep NULL for any other) and keep no planted token.
func checkFuzzRows(t *testing.T, data []byte, src *Source, tx *memTx) {
	t.Helper()
	lines, _ := fuzzInputBounds(data, src)
	check := func(kind string, i int, row any, line int64) {
		if line < 1 || line > lines {
			t.Errorf("%s %d at line %d: outside the input (%d lines)", kind, i, line, lines)
		}
		v := reflect.ValueOf(row)
		for j := 0; j < v.NumField(); j++ {
			s, ok := v.Field(j).Interface().(string)
			if !ok {
				continue
			}
			column := kind + " " + v.Type().Field(j).Name
			if !utf8.ValidString(s) {
				t.Errorf("%s %d: %s is not valid UTF-8: %q", kind, i, column, s)
			}
			checkNoPlantedToken(t, column, s)
		}
	}
	for i, e := range tx.Events {
		check("event", i, e, e.Line)
	}
	for i, a := range tx.Access {
		check("access", i, a, a.Line)
	}
	for i, c := range tx.Connectors {
		check("connector", i, c, c.Line)
	}
}

// fuzzInputBounds returns how many lines and bytes the (decompressed) input has.
func fuzzInputBounds(data []byte, src *Source) (lines, size int64) {
	if bytes.HasPrefix(data, gzipMagic) {
		return src.Bytes + 1, src.Bytes
	}
	return 1 + int64(bytes.Count(data, []byte("\n"))), int64(len(data))
}

// checkNoPlantedToken fails when text keeps the planted token where the redactor would have
// removed it: in an Authorization header, after "Bearer", as a secret-named value. (The token
// may also reach a column without any such context, as any other word of the input may.)
func checkNoPlantedToken(t *testing.T, where, text string) {
	t.Helper()
	if strings.Contains(text, fuzzToken) && !strings.Contains(secret.Redact(text), fuzzToken) {
		t.Errorf("%s keeps a raw token: %q", where, text)
	}
}

// addFuzzSeeds adds the golden fixtures of a format (testdata/<format>/, not the .golden files),
// each also with a BOM, with CRLF line ends and cut in half, the first also gzipped (whole, and
// cut to exercise a truncated stream), plus hand-made edge cases.
func addFuzzSeeds(f *testing.F, format string) {
	paths, err := filepath.Glob(filepath.Join("testdata", format, "*"))
	if err != nil {
		f.Fatal(err)
	}
	gzipSeeded := false
	for _, path := range paths {
		if strings.HasSuffix(path, ".golden") {
			continue
		}
		data, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
		f.Add(append(append([]byte(nil), bom...), data...))
		f.Add(bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")))
		f.Add(data[:len(data)/2])
		if !gzipSeeded {
			var zipped bytes.Buffer
			zw := gzip.NewWriter(&zipped)
			_, _ = zw.Write(data) // writes to memory cannot fail
			_ = zw.Close()
			f.Add(zipped.Bytes())
			f.Add(zipped.Bytes()[:zipped.Len()*3/4])
			gzipSeeded = true
		}
	}
	for _, seed := range fuzzEdgeSeeds {
		f.Add([]byte(seed))
	}
	for _, seed := range fuzzTokenSeeds[format] {
		f.Add([]byte(seed))
	}
}

// fuzzEdgeSeeds are layouts at the edges of what the splitters and sniffing accept.
var fuzzEdgeSeeds = []string{
	"",
	"\xEF\xBB\xBF",
	"\n\r\n\n",
	"{",
	"[",
	"[{",
	`{"a":`,
	`[{"a":"b"},`,
	`{"value":[{"a":1},`,
	`{"records":[{"a":"\"}]`,
	`{"data":{"events":[{"a":1}]}}`,
	"{}\n{}\r\n[]\n",
	`"just a string"`,
	"123 true null",
	"]]]}}}",
	strings.Repeat("[", 5000) + strings.Repeat("]", 5000),
	"[" + strings.Repeat(`{"a":`, 500) + "1" + strings.Repeat("}", 500) + "]",
	"a,b\n\"unclosed\n",
	"#comment only\n",
}

// fuzzTokenSeeds hold the planted token where each format meets credentials.
var fuzzTokenSeeds = map[string][]string{
	"okta-systemlog": {
		`{"uuid":"u1","published":"2024-03-01T10:00:00.000Z","eventType":"application.provision.user.push","outcome":{"result":"FAILURE","reason":"Authorization: Bearer ` + fuzzToken + ` rejected"},"target":[{"id":"0oa1","type":"AppInstance","alternateId":"App"}]}`,
		"eventType,published,outcome_reason_s\napplication.provision.user.push,2024-03-01T10:00:00Z,\"token=" + fuzzToken + "\"\n",
	},
	"entra-provisioning": {
		`{"value":[{"id":"e1","activityDateTime":"2024-03-01T10:00:00Z","jobId":"scim.0123456789abcdef0123456789abcdef.1","provisioningAction":"create","provisioningStatusInfo":{"status":"failure","errorInformation":{"reason":"HTTP 401 with Bearer ` + fuzzToken + `","errorCode":"SystemForCrossDomainIdentityManagementUnauthorized"}}}]}`,
		`{"key":"SecretToken","value":"` + fuzzToken + `"}`,
		"JobId,ProvisioningAction,ResultDescription\nj1,create,\"Authorization: Bearer " + fuzzToken + "\"\n",
	},
	"scim-access": {
		`{"time":"2024-03-01T10:00:00Z","method":"GET","path":"/scim/v2/Users","status":200,"authorization":"Bearer ` + fuzzToken + `"}`,
		`{"time":"2024-03-01T10:00:00Z","request":"GET /scim/v2/Users?access_token=` + fuzzToken + ` HTTP/1.1","status":"x","http_authorization":"Bearer ` + fuzzToken + `"}`,
		`10.0.0.1 - - [01/Mar/2024:10:00:00 +0000] "GET /scim/v2/Users?filter=userName%20eq%20%22a%22&token=` + fuzzToken + ` HTTP/1.1" 200 12 "-" "Okta SCIM Client 1.0.0"` + "\n",
	},
	"inventory": {
		"platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\nokta,acme,App,0oa1,true,https://x.example/scim/v2,Bearer " + fuzzToken + ",ops\n",
	},
}

// TestWriteCleansEveryColumn sets every text column of every row type to a value and checks what
// reaches the sink, so that a column added later is not missed. Found by FuzzDetect: an inventory
// tenant that was the byte 0xE8 (the store keeps NULL for invalid UTF-8), and an Entra CSV JobId
// that was "BeArer " and a token.
func TestWriteCleansEveryColumn(t *testing.T) {
	for _, tc := range []struct{ name, value, want string }{
		{"invalid UTF-8", "caf\xe9", "caf\uFFFD"},
		{"bearer token", "BeArer " + fuzzToken, "BeArer " + secret.Fingerprint(fuzzToken)},
		{"plain text", "Okta SCIM Client 1.0", "Okta SCIM Client 1.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := &Batch{Events: make([]Event, 1), Access: make([]Access, 1), Connectors: make([]Connector, 1)}
			for _, row := range []any{&b.Events[0], &b.Access[0], &b.Connectors[0]} {
				v := reflect.ValueOf(row).Elem()
				for j := 0; j < v.NumField(); j++ {
					if v.Field(j).Kind() == reflect.String {
						v.Field(j).SetString(tc.value)
					}
				}
			}
			clean(b)
			tx := &memTx{}
			if err := tx.Write(b, nil); err != nil {
				t.Fatal(err)
			}
			for _, row := range []any{tx.Events[0], tx.Access[0], tx.Connectors[0]} {
				v := reflect.ValueOf(row)
				for j := 0; j < v.NumField(); j++ {
					if s, ok := v.Field(j).Interface().(string); ok && s != tc.want {
						t.Errorf("%s.%s = %q, want %q", v.Type().Name(), v.Type().Field(j).Name, s, tc.want)
					}
				}
			}
		})
	}
}
