package ingest

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestOktaSystemLogGolden(t *testing.T) {
	for _, file := range []string{
		"logs-page.json",  // GET /api/v1/logs page: a pretty-printed array
		"events.ndjson",   // one LogEvent per line, with broken records
		"event-hook.json", // event hook delivery envelope
		"sentinel.json",   // SIEM re-shape with flattened columns, as JSON objects
		"sentinel.csv",    // the same as a Log Analytics CSV export
	} {
		t.Run(file, func(t *testing.T) {
			goldenIngest(t, "testdata/okta-systemlog/"+file)
		})
	}
}

func TestOktaSystemLogIsDetected(t *testing.T) {
	for _, file := range []string{"logs-page.json", "events.ndjson", "event-hook.json", "sentinel.json", "sentinel.csv"} {
		src, _ := ingestForTest(t, "testdata/okta-systemlog/"+file, Options{})
		if src.Format != OktaSystemLog.Name {
			t.Errorf("%s detected as %q, want %q", file, src.Format, OktaSystemLog.Name)
		}
	}
}

func TestOktaKindOf(t *testing.T) {
	tests := []struct {
		eventType, legacy string
		want              oktaKind
		inScope           bool
	}{
		{"application.provision.user.verify_exists", "app.api.error.check_user_exists", oktaKind{ActionLookup, ObjectUser}, true},
		{"application.provision.user.push", "app.api.error.create_user", oktaKind{ActionCreate, ObjectUser}, true},
		{"app.user_management.push_new_user_success", "", oktaKind{ActionCreate, ObjectUser}, true},
		{"application.provision.user.push_profile", "", oktaKind{ActionUpdate, ObjectUser}, true},
		{"application.provision.user.sync", "app.user_management.provision_user_failed", oktaKind{ActionUpdate, ObjectUser}, true},
		{"application.provision.user.push_password", "", oktaKind{ActionPassword, ObjectUser}, true},
		{"application.provision.user.push_okta_password", "", oktaKind{ActionPassword, ObjectUser}, true},
		{"application.provision.user.password", "", oktaKind{ActionPassword, ObjectUser}, true},
		{"application.provision.user.deactivate", "", oktaKind{ActionDisable, ObjectUser}, true},
		{"application.provision.user.deprovision", "", oktaKind{ActionDelete, ObjectUser}, true},
		{"application.provision.user.delete", "", oktaKind{ActionDelete, ObjectUser}, true},
		{"application.provision.user.delete.schedule", "", oktaKind{ActionDelete, ObjectUser}, true},
		{"application.provision.user.remove_entitlements", "", oktaKind{ActionDelete, ObjectUser}, true},
		{"application.provision.user.remove_entitlements.schedule", "", oktaKind{ActionDelete, ObjectUser}, true},
		{"application.provision.user.reactivate", "", oktaKind{ActionEnable, ObjectUser}, true},
		{"application.provision.user.activate", "", oktaKind{ActionEnable, ObjectUser}, true},
		{"application.provision.user.import", "", oktaKind{ActionImport, ObjectUser}, true},
		{"application.provision.user.import_profile", "", oktaKind{ActionImport, ObjectUser}, true},
		{"system.import.user.create", "app.generic.import.details.add_user", oktaKind{ActionImport, ObjectUser}, true},
		{"system.import.start", "app.generic.import.started", oktaKind{ActionImport, ObjectConnector}, true},
		{"system.import.group.update", "", oktaKind{ActionImport, ObjectGroup}, true},
		{"application.provision.group_push.pushed", "", oktaKind{ActionGroupCreate, ObjectGroup}, true},
		{"application.provision.group.add", "", oktaKind{ActionGroupCreate, ObjectGroup}, true},
		{"application.provision.group_push.updated", "", oktaKind{ActionGroupUpdate, ObjectGroup}, true},
		{"application.provision.group.update", "", oktaKind{ActionGroupUpdate, ObjectGroup}, true},
		{"application.provision.group_push.removed", "", oktaKind{ActionGroupDelete, ObjectGroup}, true},
		{"application.provision.group_push.delete_appgroup", "", oktaKind{ActionGroupDelete, ObjectGroup}, true},
		{"application.provision.group.remove", "", oktaKind{ActionGroupDelete, ObjectGroup}, true},
		{"application.provision.group_push.push_memberships", "", oktaKind{ActionMembership, ObjectGroup}, true},
		{"application.provision.group_membership.add", "", oktaKind{ActionMembership, ObjectGroup}, true},
		{"application.provision.group_membership.remove", "", oktaKind{ActionMembership, ObjectGroup}, true},
		{"application.provision.group_membership.update", "", oktaKind{ActionMembership, ObjectGroup}, true},
		{"application.provision.group_membership.import", "", oktaKind{ActionImport, ObjectGroup}, true},
		{"application.provision.group.verify_exists", "", oktaKind{ActionLookup, ObjectGroup}, true},
		{"application.provision.group_push.mapping.update.or.delete.failed.with.error", "", oktaKind{ActionOther, ObjectGroup}, true},
		{"application.integration.authentication_failure", "app.api.error.auth", oktaKind{ActionOther, ObjectConnector}, true},
		{"application.integration.rate_limit_exceeded", "", oktaKind{ActionOther, ObjectConnector}, true},
		{"app.app_instance.provision_sync_job.failed", "", oktaKind{ActionOther, ObjectConnector}, true},
		{"application.configuration.import_schema", "", oktaKind{ActionOther, ObjectConnector}, true},
		{"application.lifecycle.update", "", oktaKind{ActionOther, ObjectConnector}, true},
		{"application.appuser.mapping.invalid.expression", "", oktaKind{ActionOther, ObjectUser}, true},
		// case does not matter
		{"Application.Provision.User.Push", "", oktaKind{ActionCreate, ObjectUser}, true},
		// an event type the table does not know yet: its legacy name decides, else its family
		{"application.provision.user.push_v2", "app.api.error.create_user", oktaKind{ActionCreate, ObjectUser}, true},
		{"application.provision.user.push_entitlements", "", oktaKind{ActionOther, ObjectUser}, true},
		{"application.provision.group_push.mapping.paused", "", oktaKind{ActionOther, ObjectGroup}, true},
		// triggers, sign-ins and admin changes are out of scope
		{"application.user_membership.add", "app.generic.provision.assign_user_to_app", oktaKind{}, false},
		{"application.user_membership.deprovision", "", oktaKind{}, false},
		{"group.application_assignment.add", "", oktaKind{}, false},
		{"group.user_membership.add", "core.user_group_member.user_add", oktaKind{}, false},
		{"user.lifecycle.deactivate", "core.user.config.user_deactivated", oktaKind{}, false},
		{"user.session.start", "core.user_auth.login_success", oktaKind{}, false},
		{"user.authentication.sso", "app.auth.sso", oktaKind{}, false},
		{"application.lifecycle.deactivate", "", oktaKind{}, false},
		{"application.configuration.update_logo", "", oktaKind{}, false},
	}
	for _, tc := range tests {
		t.Run(tc.eventType, func(t *testing.T) {
			got, ok := oktaKindOf(tc.eventType, tc.legacy)
			if ok != tc.inScope || got != tc.want {
				t.Errorf("oktaKindOf(%q, %q) = %v, %v; want %v, %v", tc.eventType, tc.legacy, got, ok, tc.want, tc.inScope)
			}
		})
	}
}

