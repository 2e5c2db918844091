package report

import (
	"html/template"
	"io"
	"slices"
	"sort"
	"time"
)

// htmlWriter writes one self-contained HTML page: summary, verdicts, a traffic chart per app,
// findings by severity, failure classes and what the report was made from. Nothing is loaded from
// anywhere (inline CSS and SVG, no script, and a Content-Security-Policy that forbids loading), every
// string from the evidence goes through html/template's escaping, and the page holds no time of
// its own making, so the same report gives the same bytes.
type htmlWriter struct{}

func (htmlWriter) Write(w io.Writer, r *Report) error {
	page, err := newHTMLPage(r)
	if err != nil {
		return err
	}
	return htmlTemplate.Execute(w, page)
}

// htmlPage is what the template shows, in the order it shows it.
type htmlPage struct {
	*Report
	AppCount      int
	FindingCount  int
	Verdicts      []tally
	Severities    []tally
	Changes       []tally
	OrderedApps   []App // most broken first
	Charts        []appChart
	FailureChart  template.HTML
	FindingGroups []findingGroup
}

// tally is one count of the summary line.
type tally struct {
	Name string
	N    int
}

type appChart struct {
	App, Verdict string
	SVG          template.HTML
}

type findingGroup struct {
	Name     string // a severity, or "resolved"
	Findings []Finding
}

func newHTMLPage(r *Report) (*htmlPage, error) {
	s := r.Summarise()
	page := &htmlPage{Report: r, AppCount: s.Apps, FindingCount: s.Findings,
		Verdicts:    tallies(s.Verdicts, Verdicts),
		Severities:  tallies(s.Severities, Severities),
		Changes:     tallies(s.Changes, []string{ChangeNew, ChangePersisting, ChangeResolved}),
		OrderedApps: appsByVerdict(r.Apps),
	}
	page.FindingGroups = groupFindings(r.Findings)
	axis, ok := newDayAxis(r)
	if !ok {
		return page, nil
	}
	charts, err := trafficCharts(r, axis)
	if err != nil {
		return nil, err
	}
	for _, a := range page.OrderedApps {
		if svg, ok := charts[a.App]; ok {
			page.Charts = append(page.Charts, appChart{App: a.App, Verdict: a.Verdict, SVG: svg})
			delete(charts, a.App)
		}
	}
	for _, app := range sortedKeysOf(charts) { // traffic of an app without a verdict row
		page.Charts = append(page.Charts, appChart{App: app, SVG: charts[app]})
	}
	page.FailureChart, err = failureChart(r, axis)
	return page, err
}

// tallies lists the non-zero counts in the given order, then any others by name.
func tallies(counts map[string]int, order []string) []tally {
	var out []tally
	for _, name := range order {
		if counts[name] > 0 {
			out = append(out, tally{name, counts[name]})
		}
	}
	for _, name := range sortedKeysOf(counts) {
		if !slices.Contains(order, name) && counts[name] > 0 {
			out = append(out, tally{name, counts[name]})
		}
	}
	return out
}

// groupFindings groups current findings by severity, most severe first, and the resolved ones last.
func groupFindings(findings []Finding) []findingGroup {
	byName := map[string][]Finding{}
	for _, f := range findings {
		name := f.Severity
		if f.Change == ChangeResolved {
			name = ChangeResolved
		}
		byName[name] = append(byName[name], f)
	}
	var groups []findingGroup
	for _, name := range append(append([]string{}, Severities...), ChangeResolved) {
		if len(byName[name]) > 0 {
			groups = append(groups, findingGroup{name, byName[name]})
			delete(byName, name)
		}
	}
	for _, name := range sortedKeysOf(byName) { // a severity outside the vocabulary
		groups = append(groups, findingGroup{name, byName[name]})
	}
	return groups
}

