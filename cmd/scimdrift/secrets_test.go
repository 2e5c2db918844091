package main

import (
	"bytes"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/scimdrift/scimdrift/internal/secret"
	"github.com/scimdrift/scimdrift/report"
)

// Tenants named by the planted JWTs' tid claims: kept as tenant evidence.
const (
	oktaJWTTenant   = "11111111-aaaa-4000-8000-000000000001"
	entraJWTTenant  = "22222222-bbbb-4000-8000-000000000002"
	accessJWTTenant = "33333333-cccc-4000-8000-000000000003"
)

// fakeJWT returns an unsigned-looking JWT whose payload names a tenant (tid and iss).
func fakeJWT(tenant, signature string) string {
	enc := base64.RawURLEncoding.EncodeToString
	return enc([]byte(`{"alg":"RS256","typ":"JWT"}`)) + "." +
		enc([]byte(`{"aud":"8adf8e6e-67b2-4cf2-a259-e3dc5476c621","iss":"https://sts.windows.net/`+tenant+`/","tid":"`+tenant+`"}`)) + "." +
		enc([]byte(signature))
}

// planted are the raw secrets of TestSecretsNeverComeOut, one per place they are planted, so
// that a leak says where it came from.
var planted = map[string]string{
	"okta reason bearer":        "oktaReasonBearer7Kq2mW9xT4vL",
	"okta reason query token":   "oktaQueryTok3Rt8Wn5Zx1Yb",
	"okta debugData JWT":        fakeJWT(oktaJWTTenant, "okta-debug-signature-9Xq2"),
	"okta rejected SSWS":        "00oktaRejectedSsws4Mz8Qp2Lk6Jh0",
	"okta broken line bearer":   "oktaBrokenBearer5Jd9Hs3Kq7",
	"okta out of scope bearer":  "oktaOutOfScope8Pw3Nc6Vb1",
	"okta csv bearer":           "oktaCsvBearer2Fg7Hk4Lm9",
	"okta csv rejected bearer":  "oktaCsvRejected6Tb3Um8Qs1",
	"entra reason JWT":          fakeJWT(entraJWTTenant, "entra-reason-signature-4Lp8"),
	"entra SecretToken":         "entraSecretToken6Yt2Re8Wq4",
	"entra secrets file":        "entraSecretsFile1Az5Sx9Dc3",
	"entra broken SecretToken":  "entraBrokenSecret3Vf7Bg1Nh5",
	"entra csv bearer":          "entraCsvBearer9Mj4Ki8Lo2",
	"access query token":        "accessQueryTok7Uy3Tr9Ew5",
	"access broken query token": "accessBrokenTok4Qa8Ws2Ed6",
	"access json JWT":           fakeJWT(accessJWTTenant, "access-json-signature-2Zx6"),
	"access json rejected":      "accessJsonReject5Rf1Tg7Yh3",
	"access json unredactable":  "YIIaccessNegotiate7Hn2Jm5Kp9",
	"inventory raw token":       "invRawToken8Ik2Ol6Pm0Qn4Wb7Ve1Xc",
}

