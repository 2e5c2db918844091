package store

import (
	"context"
	"database/sql"
	"strings"
	"sync"
	"testing"

	"github.com/scimdrift/scimdrift/ingest"
)

// The native queries take HTTP status, scimType and URL from error texts with the macros of
// queries/native_values.sql, built from evidence.go's own patterns; they must find what
// HTTPStatusIn, SCIMTypeIn and URLIn find in every text.

var evidenceTexts = []string{
	"",
	"HTTP status code 409",
	"StatusCode: Unauthorized",
	"StatusCode: NotARealCode then: Forbidden.",
	"HTTP/1.1 404 Not Found",
	"HTTP/404",
	"status: 401 and later status 500",
	"Error while verifying if user x exists: Unauthorized. Errors reported by remote server: invalid token",
	"Error while creating user bob: Conflict. Errors reported by remote server: User already exists",
	`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"scimType":"uniqueness","status":"409"}`,
	`scimType = invalidValue; detail: bad`,
	`"scimType":"notAScimType"`,
	"Failed calling https://scim.acme.example/scim/v2/Users?filter=userName%20eq%20%22a%22: 502.",
	"see http://legacy.acme.example/scim/v2/Users/42, then (https://x.example/a).",
	"url: https://a.example/b:",
	"Status Code Gateway Timeout",
	"status code:TooManyRequests",
	"httpstatus=503 retry",
	"Http Status 418 teapot",
	"STATUS CODE 200",
	"ſtatus 401",     // U+017F folds to s in (?i)
	"K: Bad Gateway", // U+212A
	"no evidence here at all",
	"statuscode 99 then status 600 then status 599",
	"response: Internal Server Error\nnext line",
}

func TestNativeEvidenceMacrosAgreeWithGo(t *testing.T) {
	for _, text := range evidenceTexts {
		compareEvidence(t, text)
	}
}

func FuzzNativeEvidence(f *testing.F) {
	for _, text := range evidenceTexts {
		f.Add(text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		text = strings.ToValidUTF8(strings.ReplaceAll(text, "\x00", ""), "\uFFFD")
		compareEvidence(t, text)
	})
}

// compareEvidence runs the three macros on a text and compares them with the Go functions.
func compareEvidence(t *testing.T, text string) {
	t.Helper()
	conn := evidenceConn(t)
	var status sql.NullInt64
	var scimType, url sql.NullString
	err := conn.QueryRowContext(context.Background(), "SELECT http_status_in($1), scim_type_in($1), url_in($1)", text).Scan(&status, &scimType, &url)
	if err != nil {
		t.Fatalf("%q: %v", text, err)
	}
	if got, want := int(status.Int64), ingest.HTTPStatusIn(text); got != want {
		t.Errorf("%q: http_status_in %d, HTTPStatusIn %d", text, got, want)
	}
	if got, want := scimType.String, ingest.SCIMTypeIn(text); got != want {
		t.Errorf("%q: scim_type_in %q, SCIMTypeIn %q", text, got, want)
	}
	if got, want := url.String, ingest.URLIn(text); got != want {
		t.Errorf("%q: url_in %q, URLIn %q", text, got, want)
	}
}

var evidence struct {
	once sync.Once
	conn *sql.Conn
	err  error
}

// evidenceConn is one connection with the native lookups prepared, for every comparison.
func evidenceConn(t *testing.T) *sql.Conn {
	evidence.once.Do(func() {
		s, err := Open(":memory:")
		if err != nil {
			evidence.err = err
			return
		}
		ctx := context.Background()
		if evidence.conn, err = s.DB.Conn(ctx); err != nil {
			evidence.err = err
			return
		}
		f := &nativeFile{db: s.DB, conn: evidence.conn}
		evidence.err = f.prepare(ctx, ingest.NativeValues())
	})
	if evidence.err != nil {
		t.Fatal(evidence.err)
	}
	return evidence.conn
}
