package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/scimdrift/scimdrift/ingest"
)

// seenSQL counts the stored inputs that have a SHA-256.
const seenSQL = "SELECT count(*) FROM sources WHERE sha256 = ?"

// Seen reports whether an input with this SHA-256 is already stored.
func (s *Store) Seen(sha string) (bool, error) {
	var n int
	err := s.DB.QueryRow(seenSQL, sha).Scan(&n)
	return n > 0, err
}

// SeenBytes reports whether a stored input has this many bytes (read, after decompression).
func (s *Store) SeenBytes(n int64) (bool, error) {
	var count int
	err := s.DB.QueryRow("SELECT count(*) FROM sources WHERE bytes = ?", n).Scan(&count)
	return count > 0, err
}

// Seen reports whether an input with this SHA-256 is already stored, asked on the
// transaction's own connection (an in-memory store has only one).
func (t *sourceTx) Seen(sha string) (bool, error) {
	var n int
	err := t.conn.QueryRowContext(context.Background(), seenSQL, sha).Scan(&n)
	return n > 0, err
}

// Begin opens the transaction one input's rows go into.
func (s *Store) Begin(src *ingest.Source) (ingest.SourceTx, error) {
	ctx := context.Background()
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	tx := &sourceTx{conn: conn}
	if err := conn.QueryRowContext(ctx, "SELECT nextval('source_ids')").Scan(&src.ID); err != nil {
		conn.Close()
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		conn.Close()
		return nil, err
	}
	if err := tx.openAppenders(); err != nil {
		tx.abort()
		return nil, err
	}
	tx.sourceID = src.ID
	return tx, nil
}

// sourceTx appends one input's rows on one pinned connection inside one transaction.
type sourceTx struct {
	conn       *sql.Conn
	sourceID   int64
	events     *duckdb.Appender
	access     *duckdb.Appender
	connectors *duckdb.Appender
	rejects    *duckdb.Appender
	done       bool
}

func (t *sourceTx) openAppenders() error {
	return t.conn.Raw(func(dc any) error {
		c := dc.(driver.Conn)
		var err error
		for _, a := range []struct {
			dst   **duckdb.Appender
			table string
		}{{&t.events, "events"}, {&t.access, "access"}, {&t.connectors, "connectors"}, {&t.rejects, "rejects"}} {
			if *a.dst, err = duckdb.NewAppenderFromConn(c, "", a.table); err != nil {
				return fmt.Errorf("appender for %s: %w", a.table, err)
			}
		}
		return nil
	})
}

// Write appends a batch of rows and rejects.
func (t *sourceTx) Write(b *ingest.Batch, rejects []ingest.Reject) error {
	if t.done {
		return errClosed
	}
	for i := range b.Events {
		if err := t.events.AppendRow(eventRow(t.sourceID, &b.Events[i])...); err != nil {
			return fmt.Errorf("storing event: %w", err)
		}
	}
	for i := range b.Access {
		if err := t.access.AppendRow(accessRow(t.sourceID, &b.Access[i])...); err != nil {
			return fmt.Errorf("storing access row: %w", err)
		}
	}
	for i := range b.Connectors {
		if err := t.connectors.AppendRow(connectorRow(t.sourceID, &b.Connectors[i])...); err != nil {
			return fmt.Errorf("storing connector: %w", err)
		}
	}
	for _, r := range rejects {
		if err := t.rejects.AppendRow(t.sourceID, nullInt(r.Line), r.Offset, text(r.Reason), text(r.Raw)); err != nil {
			return fmt.Errorf("storing reject: %w", err)
		}
	}
	return nil
}

