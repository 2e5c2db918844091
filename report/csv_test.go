package report

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// csvFixtureEvents streams a few events, the second one hostile to spreadsheets and to CSV.
func csvFixtureEvents(each func(Event) error) error {
	for _, e := range []Event{
		{Platform: "okta", Tenant: "acme.okta.com", Connector: "0oaSlack", App: "Slack", Action: "create", Object: "user",
			Result: "success", UserName: "priya.raman@acme.example"},
		{Time: at("2026-11-16T00:12:12Z"), Platform: "entra", Tenant: "3f2a", Connector: "zoom.3f2a.0002", App: "Zoom", Action: "update",
			Object: "user", Result: "failure", UserName: "@admin", FailureClass: "token", ErrorCode: "Unauthorized", HTTPStatus: 401,
			ErrorText: "=cmd|' /C calc'!A0, \"quoted\"\r\nnext line"},
	} {
		if err := each(e); err != nil {
			return err
		}
	}
	return nil
}

func writeCSV(t *testing.T, table string, r *Report) []byte {
	t.Helper()
	w, err := NewCSV(table)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := w.Write(&b, r); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCSVGolden(t *testing.T) {
	r := markdownCSVFixture()
	r.Events = csvFixtureEvents
	for _, table := range CSVTables() {
		t.Run(table, func(t *testing.T) {
			checkGolden(t, "csv_"+table+".golden", writeCSV(t, table, r))
		})
	}
}

// TestCSVIsRFC4180: every table reads back with a strict CSV reader, one header and rows of its
// width, CRLF line ends, and each text cell is the value itself or the value neutralised.
func TestCSVIsRFC4180(t *testing.T) {
	r := markdownCSVFixture()
	r.Events = csvFixtureEvents
	for _, table := range CSVTables() {
		out := writeCSV(t, table, r)
		if bytes.Count(out, []byte("\r\n")) < 2 || !bytes.HasSuffix(out, []byte("\r\n")) {
			t.Errorf("%s: want CRLF line ends:\n%q", table, out)
		}
		rows, err := csv.NewReader(bytes.NewReader(out)).ReadAll() // FieldsPerRecord 0: all rows as wide as the first
		if err != nil {
			t.Errorf("%s: %v", table, err)
			continue
		}
		if diff := cmp.Diff(csvTables[table].header, rows[0]); diff != "" {
			t.Errorf("%s header (-want +got):\n%s", table, diff)
		}
	}
	rows, _ := csv.NewReader(bytes.NewReader(writeCSV(t, "events", r))).ReadAll()
	// The line break is written as CRLF, as RFC 4180 has it, and read back as LF.
	if got, want := rows[2][12], "'=cmd|' /C calc'!A0, \"quoted\"\nnext line"; got != want {
		t.Errorf("error_text read back as %q, want %q", got, want)
	}
	if got := rows[2][8]; got != "'@admin" {
		t.Errorf("user_name read back as %q", got)
	}
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`=HYPERLINK("http://evil.example","x")`, `'=HYPERLINK("http://evil.example","x")`},
		{"+1", "'+1"},
		{"-2+3", "'-2+3"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"\n=1", "'\n=1"},
		{"", ""},
		{"Slack", "Slack"},
		{"a=b", "a=b"},
		{" =1", " =1"},
		{"'quoted", "'quoted"},
		{"https://scim.acme.example/scim/v2", "https://scim.acme.example/scim/v2"},
	} {
		if got := cell(tc.in); got != tc.want {
			t.Errorf("cell(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestCSVInjectionInEveryTable: the hostile app name is neutralised wherever it appears.
func TestCSVInjectionInEveryTable(t *testing.T) {
	r := markdownCSVFixture()
	for _, table := range []string{"apps", "findings", "failures"} {
		rows, err := csv.NewReader(bytes.NewReader(writeCSV(t, table, r))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, row := range rows[1:] {
			for _, c := range row {
				if strings.HasPrefix(c, "=") || strings.HasPrefix(c, "+") || strings.HasPrefix(c, "-") || strings.HasPrefix(c, "@") {
					t.Errorf("%s: cell %q starts a formula", table, c)
				}
				found = found || c == `'=HYPERLINK("http://evil.example","Wiki | EU")`
			}
		}
		if !found {
			t.Errorf("%s: the neutralised app name is missing", table)
		}
	}
}

// TestCSVFindingsCarryTheChange: the change column is always there, empty without a baseline.
func TestCSVFindingsCarryTheChange(t *testing.T) {
	r := markdownCSVFixture()
	rows, _ := csv.NewReader(bytes.NewReader(writeCSV(t, "findings", r))).ReadAll()
	var got []string
	for _, row := range rows[1:] {
		got = append(got, row[1]+" "+row[3])
	}
	want := []string{"stale_endpoint persisting", "unmapped_endpoint new", "sso_tokens_leaked new", "retention_gap resolved"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("kind and change (-want +got):\n%s", diff)
	}
	r = &Report{Findings: []Finding{{ID: "a", Kind: "scope_drift"}}}
	rows, _ = csv.NewReader(bytes.NewReader(writeCSV(t, "findings", r))).ReadAll()
	if rows[0][3] != "change" || rows[1][3] != "" {
		t.Errorf("without a baseline: header %q, change %q", rows[0][3], rows[1][3])
	}
}

// TestCSVEventsStream: rows reach the output while the store is still streaming, so the table
// never holds all events in memory.
func TestCSVEventsStream(t *testing.T) {
	const total = 50000
	var out bytes.Buffer
	writtenMidway := 0
	r := &Report{Events: func(each func(Event) error) error {
		for i := range total {
			if i == total/2 {
				writtenMidway = out.Len()
			}
			if err := each(Event{Platform: "okta", Connector: fmt.Sprintf("0oa%d", i), Action: "update", Object: "user", Result: "success"}); err != nil {
				return err
			}
		}
		return nil
	}}
	w, _ := NewCSV("events")
	if err := w.Write(&out, r); err != nil {
		t.Fatal(err)
	}
	if writtenMidway == 0 {
		t.Error("nothing was written before the last event: the events table is not streamed")
	}
	if n := bytes.Count(out.Bytes(), []byte("\r\n")); n != total+1 {
		t.Errorf("%d lines, want %d", n, total+1)
	}
}

func TestCSVEventsErrors(t *testing.T) {
	w, _ := NewCSV("events")
	err := w.Write(&bytes.Buffer{}, &Report{})
	if !errors.Is(err, errNoEvents) || !strings.Contains(err.Error(), "csv table events") {
		t.Errorf("without a store: %v", err)
	}
	broken := errors.New("store closed")
	err = w.Write(&bytes.Buffer{}, &Report{Events: func(func(Event) error) error { return broken }})
	if !errors.Is(err, broken) {
		t.Errorf("a store error should come through: %v", err)
	}
}

func TestNewCSV(t *testing.T) {
	w, err := NewCSV("")
	if err != nil || w.(csvWriter).table != "findings" {
		t.Errorf(`NewCSV("") = %v, %v; want the findings table`, w, err)
	}
	if _, err := NewCSV("users"); err == nil || !strings.Contains(err.Error(), "apps, events, failures, findings, sources") {
		t.Errorf("NewCSV(users) = %v", err)
	}
	if def, _ := New("csv"); def.(csvWriter).table != DefaultCSVTable {
		t.Errorf("--format csv alone writes %q", def.(csvWriter).table)
	}
}
