package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
)

func TestEntraProvisioningGolden(t *testing.T) {
	for _, name := range []string{
		"graph-v1-page.json",
		"graph-beta-page.json",
		"portal-download.json",
		"diagnostic.ndjson",
		"diagnostic-records.json",
		"loganalytics.json",
		"loganalytics.csv",
		"job-quarantined.json",
		"jobs-list.json",
	} {
		t.Run(name, func(t *testing.T) {
			goldenIngest(t, filepath.Join("testdata", "entra-provisioning", name))
		})
	}
}

func TestEntraProvisioningDetect(t *testing.T) {
	jsonCases := []struct {
		name  string
		first string
		want  bool
	}{
		{"graph v1", `{"id":"1","jobId":"j","provisioningAction":"create"}`, true},
		{"graph beta, action only", `{"id":"1","jobId":"j","action":"Create"}`, true},
		{"status info only", `{"jobId":"j","provisioningStatusInfo":{"status":"failure"}}`, true},
		{"log analytics columns", `{"JobId":"j","ProvisioningAction":"create","AADTenantId":"t"}`, true},
		{"diagnostic record", `{"category":"ProvisioningLogs","properties":{"jobId":"j"}}`, true},
		{"diagnostic record by operation", `{"operationName":"Provisioning activity","properties":{}}`, true},
		{"entra diagnostic stream starting with a sign-in", `{"category":"SignInLogs","resourceId":"/tenants/t/providers/Microsoft.aadiam","properties":{}}`, true},
		{"job configuration", `{"id":"scim.x.y","templateId":"scim","schedule":{"state":"Active"}}`, true},
		{"job configuration, status only", `{"id":"scim.x.y","templateId":"scim","status":{"code":"Paused"}}`, true},
		{"okta log event", `{"uuid":"u","eventType":"application.provision.user.push","jobId":"j","action":"x"}`, false},
		{"synchronization secret", `{"key":"SecretToken","value":"s3cr3t"}`, false},
		{"access log", `{"time":"2026-11-19T06:00:00Z","method":"GET","path":"/scim/v2/Users","status":200}`, false},
		{"jobId without a provisioning field", `{"jobId":"j","name":"nightly"}`, false},
		{"another Azure resource's diagnostics", `{"category":"AuditEvent","resourceId":"/subscriptions/s/providers/Microsoft.KeyVault/vaults/v","properties":{}}`, false},
		{"not an object", `["jobId","action"]`, false},
	}
	for _, c := range jsonCases {
		t.Run(c.name, func(t *testing.T) {
			s := &Sniff{Container: JSONRecords, First: []byte(c.first)}
			if got := EntraProvisioning.Detect(s); got != c.want {
				t.Errorf("Detect(%s) = %v, want %v", c.first, got, c.want)
			}
		})
	}
	csvCases := []struct {
		header string
		want   bool
	}{
		{"TenantId,TimeGenerated [UTC],JobId,ProvisioningAction,ResultType", true},
		{`"JobId","Action","ResultType"`, true},
		{"JobId,ResultType", false},
		{"platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner", false},
	}
	for _, c := range csvCases {
		t.Run(c.header, func(t *testing.T) {
			s := &Sniff{Container: TextLines, Lines: [][]byte{[]byte(c.header)}}
			if got := EntraProvisioning.Detect(s); got != c.want {
				t.Errorf("Detect(%s) = %v, want %v", c.header, got, c.want)
			}
		})
	}
}

// decodeEntraJSON runs one JSON record through a fresh decoder.
func decodeEntraJSON(t *testing.T, raw string) (*Batch, error) {
	t.Helper()
	dec, err := newEntraDecoder(nil)
	if err != nil {
		t.Fatal(err)
	}
	b := &Batch{}
	return b, dec.Decode(&Record{Line: 1, Raw: []byte(raw)}, b)
}

func decodeEntraEvent(t *testing.T, raw string) Event {
	t.Helper()
	b, err := decodeEntraJSON(t, raw)
	if err != nil {
		t.Fatalf("Decode(%s): %v", raw, err)
	}
	if len(b.Events) != 1 {
		t.Fatalf("Decode(%s): %d events, want 1", raw, len(b.Events))
	}
	return b.Events[0]
}

