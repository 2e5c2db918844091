package store

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/scimdrift/scimdrift/ingest"
)

// writeToGroup writes one file of one event into g, as ingest does.
func writeToGroup(t *testing.T, g ingest.Group, sha string) {
	t.Helper()
	src := &ingest.Source{Path: sha + ".json", Format: "entra-provisioning", Records: 1, Stored: 1, Rows: 1, SHA256: sha}
	tx, err := g.Begin(src)
	if err != nil {
		t.Fatal(err)
	}
	b := &ingest.Batch{Events: []ingest.Event{{Platform: "entra", Action: "create", Object: "user", Result: "success", EventID: sha}}}
	if err := tx.Write(b, nil); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(src); err != nil {
		t.Fatal(err)
	}
}

// A group stores its files together or not at all: its own Seen knows the files it holds
// before the store does, a rollback leaves nothing, and a commit stores every file with its
// own source id. On an in-memory store the group holds the only connection, and must answer
// through it.
func TestGroupStoresItsFilesTogether(t *testing.T) {
	for _, path := range []string{":memory:", t.TempDir() + "/store.duckdb"} {
		t.Run(path, func(t *testing.T) {
			s, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			finished := make(chan struct{})
			go func() {
				defer close(finished)
				dropped := s.Group()
				writeToGroup(t, dropped, "aaa")
				if err := dropped.Rollback(); err != nil {
					t.Error(err)
				}
				g := s.Group()
				for i := range 3 {
					sha := fmt.Sprint("sha", i)
					writeToGroup(t, g, sha)
					if seen, err := g.Seen(sha); err != nil || !seen {
						t.Errorf("the group's Seen(%s) = %v, %v; want true for a file it holds", sha, seen, err)
					}
				}
				if seen, err := g.Seen("aaa"); err != nil || seen {
					t.Errorf("Seen of a file rolled back = %v, %v", seen, err)
				}
				if err := g.Commit(); err != nil {
					t.Error(err)
				}
			}()
			select {
			case <-finished:
			case <-time.After(time.Minute):
				t.Fatal("the group did not finish: waiting for a second connection?")
			}
			if seen, err := s.Seen("sha1"); err != nil || !seen {
				t.Errorf("Seen after the commit = %v, %v", seen, err)
			}
			got := queryRows(t, s, "SELECT s.sha256, e.event_id, e.source_id = s.id FROM sources s LEFT JOIN events e ON e.source_id = s.id ORDER BY s.id")
			want := [][]any{{"sha0", "sha0", true}, {"sha1", "sha1", true}, {"sha2", "sha2", true}}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("sources and their events (-want +got):\n%s", diff)
			}
		})
	}
}
