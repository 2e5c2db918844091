package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"
	"golang.org/x/term"

	"github.com/scimdrift/scimdrift/analyze"
	"github.com/scimdrift/scimdrift/internal/store"
	"github.com/scimdrift/scimdrift/report"
)

const analyzeHint = "scimdrift analyze --db acme.duckdb --map migration.toml"

// runAnalyze analyses a store with the map and stores findings and verdicts in it.
func runAnalyze(e *env, args []string) error {
	fs := newFlags(e, "analyze", "", joinLines(
		"Analyses a store that ingest filled: classifies failures, decides which endpoint each connector",
		"calls, and stores findings and per-app verdicts (tables findings and apps). Without --map, it",
		"reports what each connector did and flags every endpoint as unplaced."))
	db := fs.String("db", "", "the store file (required)")
	mapFile := fs.String("map", "", "the migration map (TOML)")
	if err := parseFlags(fs, args, analyzeHint); err != nil {
		return err
	}
	if *db == "" || fs.NArg() > 0 {
		return usageError{"analyze: --db FILE is required and takes no other arguments", analyzeHint}
	}
	m, err := loadMap(*mapFile)
	if err != nil {
		return err
	}
	if _, err := os.Stat(*db); err != nil {
		return fmt.Errorf("no store at %s (create one with: scimdrift ingest --db %s EXPORTS...)", *db, *db)
	}
	s, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := analyseAndLoad(s, m)
	if err != nil {
		return err
	}
	return summarise(e.stdout, r)
}

// loadMap loads the map named by --map; "" means no map.
func loadMap(path string) (*analyze.Map, error) {
	if path == "" {
		return nil, nil
	}
	m, err := analyze.LoadMap(path)
	if err != nil {
		return nil, fmt.Errorf("reading the map: %w", err)
	}
	return m, nil
}

func analyseAndLoad(s *store.Store, m *analyze.Map) (*report.Report, error) {
	ctx := context.Background()
	if err := analyze.Run(ctx, s.DB, m, analyze.DefaultSettings); err != nil {
		return nil, err
	}
	return analyze.Load(ctx, s.DB)
}

// summarise prints one line of findings by severity and one of apps by verdict.
func summarise(w io.Writer, r *report.Report) error {
	var parts []string
	for _, sev := range report.Severities {
		n := 0
		for _, f := range r.Findings {
			if f.Severity == sev {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, sev))
		}
	}
	verdicts := map[string]int{}
	for _, a := range r.Apps {
		verdicts[a.Verdict]++
	}
	var vs []string
	for _, v := range []string{"migrated", "stale", "split", "failing", "unverified", "retired"} {
		if verdicts[v] > 0 {
			vs = append(vs, fmt.Sprintf("%d %s", verdicts[v], v))
		}
	}
	_, err := fmt.Fprintf(w, "%d findings (%s); %d apps (%s)\n", len(r.Findings), orNone(parts), len(r.Apps), orNone(vs))
	return err
}

func orNone(parts []string) string {
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// reportFlagValues are the flags of the commands that write a report.
type reportFlagValues struct {
	format, table, out, failOn, baseline *string
}

func addReportFlags(fs *pflag.FlagSet) reportFlagValues {
	return reportFlagValues{
		format:   fs.String("format", "table", "report format: "+strings.Join(report.Formats(), ", ")),
		table:    fs.String("table", "", "with --format csv, the table to write: "+strings.Join(report.CSVTables(), ", ")+" (default "+report.DefaultCSVTable+")"),
		out:      fs.String("out", "", "write the report to this file instead of stdout"),
		failOn:   fs.String("fail-on", "high", "exit 1 when a finding is at or above this severity ("+strings.Join(report.Severities, ", ")+", or none)"),
		baseline: fs.String("baseline", "", "a JSON report of an earlier run: mark each finding new, persisting or resolved"),
	}
}

// newWriter is the writer of --format: the CSV writer of --table (which only CSV takes), the
// terminal table fitted to where stdout goes, or the format's writer.
func newWriter(flags reportFlagValues, stdout io.Writer) (report.Writer, error) {
	format, table := *flags.format, *flags.table
	if format == "csv" {
		return report.NewCSV(table)
	}
	if table != "" {
		return nil, fmt.Errorf("--table %s chooses a CSV table: add --format csv", table)
	}
	if format == "table" {
		return report.NewTable(terminalOptions(stdout, *flags.out)), nil
	}
	return report.New(format)
}

// check refuses report flags with an unknown value, before any work is done.
func (flags reportFlagValues) check(hint string) error {
	if *flags.failOn != "none" && report.SeverityRank(*flags.failOn) == len(report.Severities) {
		return usageError{fmt.Sprintf("unknown --fail-on %q (%s, or none)", *flags.failOn, strings.Join(report.Severities, ", ")), hint}
	}
	if _, err := newWriter(flags, nil); err != nil {
		return usageError{err.Error(), hint}
	}
	return nil
}

// writeReport renders r as the flags say and returns exitStatus(1) when findings reach --fail-on.
func writeReport(e *env, r *report.Report, flags reportFlagValues, hint string) error {
	if err := flags.check(hint); err != nil {
		return err
	}
	w, err := newWriter(flags, e.stdout)
	if err != nil {
		return err
	}
	if *flags.baseline != "" {
		before, err := report.ReadJSON(*flags.baseline)
		if err != nil {
			return err
		}
		r.CompareWith(before, *flags.baseline)
	}
	r.Made.Version, r.Made.Command = version, e.commandLine()
	out := e.stdout
	if *flags.out != "" {
		f, err := os.Create(*flags.out)
		if err != nil {
			return fmt.Errorf("writing the report: %w", err)
		}
		defer f.Close()
		out = f
	}
	r.Sort()
	if err := w.Write(out, r); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	if *flags.failOn != "none" && r.AtOrAbove(*flags.failOn) > 0 {
		return exitStatus(exitFindings)
	}
	return nil
}

// terminalOptions colours the table and fits it to the terminal's width when the report goes to a
// terminal, and leaves both off otherwise (a file, a pipe) or when NO_COLOR is set.
func terminalOptions(stdout io.Writer, out string) report.TableOptions {
	f, ok := stdout.(*os.File)
	if out != "" || !ok || !term.IsTerminal(int(f.Fd())) {
		return report.TableOptions{}
	}
	width, _, err := term.GetSize(int(f.Fd()))
	if err != nil {
		width = 0
	}
	_, noColor := os.LookupEnv("NO_COLOR")
	return report.TableOptions{Color: !noColor, Width: width}
}