func TestEntraActionObjectResult(t *testing.T) {
	cases := []struct {
		name   string
		record string
		action string
		object string
		result string
	}{
		{"create user", `{"jobId":"j","provisioningAction":"create","provisioningStatusInfo":{"status":"success"}}`, ActionCreate, ObjectUser, ResultSuccess},
		{"update", `{"jobId":"j","provisioningAction":"Update","provisioningStatusInfo":{"status":"Failure"}}`, ActionUpdate, ObjectUser, ResultFailure},
		{"disable", `{"jobId":"j","provisioningAction":"disable"}`, ActionDisable, ObjectUser, ""},
		{"staged delete is a delete", `{"jobId":"j","provisioningAction":"stagedDelete"}`, ActionDelete, ObjectUser, ""},
		{"other", `{"jobId":"j","provisioningAction":"other","provisioningStatusInfo":{"Status":"skipped"}}`, ActionOther, ObjectUser, ResultSkipped},
		{"unknown action", `{"jobId":"j","provisioningAction":"unknownFutureValue"}`, ActionOther, ObjectUser, ""},
		{"beta action only", `{"jobId":"j","action":"Delete","statusInfo":{"status":"warning"}}`, ActionDelete, ObjectUser, ResultWarning},
		{"provisioningAction wins over action", `{"jobId":"j","action":"Create","provisioningAction":"update"}`, ActionUpdate, ObjectUser, ""},
		{"integer provisioningAction", `{"jobId":"j","provisioningAction":3}`, ActionDisable, ObjectUser, ""},
		{"integer status", `{"jobId":"j","action":"Create","statusInfo":{"Status":1}}`, ActionCreate, ObjectUser, ResultFailure},
		{"integer status 2", `{"jobId":"j","action":"Create","statusInfo":{"Status":2}}`, ActionCreate, ObjectUser, ResultSkipped},
		{"integer status in a string", `{"jobId":"j","action":"Create","statusInfo":{"Status":"3"}}`, ActionCreate, ObjectUser, ResultWarning},
		{"provisioningStatusInfo wins over statusInfo", `{"jobId":"j","action":"Create","provisioningStatusInfo":{"Status":"failure"},"statusInfo":{"Status":0}}`, ActionCreate, ObjectUser, ResultFailure},
		{"resultType when no status", `{"JobId":"j","ProvisioningAction":"create","ResultType":"Skipped"}`, ActionCreate, ObjectUser, ResultSkipped},
		{"envelope resultType", `{"category":"ProvisioningLogs","resultType":"Failure","properties":{"jobId":"j","action":"Create"}}`, ActionCreate, ObjectUser, ResultFailure},
		{"group create", `{"jobId":"j","provisioningAction":"create","sourceIdentity":{"identityType":"Group"}}`, ActionGroupCreate, ObjectGroup, ""},
		{"group delete", `{"jobId":"j","provisioningAction":"delete","targetIdentity":{"identityType":"urn:ietf:params:scim:schemas:core:2.0:Group"}}`, ActionGroupDelete, ObjectGroup, ""},
		{"group staged delete", `{"jobId":"j","provisioningAction":"stagedDelete","sourceIdentity":{"identityType":"group"}}`, ActionGroupDelete, ObjectGroup, ""},
		{"group disable is a group update", `{"jobId":"j","provisioningAction":"disable","sourceIdentity":{"identityType":"Group"},"modifiedProperties":[{"displayName":"members"}]}`, ActionGroupUpdate, ObjectGroup, ""},
		{"group update", `{"jobId":"j","provisioningAction":"update","sourceIdentity":{"identityType":"Group"},"modifiedProperties":[{"displayName":"displayName"}]}`, ActionGroupUpdate, ObjectGroup, ""},
		{"group members property", `{"jobId":"j","provisioningAction":"update","sourceIdentity":{"identityType":"Group"},"modifiedProperties":[{"displayName":"members"}]}`, ActionMembership, ObjectGroup, ""},
		{"group members in a step detail", `{"jobId":"j","provisioningAction":"update","sourceIdentity":{"identityType":"Group"},"provisioningSteps":[{"name":"EntryExportUpdate","details":{"Members":"Add: 1"}}]}`, ActionMembership, ObjectGroup, ""},
		{"group members in a step description", `{"jobId":"j","provisioningAction":"update","sourceIdentity":{"identityType":"Group"},"provisioningSteps":[{"name":"EntryExportUpdate","description":"Group 'x' members were updated"}]}`, ActionMembership, ObjectGroup, ""},
		{"user update with members text stays update", `{"jobId":"j","provisioningAction":"update","modifiedProperties":[{"displayName":"members"}]}`, ActionUpdate, ObjectUser, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			e := decodeEntraEvent(t, c.record)
			if e.Action != c.action || e.Object != c.object || e.Result != c.result {
				t.Errorf("action/object/result = %s/%s/%s, want %s/%s/%s", e.Action, e.Object, e.Result, c.action, c.object, c.result)
			}
		})
	}
}