// secretInputs writes one input of every format and shape with secrets planted in stored
// fields, in rejected and malformed records and in records that are out of scope.
func secretInputs(t *testing.T, dir string) {
	p := planted
	writeInput(t, dir, "exports/okta.ndjson", strings.Join([]string{
		`{"uuid":"s1","published":"2026-11-02T10:00:00Z","eventType":"application.provision.user.push","outcome":{"result":"FAILURE",` +
			`"reason":"Error while creating user ana@acme.example: Unauthorized. Request with Authorization: Bearer ` + p["okta reason bearer"] +
			` to https://scim-legacy.acme.example/scim/v2/Users?access_token=` + p["okta reason query token"] + ` was refused"},` +
			`"target":[{"id":"0oa1slack","type":"AppInstance","alternateId":"Slack"},{"id":"00u1","type":"User","alternateId":"ana@acme.example"}]}`,
		`{"uuid":"s2","published":"2026-11-02T10:00:01Z","eventType":"application.provision.user.push","outcome":{"result":"FAILURE","reason":null},` +
			`"debugContext":{"debugData":{"errorMessage":"token refused: ` + p["okta debugData JWT"] + `"}},` +
			`"target":[{"id":"0oa1slack","type":"AppInstance","alternateId":"Slack"},{"id":"00u2","type":"User","alternateId":"ben@acme.example"}]}`,
		`{"uuid":"s3","published":"not a time","eventType":"application.provision.user.push","outcome":{"result":"FAILURE","reason":"Authorization: SSWS ` + p["okta rejected SSWS"] + `"}}`,
		`{"uuid":"s4","published":"2026-11-02T10:00:03Z","eventType":"application.provision.user.push","outcome":{"reason":"Bearer ` + p["okta broken line bearer"] + `"`,
		`{"uuid":"s5","published":"2026-11-02T10:00:04Z","eventType":"user.session.start","debugContext":{"debugData":{"authorization":"Bearer ` + p["okta out of scope bearer"] + `"}}}`,
	}, "\n")+"\n")
	writeInput(t, dir, "exports/okta-sentinel.csv",
		"TimeGenerated [UTC],published_t [UTC],uuid_g,eventType_s,outcome_result_s,outcome_reason_s,target_s\n"+
			`"11/18/2026, 6:00:02.000 AM","11/18/2026, 6:00:01.250 AM",s6,application.provision.user.deactivate,FAILURE,"Forbidden: header Authorization: Bearer `+p["okta csv bearer"]+` was refused",`+
			`"[{""id"":""0oa1slack"",""type"":""AppInstance"",""alternateId"":""Slack""}]"`+"\n"+
			`,yesterday,s7,application.provision.user.push,FAILURE,"Bearer `+p["okta csv rejected bearer"]+`",`+"\n")
	writeInput(t, dir, "exports/entra-page.json", `{"@odata.context":"https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning","value":[`+
		`{"id":"e1","activityDateTime":"2026-11-17T09:15:02Z","tenantId":"3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f","jobId":"scim.3f2a9c1e7b4d4e8a9c2f1a2b3c4d5e6f.0d1e2f30",`+
		`"provisioningAction":"create","servicePrincipal":{"id":"sp1","displayName":"Slack"},"sourceIdentity":{"id":"u1","displayName":"Ana","identityType":"User"},`+
		`"provisioningStatusInfo":{"status":"failure","errorInformation":{"errorCode":"SystemForCrossDomainIdentityManagementUnauthorized",`+
		`"reason":"StatusCode: Unauthorized. The request sent Bearer `+p["entra reason JWT"]+` and was refused"}}},`+
		`{"key":"SecretToken","value":"`+p["entra SecretToken"]+`"}]}`+"\n")
	writeInput(t, dir, "exports/entra-secrets.json", `{"value":[{"key":"BaseAddress","value":"https://scim.acme.example/scim/v2"},`+
		`{"key":"SecretToken","value":"`+p["entra secrets file"]+`"}]}`+"\n")
	writeInput(t, dir, "exports/entra-diagnostic.ndjson",
		`{"time":"2026-11-19T06:00:01Z","category":"ProvisioningLogs","operationName":"Provisioning activity","properties":{"id":"e2","jobId":"scim.3f2a9c1e7b4d4e8a9c2f1a2b3c4d5e6f.0d1e2f30","provisioningAction":"update","provisioningStatusInfo":{"status":"success"}}}`+"\n"+
			`{"value":"`+p["entra broken SecretToken"]+`","key":"SecretToken"`+"\n")
	writeInput(t, dir, "exports/entra-loganalytics.csv",
		"TimeGenerated [UTC],Category,ResultType,ResultDescription,AADTenantId,JobId,ProvisioningAction,ServicePrincipal\n"+
			`"11/19/2026, 8:01:10.000 AM",ProvisioningLogs,Failure,"StatusCode: Unauthorized; header Authorization: Bearer `+p["entra csv bearer"]+`",`+
			`3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f,scim.3f2a9c1e7b4d4e8a9c2f1a2b3c4d5e6f.0d1e2f30,create,"{""Id"":""sp1"",""Name"":""Slack""}"`+"\n")
	writeInput(t, dir, "exports/access.log",
		`198.51.100.7 - - [02/Nov/2026:10:00:00 +0000] "GET /scim/v2/Users?access_token=`+p["access query token"]+`&filter=userName%20eq%20%22ana%40acme.example%22 HTTP/1.1" 200 87 "-" "Okta SCIM Client 1.0.0"`+"\n"+
			`198.51.100.7 - - [02/Nov/2026:10:00:01 +0000] "GET /scim/v2/Users?access_token=`+p["access broken query token"]+` HTTP/1.1" 2xx 87 "-" "Okta SCIM Client 1.0.0"`+"\n")
	writeInput(t, dir, "exports/access-json.ndjson",
		`{"time":"2026-11-02T10:00:02Z","http_host":"scim.acme.example","request":"GET /scim/v2/Users/1 HTTP/1.1","status":200,"body_bytes_sent":10,`+
			`"http_user_agent":"Microsoft Azure AD SCIM provisioning 1.0.0","http_authorization":"Bearer `+p["access json JWT"]+`"}`+"\n"+
			`{"time":"2026-11-02T10:00:03Z","http_host":"scim.acme.example","request":"GET /scim/v2/Users/2 HTTP/1.1","status":"two hundred",`+
			`"http_authorization":"Bearer `+p["access json rejected"]+`"}`+"\n")
	writeInput(t, dir, "access-unredactable.ndjson", `{"time":"2026-11-02T10:00:04Z","request":"GET /scim/v2/Users/3 HTTP/1.1","status":"two hundred",`+
		`"http_authorization":"Negotiate `+p["access json unredactable"]+`"}`+"\n")
	writeInput(t, dir, "inventory.csv", "platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\n"+
		"okta,acme.okta.com,Slack,0oa1slack,true,https://scim-legacy.acme.example/scim/v2,,collab\n"+
		"okta,acme.okta.com,Jira,0oa2jira,true,https://scim-legacy.acme.example/scim/v2,"+p["inventory raw token"]+",collab\n")
}

