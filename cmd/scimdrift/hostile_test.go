package main

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/binary"
	"hash/crc32"
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

func sources(rows ...string) string {
	return rowsCSV("file,format,records,stored,rejected,out_of_scope", rows...)
}

func rejects(rows ...string) string { return rowsCSV("line,reason,raw_length", rows...) }

func hostileCases() []hostileCase {
	okta := oktaPushLine
	const mib = 1 << 20
	return []hostileCase{
		{
			name: "valid 2 MiB line is stored",
			files: func(t *testing.T, dir string) {
				writeFile(t, dir, "big.ndjson", okta(1)+oktaPadded(2, 2*mib)+okta(3))
			},
			args: []string{"$DIR"}, code: 0,
			store: [][2]string{{sourcesSQL, sources("big.ndjson,okta-systemlog,3,3,0,0")}},
		},
		{
			name: "invalid 2 MiB line is rejected with 64 KiB of it kept",
			files: func(t *testing.T, dir string) {
				writeFile(t, dir, "big.ndjson", okta(1)+`{"eventType":"application.provision.user.push","x":"`+strings.Repeat("a", 2*mib)+"\n"+okta(3))
			},
			args: []string{"$DIR"}, code: 0,
			store: [][2]string{{rejectsSQL, rejects(`2,"not valid JSON: missing closing '""'",65536`)}},
		},
		{
			name: "line over 8 MiB is rejected and reading goes on",
			files: func(t *testing.T, dir string) {
				writeFile(t, dir, "huge.ndjson", okta(1)+oktaPadded(2, 9*mib)+okta(3))
			},
			args: []string{"$DIR"}, code: 0,
			store: [][2]string{{sourcesSQL, sources("huge.ndjson,okta-systemlog,3,2,1,0")}, {rejectsSQL, rejects("2,line longer than 8388608 bytes,65536")}},
		},
		{
			name: "first record over 1 MiB",
			files: func(t *testing.T, dir string) {
				writeFile(t, dir, "first.ndjson", oktaPadded(1, 2*mib)+okta(2))
			},
			args: []string{"$DIR/first.ndjson"}, code: 2,
			says: []string{"first.ndjson: format not recognised: the first record is longer than the 1 MiB that detection reads (name one with --format"},
		},
		{
			name: "first record over 1 MiB, format named",
			files: func(t *testing.T, dir string) {
				writeFile(t, dir, "first.ndjson", oktaPadded(1, 2*mib)+okta(2))
			},
			args: []string{"--format", "okta-systemlog", "$DIR/first.ndjson"}, code: 0,
			store: [][2]string{{sourcesSQL, sources("first.ndjson,okta-systemlog,2,2,0,0")}},
		},
	}
}

// oktaPadded is an Okta provisioning event whose displayMessage makes it size bytes long or more.
func oktaPadded(n, size int) string {
	line := okta(n)
	return strings.Replace(line, `"eventType"`, `"displayMessage":"`+strings.Repeat("x", size)+`","eventType"`, 1)
}

func okta(n int) string { return oktaPushLine(n) }

// spaceBomb returns a raw deflate stream of prefix and then mib MiB of spaces, which deflate
// compresses about 1027 times, with its size and CRC-32: a decompression bomb made in
// milliseconds, by repeating one compressed block of 4 MiB of spaces (a block that starts
// afresh refers only to bytes it made itself).
func spaceBomb(t *testing.T, prefix string, mib int) (stream []byte, size int64, crc uint32) {
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
	crc, size = crc32.ChecksumIEEE([]byte(prefix)), int64(len(prefix))
	spaceBlock := block(spaces)
	for i := 0; i < mib/4; i++ {
		out.Write(spaceBlock)
		crc = crc32.Update(crc, crc32.IEEETable, spaces)
		size += int64(len(spaces))
	}
	out.Write([]byte{0x01, 0x00, 0x00, 0xff, 0xff}) // final empty stored block
	return out.Bytes(), size, crc
}

// gzipOf wraps a raw deflate stream as a gzip file.
func gzipOf(stream []byte, size int64, crc uint32) []byte {
	out := append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, stream...)
	out = binary.LittleEndian.AppendUint32(out, crc)
	return binary.LittleEndian.AppendUint32(out, uint32(size))
}

// zipOf builds a zip archive of one entry holding a raw deflate stream.
func zipOf(t *testing.T, name string, stream []byte, size int64, crc uint32) []byte {
	t.Helper()
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	w, err := zw.CreateRaw(&zip.FileHeader{Name: name, Method: zip.Deflate, CRC32: crc,
		CompressedSize64: uint64(len(stream)), UncompressedSize64: uint64(size)})
	if err != nil {
		t.Fatal(err)
	}
	w.Write(stream)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
