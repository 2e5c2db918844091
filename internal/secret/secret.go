// Package secret fingerprints bearer tokens and keeps raw secrets out of everything scimdrift
// stores or prints. A fingerprint is "sha256:" and the first 16 hex digits of SHA-256 of the
// raw token (DESIGN.md); a JWT's unverified iss/tid claims may be kept as tenant evidence.
package secret

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// Fingerprint returns the DESIGN.md fingerprint of a raw token. Surrounding white space and an
// auth scheme ("Bearer ", "Basic ") are not part of the token.
func Fingerprint(token string) string {
	token = stripScheme(strings.TrimSpace(token))
	sum := sha256.Sum256([]byte(token))
	return "sha256:" + hex.EncodeToString(sum[:8])
}

// IsFingerprint reports whether s is already a fingerprint.
func IsFingerprint(s string) bool { return fingerprintRE.MatchString(s) }

var fingerprintRE = regexp.MustCompile(`^sha256:[0-9a-f]{16}$`)

func stripScheme(s string) string {
	for _, scheme := range []string{"bearer ", "basic ", "token ", "ssws "} {
		if len(s) > len(scheme) && strings.EqualFold(s[:len(scheme)], scheme) {
			return strings.TrimSpace(s[len(scheme):])
		}
	}
	return s
}

// TenantClaim returns the tenant a JWT names without verifying it: the tid claim, else iss.
// It returns "" for anything that is not a JWT.
func TenantClaim(token string) string {
	token = stripScheme(strings.TrimSpace(token))
	if !jwtRE.MatchString(token) {
		return ""
	}
	claims := jwt.MapClaims{}
	if _, _, err := jwt.NewParser().ParseUnverified(token, claims); err != nil {
		return ""
	}
	if tid, ok := claims["tid"].(string); ok && tid != "" {
		return tid
	}
	if iss, ok := claims["iss"].(string); ok {
		return iss
	}
	return ""
}

var jwtRE = regexp.MustCompile(`^eyJ[A-Za-z0-9_-]+\.eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$`)

// Patterns of secrets that may appear in free text: an Authorization header, a bearer token,
// a JWT anywhere, and key=value or "key": "value" pairs whose key names a secret.
var (
	authHeaderRE = regexp.MustCompile(`(?i)(authorization["']?\s*[:=]\s*["']?)((?:bearer|basic|token|ssws)\s+)?(` + tokenChars + `)`)
	bearerRE     = regexp.MustCompile(`(?i)(\bbearer\s+)(` + tokenChars + `)`)
	anyJWTRE     = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{4,}\.eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*`)
	keyValueRE   = regexp.MustCompile(`(?i)\b(\w*?(?:token|secret|password|api_?key))(["']?\s*[:=]\s*["']?)([^"'\s&,;}]{6,})`)
	// Graph synchronization secrets: {"key":"SecretToken","value":"…"}, members in either order.
	secretPairRE         = regexp.MustCompile(`(?i)("key"\s*:\s*"` + secretKeys + `"\s*,\s*"value"\s*:\s*")([^"]+)`)
	secretPairReversedRE = regexp.MustCompile(`(?i)("value"\s*:\s*")([^"]+)("\s*,\s*"key"\s*:\s*"` + secretKeys + `")`)
	markers              = []string{"bearer", "authorization", "eyj", "token", "secret", "password", "api_key", "apikey", "api-key", "appkey"}
)

// secretKeys are the keys of Graph synchronization secrets that hold credentials.
const secretKeys = `(?:SecretToken|Password|ClientSecret|Oauth2ClientSecret|AppKey)`

// tokenChars matches a token, or a fingerprint already put in its place (so that a second
// pattern does not fingerprint the fingerprint).
const tokenChars = `sha256:[0-9a-f]{16}|[A-Za-z0-9._~+/=-]{6,}`

// TokenIn returns the first raw token in a text — a JWT, the credential of an Authorization
// header or after "Bearer", or the value of a secret-named key — or "" when there is none.
// Callers keep only its Fingerprint and TenantClaim.
func TokenIn(text string) string {
	if !mayHoldSecret(text) {
		return ""
	}
	if jwt := anyJWTRE.FindString(text); jwt != "" {
		return jwt
	}
	for _, re := range []*regexp.Regexp{authHeaderRE, bearerRE, keyValueRE} {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			token := m[len(m)-1]
			if !strings.HasPrefix(token, "sha256:") && (re != bearerRE || plausibleToken(token)) {
				return token
			}
		}
	}
	return ""
}

// plausibleToken tells a credential after the word "bearer" from prose ("Bearer authentication
// failed"): a token has a digit, or is long and mixes upper and lower case.
func plausibleToken(s string) bool {
	if strings.ContainsAny(s, "0123456789") {
		return true
	}
	return len(s) >= 20 && strings.ToLower(s) != s && strings.ToUpper(s) != s
}

