package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/scimdrift/scimdrift/ingest"
)

// TestShapesIngest generates a small file of every shape and ingests it: each must be detected
// as its format, and every record accounted for as gen counted it (malformed ones rejected).
func TestShapesIngest(t *testing.T) {
	cases := []struct {
		shape, mirror, format string
	}{
		{"okta-ndjson", "", "okta-systemlog"},
		{"okta-array", "", "okta-systemlog"},
		{"entra-diagnostic", "", "entra-provisioning"},
		{"entra-graph", "", "entra-provisioning"},
		{"access-combined", "okta", "scim-access"},
		{"access-combined", "entra", "scim-access"},
		{"inventory", "", "inventory"},
	}
	for _, tc := range cases {
		t.Run(tc.shape+tc.mirror, func(t *testing.T) {
			dir := t.TempDir()
			out := filepath.Join(dir, "export")
			o := options{shape: tc.shape, mirror: tc.mirror, out: out, n: 1500, malformed: 4, page: 500,
				fail: 0.1, outOfScope: -1, vhost: true, seed: 3, from: "2026-11-02T00:00:00Z", to: "2026-11-30T00:00:00Z"}
			if o.mirror == "" {
				o.mirror = "okta"
			}
			var log bytes.Buffer
			if err := run(o, &log); err != nil {
				t.Fatal(err)
			}
			inputs, _, err := ingest.Expand([]string{out}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var total ingest.Source
			for _, in := range inputs {
				src, err := ingest.File(in, countSink{}, ingest.Options{})
				if err != nil {
					t.Fatal(err)
				}
				if src.Format != tc.format {
					t.Errorf("%s read as %s, want %s", in.Path, src.Format, tc.format)
				}
				total.Records += src.Records
				total.Stored += src.Stored
				total.Rejected += src.Rejected
				total.OutOfScope += src.OutOfScope
			}
			wantRejected := int64(4)
			if tc.shape == "inventory" {
				wantRejected = 0
			}
			if total.Rejected != wantRejected || total.Stored == 0 || total.Records != total.Stored+total.Rejected+total.OutOfScope {
				t.Errorf("records %d, stored %d, rejected %d (want %d), out of scope %d; gen said: %s",
					total.Records, total.Stored, total.Rejected, wantRejected, total.OutOfScope, log.String())
			}
		})
	}
}

// TestDeterministic checks that a seed gives the same bytes, gzipped or not, and another seed others.
func TestDeterministic(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, seed uint64, gz bool) []byte {
		path := filepath.Join(dir, name)
		o := options{shape: "entra-diagnostic", mirror: "okta", out: path, n: 300, malformed: 2, page: 1000, fail: 0.1,
			outOfScope: -1, seed: seed, gzip: gz, from: "2026-11-02T00:00:00Z", to: "2026-11-30T00:00:00Z"}
		if err := run(o, io.Discard); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return data
	}
	if !bytes.Equal(write("a", 1, false), write("b", 1, false)) || !bytes.Equal(write("a.gz", 1, true), write("b.gz", 1, true)) {
		t.Error("the same seed gave different bytes")
	}
	if bytes.Equal(write("a", 1, false), write("c", 2, false)) {
		t.Error("two seeds gave the same bytes")
	}
}

// countSink discards rows: only the accounting is looked at.
type countSink struct{}

func (countSink) Seen(string) (bool, error)                     { return false, nil }
func (countSink) Begin(*ingest.Source) (ingest.SourceTx, error) { return countTx{}, nil }

type countTx struct{}

func (countTx) Write(*ingest.Batch, []ingest.Reject) error { return nil }
func (countTx) Commit(*ingest.Source) error                { return nil }
func (countTx) Rollback() error                            { return nil }
