package main

import (
	"fmt"
	"strings"
	"time"
)

// entraRecord is one provisioning log entry before it takes the Graph or the diagnostic shape.
type entraRecord struct {
	o                    *op
	id, changeID, cycle  string
	at                   time.Time
	action               string // create, update, disable, delete, other
	status               string // success, failure, skipped
	durationMS           int
	errCode, reason      string
	recommended          any
	steps                []entraStep
	modified             []modProp
	sourceID, sourceName string
	sourceType           string
	sourceDetails        map[string]string
	targetID, targetName string
	targetType           string
}

type entraStep struct {
	name, description string
	typ, status       int // diagnostic integers: 0 import … 5 export; 0 success, 1 failure, 2 skipped
	details           map[string]string
}

type modProp struct {
	DisplayName string `json:"displayName"`
	OldValue    any    `json:"oldValue"`
	NewValue    any    `json:"newValue"`
}

var stepTypes = []string{"import", "scoping", "matching", "processing", "referenceResolution", "export"}
var stepStatuses = []string{"success", "failure", "skipped", "warning"}

const (
	stepImport                      = 0
	stepScoping                     = 1
	stepMatching                    = 2
	stepProcessing                  = 3
	stepExport                      = 5
	stepOK, stepFailed, stepSkipped = 0, 1, 2
)

// sourceSystemID is the id Entra logs for itself as the source system.
const sourceSystemID = "8b1f0c2d-4e5a-4b6c-9d7e-0f1a2b3c4d5e"

// entraRecords renders every Entra op in time order.
func (w *world) entraRecords() []*entraRecord {
	var recs []*entraRecord
	for _, o := range w.ops {
		if o.platform == "entra" {
			recs = append(recs, w.entraRecord(o))
		}
	}
	return recs
}

func (w *world) cycleID(a *app, at time.Time) string {
	start := jobStart(a)
	k := at.Sub(start) / entraCycle
	key := a.jobID + "/" + start.Add(k*entraCycle).String()
	if id, ok := w.cycles[key]; ok {
		return id
	}
	id := w.guid()
	w.cycles[key] = id
	return id
}

