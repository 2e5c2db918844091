package secret

import (
	"regexp"
	"strings"
	"unicode/utf8"
)

// Each pattern costs time in proportion to the text times the pattern, and most texts that
// pass MayHoldSecret match none ("1Password Business", an error text about an expired
// token). A gate is a cheap test that is true of every text its pattern can match, so that a
// pattern runs only on text its gate lets through. Beyond ASCII every gate is open: (?i)
// folds letters such as the Kelvin sign and the long s onto ASCII ones.

// gated is a pattern with its gate.
type gated struct {
	re   *regexp.Regexp
	gate func(ascii string) bool
}

var (
	jwtGated         = gated{anyJWTRE, func(s string) bool { return strings.Contains(s, "eyJ") }}
	authGated        = gated{authHeaderRE, func(s string) bool { return containsFoldASCII(s, "authorization") }}
	bearerGated      = gated{bearerRE, func(s string) bool { return containsFoldASCII(s, "bearer") }}
	keyValueGated    = gated{keyValueRE, keyValueMayMatch}
	pairGated        = gated{secretPairRE, func(s string) bool { return containsFoldASCII(s, `"key"`) }}
	pairReverseGated = gated{secretPairReversedRE, func(s string) bool { return containsFoldASCII(s, `"key"`) }}
)

// mayMatch reports whether the pattern can match text.
func (g gated) mayMatch(text string) bool {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return true
		}
	}
	return g.gate(text)
}

// keyValueWords are the words keyValueRE's key ends with (api_?key is both spellings).
var keyValueWords = []string{"token", "secret", "password", "api_key", "apikey"}

// keyValueMayMatch reports whether ASCII text has one of keyValueWords, in any case, followed
// by an optional quote, optional white space and ':' or '=': keyValueRE needs that much.
func keyValueMayMatch(s string) bool {
	for _, w := range keyValueWords {
		for i := indexFoldASCII(s, w, 0); i >= 0; i = indexFoldASCII(s, w, i+1) {
			j := i + len(w)
			if j < len(s) && (s[j] == '"' || s[j] == '\'') {
				j++
			}
			for j < len(s) && isSpace(s[j]) {
				j++
			}
			if j < len(s) && (s[j] == ':' || s[j] == '=') {
				return true
			}
		}
	}
	return false
}

// isSpace is a superset of RE2's \s.
func isSpace(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }

func containsFoldASCII(s, word string) bool { return indexFoldASCII(s, word, 0) >= 0 }

// indexFoldASCII returns the first index at or after from where s holds the lower-case word
// in any ASCII case, or -1.
func indexFoldASCII(s, word string, from int) int {
	for i := from; i+len(word) <= len(s); i++ {
		if lowerByte(s[i]) != word[0] {
			continue
		}
		j := 1
		for j < len(word) && lowerByte(s[i+j]) == word[j] {
			j++
		}
		if j == len(word) {
			return i
		}
	}
	return -1
}

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
