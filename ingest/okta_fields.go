package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/valyala/fastjson"
)

// How the Okta decoder finds the fields it reads in nested, flattened (SIEM) and CSV spellings.

// oktaField is a LogEvent field the decoder reads; 0 is any other field.
type oktaField uint8

const (
	oktaUUID oktaField = iota + 1
	oktaPublished
	oktaTimeGenerated // a SIEM's ingestion time, used only when published is missing
	oktaEventType
	oktaLegacyType
	oktaSeverity
	oktaOutcome
	oktaReason
	oktaActorLogin
	oktaActorName
	oktaTransaction
	oktaAppname
	oktaDetailedMessage
	oktaErrorMessage
	oktaErrorSummary
	oktaDebugReason
	oktaCause
	oktaErrorCode
	oktaTargets // the target list as JSON text (SIEM columns); the nested list is read as JSON
	oktaTenant
	oktaFieldCount
)

// oktaFields names the fields by their normalised path (see appendOktaKey), so that nested
// ("outcome":{"result"}), flattened ("outcome_result_s") and dotted ("outcome.result") spellings
// of one field meet.
var oktaFields = map[string]oktaField{
	"uuid":                                 oktaUUID,
	"published":                            oktaPublished,
	"timegenerated":                        oktaTimeGenerated,
	"eventtype":                            oktaEventType,
	"legacyeventtype":                      oktaLegacyType,
	"severity":                             oktaSeverity,
	"outcomeresult":                        oktaOutcome,
	"outcomereason":                        oktaReason,
	"actoralternateid":                     oktaActorLogin,
	"actordisplayname":                     oktaActorName,
	"transactionid":                        oktaTransaction,
	"debugcontextdebugdataappname":         oktaAppname,
	"debugcontextdebugdatadetailedmessage": oktaDetailedMessage,
	"debugcontextdebugdataerrormessage":    oktaErrorMessage,
	"debugcontextdebugdataerrorsummary":    oktaErrorSummary,
	"debugcontextdebugdatareason":          oktaDebugReason,
	"debugcontextdebugdatacause":           oktaCause,
	"debugcontextdebugdataerrorcode":       oktaErrorCode,
	"target":                               oktaTargets,
	// A LogEvent carries no org host. Some SIEM pipelines add one; Sentinel's TenantId is the
	// Log Analytics workspace's Azure tenant, not the Okta org, and is deliberately not read.
	"tenant":     oktaTenant,
	"org":        oktaTenant,
	"orgurl":     oktaTenant,
	"oktaorg":    oktaTenant,
	"oktaorgurl": oktaTenant,
	"oktadomain": oktaTenant,
}

// oktaNested are the objects whose members the decoder reads; others are skipped unread.
var oktaNested = map[string]bool{
	"outcome": true, "actor": true, "transaction": true, "debugcontext": true, "debugcontextdebugdata": true,
}

// oktaErrorFields are where error text is looked for, in order.
var oktaErrorFields = []oktaField{oktaReason, oktaDetailedMessage, oktaErrorMessage, oktaErrorSummary, oktaDebugReason, oktaCause}

// appendOktaKey appends the normalised form of a field name to dst: lower case, letters and
// digits only, without a Log Analytics type suffix (_s, _t, _g, _d, _b) and without a bracketed
// unit (Log Analytics CSV: "published_t [UTC]"). "outcome_result_s", "outcome.result" and
// "Outcome Result" all become "outcomeresult".
func appendOktaKey(dst, key []byte) []byte {
	if plain, ok := appendAlnumLower(dst, key); ok {
		return plain // most keys: letters and digits only, nothing to cut
	}
	if i := bytes.IndexByte(key, '['); i >= 0 {
		key = key[:i]
	}
	key = bytes.TrimSpace(key)
	if n := len(key); n > 2 && key[n-2] == '_' && strings.IndexByte("stgdbSTGDB", key[n-1]) >= 0 {
		key = key[:n-2]
	}
	for _, c := range key {
		switch {
		case 'A' <= c && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			dst = append(dst, c)
		}
	}
	return dst
}

// appendAlnumLower appends key lower-cased when it has only ASCII letters and digits; ok is
// false (and dst unchanged) for any other key.
func appendAlnumLower(dst, key []byte) (_ []byte, ok bool) {
	n := len(dst)
	for _, c := range key {
		switch {
		case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
			dst = append(dst, c)
		case 'A' <= c && c <= 'Z':
			dst = append(dst, c+'a'-'A')
		default:
			return dst[:n], false
		}
	}
	return dst, true
}

func (d *oktaDecoder) readRow(fields []string) {
	for i, f := range d.columns {
		if f != 0 && i < len(fields) {
			d.set(f, strings.TrimSpace(fields[i]))
		}
	}
}

func (d *oktaDecoder) readJSON(raw []byte) error {
	v, err := d.parser.ParseBytes(raw)
	if err != nil {
		return fmt.Errorf("not valid JSON: %s", jsonProblem(err))
	}
	o, err := v.Object()
	if err != nil {
		return errors.New("not a JSON object")
	}
	d.readObject(o, 0)
	return nil
}

// readObject reads the fields of o whose normalised path (d.key[:prefix] + key) is known,
// descending into the nested objects that hold some.
func (d *oktaDecoder) readObject(o *fastjson.Object, prefix int) {
	o.Visit(func(k []byte, v *fastjson.Value) {
		d.key = appendOktaKey(d.key[:prefix], k)
		switch v.Type() {
		case fastjson.TypeObject:
			if oktaNested[string(d.key)] {
				inner, _ := v.Object()
				d.readObject(inner, len(d.key))
			}
		case fastjson.TypeArray:
			if d.list == nil && string(d.key) == "target" {
				d.list = v
			}
		default:
			if f := oktaFields[string(d.key)]; f != 0 {
				d.set(f, jsonText(v))
			}
		}
	})
}

// set keeps the first non-empty value of a field.
func (d *oktaDecoder) set(f oktaField, v string) {
	if d.fields[f] == "" {
		d.fields[f] = v
	}
}