func TestOktaResult(t *testing.T) {
	tests := []struct{ outcome, legacy, severity, want string }{
		{"SUCCESS", "", "", ResultSuccess},
		{"success", "", "", ResultSuccess},
		{"ALLOW", "", "", ResultSuccess},
		{"FAILURE", "", "", ResultFailure},
		{"DENY", "", "", ResultFailure},
		{"SKIPPED", "", "", ResultSkipped},
		{"UNKNOWN", "", "ERROR", ResultWarning},
		{"CHALLENGE", "", "", ResultWarning},
		{"SUCCESS", "app.user_management.push_profile_failure", "", ResultSuccess}, // the outcome wins
		// no outcome: the legacy name's wording, then the severity
		{"", "app.user_management.provision_user_failed", "", ResultFailure},
		{"", "app.api.error.create_user", "", ResultFailure},
		{"", "app.user_management.push_profile_success", "", ResultSuccess},
		{"", "app.user_management.push_new_user", "ERROR", ResultFailure},
		{"", "app.user_management.push_new_user", "INFO", ResultWarning},
	}
	for _, tc := range tests {
		if got := oktaResult(tc.outcome, tc.legacy, tc.severity); got != tc.want {
			t.Errorf("oktaResult(%q, %q, %q) = %q, want %q", tc.outcome, tc.legacy, tc.severity, got, tc.want)
		}
	}
}

