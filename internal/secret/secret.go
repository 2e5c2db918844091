// Package secret fingerprints bearer tokens and keeps raw secrets out of everything scimdrift
// stores or prints. A fingerprint is "sha256:" and the first 16 hex digits of SHA-256 of the
// raw token (DESIGN.md); a JWT's unverified iss/tid claims may be kept as tenant evidence.
package secret

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
	"unicode/utf8"

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
	if !MayHoldSecret(text) {
		return ""
	}
	if jwtGated.mayMatch(text) {
		if jwt := anyJWTRE.FindString(text); jwt != "" {
			return jwt
		}
	}
	for _, g := range []gated{authGated, bearerGated, keyValueGated} {
		if !g.mayMatch(text) {
			continue
		}
		for _, m := range g.re.FindAllStringSubmatch(text, -1) {
			token := m[len(m)-1]
			if !strings.HasPrefix(token, "sha256:") && (g.re != bearerRE || plausibleToken(token)) {
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
	if !MayHoldSecret(text) {
		return text
	}
	text = replace(jwtGated, text, func(m string) string { return fingerprintOf(m) })
	text = replace(authGated, text, func(m string) string {
		parts := authHeaderRE.FindStringSubmatch(m)
		return parts[1] + parts[2] + fingerprintOf(parts[3])
	})
	text = replace(bearerGated, text, func(m string) string {
		parts := bearerRE.FindStringSubmatch(m)
		if !plausibleToken(parts[2]) {
			return m
		}
		return parts[1] + fingerprintOf(parts[2])
	})
	text = replace(pairGated, text, func(m string) string {
		parts := secretPairRE.FindStringSubmatch(m)
		return parts[1] + fingerprintOf(parts[2])
	})
	text = replace(pairReverseGated, text, func(m string) string {
		parts := secretPairReversedRE.FindStringSubmatch(m)
		return parts[1] + fingerprintOf(parts[2]) + parts[3]
	})
	return replace(keyValueGated, text, func(m string) string {
		parts := keyValueRE.FindStringSubmatch(m)
		return parts[1] + parts[2] + fingerprintOf(parts[3])
	})
}

// replace runs a gated pattern's replacement on text its gate lets through.
func replace(g gated, text string, repl func(string) string) string {
	if !g.mayMatch(text) {
		return text
	}
	return g.re.ReplaceAllStringFunc(text, repl)
}

// fingerprintOf fingerprints a token, leaving one that already is a fingerprint alone.
func fingerprintOf(token string) string {
	if strings.HasPrefix(token, "sha256:") {
		return token
	}
	return Fingerprint(token)
}

// MayHoldSecret reports whether text may hold a secret that Redact or TokenIn recognise: when
// it does not, Redact returns text unchanged and TokenIn returns "".
func MayHoldSecret(text string) bool {
	// Every pattern needs white space or a separator ("Bearer x", "key=value", "key": "value")
	// or a JWT: text with none is ruled out without looking for the words.
	if !hasSeparator(text) && !strings.Contains(text, "eyJ") {
		return false
	}
	return hasMarker(text)
}

// HoldsSecret reports whether text holds a secret that Redact replaces or TokenIn finds: text
// that does not is stored as it is.
func HoldsSecret(text string) bool {
	return MayHoldSecret(text) && (TokenIn(text) != "" || Redact(text) != text)
}

// separators are the bytes one of which every pattern but a JWT's needs.
var separators = func() (set [256]bool) {
	for _, c := range []byte(" \t\n\v\f\r:=") {
		set[c] = true
	}
	return set
}()

func hasSeparator(text string) bool {
	for i := 0; i < len(text); i++ {
		if separators[text[i]] {
			return true
		}
	}
	return false
}

// hasMarker reports whether text holds one of the marker words, in any case, one of which
// every secret Redact recognises contains: text without any is never changed by Redact.
func hasMarker(text string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return hasMarkerUnicode(text) // case folding beyond ASCII (the Kelvin sign is a k)
		}
	}
	for i := 0; i+1 < len(text); i++ {
		if !markerStarts[pairKey(text[i], text[i+1])] {
			continue
		}
		for _, m := range markers {
			if len(text)-i >= len(m) && strings.EqualFold(text[i:i+len(m)], m) {
				return true
			}
		}
	}
	return false
}

func hasMarkerUnicode(text string) bool {
	// (?i) folds the long s onto s (and the Kelvin sign onto k, which ToLower does too).
	lower := strings.ReplaceAll(strings.ToLower(text), "\u017F", "s")
	for _, m := range markers {
		if strings.Contains(lower, m) {
			return true
		}
	}
	return false
}

// markerStarts holds the first two letters of every marker word, for HasMarker's ASCII scan.
var markerStarts = func() (starts [1 << 16]bool) {
	for _, m := range markers {
		starts[pairKey(m[0], m[1])] = true
	}
	return starts
}()

// pairKey folds two ASCII bytes to lower case (and some punctuation onto others, which only
// lets more pairs through to the exact comparison) into an index.
func pairKey(a, b byte) uint16 { return uint16(a|0x20)<<8 | uint16(b|0x20) }

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
