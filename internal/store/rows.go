package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/scimdrift/scimdrift/ingest"
)

// Rows reach their tables through table functions that hand DuckDB a batch's rows a chunk at a
// time, typed (no value is boxed), on the file's connection inside its transaction:
// INSERT INTO events BY NAME SELECT * FROM scimdrift_events(). The rows to insert travel in the
// statement's context. Columns that ingest leaves NULL (analyze's) are not among the
// function's: BY NAME fills them, which costs nothing per row.

// rowTable is one table ingest writes and the table function that reads its rows.
type rowTable struct {
	function string
	insert   string // the statement that stores the function's rows
	columns  []duckdb.ColumnInfo
}

var (
	eventsTable = rowTable{"scimdrift_events", "INSERT INTO events BY NAME SELECT * FROM scimdrift_events()", columns(
		"source_id", duckdb.TYPE_INTEGER, "line", duckdb.TYPE_BIGINT, "time", duckdb.TYPE_TIMESTAMP,
		"platform", duckdb.TYPE_VARCHAR, "tenant", duckdb.TYPE_VARCHAR, "event_id", duckdb.TYPE_VARCHAR,
		"event_type", duckdb.TYPE_VARCHAR, "legacy_type", duckdb.TYPE_VARCHAR, "connector_id", duckdb.TYPE_VARCHAR,
		"app_name", duckdb.TYPE_VARCHAR, "app_kind", duckdb.TYPE_VARCHAR, "action", duckdb.TYPE_VARCHAR,
		"object", duckdb.TYPE_VARCHAR, "result", duckdb.TYPE_VARCHAR, "user_name", duckdb.TYPE_VARCHAR,
		"user_id", duckdb.TYPE_VARCHAR, "group_name", duckdb.TYPE_VARCHAR, "target_id", duckdb.TYPE_VARCHAR,
		"target_name", duckdb.TYPE_VARCHAR, "run_id", duckdb.TYPE_VARCHAR, "actor", duckdb.TYPE_VARCHAR,
		"error_code", duckdb.TYPE_VARCHAR, "error_text", duckdb.TYPE_VARCHAR, "http_status", duckdb.TYPE_INTEGER,
		"scim_type", duckdb.TYPE_VARCHAR, "error_url", duckdb.TYPE_VARCHAR, "token_fingerprint", duckdb.TYPE_VARCHAR,
		"token_tenant", duckdb.TYPE_VARCHAR)}
	accessTable = rowTable{"scimdrift_access", "INSERT INTO access BY NAME SELECT * FROM scimdrift_access()", columns(
		"source_id", duckdb.TYPE_INTEGER, "line", duckdb.TYPE_BIGINT, "time", duckdb.TYPE_TIMESTAMP,
		"host", duckdb.TYPE_VARCHAR, "method", duckdb.TYPE_VARCHAR, "path", duckdb.TYPE_VARCHAR,
		"query", duckdb.TYPE_VARCHAR, "endpoint", duckdb.TYPE_VARCHAR, "scim_base", duckdb.TYPE_VARCHAR,
		"resource", duckdb.TYPE_VARCHAR, "resource_id", duckdb.TYPE_VARCHAR, "filter_attr", duckdb.TYPE_VARCHAR,
		"filter_value", duckdb.TYPE_VARCHAR, "status", duckdb.TYPE_INTEGER, "bytes", duckdb.TYPE_BIGINT,
		"user_agent", duckdb.TYPE_VARCHAR, "client_ip", duckdb.TYPE_VARCHAR, "platform", duckdb.TYPE_VARCHAR,
		"token_fingerprint", duckdb.TYPE_VARCHAR, "token_tenant", duckdb.TYPE_VARCHAR)}
	connectorsTable = rowTable{"scimdrift_connectors", "INSERT INTO connectors BY NAME SELECT * FROM scimdrift_connectors()", columns(
		"source_id", duckdb.TYPE_INTEGER, "line", duckdb.TYPE_BIGINT, "platform", duckdb.TYPE_VARCHAR,
		"tenant", duckdb.TYPE_VARCHAR, "app", duckdb.TYPE_VARCHAR, "connector_id", duckdb.TYPE_VARCHAR,
		"enabled", duckdb.TYPE_BOOLEAN, "base_url", duckdb.TYPE_VARCHAR, "token_fingerprint", duckdb.TYPE_VARCHAR,
		"owner", duckdb.TYPE_VARCHAR, "status", duckdb.TYPE_VARCHAR, "origin", duckdb.TYPE_VARCHAR)}
	rejectsTable = rowTable{"scimdrift_rejects", "INSERT INTO rejects BY NAME SELECT * FROM scimdrift_rejects()", columns(
		"source_id", duckdb.TYPE_INTEGER, "line", duckdb.TYPE_BIGINT, "offset", duckdb.TYPE_BIGINT,
		"reason", duckdb.TYPE_VARCHAR, "raw", duckdb.TYPE_VARCHAR)}
	rowTables = []*rowTable{&eventsTable, &accessTable, &connectorsTable, &rejectsTable}
)

