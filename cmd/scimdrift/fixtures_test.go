package main

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// Inputs the process, secret and hostile-input tests generate, in the shapes of
// ingest/testdata with invented values.

// oktaPushLine is one Okta System Log provisioning event (a push of user n to Slack) as an NDJSON line.
func oktaPushLine(n int) string {
	return fmt.Sprintf(`{"uuid":"%08d-0000-4000-8000-000000000000","published":"2026-11-02T10:%02d:%02d.000Z",`+
		`"eventType":"application.provision.user.push","legacyEventType":"app.user_management.push_new_user",`+
		`"severity":"INFO","outcome":{"result":"SUCCESS","reason":null},"transaction":{"type":"JOB","id":"puj0000000000000001"},`+
		`"debugContext":{"debugData":{"appname":"scim2headerauth"}},"target":[`+
		`{"id":"0oa1slack0000000000x","type":"AppInstance","alternateId":"Slack","displayName":"SCIM 2.0 Test App (Header Auth)"},`+
		`{"id":"00u%017d","type":"User","alternateId":"user%d@acme.example","displayName":"User %d"}]}`+"\n",
		n, n/60%60, n%60, n, n, n)
}

// accessLine is one nginx combined access-log line: the Okta client looking up user n.
func accessLine(n int) string {
	return fmt.Sprintf(`198.51.100.%d - - [02/Nov/2026:10:%02d:%02d +0000] "GET /scim/v2/Users?filter=userName%%20eq%%20%%22user%d%%40acme.example%%22 HTTP/1.1" 200 %d "-" "Okta SCIM Client 1.0.0"`+"\n",
		n%250, n/60%60, n%60, n, 100+n%900)
}

// writeInput writes a test input and returns its path.
func writeInput(t *testing.T, dir, name, text string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
