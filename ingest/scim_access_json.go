package ingest

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/scimdrift/scimdrift/internal/secret"
	"github.com/valyala/fastjson"
)

// JSON access logs of the scim-access format. Servers, proxies and gateways name the same
// request fields differently, so keys are matched against a table of known names, in any
// case; nested objects are matched by their dotted path (ECS url.path, Caddy
// request.headers.User-Agent), which also matches the same name logged flat ("url.path").

// jsonField is a request field a JSON access log may hold.
type jsonField uint8

const (
	jfTime jsonField = iota
	jfClientIP
	jfForwardedFor
	jfHost
	jfScheme
	jfRequestLine
	jfMethod
	jfTarget
	jfQuery
	jfStatus
	jfBytes
	jfUserAgent
	jfTokenFP
	jfAuthorization
	jfEventType // Okta LogEvent: not an access log
	jfJobID     // Entra provisioning record: not an access log
	jfCount
)

// jsonAccessNames lists, per field, the key names that hold it; the first one a record has wins.
var jsonAccessNames = [jfCount][]string{
	jfTime:          {"@timestamp", "timestamp", "time", "time_iso8601", "time_local", "start_time", "created_at", "ts", "msec"},
	jfClientIP:      {"remote_addr", "client_ip", "clientip", "ip", "remote_ip", "source.ip", "client.ip", "client.address", "request.remote_ip", "request.client_ip", "downstream_remote_address"},
	jfForwardedFor:  {"http_x_forwarded_for", "x_forwarded_for", "x-forwarded-for"},
	jfHost:          {"http_host", "host", "authority", "request.host", "url.domain", "vhost", "server_name", "domain_name"},
	jfScheme:        {"http_x_forwarded_proto", "x_forwarded_proto", "scheme", "url.scheme"},
	jfRequestLine:   {"request", "request_line"},
	jfMethod:        {"method", "request_method", "verb", "http_method", "httpmethod", "http.request.method", "request.method"},
	jfTarget:        {"request_uri", "url.original", "url.full", "request.uri", "uri", "path", "request_path", "url.path", "url", "request_url"},
	jfQuery:         {"query_string", "args", "query", "url.query"},
	jfStatus:        {"status", "http_status", "status_code", "statuscode", "response_code", "http_response_code", "http.response.status_code", "elb_status_code"},
	jfBytes:         {"body_bytes_sent", "bytes_sent", "bytes", "size", "response_bytes", "http.response.body.bytes", "sent_bytes"},
	jfUserAgent:     {"http_user_agent", "user_agent", "useragent", "user-agent", "user_agent.original", "request.headers.user-agent", "headers.user-agent"},
	jfTokenFP:       {"token_fingerprint", "token_fp"},
	jfAuthorization: {"authorization", "http_authorization", "bearer_token", "request.headers.authorization", "headers.authorization"},
	jfEventType:     {"eventtype"},
	jfJobID:         {"jobid"},
}

type jsonKey struct {
	field jsonField
	rank  int
}

// jsonAccessKeys maps a lower-case (dotted) key to its field and rank.
var jsonAccessKeys = func() map[string]jsonKey {
	m := map[string]jsonKey{}
	for f, names := range jsonAccessNames {
		for rank, name := range names {
			m[name] = jsonKey{jsonField(f), rank}
		}
	}
	return m
}()

// maxJSONDepth bounds how deep nested objects are searched (http.response.body.bytes is 4).
const maxJSONDepth = 4

// jsonAccessFields is what one record holds of each field. The values point into the
// decoder's parser and are valid until the next record.
type jsonAccessFields struct {
	vals  [jfCount]*fastjson.Value
	ranks [jfCount]int
	key   []byte // the dotted lower-case key being matched
}

func (f *jsonAccessFields) reset() {
	f.vals = [jfCount]*fastjson.Value{}
}

// collect records the known fields of an object and its nested objects.
func (f *jsonAccessFields) collect(o *fastjson.Object, prefix, depth int) {
	o.Visit(func(key []byte, v *fastjson.Value) {
		f.key = appendLower(f.key[:prefix], key)
		switch v.Type() {
		case fastjson.TypeObject:
			if depth+1 < maxJSONDepth {
				f.key = append(f.key, '.')
				obj, _ := v.Object()
				f.collect(obj, len(f.key), depth+1)
			}
			return
		case fastjson.TypeNull:
			return
		}
		k, ok := jsonAccessKeys[string(f.key)]
		if ok && (f.vals[k.field] == nil || k.rank < f.ranks[k.field]) {
			f.vals[k.field], f.ranks[k.field] = v, k.rank
		}
	})
}

