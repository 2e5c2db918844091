package main

import (
	"net/url"
	"time"
)

// SCIM requests as a target's nginx logs them (combined format, with the virtual host in front
// as nginx's vhost variant writes it, since the host is what tells one endpoint from another).
// The requests are those the IdP events of the same seed caused (-mirror okta or entra), a
// fraction of a second to two seconds before the IdP logged the event, plus health checks.

const clfTime = "02/Jan/2006:15:04:05 -0700"

type request struct {
	at             time.Time
	method, target string // target: path and query, already encoded
	status, bytes  int
}

// accessLines appends the log lines of the requests event e caused (none for out-of-scope
// events, skips and, for Okta, nothing else).
func (g *gen) accessLines(b []byte, e *event, platform string, vhost bool) []byte {
	if g.r.IntN(40) == 0 {
		b = g.accessLine(b, vhost, g.probeHost(e), "10.20.0.5", request{at: e.at.Add(-3 * time.Second), method: "GET", target: "/healthz", status: 200, bytes: 2}, "kube-probe/1.31")
	}
	if e.outOfScope || (platform == "entra" && e.skipped) {
		return b
	}
	var reqs [2]request
	n := g.requests(e, platform, &reqs)
	host, ua, ip := "", oktaUA, ""
	if platform == "okta" {
		host = e.app.slug + "." + oldDomain
		ip = g.ip(44, 234)
	} else {
		host, ua = e.app.slug+"."+newDomain, entraUA
		if e.app.entraStale {
			host = e.app.slug + "." + oldDomain
		}
		ip = g.ip(20, 44)
	}
	for k := 0; k < n; k++ {
		b = g.accessLine(b, vhost, host, ip, reqs[k], ua)
	}
	return b
}

func (g *gen) probeHost(e *event) string { return e.app.slug + "." + oldDomain }

// requests fills the SCIM calls behind an event (FIELDS.md §3 and the clients' habits in §6 of
// the Okta and §5 of the Entra notes) and returns how many there are.
func (g *gen) requests(e *event, platform string, reqs *[2]request) int {
	okta := platform == "okta"
	users, groups := "/scim/v2/Users", "/scim/v2/Groups"
	var scimID []byte
	scimID = appendDerivedGUID(scimID, uint64(e.app.idx), uint64(e.user.idx))
	userPath := users + "/" + string(scimID)
	gid := appendDerivedGUID(nil, uint64(e.app.idx)|1<<20, uint64(e.group.idx))
	groupPath := groups + "/" + string(gid)
	filter := users + "?filter=" + filterQuery("userName", e.user.login, okta)
	if okta {
		filter += "&startIndex=1&count=100"
	}
	first, second := request{method: "GET"}, request{}
	n := 2
	switch e.op {
	case opLookup:
		if okta {
			first.target, n = filter, 1
		} else {
			first.target, second = filter, request{method: "PATCH", target: userPath}
		}
	case opCreate:
		first.target, second = filter, request{method: "POST", target: users}
	case opUpdate, opPassword:
		if okta {
			first.target, second = userPath, request{method: "PUT", target: userPath}
		} else {
			first.target, second = filter, request{method: "PATCH", target: userPath}
		}
	case opDeactivate, opReactivate:
		first.target, second = userPath, request{method: "PATCH", target: userPath}
	case opDelete:
		if okta {
			first.target, second = userPath, request{method: "PATCH", target: userPath}
		} else {
			first.target, second = userPath, request{method: "DELETE", target: userPath}
		}
	case opGroupPush:
		first.target = groups + "?filter=" + filterQuery("displayName", e.group.name, okta) + "&excludedAttributes=members"
		if e.variant%2 == 0 {
			second = request{method: "POST", target: groups}
		} else {
			second = request{method: "PATCH", target: groupPath}
		}
	case opMembership:
		first, n = request{method: "PATCH", target: groupPath}, 1
	default: // import
		first.target, n = users+"?startIndex=1&count=100", 1
	}
	lag := time.Duration(100+g.r.IntN(1900)) * time.Millisecond
	first.at = e.at.Add(-lag - time.Duration(n-1)*time.Duration(200+g.r.IntN(400))*time.Millisecond)
	second.at = e.at.Add(-lag)
	last := &first
	if n == 2 {
		last = &second
	}
	first.status, second.status = okStatus(first.method), okStatus(second.method)
	if e.status != 0 {
		last.status = e.status
		if e.status == 401 || e.status == 403 || e.status == 429 || e.status >= 500 {
			first.status = e.status
		}
	}
	first.bytes, second.bytes = responseBytes(first, g), responseBytes(second, g)
	reqs[0], reqs[1] = first, second
	return n
}

func okStatus(method string) int {
	switch method {
	case "POST":
		return 201
	case "DELETE":
		return 204
	}
	return 200
}

func responseBytes(r request, g *gen) int {
	switch {
	case r.status == 204:
		return 0
	case r.status >= 400:
		return 140 + g.r.IntN(120)
	case r.method == "GET":
		return 110 + g.r.IntN(1200) // an empty list response, or one or more resources
	}
	return 600 + g.r.IntN(600)
}

// filterQuery encodes a SCIM eq filter as each client does: Okta %20, Entra +.
func filterQuery(attr, value string, okta bool) string {
	q := url.QueryEscape(attr + ` eq "` + value + `"`)
	if !okta {
		return q
	}
	out := make([]byte, 0, len(q)+8)
	for i := 0; i < len(q); i++ {
		if q[i] == '+' {
			out = append(out, "%20"...)
		} else {
			out = append(out, q[i])
		}
	}
	return string(out)
}

func (g *gen) accessLine(b []byte, vhost bool, host, ip string, r request, ua string) []byte {
	if vhost {
		b = append(b, host...)
		b = append(b, ' ')
	}
	b = append(b, ip...)
	b = append(b, " - - ["...)
	b = r.at.AppendFormat(b, clfTime)
	b = append(b, `] "`...)
	b = append(b, r.method...)
	b = append(b, ' ')
	b = append(b, r.target...)
	b = append(b, ` HTTP/1.1" `...)
	b = appendInt(b, r.status)
	b = append(b, ' ')
	b = appendInt(b, r.bytes)
	b = append(b, ` "-" "`...)
	b = append(b, ua...)
	return append(b, "\"\n"...)
}

// accessMalformed appends a line nginx really writes now and then, or a broken one.
func (g *gen) accessMalformed(b []byte, e *event, k int, platform string, vhost bool) []byte {
	host := e.app.slug + "." + oldDomain
	if vhost {
		b = append(b, host...)
		b = append(b, ' ')
	}
	switch k % 4 {
	case 0: // cut off mid-request
		b = append(b, "44.234.52.10 - - ["...)
		b = e.at.AppendFormat(b, clfTime)
		return append(b, `] "PATCH /scim/v2/Users/4c1e`+"\n"...)
	case 1: // a TLS handshake sent to the plain-HTTP port
		b = append(b, "198.51.100.23 - - ["...)
		b = e.at.AppendFormat(b, clfTime)
		return append(b, `] "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03" 400 157 "-" "-"`+"\n"...)
	case 2: // a time no clock shows
		return append(b, `20.44.1.9 - - [31/Nov/2026:25:61:00 +0000] "GET /scim/v2/Users?startIndex=1&count=100 HTTP/1.1" 200 812 "-" "`+entraUA+"\"\n"...)
	default: // NUL bytes a crash left in the file
		return append(b, "\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\n"...)
	}
}
