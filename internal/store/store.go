// Package store opens scimdrift's DuckDB store, creates its schema (queries/schema.sql), and
// writes ingested rows into it, one transaction per input file or group of small files.
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
	"sync"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/scimdrift/scimdrift/queries"
)

// Store is an open DuckDB database with scimdrift's schema.
type Store struct {
	DB   *sql.DB
	path string

	funcsMu sync.Mutex
	funcs   map[string]bool // Go functions registered for native queries

	threadsMu    sync.Mutex
	singleThread bool // DuckDB runs on one thread (oneThread) until AllThreads

	shas shaSet // the inputs stored, for the duplicate check
}

// oneThread puts DuckDB on one thread, if it is not already, for a file whose rows come from
// Go one INSERT at a time: DuckDB's other threads would only spin waiting for them, on the
// cores the decoders need. They stay stopped until AllThreads (or a file for DuckDB's own
// reader): stopping and starting them for every file cost more than a small file takes (200
// Graph pages of 3 MB: 8.3 s stopped and started for each, 7.5 s left running, 5.2 s stopped
// once).
func (s *Store) oneThread(ctx context.Context, conn *sql.Conn) error {
	s.threadsMu.Lock()
	defer s.threadsMu.Unlock()
	if s.singleThread {
		return nil
	}
	if _, err := conn.ExecContext(ctx, "SET threads = 1"); err != nil {
		return err
	}
	s.singleThread = true
	return nil
}

// allThreads gives DuckDB its threads back, on conn, or on any connection when conn is nil.
func (s *Store) allThreads(ctx context.Context, conn *sql.Conn) error {
	s.threadsMu.Lock()
	defer s.threadsMu.Unlock()
	if !s.singleThread {
		return nil
	}
	var err error
	if conn != nil {
		_, err = conn.ExecContext(ctx, "RESET threads")
	} else {
		_, err = s.DB.ExecContext(ctx, "RESET threads")
	}
	if err == nil {
		s.singleThread = false
	}
	return err
}

// AllThreads gives DuckDB back the threads that ingesting files through Go took: call it when
// the files are in, before queries, which use them all.
func (s *Store) AllThreads() error {
	return s.allThreads(context.Background(), nil)
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
	for _, setup := range []string{"schema", "store_orphans"} {
		if _, err := db.Exec(queries.MustGet(setup).SQL); err != nil {
			db.Close()
			return nil, openError(path, err)
		}
	}
	if err := registerRowFunctionsOn(db); err != nil {
		db.Close()
		return nil, openError(path, err)
	}
	return &Store{DB: db, path: path}, nil
}

// IngestMemory is the memory DuckDB may use while a file-backed store ingests: with DuckDB's
// default (80% of RAM) it keeps every block it writes cached, and an ingest of a 5 GB export
// peaked at 1.4 GiB. Peak RSS of 5 GB exports and time (Okta NDJSON / Entra diagnostic NDJSON):
// 512MB 482 / 517 MiB, 19.6 / 21.2 s; 768MB 515 / 562 MiB, 19.0 / 19.1 s; 1GB 532 / 621 MiB,
// 18.7 / 18.9 s. Under 768MB DuckDB evicts and frees more: 1M Okta events took 6.26–6.40 s,
// 1.5 s of it in the kernel, against 6.19–6.24 s and 1.2 s.
const IngestMemory = "768MB"

// CapMemory limits the memory DuckDB uses, for a file-backed store (an in-memory store must
// hold its data), and stops checkpoints from vacuuming, until the function it returns
// checkpoints the store under the same limit (folding in what the ingest left in the write-ahead
// log) and puts the defaults back.
//
// Vacuuming is what the fast path's deletes cost: it drops the out-of-scope and pending rows it
// read (a third of an Okta export), and a checkpoint that vacuums rewrites every row group they
// were in — 0.9 s of the 7 s a 1M-event Okta file took. Without it the deleted rows stay in the
// file, marked deleted (never read again), until a later checkpoint vacuums their row groups.
func (s *Store) CapMemory(limit string) (restore func() error, err error) {
	if s.path == "" || s.path == ":memory:" {
		return func() error { return nil }, nil
	}
	if _, err := s.DB.Exec("SET memory_limit = '" + limit + "'"); err != nil {
		return nil, fmt.Errorf("limiting memory to %s: %w", limit, err)
	}
	if _, err := s.DB.Exec("SET max_vacuum_tasks = 0"); err != nil {
		return nil, errors.Join(fmt.Errorf("turning vacuuming off: %w", err), s.reset("memory_limit"))
	}
	return func() error {
		_, err := s.DB.Exec("CHECKPOINT")
		return errors.Join(err, s.reset("max_vacuum_tasks"), s.reset("memory_limit"))
	}, nil
}

// reset puts a setting back to its default.
func (s *Store) reset(setting string) error {
	_, err := s.DB.Exec("RESET " + setting)
	return err
}

// CutOffRows counts the rows of files whose ingest was cut off after DuckDB committed them but
// before their sources row: a store opened for writing drops them at once, one opened for
// reading still shows them.
func (s *Store) CutOffRows() (int64, error) {
	rows, err := s.DB.Query(queries.MustGet("store_cut_off").SQL)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	var total int64
	for rows.Next() {
		var source, n int64
		if err := rows.Scan(&source, &n); err != nil {
			return 0, err
		}
		total += n
	}
	return total, rows.Err()
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
