package main

import (
	"strconv"
	"time"
)

// Entra ID provisioning objects, in the two spellings Microsoft exports them: Azure Monitor
// diagnostic records (category ProvisioningLogs: Id/Name references, integer step types and
// statuses inside properties) and Graph v1.0 (camelCase, enums as strings).

const (
	entraDiagTime  = "2006-01-02T15:04:05.0000000Z"
	entraGraphTime = "2006-01-02T15:04:05Z"
)

// entraSpelling holds the words that differ between the diagnostic format and Graph.
type entraSpelling struct {
	graph                 bool
	id, name, initiator   string
	status, when          string
	stepTypes, stepStatus []string
}

var (
	diagnosticSpelling = entraSpelling{id: "Id", name: "Name", initiator: "Type", status: "Status", when: entraDiagTime,
		stepTypes: []string{"0", "1", "2", "3", "4", "5"}, stepStatus: []string{"0", "1", "2", "3"}}
	graphSpelling = entraSpelling{graph: true, id: "id", name: "displayName", initiator: "initiatorType", status: "status", when: entraGraphTime,
		stepTypes:  []string{`"import"`, `"scoping"`, `"matching"`, `"processing"`, `"referenceResolution"`, `"export"`},
		stepStatus: []string{`"success"`, `"failure"`, `"skipped"`, `"warning"`}}
)

const (
	stepImport = iota
	stepScoping
	stepMatching
	stepProcessing
	stepReference
	stepExport
)

const (
	statusSuccess = iota
	statusFailure
	statusSkipped
)

// entraAction is the provisioningAction an op is logged as.
func entraAction(e *event) string {
	switch e.op {
	case opCreate:
		return "create"
	case opDeactivate:
		return "disable"
	case opDelete:
		if e.variant>>8%4 == 0 {
			return "stagedDelete"
		}
		return "delete"
	case opGroupPush:
		if e.variant%2 == 0 {
			return "create"
		}
		return "update"
	case opImport:
		return "other"
	}
	return "update"
}

// Entra error codes per HTTP status (FIELDS.md §4), and the .NET names its reason text uses.
var (
	entraErrorCodes = map[int][]string{
		400: {"SystemForCrossDomainIdentityManagementBadRequest", "SchemaAttributeNotFound", "MandatoryFieldsMissing"},
		401: {"Unauthorized", "SystemForCrossDomainIdentityManagementCredentialValidationFailure"},
		403: {"InsufficientRights", "NotPermitted"},
		404: {"InvalidAnchor", "SystemForCrossDomainIdentityManagementServiceIncompatible"},
		409: {"EntryConflict", "{target}EntryConflict"},
		429: {"TooManyRequests"},
		500: {"InternalServerError", "Timeout"},
	}
	dotnetStatus = map[int]string{400: "BadRequest", 401: "Unauthorized", 403: "Forbidden", 404: "NotFound",
		409: "Conflict", 429: "TooManyRequests", 500: "InternalServerError"}
)

