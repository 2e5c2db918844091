package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// TableOptions fit the terminal table to where it is shown.
type TableOptions struct {
	Color bool // colour severities and verdicts (a terminal that has not set NO_COLOR)
	Width int  // the terminal's width; 0 when not a terminal (then 200 columns)
}

// tableWriter prints terminal tables: a summary line, the per-app verdicts, findings by severity,
// and failure classes.
type tableWriter struct{ opts TableOptions }

// NewTable returns the terminal-table writer for a terminal of these properties.
func NewTable(opts TableOptions) Writer { return tableWriter{opts} }

func (t tableWriter) Write(w io.Writer, r *Report) error {
	fmt.Fprintln(w, SummaryLine(r))
	for _, section := range []func(io.Writer, *Report) error{t.verdicts, t.findings, t.failures} {
		fmt.Fprintln(w)
		if err := section(w, r); err != nil {
			return err
		}
	}
	return nil
}

func (t tableWriter) verdicts(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "Verdicts (%d apps)\n", len(r.Apps))
	tab := t.newTable(w, t.fit([]column{{8, 12, 1}, {10, 10, 0}, {8, 14, 1}, {20, 60, 4}, {20, 60, 4}, {16, 16, 0}}),
		"app", "verdict", "owner", "old side → endpoint", "new side → endpoint", "last event")
	for _, a := range r.Apps {
		old, new := connectorCells(a.Connectors)
		if err := tab.Append(a.App, t.paint(a.Verdict, verdictColors[a.Verdict]), a.Owner, old, new, stamp(lastEvent(a.Connectors))); err != nil {
			return err
		}
	}
	return tab.Render()
}

// connectorCells lists an app's connectors by side, each with the endpoint it calls and its role.
func connectorCells(conns []Connector) (old, new string) {
	var o, n []string
	for _, c := range conns {
		line := c.Platform + " " + shortID(c.Connector)
		if c.Enabled != nil && !*c.Enabled {
			line += " (disabled)"
		}
		if c.Endpoint != "" {
			line += "\n→ " + bare(c.Endpoint) + " (" + c.EndpointRole + ")"
		}
		if c.Side == "old" {
			o = append(o, line)
		} else {
			n = append(n, line)
		}
	}
	return strings.Join(o, "\n"), strings.Join(n, "\n")
}

// shortID shortens a long connector id (an Entra jobId runs to 90 characters) for the terminal;
// the other formats show it whole.
func shortID(id string) string {
	if len(id) <= 28 {
		return id
	}
	return id[:18] + "…" + id[len(id)-8:]
}

func lastEvent(conns []Connector) *time.Time {
	var last *time.Time
	for _, c := range conns {
		if c.LastEvent != nil && (last == nil || c.LastEvent.After(*last)) {
			last = c.LastEvent
		}
	}
	return last
}

func (t tableWriter) findings(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "Findings (%d)\n", len(r.Findings))
	header := []any{"severity", "kind", "app", "connector", "endpoint", "count", "last seen", "evidence"}
	if r.Made.Baseline != "" {
		header = append(header, "change")
	}
	cols := []column{{8, 8, 0}, {12, 20, 1}, {8, 12, 1}, {12, 28, 2}, {16, 40, 3}, {5, 5, 0}, {16, 16, 0}, {20, 100, 8}}
	if r.Made.Baseline != "" {
		cols = append(cols, column{10, 10, 0})
	}
	tab := t.newTable(w, t.fit(cols), header...)
	for _, f := range r.Findings {
		row := []any{t.paint(f.Severity, severityColors[f.Severity]), f.Kind, f.App, shortID(f.Connector), bare(f.Endpoint), f.Count, stamp(f.LastSeen), f.Evidence}
		if r.Made.Baseline != "" {
			row = append(row, f.Change)
		}
		if err := tab.Append(row...); err != nil {
			return err
		}
	}
	return tab.Render()
}

func (t tableWriter) failures(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "Failure classes (%d)\n", len(r.Failures))
	tab := t.newTable(w, t.fit([]column{{8, 8, 0}, {8, 8, 0}, {8, 12, 1}, {16, 40, 3}, {10, 30, 2}, {5, 5, 0}, {20, 100, 8}}),
		"class", "platform", "app", "endpoint", "code", "count", "example")
	for _, f := range r.Failures {
		if err := tab.Append(f.Class, f.Platform, f.App, bare(f.Endpoint), f.Code, f.Count, f.Example); err != nil {
			return err
		}
	}
	return tab.Render()
}

