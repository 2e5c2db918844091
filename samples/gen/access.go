package main

import (
	"bytes"
	"fmt"
	"net/url"
	"slices"
	"time"
)

// hit is one request a SCIM gateway received.
type hit struct {
	at                        time.Time
	host, method, path, query string
	status, in, out           int
	ua, ip                    string
}

func (h hit) target() string {
	if h.query == "" {
		return h.path
	}
	return h.path + "?" + h.query
}

// hits lists every request of the window: the connectors' SCIM calls, Entra's "Test
// connection" calls, health checks and a scanner, in time order.
func (w *world) hits() []hit {
	var hs []hit
	for _, o := range w.ops {
		u, err := url.Parse(o.base)
		if o.base == "" || err != nil {
			continue
		}
		ua := oktaUA
		if o.platform == "entra" {
			ua = entraUA
		}
		for _, r := range o.reqs {
			hs = append(hs, hit{at: r.at, host: u.Host, method: r.method, path: u.Path + r.path, query: r.query,
				status: r.status, in: r.in, out: r.out, ua: ua, ip: o.ip})
		}
	}
	hs = append(hs, w.testConnections()...)
	hs = append(hs, w.noise()...)
	slices.SortStableFunc(hs, func(a, b hit) int { return a.at.Compare(b.at) })
	return hs
}

// testConnections: admins pressed "Test connection" while setting up the Entra jobs. Entra
// looks up a random user name. Notion's answer was already 401; Zoom's went to the old gateway.
func (w *world) testConnections() []hit {
	var hs []hit
	at := date(2026, 11, 13, 14, 2, 0)
	for _, slug := range []string{"slack", "zoom", "github", "notion", "jira", "salesforce"} {
		at = at.Add(w.between(2*time.Minute, 6*time.Minute))
		base, status := newBase(slug), 200
		switch slug {
		case "zoom":
			base = oldBase(slug)
		case "notion":
			status = 401
		}
		hs = append(hs, w.testConnection(at, base, status))
	}
	hs = append(hs, w.testConnection(boxPilotStart.Add(-4*time.Minute), newBase("box"), 200))
	return hs
}

func (w *world) testConnection(at time.Time, base string, status int) hit {
	u, _ := url.Parse(base)
	return hit{at: at, host: u.Host, method: "GET", path: u.Path + "/Users", query: scimFilter("userName", w.guid()),
		status: status, out: 110 + w.pick(60), ua: entraUA, ip: entraIPs[w.pick(len(entraIPs))]}
}

// noise is what every gateway also serves: health checks every three hours and a scanner.
func (w *world) noise() []hit {
	var hs []hit
	for _, host := range []string{legacyHost, gatewayHost, euHost} {
		ua, ip := monitorUA, "192.0.2.200"
		if host == legacyHost {
			ua, ip = probeUA, "10.20.0.5"
		}
		for t := windowStart.Add(w.between(0, time.Hour)); t.Before(windowEnd); t = t.Add(3*time.Hour + w.between(0, time.Minute)) {
			hs = append(hs, hit{at: t, host: host, method: "GET", path: "/healthz", status: 200, out: 2, ua: ua, ip: ip})
		}
		for _, path := range []string{"/.env", "/wp-login.php", "/robots.txt"} {
			at := windowStart.Add(w.between(24*time.Hour, 27*24*time.Hour))
			hs = append(hs, hit{at: at, host: host, method: "GET", path: path, status: 404, out: 150 + w.pick(30),
				ua: "Mozilla/5.0 (compatible; scanner/1.0)", ip: fmt.Sprintf("198.18.%d.%d", w.pick(255), 1+w.pick(254))})
		}
	}
	return hs
}