// Commit flushes the rows, records the source and its out-of-scope counts, and commits.
func (t *sourceTx) Commit(src *ingest.Source) error {
	if t.done {
		return errClosed
	}
	if err := t.closeAppenders(); err != nil {
		t.abort()
		return err
	}
	ctx := context.Background()
	_, err := t.conn.ExecContext(ctx, `INSERT INTO sources (id, path, sha256, format, bytes, records, stored, rejected, out_of_scope, rows, truncated)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		src.ID, text(src.Path), src.SHA256, src.Format, src.Bytes, src.Records, src.Stored, src.Rejected, src.OutOfScope, src.Rows, src.Truncated)
	kinds := storableKinds(src.OutKinds)
	for _, kind := range sortedKeys(kinds) {
		if err != nil {
			break
		}
		_, err = t.conn.ExecContext(ctx, "INSERT INTO out_of_scope VALUES (?, ?, ?)", src.ID, kind, kinds[kind])
	}
	if err == nil {
		_, err = t.conn.ExecContext(ctx, "COMMIT")
	}
	if err != nil {
		t.abort()
		return fmt.Errorf("committing %s: %w", src.Path, err)
	}
	t.done = true
	return t.conn.Close()
}

// Rollback drops everything written for this input.
func (t *sourceTx) Rollback() error {
	if t.done {
		return nil
	}
	return t.abort()
}

func (t *sourceTx) abort() error {
	t.done = true
	_ = t.closeAppenders()
	_, err := t.conn.ExecContext(context.Background(), "ROLLBACK")
	return errors.Join(err, t.conn.Close())
}

func (t *sourceTx) closeAppenders() error {
	var errs []error
	for _, a := range []**duckdb.Appender{&t.events, &t.access, &t.connectors, &t.rejects} {
		if *a != nil {
			errs = append(errs, (*a).Close())
			*a = nil
		}
	}
	return errors.Join(errs...)
}

func eventRow(id int64, e *ingest.Event) []driver.Value {
	return []driver.Value{id, nullInt(e.Line), nullTime(e.Time), text(e.Platform), null(e.Tenant), null(e.EventID), null(e.EventType),
		null(e.LegacyType), null(e.ConnectorID), null(e.AppName), null(e.AppKind), text(e.Action), text(e.Object), text(e.Result),
		null(e.UserName), null(e.UserID), null(e.GroupName), null(e.TargetID), null(e.TargetName), null(e.RunID),
		null(e.Actor), null(e.ErrorCode), null(e.ErrorText), nullInt(int64(e.HTTPStatus)), null(e.SCIMType),
		null(e.ErrorURL), null(e.TokenFP), null(e.TokenTenant), nil, nil}
}

func accessRow(id int64, a *ingest.Access) []driver.Value {
	return []driver.Value{id, nullInt(a.Line), nullTime(a.Time), null(a.Host), null(a.Method), null(a.Path), null(a.Query),
		null(a.Endpoint), null(a.SCIMBase), null(a.Resource), null(a.ResourceID), null(a.FilterAttr),
		null(a.FilterValue), nullInt(int64(a.Status)), nullInt(a.Bytes), null(a.UserAgent), null(a.ClientIP),
		null(a.Platform), null(a.TokenFP), null(a.TokenTenant)}
}

func connectorRow(id int64, c *ingest.Connector) []driver.Value {
	var enabled driver.Value
	if c.Enabled != nil {
		enabled = *c.Enabled
	}
	return []driver.Value{id, nullInt(c.Line), text(c.Platform), null(c.Tenant), null(c.App), null(c.ConnectorID), enabled,
		null(c.BaseURL), null(c.TokenFP), null(c.Owner), null(c.Status), text(c.Origin)}
}

func null(s string) driver.Value {
	if s == "" {
		return nil
	}
	return text(s)
}

// text makes a string storable. Through the Appender DuckDB stores a VARCHAR that is not valid
// UTF-8 as NULL, and as a parameter it refuses it ("could not bind parameter", failing the whole
// file): input bytes that are not UTF-8 become U+FFFD instead.
func text(s string) string {
	if utf8.ValidString(s) {
		return s
	}
	return strings.ToValidUTF8(s, "\uFFFD")
}

// storableKinds makes the out-of-scope kinds storable, adding up kinds that become equal.
func storableKinds(kinds map[string]int64) map[string]int64 {
	out := make(map[string]int64, len(kinds))
	for k, n := range kinds {
		out[text(k)] += n
	}
	return out
}

func sortedKeys(m map[string]int64) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func nullInt(n int64) driver.Value {
	if n == 0 {
		return nil
	}
	return n
}

func nullTime(t time.Time) driver.Value {
	if t.IsZero() {
		return nil
	}
	return t
}
