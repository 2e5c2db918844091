package main

import (
	"fmt"
	"strings"

	"github.com/scimdrift/scimdrift/ingest"
)

// runFormats lists the registry, in detection order.
func runFormats(e *env, args []string) error {
	fs := newFlags(e, "formats", "", "Lists the input formats in the order detection tries them.")
	markdown := fs.Bool("markdown", false, "print the table in Markdown (as in the README)")
	if err := parseFlags(fs, args, "scimdrift formats"); err != nil {
		return err
	}
	if *markdown {
		fmt.Fprint(e.stdout, FormatsMarkdown())
		return nil
	}
	t := newTable(e.stdout)
	t.Header("format", "platform", "description", "shapes")
	for _, f := range ingest.Formats {
		if err := t.Append(f.Name, f.Platform, f.Description, strings.Join(f.Shapes, "\n")); err != nil {
			return err
		}
	}
	return t.Render()
}

// FormatsMarkdown renders the registry as the README's formats table.
func FormatsMarkdown() string {
	var b strings.Builder
	b.WriteString("| format | platform | what it reads | shapes |\n|---|---|---|---|\n")
	for _, f := range ingest.Formats {
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s |\n", f.Name, f.Platform, cell(f.Description), cell(strings.Join(f.Shapes, "<br>")))
	}
	return b.String()
}

// cell escapes a Markdown table cell's pipes.
func cell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }
