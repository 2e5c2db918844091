package secret

import (
	"strings"
	"testing"
)

// TestRedactSynchronizationSecretsInEitherOrder: a Graph synchronization secret is redacted
// whether "key" or "value" comes first (a rejected record keeps its raw text, and JSON does not
// fix the order of members), and an AppKey pair alone is looked at.
func TestRedactSynchronizationSecretsInEitherOrder(t *testing.T) {
	cases := []struct{ in, secret string }{
		{`{"key":"SecretToken","value":"entraSecret3Vf7Bg1Nh5"}`, "entraSecret3Vf7Bg1Nh5"},
		{`{"value":"entraSecret3Vf7Bg1Nh5","key":"SecretToken"`, "entraSecret3Vf7Bg1Nh5"},
		{`{ "value" : "p@ss w0rd!" , "key" : "Password" }`, "p@ss w0rd!"},
		{`[{"key":"AppKey","value":"k3yK3yK3yK3y"}]`, "k3yK3yK3yK3y"},
		{`{"value":"k3yK3yK3yK3y","key":"appkey"}`, "k3yK3yK3yK3y"},
	}
	for _, c := range cases {
		got := Redact(c.in)
		if strings.Contains(got, c.secret) || !strings.Contains(got, Fingerprint(c.secret)) {
			t.Errorf("Redact(%q) = %q, want the secret replaced by %s", c.in, got, Fingerprint(c.secret))
		}
	}
	kept := `{"value":"https://scim.acme.example/scim/v2","key":"BaseAddress"}`
	if got := Redact(kept); got != kept {
		t.Errorf("Redact changed a pair that holds no secret: %q", got)
	}
}