func TestOktaDetect(t *testing.T) {
	tests := []struct {
		name  string
		sniff Sniff
		want  bool
	}{
		{"LogEvent", jsonSniff(`{"uuid":"u1","published":"2026-11-18T02:00:00Z","eventType":"application.provision.user.push"}`), true},
		{"LogEvent without uuid", jsonSniff(`{"published":"2026-11-18T02:00:00Z","eventType":"user.session.start"}`), true},
		{"Sentinel flattened", jsonSniff(`{"TenantId":"t","eventType_s":"application.provision.user.push","uuid_g":"u1","published_t":"2026-11-18T02:00:00Z"}`), true},
		{"eventType only", jsonSniff(`{"eventType":"application.provision.user.push","displayMessage":"x"}`), false},
		{"event hook envelope itself", jsonSniff(`{"eventType":"com.okta.event_hook","eventId":"e1","eventTime":"2026-11-18T02:00:00Z"}`), false},
		{"Entra provisioning record", jsonSniff(`{"id":"p1","activityDateTime":"2026-11-18T02:00:00Z","jobId":"scim.x","cycleId":"c1","provisioningAction":"create","provisioningStatusInfo":{"status":"failure"}}`), false},
		{"Azure Monitor provisioning record", jsonSniff(`{"time":"2026-11-18T02:00:00Z","category":"ProvisioningLogs","operationName":"Provisioning activity","properties":{"id":"p1"}}`), false},
		{"access log JSON", jsonSniff(`{"time":"2026-11-18T02:00:00Z","method":"GET","uri":"/scim/v2/Users","status":200,"user_agent":"Okta SCIM Client 1.0.0","request_id":"r1"}`), false},
		{"CloudTrail-like eventType", jsonSniff(`{"eventType":"AwsApiCall","eventID":"e1","eventTime":"2026-11-18T02:00:00Z","uuid":"u"}`), false},
		{"CSV eventType_s", textSniff(`TenantId,"TimeGenerated [UTC]",eventType_s,uuid_g,target_s`), true},
		{"CSV eventType", textSniff(`uuid,published,eventType,outcome.result`), true},
		{"inventory CSV", textSniff(`platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner`), false},
		{"access log line", textSniff(`203.0.113.9 - - [18/Nov/2026:02:00:00 +0000] "GET /scim/v2/Users HTTP/1.1" 200 512 "-" "Okta SCIM Client 1.0.0"`), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := detectOktaSystemLog(&tc.sniff); got != tc.want {
				t.Errorf("detect = %v, want %v", got, tc.want)
			}
		})
	}
}

func jsonSniff(first string) Sniff { return Sniff{Container: JSONRecords, First: []byte(first)} }
func textSniff(lines ...string) Sniff {
	s := Sniff{Container: TextLines}
	for _, l := range lines {
		s.Lines = append(s.Lines, []byte(l))
	}
	return s
}