// TestSecretsNeverComeOut plants raw bearer tokens, Authorization headers, JWTs and SecretToken
// values in every input format, then runs ingest, analyze, query (every table), map init, every
// report format and audit, and looks for the raw values in everything printed or written and
// in the store file itself: only fingerprints may appear, and they must where the secret was
// in a kept field. An inventory with a raw token is refused whole.
func TestSecretsNeverComeOut(t *testing.T) {
	dir := t.TempDir()
	secretInputs(t, dir)
	db := filepath.Join(dir, "store.duckdb")
	var outputs []string // everything printed or written, by the step that made it
	run := func(wantCode int, args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		code := Do(args, nil, &stdout, &stderr)
		if code != wantCode {
			t.Fatalf("scimdrift %s: exit %d, want %d\n%s%s", strings.Join(args, " "), code, wantCode, stdout.String(), stderr.String())
		}
		outputs = append(outputs, "scimdrift "+strings.Join(args, " ")+"\n"+stdout.String()+stderr.String())
		return stdout.String() + stderr.String()
	}

	ingested := run(0, "ingest", "--db", db, filepath.Join(dir, "exports"))
	refused := run(exitUsage, "ingest", "--db", db, filepath.Join(dir, "inventory.csv"))
	if !strings.Contains(refused, "column token_fingerprint holds what looks like a raw token") {
		t.Errorf("the inventory with a raw token was not refused with a reason:\n%s", refused)
	}
	refused = run(exitUsage, "ingest", "--db", db, filepath.Join(dir, "access-unredactable.ndjson"))
	if !strings.Contains(refused, "http_authorization holds a raw token and the record cannot be read") {
		t.Errorf("the access log with an unreadable record and a raw token was not refused with a reason:\n%s", refused)
	}
	run(0, "analyze", "--db", db)
	tables := strings.Fields(strings.ReplaceAll(run(0, "query", "--db", db, "--format", "csv",
		"SELECT table_name FROM information_schema.tables ORDER BY table_name"), "table_name\n", ""))
	for _, table := range tables {
		run(0, "query", "--db", db, "--format", "csv", "SELECT * FROM "+table)
		run(0, "query", "--db", db, "--format", "json", "SELECT * FROM "+table)
	}
	run(0, "map", "init", "--db", db)
	for _, format := range report.Formats() {
		out := filepath.Join(dir, "report."+format)
		run(0, "report", "--db", db, "--format", format, "--fail-on", "none", "--out", out)
		written, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		outputs = append(outputs, "report --format "+format+" --out\n"+string(written))
		run(0, "report", "--db", db, "--format", format, "--fail-on", "none")
	}
	run(0, "audit", "--format", "json", "--fail-on", "none", filepath.Join(dir, "exports"))
	for _, name := range []string{"store.duckdb", "store.duckdb.wal"} {
		if data, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			outputs = append(outputs, name+"\n"+string(data))
		}
	}

	for place, raw := range planted {
		for _, out := range outputs {
			if i := strings.Index(out, raw); i >= 0 {
				step, _, _ := strings.Cut(out, "\n")
				t.Errorf("the raw secret planted as %q came out of %s: …%s…", place, step, out[max(0, i-80):min(len(out), i+len(raw)+20)])
			}
		}
		if strings.HasPrefix(raw, "eyJ") { // a JWT's signature alone is a secret too
			sig := raw[strings.LastIndexByte(raw, '.')+1:]
			for _, out := range outputs {
				if strings.Contains(out, sig) {
					step, _, _ := strings.Cut(out, "\n")
					t.Errorf("the signature of the JWT planted as %q came out of %s", place, step)
				}
			}
		}
	}

	// Fingerprints (and a JWT's tenant) are kept where the secret was in a kept field.
	fp := func(place string) string { return secret.Fingerprint(planted[place]) }
	expect := []struct{ sql, want string }{
		{"SELECT token_fingerprint, token_tenant FROM events WHERE token_fingerprint IS NOT NULL ORDER BY ALL",
			rowsCSV("token_fingerprint,token_tenant", sortedRows(
				fp("okta reason bearer")+",",
				fp("okta debugData JWT")+","+oktaJWTTenant,
				fp("okta csv bearer")+",",
				fp("entra reason JWT")+","+entraJWTTenant,
				fp("entra csv bearer")+",")...)},
		{"SELECT count(*) AS n FROM events WHERE error_text LIKE '%Authorization: Bearer " + fp("okta reason bearer") + "%access_token=" + fp("okta reason query token") + "%'",
			rowsCSV("n", "1")},
		{"SELECT query, token_fingerprint, token_tenant FROM access ORDER BY ALL",
			rowsCSV("query,token_fingerprint,token_tenant",
				"access_token="+fp("access query token")+"&filter=userName%20eq%20%22ana%40acme.example%22,"+fp("access query token")+",",
				","+fp("access json JWT")+","+accessJWTTenant)},
		{"SELECT count(*) AS n FROM rejects WHERE " + strings.Join([]string{
			"raw LIKE '%Authorization: SSWS " + fp("okta rejected SSWS") + "%'",
			"raw LIKE '%Bearer " + fp("okta broken line bearer") + "%'",
			"raw LIKE '%" + fp("entra broken SecretToken") + "%'",
			"raw LIKE '%access_token=" + fp("access broken query token") + "%'",
			"raw LIKE '%Bearer " + fp("access json rejected") + "%'",
			"raw LIKE '%Bearer " + fp("okta csv rejected bearer") + "%'"}, " OR "),
			rowsCSV("n", "6")},
		{"SELECT count(*) AS n FROM connectors", rowsCSV("n", "0")},
	}
	for _, e := range expect {
		var stdout, stderr bytes.Buffer
		if code := Do([]string{"query", "--db", db, "--format", "csv", e.sql}, nil, &stdout, &stderr); code != 0 || stdout.String() != e.want {
			t.Errorf("%s: exit %d\n%s%s\nwant\n%s", e.sql, code, stdout.String(), stderr.String(), e.want)
		}
	}
	if !strings.Contains(ingested, "entra-secrets.json") || !strings.Contains(ingested, "skipped: no known format") {
		t.Errorf("the synchronization secrets export was not listed as skipped:\n%s", ingested)
	}
	if t.Failed() {
		t.Logf("ingest said:\n%s", ingested)
	}
}

func sortedRows(rows ...string) []string {
	sort.Strings(rows)
	return rows
}

// rowsCSV is the CSV `query --format csv` prints for a header and rows.
func rowsCSV(header string, rows ...string) string {
	return fmt.Sprintf("%s\n%s", header, strings.Join(append(rows, ""), "\n"))
}
