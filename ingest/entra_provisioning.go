package ingest

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/scimdrift/scimdrift/internal/secret"
	"github.com/valyala/fastjson"
)

// EntraProvisioning reads Microsoft Entra ID provisioning logs (one provisioningObjectSummary
// per record, in every wrapping Microsoft exports them) and provisioning job configurations.
var EntraProvisioning = Format{
	Name:        "entra-provisioning",
	Platform:    "entra",
	Description: "Microsoft Entra ID provisioning logs (Graph, portal download, Azure Monitor, Log Analytics) and provisioning job configuration",
	Shapes: []string{
		`Graph v1.0 GET /auditLogs/provisioning page: {"@odata.context", "value":[provisioningObjectSummary…], "@odata.nextLink"}`,
		"Graph beta page: deprecated action, statusInfo{status, errorCode, reason}, initiatingType",
		"Entra admin center Download → JSON: one top-level array of provisioning objects",
		`Azure Monitor diagnostic records (category ProvisioningLogs), NDJSON or {"records":[…]}: Id/Name references and integer step types and statuses inside properties`,
		"Log Analytics AADProvisioningLogs export as JSON (PascalCase columns, object columns as JSON strings) or CSV (header with JobId and ProvisioningAction or Action)",
		`provisioning job configuration: GET /servicePrincipals/{id}/synchronization/jobs/{jobId} or a {"value":[job…]} list → connectors`,
	},
	CSV:        true,
	Detect:     detectEntraProvisioning,
	NewDecoder: newEntraDecoder,
}

// Words Entra logs that the mapping keys on.
const (
	entraCategory   = "ProvisioningLogs"
	entraOperation  = "Provisioning activity"
	scimGroupSuffix = ":group" // urn:ietf:params:scim:schemas:core:2.0:Group, lower-cased
)

// entraProvisioningActions is Graph's provisioningAction enum in member order, for exports that
// write it as an integer.
var entraProvisioningActions = []string{"other", "create", "delete", "disable", "update", "stageddelete"}

// entraStepTypes is the provisioningStepType enum in member order: the diagnostic format and
// Log Analytics write it as an integer (FIELDS.md §1).
var entraStepTypes = []string{"import", "scoping", "matching", "processing", "referenceresolution", "export"}

// entraResults is the provisioningResult enum in member order (0 success … 3 warning).
var entraResults = []string{ResultSuccess, ResultFailure, ResultSkipped, ResultWarning}

func detectEntraProvisioning(s *Sniff) bool {
	switch s.Container {
	case JSONRecords:
		if len(s.First) == 0 {
			return false
		}
		var p fastjson.Parser
		v, err := p.ParseBytes(s.First)
		return err == nil && looksLikeEntraRecord(v)
	case TextLines:
		return len(s.Lines) > 0 && looksLikeEntraCSVHeader(s.Lines[0])
	}
	return false
}

// looksLikeEntraRecord recognises a provisioning object in any of its wrappings, an Entra
// diagnostic record of another category (so that a mixed stream is read and its other
// categories counted as out of scope), and a provisioning job configuration.
func looksLikeEntraRecord(v *fastjson.Value) bool {
	if v.Type() != fastjson.TypeObject || field(v, "eventType") != nil {
		return false
	}
	if isEntraJob(v) {
		return true
	}
	if field(v, "jobId") != nil {
		return field(v, "provisioningAction", "action", "provisioningStatusInfo") != nil
	}
	if field(v, "properties") == nil {
		return false
	}
	category := jsonText(field(v, "category"))
	if strings.EqualFold(category, entraCategory) || strings.EqualFold(jsonText(field(v, "operationName")), entraOperation) {
		return true
	}
	return category != "" && containsFold(jsonText(field(v, "resourceId")), "/providers/microsoft.aadiam")
}

// entraDecoder decodes the records of one file. A CSV row is turned into the JSON object of
// the Log Analytics JSON export, so both go through the same mapping.
type entraDecoder struct {
	parser fastjson.Parser
	nested []*fastjson.Parser // for object columns written as JSON strings; reused per record
	used   int
	header []string // CSV only: column names without units
	row    []byte
	steps  []entraStep
}

func newEntraDecoder(header []string) (Decoder, error) {
	d := &entraDecoder{}
	if header == nil {
		return d, nil
	}
	hasJobID := false
	for _, h := range header {
		name := laColumn(h)
		d.header = append(d.header, name)
		hasJobID = hasJobID || strings.EqualFold(name, "JobId")
	}
	if !hasJobID {
		// The first line of a file forced to this format may be anything: quote it, short and redacted.
		return nil, fmt.Errorf("entra provisioning CSV header lacks JobId (have %s)", quoteShort(secret.Redact(strings.Join(header, ","))))
	}
	return d, nil
}

