package main

import (
	"os"
	"strings"
	"testing"
)

// TestREADMEFormatsTable keeps the README's formats table equal to the registry.
// `go test ./cmd/scimdrift -update` rewrites it.
func TestREADMEFormatsTable(t *testing.T) {
	const start, end = "<!-- formats:start -->\n", "<!-- formats:end -->"
	data, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(data)
	i, j := strings.Index(readme, start), strings.Index(readme, end)
	if i < 0 || j < i {
		t.Fatal("README.md lacks the formats markers")
	}
	want := FormatsMarkdown()
	if got := readme[i+len(start) : j]; got != want {
		if *update {
			readme = readme[:i+len(start)] + want + readme[j:]
			if err := os.WriteFile("../../README.md", []byte(readme), 0o644); err != nil {
				t.Fatal(err)
			}
			return
		}
		t.Errorf("README.md's formats table is out of date; run go test ./cmd/scimdrift -update\nwant:\n%s\ngot:\n%s", want, got)
	}
}
