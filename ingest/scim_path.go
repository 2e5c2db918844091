package ingest

import (
	"net/url"
	"strings"
)

// What a SCIM target's request says about the SCIM call it was: the pieces of its URL, the SCIM
// resource and base path, a simple filter, the base URL the client called, and the IdP its user
// agent names. Shared by every layout of the scim-access format.

// scimResources are the SCIM endpoints of RFC 7644 §3.2, by lower-case name, in canonical case.
// SCIM 1.1's plural "ServiceProviderConfigs" is stored as "ServiceProviderConfig", so that one
// name answers for both versions (the base path, /scim/v1 or /scim/v2, still tells them apart).
var scimResources = map[string]string{
	"users":                  "Users",
	"groups":                 "Groups",
	"serviceproviderconfig":  "ServiceProviderConfig",
	"serviceproviderconfigs": "ServiceProviderConfig",
	"schemas":                "Schemas",
	"resourcetypes":          "ResourceTypes",
	"bulk":                   "Bulk",
	".search":                ".search",
	"me":                     "Me",
}

// maxResourceName is the length of the longest name in scimResources.
const maxResourceName = len("serviceproviderconfigs")

// requestURL is a request target taken apart.
type requestURL struct {
	scheme string // from an absolute URL only ("" when the log does not say)
	host   string // from an absolute URL only
	path   string // still percent-encoded
	query  string // raw, without "?"
}

// splitTarget takes a request target apart: an origin-form "/path?query" as access logs write
// it, or an absolute "https://host:port/path?query" as ALB and proxies write it. A fragment is
// dropped. The path stays percent-encoded.
func splitTarget(target string) requestURL {
	var u requestURL
	if i := strings.Index(target, "://"); i > 0 && isScheme(target[:i]) {
		u.scheme = strings.ToLower(target[:i])
		rest := target[i+3:]
		end := strings.IndexAny(rest, "/?#")
		if end < 0 {
			end = len(rest)
		}
		u.host, target = rest[:end], rest[end:]
		if at := strings.LastIndexByte(u.host, '@'); at >= 0 {
			u.host = u.host[at+1:] // userinfo is no part of the host
		}
	}
	if i := strings.IndexByte(target, '#'); i >= 0 {
		target = target[:i]
	}
	u.path, u.query, _ = strings.Cut(target, "?")
	return u
}

func isScheme(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return s != ""
}

// scimPath is what a request path says about SCIM.
type scimPath struct {
	base       string // the prefix before the resource segment, without a trailing slash
	resource   string // canonical resource name
	resourceID string // the segment after the resource, URL-decoded
}

// parseSCIMPath finds the SCIM resource in a percent-encoded path: the first segment that names
// one (case-insensitively). Everything before it is the base, tenant ids in it included
// (/scim/v2/tenants/t-123); the next segment is the resource id. ok is false for a path with no
// SCIM resource (/, /favicon.ico, /healthz).
//
// POST {resource}/.search (RFC 7644 §3.4.3) keeps its resource and has no resource id: ".search"
// there names the operation, not an object.
func parseSCIMPath(path string) (p scimPath, ok bool) {
	start := 0
	for start < len(path) {
		if path[start] == '/' {
			start++
			continue
		}
		end := start + strings.IndexByte(path[start:], '/')
		if end < start {
			end = len(path)
		}
		if name, found := resourceName(path[start:end]); found {
			p.base = strings.TrimRight(path[:start], "/")
			p.resource = name
			p.resourceID = nextSegment(path[end:])
			if p.resourceID == ".search" && name != ".search" {
				p.resourceID = ""
			}
			return p, true
		}
		start = end
	}
	return scimPath{}, false
}

// resourceName reports whether a path segment names a SCIM resource, and its canonical name.
func resourceName(segment string) (string, bool) {
	if len(segment) < 2 || len(segment) > maxResourceName {
		return "", false
	}
	var buf [maxResourceName]byte
	for i := 0; i < len(segment); i++ {
		c := segment[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[i] = c
	}
	name, ok := scimResources[string(buf[:len(segment)])]
	return name, ok
}

// nextSegment returns the first segment of rest ("/id/..."), URL-decoded.
func nextSegment(rest string) string {
	rest = strings.TrimLeft(rest, "/")
	if i := strings.IndexByte(rest, '/'); i >= 0 {
		rest = rest[:i]
	}
	if strings.IndexByte(rest, '%') >= 0 {
		return pathSegmentUnescape(rest)
	}
	return rest
}

// pathSegmentUnescape percent-decodes a path segment ("+" stays a plus sign in a path),
// keeping it as it is where it is not valid.
func pathSegmentUnescape(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		return u
	}
	return s
}

// parseFilter reads the filter= parameter of a raw query (URL-decoded, "+" as a space). For a
// simple comparison `attr eq "value"` it returns the attribute as written (userName,
// externalId, emails[type eq "work"].value) and the value unquoted; a bare literal
// (true, 42) is returned as written. Other filters (and/or, other operators) give "", "".
func parseFilter(query string) (attr, value string) {
	raw, ok := queryParam(query, "filter")
	if !ok {
		return "", ""
	}
	return simpleEqFilter(PathUnescape(raw))
}

