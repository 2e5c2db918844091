package ingest

import "strings"

// Scanners that find in ASCII text what the evidence patterns of evidence.go find, in one pass
// and without backtracking: the patterns tried each start position of an error text in turn
// (tens of microseconds a text). Each follows its pattern's alternatives in the pattern's order
// of preference, so it picks the match the pattern picks. Text beyond ASCII still goes to the
// patterns, whose case folding is Unicode's ("ſtatus" is "status" to them). evidence_test.go
// holds the scanners to the patterns.

// scanStatusNumber is statusNumberRE: the three digits of the leftmost
// (http[ /]?status( code)?|status ?code|http/(\d(\.\d)?\s+)?|\bstatus)[ :=\-"]*[1-5]\d\d\b.
func scanStatusNumber(text string) (string, bool) {
	for p := 0; p < len(text); p++ {
		switch lowerASCII(text[p]) {
		case 'h':
			if d, ok := statusNumberAfterHTTP(text, p); ok {
				return d, true
			}
		case 's':
			if d, ok := statusNumberAfterStatus(text, p); ok {
				return d, true
			}
		}
	}
	return "", false
}

// statusNumberAfterHTTP tries the alternatives that start with "http" at p, in order.
func statusNumberAfterHTTP(text string, p int) (string, bool) {
	if !hasFoldAt(text, p, "http") {
		return "", false
	}
	q := p + 4
	for sep := maybe(text, q, " /"); sep >= 0; sep-- { // http[ /]?status(?: code)?
		if r := q + sep; hasFoldAt(text, r, "status") {
			e := r + len("status")
			if hasFoldAt(text, e, " code") {
				if d, ok := statusDigits(text, e+len(" code")); ok {
					return d, true
				}
			}
			if d, ok := statusDigits(text, e); ok {
				return d, true
			}
		}
	}
	if !hasFoldAt(text, q, "/") { // http/(?:\d(?:\.\d)?\s+)?
		return "", false
	}
	q++
	if q < len(text) && isDigit(text[q]) {
		r := q + 1
		if r+1 < len(text) && text[r] == '.' && isDigit(text[r+1]) {
			r += 2
		}
		if s := skipSpace(text, r); s > r {
			if d, ok := statusDigits(text, s); ok {
				return d, true
			}
		}
	}
	return statusDigits(text, q)
}

// statusNumberAfterStatus tries the alternatives that start with "status" at p, in order.
func statusNumberAfterStatus(text string, p int) (string, bool) {
	if !hasFoldAt(text, p, "status") {
		return "", false
	}
	q := p + len("status")
	for sp := maybe(text, q, " "); sp >= 0; sp-- { // status ?code
		if r := q + sp; hasFoldAt(text, r, "code") {
			if d, ok := statusDigits(text, r+len("code")); ok {
				return d, true
			}
		}
	}
	if p > 0 && isWordByte(text[p-1]) { // \bstatus
		return "", false
	}
	return statusDigits(text, q)
}

// statusDigits matches [ :=\-"]*([1-5]\d\d)\b at e. Only the longest run of separators can be
// followed by a digit, so no shorter one needs trying.
func statusDigits(text string, e int) (string, bool) {
	for e < len(text) && strings.IndexByte(` :="-`, text[e]) >= 0 {
		e++
	}
	if e+3 > len(text) || text[e] < '1' || text[e] > '5' || !isDigit(text[e+1]) || !isDigit(text[e+2]) {
		return "", false
	}
	if e+3 < len(text) && isWordByte(text[e+3]) {
		return "", false
	}
	return text[e : e+3], true
}

// scanStatusName is statusNameRE: the letters of the leftmost status ?code:? ?([A-Za-z]+).
// Taking the optional ':' and ' ' when they are there is the only way letters can follow.
func scanStatusName(text string) (string, bool) {
	for p := 0; p < len(text); p++ {
		if lowerASCII(text[p]) != 's' || !hasFoldAt(text, p, "status") {
			continue
		}
		q := p + len("status")
		for sp := maybe(text, q, " "); sp >= 0; sp-- {
			r := q + sp
			if !hasFoldAt(text, r, "code") {
				continue
			}
			e := r + len("code")
			e += maybe(text, e, ":")
			e += maybe(text, e, " ")
			if word := letters(text, e); word != "" {
				return word, true
			}
		}
	}
	return "", false
}

