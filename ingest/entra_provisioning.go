package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

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
	category := text(field(v, "category"))
	if strings.EqualFold(category, entraCategory) || strings.EqualFold(text(field(v, "operationName")), entraOperation) {
		return true
	}
	return category != "" && containsFold(text(field(v, "resourceId")), "/providers/microsoft.aadiam")
}

// looksLikeEntraCSVHeader recognises the Log Analytics AADProvisioningLogs CSV export.
func looksLikeEntraCSVHeader(line []byte) bool {
	header, err := csv.NewReader(bytes.NewReader(line)).Read()
	if err != nil {
		return false
	}
	have := map[string]bool{}
	for _, h := range header {
		have[strings.ToLower(laColumn(h))] = true
	}
	return have["jobid"] && (have["provisioningaction"] || have["action"])
}

// laColumn is a Log Analytics column name without the unit the portal appends on export
// ("TimeGenerated [UTC]").
func laColumn(h string) string {
	h = strings.TrimSpace(h)
	if i := strings.IndexByte(h, '['); i > 0 && strings.HasSuffix(h, "]") {
		h = strings.TrimSpace(h[:i])
	}
	return h
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
		return nil, fmt.Errorf("entra provisioning CSV header lacks JobId (have %s)", strings.Join(header, ","))
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
		return fmt.Errorf("not valid JSON: %s", strings.TrimPrefix(err.Error(), "cannot parse JSON: "))
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

// isEntraSecret recognises synchronization secrets ({"key":"SecretToken","value":…}) and
// validateCredentials bodies: credentials are never read, not even into a reject.
func isEntraSecret(v *fastjson.Value) bool {
	if field(v, "jobId") != nil || field(v, "templateId") != nil {
		return false
	}
	return field(v, "key") != nil && field(v, "value") != nil || field(v, "credentials") != nil
}

// isEntraJob recognises a synchronizationJob: templateId with a schedule or status.
func isEntraJob(v *fastjson.Value) bool {
	return field(v, "templateId") != nil && field(v, "jobId") == nil &&
		(field(v, "schedule") != nil || field(v, "status") != nil)
}

// decodeEntraJob stores a provisioning job configuration as a connector.
func decodeEntraJob(v *fastjson.Value, b *Batch) error {
	id := text(field(v, "id"))
	if id == "" {
		return errors.New("synchronization job: missing id")
	}
	status := field(v, "status")
	b.AddConnector(Connector{
		Platform:    "entra",
		Tenant:      tenantFromJobID(id),
		ConnectorID: id,
		Enabled:     scheduleEnabled(text(field(field(v, "schedule"), "state"))),
		Status:      entraJobStatus(status),
		Origin:      "config",
	})
	return nil
}

// entraJobStatus is status.code plus the quarantine's error code (or reason) when quarantined:
// "Quarantine: SalesforceInvalidCredentials".
func entraJobStatus(status *fastjson.Value) string {
	code := text(field(status, "code"))
	quarantine := field(status, "quarantine")
	why := text(field(field(quarantine, "error"), "code"))
	if why == "" {
		why = text(field(quarantine, "reason"))
	}
	switch {
	case why == "":
		return code
	case code == "":
		return why
	}
	return code + ": " + why
}

func scheduleEnabled(state string) *bool {
	var on bool
	switch strings.ToLower(state) {
	case "active":
		on = true
	case "disabled":
		on = false
	default:
		return nil
	}
	return &on
}

// tenantFromJobID reads the Entra tenant out of a job id <templateId>.<tenant without dashes>.<guid>.
func tenantFromJobID(jobID string) string {
	parts := strings.Split(jobID, ".")
	if len(parts) < 2 || len(parts[1]) != 32 || !isHex(parts[1]) {
		return ""
	}
	t := strings.ToLower(parts[1])
	return t[:8] + "-" + t[8:12] + "-" + t[12:16] + "-" + t[16:20] + "-" + t[20:]
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i] | 0x20
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
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
	jobID := text(field(a.obj, "jobId"))
	if jobID == "" {
		return fmt.Errorf("%smissing jobId", a.prefix)
	}
	at, err := a.time()
	if err != nil {
		return err
	}
	e := Event{
		Time: at, Platform: "entra", Tenant: a.tenant(jobID), EventID: a.id(), ConnectorID: jobID,
		RunID: text(field(a.obj, "cycleId")), EventType: entraEventType(a.obj),
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
	if category := text(field(v, "category")); category != "" {
		if strings.EqualFold(category, entraCategory) {
			return ""
		}
		return category
	}
	if op := text(field(v, "operationName")); op != "" && !strings.EqualFold(op, entraOperation) {
		return op
	}
	return ""
}

// time is activityDateTime, else the envelope's time, else the Log Analytics TimeGenerated.
func (a entraActivity) time() (time.Time, error) {
	name, value := a.prefix+"activityDateTime", text(field(a.obj, "activityDateTime"))
	if value == "" && a.env != nil {
		name, value = "time", text(field(a.env, "time"))
	}
	if value == "" && a.la {
		name, value = "TimeGenerated", text(field(a.obj, "TimeGenerated"))
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
		t = text(field(a.obj, "AADTenantId"))
	} else {
		t = text(field(a.obj, "tenantId"))
	}
	if t == "" && a.env != nil {
		t = text(field(a.env, "tenantId"))
	}
	if t == "" {
		t = tenantFromJobID(jobID)
	}
	return t
}

func (a entraActivity) id() string {
	if id := text(field(a.obj, "id")); id != "" {
		return id
	}
	return text(field(a.env, "identity"))
}

// entraEventType is provisioningAction (lower-cased, integers read as the Graph enum), else
// the deprecated action.
func entraEventType(obj *fastjson.Value) string {
	if v := field(obj, "provisioningAction"); v != nil && v.Type() == fastjson.TypeNumber {
		if n, err := v.Int(); err == nil && n >= 0 && n < len(entraProvisioningActions) {
			return entraProvisioningActions[n]
		}
	}
	if t := strings.ToLower(text(field(obj, "provisioningAction"))); t != "" {
		return t
	}
	return strings.ToLower(text(field(obj, "action")))
}

// mapParties fills the app, the identities and who started it.
func mapParties(e *Event, p entraParts) {
	e.AppName = firstNonEmpty(refName(p.servicePrincipal), text(field(field(p.targetSystem, "details"), "ServicePrincipalDisplayName")))
	e.AppKind = refName(p.targetSystem)
	e.Actor = refName(p.initiatedBy)
	e.UserID, e.TargetID, e.TargetName = refID(p.source), refID(p.target), refName(p.target)
	e.Object = ObjectUser
	if isGroupIdentity(text(field(p.source, "identityType"))) || isGroupIdentity(text(field(p.target, "identityType"))) {
		e.Object = ObjectGroup
	}
	if e.Object == ObjectGroup {
		e.GroupName = firstNonEmpty(refName(p.source), reportableIdentifier(p.steps), e.TargetName)
		return
	}
	e.UserName = firstNonEmpty(text(field(field(p.source, "details"), "UserPrincipalName")), importedUPN(p.steps),
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
	e.ErrorCode = firstNonEmpty(text(field(errInfo, "errorCode")), text(field(p.betaStatusInfo, "errorCode")),
		laSignature(text(field(a.obj, "ResultSignature"))), laSignature(text(field(a.env, "resultSignature"))))
	e.ErrorText = firstNonEmpty(text(field(errInfo, "reason")), text(field(p.betaStatusInfo, "reason")),
		text(field(a.obj, "ResultDescription")), text(field(a.env, "resultDescription")))
	if flagged != nil && e.Result != ResultSuccess {
		// Skips carry no error information: their step says why, in words and as SkipReason.
		skipReason := text(field(flagged.details, "SkipReason"))
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

// laSignature drops the placeholder Azure Monitor writes for "no error code".
func laSignature(s string) string {
	if strings.EqualFold(s, "None") {
		return ""
	}
	return s
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
	s := strings.ToLower(text(v))
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

// entraStep is one provisioning step, its enums normalised.
type entraStep struct {
	name, kind, status, description string
	details                         *fastjson.Value
}

// readSteps reads provisioningSteps into the decoder's reused slice.
func (d *entraDecoder) readSteps(obj *fastjson.Value) []entraStep {
	d.steps = d.steps[:0]
	list := d.array(obj, "provisioningSteps")
	for _, s := range list {
		if s.Type() != fastjson.TypeObject {
			continue
		}
		d.steps = append(d.steps, entraStep{
			name:        text(field(s, "name")),
			kind:        stepType(field(s, "provisioningStepType")),
			status:      entraResult(field(s, "status")),
			description: text(field(s, "description")),
			details:     field(s, "details"),
		})
	}
	return d.steps
}

func stepType(v *fastjson.Value) string {
	if v != nil && v.Type() == fastjson.TypeNumber {
		if n, err := v.Int(); err == nil && n >= 0 && n < len(entraStepTypes) {
			return entraStepTypes[n]
		}
		return ""
	}
	return strings.ToLower(text(v))
}

// flaggedStep is the step that failed, else the one that warned, else the one that skipped.
func flaggedStep(steps []entraStep) *entraStep {
	for _, want := range []string{ResultFailure, ResultWarning, ResultSkipped} {
		for i := range steps {
			if steps[i].status == want {
				return &steps[i]
			}
		}
	}
	return nil
}

// importedUPN is the userPrincipalName an import step read from the source directory.
func importedUPN(steps []entraStep) string {
	for _, s := range steps {
		if s.kind == "import" || strings.HasPrefix(s.name, "EntryImport") {
			if upn := text(field(s.details, "userPrincipalName")); upn != "" {
				return upn
			}
		}
	}
	return ""
}

func reportableIdentifier(steps []entraStep) string {
	for _, s := range steps {
		if id := text(field(s.details, "ReportableIdentifier")); id != "" {
			return id
		}
	}
	return ""
}

// mentionsMembers reports whether a group change touched its members: a modified property or
// a step detail or description naming them.
func mentionsMembers(p entraParts) bool {
	for _, m := range p.modified {
		if containsFold(refName(m), "member") {
			return true
		}
	}
	for _, s := range p.steps {
		if containsFold(s.description, "member") || hasKeyContaining(s.details, "member") {
			return true
		}
	}
	return false
}

func hasKeyContaining(v *fastjson.Value, sub string) bool {
	if v == nil || v.Type() != fastjson.TypeObject {
		return false
	}
	o, _ := v.Object()
	found := false
	o.Visit(func(k []byte, _ *fastjson.Value) { found = found || containsFold(string(k), sub) })
	return found
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

// field returns the first member of object v named by one of keys, trying exact names first
// and then any case; nil when v is no object or the member is absent or null.
func field(v *fastjson.Value, keys ...string) *fastjson.Value {
	if v == nil || v.Type() != fastjson.TypeObject {
		return nil
	}
	for _, k := range keys {
		if m := v.Get(k); m != nil {
			return nonNull(m)
		}
	}
	o, _ := v.Object()
	var found *fastjson.Value
	for _, k := range keys {
		o.Visit(func(name []byte, m *fastjson.Value) {
			if found == nil && equalFoldASCII(name, k) {
				found = m
			}
		})
		if found != nil {
			return nonNull(found)
		}
	}
	return nil
}

// equalFoldASCII compares a key with a name, ignoring ASCII case, without allocating.
func equalFoldASCII(key []byte, name string) bool {
	if len(key) != len(name) {
		return false
	}
	for i := range key {
		a, b := key[i], name[i]
		if a != b && (a|0x20 != b|0x20 || a|0x20 < 'a' || a|0x20 > 'z') {
			return false
		}
	}
	return true
}

func nonNull(v *fastjson.Value) *fastjson.Value {
	if v.Type() == fastjson.TypeNull {
		return nil
	}
	return v
}

// text is a string member's text, or a number's or boolean's JSON text; "" otherwise.
func text(v *fastjson.Value) string {
	if v == nil {
		return ""
	}
	switch v.Type() {
	case fastjson.TypeString:
		s, _ := v.StringBytes()
		return string(bytes.TrimSpace(s))
	case fastjson.TypeNumber, fastjson.TypeTrue, fastjson.TypeFalse:
		return string(v.MarshalTo(nil))
	}
	return ""
}

// refName and refID read a Graph reference object: displayName/id in Graph, Name/Id in the
// diagnostic format and Log Analytics.
func refName(v *fastjson.Value) string { return text(field(v, "displayName", "Name")) }
func refID(v *fastjson.Value) string   { return text(field(v, "id", "Id")) }

// rowAsJSON writes a CSV row as the JSON object of the Log Analytics JSON export: one string
// member per non-empty column.
func (d *entraDecoder) rowAsJSON(fields []string) []byte {
	buf := append(d.row[:0], '{')
	for i, name := range d.header {
		if i >= len(fields) {
			break
		}
		value := strings.TrimSpace(fields[i])
		if value == "" {
			continue
		}
		if len(buf) > 1 {
			buf = append(buf, ',')
		}
		buf = appendJSONString(buf, name)
		buf = append(buf, ':')
		buf = appendJSONString(buf, value)
	}
	return append(buf, '}')
}

func appendJSONString(buf []byte, s string) []byte {
	const hexDigits = "0123456789abcdef"
	buf = append(buf, '"')
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			buf = append(buf, '\\', c)
		case c < 0x20:
			buf = append(buf, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xf])
		default:
			buf = append(buf, c)
		}
	}
	return append(buf, '"')
}

// withoutTrailingCommas removes commas directly before a closing bracket, outside strings.
func withoutTrailingCommas(raw []byte) ([]byte, bool) {
	out := make([]byte, 0, len(raw))
	inString, escape, changed := false, false, false
	for i := 0; i < len(raw); i++ {
		c := raw[i]
		switch {
		case inString:
			escape, inString = c == '\\' && !escape, inString && (c != '"' || escape)
		case c == '"':
			inString = true
		case c == ',':
			j := i + 1
			for j < len(raw) && (raw[j] == ' ' || raw[j] == '\t' || raw[j] == '\r' || raw[j] == '\n') {
				j++
			}
			if j < len(raw) && (raw[j] == '}' || raw[j] == ']') {
				changed = true
				continue
			}
		}
		out = append(out, c)
	}
	return out, changed
}
