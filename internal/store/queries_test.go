package store

import (
	"context"
	"strings"
	"testing"

	"github.com/scimdrift/scimdrift/queries"
)

// TestEveryQueryRunsOnAnEmptyStore loads every embedded query and runs it against a fresh store,
// so a query that no longer matches the schema fails here rather than in a user's audit.
func TestEveryQueryRunsOnAnEmptyStore(t *testing.T) {
	s, err := Open(":memory:")
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	all, err := queries.All()
	if err != nil {
		t.Fatal(err)
	}
	ran := 0
	for _, q := range all {
		if q.Name == "schema" || strings.HasPrefix(q.Name, "native_") {
			continue // native_*: ingest's fast path, run on files by native_test.go
		}
		t.Run(q.Name, func(t *testing.T) {
			if q.Description == "" {
				t.Error("no -- description: line")
			}
			if !strings.Contains(strings.ToUpper(q.SQL), "ORDER BY") && !onlyDeletes(q.SQL) {
				t.Error("no ORDER BY: output would not be deterministic")
			}
			if q.Writes() {
				if _, err := s.DB.ExecContext(context.Background(), q.SQL); err != nil {
					t.Fatal(err)
				}
				return
			}
			res, err := s.Query(context.Background(), q.SQL)
			if err != nil {
				t.Fatal(err)
			}
			for _, row := range res.Rows {
				for i, v := range row {
					if v != nil { // an aggregate answers one row of NULLs; anything else is invented
						t.Errorf("column %s = %v from an empty store", res.Columns[i], v)
					}
				}
			}
		})
		ran++
	}
	if ran == 0 {
		t.Fatal("no queries besides the schema were found")
	}
}

// onlyDeletes reports whether every statement of a query is a DELETE, which answers nothing and
// inserts nothing, so has no order to keep.
func onlyDeletes(sql string) bool {
	for _, stmt := range strings.Split(sql, ";") {
		lines := []string{}
		for _, l := range strings.Split(stmt, "\n") {
			if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "--") {
				lines = append(lines, l)
			}
		}
		if len(lines) > 0 && !strings.HasPrefix(strings.ToUpper(lines[0]), "DELETE ") {
			return false
		}
	}
	return true
}
