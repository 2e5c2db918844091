package ingest

import (
	"strings"
)

// NativeFunc is a Go function a native query calls (as a DuckDB scalar function of VARCHARs,
// NULL read as ""): the domain logic stays in Go, and the SQL only carries it to the rows.
// Args 0 takes any number of arguments. Fn returns ok false for NULL. It must not keep its
// arguments, which DuckDB owns.
type NativeFunc struct {
	Name string
	Args int
	Fn   func(args []string) (result string, ok bool)
}

// NativeFuncs are the functions the format's native query may call: those of every native
// query, and the format's own.
func (f *Format) NativeFuncs() []NativeFunc {
	return append([]NativeFunc{{Name: "scimdrift_unsure", Fn: unsureFunc}}, f.Native.Funcs...)
}

// unsureFunc is the screen: its arguments are the texts a native query read of a record, and
// it returns "unsure" when one of them may be read otherwise by the Go decoder or may hold a
// secret (unsureText), NULL when the query can vouch for them all.
func unsureFunc(texts []string) (string, bool) {
	for _, text := range texts {
		if unsureText(text) {
			return "unsure", true
		}
	}
	return "", false
}

// unsureText reports whether a text DuckDB read as a VARCHAR might not be what the Go decoder
// stores: one it trims (white space at either end, as unicode.IsSpace has it), one it reads
// nothing from (a nested object or list, which DuckDB gives as JSON text), a number DuckDB may
// spell otherwise than the export did, or one that may hold a secret, which the Go path
// fingerprints.
func unsureText(text string) bool {
	if text == "" {
		return false
	}
	first, last := text[0], text[len(text)-1]
	if (mayBeSpace(first) || mayBeSpace(last)) && strings.TrimSpace(text) != text {
		return true
	}
	if first == '{' || first == '[' {
		return true
	}
	if (first == '-' || '0' <= first && first <= '9') && respelledNumber(text) {
		return true
	}
	return holdsSecret(text)
}

// mayBeSpace reports whether a byte is white space or may start or end a multi-byte one.
func mayBeSpace(b byte) bool { return b <= ' ' || b >= 0x80 }

// respelledNumber reports a JSON number that DuckDB's text of it may not repeat: one with a
// fraction or an exponent, a negative zero, or more digits than a float64 holds exactly.
func respelledNumber(text string) bool {
	s := strings.TrimPrefix(text, "-")
	digits := leadingDigits(s)
	if digits == 0 {
		return false
	}
	s = s[digits:]
	if s == "" {
		return digits >= 16 || text == "-0"
	}
	if s[0] == '.' {
		n := leadingDigits(s[1:])
		if n == 0 {
			return false
		}
		s = s[1+n:]
	}
	if s != "" && (s[0] == 'e' || s[0] == 'E') {
		s = strings.TrimLeft(s[1:], "+-")
		n := leadingDigits(s)
		if n == 0 {
			return false
		}
		s = s[n:]
	}
	return s == "" // a number with a fraction or an exponent
}

func leadingDigits(s string) int {
	n := 0
	for n < len(s) && '0' <= s[n] && s[n] <= '9' {
		n++
	}
	return n
}
