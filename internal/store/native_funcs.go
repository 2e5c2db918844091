package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/duckdb/duckdb-go/v2"

	"github.com/scimdrift/scimdrift/ingest"
)

// registerFuncs makes ingest's Go functions callable from SQL, once per store (DuckDB keeps
// them in the database's catalogue, for every connection).
func (s *Store) registerFuncs(conn *sql.Conn, funcs []ingest.NativeFunc) error {
	s.funcsMu.Lock()
	defer s.funcsMu.Unlock()
	for _, f := range funcs {
		if s.funcs[f.Name] {
			continue
		}
		udf, err := newStringFunc(f)
		if err != nil {
			return err
		}
		if err := duckdb.RegisterScalarUDF(conn, f.Name, udf); err != nil {
			return fmt.Errorf("registering %s: %w", f.Name, err)
		}
		if s.funcs == nil {
			s.funcs = map[string]bool{}
		}
		s.funcs[f.Name] = true
	}
	return nil
}

// stringFunc is a DuckDB scalar function of VARCHARs (a fixed number, or any) to VARCHAR, run
// by Go on whole vectors:
// arguments are borrowed from DuckDB without copying, NULL is given as "".
type stringFunc struct {
	f       ingest.NativeFunc
	varchar duckdb.TypeInfo
}

func newStringFunc(f ingest.NativeFunc) (*stringFunc, error) {
	varchar, err := duckdb.NewTypeInfo(duckdb.TYPE_VARCHAR)
	if err != nil {
		return nil, err
	}
	return &stringFunc{f: f, varchar: varchar}, nil
}

func (s *stringFunc) Config() duckdb.ScalarFuncConfig {
	config := duckdb.ScalarFuncConfig{ResultTypeInfo: s.varchar, SpecialNullHandling: true}
	if s.f.Args == 0 {
		config.VariadicTypeInfo = s.varchar
	}
	for range s.f.Args {
		config.InputTypeInfos = append(config.InputTypeInfos, s.varchar)
	}
	return config
}

func (s *stringFunc) Executor() duckdb.ScalarFuncExecutor {
	return duckdb.ScalarFuncExecutor{ChunkContextExecutor: s.run}
}

// run calls the Go function for every row of a chunk.
func (s *stringFunc) run(_ context.Context, state *duckdb.ChunkIteratorState) error {
	chunk := state.GetInputChunk()
	views := make([]duckdb.VectorView[string], chunk.ColumnCount())
	for i := range views {
		vec, err := chunk.GetVector(i)
		if err != nil {
			return err
		}
		if views[i], err = duckdb.GetVectorView[string](vec); err != nil {
			return err
		}
	}
	out, err := duckdb.GetVectorWriter[string](state.GetResultVector())
	if err != nil {
		return err
	}
	args := make([]string, len(views))
	for row := range out.Len() {
		for i, view := range views {
			v, _, err := view.GetValueBorrowed(row)
			if err != nil {
				return err
			}
			args[i] = v
		}
		result, ok := s.f.Fn(args)
		if !ok {
			err = out.SetNull(row)
		} else {
			err = out.Set(row, result)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
