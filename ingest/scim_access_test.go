package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/scimdrift/scimdrift/internal/secret"
	"github.com/valyala/fastjson"
)

func TestSCIMAccessGolden(t *testing.T) {
	for _, name := range []string{
		"combined.log",
		"vhost_combined.log",
		"alb.log",
		"nginx_json.ndjson",
		"files_com_scimlog.json",
		"tokens.ndjson",
	} {
		t.Run(name, func(t *testing.T) { goldenIngest(t, "testdata/scim-access/"+name) })
	}
}

// The fixture's JWTs and bearer token must leave nothing but fingerprints behind, in rows and
// in rejects alike.
func TestSCIMAccessKeepsNoToken(t *testing.T) {
	path := "testdata/scim-access/tokens.ndjson"
	src, tx := ingestForTest(t, path, Options{})
	out := string(renderGolden(t, src, tx))
	for _, raw := range []string{"eyJ", "aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH"} {
		if strings.Contains(out, raw) {
			t.Errorf("ingesting %s kept %q", path, raw)
		}
	}
	tenants := map[string]bool{}
	for _, a := range tx.Access {
		if a.TokenFP == "" {
			t.Errorf("%s %s: no token fingerprint", a.Method, a.Path)
		}
		tenants[a.TokenTenant] = true
	}
	for _, tenant := range []string{"3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f", "https://acme.okta.com/oauth2/default"} {
		if !tenants[tenant] {
			t.Errorf("no row has token tenant %q (have %v)", tenant, tenants)
		}
	}
}

// A rejected record that holds a raw token is kept as a reject with the token replaced by its
// fingerprint: nothing is lost and no secret is stored.
func TestSCIMAccessRejectKeepsOnlyTheFingerprint(t *testing.T) {
	const token = "aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH"
	path := filepath.Join(t.TempDir(), "access.ndjson")
	text := `{"time":"2026-11-16T08:30:00Z","request":"GET /scim/v2/Users HTTP/1.1","status":200,"bearer_token":"x` + token + `"}` + "\n" +
		`{"time":"2026-11-16T08:30:01Z","request":"GET /scim/v2/Users HTTP/1.1","status":"teapot","bearer_token":"` + token + `"}` + "\n"
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	src, tx := ingestForTest(t, path, Options{})
	if src.Stored != 1 || src.Rejected != 1 {
		t.Fatalf("stored %d, rejected %d; want 1 and 1", src.Stored, src.Rejected)
	}
	raw := tx.Rejects[0].Raw
	if strings.Contains(raw, token) || !strings.Contains(raw, secret.Fingerprint(token)) {
		t.Errorf("reject raw text = %q; want the token's fingerprint in its place", raw)
	}
}

