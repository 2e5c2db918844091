// Package report renders an audit — verdicts, findings, failure classes and the inputs they came
// from — for people and for scripts. It knows nothing of the store: analyze fills a Report.
package report

import (
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"time"
)

// Schema names the JSON report's version (DESIGN.md).
const Schema = "scimdrift.report/v1"

// Report is everything a report shows. JSON names are DESIGN.md's contract; fields are declared
// in the order of their names so the JSON keys come out sorted.
type Report struct {
	Apps     []App      `json:"apps"`
	Cutover  *time.Time `json:"cutover"`
	Failures []Failure  `json:"failures"`
	Findings []Finding  `json:"findings"` // with a baseline, the resolved ones too (Change "resolved")
	Made     Provenance `json:"made"`
	Schema   string     `json:"schema"`
	Sources  []Source   `json:"sources"`
	Window   Window     `json:"window"`

	// For the charts and the CSV events table; not part of the JSON report.
	Traffic       []Daily                            `json:"-"` // per app and day: events and requests by side
	FailuresByDay []Daily                            `json:"-"` // per day and failure class (App empty)
	Events        func(each func(Event) error) error `json:"-"` // streams the stored events; nil when there is no store
}

// Provenance says what a report was made from and how.
type Provenance struct {
	Baseline string `json:"baseline"` // the previous report compared with, "" when none
	Command  string `json:"command"`  // the command line, as typed
	Map      string `json:"map"`      // the migration map file, "" when none
	Version  string `json:"version"`  // scimdrift's version
}

// Daily is one count of one day: events of an app's connectors by side (Source "events"), requests
// on its endpoints by role (Source "requests"), or failed events by class (Source "failures",
// Series = the class).
type Daily struct {
	App    string
	Day    time.Time // midnight UTC
	Source string    // events, requests or failures
	Series string    // old, new or unknown; or the failure class
	Count  int64
}

// Event is one stored event, for the CSV events table.
type Event struct {
	Time         *time.Time
	Platform     string
	Tenant       string
	Connector    string
	App          string
	Action       string
	Object       string
	Result       string
	UserName     string
	FailureClass string
	ErrorCode    string
	HTTPStatus   int64
	ErrorText    string
}

// Window is the time the evidence covers.
type Window struct {
	From *time.Time `json:"from"`
	To   *time.Time `json:"to"`
}

// Source is one input and its accounting.
type Source struct {
	Format     string `json:"format"`
	OutOfScope int64  `json:"out_of_scope"`
	Path       string `json:"path"`
	Records    int64  `json:"records"`
	Rejected   int64  `json:"rejected"`
	SHA256     string `json:"sha256"`
	Stored     int64  `json:"stored"`
	Truncated  bool   `json:"truncated"`
}

// App is one application's verdict and the connectors that provision it.
type App struct {
	App        string      `json:"app"`
	Connectors []Connector `json:"connectors"`
	Mapped     bool        `json:"mapped"`
	Owner      string      `json:"owner"`
	Reason     string      `json:"reason"`
	Verdict    string      `json:"verdict"`
}

// Connector is one connector of an app and the endpoint it calls.
type Connector struct {
	Connector    string     `json:"connector"`
	Enabled      *bool      `json:"enabled"`
	Endpoint     string     `json:"endpoint"`
	EndpointRole string     `json:"endpoint_role"` // old, new or unknown
	Events       int64      `json:"events"`
	Evidence     string     `json:"evidence"` // what decided the endpoint: correlation, user_agent, error_url, inventory
	LastEvent    *time.Time `json:"last_event"`
	Platform     string     `json:"platform"`
	Side         string     `json:"side"` // old, new or unknown
	Tenant       string     `json:"tenant"`
}

// Finding is one finding (DESIGN.md kinds and severities).
type Finding struct {
	App       string     `json:"app"`
	Change    string     `json:"change,omitempty"` // with a baseline: new, persisting or resolved
	Connector string     `json:"connector"`
	Count     int64      `json:"count"`
	Endpoint  string     `json:"endpoint"`
	Evidence  string     `json:"evidence"`
	FirstSeen *time.Time `json:"first_seen"`
	ID        string     `json:"id"`
	Kind      string     `json:"kind"`
	LastSeen  *time.Time `json:"last_seen"`
	Platform  string     `json:"platform"`
	Severity  string     `json:"severity"`
	Tenant    string     `json:"tenant"`
}

// Failure counts failed events of one class, platform, app, endpoint and error code.
type Failure struct {
	App      string `json:"app"`
	Class    string `json:"class"`
	Code     string `json:"code"`
	Count    int64  `json:"count"`
	Endpoint string `json:"endpoint"`
	Example  string `json:"example"`
	Platform string `json:"platform"`
}

// Severities, most severe first.
var Severities = []string{"critical", "high", "medium", "low", "info"}

// SeverityRank is a severity's place in Severities (0 is critical); an unknown one ranks last.
func SeverityRank(s string) int {
	for i, v := range Severities {
		if v == s {
			return i
		}
	}
	return len(Severities)
}

// Sort puts every list in its report order: apps by name; findings current before resolved, then
// by severity, kind, app, connector and endpoint.
func (r *Report) Sort() {
	sort.Slice(r.Apps, func(i, j int) bool { return r.Apps[i].App < r.Apps[j].App })
	sort.SliceStable(r.Findings, func(i, j int) bool {
		a, b := r.Findings[i], r.Findings[j]
		if resolvedA, resolvedB := a.Change == ChangeResolved, b.Change == ChangeResolved; resolvedA != resolvedB {
			return resolvedB // resolved findings after the current ones
		}
		if ra, rb := SeverityRank(a.Severity), SeverityRank(b.Severity); ra != rb {
			return ra < rb
		}
		return strings.Join([]string{a.Kind, a.App, a.Connector, a.Endpoint, a.ID}, "\x00") <
			strings.Join([]string{b.Kind, b.App, b.Connector, b.Endpoint, b.ID}, "\x00")
	})
}

// AtOrAbove counts the current (not resolved) findings at or above a severity.
func (r *Report) AtOrAbove(severity string) int {
	n := 0
	for _, f := range r.Findings {
		if f.Change != ChangeResolved && SeverityRank(f.Severity) <= SeverityRank(severity) {
			n++
		}
	}
	return n
}

// Writer renders a report in one format.
type Writer interface {
	Write(w io.Writer, r *Report) error
}

// writers are the formats, by name.
var writers = map[string]Writer{
	"csv":      csvWriter{table: DefaultCSVTable},
	"html":     htmlWriter{},
	"json":     jsonWriter{},
	"markdown": markdownWriter{},
	"table":    tableWriter{},
}

// Formats lists the report formats.
func Formats() []string {
	names := make([]string, 0, len(writers))
	for n := range writers {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// New returns the writer of a format.
func New(format string) (Writer, error) {
	if w, ok := writers[format]; ok {
		return w, nil
	}
	return nil, fmt.Errorf("unknown report format %q (known: %s)", format, strings.Join(Formats(), ", "))
}

// appsByVerdict orders apps as Verdicts does (failing first), then by name.
func appsByVerdict(apps []App) []App {
	out := slices.Clone(apps)
	rank := func(v string) int {
		if i := slices.Index(Verdicts, v); i >= 0 {
			return i
		}
		return len(Verdicts)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if ri, rj := rank(out[i].Verdict), rank(out[j].Verdict); ri != rj {
			return ri < rj
		}
		return out[i].App < out[j].App
	})
	return out
}
