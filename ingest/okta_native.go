package ingest

import "github.com/valyala/fastjson"

// oktaNative lets DuckDB read NDJSON of LogEvents as the API writes them (queries/native_okta.sql).
var oktaNative = Native{
	Query:   "native_okta",
	Applies: isAPILogEvent,
	Funcs:   []NativeFunc{{Name: "scimdrift_okta_kind", Args: 2, Fn: oktaKindFunc}},
}

// isAPILogEvent reports whether a record is a LogEvent in the API's own spelling (eventType and
// published at the top, outcome nested), the spelling the native query reads; SIEM re-shapes
// take the Go decoder.
func isAPILogEvent(first []byte) bool {
	var p fastjson.Parser
	v, err := p.ParseBytes(first)
	if err != nil || v.Type() != fastjson.TypeObject {
		return false
	}
	isType := func(key string, t fastjson.Type) bool { m := v.Get(key); return m != nil && m.Type() == t }
	return isType("eventType", fastjson.TypeString) && isType("published", fastjson.TypeString) &&
		(v.Get("outcome") == nil || isType("outcome", fastjson.TypeObject))
}

// oktaKindFunc is oktaKindOf for the native query: "action object", or NULL for an event type
// that is no provisioning evidence.
func oktaKindFunc(args []string) (string, bool) {
	kind, ok := oktaKindOf(args[0], args[1])
	return oktaKindTexts[kind], ok
}

// oktaKindTexts spells every kind the catalogue holds as oktaKindFunc returns it.
var oktaKindTexts = func() map[oktaKind]string {
	texts := map[oktaKind]string{}
	add := func(k oktaKind) { texts[k] = k.action + " " + k.object }
	for _, k := range oktaKinds {
		add(k)
	}
	for _, f := range oktaFamilies {
		add(f.kind)
	}
	return texts
}()
