package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/tools/txtar"
)

var update = flag.Bool("update", false, "rewrite the transcript sections of testdata/cases from what the commands print now")

// TestCLICases runs each testdata/cases/*.txtar in-process. A case's comment lists commands,
// one per line ("scimdrift ARGS"), run in a temporary directory holding the case's files
// ($WORK names it); a line "cd ROOT" runs the commands after it in the repository's root, where
// samples/ is. The section "stdin" is given to each command; the section "transcript" holds what
// each command printed and its exit status.
func TestCLICases(t *testing.T) {
	files, err := filepath.Glob("testdata/cases/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no CLI cases found: %v", err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) { runCase(t, file) })
	}
}

func runCase(t *testing.T, file string) {
	file, err := filepath.Abs(file)
	if err != nil {
		t.Fatal(err)
	}
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	var stdin []byte
	for _, f := range ar.Files {
		if f.Name == "stdin" {
			stdin = f.Data
		}
		if f.Name == "stdin" || f.Name == "transcript" {
			continue
		}
		path := filepath.Join(work, f.Name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(work)
	var transcript bytes.Buffer
	for _, line := range strings.Split(strings.TrimSpace(string(ar.Comment)), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		if line == "cd ROOT" {
			if err := os.Chdir(root); err != nil {
				t.Fatal(err)
			}
			continue
		}
		args := strings.Fields(strings.TrimPrefix(line, "scimdrift"))
		for i, a := range args {
			args[i] = strings.ReplaceAll(a, "$WORK", work)
		}
		var stdout, stderr bytes.Buffer
		code := Do(args, bytes.NewReader(stdin), &stdout, &stderr)
		transcript.WriteString("$ " + line + "\n" + stdout.String())
		for _, l := range strings.SplitAfter(stderr.String(), "\n") {
			if l != "" {
				transcript.WriteString("stderr: " + l)
			}
		}
		transcript.WriteString("[exit " + string(rune('0'+code)) + "]\n")
	}
	got := strings.ReplaceAll(transcript.String(), work, "$WORK")
	if *update {
		setSection(ar, "transcript", got)
		if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if diff := cmp.Diff(section(ar, "transcript"), got); diff != "" {
		t.Errorf("%s transcript (-want +got):\n%s", file, diff)
	}
}

func section(ar *txtar.Archive, name string) string {
	for _, f := range ar.Files {
		if f.Name == name {
			return string(f.Data)
		}
	}
	return ""
}

func setSection(ar *txtar.Archive, name, data string) {
	for i, f := range ar.Files {
		if f.Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}
