package ingest

import (
	"bytes"
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/scimdrift/scimdrift/internal/secret"
	"github.com/valyala/fastjson"
)

// SCIMAccess reads what a SCIM target logged of the requests it received: web-server and load
// balancer access logs (scim_access_lines.go) and JSON access logs (scim_access_json.go). Each
// SCIM request becomes one access row; the SCIM reading of its URL and user agent is in
// scim_path.go. Requests that are not SCIM and comment lines are out of scope.
var SCIMAccess = Format{
	Name:        "scim-access",
	Platform:    "", // rows are target-side; the IdP is inferred per request from the user agent
	Description: "SCIM target access logs: nginx/Apache combined and vhost_combined, AWS ALB, JSON access logs, SaaS SCIM logs",
	Shapes: []string{
		`nginx/Apache combined: ip - user [02/Jan/2006:15:04:05 -0700] "METHOD /path?query HTTP/1.1" status bytes "referer" "user-agent" (common log format and extra trailing fields accepted)`,
		`Apache vhost_combined: host:port ip - user [time] "REQUEST" status bytes "referer" "user-agent", and nginx's variant with a leading host without port`,
		`AWS ALB access log: type time elb client:port target:port … elb_status_code target_status_code received_bytes sent_bytes "METHOD https://host:443/path?query HTTP/1.1" "user-agent" …`,
		`JSON access logs, one object per line or an array (nginx escape=json, Envoy, ECS, Caddy field names): time, client ip, host, request line or method + path, status, bytes, user agent, token fingerprint or Authorization`,
		`Files.com-style ScimLog objects: request_path, request_method, http_response_code, user_agent, created_at`,
	},
	Detect:     detectSCIMAccess,
	NewDecoder: newSCIMAccessDecoder,
}

// Out-of-scope kinds of this format.
const (
	kindNonSCIM = "non-SCIM request"
	kindComment = "comment"
)

// detectSCIMAccess claims text lines in an access-log layout, and JSON records with a request
// method, path and status — but not Okta LogEvents (eventType) or Entra provisioning records
// (jobId), which carry similar fields.
func detectSCIMAccess(s *Sniff) bool {
	switch s.Container {
	case JSONRecords:
		return detectJSONAccess(s.First)
	case TextLines:
		return detectAccessLines(s.Lines)
	}
	return false
}

// scimAccessDecoder decodes one file. The first record chooses JSON or text; for text, the
// first line that parses chooses the layout tried first on later lines, the others being
// tried when it does not fit (nginx logs mix combined and vhost-prefixed lines).
type scimAccessDecoder struct {
	decided    bool
	jsonFile   bool
	textLayout accessLayout
	tokens     []logToken
	json       jsonAccessFields
	parser     fastjson.Parser
}

func newSCIMAccessDecoder([]string) (Decoder, error) { return &scimAccessDecoder{}, nil }

// Learnt reports whether the decoder has learnt all it will of the file: JSON or text, and for
// text the layout to try first (a JSON file never reads a line as text).
func (d *scimAccessDecoder) Learnt() bool {
	return d.decided && (d.jsonFile || d.textLayout != layoutNone)
}

// Clone returns a decoder that has learnt what d has, for another worker.
func (d *scimAccessDecoder) Clone() Decoder {
	return &scimAccessDecoder{decided: d.decided, jsonFile: d.jsonFile, textLayout: d.textLayout}
}

// accessRequest is one request as a log gives it, before the SCIM derivations.
type accessRequest struct {
	time        time.Time
	scheme      string // "" when the log does not say
	host        string // host[:port] as logged
	method      string
	target      string // the request target: "/path?query", or an absolute URL (ALB)
	query       string // a query logged apart from the path (JSON logs)
	status      int
	bytes       int64
	userAgent   string
	clientIP    string
	tokenFP     string
	tokenTenant string
}

// errNoRequest marks a log line without a request (nginx writes "-" for a connection closed
// before one was sent): nothing SCIM was asked.
var errNoRequest = errors.New("no request")

