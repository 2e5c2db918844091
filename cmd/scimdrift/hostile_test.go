package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// hostileCase is one hostile input and its defined outcome: what `scimdrift ingest` exits with
// and prints, and what the store then holds.
type hostileCase struct {
	name  string
	files func(t *testing.T, dir string) // writes the inputs under dir
	args  []string                       // after "ingest --db DB"; $DIR is the inputs' directory
	code  int
	says  []string    // printed (stdout or stderr), each
	store [][2]string // SQL run on the store afterwards, and its CSV
}

// TestHostileInputs runs each hostile input through `scimdrift ingest` into a store of its own.
// Outcomes are one of: stored, rejected with a reason (the run goes on), or exit 2 with a
// message (nothing of that file is stored).
func TestHostileInputs(t *testing.T) {
	for _, tc := range hostileCases() {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			db := filepath.Join(t.TempDir(), "store.duckdb")
			tc.files(t, dir)
			args := []string{"ingest", "--db", db}
			for _, a := range tc.args {
				args = append(args, strings.ReplaceAll(a, "$DIR", dir))
			}
			started := time.Now()
			var stdout, stderr bytes.Buffer
			code := Do(args, nil, &stdout, &stderr)
			if took := time.Since(started); took > 10*time.Second {
				t.Errorf("ingest took %v", took)
			}
			printed := stdout.String() + stderr.String()
			if code != tc.code {
				t.Errorf("exit %d, want %d\n%s", code, tc.code, printed)
			}
			for _, s := range tc.says {
				if !strings.Contains(printed, strings.ReplaceAll(s, "$DIR", dir)) {
					t.Errorf("output lacks %q:\n%s", s, printed)
				}
			}
			if strings.Contains(printed, "panic") || strings.Contains(printed, "goroutine") {
				t.Errorf("a crash was printed:\n%s", printed)
			}
			for _, check := range tc.store {
				stdout.Reset()
				stderr.Reset()
				if code := Do([]string{"query", "--db", db, "--format", "csv", check[0]}, nil, &stdout, &stderr); code != 0 || stdout.String() != check[1] {
					t.Errorf("%s: exit %d\n%s%s\nwant\n%s", check[0], code, stdout.String(), stderr.String(), check[1])
				}
			}
		})
	}
}

// sourcesSQL is the accounting of every stored input, by file name.
const sourcesSQL = "SELECT regexp_replace(path, '^.*/', '') AS file, format, records, stored, rejected, out_of_scope FROM sources ORDER BY path"

// rejectsSQL lists the rejects with the length of the raw text kept.
const rejectsSQL = "SELECT line, reason, length(raw) AS raw_length FROM rejects ORDER BY source_id, line"

func wantSources(rows ...string) string {
	return rowsCSV("file,format,records,stored,rejected,out_of_scope", rows...)
}

func wantRejects(rows ...string) string { return rowsCSV("line,reason,raw_length", rows...) }

