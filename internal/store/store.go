// Package store opens scimdrift's DuckDB store, creates its schema (queries/schema.sql), and
// writes ingested rows into it, one transaction per input file.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/scimdrift/scimdrift/queries"
)

// Store is an open DuckDB database with scimdrift's schema.
type Store struct {
	DB   *sql.DB
	path string
}

// Open opens (creating if needed) the store at path; "" or ":memory:" is an in-memory store.
func Open(path string) (*Store, error) {
	dsn := path
	if path == ":memory:" {
		dsn = ""
	}
	return open(path, dsn, true)
}

// OpenReadOnly opens an existing store for reading, so that queries can run beside each other.
func OpenReadOnly(path string) (*Store, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("no store at %s (create one with: scimdrift ingest --db %s EXPORTS...)", path, path)
	}
	return open(path, path+"?access_mode=read_only", false)
}

func open(path, dsn string, create bool) (*Store, error) {
	connector, err := duckdb.NewConnector(dsn, func(execer driver.ExecerContext) error {
		_, err := execer.ExecContext(context.Background(), "SET TimeZone = 'UTC'", nil)
		return err
	})
	if err != nil {
		return nil, openError(path, err)
	}
	db := sql.OpenDB(connector)
	if path == "" || path == ":memory:" {
		db.SetMaxOpenConns(1) // every connection to "" would be a new, empty database
	}
	if !create {
		if err := db.Ping(); err != nil {
			db.Close()
			return nil, openError(path, err)
		}
		return &Store{DB: db, path: path}, nil
	}
	if _, err := db.Exec(queries.MustGet("schema").SQL); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	if err := registerRowFunctionsOn(db); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	return &Store{DB: db, path: path}, nil
}

// openError says what to do when the store cannot be opened, most often because another
// process holds it: DuckDB names that process ("Conflicting lock is held in PROGRAM (PID N)").
func openError(path string, err error) error {
	msg := err.Error()
	if !strings.Contains(msg, "Could not set lock") && !strings.Contains(msg, "Conflicting lock") {
		return fmt.Errorf("opening store %s: %w", path, err)
	}
	if m := lockHolderRE.FindStringSubmatch(msg); m != nil {
		return fmt.Errorf("store %s is in use: process %s (%s) holds its lock; wait for it to finish or stop it, or use another --db", path, m[2], m[1])
	}
	return fmt.Errorf("store %s is in use by another process that holds its lock; wait for it to finish or stop it, or use another --db (%w)", path, err)
}

var lockHolderRE = regexp.MustCompile(`Conflicting lock is held in (.+?) \(PID (\d+)\)`)

// Close closes the store.
func (s *Store) Close() error { return s.DB.Close() }

// Result is the answer to a query: column names and rows of values.
type Result struct {
	Columns []string
	Rows    [][]any
}

// Query runs one SQL statement and returns all of its rows.
func (s *Store) Query(ctx context.Context, query string, args ...any) (*Result, error) {
	rows, err := s.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	res := &Result{Columns: cols}
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		res.Rows = append(res.Rows, vals)
	}
	return res, rows.Err()
}

// errClosed guards a transaction used after Commit or Rollback.
var errClosed = errors.New("store: source transaction already finished")