// Decode stores one SCIM request, counts a comment or a non-SCIM request out of scope, or
// rejects a record it cannot read.
func (d *scimAccessDecoder) Decode(rec *Record, b *Batch) error {
	raw := bytes.TrimSpace(rec.Raw)
	if len(raw) == 0 {
		return errors.New("empty record")
	}
	if !d.decided {
		d.decided, d.jsonFile = true, raw[0] == '{' || raw[0] == '['
	}
	var req accessRequest
	var err error
	switch {
	case raw[0] == '#' && !d.jsonFile:
		b.OutOfScope(kindComment)
		return nil
	case raw[0] == '{':
		err = d.decodeJSON(rec, raw, &req)
	case d.jsonFile:
		return errors.New("not a JSON object")
	default:
		err = d.decodeLine(string(raw), &req)
	}
	if errors.Is(err, errNoRequest) {
		b.OutOfScope(kindNonSCIM)
		return nil
	}
	if err != nil {
		return err
	}
	addSCIMAccess(&req, b)
	return nil
}

// addSCIMAccess derives the SCIM columns of a request and stores it, or counts it out of scope
// when its path names no SCIM resource. The host of an absolute request URL (ALB) is the one
// the client called and wins over a logged virtual host. Derived columns that repeat the path
// are redacted as the framework redacts the path itself.
func addSCIMAccess(req *accessRequest, b *Batch) {
	u := splitTarget(req.target)
	scheme, host := req.scheme, req.host
	if u.host != "" {
		scheme, host = u.scheme, u.host
	}
	if u.query == "" {
		u.query = strings.TrimPrefix(req.query, "?")
	}
	p, ok := parseSCIMPath(u.path)
	if !ok {
		b.OutOfScope(kindNonSCIM)
		return
	}
	host = normaliseHost(scheme, host)
	attr, value := parseFilter(u.query)
	b.AddAccess(Access{
		Time:        req.time,
		Host:        host,
		Method:      strings.ToUpper(req.method),
		Path:        u.path,
		Query:       u.query,
		Endpoint:    secret.Redact(endpointURL(scheme, host, p.base)),
		SCIMBase:    secret.Redact(p.base),
		Resource:    p.resource,
		ResourceID:  secret.Redact(p.resourceID),
		FilterAttr:  attr,
		FilterValue: secret.Redact(value),
		Status:      req.status,
		Bytes:       req.bytes,
		UserAgent:   req.userAgent,
		ClientIP:    req.clientIP,
		Platform:    platformFromUserAgent(req.userAgent),
		TokenFP:     req.tokenFP,
		TokenTenant: req.tokenTenant,
	})
}

// splitRequestLine splits "METHOD TARGET PROTOCOL" (the protocol may be missing, and ALB keeps
// spaces of a malformed URL inside the target). "-" or "" is errNoRequest.
func splitRequestLine(line string) (method, target string, err error) {
	line = strings.TrimSpace(line)
	if line == "" || line == "-" {
		return "", "", errNoRequest
	}
	method, rest, found := strings.Cut(line, " ")
	if method == "-" {
		return "", "", errNoRequest // ALB: "- http://host:80- -" for a request it could not parse
	}
	if !found || !isMethod(method) {
		return "", "", errors.New("request " + quoteShort(line) + " is not METHOD TARGET PROTOCOL")
	}
	rest = strings.TrimSpace(rest)
	if i := strings.LastIndexByte(rest, ' '); i >= 0 && strings.HasPrefix(strings.ToUpper(rest[i+1:]), "HTTP/") {
		rest = strings.TrimSpace(rest[:i])
	}
	return method, rest, nil
}

// isMethod reports an HTTP method token (letters, as every real method is; "-" is ALB's
// placeholder for a request it could not parse).
func isMethod(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z') {
			return false
		}
	}
	return true
}

// quoteShort quotes a value for an error message, cut to a readable length.
func quoteShort(s string) string {
	const limit = 120
	if len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "…"
	}
	return strconv.Quote(s)
}
