package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func at(s string) *time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func yes(b bool) *bool { return &b }

// markdownCSVFixture is a small audit compared with a baseline: a stale app, a migrated one, an
// app nobody owns whose name and texts carry Markdown, HTML and spreadsheet formulas, a resolved
// finding, a kind without a runbook, and a truncated input.
func markdownCSVFixture() *Report {
	r := &Report{
		Schema:  Schema,
		Cutover: at("2026-11-16T00:00:00Z"),
		Window:  Window{From: at("2026-11-02T08:12:57.57Z"), To: at("2026-11-29T18:12:24.737691Z")},
		Made: Provenance{Baseline: "nightly/2026-11-28.json", Command: "scimdrift audit --map migration.toml --baseline nightly/2026-11-28.json exports/",
			Map: "migration.toml", Version: "0.1.0-test"},
		Sources: []Source{
			{Path: "exports/okta/system-log.ndjson", Format: "okta-systemlog", Records: 514, Stored: 335, Rejected: 2, OutOfScope: 177,
				SHA256: "f446669a924b89cb1d7937d76066f6a5491787cca917ef41d1a0bf5017474ed8"},
			{Path: "exports/access/legacy|old.log.gz", Format: "scim-access", Records: 10, Stored: 9, Rejected: 1, Truncated: true,
				SHA256: "12eb840343c063cdb69c764be4f9528f8471d28ae3ad821e7f9aa54fba1cc6e0"},
		},
		Apps: []App{
			{App: "Slack", Verdict: "migrated", Owner: "collab-team", Mapped: true, Reason: "the new connector works on the new path; nothing found",
				Connectors: []Connector{
					{Connector: "slack.3f2a.0001", Platform: "entra", Tenant: "3f2a", Side: "new", Enabled: yes(true), Endpoint: "https://scim.acme.example/slack/scim/v2",
						EndpointRole: "new", Evidence: "correlation", Events: 40, LastEvent: at("2026-11-27T17:01:18.591205Z")},
					{Connector: "0oaSlack", Platform: "okta", Tenant: "acme.okta.com", Side: "old", Enabled: yes(false), Endpoint: "https://scim-legacy.acme.example/slack/scim/v2",
						EndpointRole: "old", Evidence: "inventory", Events: 12, LastEvent: at("2026-11-15T23:59:00Z")},
				}},
			{App: "Zoom", Verdict: "stale", Owner: "collab-team", Mapped: true, Reason: "stale: stale_endpoint",
				Connectors: []Connector{
					{Connector: "zoom.3f2a.0002", Platform: "entra", Tenant: "3f2a", Side: "new", Enabled: yes(true), Endpoint: "https://scim-legacy.acme.example/zoom/scim/v2",
						EndpointRole: "old", Evidence: "correlation", Events: 49, LastEvent: at("2026-11-27T17:31:44Z")},
				}},
			{App: "=HYPERLINK(\"http://evil.example\",\"Wiki | EU\")", Verdict: "unverified", Mapped: false, Reason: "unverified: <script>alert(1)</script>",
				Connectors: []Connector{
					{Connector: "scim`tick`.job", Platform: "entra", Tenant: "3f2a", Side: "new", Enabled: nil, Endpoint: "",
						EndpointRole: "unknown", Evidence: "", Events: 3},
				}},
			{App: "Dropbox", Verdict: "retired", Owner: "it-ops", Mapped: true, Reason: "no new connector"},
		},
		Findings: []Finding{
			{ID: "69445154d1d3cbe8", Kind: "stale_endpoint", Severity: "critical", Change: ChangePersisting, App: "Zoom", Platform: "entra", Tenant: "3f2a",
				Connector: "zoom.3f2a.0002", Endpoint: "https://scim-legacy.acme.example/zoom/scim/v2", Count: 49,
				FirstSeen: at("2026-11-16T09:30:31Z"), LastSeen: at("2026-11-27T17:31:44Z"),
				Evidence: "calls old endpoint https://scim-legacy.acme.example/zoom/scim/v2, decided by correlation: 49 of its events matched requests there"},
			{ID: "d41e519c5f422bc6", Kind: "unmapped_endpoint", Severity: "medium", Change: ChangeNew, App: "=HYPERLINK(\"http://evil.example\",\"Wiki | EU\")",
				Platform: "entra", Connector: "scim`tick`.job", Endpoint: "https://scim.acme-eu.example/wiki|eu/scim/v2", Count: 79, FirstSeen: at("2026-11-02T10:44:23Z"), LastSeen: at("2026-11-27T17:24:17Z"),
				Evidence: "user **admin** said _hi_ in `code` [click](http://evil.example) <img src=x onerror=alert(1)> & $5 ~~gone~~\r\nsecond line | third cell"},
			{ID: "0000000000000001", Kind: "sso_tokens_leaked", Severity: "low", Change: ChangeNew, App: "Zoom", Count: 1,
				Evidence: "a kind this writer has no runbook for"},
			{ID: "bd08d2281e3faf38", Kind: "retention_gap", Severity: "medium", Change: ChangeResolved, Endpoint: "https://scim.acme.example", Count: 575,
				Evidence: "access log starts after 2026-11-09T00:00:00Z"},
		},
		Failures: []Failure{
			{Class: "token", Platform: "entra", App: "Zoom", Endpoint: "https://scim-legacy.acme.example/zoom/scim/v2", Code: "Unauthorized", Count: 74,
				Example: `Web Response: {"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"not valid for this tenant","status":"401"}`},
			{Class: "mapping", Platform: "okta", App: "=HYPERLINK(\"http://evil.example\",\"Wiki | EU\")", Code: "HTTP 400", Count: 1,
				Example: "-1+1 Bad Request\n@SUM(A1)"},
		},
	}
	r.Sort()
	return r
}

