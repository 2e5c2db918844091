package secret

import (
	"math/rand/v2"
	"strings"
	"testing"
)

var allGated = map[string]gated{"jwt": jwtGated, "auth": authGated, "bearer": bearerGated,
	"keyValue": keyValueGated, "pair": pairGated, "pairReverse": pairReverseGated}

// checkGates fails when a pattern matches text that its gate would keep it from.
func checkGates(t *testing.T, text string) {
	t.Helper()
	for name, g := range allGated {
		if g.re.MatchString(text) && !g.mayMatch(text) {
			t.Fatalf("%s matches %q, but its gate is shut", name, text)
		}
	}
}

// TestGatesLetEveryMatchThrough builds texts from the pieces the patterns are made of, in
// every case, and checks that each gate is open on every text its pattern matches.
func TestGatesLetEveryMatchThrough(t *testing.T) {
	pieces := []string{"Authorization", "AUTHORIZATION", "authorizatio", "bearer", "Bearer", "BEARER", "bea", "token",
		"Token", "TOKEN", "secret", "SeCrEt", "password", "Password", "api_key", "API_KEY", "apikey", "ApiKey", "appkey",
		`"key"`, `"KEY"`, `"value"`, "SecretToken", "ClientSecret", "eyJhbGciOi", ".", "eyJ0aWQi", "abcdef1234567",
		"sha256:0123456789abcdef", `"`, "'", " ", "\t", "\v", "\n", ":", "=", ",", "}", "&", "x", "Basic", "ssws",
		"\u212A", "\u017F", "é", `"key":"SecretToken","value":"`, `"KEY" : "password" , "Value": "`, `"value":"s3cr3t","key":"`,
		`"value" :"x", "Key":"AppKey"`, "eyJhbGciOiJIUzI1NiJ9.eyJ0aWQiOiJ4In0.c2ln", "eyJabcd.eyJabcd"}
	rng := rand.New(rand.NewPCG(1, 2))
	matched := map[string]int{}
	for range 100000 {
		var b strings.Builder
		for range 1 + rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		checkGates(t, text)
		for name, g := range allGated {
			if g.re.MatchString(text) {
				matched[name]++
			}
		}
	}
	for name := range allGated {
		if matched[name] < 100 {
			t.Errorf("only %d texts matched %s: the test says little about its gate", matched[name], name)
		}
	}
}

// FuzzGates checks the gates on arbitrary text.
func FuzzGates(f *testing.F) {
	for _, s := range []string{"Authorization: Bearer abc123def", "password = hunter22", `{"key":"SecretToken","value":"s3cr3t"}`,
		`"value": "x", "KEY": "AppKey"`, "eyJabcd.eyJabcd.sig", "1Password Business", "api_KEY'\t:zzzzzz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) { checkGates(t, text) })
}
