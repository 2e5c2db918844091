//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestSecondProcessOnAStoreIsToldWhoHoldsIt holds a store open in one scimdrift process (an
// ingest waiting on its standard input) and runs every command that opens a store in a second
// one: each exits 2 with one line naming the store, the holder's PID and what to do.
func TestSecondProcessOnAStoreIsToldWhoHoldsIt(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "store.duckdb")
	input := filepath.Join(dir, "events.ndjson")
	if err := os.WriteFile(input, []byte(oktaPushLine(1)), 0o644); err != nil {
		t.Fatal(err)
	}
	holder := cliCommand(t, "ingest", "--db", db, "-")
	stdin, err := holder.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var holderOut strings.Builder
	holder.Stdout, holder.Stderr = &holderOut, &holderOut
	if err := holder.Start(); err != nil {
		t.Fatal(err)
	}
	defer holder.Process.Kill()
	waitForLock(t, db, holder.Process.Pid)

	for _, args := range [][]string{
		{"ingest", "--db", db, input},
		{"query", "--db", db, "SELECT count(*) FROM events"},
		{"analyze", "--db", db},
		{"report", "--db", db},
		{"audit", "--db", db, input},
		{"map", "init", "--db", db},
	} {
		code, stdout, stderr := runCLIProcess(t, nil, args...)
		want := fmt.Sprintf("scimdrift: store %s is in use: process %d (", db, holder.Process.Pid)
		if code != exitUsage || stdout != "" || !strings.HasPrefix(stderr, want) ||
			!strings.HasSuffix(stderr, ") holds its lock; wait for it to finish or stop it, or use another --db\n") {
			t.Errorf("scimdrift %s: exit %d, stdout %q, stderr %q; want exit 2 and one line starting %q",
				strings.Join(args[:1], " "), code, stdout, stderr, want)
		}
	}

	// The holder still finishes its work, and the store is free again after it.
	if _, err := stdin.Write([]byte(oktaPushLine(2))); err != nil {
		t.Fatal(err)
	}
	stdin.Close()
	if err := holder.Wait(); err != nil {
		t.Fatalf("the holding ingest failed: %v\n%s", err, holderOut.String())
	}
	code, stdout, stderr := runCLIProcess(t, nil, "query", "--db", db, "--format", "csv", "SELECT count(*) AS events FROM events")
	if code != 0 || stdout != "events\n1\n" {
		t.Errorf("query after the holder ended: exit %d, %q, %q", code, stdout, stderr)
	}
}

// waitForLock waits until process pid holds a lock on path (DuckDB locks its file with fcntl).
func waitForLock(t *testing.T, path string, pid int) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if lockHolder(path) == pid {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("process %d did not lock %s within 20 s", pid, path)
}

// lockHolder returns the PID of a process holding a conflicting fcntl lock on path, or 0.
func lockHolder(path string) int {
	f, err := os.Open(path)
	if err != nil {
		return 0
	}
	defer f.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: 0, Len: 0}
	if err := syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk); err != nil || lk.Type == syscall.F_UNLCK {
		return 0
	}
	return int(lk.Pid)
}