// Redact replaces every secret it recognises in text by its fingerprint. Text with none of the
// marker words is returned unchanged without running the patterns.
func Redact(text string) string {
	if !mayHoldSecret(text) {
		return text
	}
	text = anyJWTRE.ReplaceAllStringFunc(text, func(m string) string { return fingerprintOf(m) })
	text = authHeaderRE.ReplaceAllStringFunc(text, func(m string) string {
		parts := authHeaderRE.FindStringSubmatch(m)
		return parts[1] + parts[2] + fingerprintOf(parts[3])
	})
	text = bearerRE.ReplaceAllStringFunc(text, func(m string) string {
		parts := bearerRE.FindStringSubmatch(m)
		if !plausibleToken(parts[2]) {
			return m
		}
		return parts[1] + fingerprintOf(parts[2])
	})
	text = secretPairRE.ReplaceAllStringFunc(text, func(m string) string {
		parts := secretPairRE.FindStringSubmatch(m)
		return parts[1] + fingerprintOf(parts[2])
	})
	text = secretPairReversedRE.ReplaceAllStringFunc(text, func(m string) string {
		parts := secretPairReversedRE.FindStringSubmatch(m)
		return parts[1] + fingerprintOf(parts[2]) + parts[3]
	})
	return keyValueRE.ReplaceAllStringFunc(text, func(m string) string {
		parts := keyValueRE.FindStringSubmatch(m)
		return parts[1] + parts[2] + fingerprintOf(parts[3])
	})
}

// fingerprintOf fingerprints a token, leaving one that already is a fingerprint alone.
func fingerprintOf(token string) string {
	if strings.HasPrefix(token, "sha256:") {
		return token
	}
	return Fingerprint(token)
}

func mayHoldSecret(text string) bool {
	// Every pattern needs white space or a separator ("Bearer x", "key=value", "key": "value")
	// or a JWT: text with none is ruled out without lower-casing it.
	if !hasSeparator(text) && !strings.Contains(text, "eyJ") {
		return false
	}
	return hasMarker(text)
}

// separators are the bytes of which hasSeparator looks for one.
var separators = [256]bool{' ': true, '\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ':': true, '=': true}

func hasSeparator(text string) bool {
	for i := 0; i < len(text); i++ {
		if separators[text[i]] {
			return true
		}
	}
	return false
}

// hasMarker reports whether the lower-cased text holds one of the markers. Short ASCII text
// (column values, most error texts) is lower-cased on the stack; other text as strings.ToLower
// does it, which maps some letters beyond ASCII onto ASCII ones (the Kelvin sign onto "k").
func hasMarker(text string) bool {
	var buf [512]byte
	if len(text) > len(buf) || !isASCII(text) {
		lower := strings.ToLower(text)
		for _, m := range markers {
			if strings.Contains(lower, m) {
				return true
			}
		}
		return false
	}
	lower := buf[:len(text)]
	for i := 0; i < len(text); i++ {
		c := text[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		lower[i] = c
	}
	for _, m := range markerBytes {
		if bytes.Contains(lower, m) {
			return true
		}
	}
	return false
}

var markerBytes = func() [][]byte {
	out := make([][]byte, len(markers))
	for i, m := range markers {
		out[i] = []byte(m)
	}
	return out
}()

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// tokenPrefixes are the published prefixes of common API tokens.
var tokenPrefixes = []string{"Bearer ", "bearer ", "Basic ", "SSWS ", "ghp_", "gho_", "github_pat_", "xoxb-", "xoxp-", "xoxa-", "sk-", "sk_live_", "pk_live_", "glpat-", "eyJ"}

// LooksLikeToken reports whether a value looks like a raw credential rather than a name, id,
// URL or fingerprint: a JWT, a value with an auth scheme or a published token prefix, or a long
// run of mixed-case letters and digits.
func LooksLikeToken(v string) bool {
	v = strings.TrimSpace(v)
	if v == "" || IsFingerprint(v) || strings.Contains(v, "://") {
		return false
	}
	for _, p := range tokenPrefixes {
		if strings.HasPrefix(v, p) && len(v) > len(p)+4 {
			return true
		}
	}
	return len(v) >= 32 && randomLooking(v)
}

// randomLooking reports a string of token characters only, mixing upper case, lower case and
// digits, as random tokens do and hex ids, GUIDs and words do not.
func randomLooking(v string) bool {
	var upper, lower, digit bool
	for _, r := range v {
		switch {
		case r >= 'A' && r <= 'Z':
			upper = true
		case r >= 'a' && r <= 'z':
			lower = true
		case r >= '0' && r <= '9':
			digit = true
		case strings.ContainsRune("-_+/=~", r):
		default:
			return false
		}
	}
	return upper && lower && digit
}
