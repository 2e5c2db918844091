package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/scimdrift/scimdrift/report"
)

// repoRoot is the repository's root, where samples/ is (tests start in cmd/scimdrift).
var repoRoot, _ = filepath.Abs("../..")

// auditSamples runs the README's main command on the sample migration with a JSON report.
func auditSamples(t *testing.T, extra ...string) (*report.Report, int) {
	t.Helper()
	t.Chdir(repoRoot)
	var stdout, stderr bytes.Buffer
	args := append([]string{"audit", "--map", "samples/migration.toml", "--format", "json"}, extra...)
	code := Do(append(args, "samples/exports/"), nil, &stdout, &stderr)
	var r report.Report
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatalf("audit printed no JSON report (exit %d): %v\nstderr:\n%s", code, err, stderr.String())
	}
	return &r, code
}

// TestSamplesVerdicts checks the verdicts samples/README.md promises for each app.
func TestSamplesVerdicts(t *testing.T) {
	r, code := auditSamples(t)
	if code != exitFindings {
		t.Errorf("exit status %d, want %d (the samples have high findings)", code, exitFindings)
	}
	got := map[string]string{}
	for _, a := range r.Apps {
		got[a.App] = a.Verdict
	}
	want := map[string]string{
		"Slack": "migrated", "Zoom": "stale", "GitHub": "split", "Notion": "failing", "Jira": "split",
		"Salesforce": "unverified", "Box": "unverified", "Dropbox": "retired", "Wiki EU": "unverified",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("verdicts (-want +got):\n%s", diff)
	}
}

// TestSamplesFindings checks the findings samples/README.md says must fire, and must not, per app.
func TestSamplesFindings(t *testing.T) {
	r, _ := auditSamples(t)
	fired := map[string]map[string]bool{}
	for _, f := range r.Findings {
		if fired[f.App] == nil {
			fired[f.App] = map[string]bool{}
		}
		fired[f.App][f.Kind] = true
	}
	must := map[string][]string{
		"Zoom":       {"stale_endpoint", "old_endpoint_traffic"},
		"GitHub":     {"split_writers", "old_connector_active"},
		"Notion":     {"retired_token", "provisioning_failing"},
		"Jira":       {"deprovision_to_old", "old_connector_active", "old_endpoint_traffic"},
		"Salesforce": {"lifecycle_gap", "provisioning_failing"},
		"Box":        {"scope_drift"},
		"Wiki EU":    {"unmapped_endpoint"},
		"":           {"retention_gap"},
	}
	mustNot := map[string][]string{
		"Slack":      {"stale_endpoint", "retired_token", "old_connector_active", "split_writers", "old_endpoint_traffic", "deprovision_to_old", "lifecycle_gap", "provisioning_failing", "scope_drift", "unmapped_endpoint"},
		"Zoom":       {"old_connector_active"},
		"GitHub":     {"old_endpoint_traffic"},
		"Notion":     {"stale_endpoint"},
		"Salesforce": {"old_endpoint_traffic", "split_writers"},
		"Box":        {"split_writers"},
		"Dropbox":    {"old_connector_active"},
	}
	for app, kinds := range must {
		for _, k := range kinds {
			if !fired[app][k] {
				t.Errorf("%q: %s did not fire", app, k)
			}
		}
	}
	for app, kinds := range mustNot {
		for _, k := range kinds {
			if fired[app][k] {
				t.Errorf("%q: %s fired", app, k)
			}
		}
	}
}

// TestSamplesFailOn checks the exit status follows --fail-on.
func TestSamplesFailOn(t *testing.T) {
	r, code := auditSamples(t, "--fail-on", "none")
	if code != exitOK || len(r.Findings) == 0 {
		t.Errorf("--fail-on none: exit %d with %d findings, want 0", code, len(r.Findings))
	}
}

// TestSamplesBaselineOfTheSameRun: compared with a report of the same data, every finding persists
// and none is new or resolved.
func TestSamplesBaselineOfTheSameRun(t *testing.T) {
	previous, _ := auditSamples(t)
	path := filepath.Join(t.TempDir(), "previous.json")
	data, err := json.Marshal(previous)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	r, _ := auditSamples(t, "--baseline", path)
	if len(r.Findings) != len(previous.Findings) || len(r.Findings) == 0 {
		t.Fatalf("%d findings against a baseline of %d", len(r.Findings), len(previous.Findings))
	}
	for _, f := range r.Findings {
		if f.Change != "persisting" {
			t.Errorf("%s %s %s: change %q, want persisting", f.Kind, f.App, f.ID, f.Change)
		}
	}
	if r.Made.Baseline != path {
		t.Errorf("made.baseline = %q", r.Made.Baseline)
	}
}
