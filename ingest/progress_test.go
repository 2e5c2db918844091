package ingest

import (
	"archive/zip"
	"bytes"
	"path/filepath"
	"testing"
)

// TestProgressCountsInputBytes checks that Options.Progress adds up to the bytes of each input as
// it is opened: a plain file's size, a .gz's compressed size, a zip entry's inflated size,
// stdin's length, and nothing for a file already in the store.
func TestProgressCountsInputBytes(t *testing.T) {
	dir := t.TempDir()
	var big bytes.Buffer
	big.WriteString("platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\n")
	for big.Len() < 3<<20 { // more than the 1 MiB that detection reads at once
		big.WriteString("okta,acme.okta.com,Slack,0oa1,true,https://x.example/scim/v2,,collab\n")
	}
	plain := writeFile(t, filepath.Join(dir, "inventory.csv"), big.Bytes())
	gz := gzipped(t, append(big.Bytes(), "okta,x,Box,0oa3,true,,,\n"...))
	packed := writeFile(t, filepath.Join(dir, "inventory.csv.gz"), gz)
	var archive bytes.Buffer
	zw := zip.NewWriter(&archive)
	w, err := zw.Create("inventory.csv")
	if err != nil {
		t.Fatal(err)
	}
	entry := inventoryText + "okta,x,Jira,0oa2,,,,\n"
	if _, err := w.Write([]byte(entry)); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zipped := writeFile(t, filepath.Join(dir, "b.zip"), archive.Bytes())
	stdin := inventoryText + "okta,x,Okta,0oa4,,,,\n"

	inputs, _, err := Expand([]string{plain, packed, zipped, "-", plain}, bytes.NewReader([]byte(stdin)))
	if err != nil {
		t.Fatal(err)
	}
	want := []int64{int64(big.Len()), int64(len(gz)), int64(len(entry)), int64(len(stdin)), 0}
	sink := newMemSink()
	for i, in := range inputs {
		var got, calls int64
		src, err := File(in, sink, Options{Progress: func(n int64) { got += n; calls++ }})
		if err != nil {
			t.Fatalf("%s: %v", in.Path, err)
		}
		if got != want[i] {
			t.Errorf("%s: progress reported %d bytes, want %d (duplicate %v)", in.Path, got, want[i], src.Duplicate)
		}
		if calls == 1 && got > sniffBytes {
			t.Errorf("%s: progress reported %d bytes in one call, want a call per read", in.Path, got)
		}
	}
}
