package ingest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"net/url"
	"strings"

	"github.com/scimdrift/scimdrift/internal/secret"
)

// Inventory reads the analyst-kept connector inventory of DESIGN.md:
// platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner.
var Inventory = Format{
	Name:        "inventory",
	Description: "connector inventory CSV kept by the analyst (DESIGN.md header)",
	Shapes:      []string{"CSV with the header platform,tenant,app,connector_id,enabled,base_url,token_fingerprint,owner (any column order, extra columns ignored)"},
	CSV:         true,
	Detect:      detectInventory,
	NewDecoder:  newInventoryDecoder,
}

var inventoryColumns = []string{"platform", "tenant", "app", "connector_id", "enabled", "base_url", "token_fingerprint", "owner"}

func detectInventory(s *Sniff) bool {
	if s.Container != TextLines || len(s.Lines) == 0 {
		return false
	}
	header, err := csv.NewReader(bytes.NewReader(s.Lines[0])).Read()
	if err != nil {
		return false
	}
	have := map[string]bool{}
	for _, h := range header {
		have[strings.ToLower(strings.TrimSpace(h))] = true
	}
	return have["connector_id"] && have["base_url"] && have["platform"]
}

type inventoryDecoder struct{}

func newInventoryDecoder(header []string) (Decoder, error) {
	have := map[string]bool{}
	for _, h := range header {
		have[strings.ToLower(h)] = true
	}
	var missing []string
	for _, c := range inventoryColumns {
		if !have[c] {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("inventory header lacks %s (want %s)", strings.Join(missing, ", "), strings.Join(inventoryColumns, ","))
	}
	return inventoryDecoder{}, nil
}

func (inventoryDecoder) Decode(rec *Record, b *Batch) error {
	row := map[string]string{}
	for k, v := range rec.FieldMap() {
		row[strings.ToLower(k)] = v
	}
	for _, col := range inventoryColumns {
		if col != "token_fingerprint" && secret.LooksLikeToken(row[col]) {
			return rawTokenError(rec, col)
		}
	}
	fp := row["token_fingerprint"]
	if fp != "" && !secret.IsFingerprint(fp) {
		if secret.LooksLikeToken(fp) || !strings.HasPrefix(fp, "sha256:") {
			return rawTokenError(rec, "token_fingerprint")
		}
		return fmt.Errorf("token_fingerprint %q is not sha256: and 16 hex digits", fp)
	}
	if row["platform"] == "" || row["connector_id"] == "" && row["app"] == "" {
		return fmt.Errorf("a row needs platform and connector_id or app")
	}
	enabled, err := parseEnabled(row["enabled"])
	if err != nil {
		return err
	}
	base, err := normaliseBaseURL(row["base_url"])
	if err != nil {
		return err
	}
	b.AddConnector(Connector{
		Platform: strings.ToLower(row["platform"]), Tenant: row["tenant"], App: row["app"],
		ConnectorID: row["connector_id"], Enabled: enabled, BaseURL: base, TokenFP: fp,
		Owner: row["owner"], Origin: "inventory",
	})
	return nil
}

// rawTokenError refuses the whole file: a raw token must not reach the store or the rejects.
func rawTokenError(rec *Record, col string) error {
	return Fatal(fmt.Errorf("line %d: column %s holds what looks like a raw token; put its fingerprint there instead (printf %%s TOKEN | scimdrift fingerprint)", rec.Line, col))
}

func parseEnabled(v string) (*bool, error) {
	switch strings.ToLower(v) {
	case "":
		return nil, nil
	case "true", "yes", "y", "1", "enabled", "on":
		t := true
		return &t, nil
	case "false", "no", "n", "0", "disabled", "off":
		f := false
		return &f, nil
	}
	return nil, fmt.Errorf("enabled %q is not true or false", v)
}

// normaliseBaseURL checks a configured base URL and drops a trailing slash, so that it compares
// equal to the endpoints of the map and of access logs.
func normaliseBaseURL(v string) (string, error) {
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return "", fmt.Errorf("base_url %q is not an http(s) URL", v)
	}
	return strings.TrimRight(v, "/"), nil
}