// Decode maps one record: a provisioning object to an event, a job configuration to a connector.
func (d *entraDecoder) Decode(rec *Record, b *Batch) error {
	d.used = 0
	raw, fromCSV := rec.Raw, rec.Header != nil
	if fromCSV {
		d.row = d.rowAsJSON(rec.Fields)
		raw = d.row
	}
	v, err := d.parse(&d.parser, raw)
	if err != nil {
		return fmt.Errorf("not valid JSON: %s", jsonProblem(err))
	}
	if v.Type() != fastjson.TypeObject {
		return fmt.Errorf("not a JSON object but a JSON %s", v.Type())
	}
	switch {
	case isEntraSecret(v):
		b.OutOfScope("synchronization secret")
		return nil
	case isEntraJob(v):
		return decodeEntraJob(v, b)
	}
	return d.decodeActivity(v, fromCSV, b)
}

// parse parses JSON text, forgiving the trailing commas of Microsoft's documentation examples.
func (d *entraDecoder) parse(p *fastjson.Parser, raw []byte) (*fastjson.Value, error) {
	v, err := p.ParseBytes(raw)
	if err != nil {
		if fixed, ok := withoutTrailingCommas(raw); ok {
			if v, err2 := p.ParseBytes(fixed); err2 == nil {
				return v, nil
			}
		}
	}
	return v, err
}

// entraActivity is a provisioning object with its wrapping: the diagnostic envelope (nil for
// Graph and Log Analytics records) and whether it is a Log Analytics row.
type entraActivity struct {
	obj    *fastjson.Value // the provisioning object
	env    *fastjson.Value // the Azure Monitor envelope, or nil
	la     bool            // a Log Analytics row: TenantId is the workspace, AADTenantId the tenant
	prefix string          // where obj is, for reject reasons ("properties: ")
}

// decodeActivity maps one provisioning object, in whatever wrapping, to an event.
func (d *entraDecoder) decodeActivity(v *fastjson.Value, fromCSV bool, b *Batch) error {
	if kind := foreignEntraCategory(v); kind != "" {
		b.OutOfScope(kind)
		return nil
	}
	a := entraActivity{obj: v, la: fromCSV || field(v, "AADTenantId") != nil || field(v, "TimeGenerated") != nil}
	if field(v, "jobId") == nil {
		if props := d.object(v, "properties"); props != nil {
			a = entraActivity{obj: props, env: v, prefix: "properties: "}
		}
	}
	jobID := jsonText(field(a.obj, "jobId"))
	if jobID == "" {
		return fmt.Errorf("%smissing jobId", a.prefix)
	}
	at, err := a.time()
	if err != nil {
		return err
	}
	e := Event{
		Time: at, Platform: "entra", Tenant: a.tenant(jobID), EventID: a.id(), ConnectorID: jobID,
		RunID: jsonText(field(a.obj, "cycleId")), EventType: entraEventType(a.obj),
	}
	parts := d.readParts(a.obj)
	mapParties(&e, parts)
	mapOutcome(&e, a, parts)
	b.AddEvent(e)
	return nil
}

// entraParts are the member objects of a provisioning object, each parsed once.
type entraParts struct {
	servicePrincipal, targetSystem, initiatedBy *fastjson.Value
	source, target                              *fastjson.Value // sourceIdentity, targetIdentity
	statusInfo, betaStatusInfo                  *fastjson.Value // provisioningStatusInfo, statusInfo
	steps                                       []entraStep
	modified                                    []*fastjson.Value
}

func (d *entraDecoder) readParts(obj *fastjson.Value) entraParts {
	return entraParts{
		servicePrincipal: d.object(obj, "servicePrincipal"),
		targetSystem:     d.object(obj, "targetSystem"),
		initiatedBy:      d.object(obj, "initiatedBy"),
		source:           d.object(obj, "sourceIdentity"),
		target:           d.object(obj, "targetIdentity"),
		statusInfo:       d.object(obj, "provisioningStatusInfo"),
		betaStatusInfo:   d.object(obj, "statusInfo"),
		steps:            d.readSteps(obj),
		modified:         d.array(obj, "modifiedProperties"),
	}
}

