package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/scimdrift/scimdrift/analyze"
)

const (
	mapInitHint  = "scimdrift map init --db acme.duckdb > migration.toml"
	mapCheckHint = "scimdrift map check migration.toml"
)

// runMap drafts a migration map from a store (map init) or checks one (map check).
func runMap(e *env, args []string) error {
	if len(args) == 0 {
		return usageError{"map: name what to do: init (draft a map from a store) or check (check a map)", mapInitHint}
	}
	switch args[0] {
	case "init":
		return runMapInit(e, args[1:])
	case "check":
		return runMapCheck(e, args[1:])
	case "-h", "--help", "help":
		fmt.Fprint(e.stdout, joinLines(
			"Usage: scimdrift map init --db FILE     draft a migration map from a store, on stdout",
			"       scimdrift map check FILE         check a migration map and summarise it",
			"", "Run scimdrift map init --help or map check --help for their flags.", ""))
		return pflag.ErrHelp
	}
	return usageError{fmt.Sprintf("map: unknown subcommand %q (init, check)", args[0]), mapInitHint}
}

// runMapInit prints a draft map made from what a store holds.
func runMapInit(e *env, args []string) error {
	fs := newFlags(e, "map init", "", joinLines(
		"Drafts a migration map (TOML) from a store that scimdrift ingest filled and prints it: cutover,",
		"old and new platforms with their tenants, endpoints and token fingerprints, and one [[apps]] per",
		"connector name. Every value is a guess whose comment says where it comes from: edit the draft,",
		"then run scimdrift map check on it."))
	db := fs.String("db", "", "the store file (required)")
	if err := parseFlags(fs, args, mapInitHint); err != nil {
		return err
	}
	if *db == "" {
		return usageError{"map init: --db FILE is required (a store that scimdrift ingest filled)", mapInitHint}
	}
	if fs.NArg() > 0 {
		return usageError{"map init: takes no arguments; it reads the store named by --db", mapInitHint}
	}
	s, err := openForReading(e, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	draft, err := analyze.DraftMap(context.Background(), s, *db)
	if err != nil {
		return fmt.Errorf("map init: %w", err)
	}
	_, err = e.stdout.Write(draft)
	return err
}

// runMapCheck loads a map and prints a one-line summary of it, or every problem it has.
func runMapCheck(e *env, args []string) error {
	fs := newFlags(e, "map check", "FILE", joinLines(
		"Checks a migration map and prints a one-line summary of it; on a problem, prints each one",
		"with its line and exits with status 2."))
	if err := parseFlags(fs, args, mapCheckHint); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError{"map check: name one map file", mapCheckHint}
	}
	m, err := analyze.LoadMap(fs.Arg(0))
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "%s: cutover %s, grace %s; old %s; new %s; %s\n", m.Path,
		m.Cutover.Format(time.RFC3339Nano), shortDuration(m.Grace), sideSummary(m.Old), sideSummary(m.New),
		plural(len(m.Apps), "app"))
	return nil
}

// sideSummary is "okta (1 tenant, 8 endpoints, 8 token fingerprints)".
func sideSummary(s analyze.Side) string {
	platforms := strings.Join(s.Platforms, ", ")
	if platforms == "" {
		platforms = "no platform"
	}
	return fmt.Sprintf("%s (%s, %s, %s)", platforms, plural(len(s.Tenants), "tenant"),
		plural(len(s.Endpoints), "endpoint"), plural(len(s.TokenFingerprints), "token fingerprint"))
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// shortDuration drops the zero units time.Duration prints: 24h, not 24h0m0s.
func shortDuration(d time.Duration) string {
	s := d.String()
	if strings.HasSuffix(s, "m0s") {
		s = strings.TrimSuffix(s, "0s")
	}
	if strings.HasSuffix(s, "h0m") {
		s = strings.TrimSuffix(s, "0m")
	}
	return s
}
