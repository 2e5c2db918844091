package main

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
	"github.com/spf13/pflag"
)

// Exit statuses (DESIGN.md): 0 nothing at or above --fail-on, 1 such findings, 2 usage error or
// unreadable input.
const (
	exitOK       = 0
	exitFindings = 1
	exitUsage    = 2
)

// version is scimdrift's version, stated in every report.
const version = "0.1.0-dev"

// env is what a command may touch: its streams and the command line it was started with.
// Commands never call os.Exit.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	args           []string // the arguments after the program name, for the report's provenance
}

// commandLine is the command line as a person could type it again.
func (e *env) commandLine() string {
	parts := []string{"scimdrift"}
	for _, a := range e.args {
		if a == "" || strings.ContainsAny(a, " \t\"'$\\") {
			a = strconv.Quote(a)
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}

// command is one subcommand.
type command struct {
	summary string
	run     func(e *env, args []string) error
}

var commands = map[string]command{
	"audit":       {"ingest, analyse and report in one run (in memory unless --db)", runAudit},
	"analyze":     {"analyse a store with the migration map: findings and verdicts", runAnalyze},
	"report":      {"write the report of an analysed store", runReport},
	"ingest":      {"read exports into a store", runIngest},
	"query":       {"run SQL against a store", runQuery},
	"formats":     {"list the input formats scimdrift reads", runFormats},
	"fingerprint": {"print the fingerprint of a token read from stdin", runFingerprint},
	"map":         {"draft a migration map from a store (map init) or check one (map check)", runMap},
}

// Do runs scimdrift with the arguments after the program name and returns the exit status.
func Do(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr, args: args}
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stdout)
		if len(args) == 0 {
			return exitUsage
		}
		return exitOK
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "scimdrift: unknown command %q\n", args[0])
		usage(stderr)
		return exitUsage
	}
	err := cmd.run(e, args[1:])
	var status exitStatus
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, pflag.ErrHelp):
		return exitOK
	case errors.As(err, &status):
		return int(status)
	}
	fmt.Fprintf(stderr, "scimdrift: %v\n", err)
	var u usageError
	if errors.As(err, &u) && u.hint != "" {
		fmt.Fprintf(stderr, "Try: %s\n", u.hint)
	}
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "scimdrift finds SCIM provisioning left behind after an identity migration.")
	fmt.Fprintln(w, "\nUsage: scimdrift COMMAND [flags] ...\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-12s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun scimdrift COMMAND --help for a command's flags.")
}

// usageError is a mistake on the command line; hint is a corrected example.
type usageError struct {
	msg, hint string
}

func (u usageError) Error() string { return u.msg }

// exitStatus ends a command with a status and nothing more to print.
type exitStatus int

func (s exitStatus) Error() string { return fmt.Sprintf("exit status %d", int(s)) }

// newFlags returns a flag set whose usage text names the command and its arguments.
func newFlags(e *env, name, args, about string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.SortFlags = false
	fs.Usage = func() {
		fmt.Fprintf(e.stderr, "Usage: scimdrift %s [flags] %s\n\n%s\n\nFlags:\n%s", name, args, about, fs.FlagUsages())
	}
	return fs
}

// parseFlags parses args and turns a flag mistake into a usage error with a hint.
func parseFlags(fs *pflag.FlagSet, args []string, hint string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, pflag.ErrHelp) {
			return err
		}
		return usageError{fmt.Sprintf("%s: %v", fs.Name(), err), hint}
	}
	return nil
}

// joinLines is strings.Join with a newline, for multi-line usage texts.
func joinLines(lines ...string) string { return strings.Join(lines, "\n") }

// newTable returns a terminal table that shows column names as they are.
func newTable(w io.Writer) *tablewriter.Table {
	return tablewriter.NewTable(w, tablewriter.WithHeaderAutoFormat(tw.Off), tablewriter.WithHeaderAlignment(tw.AlignLeft))
}
