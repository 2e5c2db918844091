package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/scimdrift/scimdrift/ingest"
	"github.com/scimdrift/scimdrift/queries"
)

// ReadNative has DuckDB read one file with a native query (queries/native_*.sql) into the events
// table: one row per record, in file order, committed under a new source id that has no sources
// row yet. The rows are completed by the returned file's Complete, or dropped by its Discard.
func (s *Store) ReadNative(ctx context.Context, src *ingest.Source, read ingest.NativeRead) (ingest.NativeFile, error) {
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	f := &nativeFile{db: s.DB, conn: conn, shas: &s.shas}
	if err := s.allThreads(ctx, conn); err != nil { // DuckDB's reader uses them all
		conn.Close()
		return nil, err
	}
	if err := takeSourceID(ctx, conn, &f.sourceID); err != nil {
		conn.Close()
		return nil, err
	}
	src.ID = f.sourceID
	if err := s.registerFuncs(conn, read.Funcs); err != nil {
		conn.Close()
		return nil, err
	}
	if err := f.prepare(ctx, read.Values); err != nil {
		conn.Close()
		return nil, err
	}
	compression := "none"
	if read.Gzip {
		compression = "gzip"
	}
	res, err := conn.ExecContext(ctx, queries.MustGet(read.Query).SQL, sql.Named("path", read.Path),
		sql.Named("compression", compression), sql.Named("source_id", f.sourceID))
	if err != nil {
		return nil, errors.Join(fmt.Errorf("%s: %w", read.Query, err), f.Discard())
	}
	if f.rows, err = res.RowsAffected(); err != nil {
		return nil, errors.Join(err, f.Discard())
	}
	return f, nil
}

// nativeFile is a file DuckDB has read, on the connection that read it (whose temporary tables
// and variables hold the lookups).
type nativeFile struct {
	db       *sql.DB
	conn     *sql.Conn
	shas     *shaSet
	sourceID int64
	rows     int64
}

// prepare makes the temporary tables and fills the lookups the native query reads.
func (f *nativeFile) prepare(ctx context.Context, values []ingest.NativeValue) error {
	if err := f.exec(ctx, "native_tables"); err != nil {
		return err
	}
	err := f.appendTemp("native_values", len(values), func(a *duckdb.Appender, i int) error {
		v := values[i]
		return a.AppendRow(v.Name, int32(i), v.Key, v.Value, v.Value2)
	})
	if err != nil {
		return err
	}
	return f.exec(ctx, "native_values")
}

func (f *nativeFile) Rows() int64 { return f.rows }

// Number gives the rows their lines from their rowids: one INSERT appended them in file order.
func (f *nativeFile) Number(ctx context.Context, gaps []ingest.LineGap, forced []int64) error {
	var rows, first, last int64
	if err := f.conn.QueryRowContext(ctx, queries.MustGet("native_span").SQL, f.id()).Scan(&rows, &first, &last); err != nil {
		return fmt.Errorf("native_span: %w", err)
	}
	if rows != f.rows || last-first+1 != rows {
		return fmt.Errorf("the %d rows of the file are not contiguous (rowids %d to %d)", rows, first, last)
	}
	lines := "native_lines"
	if len(gaps) > 0 {
		lines = "native_lines_gaps"
		err := f.appendTemp("native_gaps", len(gaps), func(a *duckdb.Appender, i int) error {
			return a.AppendRow(gaps[i].Record, gaps[i].Blanks)
		})
		if err != nil {
			return err
		}
	}
	if err := f.exec(ctx, lines, sql.Named("first", first), f.id()); err != nil {
		return err
	}
	if len(forced) == 0 {
		return nil
	}
	if err := f.pick(ctx, forced); err != nil {
		return err
	}
	return f.exec(ctx, "native_forced", f.id())
}

