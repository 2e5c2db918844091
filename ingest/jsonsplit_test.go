package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

type cut struct {
	Line    int64
	Offset  int64
	Raw     string
	Problem string
}

func splitAll(t *testing.T, text string) []cut {
	t.Helper()
	s := newJSONSplitter(bufio.NewReader(strings.NewReader(text)))
	var out []cut
	for {
		rec, err := s.next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, cut{rec.line, rec.offset, string(rec.raw), rec.problem})
		if len(out) > 100 {
			t.Fatal("splitter does not end")
		}
	}
}

func TestJSONSplitterShapes(t *testing.T) {
	cases := []struct {
		name, text string
		want       []cut
	}{
		{"array", "[\n {\"a\": 1},\n {\"b\": [1, {\"c\": \"]}\"}]}\n]", []cut{
			{2, 3, `{"a": 1}`, ""}, {3, 14, `{"b": [1, {"c": "]}"}]}`, ""}}},
		{"concatenated objects", "{\"a\":\"x\\\"y\"}\n\n{\n \"b\": 2\n}\n", []cut{
			{1, 0, `{"a":"x\"y"}`, ""}, {3, 14, "{\n \"b\": 2\n}", ""}}},
		{"graph page", `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning","value":[{"id":"1"},{"id":"2"}],"@odata.nextLink":"x"}`, []cut{
			{1, 95, `{"id":"1"}`, ""}, {1, 106, `{"id":"2"}`, ""}}},
		{"azure monitor records", "{\"records\": [\n{\"time\": \"t1\"},\n{\"time\": \"t2\"}\n]}", []cut{
			{2, 14, `{"time": "t1"}`, ""}, {3, 30, `{"time": "t2"}`, ""}}},
		{"okta event hook", `{"eventType":"com.okta.event_hook","data":{"events":[{"uuid":"u1"},{"uuid":"u2"}]}}`, []cut{
			{1, 53, `{"uuid":"u1"}`, ""}, {1, 67, `{"uuid":"u2"}`, ""}}},
		{"value key inside a record is no envelope", `{"id":"1","modifiedProperties":[{"value":[1]}]}`, []cut{
			{1, 0, `{"id":"1","modifiedProperties":[{"value":[1]}]}`, ""}}},
		{"scalars in an array", `[1, "two", true]`, []cut{{1, 1, "1", ""}, {1, 4, `"two"`, ""}, {1, 11, "true", ""}}},
		{"truncated record", "[{\"a\":1},\n{\"b\":", []cut{
			{1, 1, `{"a":1}`, ""}, {2, 10, `{"b":`, "truncated: the JSON value starting at line 2 is not closed at end of input"}}},
		{"truncated array", "[{\"a\":1}", []cut{
			{1, 1, `{"a":1}`, ""}, {1, 8, "", "truncated: end of input inside an unclosed JSON array or envelope"}}},
		{"empty array", "[]", nil},
		{"empty input", "  \n", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, splitAll(t, c.text)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestJSONSplitterBoundsRecordSize(t *testing.T) {
	big := `[{"a":"` + strings.Repeat("x", MaxRecordBytes) + `"},{"b":1}]`
	got := splitAll(t, big)
	if len(got) != 2 {
		t.Fatalf("got %d records, want 2", len(got))
	}
	if !strings.HasPrefix(got[0].Problem, "record longer than") || len(got[0].Raw) != MaxRecordBytes {
		t.Errorf("oversized record: problem %q, %d bytes kept", got[0].Problem, len(got[0].Raw))
	}
	if got[1].Raw != `{"b":1}` || got[1].Problem != "" {
		t.Errorf("the record after an oversized one was not cut cleanly: %+v", got[1])
	}
}

func TestLineReaderKeepsLineNumbersAndBoundsLines(t *testing.T) {
	text := "first\r\n\n  \nsecond\n" + strings.Repeat("y", MaxRecordBytes+10) + "\nthird"
	r := newLineReader(bufio.NewReaderSize(strings.NewReader(text), 4096))
	var got []cut
	for {
		rec, err := r.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		raw := string(rec.raw)
		if len(raw) > 20 {
			raw = raw[:5] + "…"
		}
		got = append(got, cut{rec.line, rec.offset, raw, rec.problem})
	}
	want := []cut{{1, 0, "first", ""}, {4, 11, "second", ""},
		{5, 18, "yyyyy…", "line longer than 8388608 bytes"}, {6, 18 + MaxRecordBytes + 11, "third", ""}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// compareWithReference cuts data with the splitter and with the byte-at-a-time reference, both
// reading through a buffer of size bytes, and fails on the first difference.
func compareWithReference(t *testing.T, data []byte, size int) {
	t.Helper()
	sp := newJSONSplitter(bufio.NewReaderSize(bytes.NewReader(data), size))
	ref := newByteSplitter(bufio.NewReaderSize(bytes.NewReader(data), size))
	for i := 0; ; i++ {
		got, gotErr := sp.next()
		want, wantErr := ref.next()
		if diff := cmp.Diff(cut{want.line, want.offset, string(want.raw), want.problem}, cut{got.line, got.offset, string(got.raw), got.problem}); diff != "" || !errors.Is(gotErr, wantErr) {
			t.Fatalf("record %d of %.300q (buffer %d): error %v, the reference's %v; (-reference +splitter):\n%s", i, data, size, gotErr, wantErr, diff)
		}
		if wantErr != nil || i > len(data) {
			return
		}
	}
}

// TestJSONSplitterMatchesReference cuts the fixtures and random JSON-like texts with the
// splitter and the byte-at-a-time reference, through buffers of several sizes.
func TestJSONSplitterMatchesReference(t *testing.T) {
	var inputs [][]byte
	paths, _ := filepath.Glob("testdata/*/*")
	for _, path := range paths {
		if data, err := os.ReadFile(path); err == nil && !strings.HasSuffix(path, ".golden") {
			inputs = append(inputs, data)
		}
	}
	pieces := []string{"{", "}", "[", "]", `"`, `\"`, `\\`, ":", ",", " ", "\n", "\r\n", "1", "-2.5e3", "true", "null", "x",
		`"value"`, `"records"`, `"data"`, `"events"`, `"a b"`, "\xff", "é"}
	rng := rand.New(rand.NewPCG(5, 9))
	for range 3000 {
		var b strings.Builder
		for range 1 + rng.IntN(40) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		inputs = append(inputs, []byte(b.String()))
	}
	for _, data := range inputs {
		for _, size := range []int{16, 17, 64, 4096} {
			compareWithReference(t, data, size)
		}
	}
}
