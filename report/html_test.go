package report

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

func htmlTime(s string) *time.Time {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		panic(err)
	}
	return &t
}

func htmlBool(b bool) *bool { return &b }

func htmlDay(s string) time.Time { return *htmlTime(s + "T00:00:00Z") }

// htmlFixture is a small audit compared with a baseline: a stale app whose new connector calls the
// old endpoint, a migrated one, a resolved finding, five days of traffic around the cutover and
// failures of two classes.
func htmlFixture() *Report {
	return &Report{
		Schema:  Schema,
		Cutover: htmlTime("2026-11-16T00:00:00Z"),
		Window:  Window{From: htmlTime("2026-11-14T08:12:57Z"), To: htmlTime("2026-11-18T18:12:24Z")},
		Made: Provenance{Version: "0.1.0-test", Map: "migration.toml", Baseline: "nightly/2026-11-17.json",
			Command: "scimdrift audit --map migration.toml --baseline nightly/2026-11-17.json --format html exports/"},
		Sources: []Source{
			{Path: "exports/okta/system-log.ndjson", Format: "okta-systemlog", Records: 514, Stored: 335, Rejected: 2, OutOfScope: 177,
				SHA256: "f446669a924b89cb1d7937d76066f6a5491787cca917ef41d1a0bf5017474ed8"},
			{Path: "exports/access/legacy.log.gz", Format: "scim-access", Records: 10, Stored: 9, Rejected: 1, Truncated: true,
				SHA256: "12eb840343c063cdb69c764be4f9528f8471d28ae3ad821e7f9aa54fba1cc6e0"},
		},
		Apps: []App{
			{App: "Slack", Verdict: "migrated", Owner: "collab-team", Mapped: true, Reason: "the new connector works on the new path; nothing found",
				Connectors: []Connector{
					{Connector: "slack.3f2a.0001", Platform: "entra", Tenant: "3f2a", Side: "new", Enabled: htmlBool(true),
						Endpoint: "https://scim.acme.example/slack/scim/v2", EndpointRole: "new", Evidence: "correlation",
						LastEvent: htmlTime("2026-11-18T17:30:00Z"), Events: 12},
				}},
			{App: "Zoom", Verdict: "stale", Owner: "collab-team", Mapped: true, Reason: "stale: stale_endpoint",
				Connectors: []Connector{
					{Connector: "zoom.3f2a.0002", Platform: "entra", Tenant: "3f2a", Side: "new", Enabled: htmlBool(true),
						Endpoint: "https://scim-legacy.acme.example/zoom/scim/v2", EndpointRole: "old", Evidence: "correlation",
						LastEvent: htmlTime("2026-11-18T17:31:00Z"), Events: 9},
					{Connector: "0oaZoom", Platform: "okta", Tenant: "acme.okta.com", Side: "old", Enabled: htmlBool(false),
						Endpoint: "https://scim-legacy.acme.example/zoom/scim/v2", EndpointRole: "old", Evidence: "inventory",
						LastEvent: htmlTime("2026-11-16T00:04:00Z"), Events: 7},
				}},
		},
		Findings: []Finding{
			{ID: "69445154d1d3cbe8", Kind: "stale_endpoint", Severity: "critical", Change: ChangeNew, App: "Zoom", Platform: "entra",
				Tenant: "3f2a", Connector: "zoom.3f2a.0002", Endpoint: "https://scim-legacy.acme.example/zoom/scim/v2", Count: 9,
				FirstSeen: htmlTime("2026-11-16T09:30:00Z"), LastSeen: htmlTime("2026-11-18T17:31:00Z"),
				Evidence: "calls old endpoint https://scim-legacy.acme.example/zoom/scim/v2, decided by correlation"},
			{ID: "bd08d2281e3faf38", Kind: "retention_gap", Severity: "medium", Change: ChangePersisting, Endpoint: "https://scim.acme.example",
				Count: 40, Evidence: "access log starts 2 days before cutover"},
			{ID: "2cd8ef4be2f8281f", Kind: "provisioning_failing", Severity: "high", Change: ChangeResolved, App: "Slack", Platform: "entra",
				Connector: "slack.3f2a.0001", Count: 3, Evidence: "3 of 10 events failed: mapping 3"},
		},
		Failures: []Failure{
			{Class: "token", Platform: "entra", App: "Zoom", Endpoint: "https://scim-legacy.acme.example/zoom/scim/v2", Code: "Unauthorized",
				Count: 2, Example: "StatusCode: Unauthorized"},
			{Class: "mapping", Platform: "okta", App: "Slack", Code: "HTTP 400", Count: 1, Example: "Bad Request: title"},
		},
		Traffic: []Daily{
			{App: "Zoom", Day: htmlDay("2026-11-14"), Source: "events", Series: "old", Count: 4},
			{App: "Zoom", Day: htmlDay("2026-11-14"), Source: "requests", Series: "old", Count: 8},
			{App: "Zoom", Day: htmlDay("2026-11-15"), Source: "events", Series: "old", Count: 3},
			{App: "Zoom", Day: htmlDay("2026-11-15"), Source: "requests", Series: "old", Count: 6},
			{App: "Zoom", Day: htmlDay("2026-11-16"), Source: "events", Series: "new", Count: 5},
			{App: "Zoom", Day: htmlDay("2026-11-16"), Source: "requests", Series: "old", Count: 10},
			{App: "Zoom", Day: htmlDay("2026-11-18"), Source: "events", Series: "new", Count: 4},
			{App: "Zoom", Day: htmlDay("2026-11-18"), Source: "requests", Series: "old", Count: 8},
			{App: "Slack", Day: htmlDay("2026-11-17"), Source: "events", Series: "new", Count: 12},
			{App: "Slack", Day: htmlDay("2026-11-17"), Source: "requests", Series: "new", Count: 24},
		},
		FailuresByDay: []Daily{
			{Day: htmlDay("2026-11-15"), Source: "failures", Series: "mapping", Count: 1},
			{Day: htmlDay("2026-11-16"), Source: "failures", Series: "token", Count: 2},
		},
	}
}

