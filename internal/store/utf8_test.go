package store

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/scimdrift/scimdrift/ingest"
)

// TestInvalidUTF8IsStoredAsReplacementCharacters plants bytes that are not UTF-8 in stored
// fields, an out-of-scope event type and a file name: each is kept with U+FFFD in their place,
// where DuckDB would store NULL or refuse the whole file.
func TestInvalidUTF8IsStoredAsReplacementCharacters(t *testing.T) {
	dir := t.TempDir()
	okta := "{\"eventType\":\"application.provision.user.push\",\"uuid\":\"u1\",\"published\":\"2026-11-02T10:00:00Z\"," +
		"\"outcome\":{\"result\":\"FAILURE\",\"reason\":\"bad \xff\xfe bytes\"},\"target\":[{\"id\":\"0oa1\",\"type\":\"AppInstance\",\"alternateId\":\"Sl\xc3ck\"}]}\n" +
		"{\"eventType\":\"user.\xff.start\",\"uuid\":\"u2\",\"published\":\"2026-11-02T10:00:01Z\"}\n" +
		"{\"eventType\":\"user.\xfe.start\",\"uuid\":\"u3\",\"published\":\"2026-11-02T10:00:02Z\"}\n"
	access := "203.0.113.1 - - [02/Nov/2026:10:00:00 +0000] \"GET /scim/v2/Users/1 HTTP/1.1\" 200 10 \"-\" \"Okta \xff SCIM Client 1.0.0\"\n"
	files := map[string]string{"okta\xff.ndjson": okta, "access.log": access}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s, err := Open(filepath.Join(t.TempDir(), "store.duckdb"))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	inputs, skipped, err := ingest.Expand([]string{dir}, nil)
	if err != nil || len(inputs) != 2 || len(skipped) != 0 {
		t.Fatalf("expanding: %v, %d inputs, skipped %v", err, len(inputs), skipped)
	}
	for _, in := range inputs {
		if _, err := ingest.File(in, s, ingest.Options{}); err != nil {
			t.Fatalf("%s: %v", in.Path, err)
		}
	}
	checks := []struct {
		sql  string
		want [][]any
	}{
		{"SELECT app_name, error_text FROM events", [][]any{{"Sl\uFFFDck", "bad \uFFFD bytes"}}},
		{"SELECT kind, records FROM out_of_scope ORDER BY kind", [][]any{{"user.\uFFFD.start", int64(2)}}},
		{"SELECT user_agent FROM access", [][]any{{"Okta \uFFFD SCIM Client 1.0.0"}}},
		{"SELECT regexp_replace(path, '.*/', ''), records, stored, out_of_scope FROM sources ORDER BY 1",
			[][]any{{"access.log", int64(1), int64(1), int64(0)}, {"okta\uFFFD.ndjson", int64(3), int64(1), int64(2)}}},
	}
	for _, c := range checks {
		if diff := cmp.Diff(c.want, queryRows(t, s, c.sql)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.sql, diff)
		}
	}
}