// decodeOkta decodes one JSON record with a fresh decoder.
func decodeOkta(t *testing.T, raw string) (*Batch, error) {
	t.Helper()
	d, err := newOktaDecoder(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &Batch{}
	return b, d.Decode(&Record{Line: 1, Raw: []byte(raw)}, b)
}

func TestOktaFieldVariants(t *testing.T) {
	const targets = `[{"id":"0ua1","type":"AppUser","alternateId":"jd@app"},{"id":"00g1","type":"UserGroup","displayName":"Eng"},` +
		`{"id":"0oa1","type":"AppInstance","alternateId":"Slack old","displayName":"Slack"},{"id":"00u1","type":"User","alternateId":"jd@acme.example"}]`
	base := Event{
		Time: time.Date(2026, 11, 18, 2, 0, 0, 0, time.UTC), Platform: "okta", EventID: "u1",
		EventType: "application.provision.user.push", ConnectorID: "0oa1", AppName: "Slack old", AppKind: "Slack",
		Action: ActionCreate, Object: ObjectUser, Result: ResultSuccess, UserName: "jd@acme.example", UserID: "00u1",
		GroupName: "Eng", TargetID: "0ua1", TargetName: "jd@app",
	}
	with := func(change func(*Event)) Event { e := base; change(&e); return e }
	tests := []struct {
		name string
		raw  string
		want Event
	}{
		{"nested",
			`{"uuid":"u1","published":"2026-11-18T02:00:00.000Z","eventType":"application.provision.user.push","outcome":{"result":"SUCCESS"},"target":` + targets + `}`,
			base},
		{"keys in other case",
			`{"UUID":"u1","Published":"2026-11-18T02:00:00Z","EventType":"application.provision.user.push","Outcome":{"Result":"SUCCESS"},"Target":` + targets + `}`,
			base},
		{"flattened with target list as text",
			`{"uuid_g":"u1","published_t":"2026-11-18T02:00:00Z","eventType_s":"application.provision.user.push","outcome_result_s":"SUCCESS","target_s":` + quoteJSON(targets) + `}`,
			base},
		{"dotted keys",
			`{"uuid":"u1","published":"2026-11-18T02:00:00Z","eventType":"application.provision.user.push","outcome.result":"SUCCESS","debugContext.debugData.appname":"scim2headerauth","target":` + targets + `}`,
			with(func(e *Event) { e.AppKind = "scim2headerauth" })},
		{"published as epoch milliseconds",
			`{"uuid":"u1","published":1794967200000,"eventType":"application.provision.user.push","outcome":{"result":"SUCCESS"},"target":` + targets + `}`,
			base},
		{"no published, TimeGenerated instead",
			`{"uuid_g":"u1","TimeGenerated":"2026-11-18T02:00:00Z","eventType_s":"application.provision.user.push","outcome_result_s":"SUCCESS","target_s":` + quoteJSON(targets) + `}`,
			base},
		{"no time at all",
			`{"uuid":"u1","eventType":"application.provision.user.push","outcome":{"result":"SUCCESS"},"target":` + targets + `}`,
			with(func(e *Event) { e.Time = time.Time{} })},
		{"actor, run, legacy type, appname",
			`{"uuid":"u1","published":"2026-11-18T02:00:00Z","eventType":"application.provision.user.push","legacyEventType":"app.user_management.push_new_user",` +
				`"actor":{"id":"x","type":"SystemPrincipal","alternateId":null,"displayName":"Okta System"},"transaction":{"type":"JOB","id":"puj1"},` +
				`"debugContext":{"debugData":{"appname":"scim2headerauth"}},"outcome":{"result":"SUCCESS"},"target":` + targets + `}`,
			with(func(e *Event) {
				e.Actor, e.RunID, e.LegacyType, e.AppKind = "Okta System", "puj1", "app.user_management.push_new_user", "scim2headerauth"
			})},
		{"tenant from a SIEM-added org URL; Sentinel TenantId ignored",
			`{"TenantId":"3f2a9c1e-0000-0000-0000-000000000000","orgUrl_s":"https://ACME.okta.com/","uuid_g":"u1","published_t":"2026-11-18T02:00:00Z","eventType_s":"application.provision.user.push","outcome_result_s":"SUCCESS","target_s":` + quoteJSON(targets) + `}`,
			with(func(e *Event) { e.Tenant = "acme.okta.com" })},
		{"tenant field as host",
			`{"tenant":"acme.okta.com","uuid":"u1","published":"2026-11-18T02:00:00Z","eventType":"application.provision.user.push","outcome":{"result":"SUCCESS"},"target":` + targets + `}`,
			with(func(e *Event) { e.Tenant = "acme.okta.com" })},
		{"error text from outcome.reason before debugData",
			`{"uuid":"u1","published":"2026-11-18T02:00:00Z","eventType":"application.provision.user.push","outcome":{"result":"FAILURE","reason":"Error while creating user jd: Conflict"},` +
				`"debugContext":{"debugData":{"detailedMessage":"second","errorCode":409}},"target":` + targets + `}`,
			with(func(e *Event) {
				e.Result, e.ErrorText, e.ErrorCode, e.HTTPStatus = ResultFailure, "Error while creating user jd: Conflict", "409", 409
			})},
		{"error text from debugData when reason is null",
			`{"uuid":"u1","published":"2026-11-18T02:00:00Z","eventType":"application.provision.user.push","outcome":{"result":"FAILURE","reason":null},` +
				`"debugContext":{"debugData":{"cause":"last","errorMessage":"HTTP status 503 from https://scim.acme.example/scim/v2/Users"}},"target":` + targets + `}`,
			with(func(e *Event) {
				e.Result, e.ErrorText, e.HTTPStatus, e.ErrorURL = ResultFailure, "HTTP status 503 from https://scim.acme.example/scim/v2/Users", 503, "https://scim.acme.example/scim/v2/Users"
			})},
		{"scimType in the error text",
			`{"uuid":"u1","published":"2026-11-18T02:00:00Z","eventType":"application.provision.user.push","outcome":{"result":"FAILURE","reason":"Bad Request: {\"scimType\":\"uniqueness\"}"},"target":` + targets + `}`,
			with(func(e *Event) {
				e.Result, e.ErrorText, e.SCIMType = ResultFailure, `Bad Request: {"scimType":"uniqueness"}`, "uniqueness"
			})},
		{"group event: the group fills user_id, the app group the target",
			`{"uuid":"u1","published":"2026-11-18T02:00:00Z","eventType":"application.provision.group_push.pushed","outcome":{"result":"SUCCESS"},"target":[` +
				`{"id":"0oe1","type":"AppGroup","alternateId":"eng","displayName":"Engineering (app)"},{"id":"00g1","type":"UserGroup","alternateId":"unknown","displayName":"Engineering"},` +
				`{"id":"0oa1","type":"AppInstance","alternateId":"GitHub","displayName":"GitHub EMU"}]}`,
			Event{
				Time: base.Time, Platform: "okta", EventID: "u1", EventType: "application.provision.group_push.pushed",
				ConnectorID: "0oa1", AppName: "GitHub", AppKind: "GitHub EMU", Action: ActionGroupCreate, Object: ObjectGroup,
				Result: ResultSuccess, UserID: "00g1", GroupName: "Engineering", TargetID: "0oe1", TargetName: "eng",
			}},
		{"no targets",
			`{"uuid":"u1","published":"2026-11-18T02:00:00Z","eventType":"app.app_instance.provision_sync_job.started","outcome":{"result":"SUCCESS"},"target":null}`,
			Event{Time: base.Time, Platform: "okta", EventID: "u1", EventType: "app.app_instance.provision_sync_job.started",
				Action: ActionOther, Object: ObjectConnector, Result: ResultSuccess}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := decodeOkta(t, tc.raw)
			if err != nil {
				t.Fatalf("rejected: %v", err)
			}
			if len(b.Events) != 1 {
				t.Fatalf("%d events, want 1 (out of scope: %q)", len(b.Events), b.outOfScope)
			}
			if diff := cmp.Diff(tc.want, b.Events[0]); diff != "" {
				t.Errorf("event differs (-want +got):\n%s", diff)
			}
		})
	}
}

