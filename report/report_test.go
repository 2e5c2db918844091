package report

import (
	"bytes"
	"encoding/json"
	"go/parser"
	"go/token"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func TestJSONKeepsTheContractNamesAndEmptyLists(t *testing.T) {
	var b bytes.Buffer
	if err := (jsonWriter{}).Write(&b, &Report{Apps: []App{{App: "Slack", Verdict: "migrated"}}}); err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal(b.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	want := []string{"apps", "cutover", "failures", "findings", "made", "schema", "sources", "window"}
	if diff := cmp.Diff(want, sortedKeys(got)); diff != "" {
		t.Errorf("top-level keys (-want +got):\n%s", diff)
	}
	if got["schema"] != Schema || got["cutover"] != nil {
		t.Errorf("schema %v, cutover %v", got["schema"], got["cutover"])
	}
	for _, list := range []string{"failures", "findings", "sources"} {
		if l, ok := got[list].([]any); !ok || len(l) != 0 {
			t.Errorf("%s = %v, want []", list, got[list])
		}
	}
	if !strings.Contains(b.String(), `"connectors": []`) {
		t.Error("an app without connectors should list []")
	}
}

func sortedKeys(m map[string]any) []string {
	var keys []string
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestSortAndFailOn(t *testing.T) {
	at := time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	r := &Report{Findings: []Finding{
		{Kind: "scope_drift", Severity: "medium", App: "Box"},
		{Kind: "stale_endpoint", Severity: "critical", App: "Zoom", LastSeen: &at},
		{Kind: "lifecycle_gap", Severity: "low", App: "Box"},
		{Kind: "old_connector_active", Severity: "high", App: "Jira"},
		{Kind: "old_connector_active", Severity: "high", App: "GitHub"},
	}}
	r.Sort()
	var order []string
	for _, f := range r.Findings {
		order = append(order, f.Severity+" "+f.Kind+" "+f.App)
	}
	want := []string{"critical stale_endpoint Zoom", "high old_connector_active GitHub", "high old_connector_active Jira",
		"medium scope_drift Box", "low lifecycle_gap Box"}
	if diff := cmp.Diff(want, order); diff != "" {
		t.Errorf("order (-want +got):\n%s", diff)
	}
	for sev, n := range map[string]int{"critical": 1, "high": 3, "medium": 4, "low": 5, "info": 5} {
		if got := r.AtOrAbove(sev); got != n {
			t.Errorf("AtOrAbove(%s) = %d, want %d", sev, got, n)
		}
	}
}

func TestNewNamesTheKnownFormats(t *testing.T) {
	if _, err := New("pdf"); err == nil || !strings.Contains(err.Error(), "json, markdown, table") {
		t.Errorf("New(pdf) = %v", err)
	}
}

func TestCompareWithBaseline(t *testing.T) {
	before := &Report{Findings: []Finding{{ID: "a", Kind: "stale_endpoint", Severity: "critical"}, {ID: "b", Kind: "scope_drift", Severity: "medium"},
		{ID: "c", Kind: "lifecycle_gap", Severity: "low", Change: ChangeResolved}}}
	now := &Report{Findings: []Finding{{ID: "a", Kind: "stale_endpoint", Severity: "critical"}, {ID: "d", Kind: "split_writers", Severity: "high"}}}
	now.CompareWith(before, "yesterday.json")
	now.Sort()
	var got []string
	for _, f := range now.Findings {
		got = append(got, f.ID+" "+f.Change)
	}
	// c was resolved already yesterday: it is not carried again.
	if diff := cmp.Diff([]string{"a persisting", "d new", "b resolved"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	s := now.Summarise()
	if s.Findings != 2 || s.Changes[ChangeNew] != 1 || s.Changes[ChangePersisting] != 1 || s.Changes[ChangeResolved] != 1 {
		t.Errorf("summary %+v", s)
	}
	if n := now.AtOrAbove("medium"); n != 2 {
		t.Errorf("AtOrAbove(medium) = %d: a resolved finding must not count", n)
	}
}

// TestReportKnowsNothingOfTheStore keeps the stage boundary: report renders, it never imports the
// database driver, the store or the analyses.
func TestReportKnowsNothingOfTheStore(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range f.Imports {
			path := strings.Trim(imp.Path.Value, `"`)
			if strings.Contains(path, "duckdb") || strings.HasSuffix(path, "/internal/store") || strings.HasSuffix(path, "/analyze") {
				t.Errorf("%s imports %s", file, path)
			}
		}
	}
}
