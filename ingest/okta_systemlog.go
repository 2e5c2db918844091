package ingest

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/valyala/fastjson"
)

// OktaSystemLog reads Okta System Log events (LogEvent objects) about app provisioning, as the
// API, log streaming, event hooks and SIEMs that flatten them export them.
var OktaSystemLog = Format{
	Name:        "okta-systemlog",
	Platform:    "okta",
	Description: "Okta System Log provisioning events (/api/v1/logs, NDJSON, event hooks, SIEM re-shapes)",
	Shapes: []string{
		"GET /api/v1/logs page: a JSON array of LogEvent objects",
		"NDJSON: one LogEvent per line (log streaming, SIEM exporters); a plain or gzipped file of them in the API's spelling is parsed by DuckDB's own reader, on every core",
		`event hook delivery: {"eventType":"com.okta.event_hook","data":{"events":[…]}}`,
		"SIEM re-shapes with flattened columns (Sentinel Okta_CL: eventType_s, outcome_result_s, target_s as JSON text, published_t), as JSON objects or CSV",
	},
	CSV:        true,
	Detect:     detectOktaSystemLog,
	NewDecoder: newOktaDecoder,
	Native:     &oktaNative,
}

// detectOktaSystemLog claims JSON whose first record has an Okta eventType (dotted) and a uuid
// or published time, in nested or flattened spelling, and CSV whose header has an eventType column.
func detectOktaSystemLog(s *Sniff) bool {
	switch s.Container {
	case JSONRecords:
		return looksLikeLogEvent(s.First)
	case TextLines:
		if len(s.Lines) == 0 {
			return false
		}
		header, err := csv.NewReader(bytes.NewReader(s.Lines[0])).Read()
		if err != nil || len(header) < 2 {
			return false
		}
		for _, h := range header {
			if string(appendOktaKey(nil, []byte(h))) == "eventtype" {
				return true
			}
		}
	}
	return false
}

func looksLikeLogEvent(first []byte) bool {
	var p fastjson.Parser
	v, err := p.ParseBytes(first)
	if err != nil {
		return false
	}
	o, err := v.Object()
	if err != nil {
		return false
	}
	var eventType, idOrTime bool
	var key []byte
	o.Visit(func(k []byte, v *fastjson.Value) {
		key = appendOktaKey(key[:0], k)
		switch string(key) {
		case "eventtype":
			eventType = bytes.IndexByte(v.GetStringBytes(), '.') > 0
		case "uuid", "published":
			idOrTime = v.Type() == fastjson.TypeString || v.Type() == fastjson.TypeNumber
		}
	})
	return eventType && idOrTime
}

// oktaDecoder decodes LogEvents: JSON objects, nested or flattened, or CSV rows.
type oktaDecoder struct {
	parser  fastjson.Parser // the record
	tparser fastjson.Parser // a target list held as JSON text
	columns []oktaField     // CSV: the field each column holds
	key     []byte          // scratch for normalised keys
	fields  [oktaFieldCount]string
	list    *fastjson.Value // the nested target list, valid until the next parse
	targets []oktaTarget
	types   map[string]string // target types seen, so that each is made a string once
}

// oktaTarget is one entry of a LogEvent's target list: its type, and its other fields as read
// (valid until the next parse), made text only for the targets the event uses.
type oktaTarget struct {
	Type                         string
	id, alternateID, displayName *fastjson.Value
}

func (t *oktaTarget) ID() string          { return jsonText(t.id) }
func (t *oktaTarget) AlternateID() string { return jsonText(t.alternateID) }
func (t *oktaTarget) DisplayName() string { return jsonText(t.displayName) }

func newOktaDecoder(header []string) (Decoder, error) {
	d := &oktaDecoder{}
	if header == nil {
		return d, nil
	}
	d.columns = make([]oktaField, len(header))
	found := false
	for i, h := range header {
		d.columns[i] = oktaFields[string(appendOktaKey(nil, []byte(h)))]
		found = found || d.columns[i] == oktaEventType
	}
	if !found {
		return nil, errors.New("okta-systemlog CSV header has no eventType (or eventType_s) column")
	}
	return d, nil
}

// Decode reads one LogEvent and stores it when its event type is provisioning evidence.
func (d *oktaDecoder) Decode(rec *Record, b *Batch) error {
	d.fields, d.list, d.targets = [oktaFieldCount]string{}, nil, d.targets[:0]
	if d.columns != nil {
		d.readRow(rec.Fields)
	} else if err := d.readJSON(rec.Raw); err != nil {
		return err
	}
	eventType := d.fields[oktaEventType]
	if eventType == "" {
		return errors.New("missing eventType")
	}
	kind, ok := oktaKindOf(eventType, d.fields[oktaLegacyType])
	if !ok {
		b.OutOfScope(eventType)
		return nil
	}
	when, err := d.time()
	if err != nil {
		return err
	}
	if err := d.readTargets(); err != nil {
		return err
	}
	b.AddEvent(d.event(when, kind))
	return nil
}

// time returns published, or a SIEM's TimeGenerated when published is missing; zero when neither is there.
func (d *oktaDecoder) time() (time.Time, error) {
	name, text := "published", d.fields[oktaPublished]
	if text == "" {
		name, text = "TimeGenerated", d.fields[oktaTimeGenerated]
	}
	if text == "" {
		return time.Time{}, nil
	}
	t, err := parseOktaTime(text)
	if err != nil {
		return time.Time{}, fmt.Errorf("%s: %w", name, err)
	}
	return t, nil
}

