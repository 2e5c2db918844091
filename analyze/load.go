package analyze

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/scimdrift/scimdrift/queries"
	"github.com/scimdrift/scimdrift/report"
)

// Load reads an analysed store into a report.
func Load(ctx context.Context, db *sql.DB) (*report.Report, error) {
	r := &report.Report{Schema: report.Schema}
	if err := db.QueryRowContext(ctx, "SELECT cutover, map_path FROM map_settings").Scan(&r.Cutover, &r.Made.Map); err != nil && err != sql.ErrNoRows {
		return nil, fmt.Errorf("reading the map settings: %w", err)
	}
	steps := []struct {
		query string
		scan  func(*sql.Rows) error
	}{
		{"report_window", func(rows *sql.Rows) error { return rows.Scan(&r.Window.From, &r.Window.To) }},
		{"report_sources", func(rows *sql.Rows) error {
			var s report.Source
			err := rows.Scan(&s.Path, &s.Format, &s.Records, &s.Rejected, &s.SHA256, &s.Stored, &s.OutOfScope, &s.Truncated)
			r.Sources = append(r.Sources, s)
			return err
		}},
		{"report_apps", func(rows *sql.Rows) error {
			var a report.App
			err := rows.Scan(&a.App, &a.Verdict, &a.Owner, &a.Mapped, &a.Reason)
			r.Apps = append(r.Apps, a)
			return err
		}},
		{"report_connectors", func(rows *sql.Rows) error {
			var app string
			var c report.Connector
			if err := rows.Scan(&app, &c.Connector, &c.Platform, &c.Tenant, &c.Side, &c.Enabled, &c.Endpoint,
				&c.EndpointRole, &c.Evidence, &c.LastEvent, &c.Events); err != nil {
				return err
			}
			for i := range r.Apps {
				if r.Apps[i].App == app {
					r.Apps[i].Connectors = append(r.Apps[i].Connectors, c)
				}
			}
			return nil
		}},
		{"report_findings", func(rows *sql.Rows) error {
			var f report.Finding
			err := rows.Scan(&f.ID, &f.Kind, &f.Severity, &f.App, &f.Platform, &f.Tenant, &f.Connector, &f.Endpoint,
				&f.Count, &f.FirstSeen, &f.LastSeen, &f.Evidence)
			r.Findings = append(r.Findings, f)
			return err
		}},
		{"report_failures", func(rows *sql.Rows) error {
			var f report.Failure
			err := rows.Scan(&f.Class, &f.Platform, &f.App, &f.Endpoint, &f.Code, &f.Count, &f.Example)
			r.Failures = append(r.Failures, f)
			return err
		}},
		{"report_traffic", func(rows *sql.Rows) error {
			var d report.Daily
			err := rows.Scan(&d.App, &d.Day, &d.Source, &d.Series, &d.Count)
			d.Day = d.Day.UTC()
			r.Traffic = append(r.Traffic, d)
			return err
		}},
		{"report_failures_by_day", func(rows *sql.Rows) error {
			d := report.Daily{Source: "failures"}
			err := rows.Scan(&d.Day, &d.Series, &d.Count)
			d.Day = d.Day.UTC()
			r.FailuresByDay = append(r.FailuresByDay, d)
			return err
		}},
	}
	for _, step := range steps {
		if err := forEachRow(ctx, db, step.query, step.scan); err != nil {
			return nil, err
		}
	}
	utc(r)
	r.Events = func(each func(report.Event) error) error {
		return forEachRow(ctx, db, "report_events", func(rows *sql.Rows) error {
			var e report.Event
			if err := rows.Scan(&e.Time, &e.Platform, &e.Tenant, &e.Connector, &e.App, &e.Action, &e.Object, &e.Result,
				&e.UserName, &e.FailureClass, &e.ErrorCode, &e.HTTPStatus, &e.ErrorText); err != nil {
				return err
			}
			if e.Time != nil {
				*e.Time = e.Time.UTC()
			}
			return each(e)
		})
	}
	return r, nil
}

// forEachRow runs a named query and calls scan for every row.
func forEachRow(ctx context.Context, db *sql.DB, name string, scan func(*sql.Rows) error) error {
	q, err := queries.Get(name)
	if err != nil {
		return err
	}
	rows, err := db.QueryContext(ctx, q.SQL)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := scan(rows); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return rows.Err()
}

// utc puts every time of the report in UTC, so output does not depend on the machine's zone.
func utc(r *report.Report) {
	fix := func(t *time.Time) {
		if t != nil {
			*t = t.UTC()
		}
	}
	fix(r.Cutover)
	fix(r.Window.From)
	fix(r.Window.To)
	for i := range r.Findings {
		fix(r.Findings[i].FirstSeen)
		fix(r.Findings[i].LastSeen)
	}
	for i := range r.Apps {
		for j := range r.Apps[i].Connectors {
			fix(r.Apps[i].Connectors[j].LastEvent)
		}
	}
}
