package main

import (
	"errors"
	"io"
	"os"

	"github.com/spf13/pflag"

	"github.com/scimdrift/scimdrift/ingest"
	"github.com/scimdrift/scimdrift/internal/store"
)

const ingestHint = "scimdrift ingest --db acme.duckdb exports/"

// runIngest reads exports into a store file and prints what each file gave.
func runIngest(e *env, args []string) error {
	fs := newFlags(e, "ingest", "PATH...", joinLines(
		"Reads exports (files, directories, .gz, .zip, or - for stdin) into the store, each file in one",
		"transaction (small files one after another, such as Graph pages, share one, up to 1 GiB).",
		"A file already in the store (same SHA-256) adds nothing."))
	db := fs.String("db", "", "the store file to create or add to (required)")
	flags := addIngestFlags(fs, "format")
	if err := parseFlags(fs, args, ingestHint); err != nil {
		return err
	}
	if *db == "" {
		return usageError{"ingest: --db FILE is required", ingestHint}
	}
	if fs.NArg() == 0 {
		return usageError{"ingest: name at least one file or directory to read", ingestHint}
	}
	s, err := store.Open(*db)
	if err != nil {
		return err
	}
	defer s.Close()
	_, err = ingestAll(e, s, fs.Args(), flags)
	return err
}

// ingestFlagValues are the parsed flags every command that ingests shares.
type ingestFlagValues struct {
	format     *string
	strict     *bool
	noProgress *bool
}

// addIngestFlags adds those flags; formatFlag is "format" for ingest and "input-format" for
// audit, whose --format names the report format.
func addIngestFlags(fs *pflag.FlagSet, formatFlag string) ingestFlagValues {
	return ingestFlagValues{
		format: fs.String(formatFlag, "", "read every input as this format instead of detecting it (see scimdrift formats)"),
		strict: fs.Bool("strict", false, "fail a file (store nothing of it) on its first rejected record"),
		noProgress: fs.Bool("no-progress", false,
			"do not show the progress line (drawn on stderr only when it is a terminal, and not with TERM=dumb)"),
	}
}

func (v ingestFlagValues) options() ingest.Options {
	return ingest.Options{Format: *v.format, Strict: *v.strict}
}

// ingestAll expands the paths and ingests every input, printing one summary line per file, with a
// progress line on stderr while it reads when stderr is a terminal.
// A named file that cannot be read or recognised stops the run with exit status 2.
func ingestAll(e *env, s *store.Store, paths []string, flags ingestFlagValues) (_ []*ingest.Source, err error) {
	opts := flags.options()
	if opts.Format != "" {
		if _, err := ingest.Lookup(opts.Format); err != nil {
			return nil, usageError{err.Error(), "scimdrift formats"}
		}
	}
	inputs, skipped, err := ingest.Expand(paths, e.stdin)
	if err != nil {
		return nil, err
	}
	restore, err := s.CapMemory(store.IngestMemory)
	if err != nil {
		return nil, err
	}
	defer func() { err = errors.Join(err, restore()) }()
	defer func() { err = errors.Join(err, s.AllThreads()) }() // first: restore checkpoints on every thread
	defer ingestGC(os.Getenv)()
	display := startProgress(stderrTerm(e.stderr, *flags.noProgress), inputs, progressAfter, progressEvery)
	if display != nil {
		opts.Progress = display.add
	}
	var sources []*ingest.Source
	var failure error
	// A file's turn ends when the next one's begins (done may come later, for a file stored in a
	// group with the ones after it): that is when the progress total learns what it gave.
	current := -1
	startFile := func(i int) {
		if current >= 0 {
			display.endFile(current)
		}
		current = i
		display.startFile(i)
	}
	ingest.Files(inputs, s, opts, startFile, func(i int, src *ingest.Source, err error) bool {
		if err != nil && !inputs[i].Named && errors.Is(err, ingest.ErrUndetected) {
			skipped = append(skipped, ingest.Skipped{Path: inputs[i].Path, Reason: "no known format"})
			return true
		}
		if err != nil {
			failure = err
			return false
		}
		sources = append(sources, src)
		return true
	})
	if current >= 0 {
		display.endFile(current)
	}
	display.finish()
	if err := printSources(e.stdout, sources, skipped); err != nil {
		return nil, err
	}
	return sources, failure
}

// printSources prints the per-file accounting: records = stored + rejected + out of scope.
func printSources(w io.Writer, sources []*ingest.Source, skipped []ingest.Skipped) error {
	if len(sources)+len(skipped) == 0 {
		return nil
	}
	t := newTable(w)
	t.Header("file", "format", "records", "stored", "rejected", "out of scope", "note")
	for _, s := range sources {
		note := ""
		switch {
		case s.Duplicate:
			note = "already in the store: skipped"
		case s.Truncated:
			note = "truncated input: kept what was read"
		}
		if err := t.Append(s.Path, s.Format, s.Records, s.Stored, s.Rejected, s.OutOfScope, note); err != nil {
			return err
		}
	}
	for _, s := range skipped {
		if err := t.Append(s.Path, "", "", "", "", "", "skipped: "+s.Reason); err != nil {
			return err
		}
	}
	return t.Render()
}

// totalRejected sums the rejects of a run.
func totalRejected(sources []*ingest.Source) int64 {
	var n int64
	for _, s := range sources {
		n += s.Rejected
	}
	return n
}
