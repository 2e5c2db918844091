package main

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/scimdrift/scimdrift/report"
)

// auditSamplesHTML runs the README's main command on the sample migration with an HTML report.
// (The page is about 130 KB, most of it chart paths, so the tests below assert its structure
// against the JSON report of the same run instead of keeping a golden.)
func auditSamplesHTML(t *testing.T) ([]byte, int) {
	t.Helper()
	t.Chdir(repoRoot)
	var stdout, stderr bytes.Buffer
	code := Do([]string{"audit", "--map", "samples/migration.toml", "--format", "html", "samples/exports/"}, nil, &stdout, &stderr)
	if stdout.Len() == 0 {
		t.Fatalf("audit printed no HTML report (exit %d)\nstderr:\n%s", code, stderr.String())
	}
	return stdout.Bytes(), code
}

// samplesChartOrder is the sample apps most broken first, as the verdict table and the charts list them.
var samplesChartOrder = []string{"Notion", "GitHub", "Jira", "Zoom", "Box", "Salesforce", "Wiki EU", "Slack", "Dropbox"}

// TestSamplesHTML checks the sample migration's page against the JSON report of the same data:
// verdicts most broken first, a chart per app and one of failures, every finding under its
// severity, every input with its digest and counts, and nothing that would be fetched.
func TestSamplesHTML(t *testing.T) {
	want, wantCode := auditSamples(t)
	page, code := auditSamplesHTML(t)
	html := string(page)
	if code != wantCode {
		t.Errorf("exit %d, the JSON report's run exits %d", code, wantCode)
	}
	if len(page) > 300_000 {
		t.Errorf("the page is %d bytes, want under 300 KB", len(page))
	}

	verdict := map[string]string{}
	for _, a := range want.Apps {
		verdict[a.App] = a.Verdict
	}
	var rows, captions []string
	for _, a := range samplesChartOrder {
		rows = append(rows, fmt.Sprintf(`<td class="app">%s`, a), fmt.Sprintf(`<span class="badge v-%s">%s</span>`, verdict[a], verdict[a]))
		captions = append(captions, fmt.Sprintf(`<figcaption>%s <span class="badge v-%s">%s</span></figcaption>`, a, verdict[a], verdict[a]))
	}
	assertInPage(t, html, rows...)
	assertInPage(t, html, captions...)
	if got := regexp.MustCompile(`<figcaption>`).FindAllStringIndex(html, -1); len(got) != len(samplesChartOrder)+1 {
		t.Errorf("%d figures, want one per app and one of failures (%d)", len(got), len(samplesChartOrder)+1)
	}
	if n, figures := strings.Count(html, "<svg "), strings.Count(html, "<figure"); n != figures || n != len(samplesChartOrder)+1 {
		t.Errorf("%d <svg> elements in %d figures, want %d", n, figures, len(samplesChartOrder)+1)
	}
	assertInPage(t, html, `<figcaption>Failed events per day, by failure class</figcaption>`, `>mapping</text>`, `>token</text>`)

	perSeverity := map[string]int{}
	for _, f := range want.Findings {
		perSeverity[f.Severity]++
		if !strings.Contains(html, `<span class="sha">`+f.ID+`</span>`) {
			t.Errorf("finding %s (%s %s) is not on the page", f.ID, f.Kind, f.App)
		}
	}
	var headings []string
	for _, sev := range report.Severities {
		if perSeverity[sev] > 0 {
			headings = append(headings, fmt.Sprintf(`<h3><span class="badge s-%s">%s</span> %d</h3>`, sev, sev, perSeverity[sev]))
		}
	}
	assertInPage(t, html, headings...)

	for _, f := range want.Failures {
		assertInPage(t, html, fmt.Sprintf(`<td><b>%s</b></td><td>%s</td><td class="app">%s</td>`, f.Class, f.Platform, f.App))
	}
	assertInPage(t, html, `<dd class="path">scimdrift audit --map samples/migration.toml --format html samples/exports/</dd>`,
		`<dd class="path">samples/migration.toml</dd>`, `<dd>2026-11-02 08:12 to 2026-11-29 18:12 UTC</dd>`)
	for _, s := range want.Sources {
		assertInPage(t, html, fmt.Sprintf(`<td class="path">%s</td><td class="t">%s</td><td class="sha">%s</td><td class="n">%d</td><td class="n">%d</td><td class="n">%d</td><td class="n">%d</td>`,
			s.Path, s.Format, s.SHA256, s.Records, s.Stored, s.Rejected, s.OutOfScope))
	}
	if refs := fetchingMarkup(html); len(refs) > 0 {
		t.Errorf("markup that would fetch: %q", refs)
	}
	if again, _ := auditSamplesHTML(t); !bytes.Equal(again, page) {
		t.Error("two runs on the same inputs wrote different pages")
	}
}

// assertInPage checks that each part is in the page, each after the one before.
func assertInPage(t *testing.T, page string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(page[at:], p)
		if i < 0 {
			t.Errorf("%s is not on the page, or not after the parts before it", p)
			return
		}
		at += i + len(p)
	}
}

var (
	anyTag   = regexp.MustCompile(`<[a-zA-Z][^>]*>`)
	fetching = regexp.MustCompile(`(?i)\s(src|href|xlink:href|srcset|action|poster|data|background)\s*=|@import|url\s*\(|<(script|link|img|iframe|object|embed|image|use)[\s>]`)
)

// fetchingMarkup lists tags that load something or name a URL other than the SVG namespaces, and
// CSS that imports or loads. (report's own tests prove a stricter checker on hostile input; this
// one is for the sample page, whose text holds many URLs but no markup.)
func fetchingMarkup(page string) []string {
	var found []string
	for _, tag := range anyTag.FindAllString(page, -1) {
		rest := strings.NewReplacer(`xmlns="http://www.w3.org/2000/svg"`, "", `xmlns:xlink="http://www.w3.org/1999/xlink"`, "").Replace(tag)
		if strings.Contains(rest, "http:") || strings.Contains(rest, "https:") || fetching.MatchString(rest) {
			found = append(found, tag)
		}
	}
	style := page[strings.Index(page, "<style>"):strings.Index(page, "</style>")]
	if m := fetching.FindString(style); m != "" {
		found = append(found, "<style> with "+m)
	}
	return found
}