// newTable returns a table whose columns named in caps wrap at those widths.
func (t tableWriter) newTable(w io.Writer, caps map[int]int, header ...any) *tablewriter.Table {
	tab := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowConfig(tw.CellConfig{
			Formatting:   tw.CellFormatting{AutoWrap: tw.WrapBreak},
			Alignment:    tw.CellAlignment{Global: tw.AlignLeft},
			ColMaxWidths: tw.CellWidth{PerColumn: tw.Mapper[int, int](caps)},
			Padding:      tw.CellPadding{Global: tw.Padding{Left: " ", Right: " "}},
		}))
	tab.Header(header...)
	return tab
}

// width is the terminal's width, or 200 columns when not on a terminal.
func (t tableWriter) width() int {
	if t.opts.Width > 0 {
		return t.opts.Width
	}
	return 200
}

// bare drops an endpoint's https:// for the terminal, where every column counts.
func bare(endpoint string) string { return strings.TrimPrefix(endpoint, "https://") }

// column is how wide a column may be: at least min, at most max, and its share (weight) of the
// width left once every column has its minimum.
type column struct{ min, max, weight int }

// fit gives each column its width so that the table (borders and padding included) fits the
// terminal: minimums first, then what is left shared by weight, never past a column's maximum.
// Coloured cells (severity, verdict) sit in columns wide enough never to wrap: wrapping would cut
// their escape codes.
func (t tableWriter) fit(cols []column) map[int]int {
	widths := make(map[int]int, len(cols))
	left := t.width() - (3*len(cols) + 1) // "│ " + " " per column, and the last border
	weights := 0
	for i, c := range cols {
		widths[i] = c.min
		left -= c.min
		weights += c.weight
	}
	for left > 0 && weights > 0 {
		given, open := 0, 0
		for i, c := range cols {
			if c.weight == 0 || widths[i] >= c.max {
				continue
			}
			add := min(max(left*c.weight/weights, 1), c.max-widths[i], left-given)
			widths[i] += add
			given += add
			if widths[i] < c.max {
				open += c.weight
			}
		}
		left -= given
		if given == 0 {
			break
		}
		weights = open
	}
	for i := range widths {
		widths[i] += 2 // tablewriter's column width holds the cell's padding too
	}
	return widths
}

// ANSI colours by severity and verdict.
var (
	severityColors = map[string]string{"critical": "1;31", "high": "31", "medium": "33", "low": "36", "info": "2"}
	verdictColors  = map[string]string{"failing": "1;31", "split": "31", "stale": "31", "unverified": "33", "migrated": "32", "retired": "2"}
)

func (t tableWriter) paint(s, color string) string {
	if !t.opts.Color || color == "" {
		return s
	}
	return "\x1b[" + color + "m" + s + "\x1b[0m"
}

// SummaryLine is the one-line summary every report starts with: apps by verdict, findings by
// severity, and changes against a baseline.
func SummaryLine(r *Report) string {
	s := r.Summarise()
	var verdicts, severities, changes []string
	for _, v := range Verdicts {
		if n := s.Verdicts[v]; n > 0 {
			verdicts = append(verdicts, fmt.Sprintf("%d %s", n, v))
		}
	}
	for _, v := range Severities {
		if n := s.Severities[v]; n > 0 {
			severities = append(severities, fmt.Sprintf("%d %s", n, v))
		}
	}
	line := fmt.Sprintf("%d apps (%s); %d findings (%s)", s.Apps, listOrNone(verdicts), s.Findings, listOrNone(severities))
	if r.Made.Baseline != "" {
		for _, c := range []string{ChangeNew, ChangePersisting, ChangeResolved} {
			changes = append(changes, fmt.Sprintf("%d %s", s.Changes[c], c))
		}
		line += "; against the baseline: " + strings.Join(changes, ", ")
	}
	return line
}

func listOrNone(parts []string) string {
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func dedupe(list []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, s := range list {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}
