package ingest

import "time"

// The vocabulary of DESIGN.md. Decoders map every platform's own words onto these.
const (
	ActionCreate      = "create"
	ActionUpdate      = "update"
	ActionDisable     = "disable"
	ActionEnable      = "enable"
	ActionDelete      = "delete"
	ActionLookup      = "lookup"
	ActionImport      = "import"
	ActionGroupCreate = "group_create"
	ActionGroupUpdate = "group_update"
	ActionGroupDelete = "group_delete"
	ActionMembership  = "membership"
	ActionPassword    = "password"
	ActionOther       = "other"
	ObjectUser        = "user"
	ObjectGroup       = "group"
	ObjectConnector   = "connector"
	ResultSuccess     = "success"
	ResultFailure     = "failure"
	ResultSkipped     = "skipped"
	ResultWarning     = "warning"
)

// Event is one normalised provisioning event: a row of the events table.
// Empty strings and zero numbers are stored as NULL.
type Event struct {
	Line        int64     `json:"line"`              // line of the input where its record starts (set by the framework)
	Time        time.Time `json:"time"`              // when the platform logged it, UTC
	Platform    string    `json:"platform"`          // okta, entra, …
	Tenant      string    `json:"tenant"`            // the IdP tenant: Okta org host, Entra tenant id
	EventID     string    `json:"event_id"`          // the platform's own id of the record (Okta uuid, Entra id)
	EventType   string    `json:"event_type"`        // the platform's own event type (Okta eventType, Entra provisioningAction)
	LegacyType  string    `json:"legacy_type"`       // a more specific native type when there is one (Okta legacyEventType, Entra failing step name)
	ConnectorID string    `json:"connector_id"`      // the connector instance (Okta AppInstance id, Entra jobId)
	AppName     string    `json:"app_name"`          // the instance's name (Okta AppInstance label, Entra servicePrincipal name)
	AppKind     string    `json:"app_kind"`          // the integration it is an instance of (Okta debugData.appname, Entra targetSystem name)
	Action      string    `json:"action"`            // vocabulary: create, update, disable, …
	Object      string    `json:"object"`            // user, group, connector
	Result      string    `json:"result"`            // success, failure, skipped, warning
	UserName    string    `json:"user_name"`         // the person's login/UPN at the IdP (correlates with SCIM userName filters)
	UserID      string    `json:"user_id"`           // the IdP's object id of the user or group
	GroupName   string    `json:"group_name"`        // group display name for group events
	TargetID    string    `json:"target_id"`         // the object's id in the target app when logged (Entra targetIdentity.id = SCIM id)
	TargetName  string    `json:"target_name"`       // the object's name in the target app (Okta AppUser alternateId)
	RunID       string    `json:"run_id"`            // the job/cycle it ran in (Okta transaction.id, Entra cycleId)
	Actor       string    `json:"actor"`             // who or what triggered it
	ErrorCode   string    `json:"error_code"`        // the platform's error code
	ErrorText   string    `json:"error_text"`        // free error text, secrets redacted
	HTTPStatus  int       `json:"http_status"`       // an HTTP status found in the record or its error text
	SCIMType    string    `json:"scim_type"`         // an RFC 7644 scimType found in the error text
	ErrorURL    string    `json:"error_url"`         // the first URL found in the error text
	TokenFP     string    `json:"token_fingerprint"` // fingerprint of a token found in the record (never the token)
	TokenTenant string    `json:"token_tenant"`      // iss/tid claim of a JWT found in the record
}

