package report

import (
	"encoding/json"
	"io"
)

// jsonWriter writes DESIGN.md's JSON report: keys sorted, rows in report order, and empty lists
// as [] rather than null, so that scripts can iterate without checks.
type jsonWriter struct{}

func (jsonWriter) Write(w io.Writer, r *Report) error {
	out := *r
	out.Schema = Schema
	out.Apps = orEmpty(out.Apps)
	out.Findings = orEmpty(out.Findings)
	out.Failures = orEmpty(out.Failures)
	out.Sources = orEmpty(out.Sources)
	for i := range out.Apps {
		out.Apps[i].Connectors = orEmpty(out.Apps[i].Connectors)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(out)
}

func orEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