// reasonPhrases are the alternatives of reasonPhraseRE, lower-case, in its order.
var reasonPhrases = []string{"bad request", "unauthorized", "forbidden", "not found", "method not allowed", "conflict",
	"gone", "too many requests", "internal server error", "not implemented", "bad gateway", "service unavailable",
	"gateway timeout"}

// scanReasonPhrase is reasonPhraseRE: the phrase (lower-case) of the leftmost :\s*(phrase)\b.
func scanReasonPhrase(text string) (string, bool) {
	for p := 0; p < len(text); p++ {
		if text[p] != ':' {
			continue
		}
		e := skipSpace(text, p+1)
		for _, phrase := range reasonPhrases {
			if hasFoldAt(text, e, phrase) && (e+len(phrase) == len(text) || !isWordByte(text[e+len(phrase)])) {
				return phrase, true
			}
		}
	}
	return "", false
}

// scanSCIMType is scimTypeRE: the letters of the leftmost "?scimType"?\s*[:=]\s*"?([A-Za-z]+).
func scanSCIMType(text string) (string, bool) {
	for p := 0; p < len(text); p++ {
		q := p + maybe(text, p, `"`)
		if q >= len(text) || lowerASCII(text[q]) != 's' || !hasFoldAt(text, q, "scimtype") {
			continue
		}
		e := q + len("scimtype")
		e += maybe(text, e, `"`)
		e = skipSpace(text, e)
		if e >= len(text) || text[e] != ':' && text[e] != '=' {
			continue
		}
		e = skipSpace(text, e+1)
		e += maybe(text, e, `"`)
		if word := letters(text, e); word != "" {
			return word, true
		}
	}
	return "", false
}

// scanURL is https?://[^\s"'<>()\[\]{},;|]+: the leftmost http or https URL, its characters
// up to the first that cannot be in one. It is exact for any text (the pattern folds no case,
// and every byte beyond ASCII may be part of a URL).
func scanURL(text string) string {
	for p := 0; p < len(text); p++ {
		if text[p] != 'h' || !strings.HasPrefix(text[p:], "http") {
			continue
		}
		q := p + len("http")
		q += maybe(text, q, "s")
		if !strings.HasPrefix(text[q:], "://") {
			continue
		}
		e := q + len("://")
		for e < len(text) && !notInURL[text[e]] {
			e++
		}
		if e > q+len("://") {
			return text[p:e]
		}
	}
	return ""
}

// notInURL are the bytes that end a URL in free text.
var notInURL = func() (set [256]bool) {
	for _, c := range []byte("\t\n\f\r \"'<>()[]{},;|") {
		set[c] = true
	}
	return set
}()

// maybe returns how long an optional character of chars at e is: 1 when text[e] is one of
// them, else 0. Callers that may need to try it absent count down from there.
func maybe(text string, e int, chars string) int {
	if e < len(text) && strings.IndexByte(chars, text[e]) >= 0 {
		return 1
	}
	return 0
}

// skipSpace skips \s (RE2's: tab, newline, form feed, carriage return, space) from e.
func skipSpace(text string, e int) int {
	for e < len(text) && strings.IndexByte("\t\n\f\r ", text[e]) >= 0 {
		e++
	}
	return e
}

// letters returns the run of ASCII letters at e.
func letters(text string, e int) string {
	end := e
	for end < len(text) && ('a' <= lowerASCII(text[end]) && lowerASCII(text[end]) <= 'z') {
		end++
	}
	return text[e:end]
}

// hasFoldAt reports whether text has the lower-case ASCII word at e, in any case.
func hasFoldAt(text string, e int, word string) bool {
	if e < 0 || len(text)-e < len(word) {
		return false
	}
	for i := 0; i < len(word); i++ {
		if lowerASCII(text[e+i]) != word[i] {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isWordByte is RE2's word character, which \b looks at: an ASCII letter, digit or underscore.
func isWordByte(c byte) bool {
	return isDigit(c) || c == '_' || 'a' <= lowerASCII(c) && lowerASCII(c) <= 'z'
}

// isASCII reports whether every byte of s is ASCII.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}