// queryParam returns the raw value of the first parameter of a query named name (in any case).
func queryParam(query, name string) (string, bool) {
	for query != "" {
		var pair string
		pair, query, _ = strings.Cut(query, "&")
		key, val, _ := strings.Cut(pair, "=")
		if strings.EqualFold(key, name) {
			return val, true
		}
	}
	return "", false
}

// simpleEqFilter splits `attr eq "value"` (RFC 7644 §3.4.2.2).
func simpleEqFilter(filter string) (attr, value string) {
	filter = strings.TrimSpace(filter)
	end := attrPathEnd(filter)
	if end <= 0 || end >= len(filter) {
		return "", ""
	}
	attr, rest := filter[:end], strings.TrimLeft(filter[end:], " ")
	if len(rest) < 3 || !strings.EqualFold(rest[:2], "eq") || rest[2] != ' ' {
		return "", ""
	}
	rest = strings.TrimSpace(rest[3:])
	if rest == "" {
		return "", ""
	}
	if rest[0] != '"' {
		if strings.ContainsAny(rest, " ()\"") {
			return "", ""
		}
		return attr, rest
	}
	value, ok := quotedValue(rest)
	if !ok {
		return "", ""
	}
	return attr, value
}

// attrPathEnd returns where the attribute path at the start of a filter ends: at the first
// space outside brackets (a value filter like emails[type eq "work"] holds spaces).
func attrPathEnd(filter string) int {
	depth, inQuote := 0, false
	for i := 0; i < len(filter); i++ {
		switch c := filter[i]; {
		case inQuote:
			if c == '\\' {
				i++
			} else if c == '"' {
				inQuote = false
			}
		case c == '"':
			inQuote = true
		case c == '[':
			depth++
		case c == ']':
			depth--
		case c == ' ' && depth == 0:
			return i
		case c == '(' && depth == 0:
			return -1 // a grouped filter is not simple
		}
	}
	return -1
}

// quotedValue reads s as exactly one JSON-style quoted string and returns its text.
func quotedValue(s string) (string, bool) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 >= len(s) {
				return "", false
			}
			i++
			b.WriteByte(s[i])
		case '"':
			if i != len(s)-1 {
				return "", false // more follows the value: and/or, not a simple filter
			}
			return b.String(), true
		default:
			b.WriteByte(c)
		}
	}
	return "", false
}

// userAgentPlatforms are the user-agent prefixes that name the IdP calling (FIELDS.md §4),
// lower-case. Generic agents (Apache-HttpClient, Java, curl) name no IdP and are not guessed.
var userAgentPlatforms = []struct{ prefix, platform string }{
	{"okta scim client", "okta"},
	{"microsoft azure ad scim provisioning", "entra"},
	{"microsoft entra", "entra"},
	{"authentik@", "authentik"},
}

// platformFromUserAgent names the IdP a user agent belongs to, by case-insensitive prefix, or "".
func platformFromUserAgent(ua string) string {
	ua = strings.TrimSpace(ua)
	for _, p := range userAgentPlatforms {
		if len(ua) >= len(p.prefix) && strings.EqualFold(ua[:len(p.prefix)], p.prefix) {
			return p.platform
		}
	}
	return ""
}

// normaliseHost lower-cases a host[:port] and drops the port the scheme implies: :443 for
// https, :80 for http. When the log names no scheme the port is the server's own (Apache's %p,
// behind TLS terminators often 80) and both 443 and 80 are dropped. Other ports stay.
func normaliseHost(scheme, hostport string) string {
	hostport = strings.ToLower(strings.TrimSpace(hostport))
	if hostport == "" || hostport == "-" {
		return ""
	}
	host, port := splitPort(hostport)
	switch {
	case port == "":
		return host
	case port == "443" && scheme != "http", port == "80" && scheme != "https":
		return host
	}
	return host + ":" + port
}

// splitPort splits "host:port" and "[v6]:port"; a bare IPv6 address has no port.
func splitPort(hostport string) (host, port string) {
	if strings.HasPrefix(hostport, "[") {
		if end := strings.IndexByte(hostport, ']'); end > 0 {
			host, rest := hostport[:end+1], hostport[end+1:]
			return host, strings.TrimPrefix(rest, ":")
		}
		return hostport, ""
	}
	if i := strings.LastIndexByte(hostport, ':'); i >= 0 && strings.IndexByte(hostport, ':') == i {
		return hostport[:i], hostport[i+1:]
	}
	return hostport, ""
}

// endpointURL is the base URL a client called: scheme://host + base, https unless the log
// names the scheme, "" when the log names no host.
func endpointURL(scheme, host, base string) string {
	if host == "" {
		return ""
	}
	if scheme == "" {
		scheme = "https"
	}
	return scheme + "://" + host + base
}

// clientAddress drops the port of a client address ("10.0.0.1:2817", "[2001:db8::1]:443").
func clientAddress(addr string) string {
	addr = strings.TrimSpace(addr)
	if addr == "-" {
		return ""
	}
	if strings.HasPrefix(addr, "[") {
		if end := strings.IndexByte(addr, ']'); end > 0 {
			return addr[1:end]
		}
	}
	if i := strings.LastIndexByte(addr, ':'); i >= 0 && strings.IndexByte(addr, ':') == i {
		return addr[:i]
	}
	return addr
}