// foreignEntraCategory returns the category (or operation) of a record of another Entra log
// (SignInLogs, AuditLogs, …), or "" for a provisioning record.
func foreignEntraCategory(v *fastjson.Value) string {
	if category := jsonText(field(v, "category")); category != "" {
		if strings.EqualFold(category, entraCategory) {
			return ""
		}
		return category
	}
	if op := jsonText(field(v, "operationName")); op != "" && !strings.EqualFold(op, entraOperation) {
		return op
	}
	return ""
}

// time is activityDateTime, else the envelope's time, else the Log Analytics TimeGenerated.
func (a entraActivity) time() (time.Time, error) {
	name, value := a.prefix+"activityDateTime", jsonText(field(a.obj, "activityDateTime"))
	if value == "" && a.env != nil {
		name, value = "time", jsonText(field(a.env, "time"))
	}
	if value == "" && a.la {
		name, value = "TimeGenerated", jsonText(field(a.obj, "TimeGenerated"))
	}
	if value == "" {
		return time.Time{}, nil
	}
	t, err := ParseTime(value)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", name, err)
	}
	return t, nil
}

// tenant is the Entra tenant id; in Log Analytics only AADTenantId (TenantId is the workspace).
func (a entraActivity) tenant(jobID string) string {
	var t string
	if a.la {
		t = jsonText(field(a.obj, "AADTenantId"))
	} else {
		t = jsonText(field(a.obj, "tenantId"))
	}
	if t == "" && a.env != nil {
		t = jsonText(field(a.env, "tenantId"))
	}
	if t == "" {
		t = tenantFromJobID(jobID)
	}
	return t
}

func (a entraActivity) id() string {
	if id := jsonText(field(a.obj, "id")); id != "" {
		return id
	}
	return jsonText(field(a.env, "identity"))
}

// entraEventType is provisioningAction (lower-cased, integers read as the Graph enum), else
// the deprecated action.
func entraEventType(obj *fastjson.Value) string {
	if v := field(obj, "provisioningAction"); v != nil && v.Type() == fastjson.TypeNumber {
		if n, err := v.Int(); err == nil && n >= 0 && n < len(entraProvisioningActions) {
			return entraProvisioningActions[n]
		}
	}
	if t := strings.ToLower(jsonText(field(obj, "provisioningAction"))); t != "" {
		return t
	}
	return strings.ToLower(jsonText(field(obj, "action")))
}

// mapParties fills the app, the identities and who started it.
func mapParties(e *Event, p entraParts) {
	e.AppName = firstNonEmpty(refName(p.servicePrincipal), jsonText(field(field(p.targetSystem, "details"), "ServicePrincipalDisplayName")))
	e.AppKind = refName(p.targetSystem)
	e.Actor = refName(p.initiatedBy)
	e.UserID, e.TargetID, e.TargetName = refID(p.source), refID(p.target), refName(p.target)
	e.Object = ObjectUser
	if isGroupIdentity(jsonText(field(p.source, "identityType"))) || isGroupIdentity(jsonText(field(p.target, "identityType"))) {
		e.Object = ObjectGroup
	}
	if e.Object == ObjectGroup {
		e.GroupName = firstNonEmpty(refName(p.source), reportableIdentifier(p.steps), e.TargetName)
		return
	}
	e.UserName = firstNonEmpty(jsonText(field(field(p.source, "details"), "UserPrincipalName")), importedUPN(p.steps),
		reportableIdentifier(p.steps), refName(p.source))
}

// mapOutcome fills action, result, the step that decided it, error and evidence from its text.
func mapOutcome(e *Event, a entraActivity, p entraParts) {
	flagged := flaggedStep(p.steps)
	if flagged != nil {
		e.LegacyType = flagged.name
	} else if len(p.steps) > 0 {
		e.LegacyType = p.steps[len(p.steps)-1].name
	}
	group := e.Object == ObjectGroup
	e.Action = entraAction(e.EventType, group, group && mentionsMembers(p))
	e.Result = firstNonEmpty(entraResult(field(p.statusInfo, "status")), entraResult(field(p.betaStatusInfo, "status")),
		entraResult(field(a.obj, "resultType")), entraResult(field(a.env, "resultType")))
	errInfo := field(p.statusInfo, "errorInformation")
	e.ErrorCode = firstNonEmpty(jsonText(field(errInfo, "errorCode")), jsonText(field(p.betaStatusInfo, "errorCode")),
		laSignature(jsonText(field(a.obj, "ResultSignature"))), laSignature(jsonText(field(a.env, "resultSignature"))))
	e.ErrorText = firstNonEmpty(jsonText(field(errInfo, "reason")), jsonText(field(p.betaStatusInfo, "reason")),
		jsonText(field(a.obj, "ResultDescription")), jsonText(field(a.env, "resultDescription")))
	if flagged != nil && e.Result != ResultSuccess {
		// Skips carry no error information: their step says why, in words and as SkipReason.
		skipReason := jsonText(field(flagged.details, "SkipReason"))
		e.ErrorCode = firstNonEmpty(e.ErrorCode, skipReason)
		if e.ErrorText == "" {
			e.ErrorText = firstNonEmpty(flagged.description, skipReason)
			if e.Result == ResultSkipped {
				return // a skip's own words hold no HTTP evidence; skips are many, so spare the patterns
			}
		}
	}
	addTextEvidence(e)
}