func quoteJSON(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `\"`) + `"`
}

func TestOktaOutOfScope(t *testing.T) {
	b, err := decodeOkta(t, `{"uuid":"u1","published":"not checked for sign-ins","eventType":"user.session.start","outcome":{"result":"SUCCESS"}}`)
	if err != nil {
		t.Fatalf("rejected: %v", err)
	}
	if b.outOfScope != "user.session.start" || len(b.Events) != 0 {
		t.Errorf("out of scope %q with %d events, want user.session.start with none", b.outOfScope, len(b.Events))
	}
}

func TestOktaRejects(t *testing.T) {
	tests := []struct{ name, raw, want string }{
		{"broken JSON", `{"uuid":"u1","eventType":"application.provision.user.push",`, "not valid JSON"},
		{"not an object", `["application.provision.user.push"]`, "not a JSON object"},
		{"no eventType", `{"uuid":"u1","published":"2026-11-18T02:00:00Z"}`, "missing eventType"},
		{"eventType null", `{"uuid":"u1","eventType":null}`, "missing eventType"},
		{"bad published", `{"uuid":"u1","published":"2026-13-45T99:00:00Z","eventType":"application.provision.user.push"}`, `published: unrecognised time "2026-13-45T99:00:00Z"`},
		{"bad TimeGenerated", `{"uuid":"u1","TimeGenerated":"soon","eventType":"application.provision.user.push"}`, `TimeGenerated: unrecognised time "soon"`},
		{"target text cut short", `{"uuid_g":"u1","eventType_s":"application.provision.user.push","target_s":"[{\"id\":\"0oa1\",\"type\":\"AppIns"}`, "target: not a JSON list of targets"},
		{"target not a list", `{"uuid":"u1","eventType":"application.provision.user.push","target_s":"{\"id\":\"0oa1\"}"}`, "target: expected a list, found object"},
		{"target entry not an object", `{"uuid":"u1","eventType":"application.provision.user.push","target":[{"id":"0oa1"},"0oa2"]}`, "target[1]: expected an object, found string"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			b, err := decodeOkta(t, tc.raw)
			if err == nil {
				t.Fatalf("accepted (%d events, out of scope %q), want a reject", len(b.Events), b.outOfScope)
			}
			if !strings.HasPrefix(err.Error(), tc.want) {
				t.Errorf("reject reason %q, want it to start with %q", err, tc.want)
			}
		})
	}
}

