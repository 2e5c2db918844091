package ingest

import (
	"bytes"
	"strings"

	"github.com/valyala/fastjson"
)

// Helpers for decoders that read JSON records with fastjson.

// jsonProblem shortens a fastjson error to what is wrong, without the rest of the record.
func jsonProblem(err error) string {
	msg, _, _ := strings.Cut(err.Error(), "; unparsed tail")
	if strings.HasPrefix(msg, "cannot parse JSON: ") {
		msg = msg[strings.LastIndex(msg, ": ")+2:]
	}
	return msg
}

// field returns the first member of object v named by one of keys, trying exact names first
// and then any case; nil when v is no object or the member is absent or null.
func field(v *fastjson.Value, keys ...string) *fastjson.Value {
	if v == nil || v.Type() != fastjson.TypeObject {
		return nil
	}
	for _, k := range keys {
		if m := v.Get(k); m != nil {
			return nonNull(m)
		}
	}
	o, _ := v.Object()
	var buf [maxFoldKeys]*fastjson.Value // on the stack for the few keys callers name
	found := buf[:0]                     // the first member matching each key in any case
	if len(keys) > len(buf) {
		found = make([]*fastjson.Value, 0, len(keys))
	}
	found = found[:len(keys)]
	o.Visit(func(name []byte, m *fastjson.Value) {
		for i, k := range keys {
			if found[i] == nil && equalFoldASCII(name, k) {
				found[i] = m
			}
		}
	})
	for _, m := range found {
		if m != nil {
			return nonNull(m)
		}
	}
	return nil
}

// maxFoldKeys is how many keys field matches in any case without allocating.
const maxFoldKeys = 8

// equalFoldASCII compares a key with a name, ignoring ASCII case, without allocating.
func equalFoldASCII(key []byte, name string) bool {
	if len(key) != len(name) {
		return false
	}
	for i := range key {
		a, b := key[i], name[i]
		if a != b && (a|0x20 != b|0x20 || a|0x20 < 'a' || a|0x20 > 'z') {
			return false
		}
	}
	return true
}

func nonNull(v *fastjson.Value) *fastjson.Value {
	if v.Type() == fastjson.TypeNull {
		return nil
	}
	return v
}

// jsonText is a string member's text, or a number's or boolean's JSON text; "" otherwise.
func jsonText(v *fastjson.Value) string {
	if v == nil {
		return ""
	}
	switch v.Type() {
	case fastjson.TypeString:
		s, _ := v.StringBytes()
		return string(bytes.TrimSpace(s))
	case fastjson.TypeNumber, fastjson.TypeTrue, fastjson.TypeFalse:
		return string(v.MarshalTo(nil))
	}
	return ""
}

func appendJSONString(buf []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
		case c < 0x20:
			buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			buf = append(buf, c)
		}
	}
	return append(buf, '"')
}

// withoutTrailingCommas removes commas directly before a closing bracket, outside strings.
func withoutTrailingCommas(raw []byte) ([]byte, bool) {
	out := make([]byte, 0, len(raw))
	inString, escape, changed := false, false, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString:
			escape, inString = c == '\\' && !escape, inString && (c != '"' || escape)
		case c == '"':
			inString = true
		case c == ',':
			j := i + 1
			for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t' || raw[j] == '\r' || raw[j] == '\n') {
				j++
			}
			if j < len(raw) && (raw[j] == '}' || raw[j] == ']') {
				changed = true
				continue
			}
		}
		out = append(out, c)
	}
	return out, changed
}