func TestSCIMAccessDetect(t *testing.T) {
	lines := func(ls ...string) *Sniff {
		s := &Sniff{Container: TextLines}
		for _, l := range ls {
			s.Lines = append(s.Lines, []byte(l))
		}
		return s
	}
	record := func(js string) *Sniff { return &Sniff{Container: JSONRecords, First: []byte(js)} }
	const combined = `198.51.100.23 - - [16/Nov/2026:09:14:02 +0100] "GET /scim/v2/Users HTTP/1.1" 200 87 "-" "Okta SCIM Client 1.0.0"`
	for _, tc := range []struct {
		name  string
		sniff *Sniff
		want  bool
	}{
		{"combined", lines(combined), true},
		{"common log format", lines(`10.0.0.1 - bob [16/Nov/2026:09:14:02 +0000] "GET /scim/v2/Users HTTP/1.1" 200 87`), true},
		{"comment then combined", lines("# access log", combined), true},
		{"one malformed line among good ones", lines(combined, "garbage", combined), true},
		{"apache vhost_combined", lines(`scim.acme.example:443 ` + combined), true},
		{"nginx vhost first", lines(`scim.acme.example ` + combined), true},
		{"ALB", lines(`https 2026-11-16T08:14:02.186641Z app/lb/50dc 198.51.100.23:51234 10.0.1.15:8080 0.001 0.012 0.000 200 200 312 1024 "GET https://scim.acme.example:443/scim/v2/Users HTTP/1.1" "Okta SCIM Client 1.0.0" ECDHE TLSv1.2 arn "Root=1" "scim.acme.example" "-" 1 2026-11-16T08:14:02.173000Z "forward" "-" "-" "10.0.1.15:8080" "200" "-" "-"`), true},
		{"mostly garbage", lines("garbage one", "garbage two", combined), false},
		{"inventory CSV", lines("platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner", "okta,acme.okta.com,Slack,0oa1,true,https://scim.acme.example/scim/v2,,"), false},
		{"CloudFront", lines("#Version: 1.0", "#Fields: date time x-edge-location sc-bytes c-ip", "2026-11-16\t08:14:02\tFRA56-C1\t1024\t198.51.100.23"), false},
		{"only comments", lines("# nothing", "# here"), false},
		{"JSON request line", record(`{"time":"2026-11-16T08:14:02Z","request":"GET /scim/v2/Users HTTP/1.1","status":200}`), true},
		{"JSON method and path", record(`{"request_method":"GET","request_uri":"/scim/v2/Users","status":"200"}`), true},
		{"Files.com ScimLog", record(`{"id":1,"created_at":"2023-01-01T12:00:00Z","request_path":"/api/scim/Users","request_method":"POST","http_response_code":"200","user_agent":"Okta"}`), true},
		{"ECS nested", record(`{"url":{"path":"/scim/v2/Users"},"http":{"request":{"method":"GET"},"response":{"status_code":200}}}`), true},
		{"Caddy", record(`{"ts":1794818710.25,"request":{"method":"GET","uri":"/scim/v2/Users"},"status":200}`), true},
		{"JSON without status", record(`{"method":"GET","path":"/scim/v2/Users"}`), false},
		{"JSON without method", record(`{"path":"/scim/v2/Users","status":200}`), false},
		{"Okta LogEvent", record(`{"uuid":"u1","eventType":"application.provision.user.push","published":"2026-11-16T08:14:02Z","request":"GET /x HTTP/1.1","status":200,"method":"GET","path":"/x"}`), false},
		{"Entra provisioning", record(`{"id":"p1","jobId":"slackOutDelta.1","activityDateTime":"2026-11-16T08:14:02Z","method":"PATCH","path":"/Users/1","status":"failure"}`), false},
		{"JSON array first", record(`[1,2]`), false},
		{"no JSON record", record(``), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := detectSCIMAccess(tc.sniff); got != tc.want {
				t.Errorf("detect = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestParseSCIMPath(t *testing.T) {
	for _, tc := range []struct {
		path string
		want scimPath
		ok   bool
	}{
		{"/scim/v2/Users", scimPath{"/scim/v2", "Users", ""}, true},
		{"/scim/v2/Users/2819c223-7f76-453a-919d-413861904646", scimPath{"/scim/v2", "Users", "2819c223-7f76-453a-919d-413861904646"}, true},
		{"/scim/v2/users/abc/", scimPath{"/scim/v2", "Users", "abc"}, true},
		{"/SCIM/V2/GROUPS/g1", scimPath{"/SCIM/V2", "Groups", "g1"}, true},
		{"/scim/v2/tenants/t-123/Users/u1", scimPath{"/scim/v2/tenants/t-123", "Users", "u1"}, true},
		{"/scim/v2/ServiceProviderConfig", scimPath{"/scim/v2", "ServiceProviderConfig", ""}, true},
		{"/scim/v1/ServiceProviderConfigs", scimPath{"/scim/v1", "ServiceProviderConfig", ""}, true},
		{"/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", scimPath{"/scim/v2", "Schemas", "urn:ietf:params:scim:schemas:core:2.0:User"}, true},
		{"/scim/v2/ResourceTypes", scimPath{"/scim/v2", "ResourceTypes", ""}, true},
		{"/scim/v2/Bulk", scimPath{"/scim/v2", "Bulk", ""}, true},
		{"/scim/v2/.search", scimPath{"/scim/v2", ".search", ""}, true},
		{"/scim/v2/Users/.search", scimPath{"/scim/v2", "Users", ""}, true},
		{"/scim/v2/Me", scimPath{"/scim/v2", "Me", ""}, true},
		{"/Users", scimPath{"", "Users", ""}, true},
		{"/scim/v2//Users", scimPath{"/scim/v2", "Users", ""}, true},
		{"/api_scim.php/Users/7", scimPath{"/api_scim.php", "Users", "7"}, true},
		{"/scim/v2/Users/alice%40acme.example", scimPath{"/scim/v2", "Users", "alice@acme.example"}, true},
		{"/scim/v2/Users/a+b", scimPath{"/scim/v2", "Users", "a+b"}, true},
		{"/scim/v2/Users/bad%zzescape", scimPath{"/scim/v2", "Users", "bad%zzescape"}, true},
		{"/scim/v2/Userss", scimPath{}, false},
		{"/", scimPath{}, false},
		{"", scimPath{}, false},
		{"/favicon.ico", scimPath{}, false},
		{"/healthz", scimPath{}, false},
		{"/scim/v2", scimPath{}, false},
	} {
		t.Run(tc.path, func(t *testing.T) {
			got, ok := parseSCIMPath(tc.path)
			if got != tc.want || ok != tc.ok {
				t.Errorf("parseSCIMPath(%q) = %+v, %v; want %+v, %v", tc.path, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestParseFilter(t *testing.T) {
	for _, tc := range []struct {
		query, attr, value string
	}{
		{`filter=userName%20eq%20%22alice%40acme.example%22&startIndex=1&count=100`, "userName", "alice@acme.example"},
		{`startIndex=1&filter=userName+eq+%22alice%40acme.example%22`, "userName", "alice@acme.example"},
		{`filter=externalId%20EQ%20%2200ujl29u0le5T6Aj10h7%22`, "externalId", "00ujl29u0le5T6Aj10h7"},
		{`filter=displayName%20eq%20%22Sales%20%26%20Marketing%22`, "displayName", "Sales & Marketing"},
		{`filter=displayName%20eq%20%22say%20%5C%22hi%5C%22%22`, "displayName", `say "hi"`},
		{`filter=emails%5Btype%20eq%20%22work%22%5D.value%20eq%20%22carol%40acme.example%22`, `emails[type eq "work"].value`, "carol@acme.example"},
		{`filter=active%20eq%20true`, "active", "true"},
		{`Filter=userName%20eq%20%22bob%22`, "userName", "bob"},
		{`filter=userName%20eq%20%22a%20and%20b%22`, "userName", "a and b"},
		{`filter=userName%20eq%20%22a%22%20and%20active%20eq%20true`, "", ""},
		{`filter=userName%20sw%20%22a%22`, "", ""},
		{`filter=(userName%20eq%20%22a%22)`, "", ""},
		{`filter=userName%20eq%20%22unterminated`, "", ""},
		{`filter=userName%20eq%20`, "", ""},
		{`filter=`, "", ""},
		{`startIndex=1&count=100`, "", ""},
		{``, "", ""},
	} {
		t.Run(tc.query, func(t *testing.T) {
			attr, value := parseFilter(tc.query)
			if attr != tc.attr || value != tc.value {
				t.Errorf("parseFilter(%q) = %q, %q; want %q, %q", tc.query, attr, value, tc.attr, tc.value)
			}
		})
	}
}

func TestPlatformFromUserAgent(t *testing.T) {
	for _, tc := range []struct{ ua, want string }{
		{"Okta SCIM Client 1.0.0", "okta"},
		{"okta scim client 2.1", "okta"},
		{"Microsoft Azure AD SCIM provisioning 1.0.0", "entra"},
		{"Microsoft Entra SCIM provisioning", "entra"},
		{"authentik@2024.10.2", "authentik"},
		{"Okta", ""},
		{"Apache-HttpClient/4.5.13 (Java/11.0.19)", ""},
		{"Mozilla/5.0 (compatible; Okta SCIM Client)", ""},
		{"curl/8.5.0", ""},
		{"", ""},
	} {
		if got := platformFromUserAgent(tc.ua); got != tc.want {
			t.Errorf("platformFromUserAgent(%q) = %q, want %q", tc.ua, got, tc.want)
		}
	}
}

func TestEndpoint(t *testing.T) {
	for _, tc := range []struct{ scheme, host, base, wantHost, wantEndpoint string }{
		{"", "scim.acme.example", "/scim/v2", "scim.acme.example", "https://scim.acme.example/scim/v2"},
		{"", "SCIM.Acme.Example:443", "/scim/v2", "scim.acme.example", "https://scim.acme.example/scim/v2"},
		{"", "scim.acme.example:80", "/scim/v2", "scim.acme.example", "https://scim.acme.example/scim/v2"},
		{"", "scim.acme.example:8443", "/scim/v2", "scim.acme.example:8443", "https://scim.acme.example:8443/scim/v2"},
		{"https", "scim.acme.example:443", "/scim/v2/tenants/t-123", "scim.acme.example", "https://scim.acme.example/scim/v2/tenants/t-123"},
		{"https", "scim.acme.example:80", "", "scim.acme.example:80", "https://scim.acme.example:80"},
		{"http", "scim.acme.example:80", "/scim", "scim.acme.example", "http://scim.acme.example/scim"},
		{"http", "scim.acme.example:443", "/scim", "scim.acme.example:443", "http://scim.acme.example:443/scim"},
		{"", "[2001:DB8::1]:443", "/scim/v2", "[2001:db8::1]", "https://[2001:db8::1]/scim/v2"},
		{"", "[2001:db8::1]:8443", "/scim/v2", "[2001:db8::1]:8443", "https://[2001:db8::1]:8443/scim/v2"},
		{"", "", "/scim/v2", "", ""},
		{"", "-", "/scim/v2", "", ""},
	} {
		host := normaliseHost(tc.scheme, tc.host)
		endpoint := endpointURL(tc.scheme, host, tc.base)
		if host != tc.wantHost || endpoint != tc.wantEndpoint {
			t.Errorf("(%q, %q, %q): host %q endpoint %q; want %q, %q", tc.scheme, tc.host, tc.base, host, endpoint, tc.wantHost, tc.wantEndpoint)
		}
	}
}

func TestSplitTarget(t *testing.T) {
	for _, tc := range []struct {
		target string
		want   requestURL
	}{
		{"/scim/v2/Users?count=1", requestURL{"", "", "/scim/v2/Users", "count=1"}},
		{"/scim/v2/Users", requestURL{"", "", "/scim/v2/Users", ""}},
		{"/scim/v2/Users#frag", requestURL{"", "", "/scim/v2/Users", ""}},
		{"https://scim.acme.example:443/scim/v2/Users?a=b", requestURL{"https", "scim.acme.example:443", "/scim/v2/Users", "a=b"}},
		{"HTTP://user:pw@scim.acme.example/scim/v2/Users", requestURL{"http", "scim.acme.example", "/scim/v2/Users", ""}},
		{"https://scim.acme.example?x=1", requestURL{"https", "scim.acme.example", "", "x=1"}},
		{"/redirect?to=https://evil.example/", requestURL{"", "", "/redirect", "to=https://evil.example/"}},
		{"*", requestURL{"", "", "*", ""}},
	} {
		if got := splitTarget(tc.target); got != tc.want {
			t.Errorf("splitTarget(%q) = %+v, want %+v", tc.target, got, tc.want)
		}
	}
}

func TestSplitRequestLine(t *testing.T) {
	for _, tc := range []struct {
		line, method, target, err string
	}{
		{"GET /scim/v2/Users?x=1 HTTP/1.1", "GET", "/scim/v2/Users?x=1", ""},
		{"patch /scim/v2/Users/1 HTTP/2.0", "patch", "/scim/v2/Users/1", ""},
		{"GET /scim/v2/Users", "GET", "/scim/v2/Users", ""},
		{"GET http://h:80/a b HTTP/1.1", "GET", "http://h:80/a b", ""},
		{"-", "", "", "no request"},
		{"", "", "", "no request"},
		{"- - - ", "", "", "no request"},
		{"\x16\x03\x01", "", "", `request "\x16\x03\x01" is not METHOD TARGET PROTOCOL`},
		{"GET", "", "", `request "GET" is not METHOD TARGET PROTOCOL`},
	} {
		method, target, err := splitRequestLine(tc.line)
		got := ""
		if err != nil {
			got = err.Error()
		}
		if method != tc.method || target != tc.target || got != tc.err {
			t.Errorf("splitRequestLine(%q) = %q, %q, %q; want %q, %q, %q", tc.line, method, target, got, tc.method, tc.target, tc.err)
		}
	}
}

func TestClientAddress(t *testing.T) {
	for _, tc := range []struct{ addr, want string }{
		{"198.51.100.23", "198.51.100.23"},
		{"198.51.100.23:51234", "198.51.100.23"},
		{"[2001:db8::1]:443", "2001:db8::1"},
		{"2001:db8::1", "2001:db8::1"},
		{" 10.0.0.1 ", "10.0.0.1"},
		{"-", ""},
	} {
		if got := clientAddress(tc.addr); got != tc.want {
			t.Errorf("clientAddress(%q) = %q, want %q", tc.addr, got, tc.want)
		}
	}
}

func TestTokenEvidence(t *testing.T) {
	const jwt = "eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ0LTEyMyJ9.c2ln"
	for _, tc := range []struct{ name, fp, auth, wantFP, wantTenant string }{
		{"logged fingerprint", "sha256:0c5b1e2d3f4a5b6c", "", "sha256:0c5b1e2d3f4a5b6c", ""},
		{"customer's own fingerprint", "ab12cd34", "", "ab12cd34", ""},
		{"raw token in the fingerprint field", "aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH", "", secret.Fingerprint("aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH"), ""},
		{"bearer JWT", "", "Bearer " + jwt, secret.Fingerprint(jwt), "t-123"},
		{"raw token wins over a logged fingerprint", "sha256:0c5b1e2d3f4a5b6c", jwt, secret.Fingerprint(jwt), "t-123"},
		{"nothing", "", "", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fp, tenant := tokenEvidence(tc.fp, tc.auth)
			if fp != tc.wantFP || tenant != tc.wantTenant {
				t.Errorf("tokenEvidence(%q, %q) = %q, %q; want %q, %q", tc.fp, tc.auth, fp, tenant, tc.wantFP, tc.wantTenant)
			}
		})
	}
}

// Field-name variants of JSON access logs, decoded one record at a time.
func TestSCIMAccessJSONVariants(t *testing.T) {
	at := time.Date(2026, 11, 16, 8, 14, 2, 0, time.UTC)
	for _, tc := range []struct {
		name, record string
		want         Access
	}{
		{"nginx escape=json with a request line",
			`{"time_local":"16/Nov/2026:09:14:02 +0100","remote_addr":"198.51.100.23","host":"scim.acme.example","request":"GET /scim/v2/Users?count=1 HTTP/1.1","status":"200","bytes_sent":"87","http_user_agent":"Okta SCIM Client 1.0.0"}`,
			Access{Time: at, Host: "scim.acme.example", Method: "GET", Path: "/scim/v2/Users", Query: "count=1", Endpoint: "https://scim.acme.example/scim/v2", SCIMBase: "/scim/v2", Resource: "Users", Status: 200, Bytes: 87, UserAgent: "Okta SCIM Client 1.0.0", ClientIP: "198.51.100.23", Platform: "okta"}},
		{"keys in any case, numbers as strings, separate query",
			`{"Timestamp":"2026-11-16T08:14:02Z","ClientIp":"203.0.113.40","Server_Name":"SCIM.acme.example","Verb":"get","Uri":"/scim/v2/Groups","Args":"filter=displayName+eq+%22Eng%22","Status_Code":"404","Bytes":"0","User-Agent":"Microsoft Azure AD SCIM provisioning 1.0.0"}`,
			Access{Time: at, Host: "scim.acme.example", Method: "GET", Path: "/scim/v2/Groups", Query: "filter=displayName+eq+%22Eng%22", Endpoint: "https://scim.acme.example/scim/v2", SCIMBase: "/scim/v2", Resource: "Groups", FilterAttr: "displayName", FilterValue: "Eng", Status: 404, UserAgent: "Microsoft Azure AD SCIM provisioning 1.0.0", ClientIP: "203.0.113.40", Platform: "entra"}},
		{"full URL in url, scheme from it",
			`{"@timestamp":"2026-11-16T08:14:02Z","ip":"192.0.2.10","http_method":"DELETE","url":"http://scim.acme.example:80/scim/v2/Users/u1","http_status":204,"userAgent":"authentik@2024.10.2"}`,
			Access{Time: at, Host: "scim.acme.example", Method: "DELETE", Path: "/scim/v2/Users/u1", Endpoint: "http://scim.acme.example/scim/v2", SCIMBase: "/scim/v2", Resource: "Users", ResourceID: "u1", Status: 204, UserAgent: "authentik@2024.10.2", ClientIP: "192.0.2.10", Platform: "authentik"}},
		{"flat dotted ECS keys, epoch milliseconds, logged scheme",
			`{"time":1794816842000,"url.path":"/scim/v2/Users","http.request.method":"POST","http.response.status_code":201,"url.domain":"scim.acme.example","scheme":"http","client.ip":"203.0.113.40"}`,
			Access{Time: at, Host: "scim.acme.example", Method: "POST", Path: "/scim/v2/Users", Endpoint: "http://scim.acme.example/scim/v2", SCIMBase: "/scim/v2", Resource: "Users", Status: 201, ClientIP: "203.0.113.40"}},
		{"nulls and dashes are unknown",
			`{"time":null,"remote_addr":"-","host":null,"request_method":"GET","request_path":"/scim/v2/Me","response_code":"-","body_bytes_sent":"-","user_agent":"-"}`,
			Access{Method: "GET", Path: "/scim/v2/Me", SCIMBase: "/scim/v2", Resource: "Me"}},
		{"request_uri wins over the normalised uri",
			`{"uri":"/scim/v2/Users/a b","request_uri":"/scim/v2/Users/a%20b?attributes=id","method":"GET","status":200,"time":"1794816842"}`,
			Access{Time: at, Method: "GET", Path: "/scim/v2/Users/a%20b", Query: "attributes=id", SCIMBase: "/scim/v2", Resource: "Users", ResourceID: "a b", Status: 200}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, _ := newSCIMAccessDecoder(nil)
			var b Batch
			if err := d.Decode(&Record{Line: 1, Raw: []byte(tc.record)}, &b); err != nil {
				t.Fatalf("rejected: %v", err)
			}
			if len(b.Access) != 1 {
				t.Fatalf("%d rows, want 1 (out of scope %q)", len(b.Access), b.outOfScope)
			}
			if diff := cmp.Diff(tc.want, b.Access[0]); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestJSONTime(t *testing.T) {
	want := time.Date(2026, 11, 16, 8, 14, 2, 250_000_000, time.UTC)
	var p fastjson.Parser
	for _, tc := range []struct {
		json string
		want time.Time
		err  bool
	}{
		{`"2026-11-16T09:14:02.25+01:00"`, want, false},
		{`"16/Nov/2026:09:14:02 +0100"`, want.Truncate(time.Second), false},
		{`1794816842.25`, want, false},
		{`"1794816842.250"`, want, false},
		{`1794816842250`, want, false},
		{`1794816842250000`, want, false},
		{`1794816842250000000`, want, false},
		{`""`, time.Time{}, false},
		{`"-"`, time.Time{}, false},
		{`"yesterday"`, time.Time{}, true},
		{`true`, time.Time{}, true},
	} {
		v, err := p.Parse(tc.json)
		if err != nil {
			t.Fatal(err)
		}
		got, err := jsonTime(v)
		if !got.Equal(tc.want) || (err != nil) != tc.err {
			t.Errorf("jsonTime(%s) = %v, %v; want %v, error %v", tc.json, got, err, tc.want, tc.err)
		}
	}
}

func TestTokenizeLogLine(t *testing.T) {
	toks, err := tokenizeLogLine(`a "b \"c\" \x22d\x22 \\" [e f]  g`, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []logToken{{text: "a"}, {text: `b "c" "d" \`, quoted: true}, {text: "e f", bracketed: true}, {text: "g"}}
	if diff := cmp.Diff(want, toks, cmp.AllowUnexported(logToken{})); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for _, bad := range []string{`a "b`, `a [b`, `a "b\"`} {
		if _, err := tokenizeLogLine(bad, nil); err == nil {
			t.Errorf("tokenizeLogLine(%q) accepted an unclosed field", bad)
		}
	}
}