func TestOktaCSVHeaderNeedsEventType(t *testing.T) {
	if _, err := newOktaDecoder([]string{"uuid_g", "published_t", "target_s"}); err == nil || !strings.Contains(err.Error(), "eventType") {
		t.Errorf("decoder for a CSV without eventType column: err = %v, want one naming eventType", err)
	}
}

func TestOktaCSVRow(t *testing.T) {
	header := []string{"TenantId", "published_t [UTC]", "uuid_g", "eventType_s", "outcome_result_s", "debugContext_debugData_detailedmessage_s", "target_s"}
	d, err := newOktaDecoder(header)
	if err != nil {
		t.Fatal(err)
	}
	b := &Batch{}
	row := []string{"3f2a", "11/18/2026, 2:00:00.000 AM", "u1", "application.provision.user.deactivate", "FAILURE", "Error while deactivating user jd: Forbidden. Bearer abcdef123456 rejected", `[{"id":"0oa1","type":"AppInstance","alternateId":"Slack old"}]`}
	if err := d.Decode(&Record{Line: 2, Header: header, Fields: row}, b); err != nil {
		t.Fatal(err)
	}
	want := Event{
		Time: time.Date(2026, 11, 18, 2, 0, 0, 0, time.UTC), Platform: "okta", EventID: "u1",
		EventType: "application.provision.user.deactivate", ConnectorID: "0oa1", AppName: "Slack old",
		Action: ActionDisable, Object: ObjectUser, Result: ResultFailure, ErrorText: "Error while deactivating user jd: Forbidden. Bearer abcdef123456 rejected",
		HTTPStatus: 403, // the token is fingerprinted and redacted by the framework, not the decoder
	}
	if diff := cmp.Diff([]Event{want}, b.Events); diff != "" {
		t.Errorf("event differs (-want +got):\n%s", diff)
	}
}

