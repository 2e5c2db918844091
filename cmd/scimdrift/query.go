package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/scimdrift/scimdrift/internal/store"
)

const queryHint = `scimdrift query --db acme.duckdb "SELECT app_name, result, count(*) FROM events GROUP BY ALL ORDER BY ALL"`

// runQuery runs one SQL statement against a store and prints the rows.
func runQuery(e *env, args []string) error {
	fs := newFlags(e, "query", "SQL", "Runs SQL against a store, read-only. Tables: sources, events, access, connectors, rejects, out_of_scope (see queries/schema.sql).")
	db := fs.String("db", "", "the store file (required)")
	format := fs.String("format", "table", "output: table, csv or json")
	if err := parseFlags(fs, args, queryHint); err != nil {
		return err
	}
	if *db == "" || fs.NArg() == 0 {
		return usageError{"query: --db FILE and one SQL statement are required", queryHint}
	}
	write, ok := resultWriters[*format]
	if !ok {
		return usageError{fmt.Sprintf("query: unknown --format %q (table, csv, json)", *format), queryHint}
	}
	s, err := openForReading(e, *db)
	if err != nil {
		return err
	}
	defer s.Close()
	res, err := s.Query(context.Background(), strings.Join(fs.Args(), " "))
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	return write(e.stdout, res)
}

// openForReading opens a store read-only, and says so on stderr when it still holds rows of an
// ingest that was cut off (the next ingest or analyze drops them).
func openForReading(e *env, path string) (*store.Store, error) {
	s, err := store.OpenReadOnly(path)
	if err != nil {
		return nil, err
	}
	if n, err := s.CutOffRows(); err != nil || n > 0 {
		if err != nil {
			s.Close()
			return nil, err
		}
		fmt.Fprintf(e.stderr, "scimdrift: note: %s holds %d events of an ingest that was cut off; the next ingest or analyze on it drops them\n", path, n)
	}
	return s, nil
}

var resultWriters = map[string]func(io.Writer, *store.Result) error{
	"table": writeResultTable,
	"csv":   writeResultCSV,
	"json":  writeResultJSON,
}

func writeResultTable(w io.Writer, res *store.Result) error {
	t := newTable(w)
	t.Header(anySlice(res.Columns)...)
	for _, row := range res.Rows {
		if err := t.Append(textRow(row)...); err != nil {
			return err
		}
	}
	return t.Render()
}

func writeResultCSV(w io.Writer, res *store.Result) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(res.Columns); err != nil {
		return err
	}
	for _, row := range res.Rows {
		cells := make([]string, len(row))
		for i, v := range row {
			cells[i] = text(v)
		}
		if err := cw.Write(cells); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func writeResultJSON(w io.Writer, res *store.Result) error {
	rows := make([]map[string]any, len(res.Rows))
	for i, row := range res.Rows {
		obj := make(map[string]any, len(row))
		for j, v := range row {
			if t, ok := v.(time.Time); ok {
				v = t.UTC().Format(time.RFC3339Nano)
			}
			obj[res.Columns[j]] = v
		}
		rows[i] = obj
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(rows)
}

// text renders a value for a table or CSV cell; NULL is empty.
func text(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case time.Time:
		return x.UTC().Format(time.RFC3339Nano)
	case []byte:
		return string(x)
	default:
		return fmt.Sprint(x)
	}
}

func textRow(row []any) []any {
	out := make([]any, len(row))
	for i, v := range row {
		out[i] = text(v)
	}
	return out
}

func anySlice(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}