// Access is one request seen by a SCIM target: a row of the access table.
type Access struct {
	Line        int64     `json:"line"` // set by the framework
	Time        time.Time `json:"time"`
	Host        string    `json:"host"` // virtual host / domain the request was sent to
	Method      string    `json:"method"`
	Path        string    `json:"path"`         // URL path, still percent-encoded
	Query       string    `json:"query"`        // raw query string
	Endpoint    string    `json:"endpoint"`     // scheme://host + SCIM base: the base URL the client called
	SCIMBase    string    `json:"scim_base"`    // path prefix before the SCIM resource segment
	Resource    string    `json:"resource"`     // Users, Groups, ServiceProviderConfig, Schemas, ResourceTypes, Bulk, .search, Me
	ResourceID  string    `json:"resource_id"`  // the segment after the resource
	FilterAttr  string    `json:"filter_attr"`  // attribute of a simple eq filter (userName, externalId, displayName)
	FilterValue string    `json:"filter_value"` // its value, URL-decoded and unquoted
	Status      int       `json:"status"`
	Bytes       int64     `json:"bytes"`
	UserAgent   string    `json:"user_agent"`
	ClientIP    string    `json:"client_ip"`
	Platform    string    `json:"platform"` // IdP inferred from the user agent (okta, entra, pingfederate, authentik) or empty
	TokenFP     string    `json:"token_fingerprint"`
	TokenTenant string    `json:"token_tenant"`
}

// Connector is one configured provisioning connector: a row of the connectors table.
type Connector struct {
	Line        int64  `json:"line"` // set by the framework
	Platform    string `json:"platform"`
	Tenant      string `json:"tenant"`
	App         string `json:"app"`
	ConnectorID string `json:"connector_id"`
	Enabled     *bool  `json:"enabled"` // nil when the input does not say
	BaseURL     string `json:"base_url"`
	TokenFP     string `json:"token_fingerprint"`
	Owner       string `json:"owner"`
	Status      string `json:"status"` // platform job status where exported (Entra Quarantine, Paused, …)
	Origin      string `json:"origin"` // inventory or config
}

// Record is one input record handed to a decoder.
type Record struct {
	Line   int64    // 1-based line where the record starts
	Offset int64    // byte offset where the record starts (of the decompressed stream)
	Raw    []byte   // the record's text: a JSON value, a text line, or a CSV row as read
	Header []string // CSV only: the header row
	Fields []string // CSV only: this row's fields
}

// Batch collects what decoders make of records. A decoder calls its methods; the framework
// keeps the accounting (stored, rejected, out of scope) per record.
type Batch struct {
	Events     []Event
	Access     []Access
	Connectors []Connector
	outOfScope string
	rows       int
}

// AddEvent stores an event.
func (b *Batch) AddEvent(e Event) { b.Events = append(b.Events, e); b.rows++ }

// AddAccess stores an access-log request.
func (b *Batch) AddAccess(a Access) { b.Access = append(b.Access, a); b.rows++ }

// AddConnector stores an inventory or config row.
func (b *Batch) AddConnector(c Connector) { b.Connectors = append(b.Connectors, c); b.rows++ }

// OutOfScope marks the current record as parsed but not a provisioning record, counted by kind
// (e.g. the event type "user.session.start").
func (b *Batch) OutOfScope(kind string) {
	if kind == "" {
		kind = "(none)"
	}
	b.outOfScope = kind
}

// setLine stamps the rows added since mark with the line of the record they came from.
func (b *Batch) setLine(m [3]int, line int64) {
	for i := m[0]; i < len(b.Events); i++ {
		b.Events[i].Line = line
	}
	for i := m[1]; i < len(b.Access); i++ {
		b.Access[i].Line = line
	}
	for i := m[2]; i < len(b.Connectors); i++ {
		b.Connectors[i].Line = line
	}
}

// mark and reset drop the rows a record added before its decoder rejected it.
func (b *Batch) mark() [3]int { return [3]int{len(b.Events), len(b.Access), len(b.Connectors)} }

func (b *Batch) reset(m [3]int, rows int) {
	b.Events, b.Access, b.Connectors, b.rows = b.Events[:m[0]], b.Access[:m[1]], b.Connectors[:m[2]], rows
}

// Reject is a record that could not be stored: a row of the rejects table.
type Reject struct {
	Line   int64  `json:"line"`
	Offset int64  `json:"offset"`
	Reason string `json:"reason"`
	Raw    string `json:"raw"` // the record's text, secrets redacted, cut at 64 KiB
}