// addTextEvidence takes HTTP status, scimType and URL out of the error text. (A token in it is
// fingerprinted and redacted by the framework.)
func addTextEvidence(e *Event) {
	if e.ErrorText == "" {
		return
	}
	e.HTTPStatus = HTTPStatusIn(e.ErrorText)
	e.SCIMType = SCIMTypeIn(e.ErrorText)
	e.ErrorURL = URLIn(e.ErrorText)
}

// entraAction maps a provisioningAction onto the vocabulary. For groups, an update that
// touches members is a membership change.
func entraAction(eventType string, group, members bool) string {
	action := ActionOther
	switch eventType {
	case "create":
		action = ActionCreate
	case "update":
		action = ActionUpdate
	case "delete", "stageddelete":
		action = ActionDelete
	case "disable":
		action = ActionDisable
	}
	if !group {
		return action
	}
	switch action {
	case ActionCreate:
		return ActionGroupCreate
	case ActionDelete:
		return ActionGroupDelete
	case ActionUpdate, ActionDisable:
		if members && action == ActionUpdate {
			return ActionMembership
		}
		return ActionGroupUpdate
	}
	return action
}

// entraResult normalises a status: a string (any case), an integer, or an integer in a string.
func entraResult(v *fastjson.Value) string {
	if v == nil {
		return ""
	}
	if v.Type() == fastjson.TypeNumber {
		n, err := v.Int()
		if err == nil && n >= 0 && n < len(entraResults) {
			return entraResults[n]
		}
		return ""
	}
	s := strings.ToLower(jsonText(v))
	switch s {
	case "success", "succeeded":
		return ResultSuccess
	case "failure", "failed":
		return ResultFailure
	case "skipped":
		return ResultSkipped
	case "warning":
		return ResultWarning
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 0 && n < len(entraResults) {
		return entraResults[n]
	}
	return ""
}

func isGroupIdentity(identityType string) bool {
	return strings.EqualFold(identityType, "Group") ||
		len(identityType) > len(scimGroupSuffix) && strings.EqualFold(identityType[len(identityType)-len(scimGroupSuffix):], scimGroupSuffix)
}

// object returns the object member key of v, parsing it when an export wrote it as a JSON
// string (Log Analytics columns); nil when absent or not an object.
func (d *entraDecoder) object(v *fastjson.Value, key string) *fastjson.Value {
	m := d.member(v, key)
	if m == nil || m.Type() != fastjson.TypeObject {
		return nil
	}
	return m
}

// array is like object, for array members.
func (d *entraDecoder) array(v *fastjson.Value, key string) []*fastjson.Value {
	m := d.member(v, key)
	if m == nil || m.Type() != fastjson.TypeArray {
		return nil
	}
	list, _ := m.Array()
	return list
}

func (d *entraDecoder) member(v *fastjson.Value, key string) *fastjson.Value {
	m := field(v, key)
	if m == nil || m.Type() != fastjson.TypeString {
		return m
	}
	s, _ := m.StringBytes()
	s = bytes.TrimSpace(s)
	if len(s) == 0 || s[0] != '{' && s[0] != '[' {
		return nil
	}
	if d.used == len(d.nested) {
		d.nested = append(d.nested, new(fastjson.Parser))
	}
	p := d.nested[d.used]
	d.used++
	parsed, err := d.parse(p, s)
	if err != nil {
		return nil
	}
	return parsed
}

// refName and refID read a Graph reference object: displayName/id in Graph, Name/Id in the
// diagnostic format and Log Analytics.
func refName(v *fastjson.Value) string { return jsonText(field(v, "displayName", "Name")) }
func refID(v *fastjson.Value) string   { return jsonText(field(v, "id", "Id")) }
