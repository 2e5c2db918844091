package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/scimdrift/scimdrift/analyze"
	"github.com/scimdrift/scimdrift/report"
)

// runSamples runs scimdrift in the repository's root and returns stdout, stderr and the status.
func runSamples(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	t.Chdir(repoRoot)
	var stdout, stderr bytes.Buffer
	code := Do(args, nil, &stdout, &stderr)
	return stdout.String(), stderr.String(), code
}

// checkSamplesGolden compares got with testdata/samples/name (relative to cmd/scimdrift), or
// rewrites it with -update.
func checkSamplesGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join(repoRoot, "cmd", "scimdrift", "testdata", "samples", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/scimdrift -update writes it)", err)
	}
	if diff := cmp.Diff(string(want), got); diff != "" {
		t.Errorf("%s (-want +got):\n%s", name, diff)
	}
}

// TestSamplesMarkdownReport: the ticket comment of the sample migration (testdata/samples/report.md,
// which GitHub renders as the ticket would).
func TestSamplesMarkdownReport(t *testing.T) {
	out, stderr, code := runSamples(t, "audit", "--map", "samples/migration.toml", "--format", "markdown", "samples/exports/")
	if code != exitFindings {
		t.Errorf("exit %d, want %d; stderr:\n%s", code, exitFindings, stderr)
	}
	checkSamplesGolden(t, "report.md", out)
	for _, want := range []string{
		"**9 apps**: 1 failing, 2 split, 1 stale, 3 unverified, 1 migrated, 1 retired. **21 findings**: 3 critical, 8 high, 7 medium, 3 low.",
		"#### `stale_endpoint`: a connector calls the old endpoint (1 finding, critical)",
		"No owner is recorded for **Wiki EU**",
		"| `samples/exports/okta/system-log.ndjson` | okta-systemlog | `f446669a924b89cb1d7937d76066f6a5491787cca917ef41d1a0bf5017474ed8` | 514 | 335 | 2 | 177 |",
		"- Made by scimdrift " + version + " with `scimdrift audit --map samples/migration.toml --format markdown samples/exports/`",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q", want)
		}
	}
}

// TestSamplesCSVTables: each small table of the sample migration, as golden files, and each
// reads back as CSV with the number of rows the JSON report has.
func TestSamplesCSVTables(t *testing.T) {
	r, _ := auditSamples(t)
	connectors := 0
	for _, a := range r.Apps {
		connectors += max(1, len(a.Connectors))
	}
	rowsWanted := map[string]int{"apps": connectors, "findings": len(r.Findings), "failures": len(r.Failures), "sources": len(r.Sources)}
	for _, table := range []string{"apps", "findings", "failures", "sources"} {
		t.Run(table, func(t *testing.T) {
			out, stderr, code := runSamples(t, "audit", "--map", "samples/migration.toml", "--format", "csv", "--table", table, "--fail-on", "none", "samples/exports/")
			if code != exitOK {
				t.Fatalf("exit %d; stderr:\n%s", code, stderr)
			}
			checkSamplesGolden(t, table+".csv", out)
			rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if len(rows)-1 != rowsWanted[table] {
				t.Errorf("%d rows, want %d", len(rows)-1, rowsWanted[table])
			}
		})
	}
}

