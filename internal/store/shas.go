package store

import (
	"context"
	"database/sql"
	"sync"
)

// shaSet holds the SHA-256 of every input in the store, read once and added to as inputs
// commit. The duplicate check comes before every file, and as a query DuckDB planned anew each
// time it took 1–2 ms, a tenth of the turn of a 3 MB Graph page. The set stays true because
// nothing else writes the store while this process has it open for writing (DuckDB's lock),
// and sources rows are never deleted.
type shaSet struct {
	mu     sync.Mutex
	loaded bool
	shas   map[string]bool
}

// querier is a *sql.DB or a *sql.Conn.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// has reports whether an input with this SHA-256 is stored, reading the stored ones through q
// the first time.
func (c *shaSet) has(ctx context.Context, q querier, sha string) (bool, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded {
		if err := c.load(ctx, q); err != nil {
			return false, err
		}
	}
	return c.shas[sha], nil
}

func (c *shaSet) load(ctx context.Context, q querier) error {
	rows, err := q.QueryContext(ctx, "SELECT sha256 FROM sources")
	if err != nil {
		return err
	}
	defer rows.Close()
	shas := map[string]bool{}
	for rows.Next() {
		var sha string
		if err := rows.Scan(&sha); err != nil {
			return err
		}
		shas[sha] = true
	}
	if err := rows.Err(); err != nil {
		return err
	}
	c.shas, c.loaded = shas, true
	return nil
}

// add records a committed input; before the set is read, the read will find it.
func (c *shaSet) add(sha string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.loaded {
		c.shas[sha] = true
	}
}