func sortedKeysOf[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// known returns s when it is one of the names a CSS class exists for, else "other".
func known(names ...string) func(string) string {
	return func(s string) string {
		if slices.Contains(names, s) {
			return s
		}
		return "other"
	}
}

var htmlFuncs = template.FuncMap{
	"stamp":   func(t *time.Time) string { return orEnDash(stamp(t)) },
	"dash":    orEnDash,
	"verdict": known(Verdicts...),
	"sev":     known(append(append([]string{}, Severities...), ChangeResolved)...),
	"role":    known("old", "new"),
	"change":  known(ChangeNew, ChangePersisting, ChangeResolved),
	"enabled": func(b *bool) string {
		switch {
		case b == nil:
			return ""
		case *b:
			return "enabled"
		default:
			return "disabled"
		}
	},
}

var htmlTemplate = template.Must(template.New("report").Funcs(htmlFuncs).Parse(htmlSource))

const htmlSource = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>scimdrift report: {{.AppCount}} apps, {{.FindingCount}} findings</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", "Liberation Sans", Arial, sans-serif; color: #212529; margin: 0; background: #f4f5f7; }
main { max-width: 1240px; margin: 0 auto; padding: 20px 24px 40px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 8px; border-bottom: 2px solid #dee2e6; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 6px; text-transform: capitalize; }
p { margin: 4px 0; }
.meta, .note { color: #5c636a; }
.summary { display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 12px 0 0; padding: 10px 14px; background: #fff; border: 1px solid #dee2e6; border-radius: 6px; }
.summary b { margin-right: 4px; }
table { border-collapse: collapse; width: 100%; background: #fff; border: 1px solid #dee2e6; }
th, td { text-align: left; vertical-align: top; padding: 6px 8px; border-bottom: 1px solid #e9ecef; }
th { background: #f1f3f5; font-weight: 600; white-space: nowrap; }
td.n { text-align: right; white-space: nowrap; }
td.t { white-space: nowrap; }
.id, .path, .ep { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12px; overflow-wrap: anywhere; }
.sha { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 11px; overflow-wrap: anywhere; color: #5c636a; }
.ev, .reason { overflow-wrap: anywhere; }
.example { font-size: 12px; color: #495057; overflow-wrap: anywhere; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-weight: 600; font-size: 12px; white-space: nowrap; color: #fff; background: #868e96; }
.v-failing, .s-critical { background: #c92a2a; }
.v-split, .v-stale, .s-high { background: #e8590c; }
.v-unverified, .s-medium { background: #f0b400; color: #212529; }
.v-migrated { background: #2b8a3e; }
.v-retired, .s-low, .s-info { background: #868e96; }
.s-resolved, .c-resolved { background: #2b8a3e; }
.c-new { background: #1f6fd0; }
.c-persisting { background: #adb5bd; color: #212529; }
tr.row-failing td:first-child, tr.row-split td:first-child, tr.row-stale td:first-child { box-shadow: inset 4px 0 #e8590c; }
tr.row-failing td:first-child { box-shadow: inset 4px 0 #c92a2a; }
.app { font-weight: 600; white-space: nowrap; }
.conn { margin: 0 0 4px; }
.conn:last-child { margin: 0; }
.role { font-weight: 600; font-size: 12px; }
.role-old { color: #c92a2a; }
.role-new { color: #1f6fd0; }
.role-other { color: #5c636a; }
.dim { color: #6c757d; font-size: 12px; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 12px; }
figure { margin: 0; background: #fff; border: 1px solid #dee2e6; border-radius: 6px; padding: 8px 10px 4px; }
figcaption { font-weight: 600; margin-bottom: 2px; }
figure svg { display: block; width: 100%; height: auto; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0 0 10px; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
table.fixed { table-layout: fixed; }
.w-change { width: 88px; } .w-kind { width: 184px; } .w-app { width: 92px; } .w-conn { width: 200px; } .w-ep { width: 200px; }
.w-n { width: 56px; } .w-seen { width: 136px; } .w-class { width: 82px; } .w-platform { width: 70px; } .w-code { width: 150px; }
.kind, .code { overflow-wrap: anywhere; }
.w-reason { width: 230px; }
.dim .id { font-size: 11px; }
.wide { margin-bottom: 10px; }
.empty { color: #5c636a; font-style: italic; }
</style>
</head>
<body>
<main>
<header>
<h1>SCIM provisioning after the migration</h1>
<p class="meta">Cutover {{stamp .Cutover}} · evidence from {{stamp .Window.From}} to {{stamp .Window.To}} · times in UTC · scimdrift {{dash .Made.Version}}</p>
<div class="summary">
<span><b>{{.AppCount}} apps:</b>{{range $i, $t := .Verdicts}}{{if $i}},{{end}} <span class="badge v-{{verdict .Name}}">{{.N}} {{.Name}}</span>{{else}} none{{end}}</span>
<span><b>{{.FindingCount}} findings:</b>{{range $i, $t := .Severities}}{{if $i}},{{end}} <span class="badge s-{{sev .Name}}">{{.N}} {{.Name}}</span>{{else}} none{{end}}</span>
{{- if .Made.Baseline}}
<span><b>Against the baseline:</b>{{range $i, $t := .Changes}}{{if $i}},{{end}} <span class="badge c-{{change .Name}}">{{.N}} {{.Name}}</span>{{else}} no findings either time{{end}}</span>
{{- end}}
</div>
</header>

<section id="verdicts">
<h2>Verdicts</h2>
{{if .OrderedApps -}}
<table>
<thead><tr><th>app</th><th>verdict</th><th>owner</th><th>connectors: platform, side → endpoint it calls (the endpoint's role)</th><th class="w-reason">reason</th></tr></thead>
<tbody>
{{- range .OrderedApps}}
<tr class="row-{{verdict .Verdict}}"><td class="app">{{.App}}{{if not .Mapped}} <span class="dim">(not in the map)</span>{{end}}</td><td><span class="badge v-{{verdict .Verdict}}">{{.Verdict}}</span></td><td>{{dash .Owner}}</td><td>
{{- range .Connectors}}
<div class="conn"><b>{{.Platform}}</b> {{.Side}}-side{{with enabled .Enabled}}, {{.}}{{end}} → <span class="ep">{{dash .Endpoint}}</span> <span class="role role-{{role .EndpointRole}}">({{.EndpointRole}})</span><br><span class="dim"><span class="id">{{.Connector}}</span> · last event {{stamp .LastEvent}} · {{.Events}} events{{with .Evidence}} · endpoint by {{.}}{{end}}</span></div>
{{- else}}<span class="dim">no connector</span>{{end}}</td><td class="reason">{{.Reason}}</td></tr>
{{- end}}
</tbody>
</table>
{{- else}}<p class="empty">No apps.</p>{{end}}
</section>

<section id="traffic">
<h2>Traffic around the cutover</h2>
{{if .Charts -}}
<p class="note">Per app and day: its connectors' events by the connector's side (thin lines) and the requests its endpoints received by the endpoint's role (wide pale bands). Old is red, new blue, anything else grey; the dotted line is the cutover.</p>
<div class="charts">
{{- range .Charts}}
<figure><figcaption>{{.App}}{{with .Verdict}} <span class="badge v-{{verdict .}}">{{.}}</span>{{end}}</figcaption>
{{.SVG}}
</figure>
{{- end}}
</div>
{{- else}}<p class="empty">No dated traffic to chart.</p>{{end}}
</section>

<section id="findings">
<h2>Findings</h2>
{{range .FindingGroups -}}
<h3><span class="badge s-{{sev .Name}}">{{.Name}}</span> {{len .Findings}}</h3>
<table class="fixed">
<colgroup>{{if $.Made.Baseline}}<col class="w-change">{{end}}<col class="w-kind"><col class="w-app"><col class="w-conn"><col class="w-ep"><col class="w-n"><col class="w-seen"><col></colgroup>
<thead><tr>{{if $.Made.Baseline}}<th>change</th>{{end}}<th>kind</th><th>app</th><th>connector</th><th>endpoint</th><th>count</th><th>seen (first, last)</th><th>evidence</th></tr></thead>
<tbody>
{{- range .Findings}}
<tr>{{if $.Made.Baseline}}<td>{{with .Change}}<span class="badge c-{{change .}}">{{.}}</span>{{end}}</td>{{end}}<td><b class="kind">{{.Kind}}</b>{{if eq .Change "resolved"}} <span class="dim">(was {{.Severity}})</span>{{end}}<br><span class="sha">{{.ID}}</span></td><td class="app">{{dash .App}}</td><td>{{with .Platform}}<span class="dim">{{.}}</span> {{end}}<span class="id">{{dash .Connector}}</span></td><td class="ep">{{dash .Endpoint}}</td><td class="n">{{.Count}}</td><td class="t">{{stamp .FirstSeen}}<br>{{stamp .LastSeen}}</td><td class="ev">{{.Evidence}}</td></tr>
{{- end}}
</tbody>
</table>
{{else}}<p class="empty">No findings.</p>
{{end -}}
</section>

<section id="failures">
<h2>Failure classes</h2>
{{with .FailureChart -}}
<figure class="wide"><figcaption>Failed events per day, by failure class</figcaption>
{{.}}
</figure>
{{end -}}
{{if .Failures -}}
<table class="fixed">
<colgroup><col class="w-class"><col class="w-platform"><col class="w-app"><col class="w-ep"><col class="w-code"><col class="w-n"><col></colgroup>
<thead><tr><th>class</th><th>platform</th><th>app</th><th>endpoint</th><th>code</th><th>count</th><th>example</th></tr></thead>
<tbody>
{{- range .Failures}}
<tr><td><b>{{.Class}}</b></td><td>{{.Platform}}</td><td class="app">{{dash .App}}</td><td class="ep">{{dash .Endpoint}}</td><td class="code">{{dash .Code}}</td><td class="n">{{.Count}}</td><td class="example">{{.Example}}</td></tr>
{{- end}}
</tbody>
</table>
{{- else}}<p class="empty">No failed events.</p>{{end}}
</section>

<section id="made">
<h2>Made from</h2>
<dl>
<dt>scimdrift</dt><dd>{{dash .Made.Version}}</dd>
<dt>command</dt><dd class="path">{{dash .Made.Command}}</dd>
<dt>map</dt><dd class="path">{{with .Made.Map}}{{.}}{{else}}none{{end}}</dd>
<dt>baseline</dt><dd class="path">{{with .Made.Baseline}}{{.}}{{else}}none{{end}}</dd>
<dt>window</dt><dd>{{stamp .Window.From}} to {{stamp .Window.To}} UTC</dd>
<dt>cutover</dt><dd>{{stamp .Cutover}}</dd>
</dl>
{{if .Sources -}}
<table>
<thead><tr><th>input</th><th>format</th><th>sha256</th><th>records</th><th>stored</th><th>rejected</th><th>out of scope</th></tr></thead>
<tbody>
{{- range .Sources}}
<tr><td class="path">{{.Path}}{{if .Truncated}} <span class="dim">(truncated)</span>{{end}}</td><td class="t">{{.Format}}</td><td class="sha">{{.SHA256}}</td><td class="n">{{.Records}}</td><td class="n">{{.Stored}}</td><td class="n">{{.Rejected}}</td><td class="n">{{.OutOfScope}}</td></tr>
{{- end}}
</tbody>
</table>
{{- else}}<p class="empty">No inputs.</p>{{end}}
</section>
</main>
</body>
</html>
`
