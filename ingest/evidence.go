package ingest

import (
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Helpers that pull evidence out of free text and loosely typed fields; every decoder uses them
// so that "HTTP 401" means the same in every format.

var (
	statusNumberRE = regexp.MustCompile(`(?i)(?:http[ /]?status(?: code)?|status ?code|http/(?:\d(?:\.\d)?\s+)?|\bstatus)[ :=\-"]*([1-5]\d\d)\b`)
	statusNameRE   = regexp.MustCompile(`(?i)status ?code:? ?([A-Za-z]+)`)
	scimTypeRE     = regexp.MustCompile(`(?i)"?scimType"?\s*[:=]\s*"?([A-Za-z]+)`)
	urlRE          = regexp.MustCompile(`https?://[^\s"'<>()\[\]{},;|]+`) // what scanURL finds; the native queries use it
)

// httpStatusNames maps the reason phrases and .NET HttpStatusCode names platforms log to codes.
var httpStatusNames = map[string]int{
	"badrequest": 400, "bad request": 400, "unauthorized": 401, "forbidden": 403, "notfound": 404,
	"not found": 404, "methodnotallowed": 405, "method not allowed": 405, "conflict": 409,
	"gone": 410, "preconditionfailed": 412, "requestentitytoolarge": 413, "toomanyrequests": 429,
	"too many requests": 429, "internalservererror": 500, "internal server error": 500,
	"notimplemented": 501, "not implemented": 501, "badgateway": 502, "bad gateway": 502,
	"serviceunavailable": 503, "service unavailable": 503, "gatewaytimeout": 504, "gateway timeout": 504,
}

// reasonPhraseRE finds a reason phrase used as the status of a failed call, as Okta words it:
// "Error while verifying if user x exists: Unauthorized. Errors reported by remote server: …".
var reasonPhraseRE = regexp.MustCompile(`(?i):\s*(Bad Request|Unauthorized|Forbidden|Not Found|Method Not Allowed|Conflict|Gone|Too Many Requests|Internal Server Error|Not Implemented|Bad Gateway|Service Unavailable|Gateway Timeout)\b`)

// HTTPStatusIn returns the HTTP status a text reports, or 0: "HTTP status code 409",
// "StatusCode: Unauthorized", "HTTP/404", "status: 401", or Okta's ": Unauthorized." phrasing.
func HTTPStatusIn(text string) int {
	if text == "" || !mentionsStatus(text) {
		return 0
	}
	if !isASCII(text) {
		return httpStatusByPatterns(text)
	}
	return httpStatusByScan(text)
}

// httpStatusByPatterns is HTTPStatusIn by the patterns, which define it.
func httpStatusByPatterns(text string) int {
	if m := statusNumberRE.FindStringSubmatch(text); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	if m := statusNameRE.FindStringSubmatch(text); m != nil {
		if n, ok := httpStatusNames[strings.ToLower(m[1])]; ok {
			return n
		}
	}
	if m := reasonPhraseRE.FindStringSubmatch(text); m != nil {
		return httpStatusNames[strings.ToLower(m[1])]
	}
	return 0
}

// httpStatusByScan is HTTPStatusIn for ASCII text, by the scanners of evidence_scan.go.
func httpStatusByScan(text string) int {
	if digits, ok := scanStatusNumber(text); ok {
		n, _ := strconv.Atoi(digits)
		return n
	}
	if name, ok := scanStatusName(text); ok {
		if n, ok := httpStatusNames[strings.ToLower(name)]; ok {
			return n
		}
	}
	if phrase, ok := scanReasonPhrase(text); ok {
		return httpStatusNames[phrase]
	}
	return 0
}

// mentionsStatus is a cheap test that spares the patterns on text that cannot match them.
func mentionsStatus(text string) bool {
	if containsFold(text, "status") || containsFold(text, "http") {
		return true
	}
	return strings.IndexByte(text, ':') >= 0 // Okta's ": Unauthorized." phrasing
}

// scimTypes are the scimType values of RFC 7644 §3.12.
var scimTypes = map[string]string{
	"invalidfilter": "invalidFilter", "toomany": "tooMany", "uniqueness": "uniqueness",
	"mutability": "mutability", "invalidsyntax": "invalidSyntax", "invalidpath": "invalidPath",
	"notarget": "noTarget", "invalidvalue": "invalidValue", "invalidvers": "invalidVers",
	"sensitive": "sensitive",
}

// SCIMTypeIn returns the RFC 7644 scimType a text names ("scimType":"uniqueness"), or "".
func SCIMTypeIn(text string) string {
	if !containsFold(text, "scimtype") {
		return ""
	}
	name, ok := "", false
	if isASCII(text) {
		name, ok = scanSCIMType(text)
	} else if m := scimTypeRE.FindStringSubmatch(text); m != nil {
		name, ok = m[1], true
	}
	if !ok {
		return ""
	}
	return scimTypes[strings.ToLower(name)]
}

// URLIn returns the first http(s) URL in a text, without trailing punctuation, or "".
func URLIn(text string) string {
	return strings.TrimRight(scanURL(text), ".:")
}

// ParseTime reads the timestamps exports use: RFC 3339 with or without fraction or zone,
// "2006-01-02 15:04:05[.fff]", and the Log Analytics CSV form "8/23/2022, 1:36:50.353 PM".
// A time without a zone is taken as UTC. The result is in UTC.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("unrecognised time %q", s)
}

var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05.999999999",
	"1/2/2006, 3:04:05.999999999 PM",
	"1/2/2006 3:04:05.999999999 PM",
	"02/Jan/2006:15:04:05 -0700",
}

// Unquote removes one pair of surrounding double or single quotes.
func Unquote(s string) string {
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		return s[1 : len(s)-1]
	}
	return s
}

// FieldMap returns a CSV record as header → value (trimmed); empty for non-CSV records.
func (r *Record) FieldMap() map[string]string {
	m := make(map[string]string, len(r.Header))
	for i, h := range r.Header {
		if i < len(r.Fields) {
			m[h] = strings.TrimSpace(r.Fields[i])
		}
	}
	return m
}

// PathUnescape percent-decodes s, keeping s as it is where it is not valid.
func PathUnescape(s string) string {
	if u, err := url.QueryUnescape(s); err == nil {
		return u
	}
	return s
}

// containsFold reports whether s contains the lower-case ASCII word sub in any case. (Only
// ASCII letters can match: a byte window of sub's length holding any other character has
// fewer characters than sub, so not even Unicode case folding would make it equal.)
func containsFold(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if hasFoldAt(s, i, sub) {
			return true
		}
	}
	return false
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// firstNonEmpty returns the first value that is not empty.
func firstNonEmpty(vs ...string) string {
	for _, v := range vs {
		if v != "" {
			return v
		}
	}
	return ""
}
