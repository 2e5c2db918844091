package secret

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// mayHoldSecretByLowering is the pre-check as first written: lower-case the whole text, then look
// for each marker. MayHoldSecret must agree with it on every text.
func mayHoldSecretByLowering(text string) bool {
	if !strings.ContainsAny(text, " \t\n\v\f\r:=") && !strings.Contains(text, "eyJ") {
		return false
	}
	lower := strings.ReplaceAll(strings.ToLower(text), "\u017F", "s") // as (?i) folds it
	for _, m := range markers {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

// TestPrecheckMatchesLowering compares the pre-check with lower-casing on random texts made of
// markers in several cases, separators, and letters beyond ASCII that lower-case onto ASCII
// (the Kelvin sign K is "k" in lower case) or not at all, short and longer than the buffer.
func TestPrecheckMatchesLowering(t *testing.T) {
	words := []string{"Bearer", "BEARER", "bea", "rer", "Authorization", "eyJ", "EYJ", "ToKen", "to\u212Aen", "tok",
		"SECRET", "Password", "api_key", "API-KEY", "apikey", "AppKey", "x", " ", "\t", "\v", ":", "=", "é", "\u212A",
		"\u0130", "\u017F", "pa\u017Fsword", "\xff", strings.Repeat("a", 300)}
	rng := rand.New(rand.NewPCG(3, 5))
	for range 20000 {
		var b strings.Builder
		for range 1 + rng.IntN(6) {
			b.WriteString(words[rng.IntN(len(words))])
		}
		text := b.String()
		if got, want := MayHoldSecret(text), mayHoldSecretByLowering(text); got != want {
			t.Fatalf("MayHoldSecret(%q) = %v, lower-casing says %v", text, got, want)
		}
	}
}

func BenchmarkRedact(b *testing.B) {
	for name, text := range map[string]string{
		"id":         "0oa00000000000000003",
		"words":      "Azure AD Provisioning Service",
		"error text": "Automatic provisioning of user user00123@acme.example to app Slack failed: Error while creating user: Conflict.",
		"token":      "Authorization: Bearer abcdef1234567890",
	} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Redact(text)
			}
		})
	}
}