// legacyLog renders the old gateway's nginx log: combined format with the virtual host first.
// Two lines are broken: an error-log line that went to the wrong file, and a line cut short.
func legacyLog(hs []hit) []byte {
	var b bytes.Buffer
	errorLine, cut := false, false
	for _, h := range hs {
		if h.host != legacyHost {
			continue
		}
		line := fmt.Sprintf("%s %s - - [%s] \"%s %s HTTP/1.1\" %d %d \"-\" \"%s\"", h.host, h.ip,
			h.at.UTC().Format("02/Jan/2006:15:04:05 -0700"), h.method, h.target(), h.status, h.out, h.ua)
		switch {
		case !errorLine && h.at.After(date(2026, 11, 8, 2, 0, 0)):
			errorLine = true
			fmt.Fprintf(&b, "2026/11/08 02:00:03 [error] 2817#2817: *914203 upstream timed out (110: Connection timed out) while reading response header from upstream, client: 10.20.0.5, server: %s, request: \"GET /healthz HTTP/1.1\", upstream: \"http://10.20.3.11:8080/healthz\", host: \"%s\"\n", legacyHost, legacyHost)
		case !cut && h.path == "/healthz" && h.at.After(date(2026, 11, 21, 3, 0, 0)):
			cut = true
			line = line[:len(line)/2]
		}
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if !errorLine || !cut {
		panic("legacy log: the broken lines were not placed")
	}
	return b.Bytes()
}

const (
	albName        = "app/scim-gateway/5a1f0c3e9b7d2e41"
	albTargetGroup = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/scim-gateway/0a1b2c3d4e5f6a7b"
	albCert        = "arn:aws:acm:eu-west-1:123456789012:certificate/6f1d2c3b-4a59-4e68-9b7c-8d9e0f1a2b3c"
)

var albTargets = []string{"10.30.12.7:8443", "10.30.14.21:8443", "10.30.16.9:8443"}

// albRule is the listener rule priority that routes a path to the gateway.
func albRule(path string) int {
	for i, slug := range []string{"slack", "zoom", "github", "notion", "jira", "salesforce", "box"} {
		if len(path) > len(slug)+1 && path[1:len(slug)+1] == slug {
			return 10 * (i + 1)
		}
	}
	if path == "/healthz" {
		return 1
	}
	return 0
}

// albLog renders the new gateway's AWS ALB access log, which only begins at albStart.
// Lines are in the order of their first field, the time the response was sent.
func (w *world) albLog(hs []hit) []byte {
	type line struct {
		end  time.Time
		text string
	}
	var lines []line
	for _, h := range hs {
		if h.host != gatewayHost || h.at.Before(albStart) {
			continue
		}
		reqTime := 0.0001 * float64(w.pick(10))
		targetTime := 0.015 + 0.001*float64(w.pick(380))
		respTime := 0.0
		end := h.at.Add(time.Duration((reqTime + targetTime + respTime) * float64(time.Second)))
		target := albTargets[w.pick(len(albTargets))]
		trace := fmt.Sprintf("Root=1-%08x-%s", h.at.Unix(), w.chars(24, hexdig))
		lines = append(lines, line{end, fmt.Sprintf("https %s %s %s:%d %s %.3f %.3f %.3f %d %d %d %d \"%s https://%s:443%s HTTP/1.1\" \"%s\" ECDHE-RSA-AES128-GCM-SHA256 TLSv1.2 %s \"%s\" \"%s\" \"%s\" %d %s \"forward\" \"-\" \"-\" \"%s\" \"%d\" \"-\" \"-\"\n",
			end.UTC().Format("2006-01-02T15:04:05.000000Z"), albName, h.ip, 30000+w.pick(35000), target,
			reqTime, targetTime, respTime, h.status, h.status, h.in+280+w.pick(60), h.out+240+w.pick(40),
			h.method, h.host, h.target(), h.ua, albTargetGroup, trace, h.host, albCert, albRule(h.path),
			h.at.UTC().Format("2006-01-02T15:04:05.000000Z"), target, h.status)})
	}
	slices.SortStableFunc(lines, func(a, b line) int { return a.end.Compare(b.end) })
	var b bytes.Buffer
	for _, l := range lines {
		b.WriteString(l.text)
	}
	return b.Bytes()
}

// jsonAccess is one line of the EU gateway's JSON access log (nginx log_format escape=json).
type jsonAccess struct {
	Time        string  `json:"time"`
	RemoteAddr  string  `json:"remote_addr"`
	Host        string  `json:"host"`
	Method      string  `json:"method"`
	URI         string  `json:"uri"`
	Status      int     `json:"status"`
	Bytes       int     `json:"bytes"`
	UserAgent   string  `json:"user_agent"`
	RequestTime float64 `json:"request_time"`
}

func (w *world) euLog(hs []hit) []byte {
	var lines [][]byte
	for _, h := range hs {
		if h.host != euHost {
			continue
		}
		lines = append(lines, compactJSON(jsonAccess{
			Time: h.at.UTC().Format("2006-01-02T15:04:05+00:00"), RemoteAddr: h.ip, Host: h.host, Method: h.method,
			URI: h.target(), Status: h.status, Bytes: h.out, UserAgent: h.ua, RequestTime: 0.001 * float64(12+w.pick(300)),
		}))
	}
	return joinLines(lines)
}
