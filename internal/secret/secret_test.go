package secret

import (
	"strings"
	"testing"
)

// A JWT with header {"alg":"none"} and claims {"iss":"https://sts.windows.net/11111111-2222-3333-4444-555555555555/","tid":"11111111-2222-3333-4444-555555555555"}.
const testJWT = "eyJhbGciOiJub25lIn0.eyJpc3MiOiJodHRwczovL3N0cy53aW5kb3dzLm5ldC8xMTExMTExMS0yMjIyLTMzMzMtNDQ0NC01NTU1NTU1NTU1NTUvIiwidGlkIjoiMTExMTExMTEtMjIyMi0zMzMzLTQ0NDQtNTU1NTU1NTU1NTU1In0."

func TestFingerprintIsSHA256Prefix(t *testing.T) {
	// sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
	if got := Fingerprint("abc"); got != "sha256:ba7816bf8f01cfea" {
		t.Errorf("Fingerprint(abc) = %q", got)
	}
	if Fingerprint("Bearer abc\n") != Fingerprint("abc") {
		t.Error("the scheme and white space must not change the fingerprint")
	}
	if !IsFingerprint(Fingerprint("x")) {
		t.Error("a fingerprint must be recognised as one")
	}
}

func TestTenantClaimPrefersTid(t *testing.T) {
	if got := TenantClaim("Bearer " + testJWT); got != "11111111-2222-3333-4444-555555555555" {
		t.Errorf("TenantClaim = %q", got)
	}
	if got := TenantClaim("not-a-jwt"); got != "" {
		t.Errorf("TenantClaim(not a JWT) = %q", got)
	}
}

func TestRedactRemovesEverySecretShape(t *testing.T) {
	cases := []struct{ in, secret string }{
		{"Authorization: Bearer s3cr3tT0kenValue", "s3cr3tT0kenValue"},
		{`{"Authorization":"Basic dXNlcjpwYXNzd29yZA=="}`, "dXNlcjpwYXNzd29yZA=="},
		{"call failed with bearer abcdef123456 at host", "abcdef123456"},
		{"token " + testJWT + " was refused", testJWT[:40]},
		{`{"key":"SecretToken","SecretToken":"hunter2hunter2"}`, "hunter2hunter2"},
		{"GET /scim/v2/Users?access_token=qwertyuiop123", "qwertyuiop123"},
		{"api_key=AKIAEXAMPLE123", "AKIAEXAMPLE123"},
		{`{"bearer_token":"aB3dE5gH7jK9"}`, "aB3dE5gH7jK9"},
		{`{"client_secret": "zzzzzzzzzz"}`, "zzzzzzzzzz"},
		{`{"key":"SecretToken","value":"hunter2-the-token"}`, "hunter2-the-token"},
	}
	for _, c := range cases {
		got := Redact(c.in)
		if strings.Contains(got, c.secret) {
			t.Errorf("Redact(%q) = %q still holds the secret", c.in, got)
		}
		if !strings.Contains(got, "sha256:") {
			t.Errorf("Redact(%q) = %q has no fingerprint in its place", c.in, got)
		}
	}
	plain := "StatusCode: Unauthorized Message: token_fingerprint sha256:0123456789abcdef"
	if got := Redact(plain); got != plain {
		t.Errorf("Redact changed text without a secret: %q", got)
	}
}

func TestLooksLikeToken(t *testing.T) {
	tokens := []string{testJWT, "Bearer abcdefgh", "xoxb-1234-5678-abcdefgh", "aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH3"}
	for _, v := range tokens {
		if !LooksLikeToken(v) {
			t.Errorf("LooksLikeToken(%q) = false", v)
		}
	}
	names := []string{"", "0oa1b2c3d4e5f6g7h8i9", "sha256:0c5b1f2a3d4e5f60", "https://scim.acme.example/scim/v2",
		"DropboxSCIMOutDelta.5611623b9128461e9d7fa0d9c270ead2.d6163622-bdf8-4b26-976f-7d573c638e2a",
		"5611623b-9128-461e-9d7f-a0d9c270ead2", "collab-team", "Slack SCIM"}
	for _, v := range names {
		if LooksLikeToken(v) {
			t.Errorf("LooksLikeToken(%q) = true", v)
		}
	}
}

func TestRedactFingerprintsEachTokenOnce(t *testing.T) {
	for _, text := range []string{"Authorization: Bearer " + testJWT, "Bearer " + testJWT, "Authorization: Bearer s3cr3tT0kenValue"} {
		token := TokenIn(text)
		if token == "" {
			t.Fatalf("TokenIn(%q) found nothing", text)
		}
		got := Redact(text)
		want := text[:strings.Index(text, token)] + Fingerprint(token)
		if got != want {
			t.Errorf("Redact(%q) = %q, want %q", text, got, want)
		}
	}
	for _, prose := range []string{"Bearer authentication failed", "the bearer scheme is required"} {
		if got := Redact(prose); got != prose {
			t.Errorf("Redact(%q) = %q: prose taken for a token", prose, got)
		}
		if got := TokenIn(prose); got != "" {
			t.Errorf("TokenIn(%q) = %q", prose, got)
		}
	}
	if got := TokenIn("no secret here, sha256:0123456789abcdef"); got != "" {
		t.Errorf("TokenIn found %q in text without a token", got)
	}
}

func TestTokenIn(t *testing.T) {
	const jwt = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL29sZC5va3RhLmNvbSJ9.c2ln"
	tests := []struct{ text, want string }{
		{"Unauthorized: Bearer 4hT9xQ2mZ7pL1vR8sK3nW6yB0cF5dJ was rejected", "4hT9xQ2mZ7pL1vR8sK3nW6yB0cF5dJ"},
		{"Authorization: Bearer " + jwt, jwt},
		{"token " + jwt + " expired", jwt},
		{"BEARER abcdefgh1", "abcdefgh1"},
		{"Error while verifying if user x exists: Unauthorized. Invalid SCIM token", ""},
		{"bearer abc", ""}, // too short to be a token
	}
	for _, tc := range tests {
		if got := TokenIn(tc.text); got != tc.want {
			t.Errorf("TokenIn(%q) = %q, want %q", tc.text, got, tc.want)
		}
	}
	if got := TenantClaim(TokenIn("Bearer " + jwt)); got != "https://old.okta.com" {
		t.Errorf("tenant claim of the found JWT = %q, want its iss", got)
	}
}

// FuzzHasMarker checks the ASCII scan of hasMarker against lower-casing the whole text.
func FuzzHasMarker(f *testing.F) {
	for _, s := range []string{"", "Bearer x", "TOKEN", "tOkEn", "api-key", "App_Key", "APPKEY", "eyJ", "to\u212Aen", "Ωtoken", "secre", "passwor"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		if got, want := hasMarker(text), hasMarkerUnicode(text); got != want {
			t.Errorf("hasMarker(%q) = %v, lower-casing says %v", text, got, want)
		}
	})
}

func TestHoldsSecret(t *testing.T) {
	for text, want := range map[string]bool{
		"":                                          false,
		"SCIM 2.0 Test App (OAuth Bearer Token)":    false,
		"1Password Business":                        false,
		"Bearer authentication failed":              false,
		"Authorization: Bearer abc123def456":        true,
		"password=hunter2":                          true,
		"eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJ4In0.c2ln": true,
		`{"key":"SecretToken","value":"s3cr3t"}`:    true,
		"pa\u017Fsword=hunter22":                    true, // (?i) folds the long s onto s
	} {
		if got := HoldsSecret(text); got != want {
			t.Errorf("HoldsSecret(%q) = %v, want %v", text, got, want)
		}
	}
}
