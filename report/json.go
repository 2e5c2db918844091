package report

import (
	"encoding/json"
	"io"
)

// jsonWriter writes DESIGN.md's JSON report: keys sorted, rows in report order, empty lists as [].
type jsonWriter struct{}

func (jsonWriter) Write(w io.Writer, r *Report) error {
	out := *r
	out.Schema = Schema
	for _, list := range []*[]App{&out.Apps} {
		if *list == nil {
			*list = []App{}
		}
	}
	if out.Findings == nil {
		out.Findings = []Finding{}
	}
	if out.Failures == nil {
		out.Failures = []Failure{}
	}
	if out.Sources == nil {
		out.Sources = []Source{}
	}
	for i := range out.Apps {
		if out.Apps[i].Connectors == nil {
			out.Apps[i].Connectors = []Connector{}
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}