func renderHTML(t *testing.T, r *Report) string {
	t.Helper()
	r.Sort()
	var b bytes.Buffer
	if err := (htmlWriter{}).Write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// TestHTMLGolden: the whole page of a small audit, charts included.
func TestHTMLGolden(t *testing.T) {
	checkGolden(t, "html_small.golden", []byte(renderHTML(t, htmlFixture())))
}

// TestHTMLEmptyReport: a report of nothing still renders, says so, and draws no chart.
func TestHTMLEmptyReport(t *testing.T) {
	got := renderHTML(t, &Report{})
	for _, want := range []string{"No apps.", "No dated traffic to chart.", "No findings.", "No failed events.", "No inputs.",
		"<b>0 apps:</b> none", "<b>0 findings:</b> none"} {
		if !strings.Contains(got, want) {
			t.Errorf("the empty report lacks %q", want)
		}
	}
	if strings.Contains(got, "<svg") {
		t.Error("the empty report has a chart")
	}
}

// TestHTMLSummaryCounts: the summary line counts apps per verdict, current findings per severity,
// and findings per change against the baseline.
func TestHTMLSummaryCounts(t *testing.T) {
	got := renderHTML(t, htmlFixture())
	for _, want := range []string{
		`<b>2 apps:</b> <span class="badge v-stale">1 stale</span>, <span class="badge v-migrated">1 migrated</span>`,
		`<b>2 findings:</b> <span class="badge s-critical">1 critical</span>, <span class="badge s-medium">1 medium</span>`,
		`<b>Against the baseline:</b> <span class="badge c-new">1 new</span>, <span class="badge c-persisting">1 persisting</span>, <span class="badge c-resolved">1 resolved</span>`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("summary lacks %s", want)
		}
	}
	// Without a baseline there is no change column and no baseline count.
	r := htmlFixture()
	r.Made.Baseline = ""
	for i := range r.Findings {
		r.Findings[i].Change = ""
	}
	got = renderHTML(t, r)
	if strings.Contains(got, "Against the baseline") || strings.Contains(got, "<th>change</th>") {
		t.Error("a report without a baseline shows changes")
	}
}

// TestHTMLOrder: the verdict table lists the most broken apps first; findings come grouped by
// severity, the resolved ones last.
func TestHTMLOrder(t *testing.T) {
	r := htmlFixture()
	r.Apps = append(r.Apps, App{App: "Aardvark", Verdict: "retired"}, App{App: "Notion", Verdict: "failing"})
	got := renderHTML(t, r)
	assertInOrder(t, got, `<td class="app">Notion`, `<td class="app">Zoom`, `<td class="app">Slack`, `<td class="app">Aardvark`)
	assertInOrder(t, got, `<figcaption>Zoom`, `<figcaption>Slack`)
	assertInOrder(t, got, `s-critical">critical</span> 1</h3>`, `s-medium">medium</span> 1</h3>`, `s-resolved">resolved</span> 1</h3>`)
	assertInOrder(t, got, "stale_endpoint", "retention_gap", "provisioning_failing</b> <span class=\"dim\">(was high)</span>")
}