func hostileCases() []hostileCase {
	const mib = 1 << 20
	return []hostileCase{
		{
			name: "valid 2 MiB line is stored",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "big.ndjson", oktaPushLine(1)+oktaPadded(2, 2*mib)+oktaPushLine(3))
			},
			args: []string{"$DIR"}, code: 0,
			store: [][2]string{{sourcesSQL, wantSources("big.ndjson,okta-systemlog,3,3,0,0")}},
		},
		{
			name: "invalid 2 MiB line is rejected with 64 KiB of it kept",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "big.ndjson", oktaPushLine(1)+`{"eventType":"application.provision.user.push","x":"`+strings.Repeat("a", 2*mib)+"\n"+oktaPushLine(3))
			},
			args: []string{"$DIR"}, code: 0,
			store: [][2]string{{rejectsSQL, wantRejects(`2,"not valid JSON: missing closing '""'",65536`)}},
		},
		{
			name: "line over 8 MiB is rejected and reading goes on",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "huge.ndjson", oktaPushLine(1)+oktaPadded(2, 9*mib)+oktaPushLine(3))
			},
			args: []string{"$DIR"}, code: 0,
			store: [][2]string{{sourcesSQL, wantSources("huge.ndjson,okta-systemlog,3,2,1,0")}, {rejectsSQL, wantRejects("2,line longer than 8388608 bytes,65536")}},
		},
		{
			name: "first record over 1 MiB",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "first.ndjson", oktaPadded(1, 2*mib)+oktaPushLine(2))
			},
			args: []string{"$DIR/first.ndjson"}, code: 2,
			says: []string{"first.ndjson: format not recognised: the first record is longer than the 1 MiB that detection reads (name one with --format"},
		},
		{
			name: "first record over 1 MiB, format named",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "first.ndjson", oktaPadded(1, 2*mib)+oktaPushLine(2))
			},
			args: []string{"--format", "okta-systemlog", "$DIR/first.ndjson"}, code: 0,
			store: [][2]string{{sourcesSQL, wantSources("first.ndjson,okta-systemlog,2,2,0,0")}},
		},
		{
			name: "CSV with a quote left open fails its file",
			files: func(t *testing.T, dir string) {
				row := "okta,acme.okta.com,Slack,0oa1slack,true,https://scim-legacy.acme.example/scim/v2,,collab\n"
				writeInput(t, dir, "inventory.csv", "platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\n"+
					row+`okta,acme.okta.com,Jira,0oa2jira,true,,,"collab`+"\n"+strings.Repeat(row, 9*mib/len(row)+1))
			},
			args: []string{"$DIR/inventory.csv"}, code: 2,
			says:  []string{"inventory.csv: reading at byte ", ": the CSV record after line 2 is longer than 8388608 bytes (a quote left open?)"},
			store: [][2]string{{"SELECT count(*) AS n FROM sources", "n\n0\n"}},
		},
		{
			name: "invalid UTF-8 in strings is stored as U+FFFD, outside strings rejected",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "okta.ndjson", strings.Replace(oktaPushLine(1), "Slack", "Sl\xffck", 1)+
					strings.Replace(oktaPushLine(2), `,"severity"`, ",\xff\xfe\"severity\"", 1))
				writeInput(t, dir, "access.log", strings.Replace(accessLine(3), "Okta SCIM Client", "Okta \xc3 SCIM Client", 1))
			},
			args: []string{"$DIR"}, code: 0,
			store: [][2]string{
				{sourcesSQL, wantSources("access.log,scim-access,1,1,0,0", "okta.ndjson,okta-systemlog,2,1,1,0")},
				{"SELECT app_name FROM events", "app_name\nSl\uFFFDck\n"},
				{"SELECT user_agent FROM access", "user_agent\nOkta \uFFFD SCIM Client 1.0.0\n"},
				{"SELECT line, reason, contains(raw, '\uFFFD\"severity\"') AS raw_kept FROM rejects",
					"line,reason,raw_kept\n" + `2,"not valid JSON: cannot find opening '"""" for object key",true` + "\n"},
			},
		},
		{
			name: "UTF-8 BOM is skipped",
			files: func(t *testing.T, dir string) {
				const bom = "\xEF\xBB\xBF"
				writeInput(t, dir, "inventory.csv", bom+"platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\n"+
					"okta,acme.okta.com,Slack,0oa1slack,true,https://scim-legacy.acme.example/scim/v2,,collab\n")
				writeInput(t, dir, "okta.ndjson", bom+oktaPushLine(1))
				writeInput(t, dir, "okta-array.json", bom+"["+strings.TrimSpace(oktaPushLine(2))+"]")
				writeInput(t, dir, "access.log", bom+accessLine(3))
				writeInput(t, dir, "okta.ndjson.gz", string(gzipText(t, bom+oktaPushLine(4))))
			},
			args: []string{"$DIR"}, code: 0,
			store: [][2]string{
				{sourcesSQL, wantSources("access.log,scim-access,1,1,0,0", "inventory.csv,inventory,1,1,0,0", "okta-array.json,okta-systemlog,1,1,0,0",
					"okta.ndjson,okta-systemlog,1,1,0,0", "okta.ndjson.gz,okta-systemlog,1,1,0,0")},
				{"SELECT platform, app, owner FROM connectors", "platform,app,owner\nokta,Slack,collab\n"},
			},
		},
		{
			name: "CRLF line ends are not kept in any field",
			files: func(t *testing.T, dir string) {
				crlf := func(s string) string { return strings.ReplaceAll(s, "\n", "\r\n") }
				writeInput(t, dir, "inventory.csv", crlf("platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\n"+
					"okta,acme.okta.com,Slack,0oa1slack,true,https://scim-legacy.acme.example/scim/v2,,collab\n"))
				writeInput(t, dir, "okta.ndjson", crlf(oktaPushLine(1)+oktaPushLine(2)))
				writeInput(t, dir, "okta-array.json", crlf("[\n"+strings.TrimSpace(oktaPushLine(3))+",\n"+strings.TrimSpace(oktaPushLine(4))+"\n]\n"))
				writeInput(t, dir, "access.log", crlf(accessLine(5)+accessLine(6)))
			},
			args: []string{"$DIR"}, code: 0,
			store: [][2]string{
				{sourcesSQL, wantSources("access.log,scim-access,2,2,0,0", "inventory.csv,inventory,1,1,0,0", "okta-array.json,okta-systemlog,2,2,0,0",
					"okta.ndjson,okta-systemlog,2,2,0,0")},
				{"SELECT count(*) AS with_cr FROM (SELECT owner AS v FROM connectors UNION ALL SELECT user_name FROM events " +
					"UNION ALL SELECT user_agent FROM access UNION ALL SELECT filter_value FROM access) WHERE contains(v, chr(13))", "with_cr\n0\n"},
			},
		},
		{
			name: "JSON nested 100 000 levels: a file of it is not recognised",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "deep.json", nested(100_000))
			},
			args: []string{"$DIR/deep.json"}, code: 2,
			says: []string{"deep.json: format not recognised: JSON records of no known platform"},
		},
		{
			name: "JSON nested 100 000 levels: a record of it is rejected",
			files: func(t *testing.T, dir string) {
				deep := strings.Replace(oktaPushLine(2), `"debugContext":{"debugData":{`, `"debugContext":{"debugData":{"x":`+nested(100_000)+",", 1)
				writeInput(t, dir, "okta.ndjson", oktaPushLine(1)+deep+oktaPushLine(3))
				writeInput(t, dir, "okta-array.json", "["+strings.TrimSpace(oktaPushLine(4))+","+strings.TrimSpace(deep)+"]")
				entra := `{"id":"e%d","jobId":"scim.t.1","provisioningAction":"create","provisioningStatusInfo":{"status":"success"}%s}`
				writeInput(t, dir, "entra-page.json", `{"value":[`+fmt.Sprintf(entra, 1, "")+","+fmt.Sprintf(entra, 2, `,"x":`+nested(100_000))+`]}`)
				writeInput(t, dir, "access.ndjson", `{"time":"2026-11-02T10:00:00Z","request":"GET /scim/v2/Users HTTP/1.1","status":200}`+"\n"+
					`{"time":"2026-11-02T10:00:01Z","request":"GET /scim/v2/Users HTTP/1.1","status":200,"x":`+nested(100_000)+"}\n")
			},
			args: []string{"$DIR"}, code: 0,
			store: [][2]string{
				{sourcesSQL, wantSources("access.ndjson,scim-access,2,1,1,0", "entra-page.json,entra-provisioning,2,1,1,0",
					"okta-array.json,okta-systemlog,2,1,1,0", "okta.ndjson,okta-systemlog,3,2,1,0")},
				{"SELECT DISTINCT reason FROM rejects ORDER BY ALL", "reason\n" +
					"not valid JSON: too big depth for the nested JSON; it exceeds 300\n"},
			},
		},
		{
			name: "20 MiB of unclosed [ after a record is one reject, in bounded memory",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "okta-array.json", "["+strings.TrimSpace(oktaPushLine(1))+",\n"+strings.Repeat("[", 20*mib))
			},
			args: []string{"$DIR"}, code: 0,
			store: [][2]string{{sourcesSQL, wantSources("okta-array.json,okta-systemlog,2,1,1,0")},
				{rejectsSQL, wantRejects("2,truncated: the JSON value starting at line 2 is not closed at end of input,65536")}},
		},
		{
			name: "gzip bomb is refused at the default limits",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "a-good.ndjson", oktaPushLine(1))
				writeInput(t, dir, "b-bomb.ndjson.gz", string(gzipOf(spaceBomb(t, oktaPushLine(2), 200))))
			},
			args: []string{"$DIR"}, code: 2,
			says: []string{"b-bomb.ndjson.gz: reading at byte ", ": the gzip stream expands more than 1000 times (100.0 MiB from ",
				"refused as a likely decompression bomb; if the export is genuine, decompress it and ingest the plain file"},
			store: [][2]string{{sourcesSQL, wantSources("a-good.ndjson,okta-systemlog,1,1,0,0")}, {"SELECT count(*) AS n FROM rejects", "n\n0\n"}},
		},
		{
			name: "zip bomb is refused at the default limits before reading",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "bomb.zip", string(zipOf(t, "events.ndjson", spaceBomb(t, oktaPushLine(2), 200))))
			},
			args: []string{"$DIR/bomb.zip"}, code: 2,
			says: []string{"bomb.zip!events.ndjson: cannot read input: the zip entry expands more than 1000 times (200.0 MiB from 199.",
				"refused as a likely decompression bomb; if the export is genuine, decompress it and ingest the plain file"},
			store: [][2]string{{"SELECT count(*) AS n FROM sources", "n\n0\n"}},
		},
		{
			name: "zip entries named ../ or / are read, never extracted",
			files: func(t *testing.T, dir string) {
				var b bytes.Buffer
				zw := zip.NewWriter(&b)
				for i, name := range []string{"../../escape.ndjson", "/etc/abs.ndjson", `..\win.ndjson`} {
					w, err := zw.Create(name)
					if err != nil {
						t.Fatal(err)
					}
					w.Write([]byte(oktaPushLine(i)))
				}
				zw.Close()
				writeInput(t, dir, "in/names.zip", b.String())
			},
			args: []string{"$DIR/in/names.zip"}, code: 0,
			store: [][2]string{{"SELECT regexp_replace(path, '^.*/in/', '') AS path, stored FROM sources ORDER BY id",
				"path,stored\nnames.zip!../../escape.ndjson,1\nnames.zip!/etc/abs.ndjson,1\nnames.zip!..\\win.ndjson,1\n"}},
		},
		{
			name: "symbolic link loops in a directory are skipped",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "in/okta.ndjson", oktaPushLine(1))
				for link, target := range map[string]string{"in/loop-a": "loop-b", "in/loop-b": "loop-a", "in/self": ".", "in/up": ".."} {
					if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
						t.Skipf("no symbolic links here: %v", err)
					}
				}
			},
			args: []string{"$DIR/in"}, code: 0,
			says:  []string{"$DIR/in/loop-a", "$DIR/in/loop-b", "$DIR/in/self", "$DIR/in/up", "skipped: symbolic link to a directory or nowhere: not followed"},
			store: [][2]string{{sourcesSQL, wantSources("okta.ndjson,okta-systemlog,1,1,0,0")}},
		},
		{
			name: "a named symbolic link loop is unreadable",
			files: func(t *testing.T, dir string) {
				os.Symlink("loop-b", filepath.Join(dir, "loop-a"))
				if err := os.Symlink("loop-a", filepath.Join(dir, "loop-b")); err != nil {
					t.Skipf("no symbolic links here: %v", err)
				}
			},
			args: []string{"$DIR/loop-a"}, code: 2,
			says: []string{"$DIR/loop-a: cannot read input: too many levels of symbolic links (check the path)"},
		},
		{
			name: "an empty file named is unreadable, in a directory skipped",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "in/empty.ndjson", "")
				writeInput(t, dir, "in/blank.log", "\n \r\n\t\n")
				writeInput(t, dir, "in/empty.json.gz", string(gzipText(t, "")))
				writeInput(t, dir, "in/okta.ndjson", oktaPushLine(1))
				writeInput(t, dir, "empty.ndjson", "")
			},
			args: []string{"$DIR/in", "$DIR/empty.ndjson"}, code: 2,
			says: []string{"$DIR/in/blank.log ", "$DIR/in/empty.json.gz ", "$DIR/in/empty.ndjson ", "skipped: no known format",
				"$DIR/empty.ndjson: format not recognised: empty file (name one with --format"},
			store: [][2]string{{sourcesSQL, wantSources("okta.ndjson,okta-systemlog,1,1,0,0")}},
		},
		{
			name: "valid JSON of no known format named is unreadable",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "other.json", `{"value":[{"name":"a","count":1},{"name":"b","count":2}]}`)
			},
			args: []string{"$DIR/other.json"}, code: 2,
			says: []string{"other.json: format not recognised: JSON records of no known platform (name one with --format; `scimdrift formats` lists them)"},
		},
		{
			name: "valid JSON of no known format read as Okta is rejected record by record",
			files: func(t *testing.T, dir string) {
				writeInput(t, dir, "other.json", `{"value":[{"name":"a","count":1},{"name":"b","count":2}]}`)
			},
			args: []string{"--format", "okta-systemlog", "$DIR/other.json"}, code: 0,
			store: [][2]string{{sourcesSQL, wantSources("other.json,okta-systemlog,2,0,2,0")}, {rejectsSQL, wantRejects("1,missing eventType,22", "1,missing eventType,22")}},
		},
	}
}