func (w *world) entraRecord(o *op) *entraRecord {
	a, p := o.app, o.p
	r := &entraRecord{o: o, id: w.guid(), changeID: w.guid(), cycle: w.cycleID(a, o.at), at: o.at, action: o.action, status: o.result}
	if o.entraAction != "" {
		r.action = o.entraAction
	}
	switch o.result {
	case "success":
		r.durationMS = 400 + w.pick(3200)
	case "failure":
		r.durationMS = 1200 + w.pick(5000)
	default:
		r.durationMS = 90 + w.pick(800)
	}
	if o.action == "group" {
		r.action = "update"
		w.groupRecord(r)
		return r
	}
	upn := p.login()
	r.sourceID, r.sourceName, r.sourceType = p.entraID, p.display(), "User"
	r.sourceDetails = map[string]string{"DisplayName": p.display(), "UserPrincipalName": upn, "id": p.entraID, "odatatype": "User"}
	r.targetType = "urn:ietf:params:scim:schemas:core:2.0:User"
	if o.result == "success" {
		r.targetID = w.scimIDs[a.slug+"/"+upn]
	}
	t := a.targetSystem
	changeType := map[string]string{"create": "Add", "delete": "Delete"}[o.action]
	if changeType == "" {
		changeType = "Update"
	}
	enabled := "True"
	if o.action == "disable" || o.action == "delete" {
		enabled = "False"
	}
	r.steps = append(r.steps, entraStep{name: "EntryImport" + map[string]string{"Add": "Add", "Delete": "Delete"}[changeType], typ: stepImport, status: stepOK,
		description: fmt.Sprintf("Received User '%s' change of type (%s) from Azure Active Directory", upn, changeType),
		details: map[string]string{"objectId": p.entraID, "accountEnabled": enabled, "displayName": p.display(), "givenName": p.first,
			"surname": p.last, "userPrincipalName": upn, "mailNickname": strings.TrimSuffix(upn, "@acme.example"), "department": p.dept,
			"IsSoftDeleted": "False", "appRoleAssignments": "User"}})
	inScope := o.skip != "NotEffectivelyEntitled"
	scoping := map[string]string{"Active in the source system": enabled, "Assigned to the application": "True",
		"User has the required role": "True", "Scoping filter evaluation passed": title(inScope), "ScopeEvaluationResult": "{}"}
	if a.slug == "box" && !o.at.Before(cutover) {
		scoping["ScopeEvaluationResult"] = fmt.Sprintf(`{"department EQUALS 'Engineering'":"%s"}`, title(inScope))
	}
	r.steps = append(r.steps, entraStep{name: "EntrySynchronizationScoping", typ: stepScoping, status: stepOK,
		description: "Determine if User in scope by evaluating against each scoping filter", details: scoping})
	switch {
	case !inScope:
		r.steps = append(r.steps, entraStep{name: "EntrySynchronizationSkip", typ: stepProcessing, status: stepSkipped,
			description: fmt.Sprintf("User '%s' will be skipped because the User is not in scope of provisioning: the scoping filter department EQUALS 'Engineering' did not match", upn),
			details:     map[string]string{"SkipReason": "NotEffectivelyEntitled", "ReportableIdentifier": upn}})
		return r
	case o.status == 401:
		w.unauthorized(r, upn)
		return r
	}
	r.steps = append(r.steps, matchingStep(o, upn, t))
	switch {
	case o.skip == "AttributeValidationFailed":
		r.steps = append(r.steps, entraStep{name: "EntrySynchronizationSkip", typ: stepProcessing, status: stepSkipped,
			description: fmt.Sprintf("User '%s' will be skipped because the value of the property jobTitle is missing or invalid. Please update the value of the property jobTitle on the object in the source system.", upn),
			details:     map[string]string{"PropertyName": "jobTitle", "SkipReason": "AttributeValidationFailed", "ReportableIdentifier": upn}})
	case o.status == 409:
		r.steps = append(r.steps, entraStep{name: "EntryExportAdd", typ: stepExport, status: stepFailed,
			description: fmt.Sprintf("Failed to create User '%s' in %s", upn, t), details: map[string]string{"ReportableIdentifier": upn}})
		r.errCode = "EntryConflict"
		r.reason = fmt.Sprintf("Failed to create User '%s' in %s; Error: %s returned an error response with the HTTP status code 409. This response indicates that a user or a group already exists with the same name. StatusCode: Conflict Web Response: %s . This operation was retried 0 times. It will be retried again after this date: %s",
			upn, t, t, scimError(409, "uniqueness", "User with userName "+upn+" already exists"), entraTime(nextCycle(a, o.at.Add(6*time.Hour))))
	default:
		r.steps = append(r.steps, exportStep(o, upn, t))
		r.modified = w.modifiedProps(o)
	}
	return r
}

