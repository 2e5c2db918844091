package main

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Helpers that append JSON and ids to a byte slice: the hot path writes with append, not fmt.

const (
	base62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	hexLow = "0123456789abcdef"
)

// oktaID is a 20-character Okta id: its type prefix (00u, 0oa, 0ua, 00g, puj, …) and 17
// random base-62 characters.
func oktaID(r *rand.Rand, prefix string) string {
	return string(appendOktaID(nil, r, prefix))
}

func appendOktaID(b []byte, r *rand.Rand, prefix string) []byte {
	b = append(b, prefix...)
	for n := len(prefix); n < 20; {
		x := r.Uint64()
		for k := 0; k < 10 && n < 20; k++ {
			b = append(b, base62[x%62])
			x /= 62
			n++
		}
	}
	return b
}

// guid is a random version-4 UUID.
func guid(r *rand.Rand) string { return string(appendGUID(nil, r)) }

func appendGUID(b []byte, r *rand.Rand) []byte {
	return appendUUIDBits(b, r.Uint64(), r.Uint64())
}

// appendUUIDBits formats 128 bits as a version-4, RFC 4122 variant UUID.
func appendUUIDBits(b []byte, hi, lo uint64) []byte {
	hi = hi&^0xf000 | 0x4000     // version 4
	lo = lo&^(0xc<<60) | 0x8<<60 // variant 10
	for i, shift := 0, 60; i < 16; i, shift = i+1, shift-4 {
		if i == 8 || i == 12 {
			b = append(b, '-')
		}
		b = append(b, hexLow[hi>>shift&0xf])
	}
	b = append(b, '-')
	for i, shift := 0, 60; i < 16; i, shift = i+1, shift-4 {
		if i == 4 {
			b = append(b, '-')
		}
		b = append(b, hexLow[lo>>shift&0xf])
	}
	return b
}

// mix is SplitMix64: a stable hash for ids derived from the world (a user's SCIM id in an app
// is the same in every file).
func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// appendDerivedID appends a stable Okta-style id for (a, b): the AppUser id of a user in an app.
func appendDerivedID(b []byte, prefix string, x, y uint64) []byte {
	h := mix(x<<32 ^ y ^ 0xa5)
	b = append(b, prefix...)
	h2 := mix(h)
	for n := len(prefix); n < 20; n++ {
		b = append(b, base62[h%62])
		h /= 62
		if h == 0 {
			h = h2
		}
	}
	return b
}

// appendDerivedGUID appends a stable UUID for (x, y): the SCIM id of a user or group in an app.
func appendDerivedGUID(b []byte, x, y uint64) []byte {
	h := mix(x<<32 ^ y)
	return appendUUIDBits(b, h, mix(h))
}

// appendJSONString appends s as a JSON string, escaping what JSON requires.
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' {
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hexLow[c>>4], hexLow[c&0xf])
		}
		start = i + 1
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendKey appends ,"key": (without the comma when first).
func appendKey(b []byte, key string, first bool) []byte {
	if !first {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, key...)
	return append(b, '"', ':')
}

// appendStringField appends ,"key":"value" with value escaped.
func appendStringField(b []byte, key, value string) []byte {
	return appendJSONString(appendKey(b, key, false), value)
}

func appendInt(b []byte, n int) []byte { return strconv.AppendInt(b, int64(n), 10) }

// expand fills the placeholders of a remote server's answer: {url} (the endpoint called),
// {id} (the user's SCIM id in the app) and {login}.
func expand(s string, e *event, endpoint string) string {
	if strings.IndexByte(s, '{') < 0 || !strings.Contains(s, "{url}") && !strings.Contains(s, "{id}") && !strings.Contains(s, "{login}") {
		return s
	}
	id := string(appendDerivedGUID(nil, uint64(e.app.idx), uint64(e.user.idx)))
	return strings.NewReplacer("{url}", endpoint, "{id}", id, "{login}", e.user.login).Replace(s)
}

// expand1 puts subject in place of the %s of phrase.
func expand1(phrase, subject string) string { return strings.Replace(phrase, "%s", subject, 1) }

// appendIP appends an IPv4 address in a.b.0.0/16.
func (g *gen) appendIP(b []byte, a, c int) []byte {
	x := g.r.Uint32()
	b = strconv.AppendInt(b, int64(a), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(c), 10)
	b = append(b, '.')
	b = strconv.AppendInt(b, int64(x>>8&0xff), 10)
	b = append(b, '.')
	return strconv.AppendInt(b, int64(1+x%254), 10)
}

func (g *gen) ip(a, c int) string { return string(g.appendIP(nil, a, c)) }
