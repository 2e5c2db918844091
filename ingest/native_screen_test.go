package ingest

import (
	"strings"
	"testing"

	"github.com/scimdrift/scimdrift/internal/secret"
)

func TestUnsureText(t *testing.T) {
	for _, tc := range []struct {
		text   string
		unsure bool
	}{
		{"", false},
		{"00000000-0000-4000-8000-0000000000e1", false}, // hex, not an exponent
		{"000e1234-0000-4000-8000-000000000000", false},
		{"user00042@acme.example", false},
		{"SCIM 2.0 Test App (Header Auth)", false},
		{"application.provision.user.push", false},
		{"12345", false},
		{"1234567890123456", true}, // more digits than a float64 holds
		{"1.50", true},
		{"1e5", true},
		{"-2E-3", true},
		{"-0", true},
		{"1.", false},
		{" padded", true},
		{"padded ", true},
		{"padded\u00a0", true},
		{"\u3000x", true},
		{`{"nested":true}`, true},
		{`[1,2]`, true},
		{"Okta Token Sync", false}, // a marker word and white space, but nothing Redact replaces
		{"SCIM 2.0 Test App (OAuth Bearer Token)", false},
		{"Authentication failed: bearer credential expired", false},
		{"x token=abcdefg", true},
		{"Authorization: Bearer abc123def456", true},
		{"eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJ4In0.sig", true},
		{"bearer", false},                // a marker word alone, with nothing a secret pattern needs
		{"X-API-Key", false},             // no separator either
		{"Au\u212Ahorization: x", false}, // not a marker word however folded
		{"To\u212Aen: abcdefgh", true},   // folds to token
	} {
		if got := unsureText(tc.text); got != tc.unsure {
			t.Errorf("unsureText(%q) = %v, want %v", tc.text, got, tc.unsure)
		}
	}
}

func TestUnsureFuncLooksAtEveryText(t *testing.T) {
	for _, tc := range []struct {
		texts []string
		want  bool
	}{
		{nil, false},
		{[]string{"a", "b", "c"}, false},
		{[]string{"a", "", "c"}, false},
		{[]string{"a", " b", "c"}, true},
		{[]string{"a", "b", "my secret=hunter22"}, true},
	} {
		if _, got := unsureFunc(tc.texts); got != tc.want {
			t.Errorf("unsureFunc(%q) = %v, want %v", tc.texts, got, tc.want)
		}
	}
}

// FuzzUnsureText checks the screen's promise: a text it vouches for is one the Go path stores
// as DuckDB read it — nothing to trim, nothing to redact.
func FuzzUnsureText(f *testing.F) {
	for _, s := range []string{"Bearer abcdef123", "x token=abcdefg", " x", "eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJ4In0.sig", "plain"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if unsureText(text) {
			return
		}
		if strings.TrimSpace(text) != text {
			t.Errorf("%q vouched for, but the Go decoder trims it", text)
		}
		if secret.Redact(text) != text || secret.TokenIn(text) != "" {
			t.Errorf("%q vouched for, but it holds a secret", text)
		}
	})
}

// BenchmarkScreenRecord times the screen on the texts the Okta native query reads of one
// provisioning event (Okta's field order; empty where the event has none): the Go side of the
// fast path's per-record cost, without DuckDB's call into Go.
func BenchmarkScreenRecord(b *testing.B) {
	texts := []string{"7f009e8a-9356-4498-a75e-3506a5eaa21a", "application.provision.user.push_password",
		"app.user_management.push_okta_password_update", "INFO", "SUCCESS", "", "system@okta.com", "Okta System",
		"pujg1svJLHxTJ9Zq4fZK", "zoomus", "", "", "", "", "", "", "0oa4WL0hGpwNaJH23c56", "Zoom", "Zoom",
		"00u22FyVnxQDHzVaWYZX", "maya.murphy2@acme.example", "0uavHD5kW5u9aXootP5O", "maya.murphy2@acme.example",
		"", "", "", "", "", ""}
	for b.Loop() {
		if _, unsure := unsureFunc(texts); unsure {
			b.Fatal("the screen sends a plain record to Go")
		}
	}
}