// columns makes the column list of a table function from name, type pairs.
func columns(pairs ...any) []duckdb.ColumnInfo {
	var cols []duckdb.ColumnInfo
	for i := 0; i < len(pairs); i += 2 {
		info, err := duckdb.NewTypeInfo(pairs[i+1].(duckdb.Type))
		if err != nil {
			panic(err) // the types above are all primitive
		}
		cols = append(cols, duckdb.ColumnInfo{Name: pairs[i].(string), T: info})
	}
	return cols
}

// registerRowFunctions registers the table functions on the database of conn.
func registerRowFunctions(conn *sql.Conn) error {
	for _, t := range rowTables {
		err := duckdb.RegisterTableUDF(conn, t.function, duckdb.ChunkTableFunction{
			BindArgumentsContext: func(ctx context.Context, _ map[string]any, _ ...any) (duckdb.ChunkTableSource, error) {
				src, ok := ctx.Value(rowsKey{}).(*rowSource)
				if !ok || src.table != t {
					return nil, fmt.Errorf("%s() reads rows being ingested and nothing else", t.function)
				}
				return src, nil
			},
		})
		if err != nil {
			return fmt.Errorf("registering %s: %w", t.function, err)
		}
	}
	return nil
}

type rowsKey struct{}

// rowSource hands DuckDB rows of one table: n of them, row i written by fill.
type rowSource struct {
	table *rowTable
	n     int
	next  int
	fill  func(w *rowWriter, i int)
}

func (s *rowSource) ColumnInfos() []duckdb.ColumnInfo { return s.table.columns }
func (s *rowSource) Cardinality() *duckdb.CardinalityInfo {
	return &duckdb.CardinalityInfo{Cardinality: uint(s.n), Exact: true}
}
func (s *rowSource) Init() {}

func (s *rowSource) FillChunk(chunk duckdb.DataChunk) error {
	size := min(duckdb.GetDataChunkCapacity(), s.n-s.next)
	w := rowWriter{chunk: chunk}
	for w.row = 0; w.row < size && w.err == nil; w.row++ {
		s.fill(&w, s.next+w.row)
	}
	if w.err != nil {
		return w.err
	}
	s.next += size
	return chunk.SetSize(size)
}

// insert writes n rows into a table on the transaction's connection.
func (t *sourceTx) insert(table *rowTable, n int, fill func(w *rowWriter, i int)) error {
	if n == 0 {
		return nil
	}
	src := &rowSource{table: table, n: n, fill: fill}
	ctx := context.WithValue(context.Background(), rowsKey{}, src)
	res, err := t.conn.ExecContext(ctx, table.insert)
	if err != nil {
		return fmt.Errorf("%s: %w", table.insert, err)
	}
	if stored, err := res.RowsAffected(); err != nil || stored != int64(n) {
		return errors.Join(fmt.Errorf("%s: %d of %d rows stored", table.insert, stored, n), err)
	}
	return nil
}

