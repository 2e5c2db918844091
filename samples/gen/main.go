// Command gen writes the Acme Corp sample data set of scimdrift: the exports, access logs,
// inventory and migration map that samples/README.md describes. The output depends on nothing
// but this code: a fixed seed, fixed timestamps, sorted records, gzip without name or mtime.
//
//	go run ./samples/gen            # rewrites samples/exports/ and samples/migration.toml
//	go run ./samples/gen -summary   # prints the record counts table of samples/README.md
package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

// seed is the PCG seed of the whole story.
const seed = 20261116

// file is one generated file, by path relative to samples/.
type file struct {
	path string
	data []byte
}

func main() {
	dir := flag.String("dir", "samples", "directory to write into (the repository's samples/)")
	summary := flag.Bool("summary", false, "print the record counts of the generated files instead of writing them")
	flag.Parse()
	files := generate()
	if *summary {
		fmt.Print(summarize(files))
		return
	}
	if err := write(*dir, files); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

// generate builds the story and renders every file.
func generate() []file {
	w := newWorld(seed)
	w.story()
	oktaNDJSON, oktaPage := w.oktaFiles(w.oktaEvents())
	graphPage, diag := entraFiles(w.entraRecords())
	hs := w.hits()
	return []file{
		{"exports/okta/system-log.ndjson", oktaNDJSON},
		{"exports/okta/system-log-page.json", oktaPage},
		{"exports/entra/provisioning-graph.json", graphPage},
		{"exports/entra/provisioning-diagnostic.ndjson.gz", gzipped(diag)},
		{"exports/entra/sync-jobs.json", w.syncJobs()},
		{"exports/access/scim-legacy.access.log", legacyLog(hs)},
		{"exports/access/scim-gateway-alb.log", w.albLog(hs)},
		{"exports/access/wiki-eu.access.json", w.euLog(hs)},
		{"exports/inventory.csv", w.inventoryCSV()},
		{"migration.toml", w.migrationMap()},
	}
}

func write(dir string, files []file) error {
	for _, f := range files {
		path := filepath.Join(dir, filepath.FromSlash(f.path))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(path, f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// gzipped compresses deterministically: no file name, no modification time.
func gzipped(data []byte) []byte {
	var b bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if _, err := zw.Write(data); err != nil {
		panic(err)
	}
	if err := zw.Close(); err != nil {
		panic(err)
	}
	return b.Bytes()
}

// compactJSON renders one record on one line, without escaping &, < and > as exports don't.
func compactJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// indentJSON renders a document pretty-printed with two spaces, as the APIs' pages read.
func indentJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return b.Bytes()
}

func joinLines(lines [][]byte) []byte {
	if len(lines) == 0 {
		return nil
	}
	return append(bytes.Join(lines, []byte("\n")), '\n')
}