func TestAppendOktaKey(t *testing.T) {
	for in, want := range map[string]string{
		"outcome_result_s":                 "outcomeresult",
		"outcome.result":                   "outcomeresult",
		"Outcome Result":                   "outcomeresult",
		"published_t [UTC]":                "published",
		"uuid_g":                           "uuid",
		"debugContext_debugData_appname_s": "debugcontextdebugdataappname",
		"TenantId":                         "tenantid",
		"target_s":                         "target",
	} {
		if got := string(appendOktaKey(nil, []byte(in))); got != want {
			t.Errorf("appendOktaKey(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestOktaSystemLogKeepsNoRawToken(t *testing.T) {
	raw := []string{
		"4hT9xQ2mZ7pL1vR8sK3nW6yB0cF5dJ",      // the bearer token in events.ndjson
		"Qm9ndXNTaWduYXR1cmVGb3JUZXN0c09ubHk", // the signature of the JWT in logs-page.json
	}
	for _, file := range []string{"logs-page.json", "events.ndjson"} {
		src, tx := ingestForTest(t, "testdata/okta-systemlog/"+file, Options{})
		out := string(renderGolden(t, src, tx))
		for _, tok := range raw {
			if strings.Contains(out, tok) {
				t.Errorf("%s: a raw token survives ingest: %s", file, tok)
			}
		}
		fingerprinted := 0
		for _, e := range tx.Events {
			if e.TokenFP != "" {
				fingerprinted++
				if !strings.Contains(e.ErrorText, e.TokenFP) {
					t.Errorf("%s: token fingerprint %s is not the one in the redacted error text %q", file, e.TokenFP, e.ErrorText)
				}
			}
		}
		if fingerprinted != 1 {
			t.Errorf("%s: %d events with a token fingerprint, want 1", file, fingerprinted)
		}
	}
}

func BenchmarkOktaDecode(b *testing.B) {
	raw := []byte(`{"actor":{"id":"0oa1","type":"SystemPrincipal","alternateId":"system@okta.com","displayName":"Okta System"},` +
		`"client":{"userAgent":null,"zone":null,"ipAddress":null},"displayMessage":"Sync user in external application",` +
		`"eventType":"application.provision.user.sync","outcome":{"result":"FAILURE","reason":null},"published":"2026-11-18T03:10:00.100Z",` +
		`"severity":"ERROR","debugContext":{"debugData":{"appname":"scim2headerauth"}},"legacyEventType":"app.user_management.provision_user_failed",` +
		`"transaction":{"type":"JOB","id":"puj1","detail":{}},"uuid":"6a2d3b20-c5a1-11f1-8b22-1c2d3e4f5a01","version":"0",` +
		`"target":[{"id":"0ua1","type":"AppUser","alternateId":"dan@acme.example","displayName":"Dan"},` +
		`{"id":"0oa1","type":"AppInstance","alternateId":"Slack","displayName":"SCIM 2.0 Test App"},{"id":"00u1","type":"User","alternateId":"dan@acme.example","displayName":"Dan"}]}`)
	d, _ := newOktaDecoder(nil)
	batch := &Batch{}
	rec := &Record{Raw: raw}
	b.ReportAllocs()
	for b.Loop() {
		batch.Events = batch.Events[:0]
		if err := d.Decode(rec, batch); err != nil {
			b.Fatal(err)
		}
	}
}