func appendLower(dst, s []byte) []byte {
	for _, c := range s {
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// text returns a field as text: a string, a number as written, or the first element of an
// array (Caddy logs headers as arrays). "-" (nginx's empty variable) is "".
func (f *jsonAccessFields) text(field jsonField) string {
	return accessText(f.vals[field], 0)
}

// accessText reads an access-log value: "-" is empty, and an array gives its first element.
func accessText(v *fastjson.Value, depth int) string {
	if v == nil {
		return ""
	}
	switch v.Type() {
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		if len(b) == 1 && b[0] == '-' {
			return ""
		}
		return string(b)
	case fastjson.TypeNumber:
		return string(v.MarshalTo(nil))
	case fastjson.TypeArray:
		if arr, _ := v.Array(); len(arr) > 0 && depth == 0 {
			return accessText(arr[0], 1)
		}
	}
	return ""
}

// name returns the key a field was found under, for messages.
func (f *jsonAccessFields) name(field jsonField) string {
	return jsonAccessNames[field][f.ranks[field]]
}

// detectJSONAccess claims a first record with a method (or request line), a path and a
// status, unless it is an Okta LogEvent or an Entra provisioning record.
func detectJSONAccess(first []byte) bool {
	if len(first) == 0 {
		return false
	}
	var p fastjson.Parser
	v, err := p.ParseBytes(first)
	if err != nil {
		return false
	}
	obj, err := v.Object()
	if err != nil {
		return false
	}
	var f jsonAccessFields
	f.collect(obj, 0, 0)
	if f.vals[jfEventType] != nil || f.vals[jfJobID] != nil || f.vals[jfStatus] == nil {
		return false
	}
	return f.vals[jfRequestLine] != nil && f.vals[jfRequestLine].Type() == fastjson.TypeString ||
		f.vals[jfMethod] != nil && f.vals[jfTarget] != nil
}

// decodeJSON reads one JSON access-log record.
func (d *scimAccessDecoder) decodeJSON(rec *Record, raw []byte, req *accessRequest) error {
	v, err := d.parser.ParseBytes(raw)
	if err != nil {
		return errors.New("not valid JSON: " + jsonProblem(err))
	}
	obj, err := v.Object()
	if err != nil {
		return errors.New("not a JSON object")
	}
	f := &d.json
	f.reset()
	f.collect(obj, 0, 0)
	if err := d.jsonRequest(f, req); err != nil {
		return refuseUnredactedToken(rec, raw, f, err)
	}
	return nil
}

// jsonRequest fills a request from a record's fields. Fields may be missing; a field that is
// present but unreadable rejects the record.
func (d *scimAccessDecoder) jsonRequest(f *jsonAccessFields, req *accessRequest) error {
	var err error
	if line := f.text(jfRequestLine); line != "" {
		if req.method, req.target, err = splitRequestLine(line); err != nil {
			return err
		}
	}
	if m := f.text(jfMethod); m != "" {
		req.method = m
	}
	if t := f.text(jfTarget); t != "" {
		req.target = t
	}
	if req.target == "" && f.vals[jfRequestLine] != nil {
		return errNoRequest // request "-": a connection closed before a request was sent
	}
	if req.target == "" {
		return errors.New("no request path (request_uri, uri, path, request_path, url or a request line)")
	}
	if req.time, err = jsonTime(f.vals[jfTime]); err != nil {
		return fmt.Errorf("%s: %w", f.name(jfTime), err)
	}
	if req.status, err = jsonInt(f.vals[jfStatus]); err != nil || req.status != 0 && (req.status < 100 || req.status > 999) {
		return fmt.Errorf("%s %s is not an HTTP status", f.name(jfStatus), quoteShort(f.text(jfStatus)))
	}
	n, err := jsonInt(f.vals[jfBytes])
	if err != nil || n < 0 {
		return fmt.Errorf("%s %s is not a byte count", f.name(jfBytes), quoteShort(f.text(jfBytes)))
	}
	req.bytes = int64(n)
	req.query = f.text(jfQuery)
	req.scheme = strings.ToLower(f.text(jfScheme))
	req.host = f.text(jfHost)
	req.userAgent = f.text(jfUserAgent)
	// The first X-Forwarded-For address is the client behind the proxies (the IdP), where the
	// peer address would be the load balancer; without one, the peer is the client.
	first, _, _ := strings.Cut(f.text(jfForwardedFor), ",")
	if req.clientIP = clientAddress(first); req.clientIP == "" {
		req.clientIP = clientAddress(f.text(jfClientIP))
	}
	req.tokenFP, req.tokenTenant = tokenEvidence(f.text(jfTokenFP), f.text(jfAuthorization))
	return nil
}

// tokenEvidence turns what a log holds of the caller's token into a fingerprint and the tenant
// its JWT claims: a raw Authorization value or bearer token is fingerprinted (never kept); a
// logged fingerprint is kept as written unless it looks like a raw token itself.
func tokenEvidence(fp, auth string) (fingerprint, tenant string) {
	if strings.TrimSpace(auth) != "" {
		return secret.Fingerprint(auth), secret.TenantClaim(auth)
	}
	fp = strings.TrimSpace(fp)
	if fp != "" && !secret.IsFingerprint(fp) && secret.LooksLikeToken(fp) {
		return secret.Fingerprint(fp), secret.TenantClaim(fp)
	}
	return fp, ""
}

// refuseUnredactedToken passes a reject reason on, unless the record holds a raw token that
// the framework's redaction of reject text would not catch: such a record must not be kept
// even as a reject, so the file is refused.
func refuseUnredactedToken(rec *Record, raw []byte, f *jsonAccessFields, reason error) error {
	auth := strings.TrimSpace(f.text(jfAuthorization))
	if auth == "" {
		return reason
	}
	token := auth
	if _, after, found := strings.Cut(auth, " "); found {
		token = strings.TrimSpace(after)
	}
	if !strings.Contains(secret.Redact(string(raw)), token) {
		return reason
	}
	// The reason may quote the record: it is printed, so it is redacted too.
	why := strings.ReplaceAll(secret.Redact(reason.Error()), token, secret.Fingerprint(token))
	return Fatal(fmt.Errorf("line %d: %s holds a raw token and the record cannot be read (%s); the file is refused so that the token is not stored", rec.Line, f.name(jfAuthorization), why))
}

// jsonInt reads a number or a numeric string; missing, "" and "-" are 0.
func jsonInt(v *fastjson.Value) (int, error) {
	if v == nil {
		return 0, nil
	}
	switch v.Type() {
	case fastjson.TypeNumber:
		return v.Int()
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		s := strings.TrimSpace(string(b))
		if s == "" || s == "-" {
			return 0, nil
		}
		return strconv.Atoi(s)
	}
	return 0, errors.New("not a number")
}

// jsonTime reads a timestamp string (ParseTime's layouts, nginx's time_local among them) or a
// Unix time in seconds, milliseconds, microseconds or nanoseconds (a number or numeric string,
// as nginx's $msec and Caddy's ts). Missing is the zero time (unknown).
func jsonTime(v *fastjson.Value) (time.Time, error) {
	if v == nil {
		return time.Time{}, nil
	}
	var s string
	switch v.Type() {
	case fastjson.TypeNumber:
		s = string(v.MarshalTo(nil))
	case fastjson.TypeString:
		b, _ := v.StringBytes()
		s = strings.TrimSpace(string(b))
	default:
		return time.Time{}, errors.New("not a time")
	}
	if s == "" || s == "-" {
		return time.Time{}, nil
	}
	if t, ok := unixTime(s); ok {
		return t, nil
	}
	return ParseTime(s)
}

// unixTime reads a Unix time whose unit is told by its size: an integer of up to 11 digits is
// seconds, then milliseconds, microseconds, nanoseconds; a decimal fraction is seconds.
func unixTime(s string) (time.Time, bool) {
	if s[0] < '0' || s[0] > '9' {
		return time.Time{}, false
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		switch {
		case n < 1e11:
			return time.Unix(n, 0).UTC(), true
		case n < 1e14:
			return time.UnixMilli(n).UTC(), true
		case n < 1e17:
			return time.UnixMicro(n).UTC(), true
		}
		return time.Unix(0, n).UTC(), true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f >= 1e11 {
		return time.Time{}, false
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e6))*1e3).UTC(), true
}