func assertInOrder(t *testing.T, page string, parts ...string) {
	t.Helper()
	at := 0
	for _, p := range parts {
		i := strings.Index(page[at:], p)
		if i < 0 {
			t.Errorf("%q missing, or not after the parts before it", p)
			return
		}
		at += i + len(p)
	}
}

// hostile is text from a log that is markup in HTML and in Markdown.
const hostile = `<script>alert("x&y|z")</script>`

// TestHTMLEscapesLogText puts markup in every field that comes from the evidence: it must come
// out as text, in the tables and in the charts, and never as a tag or an attribute.
func TestHTMLEscapesLogText(t *testing.T) {
	r := htmlFixture()
	r.Made.Command = "scimdrift audit " + hostile
	r.Made.Map = hostile
	r.Sources[0].Path, r.Sources[0].Format = hostile, hostile
	a := &r.Apps[1]
	a.App, a.Owner, a.Reason, a.Verdict = hostile, hostile, hostile, `"><script>x</script>`
	c := &a.Connectors[0]
	c.Connector, c.Platform, c.Endpoint, c.EndpointRole, c.Side, c.Evidence = hostile, hostile, hostile, hostile, hostile, hostile
	f := &r.Findings[0]
	f.App, f.Connector, f.Endpoint, f.Evidence, f.Kind, f.Platform, f.ID = hostile, hostile, hostile, hostile, hostile, hostile, hostile
	r.Failures[0].App, r.Failures[0].Class, r.Failures[0].Code, r.Failures[0].Example = hostile, hostile, hostile, hostile
	for i := range r.Traffic {
		if r.Traffic[i].App == "Zoom" {
			r.Traffic[i].App = hostile
		}
	}
	r.FailuresByDay[0].Series = hostile // a failure class, shown in the chart's legend
	got := renderHTML(t, r)

	if strings.Contains(strings.ToLower(got), "<script") {
		t.Errorf("a <script> tag got through:\n%s", excerpt(got, "<script"))
	}
	escaped := `&lt;script&gt;alert(&#34;x&amp;y|z&#34;)&lt;/script&gt;`
	// 4 of provenance and sources, 4 of the app (its name in the table and over its chart, owner,
	// reason), 6 of the connector, 7 of the finding, 4 of the failure and 1 in the failure chart's
	// legend.
	if n := strings.Count(got, escaped); n != 26 {
		t.Errorf("the escaped text appears %d times, want 26", n)
	}
	if !strings.Contains(got, `class="badge v-other">&#34;&gt;&lt;script&gt;x&lt;/script&gt;</span>`) {
		t.Error("an unknown verdict should get the class v-other and be shown escaped")
	}
	svgText := regexp.MustCompile(`<text[^>]*>([^<]*)</text>`)
	found := false
	for _, m := range svgText.FindAllStringSubmatch(got, -1) {
		found = found || m[1] == escaped
	}
	if !found {
		t.Error("the failure class is not in the chart's legend, escaped")
	}
	if refs := externalReferences(got); len(refs) > 0 {
		t.Errorf("external references: %q", refs)
	}
}

func excerpt(s, near string) string {
	i := strings.Index(strings.ToLower(s), near)
	return s[max(i-200, 0):min(i+200, len(s))]
}

// TestHTMLIsSelfContained: nothing in the page would be fetched.
func TestHTMLIsSelfContained(t *testing.T) {
	got := renderHTML(t, htmlFixture())
	if refs := externalReferences(got); len(refs) > 0 {
		t.Errorf("external references: %q", refs)
	}
	if !strings.Contains(got, `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`) {
		t.Error("the page should forbid loading anything")
	}
}

