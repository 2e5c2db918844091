package main

import (
	"context"
	"fmt"
	"os"

	"github.com/scimdrift/scimdrift/internal/store"
	"github.com/scimdrift/scimdrift/queries"
)

const auditHint = "scimdrift audit --map samples/migration.toml samples/exports/"

// runAudit ingests the exports (into memory unless --db) and reports per connector what it saw.
// The migration map's analyses and verdicts build on this (see the analyses issue).
func runAudit(e *env, args []string) error {
	fs := newFlags(e, "audit", "PATH...", joinLines(
		"Ingests the exports into a store (in memory unless --db) and reports, per connector,",
		"what the platforms and the SCIM targets logged."))
	mapFile := fs.String("map", "", "the migration map (TOML)")
	db := fs.String("db", "", "keep the store in this file instead of memory")
	flags := addIngestFlags(fs, "input-format")
	if err := parseFlags(fs, args, auditHint); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		return usageError{"audit: name the exports to read", auditHint}
	}
	if *mapFile != "" {
		if _, err := os.Stat(*mapFile); err != nil {
			return fmt.Errorf("audit: cannot read the map %s: %w", *mapFile, err)
		}
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
	if _, err := ingestAll(e, s, fs.Args(), flags.options()); err != nil {
		return err
	}
	res, err := s.Query(context.Background(), queries.MustGet("connectors_seen").SQL)
	if err != nil {
		return fmt.Errorf("audit: %w", err)
	}
	fmt.Fprintln(e.stdout, "\nConnectors seen")
	return writeResultTable(e.stdout, res)
}
