package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
)

// csvWriter writes one table of a report as RFC 4180 CSV: one header row, then data rows, CRLF line
// ends, fields quoted when they hold a comma, a quote or a line break. Nothing else goes in the
// file (no comment lines), so every CSV reader takes it; what the report was made from is the
// sources table, and the map, window, version and command line are in the markdown, json and
// html reports.
//
// Text cells are neutralised for spreadsheets: a cell that starts with = + - @ or a tab, carriage
// return or line feed gets a leading single quote, as OWASP recommends against formula injection,
// so that a display name like =HYPERLINK(…) is shown, not run. Numbers and times are written by
// scimdrift itself and left as they are.
type csvWriter struct {
	table string
}

// csvTable is one table: its header and a function that emits its rows in report order.
type csvTable struct {
	header []string
	rows   func(r *Report, emit func(...string) error) error
}

// DefaultCSVTable is the table --format csv writes unless another is chosen.
const DefaultCSVTable = "findings"

var csvTables = map[string]csvTable{
	"apps": {
		[]string{"app", "verdict", "owner", "mapped", "reason", "platform", "tenant", "connector", "side", "enabled",
			"endpoint", "endpoint_role", "endpoint_evidence", "events", "last_event"},
		appRows,
	},
	"findings": {
		[]string{"id", "kind", "severity", "change", "app", "platform", "tenant", "connector", "endpoint", "count",
			"first_seen", "last_seen", "evidence"},
		findingRows,
	},
	"failures": {
		[]string{"class", "platform", "app", "endpoint", "code", "count", "example"},
		failureRows,
	},
	"events": {
		[]string{"time", "platform", "tenant", "connector", "app", "action", "object", "result", "user_name",
			"failure_class", "error_code", "http_status", "error_text"},
		eventRows,
	},
	"sources": {
		[]string{"path", "format", "sha256", "records", "stored", "rejected", "out_of_scope", "truncated"},
		sourceRows,
	},
}

// CSVTables lists the tables --format csv can write.
func CSVTables() []string {
	names := make([]string, 0, len(csvTables))
	for n := range csvTables {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// NewCSV returns the CSV writer of one table; "" is DefaultCSVTable.
func NewCSV(table string) (Writer, error) {
	if table == "" {
		table = DefaultCSVTable
	}
	if _, ok := csvTables[table]; !ok {
		return nil, fmt.Errorf("unknown CSV table %q (known: %s)", table, strings.Join(CSVTables(), ", "))
	}
	return csvWriter{table: table}, nil
}

func (c csvWriter) Write(w io.Writer, r *Report) error {
	table, ok := csvTables[c.table]
	if !ok {
		return fmt.Errorf("unknown CSV table %q (known: %s)", c.table, strings.Join(CSVTables(), ", "))
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(table.header); err != nil {
		return err
	}
	err := table.rows(r, func(fields ...string) error { return cw.Write(fields) })
	cw.Flush()
	if err != nil {
		return fmt.Errorf("csv table %s: %w", c.table, err)
	}
	return cw.Error()
}

func appRows(r *Report, emit func(...string) error) error {
	for _, a := range r.Apps {
		app := []string{cell(a.App), cell(a.Verdict), cell(a.Owner), strconv.FormatBool(a.Mapped), cell(a.Reason)}
		if len(a.Connectors) == 0 {
			if err := emit(append(app, make([]string, 10)...)...); err != nil {
				return err
			}
		}
		for _, c := range a.Connectors {
			row := append(slices.Clone(app), cell(c.Platform), cell(c.Tenant), cell(c.Connector), cell(c.Side),
				boolCell(c.Enabled), cell(c.Endpoint), cell(c.EndpointRole), cell(c.Evidence),
				strconv.FormatInt(c.Events, 10), timeCell(c.LastEvent))
			if err := emit(row...); err != nil {
				return err
			}
		}
	}
	return nil
}

func findingRows(r *Report, emit func(...string) error) error {
	for _, f := range r.Findings {
		if err := emit(cell(f.ID), cell(f.Kind), cell(f.Severity), cell(f.Change), cell(f.App), cell(f.Platform),
			cell(f.Tenant), cell(f.Connector), cell(f.Endpoint), strconv.FormatInt(f.Count, 10),
			timeCell(f.FirstSeen), timeCell(f.LastSeen), cell(f.Evidence)); err != nil {
			return err
		}
	}
	return nil
}

func failureRows(r *Report, emit func(...string) error) error {
	for _, f := range r.Failures {
		if err := emit(cell(f.Class), cell(f.Platform), cell(f.App), cell(f.Endpoint), cell(f.Code),
			strconv.FormatInt(f.Count, 10), cell(f.Example)); err != nil {
			return err
		}
	}
	return nil
}

// errNoEvents: the events table streams from the store, which a report read back from JSON (or
// built in memory) does not have.
var errNoEvents = errors.New("no stored events to stream: the events table needs a report loaded from a store (scimdrift audit or scimdrift report --db)")

// eventRows streams the events from the store, one row at a time: a store holds millions.
func eventRows(r *Report, emit func(...string) error) error {
	if r.Events == nil {
		return errNoEvents
	}
	return r.Events(func(e Event) error {
		status := ""
		if e.HTTPStatus != 0 {
			status = strconv.FormatInt(e.HTTPStatus, 10)
		}
		return emit(timeCell(e.Time), cell(e.Platform), cell(e.Tenant), cell(e.Connector), cell(e.App), cell(e.Action),
			cell(e.Object), cell(e.Result), cell(e.UserName), cell(e.FailureClass), cell(e.ErrorCode), status,
			cell(e.ErrorText))
	})
}

func sourceRows(r *Report, emit func(...string) error) error {
	for _, s := range r.Sources {
		if err := emit(cell(s.Path), cell(s.Format), cell(s.SHA256), strconv.FormatInt(s.Records, 10),
			strconv.FormatInt(s.Stored, 10), strconv.FormatInt(s.Rejected, 10), strconv.FormatInt(s.OutOfScope, 10),
			strconv.FormatBool(s.Truncated)); err != nil {
			return err
		}
	}
	return nil
}

// cell neutralises a text cell for spreadsheets: one that starts with a character a spreadsheet
// reads as the start of a formula (= + - @) or that it may skip before one (tab, carriage return,
// line feed) gets a leading single quote. The CSV writer quotes the rest.
func cell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r\n", rune(s[0])) {
		return "'" + s
	}
	return s
}

func boolCell(b *bool) string {
	if b == nil {
		return ""
	}
	return strconv.FormatBool(*b)
}

// timeCell is RFC 3339 in UTC with the precision the input had; "" when unknown.
func timeCell(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}
