package main

import (
	"context"

	"github.com/scimdrift/scimdrift/analyze"
)

const reportHint = "scimdrift report --db acme.duckdb --format json --out audit.json"

// runReport writes the report of a store that analyze has analysed.
func runReport(e *env, args []string) error {
	fs := newFlags(e, "report", "", "Writes the report of a store that scimdrift analyze has analysed.")
	db := fs.String("db", "", "the store file (required)")
	flags := addReportFlags(fs)
	if err := parseFlags(fs, args, reportHint); err != nil {
		return err
	}
	if err := flags.check(reportHint); err != nil {
		return err
	}
	if *db == "" || fs.NArg() > 0 {
		return usageError{"report: --db FILE is required and takes no other arguments", reportHint}
	}
	s, err := openForReading(e, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	r, err := analyze.Load(context.Background(), s.DB)
	if err != nil {
		return err
	}
	return writeReport(e, r, flags, reportHint)
}
