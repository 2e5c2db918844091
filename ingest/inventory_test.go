package ingest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestInventoryGolden(t *testing.T) {
	goldenIngest(t, "testdata/inventory/inventory.csv")
}

func TestInventoryRefusesRawTokens(t *testing.T) {
	const token = "aB3dE5gH7jK9mN1pQ3sT5vX7zA9cE1gH3"
	for _, col := range []string{"token_fingerprint", "owner"} {
		t.Run(col, func(t *testing.T) {
			row := map[string]string{"token_fingerprint": "", "owner": ""}
			row[col] = token
			path := filepath.Join(t.TempDir(), "inventory.csv")
			text := "platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner\n" +
				"okta,acme.okta.com,Slack,0oa1,true,https://x.example/scim/v2," + row["token_fingerprint"] + "," + row["owner"] + "\n"
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			sink := newMemSink()
			_, err := File(Input{Path: path, file: path}, sink, Options{})
			if err == nil {
				t.Fatal("a raw token in the inventory was accepted")
			}
			if !strings.Contains(err.Error(), "line 2") || !strings.Contains(err.Error(), col) || !strings.Contains(err.Error(), "scimdrift fingerprint") {
				t.Errorf("error does not name the line, the column and the fix: %v", err)
			}
			if strings.Contains(err.Error(), token) {
				t.Errorf("error repeats the token: %v", err)
			}
			if len(sink.sources) != 0 {
				t.Error("a file with a raw token was committed")
			}
		})
	}
}