// parseOktaTime reads ISO-8601 and the other layouts of ParseTime, and Unix epoch seconds or
// milliseconds as some SIEMs write them.
func parseOktaTime(s string) (time.Time, error) {
	if !isInteger(s) {
		return ParseTime(s) // spares ParseInt the error it would make of an ISO-8601 time
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil && n > 0 {
		if n >= 1e12 {
			return time.UnixMilli(n).UTC(), nil
		}
		return time.Unix(n, 0).UTC(), nil
	}
	return ParseTime(s)
}

// isInteger reports whether s is what strconv.ParseInt reads in base 10: digits after an
// optional sign.
func isInteger(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// readTargets reads the target list, nested or held as JSON text.
func (d *oktaDecoder) readTargets() error {
	list := d.list
	if list == nil && d.fields[oktaTargets] != "" {
		v, err := d.tparser.Parse(d.fields[oktaTargets])
		if err != nil {
			return fmt.Errorf("target: not a JSON list of targets: %s", jsonProblem(err))
		}
		list = v
	}
	if list == nil || list.Type() == fastjson.TypeNull {
		return nil
	}
	items, err := list.Array()
	if err != nil {
		return fmt.Errorf("target: expected a list, found %s", list.Type())
	}
	for i, item := range items {
		o, err := item.Object()
		if err != nil {
			if item.Type() == fastjson.TypeNull {
				continue
			}
			return fmt.Errorf("target[%d]: expected an object, found %s", i, item.Type())
		}
		d.targets = append(d.targets, d.readTarget(o))
	}
	return nil
}

func (d *oktaDecoder) readTarget(o *fastjson.Object) oktaTarget {
	var t oktaTarget
	o.Visit(func(k []byte, v *fastjson.Value) {
		d.key = appendOktaKey(d.key[:0], k)
		switch string(d.key) {
		case "id":
			t.id = v
		case "type":
			t.Type = d.typeText(v)
		case "alternateid":
			t.alternateID = v
		case "displayname":
			t.displayName = v
		}
	})
	return t
}

// typeText is jsonText of a target's type. A log names few types: the first 64 are kept.
func (d *oktaDecoder) typeText(v *fastjson.Value) string {
	if v.Type() != fastjson.TypeString {
		return jsonText(v)
	}
	b, _ := v.StringBytes()
	b = bytes.TrimSpace(b)
	if s, ok := d.types[string(b)]; ok {
		return s
	}
	s := string(b)
	if d.types == nil {
		d.types = map[string]string{}
	}
	if len(d.types) < 64 {
		d.types[s] = s
	}
	return s
}

// oktaTargetRoles are the targets an event names, picked by type (never by position).
type oktaTargetRoles struct {
	app, user, appUser, group, appGroup *oktaTarget
}

func pickTargets(targets []oktaTarget) oktaTargetRoles {
	var r oktaTargetRoles
	first := func(slot **oktaTarget, t *oktaTarget) {
		if *slot == nil {
			*slot = t
		}
	}
	for i := range targets {
		t := &targets[i]
		switch {
		case strings.EqualFold(t.Type, "AppInstance"):
			first(&r.app, t)
		case strings.EqualFold(t.Type, "User"):
			first(&r.user, t)
		case strings.EqualFold(t.Type, "AppUser"):
			first(&r.appUser, t)
		case containsFold(t.Type, "group") && hasPrefixFold(t.Type, "app"):
			first(&r.appGroup, t) // the group as the app holds it
		case containsFold(t.Type, "group"):
			first(&r.group, t) // the Okta group (UserGroup)
		}
	}
	return r
}

// event maps the record read onto the events table.
func (d *oktaDecoder) event(when time.Time, kind oktaKind) Event {
	f := &d.fields
	e := Event{
		Time: when, Platform: "okta", Tenant: oktaTenantHost(f[oktaTenant]),
		EventID: f[oktaUUID], EventType: f[oktaEventType], LegacyType: f[oktaLegacyType],
		Action: kind.action, Object: kind.object,
		Result: oktaResult(f[oktaOutcome], f[oktaLegacyType], f[oktaSeverity]),
		RunID:  f[oktaTransaction], Actor: firstNonEmpty(f[oktaActorLogin], f[oktaActorName]),
		AppKind: f[oktaAppname], ErrorCode: f[oktaErrorCode],
	}
	roles := pickTargets(d.targets)
	if t := roles.app; t != nil {
		e.ConnectorID, e.AppName = t.ID(), t.AlternateID()
		if e.AppKind == "" {
			e.AppKind = t.DisplayName()
		}
	}
	if t := roles.user; t != nil {
		e.UserName, e.UserID = t.AlternateID(), t.ID()
	}
	if t := roles.appUser; t != nil {
		e.TargetName, e.TargetID = t.AlternateID(), t.ID()
	}
	if t := roles.group; t != nil {
		e.GroupName = firstNonEmpty(t.DisplayName(), t.AlternateID())
		if e.UserID == "" {
			e.UserID = t.ID() // user_id holds the user's or the group's id
		}
	}
	if t := roles.appGroup; t != nil {
		if e.GroupName == "" {
			e.GroupName = firstNonEmpty(t.DisplayName(), t.AlternateID())
		}
		if e.TargetID == "" && e.TargetName == "" {
			e.TargetName, e.TargetID = firstNonEmpty(t.AlternateID(), t.DisplayName()), t.ID()
		}
	}
	for _, ef := range oktaErrorFields {
		if f[ef] != "" {
			e.ErrorText = f[ef]
			break
		}
	}
	if e.ErrorText != "" {
		e.HTTPStatus, e.SCIMType, e.ErrorURL = HTTPStatusIn(e.ErrorText), SCIMTypeIn(e.ErrorText), URLIn(e.ErrorText)
	}
	return e
}

// oktaResult maps outcome.result onto the vocabulary. When a record has no outcome, the legacy
// event type's wording (…_failed, app.api.error.…, …_success) or an ERROR severity decides.
func oktaResult(outcome, legacy, severity string) string {
	switch strings.ToUpper(outcome) {
	case "SUCCESS", "ALLOW":
		return ResultSuccess
	case "FAILURE", "DENY":
		return ResultFailure
	case "SKIPPED":
		return ResultSkipped
	case "":
		legacy = strings.ToLower(legacy)
		switch {
		case strings.Contains(legacy, "fail") || strings.Contains(legacy, ".error"):
			return ResultFailure
		case strings.HasSuffix(legacy, "success"):
			return ResultSuccess
		case strings.EqualFold(severity, "ERROR"):
			return ResultFailure
		}
	}
	return ResultWarning // UNKNOWN, CHALLENGE, or a record that does not say
}

// oktaTenantHost returns the org host of a SIEM-added tenant field ("https://acme.okta.com/" ->
// "acme.okta.com").
func oktaTenantHost(v string) string {
	if strings.Contains(v, "://") {
		if u, err := url.Parse(v); err == nil && u.Host != "" {
			v = u.Host
		}
	}
	return strings.ToLower(strings.TrimRight(v, "/"))
}
