package store

import (
	"errors"
	"testing"
)

// TestOpenErrorTellsALockFromOtherFailures checks the wording for DuckDB's lock conflict (with
// and without the holder's PID) and that other errors, one naming a "block", are not taken
// for a lock. The real two-process case is cmd/scimdrift's TestSecondProcessOnAStoreIsToldWhoHoldsIt.
func TestOpenErrorTellsALockFromOtherFailures(t *testing.T) {
	cases := []struct{ name, err, want string }{
		{"holder named",
			`IO Error: Could not set lock on file "/data/a.duckdb": Conflicting lock is held in /usr/local/bin/duckdb (PID 4242) by user ana. See also https://duckdb.org/docs/current/connect/concurrency`,
			"store a.duckdb is in use: process 4242 (/usr/local/bin/duckdb) holds its lock; wait for it to finish or stop it, or use another --db"},
		{"holder unnamed",
			`IO Error: Could not set lock on file "/data/a.duckdb": Resource temporarily unavailable`,
			`store a.duckdb is in use by another process that holds its lock; wait for it to finish or stop it, or use another --db (IO Error: Could not set lock on file "/data/a.duckdb": Resource temporarily unavailable)`},
		{"corrupt block",
			`IO Error: Corrupt database file: computed checksum of block 7 does not match`,
			`opening store a.duckdb: IO Error: Corrupt database file: computed checksum of block 7 does not match`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := openError("a.duckdb", errors.New(tc.err)).Error(); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}