// Pending reads the out-of-scope counts and the suspects' lines.
func (f *nativeFile) Pending(ctx context.Context) (ingest.NativePending, error) {
	var p ingest.NativePending
	rows, err := f.conn.QueryContext(ctx, queries.MustGet("native_pending").SQL, f.id())
	if err != nil {
		return p, fmt.Errorf("native_pending: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var kind sql.NullString
		var records int64
		var line sql.NullInt64
		if err := rows.Scan(&kind, &records, &line); err != nil {
			return p, err
		}
		if line.Valid {
			p.Suspects = append(p.Suspects, line.Int64)
			continue
		}
		if p.OutKinds == nil {
			p.OutKinds = map[string]int64{}
		}
		p.OutKinds[kind.String] += records
	}
	return p, rows.Err()
}

// Samples reads the rows at these lines back as events.
func (f *nativeFile) Samples(ctx context.Context, lines []int64) ([]ingest.Event, error) {
	if err := f.pick(ctx, lines); err != nil {
		return nil, err
	}
	rows, err := f.conn.QueryContext(ctx, queries.MustGet("native_samples").SQL, f.id())
	if err != nil {
		return nil, fmt.Errorf("native_samples: %w", err)
	}
	defer rows.Close()
	var events []ingest.Event
	for rows.Next() {
		var e ingest.Event
		var at sql.NullTime
		var status int32
		err := rows.Scan(&e.Line, &at, &e.Platform, &e.Tenant, &e.EventID, &e.EventType, &e.LegacyType,
			&e.ConnectorID, &e.AppName, &e.AppKind, &e.Action, &e.Object, &e.Result, &e.UserName, &e.UserID,
			&e.GroupName, &e.TargetID, &e.TargetName, &e.RunID, &e.Actor, &e.ErrorCode, &e.ErrorText, &status,
			&e.SCIMType, &e.ErrorURL, &e.TokenFP, &e.TokenTenant)
		if err != nil {
			return nil, err
		}
		if at.Valid {
			e.Time = at.Time.UTC()
		}
		e.HTTPStatus = int(status)
		events = append(events, e)
	}
	return events, rows.Err()
}

// Complete drops the pending rows and opens the file's transaction for the rest.
func (f *nativeFile) Complete(ctx context.Context) (ingest.SourceTx, error) {
	if _, err := f.conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return nil, err
	}
	tx := &sourceTx{conn: f.conn, sourceID: f.sourceID, shas: f.shas}
	if err := f.exec(ctx, "native_drop_pending", f.id()); err != nil {
		tx.abort()
		return nil, err
	}
	return tx, nil
}

// Discard lets the file's connection go (a transaction that Complete opened has already closed
// it) and drops every row of the file.
func (f *nativeFile) Discard() error {
	_ = f.conn.Close()
	if _, err := f.db.Exec(queries.MustGet("native_discard").SQL, f.id()); err != nil {
		return fmt.Errorf("native_discard: %w", err)
	}
	return nil
}

func (f *nativeFile) id() sql.NamedArg { return sql.Named("source_id", f.sourceID) }

func (f *nativeFile) exec(ctx context.Context, name string, args ...any) error {
	if _, err := f.conn.ExecContext(ctx, queries.MustGet(name).SQL, args...); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}

// pick puts lines into native_picks, for native_forced and native_samples.
func (f *nativeFile) pick(ctx context.Context, lines []int64) error {
	if _, err := f.conn.ExecContext(ctx, "DELETE FROM native_picks"); err != nil {
		return err
	}
	return f.appendTemp("native_picks", len(lines), func(a *duckdb.Appender, i int) error {
		return a.AppendRow(lines[i])
	})
}

// appendTemp appends n rows to a temporary table of the file's connection.
func (f *nativeFile) appendTemp(table string, n int, row func(a *duckdb.Appender, i int) error) error {
	return f.conn.Raw(func(dc any) error {
		a, err := duckdb.NewAppender(dc.(driver.Conn), "temp", "main", table)
		if err != nil {
			return fmt.Errorf("appender for %s: %w", table, err)
		}
		for i := 0; i < n; i++ {
			if err := row(a, i); err != nil {
				a.Close()
				return fmt.Errorf("filling %s: %w", table, err)
			}
		}
		return a.Close()
	})
}