// entraRecord appends one provisioning object; for the diagnostic format, inside its envelope.
func (g *gen) entraRecord(b []byte, e *event, sp *entraSpelling) []byte {
	if e.outOfScope && !sp.graph {
		return g.entraOtherCategory(b, e)
	}
	id, change := g.r.Uint64(), g.r.Uint64()
	result := "Success"
	switch {
	case e.status != 0:
		result = "Failure"
	case e.skipped:
		result = "Skipped"
	}
	duration := 300 + int(e.variant>>24%4000)
	if !sp.graph {
		b = append(b, `{"time":"`...)
		b = e.at.AppendFormat(b, entraDiagTime)
		b = append(b, `","resourceId":"/tenants/`+entraTenant+`/providers/Microsoft.aadiam","operationName":"Provisioning activity","operationVersion":"1.0","category":"ProvisioningLogs","tenantId":"`+entraTenant+`","resultType":"`...)
		b = append(b, result...)
		b = append(b, `","durationMs":`...)
		b = appendInt(b, duration)
		b = append(b, `,"correlationId":"`...)
		b = appendUUIDBits(b, change, mix(change))
		b = append(b, `","identity":"`...)
		b = appendUUIDBits(b, id, mix(id))
		b = append(b, `","Level":4,"properties":`...)
	}
	b = append(b, `{"id":"`...)
	b = appendUUIDBits(b, id, mix(id))
	b = append(b, `","activityDateTime":"`...)
	b = e.at.AppendFormat(b, sp.when)
	b = append(b, `","tenantId":"`+entraTenant+`","jobId":"`...)
	b = append(b, e.app.jobID...)
	b = append(b, `","cycleId":"`...)
	b = appendDerivedGUID(b, uint64(e.app.idx), uint64(e.at.Unix()/2400))
	b = append(b, `","changeId":"`...)
	b = appendUUIDBits(b, change, mix(change))
	action := entraAction(e)
	if !sp.graph {
		b = append(b, `","action":"`...)
		b = append(b, upperFirst(action)...)
	}
	b = append(b, `","provisioningAction":"`...)
	b = append(b, action...)
	b = append(b, `","durationInMilliseconds":`...)
	b = appendInt(b, duration)
	b = append(b, `,"servicePrincipal":{"`...)
	b = append(b, sp.id...)
	b = append(b, `":"`...)
	b = append(b, e.app.spID...)
	b = append(b, `","`...)
	b = append(b, sp.name...)
	b = append(b, `":`...)
	b = appendJSONString(b, e.app.spName)
	b = append(b, `},"sourceSystem":{"details":{},"`...)
	b = append(b, sp.id...)
	b = append(b, `":"bab3751f-8f21-4657-8fce-698f7391dbdd","`...)
	b = append(b, sp.name...)
	b = append(b, `":"Azure Active Directory"},"targetSystem":{"details":{"ApplicationId":"`...)
	b = append(b, e.app.appID...)
	b = append(b, `","ServicePrincipalId":"`...)
	b = append(b, e.app.spID...)
	b = append(b, `","ServicePrincipalDisplayName":`...)
	b = appendJSONString(b, e.app.spName)
	b = append(b, `},"`...)
	b = append(b, sp.id...)
	b = append(b, `":"`...)
	b = append(b, e.app.targetID...)
	b = append(b, `","`...)
	b = append(b, sp.name...)
	b = append(b, `":`...)
	b = appendJSONString(b, e.app.target)
	b = append(b, `},"initiatedBy":{"`...)
	b = append(b, sp.initiator...)
	if e.variant>>12%33 == 0 { // provision on demand
		admin := &g.w.users[e.variant>>16%8]
		b = append(b, `":"user","`...)
		b = append(b, sp.id...)
		b = append(b, `":"`...)
		b = append(b, admin.entraID...)
		b = append(b, `","`...)
		b = append(b, sp.name...)
		b = append(b, `":`...)
		b = appendJSONString(b, admin.login)
	} else {
		b = append(b, `":"system","`...)
		b = append(b, sp.id...)
		b = append(b, `":"","`...)
		b = append(b, sp.name...)
		b = append(b, `":"Azure AD Provisioning Service"`...)
	}
	group := e.op == opGroupPush || e.op == opMembership
	subject, kind := e.user.login, "User"
	if group {
		subject, kind = e.group.name, "Group"
	}
	b = append(b, `},"sourceIdentity":{"identityType":"`...)
	b = append(b, kind...)
	b = append(b, `","details":{`...)
	if !group {
		b = append(b, `"UserPrincipalName":`...)
		b = appendJSONString(b, e.user.login)
	}
	b = append(b, `},"`...)
	b = append(b, sp.id...)
	b = append(b, `":"`...)
	if group {
		b = append(b, e.group.entraID...)
	} else {
		b = append(b, e.user.entraID...)
	}
	b = append(b, `","`...)
	b = append(b, sp.name...)
	b = append(b, `":`...)
	if group {
		b = appendJSONString(b, e.group.name)
	} else {
		b = appendJSONString(b, e.user.display)
	}
	b = append(b, `},"targetIdentity":{"identityType":"urn:ietf:params:scim:schemas:core:2.0:`...)
	b = append(b, kind...)
	b = append(b, `","details":{},"`...)
	b = append(b, sp.id...)
	b = append(b, `":"`...)
	if e.op != opCreate && !(e.op == opGroupPush && action == "create") && !e.skipped {
		b = g.appendSCIMID(b, e, group)
	}
	b = append(b, `","`...)
	b = append(b, sp.name...)
	b = append(b, `":`...)
	b = appendJSONString(b, subject)
	b = append(b, `},"provisioningStatusInfo":{"`...)
	b = append(b, sp.status...)
	b = append(b, `":"`...)
	switch {
	case e.status != 0:
		b = append(b, `failure","errorInformation":`...)
		b = g.entraErrorInformation(b, e, kind, subject)
	case e.skipped:
		b = append(b, `skipped","errorInformation":null`...)
	default:
		b = append(b, `success","errorInformation":null`...)
	}
	b = append(b, '}')
	if !sp.graph {
		b = append(b, `,"statusInfo":{"Status":`...)
		switch {
		case e.status != 0:
			b = append(b, '1')
		case e.skipped:
			b = append(b, '2')
		default:
			b = append(b, '0')
		}
		b = append(b, '}')
	}
	b = append(b, `,"provisioningSteps":[`...)
	b = g.entraSteps(b, e, sp, action, kind, subject)
	b = append(b, `],"modifiedProperties":[`...)
	if !e.skipped {
		b = g.entraModified(b, e, group)
	}
	b = append(b, ']')
	if sp.graph {
		return append(b, '}')
	}
	return append(b, "}}"...)
}

