package main

import (
	"github.com/scimdrift/scimdrift/internal/store"
)

const auditHint = "scimdrift audit --map samples/migration.toml samples/exports/"

// runAudit ingests the exports (into memory unless --db), analyses them with the map and writes
// the report; the exit status says whether findings reach --fail-on.
func runAudit(e *env, args []string) error {
	fs := newFlags(e, "audit", "PATH...", joinLines(
		"Ingests the exports into a store (in memory unless --db), analyses them with the migration map,",
		"and reports per app which connectors still target the old SCIM endpoint, token or tenant and",
		"whether the new path works. The per-file ingest summary goes to stderr, the report to stdout",
		"(or --out). Exit status: 0 no finding at or above --fail-on, 1 such findings, 2 usage error or",
		"unreadable input."))
	mapFile := fs.String("map", "", "the migration map (TOML)")
	db := fs.String("db", "", "keep the store in this file instead of memory")
	ingestOpts := addIngestFlags(fs, "input-format")
	reportOpts := addReportFlags(fs)
	if err := parseFlags(fs, args, auditHint); err != nil {
		return err
	}
	if err := reportOpts.check(auditHint); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"audit: name the exports to read", auditHint}
	}
	m, err := loadMap(*mapFile)
	if err != nil {
		return err
	}
	path := *db
	if path == "" {
		path = ":memory:"
	}
	s, err := store.Open(path)
	if err != nil {
		return err
	}
	defer s.Close()
	quiet := &env{stdin: e.stdin, stdout: e.stderr, stderr: e.stderr}
	if _, err := ingestAll(quiet, s, fs.Args(), ingestOpts); err != nil {
		return err
	}
	r, err := analyseAndLoad(s, m)
	if err != nil {
		return err
	}
	return writeReport(e, r, reportOpts, auditHint)
}
