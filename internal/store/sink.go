package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/scimdrift/scimdrift/ingest"
)

// Seen reports whether an input with this SHA-256 is already stored.
func (s *Store) Seen(sha string) (bool, error) {
	return s.shas.has(context.Background(), s.DB, sha)
}

// SeenBytes reports whether a stored input has this many bytes (read, after decompression).
func (s *Store) SeenBytes(n int64) (bool, error) {
	var count int
	err := s.DB.QueryRow("SELECT count(*) FROM sources WHERE bytes = ?", n).Scan(&count)
	return count > 0, err
}

// Seen reports whether an input with this SHA-256 is already stored (or held by the
// transaction's group), read if need be on the transaction's own connection (an in-memory
// store has only one).
func (t *sourceTx) Seen(sha string) (bool, error) {
	if t.group != nil {
		return t.group.Seen(sha)
	}
	return t.shas.has(context.Background(), t.conn, sha)
}

// Begin opens the transaction one input's rows go into.
func (s *Store) Begin(src *ingest.Source) (ingest.SourceTx, error) {
	ctx := context.Background()
	conn, err := s.beginConn(ctx)
	if err != nil {
		return nil, err
	}
	tx := &sourceTx{conn: conn, shas: &s.shas}
	if err := takeSourceID(ctx, conn, &src.ID); err != nil {
		return nil, errors.Join(err, tx.abort())
	}
	tx.sourceID = src.ID
	return tx, nil
}

// takeSourceID sets *id to the next source id, taken on conn (inside its transaction, if any).
func takeSourceID(ctx context.Context, conn *sql.Conn, id *int64) error {
	return conn.QueryRowContext(ctx, "SELECT nextval('source_ids')").Scan(id)
}

// beginConn takes a connection and begins a transaction on it, for rows that come from Go.
func (s *Store) beginConn(ctx context.Context) (*sql.Conn, error) {
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return nil, err
	}
	if _, err := conn.ExecContext(ctx, "BEGIN TRANSACTION"); err != nil {
		return nil, errors.Join(err, conn.Close())
	}
	if err := s.oneThread(ctx, conn); err != nil {
		_, rollbackErr := conn.ExecContext(ctx, "ROLLBACK")
		return nil, errors.Join(err, rollbackErr, conn.Close())
	}
	return conn, nil
}

// sourceTx writes one input's rows on one pinned connection inside one transaction.
type sourceTx struct {
	conn     *sql.Conn
	sourceID int64
	shas     *shaSet // the store's, told of the input once it is committed
	group    *group  // the transaction is a group's (Store.Group): Commit only writes the sources row
	done     bool
}

// Write stores a batch of rows and rejects.
func (t *sourceTx) Write(b *ingest.Batch, rejects []ingest.Reject) error {
	if t.done {
		return errClosed
	}
	if err := t.insert(&eventsTable, len(b.Events), func(w *rowWriter, i int) { writeEvent(w, t.sourceID, &b.Events[i]) }); err != nil {
		return err
	}
	if err := t.insert(&accessTable, len(b.Access), func(w *rowWriter, i int) { writeAccess(w, t.sourceID, &b.Access[i]) }); err != nil {
		return err
	}
	if err := t.insert(&connectorsTable, len(b.Connectors), func(w *rowWriter, i int) { writeConnector(w, t.sourceID, &b.Connectors[i]) }); err != nil {
		return err
	}
	return t.insert(&rejectsTable, len(rejects), func(w *rowWriter, i int) { writeReject(w, t.sourceID, &rejects[i]) })
}

// Commit flushes the rows, records the source and its out-of-scope counts, and commits.
func (t *sourceTx) Commit(src *ingest.Source) error {
	if t.done {
		return errClosed
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
	if err == nil && t.group != nil {
		t.done = true
		t.group.hold(src.SHA256)
		return nil
	}
	if err == nil {
		_, err = t.conn.ExecContext(ctx, "COMMIT")
	}
	if err != nil {
		t.abort()
		return fmt.Errorf("committing %s: %w", src.Path, err)
	}
	t.done = true
	t.shas.add(src.SHA256)
	return t.release()
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
	if t.group != nil {
		return t.group.Rollback() // a transaction rolls back whole
	}
	_, err := t.conn.ExecContext(context.Background(), "ROLLBACK")
	return errors.Join(err, t.release())
}

// release gives the connection back to the pool.
func (t *sourceTx) release() error {
	return t.conn.Close()
}

// text makes a string storable. Written into a chunk DuckDB stores a VARCHAR that is not valid
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