func writeMarkdown(t *testing.T, r *Report) string {
	t.Helper()
	var b bytes.Buffer
	if err := (markdownWriter{}).Write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestMarkdownGolden(t *testing.T) {
	checkGolden(t, "markdown_baseline.golden", []byte(writeMarkdown(t, markdownCSVFixture())))
	checkGolden(t, "markdown_empty.golden", []byte(writeMarkdown(t, &Report{})))
}

// TestMarkdownHeadlineCounts: the summary line counts apps by verdict, current findings by
// severity and, with a baseline, findings by change (a resolved one is not a current finding).
func TestMarkdownHeadlineCounts(t *testing.T) {
	got := writeMarkdown(t, markdownCSVFixture())
	want := "**4 apps**: 1 stale, 1 unverified, 1 migrated, 1 retired. **3 findings**: 1 critical, 1 medium, 1 low. " +
		"Against the baseline `nightly/2026-11-28.json`: 2 new, 1 persisting, 1 resolved.\n"
	if !strings.Contains(got, want) {
		t.Errorf("headline missing %q in:\n%s", want, got)
	}
	r := markdownCSVFixture()
	r.Made.Baseline = ""
	if got := writeMarkdown(t, r); strings.Contains(got, "Against the baseline") || strings.Contains(got, "- Baseline:") || strings.Contains(got, " change |") {
		t.Error("without a baseline the report should not mention one nor have a change column")
	}
}

// TestMarkdownTablesKeepTheirShape: whatever the inputs hold, every table row has as many cells
// as its header and no row is broken over two lines.
func TestMarkdownTablesKeepTheirShape(t *testing.T) {
	lines := strings.Split(writeMarkdown(t, markdownCSVFixture()), "\n")
	tables := 0
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "|") {
			continue
		}
		tables++
		header := markdownCells(lines[i])
		for i++; i < len(lines) && lines[i] != ""; i++ {
			if !strings.HasPrefix(lines[i], "|") || !strings.HasSuffix(lines[i], "|") {
				t.Errorf("line %d is inside a table but no row: %q", i+1, lines[i])
				continue
			}
			if n := markdownCells(lines[i]); n != header {
				t.Errorf("line %d has %d cells, its header %d: %q", i+1, n, header, lines[i])
			}
		}
	}
	if tables != 4 {
		t.Errorf("%d tables, want 4 (verdicts, findings, failure classes, inputs)", tables)
	}
}

// markdownCells counts the cells of a GFM table row: pipes not escaped by a backslash, less one.
func markdownCells(row string) int {
	n := 0
	for i := 0; i < len(row); i++ {
		switch row[i] {
		case '\\':
			i++
		case '|':
			n++
		}
	}
	return n - 1
}

// TestMarkdownInjection: HTML, links, formatting and formulas from the inputs stay text.
func TestMarkdownInjection(t *testing.T) {
	got := writeMarkdown(t, markdownCSVFixture())
	for _, bad := range []string{"<script", "<img", "[click](", "**admin**", "_hi_", "~~gone~~", "Wiki | EU"} {
		if strings.Contains(got, bad) {
			t.Errorf("output holds %q unescaped", bad)
		}
	}
	for _, want := range []string{
		`unverified: &lt;script>alert(1)&lt;/script>`,
		"user \\*\\*admin\\*\\* said \\_hi\\_ in \\`code\\` \\[click\\](http://evil.example) &lt;img src=x onerror=alert(1)> &amp; \\$5 \\~\\~gone\\~\\~ second line \\| third cell",
		`=HYPERLINK("http://evil.example","Wiki \| EU")`,
		"``scim`tick`.job``",
		`https://scim.acme-eu.example/wiki\|eu/scim/v2`,
		`-1+1 Bad Request @SUM(A1)`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %s", want)
		}
	}
}