// nested is a JSON array nested depth levels deep.
func nested(depth int) string { return strings.Repeat("[", depth) + strings.Repeat("]", depth) }

// oktaPadded is an Okta provisioning event whose displayMessage makes it size bytes long or more.
func oktaPadded(n, size int) string {
	line := oktaPushLine(n)
	return strings.Replace(line, `"eventType"`, `"displayMessage":"`+strings.Repeat("x", size)+`","eventType"`, 1)
}

// spaceBomb returns a raw deflate stream of prefix and then mib MiB of spaces, which deflate
// compresses about 1027 times, with its size and CRC-32: a decompression bomb made in
// milliseconds, by repeating one compressed block of 4 MiB of spaces (a block that starts
// afresh refers only to bytes it made itself).
func spaceBomb(t *testing.T, prefix string, mib int) deflated {
	t.Helper()
	block := func(text []byte) []byte {
		var b bytes.Buffer
		w, err := flate.NewWriter(&b, flate.DefaultCompression)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(text)
		w.Flush() // ends byte-aligned with an empty, non-final stored block
		return b.Bytes()
	}
	spaces := bytes.Repeat([]byte(" "), 4<<20)
	var out bytes.Buffer
	out.Write(block([]byte(prefix)))
	crc, size := crc32.ChecksumIEEE([]byte(prefix)), int64(len(prefix))
	spaceBlock := block(spaces)
	for i := 0; i < mib/4; i++ {
		out.Write(spaceBlock)
		crc = crc32.Update(crc, crc32.IEEETable, spaces)
		size += int64(len(spaces))
	}
	out.Write([]byte{0x01, 0x00, 0x00, 0xff, 0xff}) // final empty stored block
	return deflated{out.Bytes(), size, crc}
}

// deflated is a raw deflate stream with the size and CRC-32 of what it holds.
type deflated struct {
	stream []byte
	size   int64
	crc    uint32
}

// gzipText compresses text as a gzip file.
func gzipText(t *testing.T, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := gzip.NewWriter(&b)
	zw.Write([]byte(text))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// gzipOf wraps a raw deflate stream as a gzip file.
func gzipOf(d deflated) []byte {
	out := append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, d.stream...)
	out = binary.LittleEndian.AppendUint32(out, d.crc)
	return binary.LittleEndian.AppendUint32(out, uint32(d.size))
}

// zipOf builds a zip archive of one entry holding a raw deflate stream.
func zipOf(t *testing.T, name string, d deflated) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: d.crc,
		CompressedSize64: uint64(len(d.stream)), UncompressedSize64: uint64(d.size)})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(d.stream)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
