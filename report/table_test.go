package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func sampleReport() *Report {
	at := time.Date(2026, 11, 27, 15, 40, 0, 0, time.UTC)
	f := false
	return &Report{
		Apps: []App{{App: "Jira", Verdict: "split", Owner: "eng-tools", Reason: "split: split_writers", Connectors: []Connector{
			{Platform: "okta", Connector: "0oaA4KsyTo66YMwzN4x7", Side: "old", Endpoint: "https://scim-legacy.acme.example/jira/scim/v2", EndpointRole: "old", LastEvent: &at},
			{Platform: "entra", Connector: "atlassianCloud.3f2a9c1e7b4d4e8a9c2f1a2b3c4d5e6f.529a06f1-ab30-4ebd-b8d9-9689269c1b31", Side: "new", Enabled: &f,
				Endpoint: "https://scim.acme.example/jira/scim/v2", EndpointRole: "new"}}}},
		Findings: []Finding{{ID: "1", Kind: "deprovision_to_old", Severity: "critical", App: "Jira", Connector: "0oaA4KsyTo66YMwzN4x7",
			Endpoint: "https://scim-legacy.acme.example/jira/scim/v2", Count: 3, LastSeen: &at,
			Evidence: strings.Repeat("3 disable events after cutover + grace went through an old-side connector ", 3)}},
		Failures: []Failure{{Class: "token", Platform: "entra", App: "Notion", Code: "Unauthorized", Count: 74, Example: strings.Repeat("StatusCode: Unauthorized ", 10)}},
	}
}

var ansi = regexp.MustCompile("\x1b\\[[0-9;]*m")

func TestTableFitsTheTerminalAndColoursOnlyWhenAsked(t *testing.T) {
	for _, width := range []int{130, 160, 220} {
		var b bytes.Buffer
		if err := NewTable(TableOptions{Color: true, Width: width}).Write(&b, sampleReport()); err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(b.String(), "\n") {
			if n := utf8.RuneCountInString(ansi.ReplaceAllString(line, "")); n > width {
				t.Errorf("width %d: a line of %d columns: %q", width, n, line)
			}
		}
		if !strings.Contains(b.String(), "\x1b[1;31mcritical\x1b[0m") {
			t.Errorf("width %d: the critical severity is not coloured", width)
		}
	}
	var plain bytes.Buffer
	if err := NewTable(TableOptions{}).Write(&plain, sampleReport()); err != nil {
		t.Fatal(err)
	}
	if ansi.MatchString(plain.String()) {
		t.Error("colour escapes in a table written without colour")
	}
	for _, want := range []string{"1 apps (1 split); 1 findings (1 critical)", "atlassianCloud.3f2…269c1b31 (disabled)",
		"scim-legacy.acme.example/jira/scim/v2 (old)"} {
		if !strings.Contains(plain.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, plain.String())
		}
	}
}

func TestFitSharesTheWidthByWeight(t *testing.T) {
	got := tableWriter{TableOptions{Width: 100}}.fit([]column{{10, 10, 0}, {10, 100, 1}, {10, 100, 3}})
	// 100 - 10 for borders and padding = 90; minimums take 30; the 60 left go 15 and 45
	want := map[int]int{0: 12, 1: 27, 2: 57}
	for i, w := range want {
		if got[i] != w {
			t.Errorf("column %d: width %d, want %d (all: %v)", i, got[i], w, got)
		}
	}
}
