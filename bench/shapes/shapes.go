// Package shapes writes large, realistic provisioning exports for benchmarks: N events of one
// platform's shape, a share of them failures and a few malformed records. bench/gen writes them
// to files; the ingest benchmarks read them from memory.
package shapes

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"sort"
	"time"
)

// Names lists the shapes Write knows.
func Names() []string {
	names := make([]string, 0, len(shapes))
	for name := range shapes {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// Write writes n events of the named shape to w, each a failure with probability fail, and
// replaces malformed of them, evenly spread, by a broken record. The output depends only on
// the arguments.
func Write(out io.Writer, shape string, n int, fail float64, malformed int) error {
	write, ok := shapes[shape]
	if !ok {
		return fmt.Errorf("unknown shape %q (known: %v)", shape, Names())
	}
	w := bufio.NewWriterSize(out, 1<<20)
	rng := rand.New(rand.NewPCG(1, 2))
	every := n / (malformed + 1)
	start := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		if malformed > 0 && i > 0 && i%every == 0 && i/every <= malformed {
			fmt.Fprintln(w, `{"uuid": "broken", "published": `)
			continue
		}
		at := start.Add(time.Duration(i) * 2 * time.Second)
		write(w, rng, i, at, rng.Float64() < fail)
	}
	return w.Flush()
}

var shapes = map[string]func(w *bufio.Writer, rng *rand.Rand, i int, at time.Time, fail bool){
	"okta-ndjson":      oktaEvent,
	"entra-diagnostic": entraRecord,
}

var oktaTypes = []struct{ eventType, legacy string }{
	{"application.provision.user.push", "app.user_management.push_new_user"},
	{"application.provision.user.push_profile", "app.user_management.push_profile_success"},
	{"application.provision.user.deactivate", "app.user_management.deactivate_user"},
	{"application.provision.user.verify_exists", "app.api.error.check_user_exists"},
	{"application.provision.user.sync", "app.user_management.provision_user"},
}

var apps = []string{"Slack", "Zoom", "GitHub", "Notion", "Jira", "Salesforce", "Box", "Dropbox"}

func oktaEvent(w *bufio.Writer, rng *rand.Rand, i int, at time.Time, fail bool) {
	t := oktaTypes[rng.IntN(len(oktaTypes))]
	app := rng.IntN(len(apps))
	user := rng.IntN(50000)
	result, reason, severity := "SUCCESS", "null", "INFO"
	if fail {
		result, severity = "FAILURE", "ERROR"
		reason = fmt.Sprintf(`"Automatic provisioning of user user%05d@acme.example to app %s failed: Error while creating user user%05d@acme.example: Conflict. Errors reported by remote server: User already exists"`, user, apps[app], user)
	}
	fmt.Fprintf(w, `{"actor":{"id":"0oa%017d","type":"PublicClientApp","alternateId":"system@okta.com","displayName":"Okta System","detailEntry":null},"client":{"userAgent":null,"zone":null,"device":null,"id":null,"ipAddress":null,"geographicalContext":null},"device":null,"authenticationContext":{"authenticationProvider":null,"credentialProvider":null,"credentialType":null,"issuer":null,"interface":null,"authenticationStep":0,"externalSessionId":"trs%017d"},"displayMessage":"Push user to external application","eventType":"%s","outcome":{"result":"%s","reason":%s},"published":"%s","securityContext":{"asNumber":null,"asOrg":null,"isp":null,"domain":null,"isProxy":null},"severity":"%s","debugContext":{"debugData":{"appname":"scim2headerauth"}},"legacyEventType":"%s","transaction":{"type":"JOB","id":"puj%017d","detail":{}},"uuid":"%08x-0000-4000-8000-%012x","version":"0","request":{"ipChain":[]},"target":[{"id":"0ua%017d","type":"AppUser","alternateId":"user%05d@acme.example","displayName":"User %d","detailEntry":null},{"id":"0oa%017d","type":"AppInstance","alternateId":"%s","displayName":"SCIM 2.0 Test App (Header Auth)","detailEntry":null},{"id":"00u%017d","type":"User","alternateId":"user%05d@acme.example","displayName":"User %d","detailEntry":null}]}`+"\n",
		app, i, t.eventType, result, reason, at.Format("2006-01-02T15:04:05.000Z"), severity, t.legacy, i/100, i, i,
		user, user, user, app, apps[app], user, user, user)
}

var entraActions = []string{"create", "update", "disable", "delete"}

func entraRecord(w *bufio.Writer, rng *rand.Rand, i int, at time.Time, fail bool) {
	app := rng.IntN(len(apps))
	user := rng.IntN(50000)
	action := entraActions[rng.IntN(len(entraActions))]
	status, resultType, info := "success", "Success", "null"
	if fail {
		status, resultType = "failure", "Failure"
		info = fmt.Sprintf(`{"errorCode":"SystemForCrossDomainIdentityManagementBadRequest","reason":"Failed to create User 'user%05d@acme.example' in customappsso; Error: StatusCode: BadRequest Message: Processing of the HTTP request resulted in an exception. Web Response: {\"schemas\":[\"urn:ietf:params:scim:api:messages:2.0:Error\"],\"scimType\":\"invalidValue\",\"status\":\"400\"}","errorCategory":"nonServiceFailure"}`, user)
	}
	ts := at.Format("2006-01-02T15:04:05.0000000Z")
	fmt.Fprintf(w, `{"time":"%s","resourceId":"/tenants/3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f/providers/Microsoft.aadiam","operationName":"Provisioning activity","operationVersion":"1.0","category":"ProvisioningLogs","tenantId":"3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f","resultType":"%s","durationMs":812,"correlationId":"%08x-1111-4111-8111-%012x","identity":"%08x-2222-4222-8222-%012x","Level":4,"properties":{"id":"%08x-2222-4222-8222-%012x","activityDateTime":"%s","tenantId":"3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f","jobId":"%sOutDelta.3f2a9c1e7b4d4e8a9c2f1a2b3c4d5e6f.%08x-3333-4333-8333-000000000000","cycleId":"%08x-4444-4444-8444-000000000000","changeId":"%08x-1111-4111-8111-%012x","action":"%s","provisioningAction":"%s","servicePrincipal":{"Id":"%08x-5555-4555-8555-000000000000","Name":"%s"},"sourceSystem":{"details":{},"Id":"bab3751f-8f21-4657-8fce-698f7391dbdd","Name":"Azure Active Directory"},"targetSystem":{"details":{},"Id":"011a448f-1441-4336-8c20-e2d2cef9c410","Name":"%s"},"initiatedBy":{"Type":"system","Id":"","Name":"Azure AD Provisioning Service"},"sourceIdentity":{"identityType":"User","details":{"UserPrincipalName":"user%05d@acme.example"},"Id":"%08x-6666-4666-8666-000000000000","Name":"User %d"},"targetIdentity":{"identityType":"urn:ietf:params:scim:schemas:core:2.0:User","details":{},"Id":"scim-%d","Name":"user%05d@acme.example"},"provisioningStatusInfo":{"Status":"%s","errorInformation":%s},"statusInfo":{"Status":0},"provisioningSteps":[{"name":"EntryImportAdd","provisioningStepType":0,"status":0,"description":"Received User change","details":{}},{"name":"EntryExportAdd","provisioningStepType":5,"status":%d,"description":"User export","details":{}}],"modifiedProperties":[],"durationInMilliseconds":812}}`+"\n",
		ts, resultType, i, i, i, i, i, i, ts, apps[app], app, i/500, i, i, action, action, app, apps[app], apps[app], user, user, user, user, user, status, info, map[bool]int{false: 0, true: 1}[fail])
}
