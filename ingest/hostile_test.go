package ingest

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/scimdrift/scimdrift/internal/secret"
)

// Hostile inputs at the ingest level; the CLI outcomes (exit status, messages, what the store
// holds) are tested in cmd/scimdrift/hostile_test.go.

// hostileZip builds a zip archive of name/text pairs, in order (names may repeat).
func hostileZip(t *testing.T, entries ...[2]string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, e := range entries {
		w, err := zw.Create(e[0])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(e[1])); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestZipEntriesOfOneNameAreEachRead: an archive may hold two entries of one name; each is read
// (entries used to be found again by name, so the second read the first's bytes and was then
// skipped as a duplicate of it).
func TestZipEntriesOfOneNameAreEachRead(t *testing.T) {
	dir := t.TempDir()
	path := writeFile(t, filepath.Join(dir, "twice.zip"), hostileZip(t,
		[2]string{"inventory.csv", inventoryText},
		[2]string{"inventory.csv", inventoryText + "okta,x,Jira,0oa2,,,,\n"}))
	sources, _ := ingestPaths(t, newMemSink(), nil, path)
	want := []accounting{
		{"/twice.zip!inventory.csv", "inventory", 2, 2, 0, false, false},
		{"/twice.zip!inventory.csv", "inventory", 3, 3, 0, false, false},
	}
	if diff := cmp.Diff(want, accountingOf(sources, dir)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// hostileOktaLine is one Okta provisioning event (a push of user n) as an NDJSON line.
func hostileOktaLine(n int) string {
	return fmt.Sprintf(`{"uuid":"u%06d","published":"2026-11-02T10:00:00.000Z","eventType":"application.provision.user.push",`+
		`"outcome":{"result":"SUCCESS"},"target":[{"id":"0oa1slack","type":"AppInstance","alternateId":"Slack"},`+
		`{"id":"00u%06d","type":"User","alternateId":"user%d@acme.example"}]}`+"\n", n, n, n)
}

// withLimits lowers the decompression limits for one test.
func withLimits(t *testing.T, ratio, ratioCheckAfter, maxBytes int64) {
	t.Helper()
	r, after, most := MaxCompressionRatio, RatioCheckAfter, MaxDecompressedBytes
	MaxCompressionRatio, RatioCheckAfter, MaxDecompressedBytes = ratio, ratioCheckAfter, maxBytes
	t.Cleanup(func() { MaxCompressionRatio, RatioCheckAfter, MaxDecompressedBytes = r, after, most })
}

// hostilePadded is a provisioning event followed by n spaces: 4 MiB of it compress about 950 times,
// near deflate's limit, as the runs of one byte of a decompression bomb do.
func hostilePadded(n int) string {
	return hostileOktaLine(1) + strings.Repeat(" ", n) + "\n" + hostileOktaLine(2)
}

// TestDecompressionBombs: a compressed input that expands more than MaxCompressionRatio times
// (once RatioCheckAfter bytes are out) or beyond MaxDecompressedBytes fails its file with
// ErrDecompressionBomb and a message saying what to do, and stores nothing of it; genuine,
// repetitive exports below the limits are read. The limits are lowered (ratio 500 after 1 MiB)
// to keep the inputs small; the defaults are tested end to end in cmd/scimdrift with a 200 MiB
// bomb.
func TestDecompressionBombs(t *testing.T) {
	var genuine strings.Builder
	for i := 0; genuine.Len() < 4<<20; i++ {
		genuine.WriteString(hostileOktaLine(i))
	}
	cases := []struct {
		name     string
		maxBytes int64
		file     func(t *testing.T) []byte
		want     string // "" = stored
	}{
		{"gzip bomb", 64 << 20, func(t *testing.T) []byte { return gzipped(t, []byte(hostilePadded(4<<20))) },
			"reading at byte 10"}, // the error names the byte where reading stopped, after RatioCheckAfter
		{"zip bomb", 64 << 20, func(t *testing.T) []byte { return hostileZip(t, [2]string{"events.ndjson", hostilePadded(4 << 20)}) },
			"cannot read input: the zip entry expands more than 500 times"},
		{"gzip bomb inside a zip", 64 << 20, func(t *testing.T) []byte {
			return hostileZip(t, [2]string{"events.ndjson.gz", string(gzipped(t, []byte(hostilePadded(4<<20))))})
		}, "the gzip stream expands more than 500 times"},
		{"gzip beyond MaxDecompressedBytes", 2 << 20, func(t *testing.T) []byte { return gzipped(t, []byte(genuine.String())) },
			"the gzip stream expands to more than 2.0 MiB"},
		{"zip beyond MaxDecompressedBytes", 2 << 20, func(t *testing.T) []byte { return hostileZip(t, [2]string{"events.ndjson", genuine.String()}) },
			"the zip entry expands to more than 2.0 MiB"},
		{"genuine repetitive gzip", 64 << 20, func(t *testing.T) []byte { return gzipped(t, []byte(genuine.String())) }, ""},
		{"genuine repetitive zip", 64 << 20, func(t *testing.T) []byte { return hostileZip(t, [2]string{"events.ndjson", genuine.String()}) }, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			withLimits(t, 500, 1<<20, tc.maxBytes)
			path := writeFile(t, filepath.Join(t.TempDir(), "input"), tc.file(t))
			inputs, _, err := Expand([]string{path}, nil)
			if err != nil || len(inputs) != 1 {
				t.Fatalf("expanding: %v, %d inputs", err, len(inputs))
			}
			sink := newMemSink()
			src, err := File(inputs[0], sink, Options{})
			if tc.want == "" {
				if err != nil || src.Stored == 0 || src.Stored != src.Records {
					t.Fatalf("a genuine export was not read: %v, %+v", err, src)
				}
				return
			}
			t.Log(err)
			if !errors.Is(err, ErrDecompressionBomb) || !strings.Contains(err.Error(), tc.want) ||
				!strings.HasSuffix(err.Error(), "refused as a likely decompression bomb; if the export is genuine, decompress it and ingest the plain file") {
				t.Errorf("error %v\nwant ErrDecompressionBomb containing %q and the advice", err, tc.want)
			}
			if len(sink.sources) != 0 {
				t.Errorf("%d sources committed from a refused input", len(sink.sources))
			}
		})
	}
}

// TestQueryStringTokenIsFingerprinted: a bearer token sent as ?access_token= (RFC 6750 §2.3) is
// the caller's credential: its fingerprint and JWT tenant are kept on the request, as for a
// logged Authorization header (which wins when both are there), and the query keeps only the
// fingerprint.
func TestQueryStringTokenIsFingerprinted(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJ0aWQiOiJ0ZW5hbnQtb2xkIn0.c2lnbmF0dXJl" // {"tid":"tenant-old"}
	line := func(query, auth string) string {
		return `{"time":"2026-11-02T10:00:00Z","request":"GET /scim/v2/Users?` + query + ` HTTP/1.1","status":200,"http_authorization":"` + auth + `"}` + "\n"
	}
	path := writeFile(t, filepath.Join(t.TempDir(), "access.ndjson"), []byte(
		line("access_token="+jwt+"&count=1", "")+line("access_token=plainTok3n123", "Bearer h3aderTok3n456")))
	_, tx := ingestForTest(t, path, Options{})
	type row struct{ Query, TokenFP, TokenTenant string }
	var got []row
	for _, a := range tx.Access {
		got = append(got, row{a.Query, a.TokenFP, a.TokenTenant})
	}
	fp := secret.Fingerprint
	want := []row{
		{"access_token=" + fp(jwt) + "&count=1", fp(jwt), "tenant-old"},
		{"access_token=" + fp("plainTok3n123"), fp("h3aderTok3n456"), ""},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// TestSplitterDepthIsBounded: records nested far deeper than the splitter keeps frames for are
// still cut whole, with the records around them and the envelope keys intact, and a stream of
// 20 million "[" keeps no more than maxSplitDepth frames (it held one per byte: 7 GB for 50 MB).
func TestSplitterDepthIsBounded(t *testing.T) {
	deep := func(n int) string {
		return strings.Repeat(`{"a":[`, n) + `"x"` + strings.Repeat("]}", n)
	}
	text := `{"records":[{"id":1},` + deep(200) + `,{"id":"2","value":[{"k":` + deep(100) + `}]}],"value":"not an envelope key here"}` + "\n" +
		`[` + deep(maxSplitDepth) + `,{"id":3}]`
	want := []cut{
		{1, 12, `{"id":1}`, ""},
		{1, 21, deep(200), ""},
		{1, 21 + int64(len(deep(200))) + 1, `{"id":"2","value":[{"k":` + deep(100) + `}]}`, ""},
		{2, int64(strings.IndexByte(text, '\n')) + 2, deep(maxSplitDepth), ""},
		{2, int64(len(text)) - 9, `{"id":3}`, ""},
	}
	if diff := cmp.Diff(want, splitAll(t, text)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}

	s := newJSONSplitter(bufio.NewReader(strings.NewReader(strings.Repeat("[", 20<<20))))
	rec, err := s.next()
	if err != nil || !strings.HasPrefix(rec.problem, "truncated") {
		t.Errorf("got %q, %v; want the unclosed value rejected as truncated", rec.problem, err)
	}
	if cap(s.stack) > maxSplitDepth {
		t.Errorf("the splitter kept %d frames", cap(s.stack))
	}
}

// TestCSVRecordLengthIsBounded: a CSV record may span lines inside quotes, up to MaxRecordBytes;
// one quote left open no longer makes the rest of the file one field of one record (rows
// silently gone, memory the size of the file): the file fails, saying where and why.
func TestCSVRecordLengthIsBounded(t *testing.T) {
	header := "platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\n"
	row := "okta,acme.okta.com,Slack,0oa1,true,https://scim.acme.example/scim/v2,,collab\n"
	dir := t.TempDir()
	long := writeFile(t, filepath.Join(dir, "long.csv"), []byte(header+row+
		`okta,acme.okta.com,Jira,0oa2,true,https://scim.acme.example/scim/v2,,"`+strings.Repeat("multi\nline ", 200_000)+"\"\n"+row))
	src, tx := ingestForTest(t, long, Options{})
	if src.Records != 3 || src.Stored != 3 || len(tx.Connectors[1].Owner) != 11*200_000-1 {
		t.Errorf("a 2.2 MB quoted field over many lines: %+v", src)
	}

	var rows strings.Builder
	for rows.Len() < MaxRecordBytes+1<<20 {
		rows.WriteString(row)
	}
	open := writeFile(t, filepath.Join(dir, "open.csv"), []byte(header+row+`okta,x,Box,0oa3,true,,,"collab`+"\n"+rows.String()))
	sink := newMemSink()
	_, err := File(Input{Path: open, Named: true, file: open}, sink, Options{})
	want := "the CSV record after line 2 is longer than 8388608 bytes (a quote left open?)"
	if err == nil || !strings.Contains(err.Error(), want) || len(sink.sources) != 0 {
		t.Errorf("error %v, %d sources committed; want %q and nothing stored", err, len(sink.sources), want)
	}
}