func TestEntraFieldVariants(t *testing.T) {
	graph := `{"id":"e1","activityDateTime":"2026-11-19T06:00:00Z","tenantId":"t1","jobId":"j","cycleId":"c1","provisioningAction":"create",
		"servicePrincipal":{"id":"sp","displayName":"Slack"},"targetSystem":{"id":"ts","displayName":"Slack SCIM"},
		"initiatedBy":{"id":"","displayName":"Azure AD Provisioning Service","initiatorType":"system"},
		"sourceIdentity":{"id":"u1","displayName":"Alice","identityType":"User","details":{}},
		"targetIdentity":{"id":"scim-1","displayName":"alice@x.example","identityType":"urn:ietf:params:scim:schemas:core:2.0:User"},
		"provisioningSteps":[{"name":"EntryImportAdd","provisioningStepType":"import","status":"success","details":{"userPrincipalName":"alice@x.example"}},
			{"name":"EntryExportAdd","provisioningStepType":"export","status":"success","details":{"ReportableIdentifier":"alice-export"}}]}`
	diagnostic := `{"time":"2026-11-19T06:00:00Z","category":"ProvisioningLogs","tenantId":"t1","identity":"e1","properties":{
		"jobId":"j","cycleId":"c1","action":"Create",
		"servicePrincipal":{"Id":"sp","Name":"Slack"},"targetSystem":{"Id":"ts","Name":"Slack SCIM"},
		"initiatedBy":{"Type":"system","Id":"","Name":"Azure AD Provisioning Service"},
		"sourceIdentity":{"identityType":"User","details":{"UserPrincipalName":"alice@x.example"},"Id":"u1","Name":"Alice"},
		"targetIdentity":{"identityType":"urn:ietf:params:scim:schemas:core:2.0:User","Id":"scim-1","Name":"alice@x.example"},
		"provisioningSteps":[{"name":"EntryImportAdd","provisioningStepType":0,"status":0},{"name":"EntryExportAdd","provisioningStepType":5,"status":0}]}}`
	logAnalytics := `{"TenantId":"workspace","AADTenantId":"t1","TimeGenerated":"2026-11-19T06:00:00Z","Id":"e1","JobId":"j","CycleId":"c1",
		"ProvisioningAction":"create",
		"ServicePrincipal":"{\"Id\":\"sp\",\"Name\":\"Slack\"}","TargetSystem":"{\"Id\":\"ts\",\"Name\":\"Slack SCIM\"}",
		"InitiatedBy":"{\"Type\":\"system\",\"Id\":\"\",\"Name\":\"Azure AD Provisioning Service\"}",
		"SourceIdentity":"{\"identityType\":\"User\",\"Id\":\"u1\",\"Name\":\"Alice\",\"details\":{}}",
		"TargetIdentity":" {\"identityType\":\"urn:ietf:params:scim:schemas:core:2.0:User\",\"Id\":\"scim-1\",\"Name\":\"alice@x.example\"}",
		"ProvisioningSteps":"[{\"name\":\"EntryImportAdd\",\"provisioningStepType\":0,\"status\":0,\"details\":{\"userPrincipalName\":\"alice@x.example\"}},{\"name\":\"EntryExportAdd\",\"provisioningStepType\":5,\"status\":0}]"}`
	want := Event{
		Time: time.Date(2026, 11, 19, 6, 0, 0, 0, time.UTC), Platform: "entra", Tenant: "t1", EventID: "e1", EventType: "create",
		LegacyType: "EntryExportAdd", ConnectorID: "j", AppName: "Slack", AppKind: "Slack SCIM", Action: ActionCreate, Object: ObjectUser,
		UserName: "alice@x.example", UserID: "u1", TargetID: "scim-1", TargetName: "alice@x.example", RunID: "c1",
		Actor: "Azure AD Provisioning Service",
	}
	for name, raw := range map[string]string{"graph id/displayName": graph, "diagnostic Id/Name": diagnostic, "log analytics JSON-string columns": logAnalytics} {
		t.Run(name, func(t *testing.T) {
			if diff := cmp.Diff(want, decodeEntraEvent(t, raw)); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestEntraUserName(t *testing.T) {
	cases := []struct{ name, record, want string }{
		{"source details UPN first", `{"jobId":"j","sourceIdentity":{"displayName":"Alice","details":{"UserPrincipalName":"a@x"}},"provisioningSteps":[{"provisioningStepType":"import","details":{"userPrincipalName":"b@x"}}]}`, "a@x"},
		{"import step UPN", `{"jobId":"j","sourceIdentity":{"displayName":"Alice"},"provisioningSteps":[{"name":"EntryExportAdd","details":{"ReportableIdentifier":"r@x"}},{"name":"EntryImportAdd","details":{"userPrincipalName":"b@x"}}]}`, "b@x"},
		{"reportable identifier", `{"jobId":"j","sourceIdentity":{"displayName":"Alice"},"provisioningSteps":[{"name":"EntryExportAdd","details":{"ReportableIdentifier":"r@x"}}]}`, "r@x"},
		{"display name last", `{"jobId":"j","sourceIdentity":{"Name":"Alice"}}`, "Alice"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := decodeEntraEvent(t, c.record).UserName; got != c.want {
				t.Errorf("UserName = %q, want %q", got, c.want)
			}
		})
	}
	group := decodeEntraEvent(t, `{"jobId":"j","provisioningAction":"create","sourceIdentity":{"Id":"g1","Name":"Sales","identityType":"Group"}}`)
	if group.GroupName != "Sales" || group.UserName != "" || group.UserID != "g1" {
		t.Errorf("group event: GroupName %q, UserName %q, UserID %q; want Sales, empty, g1", group.GroupName, group.UserName, group.UserID)
	}
}

func TestEntraErrorEvidence(t *testing.T) {
	cases := []struct {
		name   string
		record string
		want   Event
	}{
		{"v1 error information",
			`{"jobId":"j","provisioningStatusInfo":{"status":"failure","errorInformation":{"errorCode":"EntryConflict","reason":"Message: customappsso returned an error response with the HTTP status code 409. Web Response: {\"scimType\":\"uniqueness\",\"detail\":\"see https://scim.old.example/scim/v2/Users.\"}"}},
			 "provisioningSteps":[{"name":"EntryImportAdd","status":"success"},{"name":"EntryExportAdd","status":"failure","description":"Failed to create"},{"name":"EntryNotify","status":"success"}]}`,
			Event{Result: ResultFailure, LegacyType: "EntryExportAdd", ErrorCode: "EntryConflict", HTTPStatus: 409, SCIMType: "uniqueness", ErrorURL: "https://scim.old.example/scim/v2/Users",
				ErrorText: `Message: customappsso returned an error response with the HTTP status code 409. Web Response: {"scimType":"uniqueness","detail":"see https://scim.old.example/scim/v2/Users."}`}},
		{"beta flat statusInfo",
			`{"jobId":"j","statusInfo":{"status":"failure","errorCode":"Unauthorized","reason":"StatusCode: Unauthorized Message: x"}}`,
			Event{Result: ResultFailure, ErrorCode: "Unauthorized", HTTPStatus: 401, ErrorText: "StatusCode: Unauthorized Message: x"}},
		{"log analytics columns",
			`{"JobId":"j","ResultType":"Failure","ResultSignature":"SystemForCrossDomainIdentityManagementBadRequest","ResultDescription":"StatusCode: BadRequest Message: x"}`,
			Event{Result: ResultFailure, ErrorCode: "SystemForCrossDomainIdentityManagementBadRequest", HTTPStatus: 400, ErrorText: "StatusCode: BadRequest Message: x"}},
		{"None signature is no code",
			`{"JobId":"j","ResultType":"Success","ResultSignature":"None"}`,
			Event{Result: ResultSuccess}},
		{"skip: the skipped step says why",
			`{"jobId":"j","provisioningStatusInfo":{"status":"skipped","errorInformation":null},
			 "provisioningSteps":[{"name":"EntryImportUpdate","status":0},{"name":"EntrySynchronizationSkip","status":2,"description":"User 'd@x' will be skipped","details":{"SkipReason":"NotEffectivelyEntitled"}}]}`,
			Event{Result: ResultSkipped, LegacyType: "EntrySynchronizationSkip", ErrorCode: "NotEffectivelyEntitled", ErrorText: "User 'd@x' will be skipped"}},
		{"skip without description: SkipReason",
			`{"jobId":"j","statusInfo":{"Status":2},"provisioningSteps":[{"name":"EntrySynchronizationSkip","status":"skipped","details":{"SkipReason":"AttributeValidationFailed"}}]}`,
			Event{Result: ResultSkipped, LegacyType: "EntrySynchronizationSkip", ErrorCode: "AttributeValidationFailed", ErrorText: "AttributeValidationFailed"}},
		{"skip with a description column keeps its SkipReason code",
			`{"JobId":"j","ResultType":"Skipped","ResultDescription":"not in scope","ProvisioningSteps":"[{\"name\":\"EntrySynchronizationSkip\",\"status\":2,\"details\":{\"SkipReason\":\"NotEffectivelyEntitled\"}}]"}`,
			Event{Result: ResultSkipped, LegacyType: "EntrySynchronizationSkip", ErrorCode: "NotEffectivelyEntitled", ErrorText: "not in scope"}},
		{"failure outranks a warning step",
			`{"jobId":"j","provisioningSteps":[{"name":"A","status":3},{"name":"B","status":1},{"name":"C","status":0}]}`,
			Event{LegacyType: "B"}},
		{"success keeps no step text",
			`{"jobId":"j","provisioningStatusInfo":{"status":"success"},"provisioningSteps":[{"name":"A","status":"skipped","description":"skipped attribute"},{"name":"B","status":"success"}]}`,
			Event{Result: ResultSuccess, LegacyType: "A"}},
	}
	ignore := cmpopts.IgnoreFields(Event{}, "Platform", "ConnectorID", "Action", "Object", "EventType", "Tenant")
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if diff := cmp.Diff(c.want, decodeEntraEvent(t, c.record), ignore); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestEntraTenant(t *testing.T) {
	cases := []struct{ name, record, want string }{
		{"graph tenantId", `{"tenantId":"t1","jobId":"scim.5611623b9128461e9d7fa0d9c270ead2.x"}`, "t1"},
		{"log analytics: AADTenantId, never the workspace", `{"TenantId":"workspace","AADTenantId":"t1","JobId":"j"}`, "t1"},
		{"log analytics without AADTenantId: from the job id", `{"TenantId":"workspace","TimeGenerated":"2026-11-19T06:00:00Z","JobId":"aws.5611623B9128461E9D7FA0D9C270EAD2.x"}`, "5611623b-9128-461e-9d7f-a0d9c270ead2"},
		{"envelope tenantId", `{"category":"ProvisioningLogs","tenantId":"t2","properties":{"jobId":"j"}}`, "t2"},
		{"job id without a tenant part", `{"jobId":"ContosoOutDelta.7928d5b574424a97ne2d66f9j9972ecn"}`, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := decodeEntraEvent(t, c.record).Tenant; got != c.want {
				t.Errorf("Tenant = %q, want %q", got, c.want)
			}
		})
	}
}

func TestEntraRejectsAndOutOfScope(t *testing.T) {
	cases := []struct {
		name, record, reason, outOfScope string
	}{
		{"broken JSON", `{"jobId":"j",`, "not valid JSON", ""},
		{"not an object", `"jobId"`, "not a JSON object but a JSON string", ""},
		{"missing jobId", `{"id":"x","provisioningAction":"create"}`, "missing jobId", ""},
		{"missing jobId in properties", `{"category":"ProvisioningLogs","properties":{"id":"x"}}`, "properties: missing jobId", ""},
		{"bad activityDateTime", `{"jobId":"j","activityDateTime":"yesterday"}`, `activityDateTime: unrecognised time "yesterday"`, ""},
		{"bad envelope time", `{"time":"soon","category":"ProvisioningLogs","properties":{"jobId":"j"}}`, `time: unrecognised time "soon"`, ""},
		{"job without id", `{"templateId":"scim","schedule":{"state":"Active"}}`, "synchronization job: missing id", ""},
		{"sign-in in a diagnostic stream", `{"category":"SignInLogs","properties":{"userPrincipalName":"a@x"}}`, "", "SignInLogs"},
		{"operation of another log", `{"operationName":"Update external secrets","properties":{}}`, "", "Update external secrets"},
		{"synchronization secret", `{"key":"SecretToken","value":"s3cr3tT0kenValue"}`, "", "synchronization secret"},
		{"validateCredentials body", `{"useSavedCredentials":false,"credentials":[{"key":"SecretToken","value":"s3cr3tT0kenValue"}]}`, "", "synchronization secret"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := decodeEntraJSON(t, c.record)
			switch {
			case c.reason != "" && (err == nil || !strings.Contains(err.Error(), c.reason)):
				t.Errorf("error = %v, want one containing %q", err, c.reason)
			case c.reason == "" && err != nil:
				t.Errorf("unexpected error %v", err)
			case b.outOfScope != c.outOfScope:
				t.Errorf("out of scope as %q, want %q", b.outOfScope, c.outOfScope)
			case c.reason == "" && len(b.Events)+len(b.Connectors) != 0:
				t.Errorf("stored rows for a record out of scope: %+v %+v", b.Events, b.Connectors)
			}
		})
	}
}

func TestEntraJobStatus(t *testing.T) {
	cases := []struct{ name, record, status string }{
		{"quarantine error code", `{"id":"j","templateId":"t","status":{"code":"Quarantine","quarantine":{"reason":"EncounteredQuarantineException","error":{"code":"SalesforceInvalidCredentials"}}}}`, "Quarantine: SalesforceInvalidCredentials"},
		{"quarantine reason without error", `{"id":"j","templateId":"t","status":{"code":"Quarantine","quarantine":{"reason":"TooManyDeletes","error":null}}}`, "Quarantine: TooManyDeletes"},
		{"empty quarantine", `{"id":"j","templateId":"t","status":{"code":"Paused","quarantine":{"reason":"","error":{"code":""}}}}`, "Paused"},
		{"no quarantine", `{"id":"j","templateId":"t","status":{"code":"Active","quarantine":null}}`, "Active"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b, err := decodeEntraJSON(t, c.record)
			if err != nil || len(b.Connectors) != 1 {
				t.Fatalf("Decode: %v, %d connectors", err, len(b.Connectors))
			}
			if got := b.Connectors[0].Status; got != c.status {
				t.Errorf("Status = %q, want %q", got, c.status)
			}
		})
	}
	for state, want := range map[string]*bool{"Active": new(true), "disabled": new(false), "Paused": nil, "": nil} {
		if got := scheduleEnabled(state); !cmp.Equal(got, want) {
			t.Errorf("scheduleEnabled(%q) = %v, want %v", state, got, want)
		}
	}
}

func TestEntraSecretsFileStoresNothing(t *testing.T) {
	const token = "s3cr3tT0kenValue-never-stored"
	path := filepath.Join(t.TempDir(), "secrets.json")
	text := `{"value":[{"key":"BaseAddress","value":"https://scim-legacy.acme.example/scim/v2"},{"key":"SecretToken","value":"` + token + `"}]}`
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	sink := newMemSink()
	if _, err := File(Input{Path: path, file: path}, sink, Options{}); err == nil {
		t.Fatal("a synchronization secrets file was detected as a known format")
	}
	src, tx := ingestForTest(t, path, Options{Format: EntraProvisioning.Name})
	if src.OutOfScope != 2 || src.Stored != 0 || src.Rejected != 0 {
		t.Errorf("stored %d, rejected %d, out of scope %d; want everything out of scope", src.Stored, src.Rejected, src.OutOfScope)
	}
	if got := string(renderGolden(t, src, tx)); strings.Contains(got, token) {
		t.Errorf("the secret token reached the store: %s", got)
	}
}

func TestEntraTrailingCommaTolerated(t *testing.T) {
	e := decodeEntraEvent(t, `{"jobId":"j","provisioningAction":"create","modifiedProperties":[{"displayName":"a, b"},],}`)
	if e.ConnectorID != "j" || e.Action != ActionCreate {
		t.Errorf("got %+v", e)
	}
	if fixed, ok := withoutTrailingCommas([]byte(`{"a":"x,]",}`)); !ok || string(fixed) != `{"a":"x,]"}` {
		t.Errorf("withoutTrailingCommas = %s, %v", fixed, ok)
	}
}

func TestEntraCSVNeedsJobID(t *testing.T) {
	if _, err := newEntraDecoder([]string{"TimeGenerated [UTC]", "Action"}); err == nil || !strings.Contains(err.Error(), "JobId") {
		t.Errorf("newEntraDecoder without JobId: %v", err)
	}
	dec, err := newEntraDecoder([]string{"TimeGenerated [UTC]", "JobId", "Action", "Note"})
	if err != nil {
		t.Fatal(err)
	}
	b := &Batch{}
	rec := &Record{Header: []string{"TimeGenerated [UTC]", "JobId", "Action", "Note"},
		Fields: []string{"11/19/2026, 8:00:03.750 AM", "j", "Create", "quote \" back\\slash \x01"}}
	if err := dec.Decode(rec, b); err != nil || len(b.Events) != 1 {
		t.Fatalf("Decode: %v, %d events", err, len(b.Events))
	}
	if e := b.Events[0]; e.Time != time.Date(2026, 11, 19, 8, 0, 3, 750e6, time.UTC) || e.EventType != "create" {
		t.Errorf("got time %v, event type %q", e.Time, e.EventType)
	}
}

func TestEqualFoldASCII(t *testing.T) {
	cases := []struct {
		key, name string
		want      bool
	}{
		{"JobId", "jobId", true}, {"AADTENANTID", "aadTenantId", true}, {"jobId", "jobIds", false},
		{"job_d", "jobId", false}, {"@", "`", false}, {"[", "{", false},
	}
	for _, c := range cases {
		if got := equalFoldASCII([]byte(c.key), c.name); got != c.want {
			t.Errorf("equalFoldASCII(%q, %q) = %v", c.key, c.name, got)
		}
	}
}

func BenchmarkEntraDecodeDiagnostic(b *testing.B) {
	raw, err := os.ReadFile("testdata/entra-provisioning/diagnostic.ndjson")
	if err != nil {
		b.Fatal(err)
	}
	line := raw[:strings.IndexByte(string(raw), '\n')]
	dec, _ := newEntraDecoder(nil)
	batch := &Batch{}
	b.ReportAllocs()
	b.SetBytes(int64(len(line)))
	for b.Loop() {
		batch.Events = batch.Events[:0]
		if err := dec.Decode(&Record{Raw: line}, batch); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEntraDecodeLogAnalyticsCSV(b *testing.B) {
	header := []string{"TimeGenerated [UTC]", "JobId", "ProvisioningAction", "AADTenantId", "SourceIdentity", "ProvisioningSteps", "ResultType"}
	fields := []string{"11/19/2026, 8:00:03.750 AM", "j", "create", "t", `{"Id":"u","Name":"A","identityType":"User"}`,
		`[{"name":"EntryImportAdd","provisioningStepType":0,"status":0,"details":{"userPrincipalName":"a@x"}}]`, "Success"}
	dec, _ := newEntraDecoder(header)
	batch := &Batch{}
	b.ReportAllocs()
	for b.Loop() {
		batch.Events = batch.Events[:0]
		if err := dec.Decode(&Record{Header: header, Fields: fields}, batch); err != nil {
			b.Fatal(err)
		}
	}
}
