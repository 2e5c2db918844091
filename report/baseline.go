package report

import (
	"encoding/json"
	"fmt"
	"os"
)

// Changes of a finding against a baseline report.
const (
	ChangeNew        = "new"
	ChangePersisting = "persisting"
	ChangeResolved   = "resolved"
)

// ReadJSON reads a JSON report written earlier, to compare with.
func ReadJSON(path string) (*Report, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("reading the baseline: %w", err)
	}
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("reading the baseline %s: not a scimdrift JSON report: %w", path, err)
	}
	if r.Schema != Schema {
		return nil, fmt.Errorf("reading the baseline %s: schema %q, want %q (write it with --format json)", path, r.Schema, Schema)
	}
	return &r, nil
}

// CompareWith marks each finding new or persisting by its id in the baseline, and adds the
// baseline's findings that are gone as resolved. A finding resolved in the baseline itself is not
// carried again.
func (r *Report) CompareWith(baseline *Report, path string) {
	r.Made.Baseline = path
	before := map[string]bool{}
	for _, f := range baseline.Findings {
		if f.Change != ChangeResolved {
			before[f.ID] = true
		}
	}
	now := map[string]bool{}
	for i := range r.Findings {
		now[r.Findings[i].ID] = true
		r.Findings[i].Change = ChangeNew
		if before[r.Findings[i].ID] {
			r.Findings[i].Change = ChangePersisting
		}
	}
	for _, f := range baseline.Findings {
		if before[f.ID] && !now[f.ID] {
			f.Change = ChangeResolved
			r.Findings = append(r.Findings, f)
			now[f.ID] = true
		}
	}
}

// Summary counts what a report says: apps by verdict, current findings by severity, and findings
// by change against a baseline.
type Summary struct {
	Apps       int
	Verdicts   map[string]int
	Findings   int // current findings (resolved ones excluded)
	Severities map[string]int
	Changes    map[string]int
}

// Summarise counts the report.
func (r *Report) Summarise() Summary {
	s := Summary{Apps: len(r.Apps), Verdicts: map[string]int{}, Severities: map[string]int{}, Changes: map[string]int{}}
	for _, a := range r.Apps {
		s.Verdicts[a.Verdict]++
	}
	for _, f := range r.Findings {
		if f.Change != "" {
			s.Changes[f.Change]++
		}
		if f.Change == ChangeResolved {
			continue
		}
		s.Findings++
		s.Severities[f.Severity]++
	}
	return s
}

// Verdicts in the order reports list them.
var Verdicts = []string{"failing", "split", "stale", "unverified", "migrated", "retired"}