func TestMdText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"plain text, 200 OK.", "plain text, 200 OK."},
		{"a|b", `a\|b`},
		{`back\slash`, `back\\slash`},
		{"`tick`", "\\`tick\\`"},
		{"*bold* _em_ ~strike~", `\*bold\* \_em\_ \~strike\~`},
		{"[x](y) ![i](j)", `\[x\](y) !\[i\](j)`},
		{"<b>&amp;</b>", "&lt;b>&amp;amp;&lt;/b>"},
		{"$x$", `\$x\$`},
		{"one\r\ntwo\nthree\tfour", "one two three four"},
		{"line\u2028sep", "line sep"},
		{"# not a heading - nor a list", "# not a heading - nor a list"},
	} {
		if got := mdText(tc.in); got != tc.want {
			t.Errorf("mdText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestMdCode(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://scim.acme.example/scim/v2", "`https://scim.acme.example/scim/v2`"},
		{"", "–"},
		{"a`b", "``a`b``"},
		{"a``b`", "``` a``b` ```"},
		{" padded", "`  padded `"},
		{"<script>*x*", "`<script>*x*`"},
		{"a|b", `a\|b`},          // a code span cannot hold a pipe in a table
		{"a\nb", "a b"},          // nor a line break
		{"x|`y`", "x\\|\\`y\\`"}, // escaped text instead
	} {
		if got := mdCode(tc.in); got != tc.want {
			t.Errorf("mdCode(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestMarkdownWhatToDo: one section per current kind, worst first, with the runbook's steps; a
// resolved finding needs nothing done; an app without an owner is named for the owners step.
func TestMarkdownWhatToDo(t *testing.T) {
	got := writeMarkdown(t, markdownCSVFixture())
	todo := got[strings.Index(got, "### What to do"):strings.Index(got, "### Findings")]
	var headings []string
	for _, l := range strings.Split(todo, "\n") {
		if strings.HasPrefix(l, "#### ") {
			headings = append(headings, l)
		}
	}
	want := []string{
		"#### `stale_endpoint`: a connector calls the old endpoint (1 finding, critical)",
		"#### `unmapped_endpoint`: an endpoint the migration map does not place (1 finding, medium)",
		"#### `sso_tokens_leaked`: a finding kind this version has no runbook for (1 finding, low)",
	}
	if diff := cmp.Diff(want, headings); diff != "" {
		t.Errorf("What to do sections (-want +got):\n%s", diff)
	}
	rb, _ := NextSteps("stale_endpoint")
	if !strings.Contains(todo, "1. "+rb.Steps[0]+"\n") {
		t.Errorf("the stale_endpoint steps are missing:\n%s", todo)
	}
	if strings.Contains(todo, "retention") {
		t.Error("a resolved finding is listed under What to do")
	}
	if !strings.Contains(todo, `No owner is recorded for **=HYPERLINK("http://evil.example","Wiki \| EU")**`) {
		t.Errorf("the app without owner is not named:\n%s", todo)
	}
	resolved := false
	for _, l := range strings.Split(got, "\n") {
		resolved = resolved || strings.HasPrefix(l, "| medium | `retention_gap` |") && strings.Contains(l, "| resolved |")
	}
	if !resolved {
		t.Error("the resolved finding should stay in the findings table, marked resolved")
	}
}

// TestRunbookCoversDesignKinds: every finding kind DESIGN.md names has steps to take.
func TestRunbookCoversDesignKinds(t *testing.T) {
	kinds := []string{"stale_endpoint", "retired_token", "old_connector_active", "split_writers", "old_endpoint_traffic",
		"deprovision_to_old", "lifecycle_gap", "provisioning_failing", "sso_without_provisioning", "scope_drift",
		"unmapped_endpoint", "retention_gap"}
	for _, k := range kinds {
		rb, ok := NextSteps(k)
		if !ok || rb.Problem == "" || len(rb.Steps) == 0 {
			t.Errorf("%s: no runbook (%+v)", k, rb)
		}
	}
	if len(runbooks) != len(kinds) {
		t.Errorf("%d runbooks for %d kinds", len(runbooks), len(kinds))
	}
	if rb, ok := NextSteps("nope"); ok || len(rb.Steps) == 0 {
		t.Errorf("an unknown kind should get a fallback step, not ok: %+v %v", rb, ok)
	}
}