func title(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

func matchingStep(o *op, upn, t string) entraStep {
	switch o.action {
	case "create":
		return entraStep{name: "EntrySynchronizationAdd", typ: stepMatching, status: stepOK,
			description: fmt.Sprintf("User '%s' will be created in %s (User is active and assigned in Azure Active Directory, but no matching User was found in %s)", upn, t, t)}
	case "delete":
		return entraStep{name: "EntrySynchronizationDelete", typ: stepMatching, status: stepOK,
			description: fmt.Sprintf("User '%s' will be deleted from %s (User was deleted in Azure Active Directory, and a matching User was found in %s)", upn, t, t)}
	case "disable":
		return entraStep{name: "EntrySynchronizationUpdate", typ: stepMatching, status: stepOK,
			description: fmt.Sprintf("User '%s' will be disabled in %s (User is not active in Azure Active Directory, and a matching User was found in %s)", upn, t, t)}
	}
	return entraStep{name: "EntrySynchronizationUpdate", typ: stepMatching, status: stepOK,
		description: fmt.Sprintf("User '%s' will be updated in %s (User is active and assigned in Azure Active Directory, and a matching User was found in %s)", upn, t, t)}
}

func exportStep(o *op, upn, t string) entraStep {
	d := map[string]string{"ReportableIdentifier": upn}
	switch o.action {
	case "create":
		return entraStep{name: "EntryExportAdd", typ: stepExport, status: stepOK, description: fmt.Sprintf("User '%s' was created in %s", upn, t), details: d}
	case "delete":
		return entraStep{name: "EntryExportDelete", typ: stepExport, status: stepOK, description: fmt.Sprintf("User '%s' was deleted from %s", upn, t), details: d}
	case "disable":
		return entraStep{name: "EntryExportUpdateSoftDelete", typ: stepExport, status: stepOK, description: fmt.Sprintf("User '%s' was disabled in %s", upn, t), details: d}
	}
	return entraStep{name: "EntryExportUpdate", typ: stepExport, status: stepOK, description: fmt.Sprintf("User '%s' was updated in %s", upn, t), details: d}
}

// unauthorized: the lookup by the matching property is refused with 401.
func (w *world) unauthorized(r *entraRecord, upn string) {
	o := r.o
	r.steps = append(r.steps, entraStep{name: "EntryImportByMatchingProperty", typ: stepMatching, status: stepFailed,
		description: fmt.Sprintf("Failed to match an entry in %s with the given filter: userName eq '%s'", o.app.targetSystem, upn),
		details:     map[string]string{"ReportableIdentifier": upn}})
	next := windowEnd
	for _, t := range w.notionAttemptTimes {
		if t.After(o.at) {
			next = t
			break
		}
	}
	r.errCode = "Unauthorized"
	r.reason = fmt.Sprintf("Failed to match an entry in %s with the given filter. Error: StatusCode: Unauthorized Message: Processing of the HTTP request resulted in an exception. Please see the HTTP response returned by the 'Response' property of this exception for details. Web Response: %s . This operation was retried %d times. It will be retried again after this date: %s",
		o.app.targetSystem, scimError(401, "", "The credentials presented are not valid for this tenant"), o.attempt, entraTime(next))
	r.recommended = "Check the admin credentials on the Provisioning page of the application, then test the connection."
}

func (w *world) groupRecord(r *entraRecord) {
	o, a, g, t := r.o, r.o.app, r.o.group, r.o.app.targetSystem
	r.sourceID, r.sourceName, r.sourceType = w.entraGroupID(g), g, "Group"
	r.sourceDetails = map[string]string{"DisplayName": g, "id": w.entraGroupID(g), "odatatype": "Group"}
	r.targetID, r.targetName, r.targetType = w.groupID(a, g), g, "urn:ietf:params:scim:schemas:core:2.0:Group"
	r.steps = []entraStep{
		{name: "EntryImport", typ: stepImport, status: stepOK, description: fmt.Sprintf("Received Group '%s' change of type (Update) from Azure Active Directory", g),
			details: map[string]string{"objectId": w.entraGroupID(g), "displayName": g, "members": o.p.entraID}},
		{name: "EntrySynchronizationUpdate", typ: stepMatching, status: stepOK,
			description: fmt.Sprintf("Group '%s' will be updated in %s (Group is active and assigned in Azure Active Directory, and a matching Group was found in %s)", g, t, t)},
	}
	r.modified = []modProp{{DisplayName: "members", OldValue: nil, NewValue: w.scimIDs[a.slug+"/"+o.p.login()]}}
	if o.status == 0 {
		r.steps = append(r.steps, entraStep{name: "EntryExportUpdate", typ: stepExport, status: stepOK,
			description: fmt.Sprintf("Group '%s' was updated in %s", g, t), details: map[string]string{"ReportableIdentifier": g}})
		return
	}
	r.steps = append(r.steps, entraStep{name: "EntryExportUpdate", typ: stepExport, status: stepFailed,
		description: fmt.Sprintf("Failed to update Group '%s' in %s", g, t), details: map[string]string{"ReportableIdentifier": g}})
	r.errCode = "SystemForCrossDomainIdentityManagementBadRequest"
	waits := []time.Duration{6 * time.Hour, 12 * time.Hour, 24 * time.Hour, 24 * time.Hour}
	r.reason = fmt.Sprintf("Failed to update Group '%s' in %s; Error: StatusCode: BadRequest Message: Processing of the HTTP request resulted in an exception. Please see the HTTP response returned by the 'Response' property of this exception for details. Web Response: %s . This operation was retried %d times. It will be retried again after this date: %s",
		g, t, scimError(400, "invalidValue", "Attribute 'members.display' is not supported; send members.value only"), o.attempt, entraTime(nextCycle(a, o.at.Add(waits[o.attempt]))))
}

// modifiedProps lists the attributes an export sent.
func (w *world) modifiedProps(o *op) []modProp {
	p := o.p
	switch o.action {
	case "create":
		return []modProp{
			{"externalId", nil, p.entraID}, {"userName", nil, p.login()}, {"active", nil, "True"},
			{"displayName", nil, p.display()}, {"name.givenName", nil, p.first}, {"name.familyName", nil, p.last},
			{"title", nil, p.titleAt(o.at)}, {`emails[type eq "work"].value`, nil, p.login()},
		}
	case "disable":
		return []modProp{{"active", "True", "False"}}
	case "delete":
		return []modProp{}
	}
	if o.change != nil && o.change.kind == "profile" {
		return []modProp{{"title", o.change.oldTitle, o.change.newTitle}}
	}
	// First match by a new job: Entra writes its own object id as externalId.
	return []modProp{{"externalId", p.oktaID, p.entraID}}
}

// scimError renders an RFC 7644 error body as the target returned it.
func scimError(status int, scimType, detail string) string {
	st := ""
	if scimType != "" {
		st = `"scimType":"` + scimType + `",`
	}
	return fmt.Sprintf(`{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],%s"detail":"%s","status":"%d"}`, st, detail, status)
}

func entraTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// Graph v1.0 provisioningObjectSummary.
type graphRecord struct {
	ID                     string          `json:"id"`
	ActivityDateTime       string          `json:"activityDateTime"`
	TenantID               string          `json:"tenantId"`
	JobID                  string          `json:"jobId"`
	CycleID                string          `json:"cycleId"`
	ChangeID               string          `json:"changeId"`
	ProvisioningAction     string          `json:"provisioningAction"`
	DurationInMilliseconds int             `json:"durationInMilliseconds"`
	ProvisioningStatusInfo graphStatusInfo `json:"provisioningStatusInfo"`
	ProvisioningSteps      []graphStep     `json:"provisioningSteps"`
	ModifiedProperties     []modProp       `json:"modifiedProperties"`
	ServicePrincipal       graphRef        `json:"servicePrincipal"`
	SourceSystem           graphSystem     `json:"sourceSystem"`
	TargetSystem           graphSystem     `json:"targetSystem"`
	InitiatedBy            graphInitiator  `json:"initiatedBy"`
	SourceIdentity         graphIdentity   `json:"sourceIdentity"`
	TargetIdentity         graphIdentity   `json:"targetIdentity"`
}

type graphStatusInfo struct {
	Status           string      `json:"status"`
	ErrorInformation *entraError `json:"errorInformation"`
}

type entraError struct {
	ErrorCode         string `json:"errorCode"`
	Reason            string `json:"reason"`
	AdditionalDetails any    `json:"additionalDetails"`
	ErrorCategory     string `json:"errorCategory"`
	RecommendedAction any    `json:"recommendedAction"`
}

type graphStep struct {
	Name                 string            `json:"name"`
	ProvisioningStepType string            `json:"provisioningStepType"`
	Status               string            `json:"status"`
	Description          string            `json:"description"`
	Details              map[string]string `json:"details"`
}

type graphRef struct {
	ID          string `json:"id"`
	DisplayName string `json:"displayName"`
}

type graphSystem struct {
	ID          string            `json:"id"`
	DisplayName string            `json:"displayName"`
	Details     map[string]string `json:"details"`
}

type graphInitiator struct {
	ID            string `json:"id"`
	DisplayName   string `json:"displayName"`
	InitiatorType string `json:"initiatorType"`
}

type graphIdentity struct {
	ID           string            `json:"id"`
	DisplayName  string            `json:"displayName"`
	IdentityType string            `json:"identityType"`
	Details      map[string]string `json:"details"`
}

type initiator struct{ kind, id, name string }

// onboardingApp is the automation that provisions new engineers to GitHub on demand.
const onboardingApp = "5e2d9a71-3c4b-4f8e-a1d6-7b9c0e2f4a18"

func (r *entraRecord) initiator() initiator {
	if r.o.onDemand {
		return initiator{"application", onboardingApp, "Acme Onboarding Automation"}
	}
	return initiator{"system", "", "Azure AD Provisioning Service"}
}

func (r *entraRecord) errorInfo() *entraError {
	if r.errCode == "" {
		return nil
	}
	return &entraError{ErrorCode: r.errCode, Reason: r.reason, ErrorCategory: "nonServiceFailure", RecommendedAction: r.recommended}
}

func (r *entraRecord) targetDetails() map[string]string {
	a := r.o.app
	return map[string]string{"ApplicationId": a.appID, "ServicePrincipalId": a.spID, "ServicePrincipalDisplayName": a.spName}
}

func nonNil(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func (r *entraRecord) graph() graphRecord {
	a := r.o.app
	g := graphRecord{
		ID: r.id, ActivityDateTime: entraTime(r.at), TenantID: entraTenant, JobID: a.jobID, CycleID: r.cycle, ChangeID: r.changeID,
		ProvisioningAction: r.action, DurationInMilliseconds: r.durationMS,
		ProvisioningStatusInfo: graphStatusInfo{Status: r.status, ErrorInformation: r.errorInfo()},
		ModifiedProperties:     r.modified,
		ServicePrincipal:       graphRef{ID: a.spID, DisplayName: a.spName},
		SourceSystem:           graphSystem{ID: sourceSystemID, DisplayName: "Azure Active Directory", Details: map[string]string{}},
		TargetSystem:           graphSystem{ID: a.targetSystemID, DisplayName: a.targetSystem, Details: r.targetDetails()},
		InitiatedBy:            graphInitiator{ID: r.initiator().id, DisplayName: r.initiator().name, InitiatorType: r.initiator().kind},
		SourceIdentity:         graphIdentity{ID: r.sourceID, DisplayName: r.sourceName, IdentityType: r.sourceType, Details: nonNil(r.sourceDetails)},
		TargetIdentity:         graphIdentity{ID: r.targetID, DisplayName: r.targetName, IdentityType: r.targetType, Details: map[string]string{}},
	}
	if g.ModifiedProperties == nil {
		g.ModifiedProperties = []modProp{}
	}
	for _, s := range r.steps {
		g.ProvisioningSteps = append(g.ProvisioningSteps, graphStep{Name: s.name, ProvisioningStepType: stepTypes[s.typ],
			Status: stepStatuses[s.status], Description: s.description, Details: nonNil(s.details)})
	}
	return g
}

// Azure Monitor diagnostic record (category ProvisioningLogs): Id/Name references, integer
// step types and statuses, both action and provisioningAction.
type diagRecord struct {
	Time             string    `json:"time"`
	ResourceID       string    `json:"resourceId"`
	OperationName    string    `json:"operationName"`
	OperationVersion string    `json:"operationVersion"`
	Category         string    `json:"category"`
	TenantID         string    `json:"tenantId"`
	ResultType       string    `json:"resultType"`
	DurationMs       int       `json:"durationMs"`
	CorrelationID    string    `json:"correlationId"`
	Identity         string    `json:"identity"`
	Level            int       `json:"Level"`
	Properties       diagProps `json:"properties"`
}

type diagProps struct {
	ID                     string         `json:"id"`
	ActivityDateTime       string         `json:"activityDateTime"`
	TenantID               string         `json:"tenantId"`
	JobID                  string         `json:"jobId"`
	CycleID                string         `json:"cycleId"`
	ChangeID               string         `json:"changeId"`
	Action                 string         `json:"action"`
	ProvisioningAction     string         `json:"provisioningAction"`
	ServicePrincipal       diagRef        `json:"servicePrincipal"`
	SourceSystem           diagSystem     `json:"sourceSystem"`
	TargetSystem           diagSystem     `json:"targetSystem"`
	InitiatedBy            diagInitiator  `json:"initiatedBy"`
	SourceIdentity         diagIdentity   `json:"sourceIdentity"`
	TargetIdentity         diagIdentity   `json:"targetIdentity"`
	ProvisioningStatusInfo diagStatusInfo `json:"provisioningStatusInfo"`
	StatusInfo             diagStatusCode `json:"statusInfo"`
	ProvisioningSteps      []diagStep     `json:"provisioningSteps"`
	ModifiedProperties     []modProp      `json:"modifiedProperties"`
	DurationInMilliseconds int            `json:"durationInMilliseconds"`
}

type diagRef struct {
	ID   string `json:"Id"`
	Name string `json:"Name"`
}

type diagSystem struct {
	Details map[string]string `json:"details"`
	ID      string            `json:"Id"`
	Name    string            `json:"Name"`
}

type diagInitiator struct {
	Type string `json:"Type"`
	ID   string `json:"Id"`
	Name string `json:"Name"`
}

type diagIdentity struct {
	IdentityType string            `json:"identityType"`
	Details      map[string]string `json:"details"`
	ID           string            `json:"Id"`
	Name         string            `json:"Name"`
}

type diagStatusInfo struct {
	Status           string      `json:"Status"`
	ErrorInformation *entraError `json:"errorInformation"`
}

type diagStatusCode struct {
	Status int `json:"Status"`
}

type diagStep struct {
	Name                 string            `json:"name"`
	ProvisioningStepType int               `json:"provisioningStepType"`
	Status               int               `json:"status"`
	Description          string            `json:"description"`
	Details              map[string]string `json:"details"`
}

func (r *entraRecord) diagnostic() diagRecord {
	a := r.o.app
	status := map[string]int{"success": 0, "failure": 1, "skipped": 2}[r.status]
	d := diagRecord{
		Time: r.at.UTC().Format("2006-01-02T15:04:05.0000000Z"), ResourceID: "/tenants/" + entraTenant + "/providers/Microsoft.aadiam",
		OperationName: "Provisioning activity", OperationVersion: "1.0", Category: "ProvisioningLogs", TenantID: entraTenant,
		ResultType: strings.ToUpper(r.status[:1]) + r.status[1:], DurationMs: r.durationMS, CorrelationID: r.changeID, Identity: r.id, Level: 4,
		Properties: diagProps{
			ID: r.id, ActivityDateTime: r.at.UTC().Truncate(100 * time.Nanosecond).Format(time.RFC3339Nano), TenantID: entraTenant, JobID: a.jobID, CycleID: r.cycle, ChangeID: r.changeID,
			Action: strings.ToUpper(r.action[:1]) + r.action[1:], ProvisioningAction: r.action,
			ServicePrincipal:       diagRef{ID: a.spID, Name: a.spName},
			SourceSystem:           diagSystem{Details: map[string]string{}, ID: sourceSystemID, Name: "Azure Active Directory"},
			TargetSystem:           diagSystem{Details: r.targetDetails(), ID: a.targetSystemID, Name: a.targetSystem},
			InitiatedBy:            diagInitiator{Type: r.initiator().kind, ID: r.initiator().id, Name: r.initiator().name},
			SourceIdentity:         diagIdentity{IdentityType: r.sourceType, Details: nonNil(r.sourceDetails), ID: r.sourceID, Name: r.sourceName},
			TargetIdentity:         diagIdentity{IdentityType: r.targetType, Details: map[string]string{}, ID: r.targetID, Name: r.targetName},
			ProvisioningStatusInfo: diagStatusInfo{Status: r.status, ErrorInformation: r.errorInfo()},
			StatusInfo:             diagStatusCode{Status: status},
			ModifiedProperties:     r.modified,
			DurationInMilliseconds: r.durationMS,
		},
	}
	if d.Properties.ModifiedProperties == nil {
		d.Properties.ModifiedProperties = []modProp{}
	}
	for _, s := range r.steps {
		d.Properties.ProvisioningSteps = append(d.Properties.ProvisioningSteps, diagStep{Name: s.name, ProvisioningStepType: s.typ,
			Status: s.status, Description: s.description, Details: nonNil(s.details)})
	}
	return d
}

// entraFiles renders the Graph page (Slack, Zoom, Notion, Salesforce) and the diagnostic
// NDJSON (GitHub, Jira, Box, Wiki EU).
func entraFiles(recs []*entraRecord) (graphPage, diagnostic []byte) {
	page := struct {
		Context string        `json:"@odata.context"`
		Value   []graphRecord `json:"value"`
	}{Context: "https://graph.microsoft.com/v1.0/$metadata#auditLogs/provisioning", Value: []graphRecord{}}
	var lines [][]byte
	for _, r := range recs {
		if r.o.app.graph {
			page.Value = append(page.Value, r.graph())
		} else {
			lines = append(lines, compactJSON(r.diagnostic()))
		}
	}
	return indentJSON(page), joinLines(lines)
}

// titleAt is the person's job title at t (profile changes move it).
func (p *person) titleAt(t time.Time) string {
	title := p.firstTitle
	for _, c := range p.titles {
		if !c.at.After(t) {
			title = c.newTitle
		}
	}
	return title
}