// rowWriter writes the columns of one row of a chunk, left to right, keeping the first error.
type rowWriter struct {
	chunk duckdb.DataChunk
	row   int
	col   int
	err   error
}

func set[T any](w *rowWriter, v T) {
	if w.err == nil {
		w.err = duckdb.SetChunkValue(w.chunk, w.col, w.row, v)
	}
	w.col++
}

func (w *rowWriter) start()     { w.col = 0 }
func (w *rowWriter) null()      { set[any](w, nil) }
func (w *rowWriter) id(n int64) { set(w, n) }

// text writes a string as it is, empty or not (the NOT NULL columns). Ingest made it valid
// UTF-8 (ingest.SourceTx); checking again cost a few per cent of an ingest.
func (w *rowWriter) text(s string) { set(w, s) }

// str writes a string, NULL when empty.
func (w *rowWriter) str(s string) {
	if s == "" {
		w.null()
		return
	}
	set(w, s)
}

// num writes a number, NULL when zero.
func (w *rowWriter) num(n int64) {
	if n == 0 {
		w.null()
		return
	}
	set(w, n)
}

// when writes a time, NULL when zero.
func (w *rowWriter) when(t time.Time) {
	if t.IsZero() {
		w.null()
		return
	}
	set(w, t)
}

func (w *rowWriter) flag(b *bool) {
	if b == nil {
		w.null()
		return
	}
	set(w, *b)
}

func writeEvent(w *rowWriter, id int64, e *ingest.Event) {
	w.start()
	w.id(id)
	w.num(e.Line)
	w.when(e.Time)
	w.text(e.Platform)
	w.str(e.Tenant)
	w.str(e.EventID)
	w.str(e.EventType)
	w.str(e.LegacyType)
	w.str(e.ConnectorID)
	w.str(e.AppName)
	w.str(e.AppKind)
	w.text(e.Action)
	w.text(e.Object)
	w.text(e.Result)
	w.str(e.UserName)
	w.str(e.UserID)
	w.str(e.GroupName)
	w.str(e.TargetID)
	w.str(e.TargetName)
	w.str(e.RunID)
	w.str(e.Actor)
	w.str(e.ErrorCode)
	w.str(e.ErrorText)
	w.num(int64(e.HTTPStatus))
	w.str(e.SCIMType)
	w.str(e.ErrorURL)
	w.str(e.TokenFP)
	w.str(e.TokenTenant)
}

func writeAccess(w *rowWriter, id int64, a *ingest.Access) {
	w.start()
	w.id(id)
	w.num(a.Line)
	w.when(a.Time)
	w.str(a.Host)
	w.str(a.Method)
	w.str(a.Path)
	w.str(a.Query)
	w.str(a.Endpoint)
	w.str(a.SCIMBase)
	w.str(a.Resource)
	w.str(a.ResourceID)
	w.str(a.FilterAttr)
	w.str(a.FilterValue)
	w.num(int64(a.Status))
	w.num(a.Bytes)
	w.str(a.UserAgent)
	w.str(a.ClientIP)
	w.str(a.Platform)
	w.str(a.TokenFP)
	w.str(a.TokenTenant)
}

func writeConnector(w *rowWriter, id int64, c *ingest.Connector) {
	w.start()
	w.id(id)
	w.num(c.Line)
	w.text(c.Platform)
	w.str(c.Tenant)
	w.str(c.App)
	w.str(c.ConnectorID)
	w.flag(c.Enabled)
	w.str(c.BaseURL)
	w.str(c.TokenFP)
	w.str(c.Owner)
	w.str(c.Status)
	w.text(c.Origin)
}

func writeReject(w *rowWriter, id int64, r *ingest.Reject) {
	w.start()
	w.id(id)
	w.num(r.Line)
	set(w, r.Offset)
	w.text(r.Reason)
	w.text(r.Raw)
}

// registerRowFunctionsOn registers the table functions, which every connection of db sees.
func registerRowFunctionsOn(db *sql.DB) error {
	conn, err := db.Conn(context.Background())
	if err != nil {
		return err
	}
	defer conn.Close()
	return registerRowFunctions(conn)
}
