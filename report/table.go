package report

import (
	"fmt"
	"io"
	"time"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// tableWriter prints plain terminal tables: verdicts, findings by severity, failure classes.
type tableWriter struct{}

func (tableWriter) Write(w io.Writer, r *Report) error {
	fmt.Fprintf(w, "Verdicts (%d apps)\n", len(r.Apps))
	verdicts := newTable(w, "app", "verdict", "owner", "connectors (platform: endpoint, role)", "reason")
	for _, a := range r.Apps {
		conns := ""
		for i, c := range a.Connectors {
			if i > 0 {
				conns += "\n"
			}
			conns += fmt.Sprintf("%s %s: %s (%s)", c.Platform, c.Side, orDash(c.Endpoint), c.EndpointRole)
		}
		if err := verdicts.Append(a.App, a.Verdict, a.Owner, conns, a.Reason); err != nil {
			return err
		}
	}
	if err := verdicts.Render(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nFindings (%d)\n", len(r.Findings))
	findings := newTable(w, "severity", "kind", "app", "connector", "endpoint", "count", "last seen", "evidence")
	for _, f := range r.Findings {
		if err := findings.Append(f.Severity, f.Kind, f.App, f.Connector, f.Endpoint, f.Count, stamp(f.LastSeen), f.Evidence); err != nil {
			return err
		}
	}
	if err := findings.Render(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\nFailure classes (%d)\n", len(r.Failures))
	failures := newTable(w, "class", "platform", "app", "endpoint", "code", "count", "example")
	for _, f := range r.Failures {
		if err := failures.Append(f.Class, f.Platform, f.App, f.Endpoint, f.Code, f.Count, f.Example); err != nil {
			return err
		}
	}
	return failures.Render()
}

func newTable(w io.Writer, header ...any) *tablewriter.Table {
	t := tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithHeaderAlignment(tw.AlignLeft),
		tablewriter.WithRowAutoWrap(tw.WrapNormal), tablewriter.WithMaxWidth(200))
	t.Header(header...)
	return t
}

func stamp(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04")
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
