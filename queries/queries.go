// Package queries holds scimdrift's SQL: the store schema and every analysis, one named
// query per .sql file, embedded into the binary.
package queries

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed *.sql
var files embed.FS

// Query is one named SQL file.
type Query struct {
	Name        string // from the "-- name:" line
	Description string // from the "-- description:" line
	SQL         string
}

// Writes reports whether the query changes the store (an analysis step: DELETE, INSERT, UPDATE
// or CREATE statements) rather than answering with rows.
func (q Query) Writes() bool {
	for _, line := range strings.Split(q.SQL, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "--") {
			continue
		}
		word, _, _ := strings.Cut(strings.ToUpper(line), " ")
		switch word {
		case "DELETE", "INSERT", "UPDATE", "CREATE":
			return true
		}
		return false
	}
	return false
}

// Get returns the query of that name.
func Get(name string) (Query, error) {
	all, err := All()
	if err != nil {
		return Query{}, err
	}
	for _, q := range all {
		if q.Name == name {
			return q, nil
		}
	}
	return Query{}, fmt.Errorf("no query named %q", name)
}

// MustGet returns the query of that name and panics if it is missing (a build error).
func MustGet(name string) Query {
	q, err := Get(name)
	if err != nil {
		panic(err)
	}
	return q
}

// All returns every embedded query, sorted by name.
func All() ([]Query, error) {
	names, err := fs.Glob(files, "*.sql")
	if err != nil {
		return nil, err
	}
	var all []Query
	for _, n := range names {
		text, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		q, err := parse(n, string(text))
		if err != nil {
			return nil, err
		}
		all = append(all, q)
	}
	sort.Slice(all, func(i, j int) bool { return all[i].Name < all[j].Name })
	return all, nil
}

func parse(file, text string) (Query, error) {
	q := Query{SQL: text}
	for _, line := range strings.Split(text, "\n") {
		if v, ok := strings.CutPrefix(line, "-- name:"); ok && q.Name == "" {
			q.Name = strings.TrimSpace(v)
		}
		if v, ok := strings.CutPrefix(line, "-- description:"); ok && q.Description == "" {
			q.Description = strings.TrimSpace(v)
		}
	}
	if q.Name == "" {
		return q, fmt.Errorf("%s: no \"-- name:\" line", file)
	}
	return q, nil
}