// TestSamplesCSVEvents: the events table streams every stored event from a store, in time order.
func TestSamplesCSVEvents(t *testing.T) {
	db := filepath.Join(t.TempDir(), "samples.duckdb")
	if _, stderr, code := runSamples(t, "audit", "--db", db, "--map", "samples/migration.toml", "--format", "json", "--fail-on", "none", "samples/exports/"); code != exitOK {
		t.Fatalf("audit: exit %d\n%s", code, stderr)
	}
	out, stderr, code := runSamples(t, "report", "--db", db, "--format", "csv", "--table", "events", "--fail-on", "none")
	if code != exitOK {
		t.Fatalf("report: exit %d\n%s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	count, _, _ := runSamples(t, "query", "--db", db, "--format", "csv", "SELECT count(*) AS n FROM events")
	if want := "n\n" + strconv.Itoa(len(rows)-1) + "\n"; count != want {
		t.Errorf("%d event rows; the store says %q", len(rows)-1, count)
	}
	header := rows[0]
	if header[0] != "time" || header[11] != "http_status" || header[12] != "error_text" {
		t.Errorf("header %v", header)
	}
	notion401 := 0
	var last time.Time
	for i, row := range rows[1:] {
		if row[0] != "" {
			at, err := time.Parse(time.RFC3339Nano, row[0])
			if err != nil || at.Before(last) {
				t.Errorf("row %d: time %q (%v) is not RFC 3339 or comes before %s", i+1, row[0], err, last)
			}
			last = at
		}
		if row[4] == "Notion" && row[2] == "3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f" && row[9] == "token" && row[10] == "Unauthorized" {
			notion401++
		}
	}
	if notion401 != 74 {
		t.Errorf("%d Notion token failures in the events table, want 74 (the failure classes' count)", notion401)
	}
}

// TestSamplesBaselineInMarkdownAndCSV: against a baseline that lacked one finding and had one that
// is gone, the Markdown headline counts 1 new, 20 persisting, 1 resolved, and the CSV change
// column says the same.
func TestSamplesBaselineInMarkdownAndCSV(t *testing.T) {
	previous, _ := auditSamples(t)
	var scopeDrift string
	kept := previous.Findings[:0]
	for _, f := range previous.Findings {
		if f.Kind == "scope_drift" {
			scopeDrift = f.ID
			continue
		}
		kept = append(kept, f)
	}
	previous.Findings = append(kept, report.Finding{ID: "feedfacefeedface", Kind: "stale_endpoint", Severity: "critical", App: "Slack",
		Evidence: "Slack's job called the old endpoint last week"})
	path := filepath.Join(t.TempDir(), "previous.json")
	data, err := json.Marshal(previous)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	md, _, _ := runSamples(t, "audit", "--map", "samples/migration.toml", "--format", "markdown", "--baseline", path, "samples/exports/")
	if want := "Against the baseline `" + path + "`: 1 new, 20 persisting, 1 resolved."; !strings.Contains(md, want) {
		t.Errorf("the headline lacks %q", want)
	}
	if !strings.Contains(md, "| severity | kind | app | connector → endpoint | count | first seen | last seen | change | evidence | id |") {
		t.Error("the findings table has no change column")
	}
	out, _, _ := runSamples(t, "audit", "--map", "samples/migration.toml", "--format", "csv", "--baseline", path, "samples/exports/")
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	changes := map[string]int{}
	for _, row := range rows[1:] {
		changes[row[3]]++
		if (row[0] == scopeDrift) != (row[3] == "new") || (row[0] == "feedfacefeedface") != (row[3] == "resolved") {
			t.Errorf("finding %s %s: change %q", row[0], row[1], row[3])
		}
	}
	if diff := cmp.Diff(map[string]int{"new": 1, "persisting": 20, "resolved": 1}, changes); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
}

// TestReportTableFlag: --table goes with --format csv only, and names a known table.
func TestReportTableFlag(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--format", "json", "--table", "apps"}, "scimdrift: --table apps chooses a CSV table: add --format csv\n"},
		{[]string{"--format", "csv", "--table", "users"}, `scimdrift: unknown CSV table "users" (known: apps, events, failures, findings, sources)` + "\n"},
	} {
		args := append([]string{"audit", "--map", "samples/migration.toml"}, tc.args...)
		_, stderr, code := runSamples(t, append(args, "samples/exports/inventory.csv")...)
		if code != exitUsage || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr:\n%s\nwant %q", tc.args, code, stderr, tc.want)
		}
	}
}

// TestRunbookCoversEveryAnalysedKind: the Markdown report has next steps for every kind analyze
// can report.
func TestRunbookCoversEveryAnalysedKind(t *testing.T) {
	for _, kind := range analyze.Kinds {
		if _, ok := report.NextSteps(kind); !ok {
			t.Errorf("no runbook for %s (report/runbook.go)", kind)
		}
	}
}