// TestExternalReferencesFindsThem proves the checker the other tests rely on.
func TestExternalReferencesFindsThem(t *testing.T) {
	for _, page := range []string{
		`<img src="https://cdn.example/x.png">`,
		`<link rel="stylesheet" href="//cdn.example/x.css">`,
		`<svg><image xlink:href='http://x.example/a.png'/></svg>`,
		`<script src=https://x.example/a.js></script>`,
		`<style>@import "x.css";</style>`,
		`<style>body { background: url(https://x.example/a.png) }</style>`,
		`<p style="background:url( 'http://x.example/a.png')">`,
		`<iframe srcdoc="x"></iframe>`,
	} {
		if refs := externalReferences(page); len(refs) == 0 {
			t.Errorf("no external reference found in %s", page)
		}
	}
	clean := `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><text>https://scim.example/v2 url(x) @import</text></svg>`
	if refs := externalReferences(clean); len(refs) > 0 {
		t.Errorf("namespaces and text flagged: %q", refs)
	}
}

var (
	htmlTag       = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9:-]*)((?:"[^"]*"|'[^']*'|[^'">])*)>`)
	htmlAttribute = regexp.MustCompile(`([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*=\s*("[^"]*"|'[^']*'|[^\s"'>]+)`)
	styleElement  = regexp.MustCompile(`(?s)<style[^>]*>(.*?)</style>`)
	cssFetch      = regexp.MustCompile(`(?i)@import|url\s*\(`)
)

// externalReferences lists what in an HTML page could make a browser fetch something: elements
// that load or embed (script, link, img, iframe, object, embed, …), attributes that name a URL
// or hold one (other than the SVG namespaces), and CSS imports and url(). It reads tags with a
// regular expression, which is sound for pages whose text is escaped, as TestHTMLEscapesLogText
// checks for ours.
func externalReferences(page string) []string {
	var refs []string
	for _, tag := range htmlTag.FindAllStringSubmatch(page, -1) {
		switch strings.ToLower(tag[1]) {
		case "script", "link", "img", "iframe", "object", "embed", "image", "use", "audio", "video", "source", "base", "form", "frame":
			refs = append(refs, tag[0])
			continue
		}
		for _, a := range htmlAttribute.FindAllStringSubmatch(tag[2], -1) {
			name, value := strings.ToLower(a[1]), strings.Trim(a[2], `"'`)
			switch {
			case name == "xmlns" || strings.HasPrefix(name, "xmlns:"):
				if value != "http://www.w3.org/2000/svg" && value != "http://www.w3.org/1999/xlink" {
					refs = append(refs, tag[0])
				}
			case name == "src" || name == "href" || strings.HasSuffix(name, ":href") || name == "srcset" || name == "action" ||
				name == "poster" || name == "data" || name == "background" || name == "srcdoc":
				refs = append(refs, tag[0])
			case name == "style" && cssFetch.MatchString(value),
				strings.Contains(strings.ToLower(value), "http:") || strings.Contains(strings.ToLower(value), "https:"):
				refs = append(refs, tag[0])
			}
		}
	}
	for _, style := range styleElement.FindAllStringSubmatch(page, -1) {
		if cssFetch.MatchString(style[1]) {
			refs = append(refs, "<style> with "+cssFetch.FindString(style[1]))
		}
	}
	return refs
}

// TestHTMLChartsAreSVG: each figure holds one inline <svg> element with a viewBox, lines and
// text, and nothing of an XML document around it.
func TestHTMLChartsAreSVG(t *testing.T) {
	got := renderHTML(t, htmlFixture())
	figures := regexp.MustCompile(`(?s)<figure[^>]*>(.*?)</figure>`).FindAllStringSubmatch(got, -1)
	if len(figures) != 3 { // Zoom, Slack, failures
		t.Fatalf("%d figures, want 3", len(figures))
	}
	for i, f := range figures {
		body := f[1]
		if strings.Count(body, "<svg") != 1 || strings.Count(body, "</svg>") != 1 {
			t.Errorf("figure %d: want one <svg> element", i)
		}
		svg := body[strings.Index(body, "<svg"):]
		for _, want := range []string{`viewBox="0 0 `, `xmlns="http://www.w3.org/2000/svg"`, "<path", "<text", "cutover"} {
			if !strings.Contains(svg, want) {
				t.Errorf("figure %d: the SVG lacks %s", i, want)
			}
		}
	}
	if strings.Contains(got, "<?xml") || strings.Contains(got, "<!--") {
		t.Error("an XML declaration or comment was left in the page")
	}
	if strings.Count(got, "<svg") != 3 {
		t.Errorf("%d <svg> elements, want 3", strings.Count(got, "<svg"))
	}
}

// TestHTMLIsDeterministic: rendering the same report gives the same bytes (maps are iterated in a
// different order each time, and no clock is read).
func TestHTMLIsDeterministic(t *testing.T) {
	first := renderHTML(t, htmlFixture())
	for range 5 {
		if again := renderHTML(t, htmlFixture()); again != first {
			t.Fatalf("two renders differ:\n%s", cmp.Diff(first, again))
		}
	}
}

// TestDayAxis: charts span every day with a count, the window and the cutover, and the cutover
// line sits between the days it separates.
func TestDayAxis(t *testing.T) {
	r := htmlFixture()
	r.Window.From = htmlTime("2026-11-10T23:59:00Z")
	axis, ok := newDayAxis(r)
	if !ok || !axis.first.Equal(htmlDay("2026-11-10")) || axis.days != 9 {
		t.Fatalf("axis from %s for %d days, want 2026-11-10 for 9", axis.first, axis.days)
	}
	if got := axis.x(*r.Cutover); got != 5.5 {
		t.Errorf("cutover at x=%v, want 5.5 (between day 5 and day 6)", got)
	}
	if got := axis.index(htmlDay("2026-11-16")); got != 6 {
		t.Errorf("2026-11-16 is slot %d, want 6", got)
	}
	var labels []string
	for _, tick := range axis.Ticks(0, 8) {
		if tick.Label != "" {
			labels = append(labels, tick.Label)
		}
	}
	if diff := cmp.Diff([]string{"Nov 10", "Nov 11", "Nov 12", "Nov 13", "Nov 14", "Nov 15", "Nov 16", "Nov 17", "Nov 18"}, labels); diff != "" {
		t.Errorf("labels of a short span (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		first       string
		days, ticks int
		labels      []string
	}{
		{"2026-11-02", 28, 28, []string{"Nov 2", "Nov 9", "Nov 16", "Nov 23"}}, // Nov 2 is a Monday
		{"2026-11-04", 28, 28, []string{"Nov 9", "Nov 16", "Nov 23", "Nov 30"}},
		{"2026-11-02", 90, 90, []string{"Nov 2", "Nov 16", "Nov 30", "Dec 14", "Dec 28", "Jan 11", "Jan 25"}},
		{"2026-01-05", 365, 53, []string{"Jan 5", "Feb 23", "Apr 13", "Jun 1", "Jul 20", "Sep 7", "Oct 26", "Dec 14"}}, // every 7th Monday
	} {
		axis := dayAxis{first: htmlDay(tc.first), days: tc.days}
		ticks := axis.Ticks(0, float64(tc.days-1))
		labels = nil
		for _, tick := range ticks {
			if tick.Label != "" {
				labels = append(labels, tick.Label)
			}
		}
		if diff := cmp.Diff(tc.labels, labels); diff != "" || len(ticks) != tc.ticks {
			t.Errorf("%d days from %s: %d ticks, want %d; labels (-want +got):\n%s", tc.days, tc.first, len(ticks), tc.ticks, diff)
		}
	}
	if _, ok := newDayAxis(&Report{Cutover: r.Cutover}); ok {
		t.Error("a report without dated counts should draw no chart")
	}
}

// TestIntegerTicks: count axes are labelled with whole numbers from 0, at most six labels.
func TestIntegerTicks(t *testing.T) {
	for _, tc := range []struct {
		hi   float64
		want []string
	}{
		{1.15, []string{"0", "1"}},
		{4.6, []string{"0", "1", "2", "3", "4"}},
		{27.6, []string{"0", "10", "20"}},
		{92, []string{"0", "20", "40", "60", "80"}},
		{3e7, []string{"0", "10000000", "20000000", "30000000"}},
	} {
		var got []string
		for _, tick := range (integerTicks{}).Ticks(0, tc.hi) {
			got = append(got, tick.Label)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("ticks up to %v (-want +got):\n%s", tc.hi, diff)
		}
	}
}

// TestHTMLLongLegendLabel: a failure class far longer than a legend has room for still leaves
// the plot its room (the label runs off the chart's edge instead).
func TestHTMLLongLegendLabel(t *testing.T) {
	r := htmlFixture()
	r.FailuresByDay[0].Series = strings.Repeat("unknown-class-", 40)
	got := renderHTML(t, r)
	svg := got[strings.LastIndex(got, "<svg"):]
	if !strings.Contains(svg, ">"+r.FailuresByDay[0].Series+"</text>") || !strings.Contains(svg, ">Nov 18</text>") {
		t.Error("the failure chart lacks its long legend label or its last day")
	}
}
