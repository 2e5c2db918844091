package main

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/scimdrift/scimdrift/report"
)

// fileCounts is one input's accounting: records read = stored + rejected + out of scope.
type fileCounts struct {
	Format                                string
	Records, Stored, Rejected, OutOfScope int64
}

// TestAccountingInSummaryReportAndStore ingests one file of every format and shape with stored,
// rejected and out-of-scope records, and checks that the ingest summary, the JSON report's
// sources and the sources table carry the same records, stored, rejected and out_of_scope for
// each file, adding up.
func TestAccountingInSummaryReportAndStore(t *testing.T) {
	dir := t.TempDir()
	exports := filepath.Join(dir, "exports")
	writeInput(t, exports, "inventory.csv", "platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\n"+
		"okta,acme.okta.com,Slack,0oa1slack,true,https://scim-legacy.acme.example/scim/v2,,collab\n"+
		"entra,3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f,Slack,job1,,https://scim.acme.example/scim/v2,,collab\n"+
		"okta,acme.okta.com,Jira,0oa2jira,maybe,https://scim-legacy.acme.example/scim/v2,,\n")
	writeInput(t, exports, "okta.ndjson", oktaPushLine(1)+
		`{"uuid":"o2","published":"2026-11-02T10:00:01Z","eventType":"user.session.start"}`+"\n"+
		`{"uuid":"o3","published":`+"\n")
	writeInput(t, exports, "okta-sentinel.csv", "published_t [UTC],uuid_g,eventType_s,outcome_result_s,target_s\n"+
		`"11/18/2026, 6:00:01.250 AM",s1,application.provision.user.deactivate,SUCCESS,"[{""id"":""0oa1slack"",""type"":""AppInstance"",""alternateId"":""Slack""}]"`+"\n"+
		`"11/18/2026, 6:00:02.250 AM",s2,user.session.start,SUCCESS,`+"\n")
	writeInput(t, exports, "entra-page.json", `{"value":[`+
		`{"id":"e1","activityDateTime":"2026-11-17T09:15:02Z","jobId":"scim.3f2a9c1e7b4d4e8a9c2f1a2b3c4d5e6f.0d1e2f30","provisioningAction":"create","provisioningStatusInfo":{"status":"success"}},`+
		`{"key":"SecretToken","value":"sha256:0123456789abcdef"},42]}`)
	writeInput(t, exports, "entra-loganalytics.csv", "TimeGenerated [UTC],Category,ResultType,AADTenantId,JobId,ProvisioningAction\n"+
		`"11/19/2026, 8:01:10.000 AM",ProvisioningLogs,Success,3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f,scim.3f2a9c1e7b4d4e8a9c2f1a2b3c4d5e6f.0d1e2f30,create`+"\n")
	writeInput(t, exports, "access.log", "# nginx access log\n"+accessLine(1)+
		`198.51.100.7 - - [02/Nov/2026:10:00:01 +0000] "GET /healthz HTTP/1.1" 200 2 "-" "kube-probe/1.30"`+"\n"+
		`198.51.100.7 - - [02/Nov/2026:10:00:02 +0000] "GET /scim/v2/Users HTTP/1.1" 2xx 87 "-" "Okta SCIM Client 1.0.0"`+"\n")
	writeInput(t, exports, "access-json.ndjson",
		`{"time":"2026-11-02T10:00:02Z","http_host":"scim.acme.example","request":"GET /scim/v2/Users/1 HTTP/1.1","status":200}`+"\n"+
			`{"time":"2026-11-02T10:00:03Z","http_host":"scim.acme.example","request":"GET /scim/v2/Users/2 HTTP/1.1","status":"two hundred"}`+"\n")
	want := map[string]fileCounts{
		"inventory.csv":          {"inventory", 3, 2, 1, 0},
		"okta.ndjson":            {"okta-systemlog", 3, 1, 1, 1},
		"okta-sentinel.csv":      {"okta-systemlog", 2, 1, 0, 1},
		"entra-page.json":        {"entra-provisioning", 3, 1, 1, 1},
		"entra-loganalytics.csv": {"entra-provisioning", 1, 1, 0, 0},
		"access.log":             {"scim-access", 4, 1, 1, 2},
		"access-json.ndjson":     {"scim-access", 2, 1, 1, 0},
	}
	db := filepath.Join(dir, "store.duckdb")
	do := func(args ...string) string {
		t.Helper()
		var stdout, stderr bytes.Buffer
		if code := Do(args, nil, &stdout, &stderr); code != 0 {
			t.Fatalf("scimdrift %s: exit %d\n%s%s", strings.Join(args, " "), code, stdout.String(), stderr.String())
		}
		return stdout.String()
	}

	summary := summaryCounts(t, do("ingest", "--db", db, exports))
	do("analyze", "--db", db)
	var r report.Report
	if err := json.Unmarshal([]byte(do("report", "--db", db, "--format", "json", "--fail-on", "none")), &r); err != nil {
		t.Fatal(err)
	}
	fromReport := map[string]fileCounts{}
	for _, s := range r.Sources {
		fromReport[filepath.Base(s.Path)] = fileCounts{s.Format, s.Records, s.Stored, s.Rejected, s.OutOfScope}
	}
	fromStore := map[string]fileCounts{}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(do("query", "--db", db, "--format", "json", "SELECT path, format, records, stored, rejected, out_of_scope FROM sources ORDER BY path")), &rows); err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		n := func(k string) int64 { return int64(row[k].(float64)) }
		fromStore[filepath.Base(row["path"].(string))] = fileCounts{row["format"].(string), n("records"), n("stored"), n("rejected"), n("out_of_scope")}
	}

	for name, got := range map[string]map[string]fileCounts{"ingest summary": summary, "JSON report sources": fromReport, "sources table": fromStore} {
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", name, diff)
		}
		for file, c := range got {
			if c.Records != c.Stored+c.Rejected+c.OutOfScope {
				t.Errorf("%s: %s: records %d != stored %d + rejected %d + out of scope %d", name, file, c.Records, c.Stored, c.Rejected, c.OutOfScope)
			}
		}
	}
}

// summaryCounts reads the table `scimdrift ingest` prints: one row per file.
func summaryCounts(t *testing.T, printed string) map[string]fileCounts {
	t.Helper()
	out := map[string]fileCounts{}
	header := []string{"file", "format", "records", "stored", "rejected", "out of scope", "note"}
	var columns []string
	for _, line := range strings.Split(printed, "\n") {
		cells := strings.Split(line, "│")
		if len(cells) != len(header)+2 {
			continue
		}
		for i := range cells {
			cells[i] = strings.TrimSpace(cells[i])
		}
		cells = cells[1 : len(cells)-1]
		if columns == nil {
			if diff := cmp.Diff(header, cells); diff != "" {
				t.Fatalf("ingest summary header (-want +got):\n%s", diff)
			}
			columns = cells
			continue
		}
		n := func(i int) int64 {
			v, err := strconv.ParseInt(cells[i], 10, 64)
			if err != nil {
				t.Fatalf("ingest summary row %q: column %s: %v", line, header[i], err)
			}
			return v
		}
		out[filepath.Base(cells[0])] = fileCounts{cells[1], n(2), n(3), n(4), n(5)}
	}
	if columns == nil {
		t.Fatalf("no ingest summary table in:\n%s", printed)
	}
	return out
}