func upperFirst(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

// appendSCIMID appends the SCIM id the app gave the user or group: stable across files.
func (g *gen) appendSCIMID(b []byte, e *event, group bool) []byte {
	if group {
		return appendDerivedGUID(b, uint64(e.app.idx)|1<<20, uint64(e.group.idx))
	}
	return appendDerivedGUID(b, uint64(e.app.idx), uint64(e.user.idx))
}

type entraStep struct {
	name, description string
	kind, status      int
	details           string // JSON object text
}

// entraSteps appends the steps of the change: import, scoping, matching, then processing or export.
func (g *gen) entraSteps(b []byte, e *event, sp *entraSpelling, action, kind, subject string) []byte {
	target := e.app.target
	change := "Update"
	if action == "create" {
		change = "Add"
	} else if action == "delete" || action == "stagedDelete" {
		change = "Delete"
	}
	var details []byte
	if kind == "User" {
		details = append(details, `{"objectId":"`...)
		details = append(details, e.user.entraID...)
		details = append(details, `","accountEnabled":"`...)
		if e.op == opDeactivate {
			details = append(details, "False"...)
		} else {
			details = append(details, "True"...)
		}
		details = append(details, `","displayName":`...)
		details = appendJSONString(details, e.user.display)
		details = append(details, `,"userPrincipalName":`...)
		details = appendJSONString(details, e.user.login)
		details = append(details, `,"department":"`...)
		details = append(details, e.user.dpt...)
		details = append(details, `","IsSoftDeleted":"False","appRoleAssignments":"User"}`...)
	} else {
		details = append(details, `{"objectId":"`...)
		details = append(details, e.group.entraID...)
		details = append(details, `","displayName":`...)
		details = appendJSONString(details, e.group.name)
		details = append(details, `,"securityEnabled":"True","mailEnabled":"False"}`...)
	}
	quoted := kind + " '" + subject + "'"
	steps := make([]entraStep, 0, 5)
	steps = append(steps, entraStep{name: "EntryImport" + change, kind: stepImport,
		description: "Received " + quoted + " change of type (" + change + ") from Azure Active Directory", details: string(details)})
	scoping := entraStep{name: "EntrySynchronizationScoping", kind: stepScoping,
		description: "Determine if " + kind + " in scope by evaluating against each scoping filter",
		details:     `{"Active in the source system":"True","Assigned to the application":"True","User has the required role":"True","Scoping filter evaluation passed":"True","ScopeEvaluationResult":"{}"}`}
	if e.skipped {
		reason := "NotEffectivelyEntitled"
		if e.variant>>36%5 == 0 {
			reason = "AttributeValidationFailed"
		}
		scoping.details = `{"Active in the source system":"True","Assigned to the application":"False","User has the required role":"False","Scoping filter evaluation passed":"False","ScopeEvaluationResult":"{\"department EQUALS 'Engineering'\":false}"}`
		steps = append(steps, scoping, entraStep{name: "EntrySynchronizationSkip", kind: stepProcessing, status: statusSkipped,
			description: quoted + " will be skipped. The " + kind + " is not in scope of provisioning for " + target + " (" + reason + ")",
			details:     `{"SkipReason":"` + reason + `","ReportableIdentifier":` + string(appendJSONString(nil, subject)) + `}`})
		return g.appendSteps(b, steps, sp)
	}
	steps = append(steps, scoping)
	if action == "create" {
		steps = append(steps, entraStep{name: "EntrySynchronizationAdd", kind: stepMatching,
			description: quoted + " will be created in " + target + " (" + kind + " is active and assigned in Azure Active Directory, but no matching " + kind + " was found in " + target + ")", details: "{}"})
	} else {
		steps = append(steps, entraStep{name: "EntryImportByMatchingProperty", kind: stepMatching,
			description: "Retrieved " + quoted + " from " + target, details: `{"ReportableIdentifier":` + string(appendJSONString(nil, subject)) + `}`},
			entraStep{name: "EntrySynchronization" + change, kind: stepProcessing,
				description: quoted + " will be " + pastTense(action) + " in " + target, details: "{}"})
	}
	export := entraStep{name: "EntryExport" + change, kind: stepExport,
		description: quoted + " was " + pastTense(action) + " in " + target,
		details:     `{"ReportableIdentifier":` + string(appendJSONString(nil, subject)) + `}`}
	if e.op == opDeactivate {
		export.name = "EntryExportUpdateSoftDelete"
	}
	if e.status != 0 {
		export.status = statusFailure
		export.description = "Failed to " + verb(action) + " " + quoted + " in " + target
	}
	steps = append(steps, export)
	return g.appendSteps(b, steps, sp)
}

func (g *gen) appendSteps(b []byte, steps []entraStep, sp *entraSpelling) []byte {
	for i, s := range steps {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"name":"`...)
		b = append(b, s.name...)
		b = append(b, `","provisioningStepType":`...)
		b = append(b, sp.stepTypes[s.kind]...)
		b = append(b, `,"status":`...)
		b = append(b, sp.stepStatus[s.status]...)
		b = append(b, `,"description":`...)
		b = appendJSONString(b, s.description)
		b = append(b, `,"details":`...)
		b = append(b, s.details...)
		b = append(b, '}')
	}
	return b
}

func pastTense(action string) string {
	switch action {
	case "create":
		return "created"
	case "disable":
		return "disabled"
	case "delete", "stagedDelete":
		return "deleted"
	case "other":
		return "processed"
	}
	return "updated"
}

func verb(action string) string {
	switch action {
	case "delete", "stagedDelete":
		return "delete"
	case "other":
		return "process"
	}
	return action
}

// entraModified appends the attributes the change sent.
func (g *gen) entraModified(b []byte, e *event, group bool) []byte {
	prop := func(b []byte, first bool, name, old, value string) []byte {
		if !first {
			b = append(b, ',')
		}
		b = append(b, `{"displayName":`...)
		b = appendJSONString(b, name)
		b = append(b, `,"oldValue":`...)
		if old == "" {
			b = append(b, "null"...)
		} else {
			b = appendJSONString(b, old)
		}
		b = append(b, `,"newValue":`...)
		return appendJSONString(b, value)
	}
	switch {
	case e.op == opMembership:
		var m []byte
		m = append(m, `[{"value":"`...)
		m = appendDerivedGUID(m, uint64(e.app.idx), uint64(e.user.idx))
		m = append(m, `"}]`...)
		op := "Add"
		if e.variant>>40%3 == 0 {
			op = "Remove"
		}
		b = prop(b, true, "members", "", string(m))
		b = append(b, '}')
		b = prop(b, false, "membersOperation", "", op)
		b = append(b, '}')
	case group:
		b = prop(b, true, "displayName", "", e.group.name)
		b = append(b, '}')
		b = prop(b, false, "externalId", "", e.group.entraID)
		b = append(b, '}')
	case e.op == opCreate:
		b = prop(b, true, "externalId", "", e.user.entraID)
		b = append(b, '}')
		b = prop(b, false, "userName", "", e.user.login)
		b = append(b, '}')
		b = prop(b, false, "name.givenName", "", e.user.first)
		b = append(b, '}')
		b = prop(b, false, "name.familyName", "", e.user.last)
		b = append(b, '}')
		b = prop(b, false, `emails[type eq "work"].value`, "", e.user.login)
		b = append(b, '}')
		b = prop(b, false, "active", "", "True")
		b = append(b, '}')
	case e.op == opDeactivate:
		b = prop(b, true, "active", "True", "False")
		b = append(b, '}')
	case e.op == opDelete || e.op == opImport:
	default:
		b = prop(b, true, "title", "Analyst", "Senior Analyst")
		b = append(b, '}')
		b = prop(b, false, "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department", "", e.user.dpt)
		b = append(b, '}')
		b = prop(b, false, "active", "True", "True")
		b = append(b, '}')
	}
	return b
}

// entraErrorInformation appends errorInformation with the anatomy of real reason texts.
func (g *gen) entraErrorInformation(b []byte, e *event, kind, subject string) []byte {
	codes := entraErrorCodes[e.status]
	code := codes[e.variant>>32%uint64(len(codes))]
	if code == "{target}EntryConflict" {
		code = e.app.target + "EntryConflict"
	}
	answers := remoteAnswers[e.status]
	answer := expand(answers[e.variant>>44%uint64(len(answers))], e, entraEndpoint(e.app))
	var reason string
	switch {
	case e.status == 409 && e.variant>>48%2 == 0:
		reason = "Message: " + e.app.target + " returned an error response with the HTTP status code 409.  This response indicates that a user or a group already exisits with the same name. This can be avoided by identifying and removing the conflicting user from " + e.app.target + " via the " + e.app.target + " administrative user interface, or removing the current user from the scope of provisioning either by removing their assignment to the " + e.app.spName + " application in Azure Active Directory or adding a scoping filter to exclude the user."
	case e.status == 404 && e.variant>>48%3 == 0:
		reason = "An HTTP/404 Not Found response was returned rather than the expected HTTP/200 OK response. To address this issue, ensure that the tenant URL " + entraEndpoint(e.app) + " is correct."
	default:
		retried := int(e.variant >> 52 % 4)
		reason = "Failed to " + verb(entraAction(e)) + " " + kind + " '" + subject + "' in " + e.app.target + "; Error: " +
			reasonPhrases[e.status] + " StatusCode: " + dotnetStatus[e.status] +
			" Message: Processing of the HTTP request resulted in an exception. Please see the HTTP response returned by the 'Response' property of this exception for details. Web Response: " +
			answer + " . This operation was retried " + strconv.Itoa(retried) + " times. It will be retried again after this date: " +
			e.at.Add(6*time.Hour<<retried).Format("2006-01-02T15:04:05.0000000Z") + " UTC"
	}
	b = append(b, `{"errorCode":`...)
	b = appendJSONString(b, code)
	b = append(b, `,"reason":`...)
	b = appendJSONString(b, reason)
	b = append(b, `,"additionalDetails":null,"errorCategory":`...)
	if e.status >= 500 || e.status == 429 {
		b = append(b, `"failure"`...)
	} else {
		b = append(b, `"nonServiceFailure"`...)
	}
	b = append(b, `,"recommendedAction":null}`...)
	return b
}

// entraOtherCategory appends a diagnostic record of another category sent to the same Event
// Hub: an audit log entry or a sign-in.
func (g *gen) entraOtherCategory(b []byte, e *event) []byte {
	b = append(b, `{"time":"`...)
	b = e.at.AppendFormat(b, entraDiagTime)
	b = append(b, `","resourceId":"/tenants/`+entraTenant+`/providers/Microsoft.aadiam","operationVersion":"1.0","tenantId":"`+entraTenant+`","correlationId":"`...)
	b = appendGUID(b, g.r)
	if e.variant%2 == 0 {
		b = append(b, `","operationName":"Update user","category":"AuditLogs","resultSignature":"None","durationMs":0,"callerIpAddress":"`...)
		b = g.appendIP(b, 20, 190)
		b = append(b, `","Level":4,"properties":{"id":"Directory_`...)
		b = appendGUID(b, g.r)
		b = append(b, `","category":"UserManagement","result":"success","resultReason":"","activityDisplayName":"Update user","loggedByService":"Core Directory","operationType":"Update","initiatedBy":{"app":{"appId":null,"displayName":"Microsoft Substrate Management","servicePrincipalId":"`...)
		b = appendGUID(b, g.r)
		b = append(b, `"}},"targetResources":[{"id":"`...)
		b = append(b, e.user.entraID...)
		b = append(b, `","displayName":null,"type":"User","userPrincipalName":`...)
		b = appendJSONString(b, e.user.login)
		b = append(b, `,"modifiedProperties":[{"displayName":"StsRefreshTokensValidFrom","oldValue":"[]","newValue":"[]"}]}],"additionalDetails":[]}}`...)
		return b
	}
	b = append(b, `","operationName":"Sign-in activity","category":"SignInLogs","resultType":"0","resultSignature":"None","durationMs":0,"callerIpAddress":"`...)
	b = g.appendIP(b, 203, 0)
	b = append(b, `","Level":4,"identity":`...)
	b = appendJSONString(b, e.user.display)
	b = append(b, `,"properties":{"id":"`...)
	b = appendGUID(b, g.r)
	b = append(b, `","createdDateTime":"`...)
	b = e.at.AppendFormat(b, entraGraphTime)
	b = append(b, `","userDisplayName":`...)
	b = appendJSONString(b, e.user.display)
	b = append(b, `,"userPrincipalName":`...)
	b = appendJSONString(b, e.user.login)
	b = append(b, `,"userId":"`...)
	b = append(b, e.user.entraID...)
	b = append(b, `","appId":"`...)
	b = append(b, e.app.appID...)
	b = append(b, `","appDisplayName":`...)
	b = appendJSONString(b, e.app.spName)
	b = append(b, `,"clientAppUsed":"Browser","status":{"errorCode":0,"failureReason":"Other."},"isInteractive":true,"conditionalAccessStatus":"notApplied"}}`...)
	return b
}

// entraMalformed appends a broken record: cut off, not JSON, or a record missing what the
// export always has. Graph pages use only the kinds that keep the page's JSON intact.
func (g *gen) entraMalformed(b []byte, e *event, k int, sp *entraSpelling) []byte {
	if sp.graph {
		k = 2 + k%2
	}
	switch k % 4 {
	case 0:
		start := len(b)
		e.malformed = false
		b = g.entraRecord(b, e, sp)
		return b[:start+(len(b)-start)*(30+k%40)/100]
	case 1:
		return append(b, `Capture: partition 3 offset 88123 sequence 9912: message lost (blob written twice)`...)
	case 2:
		b = append(b, `{"id":"`...)
		b = appendGUID(b, g.r)
		b = append(b, `","activityDateTime":"n/a","jobId":"`...)
		b = append(b, e.app.jobID...)
		return append(b, `","provisioningAction":"create","provisioningStatusInfo":{"status":"success"}}`...)
	default:
		b = append(b, `{"id":"`...)
		b = appendGUID(b, g.r)
		b = append(b, `","activityDateTime":"`...)
		b = e.at.AppendFormat(b, sp.when)
		if !sp.graph {
			return append(b, `","category":"ProvisioningLogs","operationName":"Provisioning activity","properties":{"provisioningAction":"update"}}`...)
		}
		return append(b, `","provisioningAction":"update","provisioningStatusInfo":{"status":"success"},"jobId":null}`...)
	}
}
